"""Downloads of a release: CSV, JSON, XLSX and a Frictionless data package.

`load` reads one release in a fixed number of queries (the values as light rows, its
indicators, the unit and activity names) and the builders turn it into files. A release
holds only publishable values (`calculations.publishable` decided when it was made), so
nothing here decides visibility again, and `results.Value` is never read: a file cannot
leak what the release never held.

Files are built in Swedish whatever the visitor's language (`build`), so a release's file
is one file with one ETag.
See docs/open-data.md.
"""

import csv
import datetime
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from beredskap.catalogue.models import Activity, IndicatorVersion
from beredskap.registry.models import County, Municipality, MunicipalityGroup
from beredskap.results import calculations as results_calc

from .models import Release

#: Bump when a file's layout changes, so ETags of already served files change with it.
FORMAT_VERSION = 1

LICENCE = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "Creative Commons Zero v1.0 Universal",
}
#: Names in the data are Swedish data like the registry's, not translated interface text.
NATION_NAME = "Riket"
ALL_ACTIVITIES_NAME = "Alla verksamheter"
SUMMARY = results_calc.SUMMARY
MUNICIPALITY, COUNTY, GROUP, NATION = (
    results_calc.MUNICIPALITY,
    results_calc.COUNTY,
    results_calc.GROUP,
    results_calc.NATION,
)
#: Row order in the flat files: the widest aggregate first, as in Öppna jämförelser.
LEVELS = (NATION, COUNTY, GROUP, MUNICIPALITY)
#: Result sheets of the workbook, in this order; names are Swedish like the sheets'
#: content (fixed, so that people and scripts can find them).
LEVEL_SHEETS = {MUNICIPALITY: "Kommuner", COUNTY: "Län", GROUP: "Kommungrupper", NATION: "Riket"}
ABOUT_SHEET, INDICATOR_SHEET = "Om", "Indikatorer"


@dataclass(frozen=True)
class Column:
    """One column of a file: its machine name, Table Schema type, header and meaning."""

    name: str
    type: str  # string | number | integer | boolean
    title: Promise
    description: Promise


def _col(name, type_, title, description) -> Column:
    return Column(name, type_, title, description)


VALUE_COLUMNS = (
    _col("release", "string", gettext_lazy("Release"),
         gettext_lazy("The release: the round's year and the release number, e.g. 2025.1.")),
    _col("year", "integer", gettext_lazy("Year"), gettext_lazy("The survey round's year.")),
    _col("indicator_code", "string", gettext_lazy("Indicator code"),
         gettext_lazy("The indicator's code; it stays the same across editions.")),
    _col("indicator_title", "string", gettext_lazy("Indicator"),
         gettext_lazy("The indicator's title in Swedish.")),
    _col("edition", "integer", gettext_lazy("Edition"),
         gettext_lazy("The year of the catalogue edition that defines the indicator.")),
    _col("area_code", "string", gettext_lazy("Area"),
         gettext_lazy("The code of the indicator's area.")),
    _col("kind", "string", gettext_lazy("Kind"),
         gettext_lazy("yes_no, share, count or maturity.")),
    _col("level", "string", gettext_lazy("Level"),
         gettext_lazy("municipality, county, group (SKR municipality group) or nation.")),
    _col("unit_code", "string", gettext_lazy("Unit code"),
         gettext_lazy("SCB code of the municipality (4 digits) or county (2 digits), the SKR "
                      "group's code, or SE for the nation.")),
    _col("unit_name", "string", gettext_lazy("Unit"),
         gettext_lazy("The municipality's, county's or group's name; Riket for the nation.")),
    _col("activity_code", "string", gettext_lazy("Activity code"),
         gettext_lazy("The activity; empty for an indicator of the municipality as a whole, "
                      "* for the summary of all activities.")),
    _col("activity_name", "string", gettext_lazy("Activity"),
         gettext_lazy("The activity's name in Swedish.")),
    _col("value", "number", gettext_lazy("Value"),
         gettext_lazy("The value: a share in percent, a count or a maturity level; for a "
                      "yes/no aggregate, the percentage of municipalities where it is met.")),
    _col("numerator", "number", gettext_lazy("Numerator"),
         gettext_lazy("What was counted, for shares.")),
    _col("denominator", "number", gettext_lazy("Denominator"),
         gettext_lazy("Of how many, for shares.")),
    _col("verdict", "string", gettext_lazy("Verdict"),
         gettext_lazy("A municipality's yes/no indicator: met, partly or not_met.")),
    _col("classification", "string", gettext_lazy("Class"),
         gettext_lazy("green (good), yellow (fair) or red (weak) where it is classified.")),
    _col("reason", "string", gettext_lazy("Reason"),
         gettext_lazy("Why there is no value: not_applicable, not_answered, invalid_answer, "
                      "or suppressed (an aggregate over fewer than 3 municipalities).")),
    _col("units", "integer", gettext_lazy("Municipalities"),
         gettext_lazy("How many municipalities an aggregate stands on (1 or 0 for a "
                      "municipality: whether it has a value).")),
)  # fmt: skip

INDICATOR_COLUMNS = (
    _col("code", "string", gettext_lazy("Code"), gettext_lazy("The indicator's code.")),
    _col("title_sv", "string", gettext_lazy("Title (Swedish)"), gettext_lazy("Title in Swedish.")),
    _col("title_en", "string", gettext_lazy("Title (English)"), gettext_lazy("Title in English.")),
    _col("description_sv", "string", gettext_lazy("Description (Swedish)"),
         gettext_lazy("What the indicator measures, in Swedish.")),
    _col("description_en", "string", gettext_lazy("Description (English)"),
         gettext_lazy("What the indicator measures, in English.")),
    _col("area_code", "string", gettext_lazy("Area"), gettext_lazy("The area's code.")),
    _col("area_name", "string", gettext_lazy("Area name"),
         gettext_lazy("The area's name in Swedish.")),
    _col("kind", "string", gettext_lazy("Kind"),
         gettext_lazy("yes_no, share, count or maturity.")),
    _col("sensitivity", "string", gettext_lazy("Sensitivity"),
         gettext_lazy("public (published for every municipality) or aggregate (published "
                      "for counties, groups and the nation only).")),
    _col("direction", "string", gettext_lazy("Direction"),
         gettext_lazy("higher_is_better or lower_is_better.")),
    _col("activities", "string", gettext_lazy("Activities"),
         gettext_lazy("The activities it is broken down by (codes); empty for the "
                      "municipality as a whole.")),
    _col("edition", "integer", gettext_lazy("Edition"),
         gettext_lazy("The year of the catalogue edition of this definition.")),
    _col("comparable_with_previous", "boolean", gettext_lazy("Comparable with previous"),
         gettext_lazy("Whether values can be compared with the previous edition's; empty "
                      "when the previous edition did not have the indicator.")),
    _col("change_note_sv", "string", gettext_lazy("Change note (Swedish)"),
         gettext_lazy("What changed since the previous edition.")),
    _col("change_note_en", "string", gettext_lazy("Change note (English)"),
         gettext_lazy("What changed since the previous edition, in English.")),
    _col("first_edition", "integer", gettext_lazy("First edition"),
         gettext_lazy("The first edition that had the indicator.")),
    _col("editions", "integer", gettext_lazy("Editions"),
         gettext_lazy("In how many editions, up to this one, the indicator appears.")),
    _col("series_breaks", "integer", gettext_lazy("Series breaks"),
         gettext_lazy("How many times, up to this edition, its definition changed so that "
                      "values are not comparable with the previous edition.")),
)  # fmt: skip

UNIT_COLUMNS = (
    _col("level", "string", gettext_lazy("Level"),
         gettext_lazy("municipality, county, group or nation.")),
    _col("code", "string", gettext_lazy("Code"), gettext_lazy("The unit's code.")),
    _col("name", "string", gettext_lazy("Name"), gettext_lazy("The unit's name.")),
    _col("county_code", "string", gettext_lazy("County code"),
         gettext_lazy("A municipality's county.")),
    _col("group_code", "string", gettext_lazy("Group code"),
         gettext_lazy("A municipality's SKR municipality group in the round's year.")),
)  # fmt: skip

VALUE_INDEX = {column.name: i for i, column in enumerate(VALUE_COLUMNS)}
PRIMARY_KEY = ["indicator_code", "level", "unit_code", "activity_code"]


@dataclass
class ReleaseData:
    """What every file of a release is built from: plain rows, in file order."""

    release: Release
    values: list[tuple]  # VALUE_COLUMNS order, numbers as Decimal or None
    indicators: list[dict[str, Any]]  # INDICATOR_COLUMNS keys, activities as a list
    units: list[tuple]  # UNIT_COLUMNS order


def load(release: Release) -> ReleaseData:
    """Everything a release's files hold, in a fixed number of queries (eight)."""
    survey_round = release.round
    rows = list(
        release.values.values_list(
            "indicator_id", "level", "unit_code", "activity_code", "value", "numerator",
            "denominator", "verdict", "classification", "reason", "units",
        )
    )  # fmt: skip
    versions = list(
        IndicatorVersion.objects.filter(pk__in=release.values.values("indicator_id"))
        .select_related("indicator", "area", "edition")
        .prefetch_related("activities")
        .order_by("position", "indicator__code")
    )
    history = _history(versions)
    activities = dict(
        Activity.objects.filter(edition_id=survey_round.edition_id).values_list("code", "name_sv")
    )
    activities[SUMMARY] = ALL_ACTIVITIES_NAME
    names, units = _units(survey_round.year)

    indicators, order = [], {}
    for position, version in enumerate(versions):
        order[version.pk] = position
        indicators.append(_indicator(version, history[version.indicator_id]))
    by_pk = {version.pk: version for version in versions}
    level_rank = {level: i for i, level in enumerate(LEVELS)}
    activity_rank: dict[int, dict[str, int]] = {
        version.pk: {a.code: i for i, a in enumerate(version.activities.all(), start=2)}
        | {"": 0, SUMMARY: 1}
        for version in versions
    }
    rows.sort(
        key=lambda r: (
            order[r[0]],
            level_rank.get(r[1], len(LEVELS)),
            r[2],
            activity_rank[r[0]].get(r[3], 99),
            r[3],
        )
    )
    label, year = release.label, survey_round.year
    values = []
    seen_units = set()
    for indicator_id, level, unit, activity, *numbers, verdict, klass, reason, count in rows:
        version = by_pk[indicator_id]
        seen_units.add((level, unit))
        values.append(
            (
                label, year, version.indicator.code, version.title_sv, version.edition.year,
                version.area.code, version.kind, level, unit, names.get((level, unit), ""),
                activity, activities.get(activity, "") if activity else "",
                *numbers, verdict, klass, reason, count,
            )
        )  # fmt: skip
    return ReleaseData(
        release=release,
        values=values,
        indicators=indicators,
        units=[unit for unit in units if (unit[0], unit[1]) in seen_units],
    )


def _history(versions: Sequence[IndicatorVersion]) -> dict[int, list[tuple[int, bool | None]]]:
    """Each indicator's editions up to the release's, oldest first: (year, comparable)."""
    year = max((v.edition.year for v in versions), default=0)
    found: dict[int, list] = {v.indicator_id: [] for v in versions}
    rows = (
        IndicatorVersion.objects.filter(indicator_id__in=found, edition__year__lte=year)
        .order_by("edition__year")
        .values_list("indicator_id", "edition__year", "comparable_with_previous")
    )
    for indicator_id, edition_year, comparable in rows:
        found[indicator_id].append((edition_year, comparable))
    return found


def _indicator(version: IndicatorVersion, history: list[tuple[int, bool | None]]) -> dict:
    until = [(y, c) for y, c in history if y <= version.edition.year]
    return {
        "code": version.indicator.code,
        "title_sv": version.title_sv,
        "title_en": version.title_en,
        "description_sv": version.description_sv,
        "description_en": version.description_en,
        "area_code": version.area.code,
        "area_name": version.area.name_sv,
        "kind": version.kind,
        "sensitivity": version.sensitivity,
        "direction": version.direction,
        "activities": [activity.code for activity in version.activities.all()],
        "edition": version.edition.year,
        "comparable_with_previous": version.comparable_with_previous,
        "change_note_sv": version.change_note_sv,
        "change_note_en": version.change_note_en,
        "first_edition": until[0][0] if until else version.edition.year,
        "editions": len(until) or 1,
        "series_breaks": sum(1 for _y, comparable in until if comparable is False),
    }


def _units(year: int) -> tuple[dict[tuple[str, str], str], list[tuple]]:
    """Names by (level, code), and every unit as a UNIT_COLUMNS row, in LEVELS order."""
    units = [(NATION, results_calc.NATION_CODE, NATION_NAME, "", "")]
    units += [
        (COUNTY, code, name, "", "") for code, name in County.objects.values_list("code", "name")
    ]
    units += [
        (GROUP, code, name, "", "")
        for code, name in MunicipalityGroup.objects.values_list("code", "name")
    ]
    units += [
        (MUNICIPALITY, code, name, county, group or "")
        for code, name, county, group in Municipality.objects.with_group(year)
        .order_by("code")
        .values_list("code", "name", "county__code", "group_code")
    ]
    return {(level, code): name for level, code, name, *_rest in units}, units


# --- plain values ----------------------------------------------------------------------


def plain(number: Decimal | int | None) -> str:
    """A number as text without locale or trailing zeros: 58.3333, 3, 0; empty for None."""
    if number is None:
        return ""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _json_number(number: Decimal | None) -> int | float | None:
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _csv_cell(value) -> str:
    if isinstance(value, Decimal) or value is None:
        return plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def release_info(release: Release) -> dict[str, Any]:
    return {
        "label": release.label,
        "year": release.round.year,
        "number": release.number,
        "released_at": release.released_at.isoformat(),
        "correction": release.is_correction,
        "notes": release.notes,
        "errata": release.errata,
        "value_count": release.value_count,
        "licence": LICENCE["name"],
        "licence_url": LICENCE["path"],
    }


# --- CSV and JSON ----------------------------------------------------------------------


def _csv(columns: Sequence[Column], rows: Iterable[Sequence]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _indicator_rows(data: ReleaseData) -> list[list]:
    """The indicators as INDICATOR_COLUMNS rows; activities as space-separated codes."""
    rows = []
    for indicator in data.indicators:
        row = dict(indicator, activities=" ".join(indicator["activities"]))
        rows.append([row[column.name] for column in INDICATOR_COLUMNS])
    return rows


def values_csv(data: ReleaseData) -> bytes:
    """The release's values, one row per value, UTF-8, comma separated, a header row."""
    return _csv(VALUE_COLUMNS, data.values)


def values_json(data: ReleaseData) -> bytes:
    """The release, its indicators and its values; numbers as JSON numbers or null."""
    numbers = {i for i, column in enumerate(VALUE_COLUMNS) if column.type == "number"}
    names = [column.name for column in VALUE_COLUMNS]
    document = {
        "release": release_info(data.release),
        "fields": [
            {"name": c.name, "type": c.type, "description": str(c.description)}
            for c in VALUE_COLUMNS
        ],
        "indicators": data.indicators,
        "values": [
            {
                name: _json_number(cell) if i in numbers else cell
                for i, (name, cell) in enumerate(zip(names, row, strict=True))
            }
            for row in data.values
        ],
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- XLSX ------------------------------------------------------------------------------

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
XLSX_WIDTHS = {"indicator_title": 40, "unit_name": 22, "activity_name": 26}


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return _json_number(value)
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return value


def _row(sheet, values: Iterable) -> list:
    """Cells of a row; text that starts with = stays text (openpyxl would make a formula)."""
    row = [_xlsx_value(value) for value in values]
    for index, value in enumerate(row):
        if isinstance(value, str) and value.startswith("="):
            row[index] = _cell(sheet, value)
    return row


def _cell(sheet, value, font=None, alignment=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
    if cell.data_type == "f":
        cell.data_type = "s"
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    return cell


def _header(sheet, columns: Sequence[Column], widths: dict[str, int]) -> None:
    for index, column in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        sheet.column_dimensions[letter].width = widths.get(column.name, 14)
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, str(column.title), BOLD) for column in columns])


def workbook(data: ReleaseData) -> bytes:
    """An Excel workbook in the spirit of Öppna jämförelser: about, indicators, and one
    result sheet per level (write-only, so memory stays flat for large rounds)."""
    book = openpyxl.Workbook(write_only=True)
    released = _local(data.release.released_at)
    book.properties.creator = "Beredskap"
    book.properties.title = _("Open data, release %(label)s") % {"label": data.release.label}
    book.properties.created = released
    book.properties.modified = released
    _about_sheet(book.create_sheet(ABOUT_SHEET), data)

    sheet = book.create_sheet(INDICATOR_SHEET)
    _header(
        sheet,
        INDICATOR_COLUMNS,
        {
            "title_sv": 40,
            "title_en": 40,
            "description_sv": 50,
            "description_en": 50,
            "change_note_sv": 40,
            "change_note_en": 40,
        },
    )
    for row in _indicator_rows(data):
        sheet.append(_row(sheet, row))

    level = VALUE_INDEX["level"]
    for sheet_level, title in LEVEL_SHEETS.items():
        sheet = book.create_sheet(title)
        _header(sheet, VALUE_COLUMNS, XLSX_WIDTHS)
        for row in data.values:
            if row[level] == sheet_level:
                sheet.append(_row(sheet, row))
        sheet.auto_filter.ref = f"A1:{openpyxl.utils.get_column_letter(len(VALUE_COLUMNS))}1"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _about_sheet(sheet, data: ReleaseData) -> None:
    release = data.release
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 90

    def line(*cells, font=None):
        # One text runs on over the empty cells beside it; a table's cells wrap instead.
        wrap = WRAP if len(cells) > 1 else None
        sheet.append([_cell(sheet, value, font, wrap) for value in cells])

    line(
        _(
            "Crisis preparedness in municipal health care and social services: open data, "
            "release %(label)s"
        )
        % {"label": release.label},
        font=TITLE,
    )
    line()
    facts = [
        (_("Release"), release.label),
        (_("Survey round"), release.round.year),
        (_("Release number"), release.number),
        (_("Released"), _local(release.released_at).strftime("%Y-%m-%d %H:%M")),
        (_("Values"), len(data.values)),
        (_("Notes"), release.notes),
    ]
    if release.is_correction:
        facts.append((_("Errata (what this correction changed)"), release.errata))
    facts.append((_("Licence"), f"{LICENCE['name']} ({LICENCE['path']})"))
    for label, value in facts:
        sheet.append([_cell(sheet, str(label), BOLD), _cell(sheet, value)])
    line()
    line(_("What a release holds"), font=BOLD)
    for rule in RULES:
        line(str(rule))
    line()
    line(_("Sheets"), font=BOLD)
    line(INDICATOR_SHEET, "", _("Every indicator in the release, with its definition."))
    for title, text in zip(LEVEL_SHEETS.values(), SHEET_TEXTS, strict=True):
        line(title, "", str(text))
    line()
    line(_("Columns of the result sheets"), font=BOLD)
    line(_("Heading"), _("Name in CSV and JSON"), _("Meaning"), font=BOLD)
    for column in VALUE_COLUMNS:
        line(str(column.title), column.name, str(column.description))


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


def _local(moment: datetime.datetime) -> datetime.datetime:
    """Local time without a zone (spreadsheets and zip entries have no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


# --- Frictionless data package ---------------------------------------------------------

DIALECT = {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "header": True}


def _fields(columns: Sequence[Column], required: Iterable[str] = ()) -> list[dict]:
    fields = []
    for column in columns:
        field = {
            "name": column.name,
            "type": column.type,
            "title": str(column.title),
            "description": str(column.description),
        }
        if column.name in required:
            field["constraints"] = {"required": True}
        if column.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    return fields


def _resource(name: str, title, schema: dict) -> dict:
    return {
        "name": name,
        "path": f"{name}.csv",
        "title": str(title),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": DIALECT,
        "schema": schema,
    }


def package_descriptor(data: ReleaseData) -> dict:
    """The datapackage.json of a release (Frictionless Tabular Data Package)."""
    release = data.release
    description = release.notes
    if release.is_correction:
        description = "\n\n".join(filter(None, [description, release.errata]))
    values_schema = {
        "fields": _fields(
            VALUE_COLUMNS, required=("release", "indicator_code", "level", "unit_code")
        ),
        # Empty text is missing; activity_code is empty for municipality-wide values, so the
        # key leaves it out of the missing values (a key part may not be missing).
        "missingValues": [""],
        "primaryKey": PRIMARY_KEY,
        "foreignKeys": [
            {
                "fields": "indicator_code",
                "reference": {"resource": "indicators", "fields": "code"},
            },
            {
                "fields": ["level", "unit_code"],
                "reference": {"resource": "units", "fields": ["level", "code"]},
            },
        ],
    }
    return {
        "profile": "tabular-data-package",
        "name": f"beredskap-{release.label}",
        "title": _(
            "Crisis preparedness in municipal health care and social services, release %(label)s"
        )
        % {"label": release.label},
        "description": description,
        "version": f"{release.round.year}.{release.number}.0",
        "created": release.released_at.isoformat(),
        "licenses": [LICENCE],
        "keywords": ["beredskap", "civilt försvar", "socialtjänst", "hälso- och sjukvård"],
        "resources": [
            _resource("values", _("Values"), values_schema),
            _resource(
                "indicators",
                _("Indicators"),
                {
                    "fields": _fields(INDICATOR_COLUMNS, required=("code",)),
                    "missingValues": [""],
                    "primaryKey": ["code"],
                },
            ),
            _resource(
                "units",
                _("Units"),
                {
                    "fields": _fields(UNIT_COLUMNS, required=("level", "code", "name")),
                    "missingValues": [""],
                    "primaryKey": ["level", "code"],
                },
            ),
        ],
    }


def data_package(data: ReleaseData) -> bytes:
    """A zip holding datapackage.json and values.csv, indicators.csv and units.csv."""
    moment = _local(data.release.released_at).timetuple()[:6]
    files = {
        "datapackage.json": json.dumps(
            package_descriptor(data), ensure_ascii=False, indent=2
        ).encode("utf-8"),
        "values.csv": values_csv(data),
        "indicators.csv": _csv(INDICATOR_COLUMNS, _indicator_rows(data)),
        "units.csv": _csv(UNIT_COLUMNS, data.units),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():  # fixed dates: the same release, the same bytes
            archive.writestr(
                zipfile.ZipInfo(name, date_time=moment),
                content,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


# --- the files of a release ------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    label: Promise
    content_type: str
    build: Callable[[ReleaseData], bytes]
    cached: bool = False  # slow to build and small: kept in the shared cache


#: A release's files by name; the URL's last part and the downloaded file's suffix.
FILES = {
    "values.csv": Format(gettext_lazy("CSV"), "text/csv; charset=utf-8", values_csv),
    "values.json": Format(gettext_lazy("JSON"), "application/json", values_json),
    "results.xlsx": Format(
        gettext_lazy("Excel (XLSX)"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        workbook,
        cached=True,  # openpyxl takes seconds for a full round; the file is a few MB
    ),
    "datapackage.zip": Format(
        gettext_lazy("Data package (Frictionless)"), "application/zip", data_package, cached=True
    ),
}
CACHE_SECONDS = 24 * 3600


def build(release: Release, filename: str) -> bytes:
    """A release's file, in Swedish. A release never changes, so a cached file stays right
    for as long as the release and the file format do (both are in the key)."""
    file_format = FILES[filename]
    key = f"open-data:{_fingerprint(release, filename)}"
    if file_format.cached and (content := cache.get(key)) is not None:
        return content
    with translation.override("sv"):
        content = file_format.build(load(release))
    if file_format.cached:
        cache.set(key, content, CACHE_SECONDS)
    return content


def download_name(release: Release, filename: str) -> str:
    """`beredskap-2025.1-values.csv`: the release is in the saved file's name."""
    return f"beredskap-{release.label}-{filename}"


def _fingerprint(release: Release, filename: str) -> str:
    key = f"{release.pk}|{release.label}|{release.released_at.isoformat()}|{filename}"
    return hashlib.sha256(f"{key}|{FORMAT_VERSION}".encode()).hexdigest()[:32]


def etag(release: Release, filename: str) -> str:
    """A weak ETag: a release never changes, so its identity and the file format's
    version name the content (the bytes of an XLSX may differ between builds)."""
    return f'W/"{_fingerprint(release, filename)}"'
