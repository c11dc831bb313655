"""The lists of reports: a reviewer's county reports by year, and the coordinator's board
of the 21 counties' reports on one year (status, when submitted, late, and the actions).
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap.registry import access
from beredskap.registry.models import County

from .. import report_forms
from ..models import CountyReport, NationalReport, county_report_deadline
from . import common


@login_required
def index(request):
    """A reviewer's county reports by year; the coordinator's way to the national board."""
    user = request.user
    counties = list(access.support_counties(user).order_by("code"))
    coordinator = access.is_coordinator(user)
    if not counties and not coordinator:
        raise PermissionDenied
    this_year = timezone.localdate().year
    startable = (this_year - 1, this_year)
    return render(
        request,
        "reporting/reports/index.html",
        {
            "own": _own_reports(counties, startable),
            "coordinator": coordinator,
            "national_years": _national_years(startable) if coordinator else [],
            "this_year": this_year,
        },
    )


def _days_late(year: int) -> int:
    """Days past the county report deadline on `year` (0 before it): a report not even
    started should say how late it is, not offer a plain start button."""
    return max((timezone.localdate() - county_report_deadline(year)).days, 0)


def _own_reports(counties: list[County], startable: tuple[int, int]) -> list[dict]:
    """Per county the reviewer keeps: its reports, and the years it may still start."""
    reports = CountyReport.objects.filter(county__in=counties).order_by("county__code", "-year")
    by_county = {county.pk: [] for county in counties}
    for report in reports:
        by_county[report.county_id].append(report)
    return [
        {
            "county": county,
            "reports": by_county[county.pk],
            "start": [
                (year, _days_late(year))
                for year in sorted(startable, reverse=True)
                if year not in {r.year for r in by_county[county.pk]}
            ],
        }
        for county in counties
    ]


def _national_years(startable: tuple[int, int]) -> list[int]:
    """The years the coordinator can compile: any sent or started, and the startable."""
    years = set(CountyReport.objects.sent().values_list("year", flat=True))
    years |= set(NationalReport.objects.values_list("year", flat=True))
    return sorted(years | set(startable), reverse=True)


@dataclass
class BoardRow:
    county: County
    report: CountyReport | None
    late: bool

    @property
    def status(self) -> str:
        return self.report.status if self.report else "not_started"

    @property
    def sent(self) -> bool:
        return self.report is not None and self.report.revision > 0


@login_required
def board(request, year: int):
    """The 21 counties' reports on `year`: status, when submitted, late, and the actions."""
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    common.reporting_year(year)
    today = timezone.localdate()
    deadline = county_report_deadline(year)
    reports = {r.county_id: r for r in CountyReport.objects.filter(year=year)}
    rows = []
    for county in County.objects.order_by("code"):
        report = reports.get(county.pk)
        if report is not None:
            report.county = county
        late = report.late if report is not None else today > deadline
        rows.append(BoardRow(county, report, late))
    counts = [(_("Not started"), sum(r.report is None for r in rows))] + [
        (status.label, sum(r.status == status for r in rows)) for status in CountyReport.Status
    ]
    return render(
        request,
        "reporting/reports/board.html",
        {
            "year": year,
            "rows": rows,
            "deadline": deadline,
            "counts": counts,
            "national": NationalReport.objects.filter(year=year).first(),
            "return_form": report_forms.ReturnForm(),
        },
    )
