"""Continuity plans: upload (the municipality), private download (everyone who may read the
register; audited when outside the municipality) and the county reviewer's verification.

Plan files live in a storage with no public URL; the only way to them is `download`, which
checks access first and sends the file as an attachment that must not be cached.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access

from . import services
from .forms import PlanForm, VerificationForm
from .models import CHECKS, ELEMENTS, ContinuityPlan, Unit
from .views import _editable, _register, put_errors


def _plan(municipality, pk: int) -> ContinuityPlan:
    plan = ContinuityPlan.objects.filter(municipality=municipality, pk=pk).first()
    if plan is None:
        raise Http404(_("No such plan in this register."))
    return plan


@login_required
def plan_new(request, code: str):
    municipality = _editable(request, code)
    units = Unit.objects.filter(municipality=municipality).order_by("name")
    form = PlanForm(request.POST or None, request.FILES or None, units=units)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            unit = units.filter(pk=data["unit"]).first() if data["unit"] else None
            try:
                services.upload_plan(
                    municipality=municipality, by=request.user, upload=data["file"],
                    title=data["title"], unit=unit, **{f: data[f] for f in ELEMENTS},
                )  # fmt: skip
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("The plan was uploaded."))
                return redirect("continuity:register", code=municipality.code)
    return render(
        request, "continuity/plan_form.html", {"municipality": municipality, "form": form},
        status=status,
    )  # fmt: skip


@login_required
def plan_download(request, code: str, pk: int):
    municipality = _register(request, code)
    plan = _plan(municipality, pk)
    services.record_read(by=request.user, municipality=municipality, what="plan", target=plan)
    if not access.reads_across(request.user, municipality):
        audit.record(actor=request.user, action="continuity.plan_download", target=plan)
    extension = plan.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        plan.file.open("rb"),
        as_attachment=True,
        filename=f"kontinuitetsplan-{municipality.code}-{plan.pk}.{extension}",
        content_type=plan.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def plan_verify(request, code: str, pk: int):
    municipality = _register(request, code)
    if not access.may_verify_plans(request.user, municipality):
        raise PermissionDenied
    plan = _plan(municipality, pk)
    form = VerificationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.verify_plan(
                    plan=plan, by=request.user, verified=data["verified"], note=data["note"],
                    **{f: data[f] for f in CHECKS},
                )  # fmt: skip
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("The verification was saved."))
                return redirect("continuity:register", code=municipality.code)
    else:
        services.record_read(by=request.user, municipality=municipality, what="plan", target=plan)
    verifications = plan.verifications.select_related("reviewer").order_by("-at", "-id")
    claimed = [(plan._meta.get_field(f).verbose_name, getattr(plan, f)) for f in ELEMENTS]
    return render(
        request,
        "continuity/verify.html",
        {
            "municipality": municipality,
            "plan": plan,
            "claimed": claimed,
            "verifications": list(verifications),
            "form": form,
        },
        status=status,
    )
