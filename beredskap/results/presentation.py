"""How a stored value is shown to one viewer: its text, class label, and why it is hidden.

Never colour alone: every class has a symbol and a label. A cell the viewer may not see
says so instead of its value; an aggregate over fewer than 3 municipalities is suppressed
for viewers who may not see its members.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beredskap.registry.access import ValueViewer
from beredskap.surveys.templatetags.surveys import MATURITY_LABELS

from . import calculations as calc

#: Columns read for a cell, in this order (see `Cell.from_row`).
CELL_FIELDS = (
    "indicator_id", "level", "unit_code", "activity_code", "value", "numerator",
    "denominator", "verdict", "reason", "units", "classification",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Cell:
    """A stored value as read for a page (a light row, not a model instance)."""

    indicator_id: int
    level: str
    unit_code: str
    activity_code: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    verdict: str
    reason: str
    units: int
    classification: str


VERDICT_LABELS = {
    "met": _("Met"),
    "partly": _("Partly met"),
    "not_met": _("Not met"),
}
CLASS_LABELS = {
    calc.GREEN: _("Good"),
    calc.YELLOW: _("Fair"),
    calc.RED: _("Weak"),
}
SHORT_VERDICTS = {
    "met": _("Yes"),
    "partly": _("Partly"),
    "not_met": _("No"),
}
SYMBOLS = {calc.GREEN: "●", calc.YELLOW: "◐", calc.RED: "○"}
KIND_LABELS = {
    "yes_no": _("Yes/no"),
    "share": _("Share"),
    "count": _("Count"),
    "maturity": _("Maturity level"),
}
REASON_LABELS = {
    "not_applicable": _("Not applicable"),
    "not_answered": _("Not answered"),
    "invalid_answer": _("Invalid answer"),
}
HIDDEN = _("Not shown to you")
HIDDEN_SHORT = _("hidden")
SUPPRESSED = _("Suppressed: fewer than 3 municipalities")


@dataclass(frozen=True)
class Shown:
    """A cell as one viewer sees it."""

    text: str  # the value, the verdict, or a dash
    label: str  # the class or the reason, in words
    css: str  # green | yellow | red | none | hidden
    symbol: str = ""
    value: Decimal | None = None
    short: str = ""  # for dense tables: a short verdict, else the text

    @property
    def brief(self) -> str:
        return self.short or self.text

    @property
    def has_value(self) -> bool:
        return self.css in (calc.GREEN, calc.YELLOW, calc.RED) or self.value is not None


NO_CELL = Shown("–", _("No value"), "none")


def format_value(value: Decimal | None, kind: str, level: str) -> str:
    """Shares (and shares of municipalities) in per cent, counts whole, maturity one decimal."""
    if value is None:
        return "–"
    if kind in ("share", "yes_no"):
        return f"{number_format(value, 0)} %"
    if kind == "count" and level == calc.MUNICIPALITY:
        return number_format(value, 0)
    return number_format(value, 1)


def words() -> dict:
    """The active language's labels for `show`: a page drawing many cells asks once and
    hands them to each `show`."""
    return _words(get_language())


@cache
def _words(language: str | None) -> dict:
    """The labels of `show` in one language, translated once per process.

    The national overview shows some 15,000 cells; turning each lazy label into text asks
    the active translation again (a thread-local lookup and a catalogue read per label),
    which cost a tenth of the page (issue 12). Keyed by the language, which must be the
    active one on the first call (`words()` passes `get_language()`).
    """
    return {
        "verdict": {k: str(v) for k, v in VERDICT_LABELS.items()},
        "class": {k: str(v) for k, v in CLASS_LABELS.items()},
        "short": {k: str(v) for k, v in SHORT_VERDICTS.items()},
        "reason": {k: str(v) for k, v in REASON_LABELS.items()},
        "hidden": Shown("", str(HIDDEN), "hidden", short=str(HIDDEN_SHORT)),
        "suppressed": Shown("", str(SUPPRESSED), "hidden", short=str(HIDDEN_SHORT)),
        "no value": str(NO_CELL.label),
    }


@lru_cache(maxsize=8192)
def _format(value: Decimal | None, kind: str, level: str, language: str | None) -> str:
    """`format_value` in the active language, remembered: Django's `number_format` looks
    up the language's separators on every call, and a page repeats the same values."""
    return format_value(value, kind, level)


def class_label(cell: Cell, kind: str) -> str:
    words = _words(get_language())
    if kind == "yes_no" and cell.level == calc.MUNICIPALITY:
        return words["verdict"].get(cell.verdict, "")
    return words["class"].get(cell.classification, "")


def show(
    cell: Cell | None,
    *,
    kind: str,
    sensitivity: str,
    viewer: ValueViewer,
    labels: dict | None = None,
) -> Shown:
    """What `viewer` may see of `cell` (of an indicator of this kind and sensitivity).

    `labels` are `words()`, for a caller that shows many cells."""
    if cell is None:
        return NO_CELL
    words = labels or _words(get_language())
    if not viewer.may_see(sensitivity=sensitivity, level=cell.level, unit_code=cell.unit_code):
        return words["hidden"]
    small = cell.level != calc.MUNICIPALITY and 0 < cell.units < calc.SMALL_N
    if small and not viewer.sees_all_members(level=cell.level, unit_code=cell.unit_code):
        return words["suppressed"]
    if cell.reason or (cell.value is None and not cell.verdict):
        return Shown("–", words["reason"].get(cell.reason, words["no value"]), "none")
    css = cell.classification or "none"
    if kind == "yes_no" and cell.level == calc.MUNICIPALITY:
        label = words["verdict"].get(cell.verdict, "")
        short = words["short"].get(cell.verdict, "")
        if cell.activity_code == calc.SUMMARY and cell.denominator:
            # Met in so many of the activities where it applies.
            short = f"{cell.numerator:.0f}/{cell.denominator:.0f}"
            label = f"{label} ({short})"
        return Shown(label, label, css, SYMBOLS.get(css, ""), cell.value, short)
    return Shown(
        _format(cell.value, kind, cell.level, get_language()),
        words["class"].get(cell.classification, ""),
        css,
        SYMBOLS.get(css, ""),
        cell.value,
    )


def score(cell: Cell | None, kind: str) -> Decimal | None:
    """The cell on a 0-100 scale for comparisons: shares and verdicts; None for counts.

    A municipality's verdict counts met as 100, partly as 50 and not met as 0 (its
    all-activities summary: the share of activities met); an aggregate's value is already
    a share of municipalities or a pooled share.
    """
    if cell is None or cell.reason or kind not in ("yes_no", "share"):
        return None
    if cell.level == calc.MUNICIPALITY and cell.verdict and cell.value is None:
        return {"met": Decimal(100), "partly": Decimal(50), "not_met": Decimal(0)}.get(
            cell.verdict
        )
    return cell.value


def maturity_labels() -> list[tuple[int, str]]:
    """The maturity scale's levels with their labels (the questionnaire's, one scale)."""
    return [(level, str(label)) for level, label in MATURITY_LABELS.items()]
