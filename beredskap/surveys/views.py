"""Survey pages: the questionnaire, saving answers, history, and the review actions."""

import csv
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from beredskap.audit.models import Event
from beredskap.registry import access
from beredskap.registry.models import Role

from . import asking, forms, next_steps, questionnaire, services, structure
from .models import Answer, Response, Round
from .validation import Invalid


def _response(user, code: str, year: int) -> Response:
    response = (
        Response.objects.select_related("round__edition", "municipality__county")
        .filter(municipality__code=code, round__year=year)
        .first()
    )
    if response is None or not access.may_see_response(user, response):
        raise Http404(
            _("No survey response %(year)s for municipality %(code)s that you have access to.")
            % {"year": year, "code": code}
        )
    return response


def _next_steps(user, response, areas) -> next_steps.NextSteps:
    answered, total = sum(a.answered for a in areas), sum(a.total for a in areas)
    returned = sum(a.returned for a in areas)
    return next_steps.for_user(user, response, answered=answered, total=total, returned=returned)


def _context(request, response, areas, area_code: str = ""):
    """The page's context; `area_code` names the one area whose questions are shown (the
    first by default): a page per area keeps the questionnaire light (docs/surveys.md)."""
    user = request.user
    index = next((i for i, a in enumerate(areas) if a.area.code == area_code), None)
    if index is None:  # by default the first area, or the first with returned questions
        index = next((i for i, a in enumerate(areas) if a.returned), 0)
    return {
        "response": response,
        "areas": areas,
        "shown": areas[index] if areas else None,
        "next_area": areas[index + 1] if index + 1 < len(areas) else None,
        "may_edit": access.may_edit_answers(user, response),
        "may_submit": access.may_submit(user, response),
        "may_review": access.may_review(user, response),
        "may_reopen": access.may_reopen(user, response),
        "answered": sum(a.answered for a in areas),
        "total": sum(a.total for a in areas),
        "next_steps": _next_steps(user, response, areas),
        "timeline": Event.objects.for_target(response).order_by("created_at", "id"),
        "problems": [],
    }


@login_required
def response_index(request):
    """The rounds and the responses the user works with."""
    responses = [
        r
        for r in Response.objects.select_related("round", "municipality__county").filter(
            municipality__in=access.own_municipalities(request.user)
        )
    ]
    return render(
        request,
        "surveys/index.html",
        {
            "responses": responses,
            "rounds": Round.objects.all(),
            "counties": access.board_counties(request.user),
            "is_analyst": access.is_analyst(request.user),
        },
    )


@login_required
def response_detail(request, year: int, code: str):
    response = _response(request.user, code, year)
    areas = questionnaire.build(response, may_edit=access.may_edit_answers(request.user, response))
    context = _context(request, response, areas, request.GET.get("area", ""))
    return render(request, "surveys/response.html", context)


def _save_slot(request, response, slot) -> services.Saved | None:
    """Save one slot from the posted data, recording the outcome on the slot view; a
    refused value stays on the view (`raw`) so the field shows it until corrected."""
    data, key = request.POST, slot.key
    raw = forms.raw_value(slot.question.kind, data, key)
    try:
        saved = services.save_answer_outcome(
            response=response,
            slot=services.Slot(slot.question, slot.activity_code),
            value=raw,
            expected_version=forms.version(data, key),
            comment=data.get(f"{key}-comment", ""),
            evidence_reference=data.get(f"{key}-ref", ""),
            evidence_date=forms.evidence_date(data, key) if slot.question.evidence else None,
            by=request.user,
        )
    except Invalid as exc:
        slot.error, slot.raw = str(exc), raw
    except services.ConcurrentEdit as exc:
        slot.answer, slot.conflict, slot.attempted = exc.current, exc.current.value, exc.attempted
        slot.conflicted = True
        slot.error = _(
            "Someone else saved this answer after you opened the page. Their answer is shown; "
            "yours was not saved. Choose again and save."
        )
    except (services.Locked, ValidationError) as exc:
        slot.error = " ".join(exc.messages)
    else:
        slot.answer, slot.saved = saved.answer, True
        return saved
    return None


@require_POST
@login_required
def save_area(request, year: int, code: str, area: str):
    """Plain form post (no JavaScript): save every changed answer of one area."""
    response = _response(request.user, code, year)
    if not access.may_edit_answers(request.user, response):
        raise Http404
    areas = questionnaire.build(response, may_edit=True)
    view = next((a for a in areas if a.area.code == area), None)
    if view is None:
        raise Http404
    shape, cleared = structure.of(response.round.edition), []
    for slot in view.slots:
        if slot.editable and forms.changed(slot, request.POST):
            saved = _save_slot(request, response, slot)
            cleared += [asking.label(shape, p) for p in saved.cleared] if saved else []
    if cleared:
        messages.info(request, _cleared_message(cleared))
    if any(s.error for s in view.slots):
        messages.error(
            request, _("Some answers were not saved. See the messages by the questions.")
        )
        areas = questionnaire.build(response, may_edit=True)
        errors = {s.key: s for s in view.slots if s.error}
        for fresh in (s for a in areas for s in a.slots):
            if fresh.key in errors:
                old = errors[fresh.key]
                fresh.error, fresh.raw = old.error, old.raw
                fresh.conflict, fresh.attempted = old.conflict, old.attempted
        context = _context(request, response, areas, area)
        return render(request, "surveys/response.html", context, status=422)
    messages.success(request, _("The answers in %(area)s were saved.") % {"area": view.area.name})
    return redirect(f"{request.path.rsplit('/areas/', 1)[0]}/?area={area}#area-{area}")


def _cleared_message(names: list[str]) -> str:
    return ngettext(
        "The answer to %(names)s was cleared: it is no longer asked.",
        "The answers to %(names)s were cleared: they are no longer asked.",
        len(names),
    ) % {"names": ", ".join(names)}


@login_required
def save_slot(request, year: int, code: str, key: str):
    """One answer. POST saves it: the htmx autosave gets the re-rendered field, the places
    whose being asked changed (out of band, when on the page) and the progress; a plain
    post (the slot's own page) is redirected back to the questionnaire. GET shows the slot
    with its comment fields and history link: a page of its own, or just those fields for
    htmx, which the questionnaire fetches when they are opened.

    A successful save reads the slot's answer and the answers that decide what is asked
    (`save_answer_outcome`), so the cost does not grow with the number answered."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    response = _response(request.user, code, year)
    may_edit = access.may_edit_answers(request.user, response)
    if request.method == "POST" and not may_edit:
        raise Http404
    shape = structure.of(response.round.edition)
    place = shape.slot(key)
    if place is None:
        raise Http404
    if request.method == "GET":
        slot = questionnaire.one_slot(response, key, may_edit=may_edit)
        return _slot_page(request, response, slot)
    slot = questionnaire.view_of(response, shape, place, None, may_edit=True, values={})
    saved = _save_slot(request, response, slot)
    if saved is None:  # refused: the slot as stored, with what was sent and why
        fresh = questionnaire.one_slot(response, key, may_edit=True)
        fresh.error, fresh.raw, fresh.conflicted = slot.error, slot.raw, slot.conflicted
        fresh.conflict, fresh.attempted = slot.conflict, slot.attempted
        if slot.conflicted:
            fresh.answer = slot.answer
        slot = fresh
    else:
        slot.open = questionnaire.slot_editable(response, saved.answer, may_edit)
        questionnaire.check(slot, shape, saved.values)
        slot.cleared = [asking.label(shape, p) for p in saved.cleared]
    if not request.htmx:
        return _after_plain_save(request, response, slot)
    return _autosaved(request, response, shape, slot, saved)


def _autosaved(request, response, shape, slot, saved):
    """The autosave's answer: the slot, the places it changed that the page shows (out of
    band), and the progress when the save can have moved it (a refused save wrote
    nothing; an edit of an answered slot no condition reads leaves the count as it was)."""
    # Plain contexts: the partials need no request, and the site navigation's context
    # processor would cost two queries for a menu that is not part of them.
    html = render_to_string("surveys/response.html#slot", {"slot": slot, "response": response})
    if saved is None:
        return HttpResponse(html, status=422 if slot.error else 200)
    shown_area = request.POST.get("area", "")
    for place in asking.affected(shape, services.Slot(slot.question, slot.activity_code)):
        if place.question.area.code != shown_area:
            continue
        answer = saved.answers.get((place.question.code, place.activity_code))
        other = questionnaire.view_of(
            response, shape, place, answer, may_edit=True, values=saved.values
        )
        other.oob = True
        html += render_to_string(
            "surveys/response.html#slot", {"slot": other, "response": response}
        )
    if saved.progress_moved:
        progress = {**questionnaire.progress(response, saved.values), "oob": True}
        html += render_to_string("surveys/response.html#progress", progress)
    return HttpResponse(html, status=422 if slot.error else 200)


def _slot_page(request, response, slot, status=200):
    context = {"slot": slot, "response": response}
    if request.htmx and slot.editable:
        return render(request, "surveys/response.html#more", context)
    return render(request, "surveys/slot.html", context, status=status)


def _after_plain_save(request, response, slot):
    if slot.error:
        return _slot_page(request, response, slot, status=422)
    messages.success(request, _("Saved"))
    url = reverse("surveys:response", args=[response.round.year, response.municipality.code])
    return redirect(f"{url}?area={slot.question.area.code}#slot-{slot.key}")


@login_required
def answer_history(request, year: int, code: str, key: str):
    response = _response(request.user, code, year)
    question_code, _sep, activity = key.partition(".")
    answer = get_object_or_404(
        Answer.objects.select_related("question"),
        response=response,
        question__code=question_code,
        activity_code=activity,
    )
    revisions = answer.revisions.select_related("created_by")
    return render(
        request,
        "surveys/history.html",
        {
            "response": response,
            "answer": answer,
            "slot": services.Slot(answer.question, answer.activity_code),
            "revisions": revisions,
        },
    )


@require_POST
@login_required
def submit(request, year: int, code: str):
    response = _response(request.user, code, year)
    if not access.may_submit(request.user, response):
        raise PermissionDenied
    try:
        services.submit_response(response=response, by=request.user)
    except ValidationError as exc:
        areas = questionnaire.build(
            response, may_edit=access.may_edit_answers(request.user, response)
        )
        problems = services.problems_before_submit(response)
        first = problems[0].slot.question.area.code if problems else ""
        context = _context(request, response, areas, first)
        context["problems"] = problems
        messages.error(request, " ".join(exc.messages))
        return render(request, "surveys/response.html", context, status=422)
    messages.success(request, _("The response was submitted to the county board."))
    return redirect("surveys:response", year=year, code=code)


@login_required
def review(request, year: int, code: str):
    """The county reviewer returns chosen questions with comments, or approves."""
    response = _response(request.user, code, year)
    if not access.may_review(request.user, response):
        raise PermissionDenied
    areas = questionnaire.build(response, may_edit=False)
    errors = []
    if request.method == "POST":
        items = [
            (services.Slot(s.question, s.activity_code), request.POST.get(f"{s.key}-note", ""))
            for a in areas
            for s in a.slots
            if request.POST.get(f"{s.key}-return")
        ]
        try:
            services.return_response(
                response=response,
                by=request.user,
                comment=request.POST.get("comment", ""),
                items=items,
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("The response was returned to the municipality."))
            return redirect("surveys:response", year=year, code=code)
    return render(
        request,
        "surveys/review.html",
        {
            "response": response,
            "areas": areas,
            "errors": errors,
            "next_steps": _next_steps(request.user, response, areas),
            "comment": request.POST.get("comment", ""),
        },
        status=422 if errors else 200,
    )


@require_POST
@login_required
def approve(request, year: int, code: str):
    response = _response(request.user, code, year)
    if not access.may_review(request.user, response):
        raise PermissionDenied
    try:
        services.approve_response(response=response, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The response was approved and is now locked."))
    return redirect("surveys:response", year=year, code=code)


@require_POST
@login_required
def reopen(request, year: int, code: str):
    response = _response(request.user, code, year)
    if not access.may_reopen(request.user, response):
        raise PermissionDenied
    try:
        services.reopen_response(
            response=response, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The response was reopened as a draft."))
    return redirect("surveys:response", year=year, code=code)


BOARD_STATUSES = ["not_started", "draft", "submitted", "returned", "approved"]


def _board_rows(user, survey_round, county_code: str, status: str):
    counties = access.followed_counties(user)
    rows = (
        survey_round.responses.filter(municipality__county__in=counties)
        .select_related("municipality__county")
        .with_progress()
        .order_by("municipality__county__code", "municipality__code")
    )
    if county_code:
        rows = rows.filter(municipality__county__code=county_code)
    if status:
        rows = rows.filter(progress_status=status)
    rows = list(rows)
    for row in rows:
        row.visible = access.may_see_response(user, row)
    return counties, rows


@login_required
def board(request, year: int):
    """Completeness of a round for a county reviewer (own county) or the analyst (all)."""
    survey_round = get_object_or_404(Round, year=year)
    access.require_role(request.user, Role.ANALYST, Role.REVIEWER)
    county_code, status = request.GET.get("county", ""), request.GET.get("status", "")
    if status and status not in BOARD_STATUSES:
        status = ""
    counties, rows = _board_rows(request.user, survey_round, county_code, status)
    days_left = (survey_round.deadline - timezone.localdate()).days
    if request.GET.get("format") == "csv":
        return _board_csv(survey_round, rows)
    counts = Counter(r.progress_status for r in rows)
    return render(
        request,
        "surveys/board.html",
        {
            "round": survey_round,
            "rows": rows,
            "counties": counties,
            "county_code": county_code,
            "status": status,
            "statuses": [(s, STATUS_LABELS[s], counts.get(s, 0)) for s in BOARD_STATUSES],
            "days_left": days_left,
            "days_past": -days_left,
            "query": request.GET.urlencode(),
        },
    )


STATUS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    "draft": gettext_lazy("Draft"),
    "submitted": gettext_lazy("Submitted"),
    "returned": gettext_lazy("Returned"),
    "approved": gettext_lazy("Approved"),
}


def _board_csv(survey_round, rows):
    """The board as CSV: machine-readable columns (codes) with the status's name beside
    its code for people who open it in a spreadsheet."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="status-{survey_round.year}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "municipality_code",
            "municipality",
            "county",
            "status",
            "status_name",
            "answers",
            "last_activity",
            "submitted_at",
            "approved_at",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.municipality.code,
                row.municipality.name,
                row.municipality.county.name,
                row.progress_status,
                STATUS_LABELS[row.progress_status],
                row.answer_count,
                row.last_activity_at.isoformat() if row.last_activity_at else "",
                row.submitted_at.isoformat() if row.submitted_at else "",
                row.approved_at.isoformat() if row.approved_at else "",
            ]
        )
    return response
