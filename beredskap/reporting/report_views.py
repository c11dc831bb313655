"""Report pages: the county reports, the coordinator's board and the national compilation.

Thin views: every decision of who may see or do what is `registry.access`'s, every change
goes through `reporting.services`. A report the user may not see is a 404 on every route
(the page, its actions, its generations and files); a function the role lacks is a 403.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from beredskap import audit
from beredskap.audit.models import Event
from beredskap.registry import access
from beredskap.registry.models import County

from . import drafts, report_forms, services, tasks
from .models import (
    COUNTY_SECTIONS,
    DIARIENUMMER,
    CountyReport,
    Generation,
    NationalReport,
    county_report_deadline,
    national_report_deadline,
)

#: Reporting years the pages accept (a guard against nonsense in the URL).
YEARS = range(2000, 2101)

FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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


def _timeline(report, *, drafting: bool = True) -> list[tuple[Event, str]]:
    """The report's history; without `drafting`, only its submissions and judgements."""
    events = Event.objects.for_target(report).filter(action__in=list(ACTION_LABELS))
    if not drafting:
        events = events.filter(action__in=SENT_ACTIONS)
    events = events.order_by("created_at", "id")
    return [(event, ACTION_LABELS[event.action]) for event in events]


def _year(year: int) -> int:
    if year not in YEARS:
        raise Http404(_("No report for the year %(year)s.") % {"year": year})
    return year


# --- reading what the user may see ---------------------------------------------------


def _not_found(code: str, year: int) -> Http404:
    return Http404(
        _("No report %(year)s for county %(code)s that you have access to.")
        % {"year": year, "code": code}
    )


def _county_and_report(user, code: str, year: int) -> tuple[County, CountyReport | None]:
    """The county and its report on `year` (None when not started by a keeper); else 404."""
    _year(year)
    county = County.objects.filter(code=code).first()
    if county is None:
        raise _not_found(code, year)
    report = CountyReport.objects.filter(county=county, year=year).first()
    if report is None:
        if not access.may_keep_support(user, county.pk):
            raise _not_found(code, year)
        return county, None
    if not access.may_see_county_report(user, report):
        raise _not_found(code, year)
    report.county = county
    return county, report


def _county_report(user, code: str, year: int) -> CountyReport:
    _county, report = _county_and_report(user, code, year)
    if report is None:
        raise _not_found(code, year)
    return report


def _national_report(user, year: int) -> NationalReport | None:
    """The national report on `year` (None when not started); 404 for all but the coordinator."""
    _year(year)
    if not access.is_coordinator(user):
        raise Http404(_("No national report that you have access to."))
    return NationalReport.objects.filter(year=year).first()


def _may_see_generation(user, generation: Generation) -> bool:
    """The report's writers see every generation; the coordinator a county's sent files."""
    if generation.national_report_id:
        return access.is_coordinator(user)
    report = generation.county_report
    if access.may_keep_support(user, report.county_id):
        return True
    return generation.final and access.may_see_county_report(user, report)


def _generation(user, pk: int) -> Generation:
    generation = (
        Generation.objects.defer("pdf", "xlsx")
        .select_related("county_report__county", "national_report")
        .filter(pk=pk)
        .first()
    )
    if generation is None or not _may_see_generation(user, generation):
        raise Http404(_("No report generation that you have access to."))
    return generation


def _downloads(user, report) -> Generation | None:
    """The files to offer: what `tasks.files_for` gives the report's writers; to the
    coordinator reading a county report, the files of the latest version sent."""
    if isinstance(report, CountyReport) and not access.may_keep_support(user, report.county_id):
        done = report.generations.filter(final=True, status=Generation.Status.DONE)
        return done.defer("pdf", "xlsx").order_by("-revision", "-created_at").first()
    files = tasks.files_for(report)
    if files is None or files.status != Generation.Status.DONE:
        return None
    return files


def _latest_generation(user, report) -> Generation | None:
    generation = report.generations.defer("pdf", "xlsx").first()
    if generation is not None and _may_see_generation(user, generation):
        return generation
    return None


# --- the index -------------------------------------------------------------------------


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
    reports = CountyReport.objects.filter(county__in=counties).order_by("county__code", "-year")
    by_county = {county.pk: [] for county in counties}
    for report in reports:
        by_county[report.county_id].append(report)
    own = [
        {
            "county": county,
            "reports": by_county[county.pk],
            "start": [
                year
                for year in sorted(startable, reverse=True)
                if year not in {r.year for r in by_county[county.pk]}
            ],
        }
        for county in counties
    ]
    national_years = []
    if coordinator:
        years = set(CountyReport.objects.sent().values_list("year", flat=True))
        years |= set(NationalReport.objects.values_list("year", flat=True))
        national_years = sorted(years | set(startable), reverse=True)
    return render(
        request,
        "reporting/reports/index.html",
        {
            "own": own,
            "coordinator": coordinator,
            "national_years": national_years,
            "this_year": this_year,
        },
    )


# --- a county report -------------------------------------------------------------------


@dataclass
class SectionView:
    """One section of the county report page: the draft from data and the board's text."""

    name: str
    heading: str
    draft: object | None
    text: str
    field: object | None = None
    attempted: str | None = None


def _county_sections(report, draft, form, attempted) -> list[SectionView]:
    """The sections in order; `attempted` (unsaved text) only where it differs from the stored."""
    generated = {section.key: section for section in getattr(draft, "sections", [])}
    views = []
    for name, heading in COUNTY_SECTIONS:
        text = getattr(report, name)
        unsaved = (attempted or {}).get(name)
        views.append(
            SectionView(
                name=name,
                heading=heading,
                draft=generated.get(name),
                text=text,
                field=form[name] if form is not None else None,
                attempted=unsaved if unsaved is not None and unsaved != text else None,
            )
        )
    return views


def _county_form(report) -> report_forms.CountyReportForm:
    initial = {name: getattr(report, name) for name, _heading in COUNTY_SECTIONS}
    return report_forms.CountyReportForm(initial={**initial, "version": report.version})


def _render_county(request, county, report, *, form=None, attempted=None, errors=(), status=200):
    user = request.user
    context = {
        "county": county,
        "report": report,
        "year": report.year if report else None,
        "errors": list(errors),
    }
    if report is not None:
        may_edit = access.may_edit_county_report(user, report)
        if may_edit and form is None:
            form = _county_form(report)
        draft = drafts.county_draft(county, report.year)
        extra = [
            section
            for section in getattr(draft, "sections", [])
            if section.key not in {name for name, _heading in COUNTY_SECTIONS}
        ]
        context.update(
            {
                "may_edit": may_edit,
                "may_keep": access.may_keep_support(user, county.pk),
                "may_judge": access.may_judge_county_report(user, report),
                "form": form if may_edit else None,
                "sections": _county_sections(report, draft, form if may_edit else None, attempted),
                "extra_sections": extra,
                "attempted": attempted,
                "files": _downloads(user, report),
                "generation": _latest_generation(user, report),
                "return_form": report_forms.ReturnForm(),
                "timeline": _timeline(report, drafting=access.may_keep_support(user, county.pk)),
                "is_coordinator": access.is_coordinator(user),
                "preview_url": reverse("reports:county_preview", args=[county.code, report.year]),
                "diarienummer": DIARIENUMMER,
                "sent_label": _("Submitted"),
            }
        )
    return render(request, "reporting/reports/county.html", context, status=status)


@login_required
def county(request, code: str, year: int):
    county, report = _county_and_report(request.user, code, year)
    if report is None:
        return render(
            request,
            "reporting/reports/county_start.html",
            {"county": county, "year": year, "deadline": county_report_deadline(year)},
        )
    return _render_county(request, county, report)


@require_POST
@login_required
def county_start(request, code: str, year: int):
    county, report = _county_and_report(request.user, code, year)
    if report is None:
        services.county_report(county, year, by=request.user)
        messages.success(request, _("The report was started as a draft."))
    return redirect("reports:county", code=code, year=year)


@require_POST
@login_required
def county_save(request, code: str, year: int):
    report = _county_report(request.user, code, year)
    if not access.may_keep_support(request.user, report.county_id):
        raise PermissionDenied
    form = report_forms.CountyReportForm(request.POST)
    if not form.is_valid():
        return _render_county(
            request,
            report.county,
            report,
            form=form,
            errors=[_("The form was incomplete; reload the page and try again.")],
            status=422,
        )
    try:
        services.save_county_report(
            report, by=request.user, version=form.cleaned_data["version"], **form.texts()
        )
    except services.Conflict as exc:
        fresh = exc.current
        return _render_county(
            request,
            report.county,
            fresh,
            form=_county_form(fresh),
            attempted=exc.attempted,
            errors=[str(exc)],
            status=409,
        )
    except services.Locked as exc:
        report.refresh_from_db()
        return _render_county(
            request,
            report.county,
            report,
            attempted=form.texts(),
            errors=[*exc.messages, _("Your text was not saved; it is shown below.")],
            status=409,
        )
    messages.success(request, _("The report was saved."))
    return redirect("reports:county", code=code, year=year)


def _refused(request, report, exc: ValidationError, *, status: int, render_page):
    report.refresh_from_db()
    return render_page(request, report, errors=exc.messages, status=status)


def _county_page(request, report, *, errors, status):
    return _render_county(request, report.county, report, errors=errors, status=status)


@require_POST
@login_required
def county_preview(request, code: str, year: int):
    report = _county_report(request.user, code, year)
    try:
        generation = services.preview_report(report, by=request.user)
    except ValidationError as exc:
        return _refused(request, report, exc, status=409, render_page=_county_page)
    return redirect("reports:generation", pk=generation.pk)


@require_POST
@login_required
def county_submit(request, code: str, year: int):
    report = _county_report(request.user, code, year)
    if not access.may_keep_support(request.user, report.county_id):
        raise PermissionDenied
    if not report_forms.ConfirmForm(request.POST).is_valid():
        message = _("Tick the box to confirm that the report is ready to be sent.")
        return _county_page(request, report, errors=[message], status=422)
    try:
        services.submit_county_report(report, by=request.user)
    except services.Locked as exc:
        return _refused(request, report, exc, status=409, render_page=_county_page)
    except ValidationError as exc:
        return _refused(request, report, exc, status=422, render_page=_county_page)
    messages.success(
        request, _("The report was submitted to Länsstyrelsen i Kronobergs län and is locked.")
    )
    return redirect("reports:county", code=code, year=year)


def _back(request, report):
    """After judging: back to the board, or to the report when judged from its page."""
    if request.POST.get("from") == "report":
        return redirect("reports:county", code=report.county.code, year=report.year)
    return redirect("reports:board", year=report.year)


@require_POST
@login_required
def county_return(request, code: str, year: int):
    report = _county_report(request.user, code, year)
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    try:
        services.return_county_report(
            report, by=request.user, comment=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The report of %(county)s was returned for completion.")
            % {"county": report.county.name},
        )
    return _back(request, report)


@require_POST
@login_required
def county_accept(request, code: str, year: int):
    report = _county_report(request.user, code, year)
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    try:
        services.accept_county_report(report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The report of %(county)s was accepted.") % {"county": report.county.name}
        )
    return _back(request, report)


# --- the coordinator's board -------------------------------------------------------------


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
    _year(year)
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


# --- the national report ---------------------------------------------------------------


def _render_national(request, report, *, form=None, attempted=None, errors=(), status=200):
    user = request.user
    may_edit = access.may_compile(user, report)
    if may_edit and form is None:
        form = report_forms.NationalReportForm(
            initial={"summary": report.summary, "version": report.version}
        )
    counts = dict.fromkeys(CountyReport.Status, 0)
    for value in CountyReport.objects.filter(year=report.year).values_list("status", flat=True):
        counts[value] += 1
    not_started = County.objects.count() - sum(counts.values())
    return render(
        request,
        "reporting/reports/national.html",
        {
            "report": report,
            "year": report.year,
            "draft": drafts.national_draft(report.year),
            "may_edit": may_edit,
            "form": form if may_edit else None,
            "attempted": attempted,
            "errors": list(errors),
            "files": _downloads(user, report),
            "generation": _latest_generation(user, report),
            "counts": [(_("Not started"), not_started)]
            + [(CountyReport.Status(s).label, n) for s, n in counts.items()],
            "timeline": _timeline(report),
            "preview_url": reverse("reports:national_preview", args=[report.year]),
            "diarienummer": DIARIENUMMER,
            "sent_label": _("Made final"),
        },
        status=status,
    )


def _national_page(request, report, *, errors, status):
    return _render_national(request, report, errors=errors, status=status)


def _existing_national(user, year: int) -> NationalReport:
    report = _national_report(user, year)
    if report is None:
        raise Http404(_("The national report %(year)s has not been started.") % {"year": year})
    return report


@login_required
def national(request, year: int):
    report = _national_report(request.user, year)
    if report is None:
        return render(
            request,
            "reporting/reports/national_start.html",
            {"year": year, "deadline": national_report_deadline(year)},
        )
    return _render_national(request, report)


@require_POST
@login_required
def national_start(request, year: int):
    if _national_report(request.user, year) is None:
        services.national_report(year, by=request.user)
        messages.success(request, _("The national report was started as a draft."))
    return redirect("reports:national", year=year)


@require_POST
@login_required
def national_save(request, year: int):
    report = _existing_national(request.user, year)
    form = report_forms.NationalReportForm(request.POST)
    if not form.is_valid():
        message = _("The form was incomplete; reload the page and try again.")
        return _render_national(request, report, form=form, errors=[message], status=422)
    try:
        services.save_national_report(
            report,
            by=request.user,
            version=form.cleaned_data["version"],
            summary=form.cleaned_data["summary"],
        )
    except services.Conflict as exc:
        fresh = exc.current
        return _render_national(
            request,
            fresh,
            form=report_forms.NationalReportForm(
                initial={"summary": fresh.summary, "version": fresh.version}
            ),
            attempted=exc.attempted["summary"],
            errors=[str(exc)],
            status=409,
        )
    except services.Locked as exc:
        report.refresh_from_db()
        return _render_national(
            request,
            report,
            attempted=form.cleaned_data["summary"],
            errors=[*exc.messages, _("Your text was not saved; it is shown below.")],
            status=409,
        )
    messages.success(request, _("The summary was saved."))
    return redirect("reports:national", year=year)


@require_POST
@login_required
def national_preview(request, year: int):
    report = _existing_national(request.user, year)
    try:
        generation = services.preview_report(report, by=request.user)
    except ValidationError as exc:
        return _refused(request, report, exc, status=409, render_page=_national_page)
    return redirect("reports:generation", pk=generation.pk)


@require_POST
@login_required
def national_finalise(request, year: int):
    report = _existing_national(request.user, year)
    if not report_forms.ConfirmForm(request.POST).is_valid():
        message = _("Tick the box to confirm that the report is ready to be made final.")
        return _national_page(request, report, errors=[message], status=422)
    try:
        services.finalise_national_report(report, by=request.user)
    except services.Locked as exc:
        return _refused(request, report, exc, status=409, render_page=_national_page)
    except ValidationError as exc:
        return _refused(request, report, exc, status=422, render_page=_national_page)
    messages.success(request, _("The national report was made final and is locked."))
    return redirect("reports:national", year=year)


# --- generations and files ---------------------------------------------------------------


@login_required
def generation(request, pk: int):
    """Progress of one generation; refreshes itself while it is queued or running."""
    generation = _generation(request.user, pk)
    report = generation.report
    running = generation.status in (Generation.Status.QUEUED, Generation.Status.RUNNING)
    # WCAG 2.2.1: the person can stop the automatic refresh (and update by hand instead).
    still = request.GET.get("refresh") == "off"
    return render(
        request,
        "reporting/reports/generation.html",
        {
            "generation": generation,
            "report": report,
            "is_county": isinstance(report, CountyReport),
            "running": running,
            "refresh": running and not still,
            "filenames": {kind: _filename(generation, kind) for kind in FILE_TYPES},
        },
    )


def _filename(generation: Generation, kind: str) -> str:
    report = generation.report
    if isinstance(report, CountyReport):
        stem = f"lansrapport-{report.county.code}-{report.year}"
    else:
        stem = f"nationell-rapport-{report.year}"
    if not generation.final:
        stem += "-utkast"
    elif generation.revision > 1:
        stem += f"-v{generation.revision}"
    return f"{stem}.{kind}"


@login_required
def generation_file(request, pk: int, kind: str):
    """A generated PDF or XLSX, as an attachment; the download is audited."""
    if kind not in FILE_TYPES:
        raise Http404
    generation = _generation(request.user, pk)
    content = Generation.objects.filter(pk=generation.pk).values_list(kind, flat=True).first()
    if generation.status != Generation.Status.DONE or not content:
        raise Http404(_("The file is not ready."))
    audit.record(
        actor=request.user,
        action="report.downloaded",
        target=generation.report,
        generation=generation.pk,
        revision=generation.revision,
        final=generation.final,
        format=kind,
    )
    response = HttpResponse(bytes(content), content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{_filename(generation, kind)}"'
    response["Cache-Control"] = "private, no-store"
    return response
