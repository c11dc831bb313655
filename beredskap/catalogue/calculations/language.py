"""The words of the formula language: answer states, kinds, operators and outcomes.

Checking (`checking.py`) and evaluation (`evaluation.py`) read a formula by the same
vocabulary; it lives here once so that the two cannot disagree on what an operator is.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

YES_NO_STATES = ("ja", "nej", "pagar", "ej_aktuellt", "vet_ej")
MATURITY_LEVELS = (0, 1, 2, 3, 4)
QUESTION_KINDS = (
    "yes_no",
    "number",
    "share",
    "single_choice",
    "multiple_choice",
    "maturity",
    "text",
)
INDICATOR_KINDS = ("yes_no", "share", "count", "maturity")


class Verdict(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class Reason(StrEnum):
    """Why an outcome has no value."""

    NOT_APPLICABLE = "not_applicable"
    NOT_ANSWERED = "not_answered"
    INVALID_ANSWER = "invalid_answer"


@dataclass(frozen=True)
class QuestionSpec:
    """What the formula checker needs to know about a question."""

    code: str
    kind: str
    activities: frozenset[str] = frozenset()  # empty: asked once for the municipality
    choices: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Outcome:
    """One indicator's result for one municipality (and activity)."""

    verdict: Verdict | None = None
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reason: Reason | None = None

    @property
    def has_value(self) -> bool:
        return self.reason is None


@dataclass
class Problems:
    """Collects (path, message) pairs while checking."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))


#: Operators that test one question's answer: `{"is": [QUESTION, value]}`.
VALUE_TESTS = {"is", "in", "has_all", "has_any", "at_least", "at_most"}
_LOGIC = {"all", "any", "not"}
CONDITION_OPERATORS = VALUE_TESTS | _LOGIC | {"answered"}
#: Operators that read a number from one question: `{"numerator_of": QUESTION}`.
EXPRESSION_OPERATORS = {"value", "numerator_of", "denominator_of"}
