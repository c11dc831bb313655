"""A release read once, as the plain rows every file of it is built from.

`load` reads one release in a fixed number of queries (eight, whatever its size): the
values as light rows, its indicators with their history, the activity and unit names.
A release holds only publishable values (`calculations.publishable` decided when it was
made), so nothing here decides visibility again, and `results.Value` is never read.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from beredskap.catalogue.models import Activity, IndicatorVersion
from beredskap.registry.models import County, Municipality, MunicipalityGroup
from beredskap.results.calculations import (
    COUNTY,
    GROUP,
    MUNICIPALITY,
    NATION,
    NATION_CODE,
    SUMMARY,
)

from ..models import Release
from .columns import INDICATOR_COLUMNS

#: Names in the data are Swedish data like the registry's, not translated interface text.
NATION_NAME = "Riket"
ALL_ACTIVITIES_NAME = "Alla verksamheter"
#: Row order in the flat files: the widest aggregate first, as in Öppna jämförelser.
LEVELS = (NATION, COUNTY, GROUP, MUNICIPALITY)
#: The raw columns of a release's values, as `load` reads them.
VALUE_FIELDS = (
    "indicator_id", "level", "unit_code", "activity_code", "value", "numerator",
    "denominator", "verdict", "classification", "reason", "units",
)  # fmt: skip


@dataclass
class ReleaseData:
    """What every file of a release is built from: plain rows, in file order."""

    release: Release
    values: list[tuple]  # VALUE_COLUMNS order, numbers as Decimal or None
    indicators: list[dict[str, Any]]  # INDICATOR_COLUMNS keys, activities as a list
    units: list[tuple]  # UNIT_COLUMNS order

    @property
    def released_local(self) -> datetime.datetime:
        """The release time, local and without a zone (spreadsheets and zip entries have
        no time zones)."""
        moment = self.release.released_at
        return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)

    def indicator_rows(self) -> list[list]:
        """The indicators as INDICATOR_COLUMNS rows; activities as space-separated codes."""
        rows = []
        for indicator in self.indicators:
            row = dict(indicator, activities=" ".join(indicator["activities"]))
            rows.append([row[column.name] for column in INDICATOR_COLUMNS])
        return rows


def load(release: Release) -> ReleaseData:
    """Everything a release's files hold, in a fixed number of queries (eight)."""
    survey_round = release.round
    rows = list(release.values.values_list(*VALUE_FIELDS))
    versions = _versions(release)
    history = _history(versions)
    activities = _activity_names(survey_round.edition_id)
    names, units = _units(survey_round.year)
    rows.sort(key=_row_order(versions))
    seen_units = {(level, unit) for _indicator_id, level, unit, *_rest in rows}
    return ReleaseData(
        release=release,
        values=_value_rows(release, rows, versions, names, activities),
        indicators=[_indicator(version, history[version.indicator_id]) for version in versions],
        units=[unit for unit in units if (unit[0], unit[1]) in seen_units],
    )


def _versions(release: Release) -> list[IndicatorVersion]:
    """The indicators the release has values of, in the edition's order."""
    return list(
        IndicatorVersion.objects.filter(pk__in=release.values.values("indicator_id"))
        .select_related("indicator", "area", "edition")
        .prefetch_related("activities")
        .order_by("position", "indicator__code")
    )


def _activity_names(edition_id: int) -> dict[str, str]:
    """Swedish names by activity code, the summary of all activities included."""
    names = dict(Activity.objects.filter(edition_id=edition_id).values_list("code", "name_sv"))
    names[SUMMARY] = ALL_ACTIVITIES_NAME
    return names


def _row_order(versions: Sequence[IndicatorVersion]) -> Callable[[tuple], tuple]:
    """The value rows' sort key: the indicators' order, the widest level first, the unit,
    then the municipality as a whole, the summary, and the activities in their order."""
    order = {version.pk: position for position, version in enumerate(versions)}
    level_rank = {level: i for i, level in enumerate(LEVELS)}
    activity_rank: dict[int, dict[str, int]] = {
        version.pk: {a.code: i for i, a in enumerate(version.activities.all(), start=2)}
        | {"": 0, SUMMARY: 1}
        for version in versions
    }

    def key(row: tuple) -> tuple:
        indicator_id, level, unit, activity = row[:4]
        return (
            order[indicator_id],
            level_rank.get(level, len(LEVELS)),
            unit,
            activity_rank[indicator_id].get(activity, 99),
            activity,
        )

    return key


def _value_rows(release: Release, rows: list[tuple], versions, names, activities) -> list:
    """The sorted raw rows as VALUE_COLUMNS rows, with the indicators' and units' names."""
    by_pk = {version.pk: version for version in versions}
    label, year = release.label, release.round.year
    values = []
    for indicator_id, level, unit, activity, *numbers, verdict, klass, reason, count in rows:
        version = by_pk[indicator_id]
        values.append(
            (
                label, year, version.indicator.code, version.title_sv, version.edition.year,
                version.area.code, version.kind, level, unit, names.get((level, unit), ""),
                activity, activities.get(activity, "") if activity else "",
                *numbers, verdict, klass, reason, count,
            )
        )  # fmt: skip
    return values


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
    units = [(NATION, NATION_CODE, NATION_NAME, "", "")]
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
