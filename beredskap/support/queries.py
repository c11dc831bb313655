"""Reads of the support log: the lists of a county's log and of the shared experience, their
filters and totals, and the catalogue (newest edition) the log's choices come from.

The pages list 25 activities at a time with their municipalities and indicators, so every
list here is read in a fixed number of queries whatever the number of rows; `services`
(the CSV export) reads through the same functions. See docs/support-log.md.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from beredskap.catalogue.models import Edition, IndicatorVersion
from beredskap.registry.models import County, Municipality

from .models import SupportActivity

Kind = SupportActivity.Kind


def newest_edition() -> Edition | None:
    return Edition.objects.order_by("-year").first()


def area_choices(edition: Edition | None) -> list[tuple[str, str]]:
    """(code, name) of the edition's indicator areas, in the edition's order: people read
    the name ("Kontinuitetshantering"), never the bare letter code."""
    if edition is None:
        return []
    return [(area.code, area.name) for area in edition.areas.all()]


def indicator_titles(edition: Edition | None) -> dict[int, str]:
    """Indicator id → "code title" as defined in the edition."""
    if edition is None:
        return {}
    versions = IndicatorVersion.objects.filter(edition=edition).select_related("indicator")
    return {v.indicator_id: f"{v.indicator.code} {v.title}" for v in versions}


@dataclass(frozen=True)
class Filters:
    """What the list (and its CSV) is narrowed to; empty values filter nothing."""

    year: int | None = None
    kind: str = ""
    area_code: str = ""
    municipality: str = ""  # an SCB code
    county: str = ""  # an SCB code (the shared page)

    def as_details(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


def _with_related(qs: QuerySet) -> QuerySet:
    return qs.select_related("county", "created_by").prefetch_related(
        "municipalities", "indicators"
    )


def filtered(qs: QuerySet, filters: Filters) -> QuerySet:
    if filters.year:
        qs = qs.of_year(filters.year)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.area_code:
        qs = qs.filter(area_code=filters.area_code)
    if filters.municipality:
        qs = qs.filter(municipalities__code=filters.municipality)
    if filters.county:
        qs = qs.filter(county__code=filters.county)
    return qs


def county_activities(county: County, filters: Filters = Filters()) -> QuerySet:
    """The county's activities, newest first, narrowed by `filters`, ready to list."""
    return _with_related(filtered(SupportActivity.objects.filter(county=county), filters))


def shared_activities(filters: Filters = Filters()) -> QuerySet:
    """Experience exchange every county board may read, newest first."""
    qs = SupportActivity.objects.filter(shared=True, kind=Kind.EXCHANGE)
    return _with_related(filtered(qs, filters))


def years(qs: QuerySet) -> list[int]:
    """The years that have activities, newest first."""
    return sorted({d.year for d in qs.dates("held_on", "year")}, reverse=True)


def totals(qs: QuerySet) -> dict:
    """Activities, participants and the municipalities reached (ids) of a filtered list."""
    plain = qs.order_by().values("pk")
    summary = SupportActivity.objects.filter(pk__in=plain).aggregate(
        activities=Count("pk"), participants=Sum("participants")
    )
    reached = set(
        Municipality.objects.filter(support_activities__in=plain)
        .values_list("pk", flat=True)
        .distinct()
    )
    return {
        "activities": summary["activities"],
        "participants": summary["participants"] or 0,
        "reached": reached,
    }
