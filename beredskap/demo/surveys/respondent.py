"""One municipality answering one round's questionnaire, slot by slot.

Each yes/no answer compares a persistent per-slot draw with the probability of "ja", a
logistic function of a base rate calibrated to the published national figures, the
municipality's level and its growth. Because the draw persists (a keyed hash, the same
on every machine, run and year), a municipality that had a plan last year still has it,
and "arbete pågår" turns into "ja" as the level rises. Everything else is drawn from a
`random.Random` seeded per municipality and year.
"""

import datetime
import hashlib
import math
import random
import statistics
from dataclasses import dataclass
from typing import Any

from beredskap.surveys import services as surveys
from beredskap.surveys import validation

from ..narratives import DEV_NEEDS, DIARY_PREFIXES, EXERCISES, NO_EXERCISES
from .profiles import Profile
from .tuning import (
    ACTIVITY_OFFSET,
    BACKBONE,
    BASE,
    BETA,
    DEFAULT_BASE,
    FIRST_YEAR,
    OWN_REGIMES,
    PAGAR_OF_REST,
    PER_UNIT,
    PROVIDER_QUESTIONS,
    PROVIDER_REGIMES,
    REQUIRED_CHOICES,
    SEED,
    SHARES,
    TREND,
    VET_EJ_OF_REST,
)


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _uniform(*key: Any) -> float:
    """A persistent draw in [0, 1) for `key`: the same on every machine, run and year."""
    text = ":".join(str(part) for part in (SEED, *key)).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest()) / 2**64


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
