"""The columns a release's files declare, and the licence they are published under.

One declaration serves every format: the CSV header, the JSON `fields`, the workbook's
headings and its about sheet, and the data package's Table Schema, so the files cannot
disagree about a column's name, type or meaning. docs/open-data.md lists them for people.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

LICENCE = {
    "name": "CC0-1.0",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
    "title": "Creative Commons Zero v1.0 Universal",
}


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
