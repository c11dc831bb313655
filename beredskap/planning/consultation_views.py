"""Pages of a consultation (remiss): open it, follow it, answer, dispose, compile, adopt.

Thin views: `consultation_queries` reads (and asks `registry.access`; others get a 404),
`consultation` changes state and refuses with a message the page shows.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskap import audit
from beredskap.registry import access
from beredskap.registry.models import Organisation

from . import consultation as services
from . import consultation_compilation as compilations
from . import consultation_queries as queries
from .consultation_models import Answer, Compilation, Disposition, Stance

FILE_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _board_url(version: str) -> str:
    return reverse("planning_consultation:board", args=[version])


@login_required
def open_form(request, version: str):
    direction = queries.direction_to_open(request.user, version)
    organisations = Organisation.objects.filter(kind__in=services.INVITED_KINDS)
    error, chosen = "", {o.pk for o in organisations}
    deadline = timezone.localdate() + datetime.timedelta(days=42)
    if request.method == "POST":
        chosen = {int(pk) for pk in request.POST.getlist("organisations") if pk.isdigit()}
        try:
            deadline = datetime.date.fromisoformat(request.POST.get("deadline", ""))
            services.open_consultation(
                direction=direction,
                deadline=deadline,
                organisations=[o for o in organisations if o.pk in chosen],
                by=request.user,
            )
        except ValueError:
            error = _("Give the deadline as a date (YYYY-MM-DD).")
        except services.ConsultationRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("The consultation is open."))
            return redirect(_board_url(version))
    return render(
        request,
        "planning/consultation/open.html",
        {
            "direction": direction,
            "organisations": organisations,
            "chosen": chosen,
            "deadline": deadline,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def board(request, version: str):
    consultation = queries.consultation_for(request.user, version)
    today = timezone.localdate()
    return render(
        request,
        "planning/consultation/board.html",
        {
            "consultation": consultation,
            "direction": consultation.direction,
            "past_deadline": today > consultation.deadline,
            "missing": services.comments_without_disposition(consultation),
            **queries.board(consultation),
        },
    )


@login_required
def answers(request, version: str, organisation_id: int):
    invitation = queries.invitation_for(request.user, version, organisation_id)
    consultation = invitation.consultation
    saved = {(a.item_kind, a.item_code): a for a in invitation.answers.all()}
    context = {"invitation": invitation, "error": "", "conflict": None, "tried": None}
    if request.method == "POST":
        kind, code = request.POST.get("item_kind", ""), request.POST.get("item_code", "")
        version_seen = request.POST.get("version", "")
        tried = {"stance": request.POST.get("stance", ""), "text": request.POST.get("text", "")}
        try:
            services.save_answer(
                invitation=invitation,
                item_kind=kind,
                item_code=code,
                expected_version=int(version_seen) if version_seen.isdigit() else None,
                by=request.user,
                **tried,
            )
        except services.ConcurrentEdit as exc:
            context.update(conflict=exc.current, tried=exc.attempted, code=code)
            saved[(kind, code)] = exc.current
        except services.ConsultationRefused as exc:
            context.update(error=str(exc), code=code, tried=tried)
        else:
            messages.success(request, _("Your answer on %(code)s is saved.") % {"code": code})
            url = reverse("planning_consultation:answers", args=[version, organisation_id])
            return redirect(f"{url}#item-{code}")
    editable = access.may_edit_consultation_answers(
        request.user, organisation_id, [organisation_id]
    )
    today = timezone.localdate()
    open_ = (
        invitation.submitted_at is None
        and not consultation.is_closed
        and today <= consultation.deadline
    )
    items = [
        {"item": item, "answer": saved.get((item.kind, item.code))}
        for item in services.items_of(consultation.direction)
    ]
    context.update(
        consultation=consultation,
        direction=consultation.direction,
        items=items,
        editable=editable and open_,
        stances=Stance.choices,
        answered=len(saved),
    )
    failed = context["error"] or context["conflict"]
    return render(
        request, "planning/consultation/answers.html", context, status=409 if failed else 200
    )


@login_required
@require_POST
def submit(request, version: str, organisation_id: int):
    invitation = queries.invitation_for(request.user, version, organisation_id)
    url = reverse("planning_consultation:answers", args=[version, organisation_id])
    try:
        services.submit_answers(invitation=invitation, by=request.user)
    except services.ConsultationRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your answers are submitted to Socialstyrelsen."))
    return redirect(url)


@login_required
def dispositions(request, version: str):
    consultation = queries.consultation_for(request.user, version)
    error, failed_id = "", None
    if request.method == "POST":
        answer = Answer.objects.filter(
            pk=request.POST.get("answer", "0") or 0, invitation__consultation=consultation
        ).first()
        if answer is None:
            raise Http404
        try:
            services.write_disposition(
                answer=answer,
                decision=request.POST.get("decision", ""),
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
        except services.ConsultationRefused as exc:
            error, failed_id = str(exc), answer.pk
        else:
            messages.success(request, _("The disposition is saved."))
            url = reverse("planning_consultation:dispositions", args=[version])
            return redirect(f"{url}#answer-{answer.pk}")
    return render(
        request,
        "planning/consultation/dispositions.html",
        {
            "consultation": consultation,
            "direction": consultation.direction,
            "items": queries.compiled(consultation),
            "decisions": Disposition.Decision.choices,
            "past_deadline": timezone.localdate() > consultation.deadline,
            "error": error,
            "failed_id": failed_id,
        },
        status=400 if error else 200,
    )


@login_required
def compilation(request, version: str):
    """The compilation as a page; POST makes its PDF and XLSX as a task."""
    consultation = queries.consultation_for(request.user, version)
    if request.method == "POST":
        made = compilations.start_compilation(consultation=consultation, by=request.user)
        return redirect("planning_consultation:progress", version, made.pk)
    latest = consultation.compilations.defer("pdf", "xlsx").first()
    return render(
        request,
        "planning/consultation/compilation.html",
        {
            "consultation": consultation,
            "direction": consultation.direction,
            "items": queries.compiled(consultation),
            "latest": latest,
        },
    )


def _compilation(user, version: str, pk: int) -> Compilation:
    consultation = queries.consultation_for(user, version)
    found = consultation.compilations.defer("pdf", "xlsx").filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such compilation."))
    return found


@login_required
def progress(request, version: str, pk: int):
    made = _compilation(request.user, version, pk)
    running = made.status in (Compilation.Status.QUEUED, Compilation.Status.RUNNING)
    still = request.GET.get("refresh") == "off"
    return render(
        request,
        "planning/consultation/progress.html",
        {
            "compilation": made,
            "direction": made.consultation.direction,
            "running": running,
            "refresh": running and not still,
            "filenames": {kind: _filename(version, kind) for kind in FILE_TYPES},
        },
    )


def _filename(version: str, kind: str) -> str:
    return f"remissammanstallning-{version}.{kind}"


@login_required
def compilation_file(request, version: str, pk: int, kind: str):
    if kind not in FILE_TYPES:
        raise Http404
    made = _compilation(request.user, version, pk)
    content = Compilation.objects.filter(pk=made.pk).values_list(kind, flat=True).first()
    if made.status != Compilation.Status.DONE or not content:
        raise Http404(_("The file is not ready."))
    audit.record(
        actor=request.user,
        action="planning.compilation_downloaded",
        target=made.consultation.direction,
        compilation=made.pk,
        format=kind,
    )
    response = HttpResponse(bytes(content), content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{_filename(version, kind)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def adopt(request, version: str):
    consultation = queries.consultation_for(request.user, version)
    try:
        services.adopt_direction(direction=consultation.direction, by=request.user)
    except services.ConsultationRefused as exc:
        messages.error(request, str(exc))
        return redirect(_board_url(version))
    messages.success(request, _("Version %(version)s is adopted.") % {"version": version})
    return redirect("planning:detail", version)
