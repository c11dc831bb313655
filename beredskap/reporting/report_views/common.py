"""What the report pages share: the years they accept, a report's history, and the files
and generations a user may see of a report.

Every page of a report shows its history and its files; who sees which is decided here
once (with `registry.access`), so the county, national and generation pages cannot drift
apart: the report's writers see every generation, the coordinator reading a county report
only the files of what was sent.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap.audit.models import Event
from beredskap.registry import access

from .. import tasks
from ..models import CountyReport, Generation

#: Reporting years the pages accept (a guard against nonsense in the URL).
YEARS = range(2000, 2101)


#: What the history on a report page says for each audited action.
ACTION_LABELS = {
    "county_report.created": gettext_lazy("Started"),
    "county_report.saved": gettext_lazy("Text saved"),
    "county_report.previewed": gettext_lazy("Preview made"),
    "county_report.submitted": gettext_lazy("Submitted to Länsstyrelsen i Kronobergs län"),
    "county_report.resubmitted": gettext_lazy("Submitted again"),
    "county_report.returned": gettext_lazy("Returned for completion"),
    "county_report.accepted": gettext_lazy("Accepted"),
    "national_report.created": gettext_lazy("Started"),
    "national_report.saved": gettext_lazy("Summary saved"),
    "national_report.previewed": gettext_lazy("Preview made"),
    "national_report.finalised": gettext_lazy("Made final"),
}


#: What Kronoberg sees of a county report's history: its steps, not the drafting.
SENT_ACTIONS = [
    "county_report.submitted",
    "county_report.resubmitted",
    "county_report.returned",
    "county_report.accepted",
]


def timeline(report, *, drafting: bool = True) -> list[tuple[Event, str]]:
    """The report's history; without `drafting`, only its submissions and judgements."""
    events = Event.objects.for_target(report).filter(action__in=list(ACTION_LABELS))
    if not drafting:
        events = events.filter(action__in=SENT_ACTIONS)
    events = events.order_by("created_at", "id")
    return [(event, ACTION_LABELS[event.action]) for event in events]


def reporting_year(year: int) -> int:
    """`year`, if the pages accept it; else a 404."""
    if year not in YEARS:
        raise Http404(_("No report for the year %(year)s.") % {"year": year})
    return year


def may_see_generation(user, generation: Generation) -> bool:
    """The report's writers see every generation; the coordinator a county's sent files."""
    if generation.national_report_id:
        return access.is_coordinator(user)
    report = generation.county_report
    if access.may_keep_support(user, report.county_id):
        return True
    return generation.final and access.may_see_county_report(user, report)


def downloads(user, report) -> Generation | None:
    """The files to offer: what `tasks.files_for` gives the report's writers; to the
    coordinator reading a county report, the files of the latest version sent."""
    if isinstance(report, CountyReport) and not access.may_keep_support(user, report.county_id):
        done = report.generations.filter(final=True, status=Generation.Status.DONE)
        return done.defer("pdf", "xlsx").order_by("-revision", "-created_at").first()
    files = tasks.files_for(report)
    if files is None or files.status != Generation.Status.DONE:
        return None
    return files


def latest_generation(user, report) -> Generation | None:
    generation = report.generations.defer("pdf", "xlsx").first()
    if generation is not None and may_see_generation(user, generation):
        return generation
    return None


def refused(request, report, exc: ValidationError, *, status: int, render_page):
    report.refresh_from_db()
    return render_page(request, report, errors=exc.messages, status=status)
