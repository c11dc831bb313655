"""The Kolada door's `data`: released values, and what a syncing client must drop.

Values come only from releases (`ReleasedValue` of the newest current release of each
round); `results.Value` is never read. With `from_date` the answer is what changed since
that day, as Kolada means it: the values of every round that was released, corrected or
withdrawn since, plus an `isdeleted` row for each cell a client may hold that no current
release has any more (a withdrawn release whose cells the previous one lacks, or a round
whose every release was withdrawn). docs/kolada.md.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from beredskap.results.calculations import COUNTY, MUNICIPALITY, NATION

from . import slices
from .kolada_base import unit_id, unit_of
from .kolada_kpis import VERDICT_SCORES, Breaks, kpi_filter, kpi_id, series_breaks
from .models import Release, ReleasedValue

#: Served when no unit is named; SKR group values only when a group id is asked for.
DEFAULT_LEVELS = (MUNICIPALITY, COUNTY, NATION)
KEY_FIELDS = (
    "release__round__year",
    "indicator__indicator__code",
    "indicator__edition__year",
    "level",
    "unit_code",
    "activity_code",
)
ROW_FIELDS = (*KEY_FIELDS, "value", "verdict", "reason", "units")
#: A fixed order, so pages are stable.
ORDER = (
    "release__round__year",
    "indicator__indicator__code",
    "activity_code",
    "level",
    "unit_code",
)


@dataclass(frozen=True)
class DataQuery:
    kpis: list[str] | None
    units: list[str] | None
    years: list[int] | None
    since: object = None  # a date: only what changed on or after it


def _select(rows, query: DataQuery, breaks: Breaks):
    """The rows of the KPIs, units and years asked for."""
    if query.years is not None:
        rows = rows.filter(release__round__year__in=query.years)
    if query.kpis is not None:
        rows = rows.filter(kpi_filter(breaks, query.kpis))
    if query.units is None:
        return rows.filter(level__in=DEFAULT_LEVELS)
    named = [unit_of(u) for u in query.units]
    q = Q(pk__in=[])
    for level in {level for level, _ in named}:
        q |= Q(level=level, unit_code__in=[c for lv, c in named if lv == level])
    return rows.filter(q)


def _changed_rounds(since):
    """The rounds with a release made or withdrawn on or after `since` (Swedish days)."""
    changed = Q(released_at__date__gte=since) | Q(withdrawn_at__date__gte=since)
    return Release.objects.filter(changed).values("round")


def _current(query: DataQuery, breaks: Breaks):
    releases = Release.objects.latest_per_round()
    if query.since is not None:
        releases = releases.filter(round__in=_changed_rounds(query.since))
    rows = ReleasedValue.objects.filter(release__in=releases.values("pk"))
    return _select(rows, query, breaks).order_by(*ORDER).values_list(*ROW_FIELDS)


def _deleted(query: DataQuery, breaks: Breaks):
    """Cells of the changed rounds' other releases that their current release lacks."""
    latest = Release.objects.latest_per_round().values("pk")
    still = ReleasedValue.objects.filter(
        release__in=latest,
        release__round=OuterRef("release__round"),
        indicator=OuterRef("indicator"),
        level=OuterRef("level"),
        unit_code=OuterRef("unit_code"),
        activity_code=OuterRef("activity_code"),
    )
    rows = ReleasedValue.objects.filter(release__round__in=_changed_rounds(query.since))
    rows = rows.exclude(release__in=latest).filter(~Exists(still))
    return _select(rows, query, breaks).order_by(*ORDER).values_list(*KEY_FIELDS).distinct()


def _number(level: str, value: Decimal | None, verdict: str) -> float | None:
    if value is not None:
        return float(value)
    return VERDICT_SCORES.get(verdict) if level == MUNICIPALITY else None


def _item(breaks: Breaks, key: tuple, value: dict) -> dict:
    year, code, edition_year, level, unit, activity = key
    return {
        "kpi": kpi_id(breaks, code, edition_year, activity),
        "municipality": unit_id(level, unit),
        "period": year,
        "values": [{"gender": "T", **value}],
    }


def served(breaks: Breaks, row: tuple) -> dict:
    level, (value, verdict, reason, units) = row[3], row[6:]
    number = _number(level, value, verdict)
    status = "" if number is not None else (reason or verdict or "missing")
    return _item(
        breaks,
        row[:6],
        {"count": units, "status": status, "value": number, "isdeleted": False},
    )


def _gone(breaks: Breaks, key: tuple) -> dict:
    return _item(breaks, key, {"count": 0, "status": "", "value": None, "isdeleted": True})


def data_slice(query: DataQuery, page: int, per_page: int):
    """The release slice that answers this question whole, or None (slices.py): one KPI
    or one unit in one year, first page, no `from_date`, and Kolada's ids unchanged since
    the slice was made (a series break declared later renames them). Two queries."""
    key = slices.kolada_key(query.kpis, query.units, query.years)
    if key is None or page != 1 or query.since is not None:
        return None
    hit = slices.find_kolada(key, query.years[0])
    if hit is None or hit.rows > per_page:
        return None
    if hit.breaks != slices.breaks_signature(series_breaks(), hit.edition_year):
        return None
    return hit


def data_page(query: DataQuery, page: int, per_page: int) -> tuple[list[dict], int]:
    """One page of items and the count over all pages: the served values first, then
    (with `from_date`) the deleted cells. Three queries, five with `from_date`."""
    breaks = series_breaks()
    live = _current(query, breaks)
    live_count = live.count()
    gone = _deleted(query, breaks) if query.since is not None else None
    count = live_count + (gone.count() if gone is not None else 0)
    start, end = (page - 1) * per_page, page * per_page
    items = []
    if start < live_count:
        items += [served(breaks, row) for row in live[start : min(end, live_count)]]
    if gone is not None and start < count and end > live_count:
        first = max(start - live_count, 0)
        items += [_gone(breaks, key) for key in gone[first : end - live_count]]
    return items, count
