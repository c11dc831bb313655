"""What a draft is, and the cells of its tables (docs/reports.md, "Drafts as data").

A draft's tables are shown in the report (text) and kept for its spreadsheet (numbers as
numbers, dates as dates). `tabulate` makes both from the same rows, so the PDF and the XLSX
cannot disagree; the cell helpers here say how a value reads in each.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap.registry.models import County
from beredskap.results.presentation import HIDDEN_SHORT, SUPPRESSED, Shown

NOT_REPORTED = gettext_lazy("Not reported")


@dataclass(frozen=True)
class Table:
    """A table as shown: every cell already text. The first column heads its row."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # columns of numbers (aligned right)


@dataclass(frozen=True)
class Figure:
    """An inline SVG (role="img", its title and description inside) and its caption.

    `alt` is the text alternative; the same numbers are in a table of the section.
    """

    svg: SafeString
    alt: str
    caption: str = ""


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


class Sheet(NamedTuple):
    """The numbers of one table for the XLSX annex: numbers as numbers, dates as dates."""

    name: str
    headers: list[str]
    rows: list[list[Any]]


@dataclass
class Draft:
    title: str
    year: int
    county: County | None
    sections: list[Section]
    numbers: list[Sheet] = field(default_factory=list)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


# --- cells of tables -----------------------------------------------------------------


@dataclass(frozen=True)
class Datum:
    """A table cell: the text shown, and what the spreadsheet holds."""

    text: str
    raw: Any


@dataclass(frozen=True)
class Col:
    header: str
    numeric: bool = False
    shown: bool = True  # in the document's table
    kept: bool = True  # in the spreadsheet


def indicator_cols(*more: Col) -> list[Col]:
    """How a table of indicators begins: each one's code and title; then `more`."""
    return [Col(_("Indicator")), Col(_("Title")), *more]


def _datum(value) -> Datum:
    if isinstance(value, Datum):
        return value
    if value is None:
        return Datum("–", None)
    if isinstance(value, bool):
        return Datum(str(_("Yes") if value else _("No")), value)
    if isinstance(value, int):
        return Datum(str(value), value)
    if isinstance(value, Decimal | float):
        return Datum(number_format(value, 1), value)
    if isinstance(value, datetime.datetime):
        day = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        return Datum(day.isoformat(), day)
    if isinstance(value, datetime.date):
        return Datum(value.isoformat(), value)
    return Datum(str(value), str(value))


def tabulate(
    numbers: list[Sheet],
    *,
    caption: str,
    sheet: str,
    cols: Sequence[Col],
    rows: Iterable[Sequence],
) -> Table:
    """The document's table of `rows`, and its numbers added to the spreadsheet's sheets."""
    data = [[_datum(v) for v in row] for row in rows]
    shown = [i for i, c in enumerate(cols) if c.shown]
    kept = [i for i, c in enumerate(cols) if c.kept]
    numbers.append(
        Sheet(sheet, [str(cols[i].header) for i in kept], [[r[i].raw for i in kept] for r in data])
    )
    return Table(
        str(caption),
        [str(cols[i].header) for i in shown],
        [[r[i].text for i in shown] for r in data],
        frozenset(n for n, i in enumerate(shown) if cols[i].numeric),
    )


def keep(numbers: list[Sheet], *, sheet: str, cols: Sequence[Col], rows) -> None:
    """Numbers for the spreadsheet only (too long for the document)."""
    tabulate(numbers, caption="", sheet=sheet, cols=cols, rows=rows)


ONE = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, one decimal; None of nothing."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(ONE, rounding=ROUND_HALF_UP)


def _whole(value: Decimal) -> str:
    """A number rounded half up to a whole (as the engine rounds), in the active locale."""
    return number_format(value.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0)


def percent_cell(part: int, whole: int) -> Datum:
    value = percent(part, whole)
    return Datum("–" if value is None else f"{_whole(value)} %", value)


def shown_cell(shown: Shown, *, text_only: bool = False, dense: bool = False) -> Datum:
    """A value cell as the reader sees it: symbol, text and class (never colour alone).

    `text_only` keeps the text in the spreadsheet too; `dense` (tables of many columns)
    leaves out the class's word and says "hidden" for a value not shown.
    """
    if shown.css == "hidden":
        label = shown.label if shown.label == str(SUPPRESSED) else str(NOT_REPORTED)
        if dense:
            label = str(HIDDEN_SHORT)
        return Datum(label, label if text_only else None)
    text = f"{shown.symbol} {shown.text}".strip()
    if not dense and shown.label and shown.label not in (shown.text, "–") and shown.text != "–":
        text = f"{text} ({shown.label})"
    if text_only:
        return Datum(text, text)
    return Datum(text, shown.value)


def gap_cell(gap: Decimal | None) -> Datum:
    if gap is None:
        return Datum("–", None)
    rounded = gap.quantize(ONE, rounding=ROUND_HALF_UP)
    text = _whole(rounded)
    return Datum(f"+{text}" if rounded.quantize(Decimal(1), ROUND_HALF_UP) > 0 else text, rounded)
