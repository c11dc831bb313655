"""A county report's page and its actions: start, save, preview, submit (the county
board's reviewers), and return or accept (the coordinator at Kronoberg).

A county report the user may not see is a 404 on the page and every action, so its
existence is not revealed; an action the role lacks is a 403.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskap.registry import access
from beredskap.registry.models import County

from .. import drafts, report_forms, services
from ..models import COUNTY_SECTIONS, DIARIENUMMER, CountyReport, county_report_deadline
from . import common


def _not_found(code: str, year: int) -> Http404:
    return Http404(
        _("No report %(year)s for county %(code)s that you have access to.")
        % {"year": year, "code": code}
    )


def _county_and_report(user, code: str, year: int) -> tuple[County, CountyReport | None]:
    """The county and its report on `year` (None when not started by a keeper); else 404."""
    common.reporting_year(year)
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
    context = {
        "county": county,
        "report": report,
        "year": report.year if report else None,
        "errors": list(errors),
    }
    if report is not None:
        context.update(_report_context(request.user, county, report, form, attempted))
    return render(request, "reporting/reports/county.html", context, status=status)


def _report_context(user, county, report, form, attempted) -> dict:
    """What the page shows of a started report: as much as `user` may see and do."""
    may_edit = access.may_edit_county_report(user, report)
    if may_edit and form is None:
        form = _county_form(report)
    form = form if may_edit else None
    draft = drafts.county_draft(county, report.year)
    return {
        "may_edit": may_edit,
        "may_keep": access.may_keep_support(user, county.pk),
        "may_judge": access.may_judge_county_report(user, report),
        "form": form,
        "sections": _county_sections(report, draft, form, attempted),
        "extra_sections": _extra_sections(draft),
        "attempted": attempted,
        "files": common.downloads(user, report),
        "generation": common.latest_generation(user, report),
        "return_form": report_forms.ReturnForm(),
        "timeline": common.timeline(report, drafting=access.may_keep_support(user, county.pk)),
        "is_coordinator": access.is_coordinator(user),
        "preview_url": reverse("reports:county_preview", args=[county.code, report.year]),
        "diarienummer": DIARIENUMMER,
        "sent_label": _("Submitted"),
    }


def _extra_sections(draft) -> list:
    """The draft's sections beyond the report's own (shown as facts, not written)."""
    own = {name for name, _heading in COUNTY_SECTIONS}
    return [section for section in getattr(draft, "sections", []) if section.key not in own]


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
        return _conflict_page(request, report, exc)
    except services.Locked as exc:
        return _locked_page(request, report, exc, form.texts())
    messages.success(request, _("The report was saved."))
    return redirect("reports:county", code=code, year=year)


def _conflict_page(request, report, exc: services.Conflict):
    """Someone saved meanwhile: their text in the form, the unsaved text beside it."""
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


def _locked_page(request, report, exc: services.Locked, texts: dict[str, str]):
    """The report was sent meanwhile: it as it is now, the unsaved text below."""
    report.refresh_from_db()
    return _render_county(
        request,
        report.county,
        report,
        attempted=texts,
        errors=[*exc.messages, _("Your text was not saved; it is shown below.")],
        status=409,
    )


def _county_page(request, report, *, errors, status):
    return _render_county(request, report.county, report, errors=errors, status=status)


@require_POST
@login_required
def county_preview(request, code: str, year: int):
    report = _county_report(request.user, code, year)
    try:
        generation = services.preview_report(report, by=request.user)
    except ValidationError as exc:
        return common.refused(request, report, exc, status=409, render_page=_county_page)
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
        return common.refused(request, report, exc, status=409, render_page=_county_page)
    except ValidationError as exc:
        return common.refused(request, report, exc, status=422, render_page=_county_page)
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
