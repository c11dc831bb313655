"""The national compilation's page and its actions: start, save the summary, preview and
make final. Only the national coordinator sees it; to everyone else it is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskap.registry import access
from beredskap.registry.models import County

from .. import acceptance, drafts, report_forms, services
from ..models import DIARIENUMMER, CountyReport, NationalReport, national_report_deadline
from . import common


def _national_report(user, year: int) -> NationalReport | None:
    """The national report on `year` (None when not started); 404 for all but the coordinator."""
    common.reporting_year(year)
    if not access.may_see_national_report(user):
        raise Http404(_("No national report that you have access to."))
    return NationalReport.objects.filter(year=year).first()


def _national_form(report) -> report_forms.NationalReportForm:
    return report_forms.NationalReportForm(
        initial={"summary": report.summary, "version": report.version}
    )


def _status_counts(year: int) -> list[tuple[str, int]]:
    """(status, number of county reports) on `year`, opening with those not started."""
    counts = dict.fromkeys(CountyReport.Status, 0)
    for value in CountyReport.objects.filter(year=year).values_list("status", flat=True):
        counts[value] += 1
    not_started = County.objects.count() - sum(counts.values())
    return [(_("Not started"), not_started)] + [
        (CountyReport.Status(s).label, n) for s, n in counts.items()
    ]


def _acceptance(year: int) -> dict:
    """The safeguard's facts for the page: the counts and the reports not accepted."""
    counts = acceptance.tally(year)
    rows = [(row.county, acceptance.status_label(row)) for row in counts.unaccepted]
    return {"tally": counts, "sentence": acceptance.sentence(counts), "unaccepted": rows}


def _render_national(request, report, *, form=None, attempted=None, errors=(), status=200):
    user = request.user
    may_edit = access.may_compile(user, report)
    if may_edit and form is None:
        form = _national_form(report)
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
            "files": common.downloads(user, report),
            "generation": common.latest_generation(user, report),
            "counts": _status_counts(report.year),
            "acceptance": _acceptance(report.year),
            "timeline": common.timeline(report),
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
            form=_national_form(fresh),
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
        return common.refused(request, report, exc, status=409, render_page=_national_page)
    return redirect("reports:generation", pk=generation.pk)


@require_POST
@login_required
def national_finalise(request, year: int):
    report = _existing_national(request.user, year)
    form = report_forms.FinaliseForm(request.POST)
    if not form.is_valid():
        message = _("Tick the box to confirm that the report is ready to be made final.")
        return _national_page(request, report, errors=[message], status=422)
    try:
        services.finalise_national_report(
            report,
            by=request.user,
            confirm_unaccepted=form.cleaned_data["confirm_unaccepted"],
        )
    except services.Locked as exc:
        return common.refused(request, report, exc, status=409, render_page=_national_page)
    except ValidationError as exc:
        return common.refused(request, report, exc, status=422, render_page=_national_page)
    messages.success(request, _("The national report was made final and is locked."))
    return redirect("reports:national", year=year)
