"""Workbooks written row by row (openpyxl's write-only mode, so memory stays flat).

A cell holds what a spreadsheet should show: a Decimal as a number, a boolean as Ja/Nej
in the active language, an aware time as local time, text without the control characters
XML forbids. Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`
or `@`) stays text with a quote prefix. Sheet names are made valid and distinct.
"""

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

import openpyxl
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
FORMULA_START = ("=", "+", "-", "@")
SHEET_NAME = 31
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


def safe_value(value):
    """The value as a cell should hold it (empty text as an empty cell)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value) or None
    return value


def cell(sheet, value, font=None, alignment=None) -> WriteOnlyCell:
    """A cell; text that a spreadsheet would run as a formula stays text."""
    written = WriteOnlyCell(sheet, value=safe_value(value))
    if isinstance(written.value, str) and written.value.startswith(FORMULA_START):
        written.data_type = "s"
        written.quotePrefix = True
    elif isinstance(written.value, datetime.date):
        written.number_format = "yyyy-mm-dd"
    if font:
        written.font = font
    if alignment:
        written.alignment = alignment
    return written


def sheet_names(names: Iterable[str]) -> list[str]:
    """Valid and distinct sheet names: at most 31 characters, none of []:*?/\\."""
    taken: set[str] = set()
    result = []
    for name in names:
        base = NOT_IN_SHEET_NAMES.sub(" ", str(name)).strip()[:SHEET_NAME] or "Data"
        candidate, n = base, 1
        while candidate.lower() in taken:
            n += 1
            suffix = f" {n}"
            candidate = base[: SHEET_NAME - len(suffix)] + suffix
        taken.add(candidate.lower())
        result.append(candidate)
    return result


def set_widths(sheet, headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Columns as wide as their header or longest value (of the first 200 rows), 8 to 60."""
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header))] + [len(str(row[index - 1] or "")) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 8), 60)


def workbook(title: str) -> openpyxl.Workbook:
    """A new write-only workbook made by Beredskap."""
    book = openpyxl.Workbook(write_only=True)
    book.properties.creator = "Beredskap"
    book.properties.title = title
    return book


def table_sheet(book, name: str, headers: Sequence[str], rows: Sequence[Sequence]) -> None:
    """A sheet of one table: bold headers kept in view, then a row per row."""
    sheet = book.create_sheet(name)
    set_widths(sheet, headers, rows)
    sheet.freeze_panes = "A2"
    sheet.append([cell(sheet, header, BOLD) for header in headers])
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])


def to_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
