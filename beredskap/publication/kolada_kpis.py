"""The Kolada door's KPIs: ids (with a new id at a series break), metadata and areas.

A Kolada KPI is one comparable series. Our indicator keeps its code across editions, but
an edition marked not comparable with the previous one (`IndicatorVersion.
comparable_with_previous` false) starts a new series, so it gets a new KPI id, as Kolada
gives a redefined KPI a new id: `KON01` up to the break, `KON01_2024` from the 2024
edition on. The retired series keeps its id, and once the new series is released its
title gets Kolada's "(- 2023)". See docs/kolada.md.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import BooleanField, ExpressionWrapper, Q

from beredskap.catalogue.models import IndicatorVersion
from beredskap.results.calculations import COUNTY, MUNICIPALITY, NATION, SUMMARY

from .models import Release, ReleasedValue

HEADLINE = ("", SUMMARY)  # activity codes served under the bare indicator code
ACTIVITY_SEPARATOR, SERIES_SEPARATOR = ".", "_"
#: A municipality's yes/no verdict as a number, on the scale the results pages compare
#: with (results.presentation.score): Kolada values are numbers.
VERDICT_SCORES = {"met": 100.0, "partly": 50.0, "not_met": 0.0}
#: KPI fields the same for every KPI here (docs/kolada.md says why each is what it is).
KPI_CONSTANTS = {
    "is_divided_by_gender": False,
    "has_ou_data": False,
    "perspective": "Kvalitet",
    "auspice": "E",  # Kolada's code for activities in own regime (egen regi)
    "publication_date": None,  # Kolada: the next publication; releases are not scheduled
    "prel_publication_date": None,
    "ou_publication_date": None,
}
#: A row with a number: what "has values" means for `municipality_type`.
HAS_VALUE = Q(value__isnull=False) | Q(level=MUNICIPALITY, verdict__in=list(VERDICT_SCORES))


Breaks = dict[str, list[int]]


def series_breaks() -> Breaks:
    """{indicator code: the edition years that start a new series}, oldest first."""
    rows = IndicatorVersion.objects.filter(comparable_with_previous=False).values_list(
        "indicator__code", "edition__year"
    )
    breaks: Breaks = defaultdict(list)
    for code, year in sorted(rows, key=lambda r: r[1]):
        breaks[code].append(year)
    return breaks


def series_start(breaks: Breaks, code: str, edition_year: int) -> int | None:
    """The year the series of an edition starts (None for the first series)."""
    return max((y for y in breaks.get(code, ()) if y <= edition_year), default=None)


def kpi_id(breaks: Breaks, code: str, edition_year: int, activity: str) -> str:
    """`KON01` for the headline (municipality-wide, or all activities together),
    `KON01.sabo` for one activity; `KON01_2024`, `KON01_2024.sabo` after a break."""
    start = series_start(breaks, code, edition_year)
    base = code if start is None else f"{code}{SERIES_SEPARATOR}{start}"
    return base if activity in HEADLINE else f"{base}{ACTIVITY_SEPARATOR}{activity}"


def _parse(breaks: Breaks, kpi: str) -> tuple[str, list[str], int | None, int | None]:
    """(code, activities, first edition year, year the series ends before) of a KPI id.
    `KON01_2025` where no series starts in 2025 is read as the code `KON01_2025`, which
    names nothing, so an id that is no series matches no value."""
    base, _, activity = kpi.partition(ACTIVITY_SEPARATOR)
    code, _, start = base.rpartition(SERIES_SEPARATOR)
    if not (code and start.isdigit() and int(start) in breaks.get(code, ())):
        code, start = base, None
    first = int(start) if start else None
    end = min((y for y in breaks.get(code, ()) if first is None or y > first), default=None)
    return code, [activity] if activity else list(HEADLINE), first, end


def kpi_filter(breaks: Breaks, ids: Iterable[str]) -> Q:
    """The released values of the KPIs named; matches nothing for an empty list."""
    q = Q(pk__in=[])
    for kpi in ids:
        code, activities, first, end = _parse(breaks, kpi)
        series = Q(indicator__indicator__code=code, activity_code__in=activities)
        if first is not None:
            series &= Q(indicator__edition__year__gte=first)
        if end is not None:
            series &= Q(indicator__edition__year__lt=end)
        q |= series
    return q


def _municipality_type(levels: set[str]) -> str:
    """Kolada's K (municipalities), L (counties, regions, the nation) or A (both)."""
    local, regional = MUNICIPALITY in levels, bool(levels & {COUNTY, NATION})
    return "A" if local and regional else ("K" if local else "L")


def _cells(releases: dict) -> list[tuple]:
    """(release, indicator version, activity, level, has a number) of the current
    releases, each once; the newest round last.

    Read in two light queries rather than one pass over every row: counties and the
    nation (a few rows per cell, with whether they have a number), and which indicators
    have municipality rows at all, from the index alone. A release holds municipality
    rows only of public indicators, one per municipality and activity, so their activities
    are the nation's and some of them have a number once any response is approved.
    """
    has_value = ExpressionWrapper(HAS_VALUE, output_field=BooleanField())
    served = ReleasedValue.objects.filter(release__in=list(releases))
    regional = list(
        served.filter(level__in=(COUNTY, NATION))
        .annotate(has_value=has_value)
        .values_list("release_id", "indicator_id", "activity_code", "level", "has_value")
        .distinct()
    )
    local = set(
        served.filter(level=MUNICIPALITY).values_list("release_id", "indicator_id").distinct()
    )
    activities = {(r, i, a) for r, i, a, _level, _has in regional}
    regional += [(r, i, a, MUNICIPALITY, True) for r, i, a in activities if (r, i) in local]
    return sorted(regional, key=lambda c: releases[c[0]].round.year)


def _describe(version, names: dict, activity: str) -> tuple[str, str]:
    """Title and description of a KPI; `names` the version's activity names by code."""
    title, description = version.title_sv, version.description_sv
    if activity not in HEADLINE:
        title = f"{title} – {names.get(activity, activity)}"
    elif activity == SUMMARY:
        description = f"{description} Alla verksamheter sammantagna."
    return title, description


def kpis() -> list[dict]:
    """Every KPI with a value in a current release, described by its newest release.

    Built from what was released rather than from the catalogue, so a restricted
    indicator, or one of a round under embargo, is not even named. Six queries whatever
    the number of KPIs.
    """
    releases = {r.pk: r for r in Release.objects.latest_per_round().select_related("round")}
    cells = _cells(releases)
    versions = IndicatorVersion.objects.select_related("indicator", "area", "edition")
    versions = versions.prefetch_related("activities").in_bulk({c[1] for c in cells})
    names = {pk: {a.code: a.name_sv for a in v.activities.all()} for pk, v in versions.items()}
    breaks = series_breaks()
    found: dict[str, dict] = {}
    levels, valued, newest = defaultdict(set), defaultdict(set), {}
    for release_id, version_id, activity, level, has_value in cells:
        version, year = versions[version_id], releases[release_id].round.year
        key = kpi_id(breaks, version.code, version.edition.year, activity)
        start = series_start(breaks, version.code, version.edition.year) or 0
        newest[version.code] = max(newest.get(version.code, 0), start)
        levels[key].add(level)
        if has_value:
            valued[key].add(level)
        title, description = _describe(version, names[version_id], activity)
        found[key] = {
            "id": key,
            "title": title,
            "description": description,
            "operating_area": version.area.name_sv,
            "publ_period": str(year),
            **KPI_CONSTANTS,
            "_area": (version.area.code, version.area.name_sv),
            "_series": (version.code, start),
        }
    for key, kpi in found.items():
        kpi["municipality_type"] = _municipality_type(valued[key] or levels[key])
        code, start = kpi.pop("_series")
        if start < newest[code]:  # retired once the next series is released
            kpi["title"] = f"{kpi['title']} (- {kpi['publ_period']})"
    return [found[key] for key in sorted(found)]


def public(kpi: dict) -> dict:
    return {k: v for k, v in kpi.items() if not k.startswith("_")}


def kpi_groups() -> list[dict]:
    """The indicator areas, each with the KPIs in it (those with released values)."""
    groups: dict[str, dict] = {}
    for kpi in kpis():
        code, title = kpi["_area"]
        group = groups.setdefault(code, {"id": code, "title": title, "members": []})
        group["members"].append({"member_id": kpi["id"], "member_title": kpi["title"]})
    return [groups[code] for code in sorted(groups)]
