"""Deterministic demo survey data: four rounds of synthetic answers for all 290 municipalities.

The model in short. Every municipality has a latent *preparedness level*: an individual
part plus a county offset and an SKR-group offset (the large groups A1 and B3 a little
better), centred so that the national mean is zero. The level persists across years and
rises by the municipality's own *growth* each year. Each yes/no answer compares a
persistent per-slot draw with the probability of "ja", a logistic function of a base
rate calibrated to the published national figures (DOMAIN.md §1.6), the level and the
growth. Because the draw persists, a municipality that had a plan last year still has
it, and "arbete pågår" turns into "ja" as the level rises. The 2024 drop of the
continuity plan indicator (KON01) therefore comes from the stricter definition (all four
parts), not from weaker preparedness: the share answering KON_PLAN=ja keeps rising.

Draws that must persist across years come from a keyed hash (independent of the order of
generation); everything else from `random.Random` seeded per municipality and year.
Answers are inserted in batches; each gets one revision (version 1, source "import"),
copied from the answers in SQL.
"""

import datetime
import hashlib
import math
import random
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone

from beredskap import audit
from beredskap.catalogue import calculations
from beredskap.catalogue import services as catalogue
from beredskap.catalogue.models import Edition, IndicatorVersion
from beredskap.registry.models import Municipality
from beredskap.registry.services import county_board_name, municipality_organisation_name
from beredskap.surveys import services as surveys
from beredskap.surveys import validation
from beredskap.surveys.models import Answer, AnswerRevision, Response, Round

SEED = "beredskap-demo-1"
PAST_YEARS = (2023, 2024, 2025)
OPEN_YEAR = 2026
YEARS = (*PAST_YEARS, OPEN_YEAR)
FIRST_YEAR = PAST_YEARS[0]
OPEN_DEADLINE = datetime.date(2026, 12, 15)
DEMO_TODAY = datetime.date(2026, 11, 16)  # the demo's "now": activity in 2026 stops here
BATCH_SIZE = 2000
Status = Response.Status

# --- the model ------------------------------------------------------------------------

BETA = 1.0  # how strongly the latent level drives every answer
GROUP_OFFSET = {
    "A1": 0.55,
    "A2": 0.15,
    "B3": 0.45,
    "B4": 0.0,
    "B5": -0.1,
    "C6": 0.1,
    "C7": -0.2,
    "C8": -0.35,
    "C9": -0.3,
}
GROUP_SIZE = {  # relative number of own units
    "A1": 12.0,
    "A2": 1.6,
    "B3": 3.5,
    "B4": 1.0,
    "B5": 0.9,
    "C6": 1.4,
    "C7": 0.6,
    "C8": 0.5,
    "C9": 0.6,
}
LARGE_GROUPS = {"A1", "A2", "B3"}
RURAL_GROUPS = {"C8", "C9"}

OWN_REGIMES = {"egen_regi", "blandad"}
PROVIDER_REGIMES = {"blandad", "privat"}
# Shares of egen_regi, blandad, privat, finns_ej per activity (a mid-sized municipality).
REGIMES = {
    "sabo": (0.58, 0.38, 0.03, 0.01),
    "hemtjanst": (0.50, 0.46, 0.03, 0.01),
    "khsv": (0.72, 0.27, 0.01, 0.0),
    "lss_vuxna": (0.50, 0.45, 0.04, 0.01),
    "lss_barn": (0.55, 0.34, 0.05, 0.06),
    "sol_boende": (0.55, 0.35, 0.05, 0.05),
    "hvb_barn": (0.40, 0.45, 0.09, 0.06),
    "stodboende_barn": (0.45, 0.40, 0.08, 0.07),
    "hvb_vuxna": (0.40, 0.50, 0.06, 0.04),
    "ifo": (1.0, 0.0, 0.0, 0.0),
}
REGIME_CODES = ("egen_regi", "blandad", "privat", "finns_ej")
UNITS = {  # own units of a municipality of relative size 1
    "sabo": 5,
    "hemtjanst": 4,
    "khsv": 3,
    "lss_vuxna": 5,
    "lss_barn": 1,
    "sol_boende": 2,
    "hvb_barn": 1,
    "stodboende_barn": 1,
    "hvb_vuxna": 1,
    "ifo": 3,
}
CONTRACTS = {"hemtjanst": 4, "sabo": 2}  # private-provider contracts per relative size

# National "ja" shares in the first year among municipalities the question applies to,
# set so that the backbone indicators land near the published figures.
BACKBONE = {
    "KON_PLAN": {
        "sabo": 0.22,
        "hemtjanst": 0.25,
        "khsv": 0.23,
        "lss_vuxna": 0.20,
        "lss_barn": 0.16,
        "sol_boende": 0.17,
        "hvb_barn": 0.15,
        "stodboende_barn": 0.16,
        "hvb_vuxna": 0.14,
    },
    "SAR_EVAC_PLAN": {
        "sabo": 0.60,
        "lss_vuxna": 0.58,
        "lss_barn": 0.55,
        "sol_boende": 0.57,
        "hvb_barn": 0.55,
        "stodboende_barn": 0.58,
        "hvb_vuxna": 0.55,
    },
    "SAR_HEAT_PLAN": {
        "sabo": 0.83,
        "hemtjanst": 0.82,
        "khsv": 0.81,
        "lss_vuxna": 0.78,
        "lss_barn": 0.70,
        "sol_boende": 0.72,
        "hvb_barn": 0.69,
        "stodboende_barn": 0.70,
    },
    "UPP_REQUIREMENTS": {
        "sabo": 0.43,
        "hemtjanst": 0.49,
        "khsv": 0.38,
        "lss_vuxna": 0.37,
        "lss_barn": 0.35,
        "hvb_barn": 0.35,
        "stodboende_barn": 0.34,
        "hvb_vuxna": 0.38,
    },
}
# Probability that a continuity plan has all four parts (KON01 from 2024), first year.
ALL_PARTS = {
    "sabo": 0.62,
    "hemtjanst": 0.60,
    "khsv": 0.42,
    "lss_vuxna": 0.52,
    "lss_barn": 0.48,
    "sol_boende": 0.48,
    "hvb_barn": 0.36,
    "stodboende_barn": 0.36,
    "hvb_vuxna": 0.36,
}
BASE = {  # "ja" share of the other yes/no questions in the first year
    "GOV_STEERING_DOC": 0.55,
    "GOV_COORDINATOR": 0.62,
    "GOV_RSA": 0.70,
    "GOV_PLAN": 0.45,
    "KON_DEPENDENCIES": 0.30,
    "KON_EXERCISED": 0.20,
    "KON_STAFF_LOSS": 0.45,
    "KON_PRIORITY": 0.40,
    "KON_POWER_REGISTER": 0.35,
    "SAR_POWER_PLAN": 0.35,
    "SAR_WATER_PLAN": 0.30,
    "SAR_VULNERABLE_ROUTINE": 0.45,
    "KRI_WAR_ORG": 0.30,
    "KRI_TASK_ANALYSIS": 0.20,
    "KRI_REINFORCEMENT": 0.25,
    "KRI_DOUBLE_PLACEMENT": 0.18,
    "LED_CRISIS_ORG": 0.60,
    "LED_SITUATION_REPORTING": 0.55,
    "LED_REGION_AGREEMENT": 0.40,
    "LED_NETWORK": 0.75,
    "FOR_MEDICINE_PLAN": 0.35,
    "FOR_STYREL": 0.50,
    "FOR_IT_FALLBACK": 0.55,
    "FOR_FUEL_PLAN": 0.25,
    "UPP_FOLLOW_UP": 0.30,
    "UPP_WAR_PLANNING": 0.12,
    "UTB_PLAN": 0.40,
    "UTB_EVALUATION": 0.45,
    "INF_SECURITY_ANALYSIS": 0.45,
    "INF_COMM_PLAN": 0.40,
    "INF_INFLUENCE": 0.35,
}
DEFAULT_BASE = 0.4
ACTIVITY_OFFSET = {  # logit offsets for the non-backbone questions: elderly care leads
    "sabo": 0.2,
    "hemtjanst": 0.15,
    "khsv": 0.2,
    "lss_vuxna": 0.0,
    "lss_barn": -0.25,
    "sol_boende": -0.2,
    "hvb_barn": -0.4,
    "stodboende_barn": -0.45,
    "hvb_vuxna": -0.35,
    "ifo": -0.1,
}
TREND = {  # how much of a municipality's yearly growth shows in a question
    "KON_PLAN": 0.7,
    "SAR_EVAC_PLAN": 0.2,
    "SAR_HEAT_PLAN": 0.25,
    "UPP_REQUIREMENTS": 0.6,
    "KRI_": 1.6,  # civil defence: the largest push
    "LED_": 1.2,
}
# Choices an indicator requires: (the choices, first-year probability of all of them given
# the plan exists, per activity where it differs, and otherwise).
REQUIRED_CHOICES = {
    "KON_PARTS": (["reserv", "aterstallning", "atergang", "kontakt"], ALL_PARTS, 0.55),
    "SAR_EVAC_CONTENT": (["bo_kvar", "evakueringslokal"], {}, 0.82),
    "INF_COMM_CONTENT": (["brukare", "anhoriga", "personal", "lattlast", "flersprakig"], {}, 0.3),
}
PROVIDER_QUESTIONS = {"UPP_REQUIREMENTS", "UPP_FOLLOW_UP", "UPP_WAR_PLANNING", "UPP_CONTRACTS"}
PAGAR_OF_REST, VET_EJ_OF_REST = 0.52, 0.05  # how the answers other than "ja" split

SHARES = {  # question: (what the denominator counts, first-year share of the numerator)
    "KON_UNITS": ("units", 0.30),
    "KRI_KEY_POSITIONS": ("positions", 0.40),
    "FOR_BACKUP_POWER": ("units", 0.50),
    "FOR_BACKUP_POWER_TESTED": ("units", 0.30),
    "SAR_EVAC_EXERCISED": ("units", 0.35),
    "UPP_CONTRACTS": ("contracts", 0.40),
    "UTB_MANAGERS": ("managers", 0.50),
    "UTB_STAFF_TRAINED": ("staff", 0.20),
}
PER_UNIT = {"units": 1.0, "positions": 0.8, "managers": 1.2, "staff": 25.0, "need": 20.0}

DEV_NEEDS = (
    "Kontinuitetsplanerna behöver ses över och kompletteras med reservrutiner för IT-avbrott.",
    "Chefer och medarbetare behöver utbildning om verksamhetens roll under höjd beredskap.",
    "Socialtjänstens krigsorganisation är inte beslutad och krigsplaceringarna är inte klara.",
    "Samverkan med regionen om hemsjukvård och läkemedel vid en kris behöver utvecklas.",
    "Reservkraften på de särskilda boendena behöver provköras och dokumenteras.",
    "Vi saknar en samlad bild av vilka brukare i ordinärt boende som är beroende av el.",
    "Övningar behöver genomföras regelbundet och utvärderas med beslutade åtgärdsplaner.",
    "Beredskapsarbetet är personberoende; fler behöver ett uttalat ansvar i förvaltningen.",
)
EXERCISES = (
    "Diskussionsövning om långvarigt elavbrott med hemtjänst och särskilt boende. Lärdom: "
    "reservrutinerna för trygghetslarm behöver förtydligas.",
    "Kommunens stabsövning med scenariot höjd beredskap, där socialförvaltningen deltog. "
    "Lärdom: ledningsorganisationen behöver fler utbildade ersättare.",
    "Länsstyrelsens regionala övning om störd dricksvattenförsörjning. Lärdom: boendenas "
    "behov av nödvatten var inte kartlagt.",
    "Utrymningsövning på ett särskilt boende tillsammans med räddningstjänsten. Lärdom: "
    "evakueringslokalen behöver förberedas med sängar och hjälpmedel.",
    "Diskussionsövning om avbrott i verksamhetssystemen. Lärdom: pappersrutinerna för "
    "dokumentation fanns men var inte kända av alla.",
)
NO_EXERCISES = "Inga övningar genomfördes under perioden."
DIARY_PREFIXES = ("SN", "VON", "KS", "SOC", "OMS")

RETURN_COMMENT = (
    "Tack för svaren! Vi har återsänt några frågor som behöver kompletteras; se "
    "kommentarerna vid frågorna."
)
REVIEW_COMMENTS = {
    "vet_ej": "Svaret vet ej går inte att använda i sammanställningen. Ta reda på hur det "
    "är och svara ja, nej eller arbete pågår.",
    "share": "Antalet skiljer sig mycket från förra året. Stämmer uppgiften?",
    "other": "Kontrollera svaret mot kommunens underlag och bekräfta det.",
}
# The 2026 mix, from the best-prepared municipalities to the least prepared.
OPEN_MIX = (
    (Status.APPROVED, 0.30),
    (Status.RETURNED, 0.05),
    (Status.SUBMITTED, 0.15),
    (Status.DRAFT, 0.35),
    ("not_started", 0.15),
)
FORCED_STATUS = {"0380": Status.DRAFT, "0381": Status.SUBMITTED}  # anna's and bengt's work
UPPSALA_ANSWERED = 0.45


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _uniform(*key: Any) -> float:
    """A persistent draw in [0, 1) for `key`: the same on every machine, run and year."""
    text = ":".join(str(part) for part in (SEED, *key)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest()) / 2**64


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


# --- one response's answers -----------------------------------------------------------


@dataclass(frozen=True)
class Generated:
    slot: surveys.Slot
    value: Any
    evidence_reference: str = ""
    evidence_date: datetime.date | None = None


class Respondent:
    """Answers one round's questionnaire as one municipality would, slot by slot."""

    def __init__(self, profile: Profile, year: int, stretch: float):
        self.profile = profile
        self.year = year
        self.stretch = stretch  # widens base logits so national shares meet their targets
        self.rng = random.Random(f"{SEED}:{year}:{profile.code}")
        self.seen: dict[str, dict[str, Any]] = {}

    # probabilities

    def _trend(self, code: str) -> float:
        factor = TREND.get(code)
        if factor is None:
            factor = next((v for k, v in TREND.items() if code.startswith(k)), 1.0)
        return factor * self.profile.growth * (self.year - FIRST_YEAR)

    def probability(self, code: str, activity: str, targets: dict | None = None) -> float:
        """Probability of a good answer: calibrated base, the level, and the year's growth.

        The base is the first-year national share: per activity from `targets` (or the
        backbone table), otherwise the question's share shifted by the activity's offset.
        """
        targets = targets if targets is not None else BACKBONE.get(code, {})
        if activity in targets:
            target, offset = targets[activity], 0.0
        else:
            target = targets.get("", BASE.get(code, DEFAULT_BASE))
            offset = ACTIVITY_OFFSET.get(activity, 0.0)
        base = _logit(target) * self.stretch + offset
        return _sigmoid(base + BETA * self.profile.level + self._trend(code))

    def regime(self, activity: str) -> str:
        return self.profile.regimes.get(activity, "egen_regi") if activity else "egen_regi"

    def applies(self, code: str, activity: str) -> bool:
        """Whether a per-activity question concerns something the municipality has."""
        if not activity:
            return True
        regimes = PROVIDER_REGIMES if code in PROVIDER_QUESTIONS else OWN_REGIMES
        return self.regime(activity) in regimes

    # kinds

    def yes_no(self, code: str, activity: str) -> str:
        if not self.applies(code, activity):
            return "ej_aktuellt"
        if code == "UTB_EVALUATION" and self.seen.get("", {}).get("UTB_EXERCISES") == 0:
            return "ej_aktuellt"
        p = self.probability(code, activity)
        u = _uniform(self.profile.code, code, activity)
        if u < p:
            return "ja"
        rest = (u - p) / (1 - p)
        if rest < PAGAR_OF_REST:
            return "pagar"
        return "vet_ej" if rest >= 1 - VET_EJ_OF_REST else "nej"

    def single_choice(self, question, activity: str) -> str:
        codes = [c["code"] for c in question.choices]
        if question.code == "GOV_REGIME" and self.regime(activity) in codes:
            return self.regime(activity)
        return codes[int(_uniform(self.profile.code, question.code, activity) * len(codes))]

    def multiple_choice(self, question, activity: str) -> list[str]:
        codes = [c["code"] for c in question.choices]
        required = REQUIRED_CHOICES.get(question.code)
        if required is None:
            return [c for c in codes if self.rng.random() < 0.5] or codes[:1]
        parts, targets, default = required
        p = self.probability(question.code, activity, {"": default, **targets})
        if _uniform(self.profile.code, question.code, activity, "all") < p:
            chosen = set(parts)
        else:  # one to all-but-one of the parts
            chosen = set(self.rng.sample(parts, self.rng.randint(1, len(parts) - 1)))
        chosen |= {c for c in codes if c not in parts and self.rng.random() < 0.6}
        return [c for c in codes if c in chosen]

    def share(self, code: str, activity: str) -> dict[str, int]:
        basis, target = SHARES.get(code, ("units", 0.5))
        if code == "KRI_STAFF_NEED":
            return self._staff_shortfall(activity)
        if not self.applies(code, activity):
            return {"numerator": 0, "denominator": 0}
        if basis == "contracts":
            denominator = self.profile.contracts.get(activity, 0)
        else:
            own = self.profile.units.get(activity, 0)
            denominator = max(1, round(own * PER_UNIT[basis])) if own else 0
        p = self._share_probability(code, activity, target)
        numerator = self.rng.binomialvariate(denominator, p) if denominator else 0
        if code == "FOR_BACKUP_POWER_TESTED":
            numerator = min(numerator, self._seen_numerator("FOR_BACKUP_POWER", activity))
        return {"numerator": numerator, "denominator": denominator}

    def _share_probability(self, code: str, activity: str, target: float) -> float:
        if code == "KON_UNITS" and activity in BACKBONE["KON_PLAN"]:
            plan = self.seen.get(activity, {}).get("KON_PLAN")
            low, high = {"ja": (0.75, 1.0), "pagar": (0.2, 0.6)}.get(plan, (0.0, 0.2))
            return low + (high - low) * self.rng.random()
        return self.probability(code, activity, {"": target})

    def _seen_numerator(self, code: str, activity: str) -> int:
        value = self.seen.get(activity, {}).get(code)
        return value["numerator"] if isinstance(value, dict) else 0

    def _staff_shortfall(self, activity: str) -> dict[str, int]:
        own = self.profile.units.get(activity, 0)
        need = round(own * PER_UNIT["need"] * self.rng.uniform(0.8, 1.2)) if own else 0
        level = self.profile.latent(self.year)
        ratio = min(0.7, max(0.02, 0.22 - 0.06 * level + self.rng.gauss(0, 0.05)))
        return {"numerator": round(need * ratio), "denominator": need}

    def number(self, question, activity: str) -> int | float:
        level = BETA * self.profile.latent(self.year)
        code, rng = question.code, self.rng
        if code == "LED_ENDURANCE_DAYS":  # 0: cannot be staffed around the clock
            days = rng.lognormvariate(2 + 0.3 * level, 0.6)
            days = 0 if rng.random() < 0.25 - 0.08 * level else days
        elif code == "FOR_MED_STOCK_DAYS":
            days = rng.lognormvariate(math.log(14) + 0.3 * level, 0.5)
        elif code == "FOR_FOOD_DAYS":
            days = rng.lognormvariate(math.log(4) + 0.3 * level, 0.45)
        elif code == "UTB_EXERCISES":
            days = rng.lognormvariate(0.3 + 0.35 * level, 0.7) if rng.random() > 0.12 else 0
        else:
            low = float(question.min_value or 0)
            high = float(question.max_value if question.max_value is not None else low + 10)
            days = rng.uniform(low, high)
        return self._bounded(question, days)

    @staticmethod
    def _bounded(question, value: float) -> int | float:
        if question.min_value is not None:
            value = max(value, float(question.min_value))
        if question.max_value is not None:
            value = min(value, float(question.max_value))
        return round(value) if question.integer else round(value, 1)

    def maturity(self, code: str, activity: str) -> int:
        if activity and self.regime(activity) == "finns_ej":
            return 0
        offset = ACTIVITY_OFFSET.get(activity, 0.0)
        level = 1.6 + 0.9 * self.profile.latent(self.year) + offset + self.rng.gauss(0, 0.6)
        return min(4, max(0, round(level)))

    def text(self, code: str) -> str:
        if code == "UTB_EXERCISE_DESCRIPTION":
            if self.seen.get("", {}).get("UTB_EXERCISES") == 0:
                return NO_EXERCISES
            return self.rng.choice(EXERCISES)
        return self.rng.choice(DEV_NEEDS)

    def raw_value(self, question, activity: str) -> Any:
        kind, code = question.kind, question.code
        if kind == "yes_no":
            return self.yes_no(code, activity)
        if kind == "single_choice":
            return self.single_choice(question, activity)
        if kind == "multiple_choice":
            return self.multiple_choice(question, activity)
        if kind == "share":
            return self.share(code, activity)
        if kind == "number":
            return self.number(question, activity)
        if kind == "maturity":
            return self.maturity(code, activity)
        return self.text(code)

    def evidence(self, question, value: Any) -> tuple[str, datetime.date | None]:
        """A document reference and decision date for a "ja" on an evidence question."""
        if not question.evidence or value != "ja":
            return "", None
        decided = datetime.date(self.year, 2, 1) - datetime.timedelta(
            days=self.rng.randint(20, 700)
        )
        prefix = self.rng.choice(DIARY_PREFIXES)
        return f"Dnr {prefix} {decided.year}/{self.rng.randint(10, 480)}", decided

    def answers(self, slot_list: list[surveys.Slot], rules: dict) -> list[Generated]:
        """Every slot that is asked, in questionnaire order, with a valid value."""
        result = []
        for slot in slot_list:
            rule = rules[slot.question.pk]
            if rule.asked_if is not None:
                seen = surveys.values_for(self.seen, slot.activity_code)
                if validation.is_asked(rule, seen) is not True:
                    continue
            raw = self.raw_value(slot.question, slot.activity_code)
            value = validation.clean_value(rule, raw)
            self.seen.setdefault(slot.activity_code, {})[slot.question.code] = value
            reference, decided = self.evidence(slot.question, value)
            result.append(Generated(slot, value, reference, decided))
        return result


def calibration_stretch(profiles: dict[str, Profile]) -> float:
    """Widening of base logits that offsets the spread of levels (logistic-normal mean)."""
    spread = BETA * statistics.pstdev(p.level for p in profiles.values())
    return math.sqrt(1 + math.pi * spread**2 / 8)


# --- timelines ------------------------------------------------------------------------


@dataclass
class Plan:
    """What happened to one response: when it was answered and its way through review."""

    status: str
    answered_share: float = 1.0
    answered_at: datetime.datetime | None = None
    first_submitted_at: datetime.datetime | None = None
    submitted_at: datetime.datetime | None = None
    returned_at: datetime.datetime | None = None
    approved_at: datetime.datetime | None = None

    @property
    def last_activity_at(self) -> datetime.datetime | None:
        moments = [self.answered_at, self.submitted_at, self.returned_at, self.approved_at]
        return max((m for m in moments if m is not None), default=None)


def _moment(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.datetime:
    """A working-day moment in office hours between two dates (Stockholm time)."""
    last = max(first, last)
    day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
    while day.weekday() >= 5 and day > first:
        day -= datetime.timedelta(days=1)
    clock = datetime.time(rng.randint(8, 16), rng.randint(0, 59))
    return datetime.datetime.combine(day, clock, tzinfo=timezone.get_default_timezone())


def _after(
    rng: random.Random, moment: datetime.datetime, low: int, high: int, limit: datetime.date
) -> datetime.datetime:
    first = moment.date() + datetime.timedelta(days=low)
    later = _moment(rng, min(first, limit), min(first + datetime.timedelta(days=high), limit))
    return max(later, moment + datetime.timedelta(minutes=rng.randint(5, 90)))


def opening_day(year: int) -> datetime.date:
    """Monday of ISO week 4, when the joint survey opens (DOMAIN.md §1.1)."""
    return datetime.date.fromisocalendar(year, 4, 1)


def _past_plan(rng: random.Random, year: int) -> Plan:
    opens, deadline = opening_day(year), datetime.date(year, 3, 15)
    answered = _moment(rng, opens + datetime.timedelta(days=3), deadline)
    first = _after(rng, answered, 0, 14, deadline)
    submitted = first
    if rng.random() < 0.08:  # returned once and sent again
        submitted = _after(rng, first, 3, 14, deadline + datetime.timedelta(days=14))
    approved = _after(rng, submitted, 2, 21, datetime.date(year, 4, 30))
    return Plan(Status.APPROVED, 1.0, answered, first, submitted, approved_at=approved)


def _open_plan(rng: random.Random, status: str, code: str) -> Plan:
    opens = opening_day(OPEN_YEAR)
    today = DEMO_TODAY - datetime.timedelta(days=1)
    if status == "not_started":
        return Plan(Status.DRAFT, 0.0)
    if status == Status.DRAFT:
        share = UPPSALA_ANSWERED if code == "0380" else rng.uniform(0.15, 0.85)
        return Plan(status, share, _moment(rng, opens + datetime.timedelta(days=7), today))
    start = {
        Status.SUBMITTED: datetime.date(2026, 8, 1),
        Status.RETURNED: datetime.date(2026, 5, 1),
        Status.APPROVED: datetime.date(2026, 2, 15),
    }[status]
    answered = _moment(rng, start, start + datetime.timedelta(days=75))
    submitted = _after(rng, answered, 1, 20, today)
    plan = Plan(status, 1.0, answered, submitted, submitted)
    if status == Status.RETURNED:
        plan.returned_at = _after(rng, submitted, 2, 14, today)
    elif status == Status.APPROVED:
        plan.approved_at = _after(rng, submitted, 2, 20, today)
    return plan


def open_round_statuses(profiles: dict[str, Profile]) -> dict[str, str]:
    """The 2026 status of each municipality: better-prepared ones tend to be further along."""
    rng = random.Random(f"{SEED}:{OPEN_YEAR}:statuses")
    order = sorted(profiles, key=lambda c: profiles[c].latent(OPEN_YEAR) + rng.gauss(0, 1))
    order.reverse()
    statuses, start = {}, 0
    for index, (status, share) in enumerate(OPEN_MIX):
        end = len(order) if index == len(OPEN_MIX) - 1 else start + round(share * len(order))
        statuses.update({code: status for code in order[start:end]})
        start = end
    for code, status in FORCED_STATUS.items():
        if code in statuses and statuses[code] != status:
            swap = next(c for c in order if statuses[c] == status and c not in FORCED_STATUS)
            statuses[swap], statuses[code] = statuses[code], status
    return statuses


# --- writing --------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundSummary:
    year: int
    responses: int
    answers: int
    statuses: dict[str, int]


def _answer_rows(response: Response, generated: list[Generated], at) -> list[dict]:
    return [
        {
            "response_id": response.pk,
            "question_id": item.slot.question.pk,
            "activity_code": item.slot.activity_code,
            "value": item.value,
            "evidence_reference": item.evidence_reference,
            "evidence_date": item.evidence_date,
            "version": 1,
            "updated_at": at,
        }
        for item in generated
    ]


PLAIN_FIELDS = {"CharField", "TextField", "BooleanField", "PositiveIntegerField", "ForeignKey"}


def _insert(model, rows: list[dict]) -> None:
    """Insert plain rows: `executemany` in batches, or COPY on PostgreSQL.

    Several times faster than `bulk_create`, whose per-value SQL compilation dominated the
    demo's run time. Values of JSON, date and time fields go through the field's
    `get_db_prep_save`, as the ORM prepares them, so both databases store the same data;
    strings, numbers and keys pass as they are. A missing column takes the field's default.
    """
    db = connections[DEFAULT_DB_ALIAS]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prepared = [f.get_internal_type() not in PLAIN_FIELDS for f in fields]
    defaults = [f.get_default() for f in fields]
    memo: dict = {}  # prepared values that repeat: "ja", a response's time, a date

    def prepare(index: int, value: Any) -> Any:
        if not prepared[index] or value is None:
            return value
        if isinstance(value, list | dict):
            return fields[index].get_db_prep_save(value, db)
        key = (index, type(value), value)
        if key not in memo:
            memo[key] = fields[index].get_db_prep_save(value, db)
        return memo[key]

    quote = db.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )

    def values(row: dict) -> list:
        return [prepare(i, row.get(f.attname, defaults[i])) for i, f in enumerate(fields)]

    with db.cursor() as cursor:
        if db.vendor == "postgresql":  # COPY: several times faster than executemany there
            copy_sql = sql.replace("INSERT INTO", "COPY", 1).split(" VALUES ")[0]
            with cursor.copy(f"{copy_sql} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
            return
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, [values(row) for row in rows[start : start + BATCH_SIZE]])


def _columns(model, *names: str) -> str:
    return ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)


def _copy_revisions(survey_round: Round) -> None:
    """One revision per answer of the round (its version 1, source "import"), copied in SQL."""
    quote = connection.ops.quote_name
    copied = ("version", "value", "comment", "evidence_reference", "evidence_date")
    sql = (
        f"INSERT INTO {quote(AnswerRevision._meta.db_table)} "
        f"({_columns(AnswerRevision, 'answer', *copied, 'created_at', 'source')}) "
        f"SELECT {_columns(Answer, 'id', *copied, 'updated_at')}, %s "
        f"FROM {quote(Answer._meta.db_table)} WHERE {_columns(Answer, 'response')} IN "
        f"(SELECT {_columns(Response, 'id')} FROM {quote(Response._meta.db_table)} "
        f"WHERE {_columns(Response, 'round')} = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [Answer.Source.IMPORT, survey_round.pk])


def _apply_plans(responses: list[Response], plans: dict[str, Plan]) -> None:
    fields = ["status", "first_submitted_at", "submitted_at", "approved_at", "last_activity_at"]
    for response in responses:
        plan = plans[response.municipality.code]
        response.status = plan.status
        response.first_submitted_at = plan.first_submitted_at
        response.submitted_at = plan.submitted_at
        response.approved_at = plan.approved_at
        response.last_activity_at = plan.last_activity_at
        if plan.status == Status.RETURNED:
            response.return_comment = RETURN_COMMENT
    Response.objects.bulk_update(responses, [*fields, "return_comment"], batch_size=50)


def _reopen(response: Response, rng: random.Random) -> list[dict]:
    """Mark one or two answers of a returned response for correction, with the reviewer's note."""
    answers = response.answers.select_related("question").order_by("pk")

    def reason(answer: Answer) -> str:
        if answer.value == "vet_ej":
            return "vet_ej"
        return "share" if answer.question.kind == "share" else "other"

    ranked = sorted(answers, key=lambda a: ({"vet_ej": 0, "share": 1}.get(reason(a), 2), a.pk))
    chosen = ranked[: rng.randint(1, 2)]
    for answer in chosen:
        answer.reopened = True
        answer.review_comment = REVIEW_COMMENTS[reason(answer)]
    Answer.objects.bulk_update(chosen, ["reopened", "review_comment"])
    return [
        {"question": a.question.code, "activity": a.activity_code, "comment": a.review_comment}
        for a in chosen
    ]


def _record_transitions(response: Response, plan: Plan, profile: Profile, reopened) -> None:
    """Audit events for the 2026 state changes, named as the real services name them."""
    municipality, board = profile.name, profile.county_name
    if plan.first_submitted_at is None:
        return
    audit.record(
        actor=None,
        action="response.submitted",
        target=response,
        actor_name=municipality,
        demo=True,
        at=plan.first_submitted_at.isoformat(),
    )
    if plan.status == Status.RETURNED:
        audit.record(
            actor=None,
            action="response.returned",
            target=response,
            actor_name=board,
            comment=RETURN_COMMENT,
            questions=reopened,
            demo=True,
            at=plan.returned_at.isoformat(),
        )
    elif plan.status == Status.APPROVED:
        audit.record(
            actor=None,
            action="response.approved",
            target=response,
            actor_name=board,
            demo=True,
            at=plan.approved_at.isoformat(),
        )


PROGRESS = ("not_started", "draft", "submitted", "returned", "approved")


def _status_counts(plans) -> dict[str, int]:
    """Responses per progress status; a draft without answers counts as not started."""
    counts = Counter("not_started" if p.answered_share == 0 else str(p.status) for p in plans)
    return {status: counts[status] for status in PROGRESS if counts[status]}


def _answer(survey_round: Round, responses, profiles, stretch) -> tuple[dict, list]:
    """Each response's plan and the answer rows it gets (a prefix of them for a draft)."""
    year, is_open = survey_round.year, survey_round.year == OPEN_YEAR
    questions = surveys.edition_questions(survey_round.edition)
    slot_list = surveys.slots(questions)
    rules = {q.pk: validation.Rule.of(q) for q in questions}
    statuses = open_round_statuses(profiles) if is_open else {}
    plans, rows = {}, []
    for response in responses:
        code = response.municipality.code
        rng = random.Random(f"{SEED}:{year}:{code}:plan")
        plan = _open_plan(rng, statuses[code], code) if is_open else _past_plan(rng, year)
        plans[code] = plan
        generated = Respondent(profiles[code], year, stretch).answers(slot_list, rules)
        generated = generated[: round(len(generated) * plan.answered_share)]
        rows.extend(_answer_rows(response, generated, plan.answered_at))
    return plans, rows


def _review(survey_round: Round, responses, plans, profiles) -> None:
    """Reopen answers of returned responses; audit the open round's state changes."""
    for response in responses:
        code = response.municipality.code
        plan, reopened = plans[code], []
        if plan.status == Status.RETURNED:
            rng = random.Random(f"{SEED}:{survey_round.year}:{code}:review")
            reopened = _reopen(response, rng)
        if survey_round.year == OPEN_YEAR:
            _record_transitions(response, plan, profiles[code], reopened)


def _generate_round(year: int, profiles: dict[str, Profile], stretch: float) -> RoundSummary:
    is_open = year == OPEN_YEAR
    survey_round = surveys.open_round(
        year=year,
        edition=Edition.objects.get(year=year),
        opens_on=opening_day(year),
        deadline=OPEN_DEADLINE if is_open else datetime.date(year, 3, 15),
        by=None,
    )
    responses = list(survey_round.responses.select_related("municipality").order_by("pk"))
    plans, rows = _answer(survey_round, responses, profiles, stretch)
    _insert(Answer, rows)
    _copy_revisions(survey_round)
    _apply_plans(responses, plans)
    _review(survey_round, responses, plans, profiles)
    if not is_open:
        Round.objects.filter(pk=survey_round.pk).update(status=Round.Status.CLOSED)
    summary = RoundSummary(year, len(responses), len(rows), _status_counts(plans.values()))
    audit.record(
        actor=None,
        action="demo.round_generated",
        target=survey_round,
        seed=SEED,
        responses=summary.responses,
        answers=summary.answers,
        statuses=summary.statuses,
    )
    return summary


def surveys_exist() -> bool:
    return Round.objects.filter(year__in=YEARS).exists()


@transaction.atomic
def create_demo_surveys(
    *, progress: Callable[[RoundSummary], None] | None = None
) -> list[RoundSummary]:
    """Load the shipped editions and generate the demo rounds; [] when they already exist."""
    if surveys_exist():
        return []
    for path in catalogue.shipped_editions():
        catalogue.load_edition(path=path)
    catalogue.load_guidance()
    profiles = build_profiles()
    stretch = calibration_stretch(profiles)
    summaries = []
    for year in YEARS:
        summary = _generate_round(year, profiles, stretch)
        summaries.append(summary)
        if progress is not None:
            progress(summary)
    return summaries


# --- verification ---------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """Municipalities where an indicator is met, among those where it applies."""

    met: int
    applicable: int

    @property
    def percent(self) -> float:
        return 100 * self.met / self.applicable if self.applicable else math.nan


def indicator_shares(
    year: int,
    code: str,
    statuses: tuple[str, ...] = (Status.APPROVED,),
    municipalities: Collection[str] | None = None,
) -> dict[str, Share]:
    """National share per activity ('' when municipality-wide) of a yes/no indicator.

    Computed from the stored answers with the pure `calculations.evaluate`, the way the
    results engine counts: not applicable and unanswered municipalities are left out.
    `municipalities` (codes) narrows it to a county or a group.
    """
    version = IndicatorVersion.objects.get(indicator__code=code, edition__year=year)
    activities = [a.code for a in version.activities.all()] or [""]
    questions = calculations.referenced_questions(version.formula)
    rows = Answer.objects.filter(
        response__round__year=year, response__status__in=statuses, question__code__in=questions
    )
    if municipalities is not None:
        rows = rows.filter(response__municipality__code__in=list(municipalities))
    rows = rows.values_list("response_id", "activity_code", "question__code", "value")
    grouped: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for response_id, activity, question, value in rows:
        grouped[response_id].setdefault(activity, {})[question] = value
    counts = {activity: Counter() for activity in activities}
    for answers in grouped.values():
        for activity in activities:
            outcome = calculations.evaluate(
                version.kind, version.formula, surveys.values_for(answers, activity)
            )
            if outcome.verdict and outcome.verdict != calculations.Verdict.NOT_APPLICABLE:
                counts[activity][outcome.verdict] += 1
    return {
        activity: Share(tally[calculations.Verdict.MET], sum(tally.values()))
        for activity, tally in counts.items()
    }
