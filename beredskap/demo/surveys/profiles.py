"""What persists about a municipality across the demo years: its level, growth and services.

Every municipality has a latent *preparedness level*: an individual part plus a county
offset and an SKR-group offset, centred so that the national mean is zero. The level
rises by the municipality's own *growth* each year. Who runs each activity (own staff,
mixed, private providers, none) and how many units and contracts it has are drawn once,
from a generator seeded by the municipality's code.
"""

import random
import statistics
from dataclasses import dataclass, field

from beredskap.registry.models import Municipality
from beredskap.registry.services import county_board_name, municipality_organisation_name

from .tuning import (
    CONTRACTS,
    FIRST_YEAR,
    GROUP_OFFSET,
    GROUP_SIZE,
    LARGE_GROUPS,
    OWN_REGIMES,
    PROVIDER_REGIMES,
    REGIME_CODES,
    REGIMES,
    RURAL_GROUPS,
    SEED,
    UNITS,
)


@dataclass
class Profile:
    """What persists about a municipality across years."""

    code: str
    name: str
    county_code: str
    county_name: str
    group: str
    level: float  # latent preparedness in the first year, nationally centred
    growth: float  # rise of the level per year
    size: float
    regimes: dict[str, str] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)
    contracts: dict[str, int] = field(default_factory=dict)

    def latent(self, year: int) -> float:
        return self.level + self.growth * (year - FIRST_YEAR)


def _regime_weights(activity: str, group: str) -> list[float]:
    own, mixed, private, none = REGIMES.get(activity, (1.0, 0.0, 0.0, 0.0))
    if mixed == 0:  # never run by private providers (the exercise of public authority)
        return [own, mixed, private, none]
    if group in LARGE_GROUPS:
        shift = min(own, 0.15)
        own, mixed = own - shift, mixed + shift
    elif group in RURAL_GROUPS:
        shift = mixed * 0.4
        own, mixed, none = own + shift, mixed - shift, none * 1.5
    return [own, mixed, private, none]


def _own_units(rng: random.Random, activity: str, regime: str, size: float) -> int:
    if regime not in OWN_REGIMES:
        return 0
    base = UNITS.get(activity, 2) * size * (0.6 if regime == "blandad" else 1.0)
    return max(1, round(base * rng.lognormvariate(0, 0.25)))


def _contracts(rng: random.Random, activity: str, regime: str, size: float) -> int:
    if regime not in PROVIDER_REGIMES:
        return 0
    return 1 + round(CONTRACTS.get(activity, 1) * size * rng.lognormvariate(0, 0.4))


def build_profiles() -> dict[str, Profile]:
    """Every municipality's persistent traits, by code."""
    county_rng = random.Random(f"{SEED}:counties")
    municipalities = list(
        Municipality.objects.with_group(FIRST_YEAR).select_related("county").order_by("code")
    )
    county_offset = {
        code: county_rng.gauss(0, 0.3) for code in sorted({m.county.code for m in municipalities})
    }
    profiles = {m.code: _profile(m, county_offset[m.county.code]) for m in municipalities}
    mean = statistics.fmean(p.level for p in profiles.values())
    for profile in profiles.values():
        profile.level -= mean
    return profiles


def _profile(municipality: Municipality, county_offset: float) -> Profile:
    rng = random.Random(f"{SEED}:{municipality.code}")
    group = municipality.group_code or "B4"
    profile = Profile(
        code=municipality.code,
        name=municipality_organisation_name(municipality),
        county_code=municipality.county.code,
        county_name=county_board_name(municipality.county),
        group=group,
        level=rng.gauss(0, 0.85) + county_offset + GROUP_OFFSET.get(group, 0.0),
        growth=min(0.6, max(0.05, rng.gauss(0.3, 0.12))),
        size=GROUP_SIZE.get(group, 1.0) * rng.lognormvariate(0, 0.35),
    )
    for activity in REGIMES:
        regime = rng.choices(REGIME_CODES, weights=_regime_weights(activity, group))[0]
        profile.regimes[activity] = regime
        profile.units[activity] = _own_units(rng, activity, regime, profile.size)
        profile.contracts[activity] = _contracts(rng, activity, regime, profile.size)
    return profile
