"""The reports' part of the start pages' work lists: a county board's late or returned
county reports, and the county reports waiting for the national coordinator. Reads only,
each in a fixed number of queries.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from beredskap.registry import access
from beredskap.registry.models import County

from .models import CountyReport, county_report_deadline

Status = CountyReport.Status
SENT = (Status.SUBMITTED, Status.ACCEPTED)


@dataclass(frozen=True)
class ReportDue:
    """A county report that needs its board: late (not sent by the deadline) or returned."""

    county: County
    year: int
    status: str  # a CountyReport status, or "not_started"
    status_label: str
    deadline: datetime.date
    days_late: int  # 0 while the deadline has not passed
    url: str


def last_passed_year(today: datetime.date) -> int:
    """The latest reporting year whose county report deadline has passed by `today`."""
    year = today.year - 1
    return year if county_report_deadline(year) < today else year - 1


def late_or_returned(user, today: datetime.date) -> list[ReportDue]:
    """Reports of the user's counties that are returned, or late: the last reporting year
    whose deadline has passed, and any earlier report started but never sent. Latest
    first (two queries)."""
    counties = list(access.support_counties(user).order_by("name"))
    reports = {(r.county_id, r.year): r for r in CountyReport.objects.filter(county__in=counties)}
    keys = set(reports) | {(c.pk, last_passed_year(today)) for c in counties}
    by_pk = {c.pk: c for c in counties}
    due = []
    for county_id, year in keys:
        report = reports.get((county_id, year))
        if report is not None and report.status in SENT:
            continue
        deadline = county_report_deadline(year)
        days = max((today - deadline).days, 0)
        if not days and (report is None or report.status != Status.RETURNED):
            continue
        county = by_pk[county_id]
        due.append(
            ReportDue(
                county=county,
                year=year,
                status=report.status if report else "not_started",
                status_label=str(report.get_status_display()) if report else "",
                deadline=deadline,
                days_late=days,
                url=reverse("reports:county", args=[county.code, year]),
            )
        )
    return sorted(due, key=lambda d: (-d.days_late, d.county.name, d.year))


def waiting_for_coordinator(user) -> list[CountyReport]:
    """Submitted county reports, not yet returned or accepted, oldest submission first."""
    if not access.is_coordinator(user):
        return []
    return list(
        CountyReport.objects.filter(status=Status.SUBMITTED)
        .select_related("county")
        .order_by("submitted_at", "county__name")
    )
