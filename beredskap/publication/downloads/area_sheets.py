"""The workbook's wide sheets, as in Öppna jämförelser: one per area, a row per
municipality and, per indicator, its value and its class.

The class is written in words beside the coloured value (Grön, Gul, Röd), so it is not
told by colour alone; a cell without a value says why in the class column. An indicator
broken down by activities shows the municipality's summary of all activities (its
activities are on the sheet Kommuner). Indicators published for aggregates only have no
municipality values and so no columns here.
"""

from collections.abc import Iterator

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from beredskap.documents.xlsx import cell, sheet_names
from beredskap.results.calculations import COUNTY, MUNICIPALITY, SUMMARY

from .columns import VALUE_INDEX
from .labels import CLASSES, REASONS
from .loading import ReleaseData
from .sheet_values import number_cell, shown_value, value_format

#: Sheet names the workbook already uses; an area sheet never takes one of them.
TAKEN = ("Om", "Indikatorer", "Kommuner", "Län", "Kommungrupper", "Riket")
HEADING = Font(bold=True)
HEADING_WRAP = Alignment(wrap_text=True, vertical="top")
UNIT_WIDTHS = (20, 10, 20)  # municipality, code, county
VALUE_WIDTH, CLASS_WIDTH = 16, 11
I = VALUE_INDEX  # noqa: E741 - a short name for the column positions


def _areas(data: ReleaseData) -> dict[str, list[dict]]:
    """The indicators with municipality values, by area, in the edition's order."""
    with_municipalities = {
        row[I["indicator_code"]] for row in data.values if row[I["level"]] == MUNICIPALITY
    }
    areas: dict[str, list[dict]] = {}
    for indicator in data.indicators:
        if indicator["code"] in with_municipalities:
            areas.setdefault(indicator["area_code"], []).append(indicator)
    return areas


def area_sheet_names(data: ReleaseData) -> list[tuple[str, str]]:
    """(sheet name, area name) of each area sheet: the area's code and name."""
    areas = _areas(data)
    names = {code: indicators[0]["area_name"] for code, indicators in areas.items()}
    titles = sheet_names([*TAKEN, *(f"{code} {name}" for code, name in names.items())])
    return list(zip(titles[len(TAKEN) :], names.values(), strict=True))


def _headlines(data: ReleaseData) -> dict[tuple[str, str], tuple]:
    """Each municipality's headline row per indicator: its own value, or the summary."""
    found = {}
    for row in data.values:
        if row[I["level"]] == MUNICIPALITY and row[I["activity_code"]] in ("", SUMMARY):
            found[row[I["indicator_code"]], row[I["unit_code"]]] = row
    return found


def area_sheets(book, data: ReleaseData) -> None:
    """One wide sheet per area with municipality values."""
    headlines = _headlines(data)
    words = {code: capfirst(str(word)) for code, word in (CLASSES | REASONS).items()}
    counties = {code: name for level, code, name, *_rest in data.units if level == COUNTY}
    municipalities = [unit for unit in data.units if unit[0] == MUNICIPALITY]
    titles = [title for title, _name in area_sheet_names(data)]
    for title, indicators in zip(titles, _areas(data).values(), strict=True):
        sheet = book.create_sheet(title)
        _heading(sheet, indicators)
        for _level, code, name, county, _group in municipalities:
            county_name = counties.get(county, county)
            unit = [cell(sheet, name), cell(sheet, code), cell(sheet, county_name)]
            sheet.append(unit + list(_indicator_cells(sheet, indicators, headlines, code, words)))


def _heading(sheet, indicators: list[dict]) -> None:
    """Headings with each indicator's code and name; the first row and column stay."""
    widths = [*UNIT_WIDTHS, *[VALUE_WIDTH, CLASS_WIDTH] * len(indicators)]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"
    titles = [_("Municipality"), _("Municipality code"), _("County")]
    for indicator in indicators:
        code = indicator["code"]
        titles += [f"{code} {indicator['title_sv']}", f"{code} {_('Class')}"]
    sheet.append([cell(sheet, title, HEADING, HEADING_WRAP) for title in titles])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(titles))}1"


def _indicator_cells(sheet, indicators, headlines, unit_code: str, words) -> Iterator:
    """Value and class (or the reason for no value), in words, of each indicator for one
    municipality."""
    for indicator in indicators:
        row = headlines.get((indicator["code"], unit_code))
        if row is None:
            yield from (None, None)
            continue
        kind, activity, klass = row[I["kind"]], row[I["activity_code"]], row[I["classification"]]
        shown = shown_value(kind, MUNICIPALITY, activity, row[I["value"]], row[I["verdict"]])
        if shown is None:
            yield None
            yield cell(sheet, words.get(row[I["reason"]], row[I["reason"]]) or None)
            continue
        yield number_cell(sheet, shown, value_format(kind, MUNICIPALITY, activity, shown), klass)
        yield cell(sheet, words.get(klass, klass) or None)
