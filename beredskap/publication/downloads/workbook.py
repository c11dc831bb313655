"""XLSX: an Excel workbook in the spirit of Öppna jämförelser.

An about sheet (the release, its rules, the sheets and columns explained), the
indicators, one result sheet per level, and one wide sheet per area (municipalities
by indicators, `area_sheets`). Coded values are Swedish words (`labels`), numbers carry
number formats (`sheet_values`). It is written with openpyxl's write-only mode, so
memory stays flat for large rounds, with the house's cells (`beredskap.documents.xlsx`):
text that a spreadsheet would run as a formula stays text.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal

import openpyxl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from beredskap.documents.xlsx import BOLD, FORMULA_START, TITLE, WRAP, cell, to_bytes
from beredskap.results.calculations import COUNTY, GROUP, MUNICIPALITY, NATION

from .area_sheets import area_sheet_names, area_sheets
from .columns import INDICATOR_COLUMNS, LICENCE, VALUE_COLUMNS, VALUE_INDEX, Column
from .json_file import json_number
from .labels import INDICATOR_CODES, VALUE_CODES, in_words, words_for
from .loading import ReleaseData
from .sheet_values import number_cell, shown_value, value_format, whole_format

#: Result sheets of the workbook, in this order; names are Swedish like the sheets'
#: content (fixed, so that people and scripts can find them).
LEVEL_SHEETS = {MUNICIPALITY: "Kommuner", COUNTY: "Län", GROUP: "Kommungrupper", NATION: "Riket"}
ABOUT_SHEET, INDICATOR_SHEET = "Om", "Indikatorer"
XLSX_WIDTHS = {"indicator_title": 40, "unit_name": 22, "activity_name": 26}
INDICATOR_WIDTHS = {
    "title_sv": 40,
    "title_en": 40,
    "description_sv": 50,
    "description_en": 50,
    "change_note_sv": 40,
    "change_note_en": 40,
}
RULES = (
    gettext_lazy("A release is a numbered, unchanging snapshot of a survey round's results "
                 "after national approval. A correction is a new release of the same round "
                 "that says what it changed (errata); earlier releases stay available."),
    gettext_lazy("Restricted indicators are not published at all."),
    gettext_lazy("Aggregate-only indicators are published for counties, municipality groups "
                 "and the nation, not for single municipalities."),
    gettext_lazy("An aggregate over fewer than 3 municipalities is suppressed: its row is "
                 "kept with the reason suppressed and no numbers."),
    gettext_lazy("Aggregates leave out municipalities without a value; the column "
                 "Municipalities says how many each stands on."),
)  # fmt: skip
SHEET_TEXTS = (
    gettext_lazy("Results per municipality."),
    gettext_lazy("Results per county."),
    gettext_lazy("Results per SKR municipality group."),
    gettext_lazy("Results for the whole country."),
)
VALUE_NOTES = (
    gettext_lazy("Shares and yes/no results for counties, groups and the nation are "
                 "percentages, shown with one decimal. Counts and maturity levels are shown "
                 "as whole numbers where they are whole."),
    gettext_lazy("A municipality's yes/no result has the value 1 when it is met and 0 "
                 "otherwise (partly met counts as not met, as in the aggregates), shown as "
                 "Ja or Nej; the column Verdict says which."),
    gettext_lazy("Each area sheet has a row per municipality and, per indicator, the value "
                 "and its class in words beside the colour. An indicator broken down by "
                 "activities shows the summary of all activities."),
)  # fmt: skip
NUMBER = VALUE_INDEX["numerator"], VALUE_INDEX["denominator"]
KIND, LEVEL, ACTIVITY = VALUE_INDEX["kind"], VALUE_INDEX["level"], VALUE_INDEX["activity_code"]
VALUE, VERDICT = VALUE_INDEX["value"], VALUE_INDEX["verdict"]


# --- cells -----------------------------------------------------------------------------


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def _row(sheet, values: Iterable) -> list:
    """A row of plain values (fast), with a house cell where text would run as a formula."""
    row = [_xlsx_value(value) for value in values]
    for index, value in enumerate(row):
        if isinstance(value, str) and value.startswith(FORMULA_START):
            row[index] = cell(sheet, value)
    return row


def _header(sheet, columns: Sequence[Column], widths: dict[str, int]) -> None:
    for index, column in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(column.name, 14)
    sheet.freeze_panes = "A2"
    sheet.append([cell(sheet, str(column.title), BOLD) for column in columns])


# --- the workbook ----------------------------------------------------------------------


def workbook(data: ReleaseData) -> bytes:
    """An Excel workbook in the spirit of Öppna jämförelser: about, indicators, and one
    result sheet per level (write-only, so memory stays flat for large rounds)."""
    book = openpyxl.Workbook(write_only=True)
    released = data.released_local
    book.properties.creator = "Beredskap"
    book.properties.title = _("Open data, release %(label)s") % {"label": data.release.label}
    book.properties.created = released
    book.properties.modified = released
    _about_sheet(book.create_sheet(ABOUT_SHEET), data)
    _indicator_sheet(book.create_sheet(INDICATOR_SHEET), data)
    for sheet_level, title in LEVEL_SHEETS.items():
        _level_sheet(book.create_sheet(title), data, sheet_level)
    area_sheets(book, data)
    return to_bytes(book)


def _indicator_sheet(sheet, data: ReleaseData) -> None:
    _header(sheet, INDICATOR_COLUMNS, INDICATOR_WIDTHS)
    for row in data.indicator_rows():
        sheet.append(_row(sheet, in_words(INDICATOR_COLUMNS, row, INDICATOR_CODES)))


def _level_sheet(sheet, data: ReleaseData, sheet_level: str) -> None:
    """The values of one level, with a filter on the header row."""
    level = VALUE_INDEX["level"]
    _header(sheet, VALUE_COLUMNS, XLSX_WIDTHS)
    words = words_for(VALUE_COLUMNS, VALUE_CODES)
    for row in data.values:
        if row[level] == sheet_level:
            sheet.append(_value_row(sheet, row, words))
    sheet.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(len(VALUE_COLUMNS))}1"


def _value_row(sheet, row: tuple, words) -> list:
    """A value row: coded cells in words, numbers with their formats, and a Värde for
    every row with a result (1 or 0 for a municipality's yes/no, shown as Ja or Nej)."""
    cells = _row(sheet, words(row))
    kind, level, activity = row[KIND], row[LEVEL], row[ACTIVITY]
    shown = shown_value(kind, level, activity, row[VALUE], row[VERDICT])
    if shown is not None:
        cells[VALUE] = number_cell(sheet, shown, value_format(kind, level, activity, shown))
    for index in NUMBER:
        if row[index] is not None:
            number = json_number(row[index])
            cells[index] = number_cell(sheet, number, whole_format(number))
    return cells


# --- the about sheet -------------------------------------------------------------------


def _line(sheet, *cells, font=None) -> None:
    # One text runs on over the empty cells beside it; a table's cells wrap instead.
    wrap = WRAP if len(cells) > 1 else None
    sheet.append([cell(sheet, value, font, wrap) for value in cells])


def _about_sheet(sheet, data: ReleaseData) -> None:
    release = data.release
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 90
    _line(
        sheet,
        _(
            "Crisis preparedness in municipal health care and social services: open data, "
            "release %(label)s"
        )
        % {"label": release.label},
        font=TITLE,
    )
    _line(sheet)
    for label, value in _facts(data):
        sheet.append([cell(sheet, str(label), BOLD), cell(sheet, value)])
    _line(sheet)
    _guide(sheet, data)


def _facts(data: ReleaseData) -> list[tuple]:
    """The release's facts, as (label, value) rows."""
    release = data.release
    facts = [
        (_("Release"), release.label),
        (_("Survey round"), release.round.year),
        (_("Release number"), release.number),
        (_("Released"), data.released_local.strftime("%Y-%m-%d %H:%M")),
        (_("Values"), len(data.values)),
        (_("Notes"), release.notes),
    ]
    if release.is_correction:
        facts.append((_("Errata (what this correction changed)"), release.errata))
    facts.append((_("Licence"), f"{LICENCE['name']} ({LICENCE['path']})"))
    return facts


def _guide(sheet, data: ReleaseData) -> None:
    """What a release holds, the sheets, and the columns of the result sheets."""
    _line(sheet, _("What a release holds"), font=BOLD)
    for rule in RULES:
        _line(sheet, str(rule))
    _line(sheet)
    _line(sheet, _("Sheets"), font=BOLD)
    _line(sheet, INDICATOR_SHEET, "", _("Every indicator in the release, with its definition."))
    for title, text in zip(LEVEL_SHEETS.values(), SHEET_TEXTS, strict=True):
        _line(sheet, title, "", str(text))
    for title, area_name in area_sheet_names(data):
        _line(sheet, title, "", _("%(area)s: municipalities by indicators.") % {"area": area_name})
    _line(sheet)
    _line(sheet, _("Values and formats"), font=BOLD)
    for note in VALUE_NOTES:
        _line(sheet, str(note))
    _line(sheet)
    _line(sheet, _("Columns of the result sheets"), font=BOLD)
    _line(sheet, _("Heading"), _("Name in CSV and JSON"), _("Meaning"), font=BOLD)
    for column in VALUE_COLUMNS:
        _line(sheet, str(column.title), column.name, str(column.description))
