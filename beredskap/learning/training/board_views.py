"""A county board's own trainings: creating one, and recording its participants as
counts per municipality. Only the board's reviewers (`access.may_keep_trainings`); the
county of another board is a 404, a board member without the function a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from beredskap.registry import access
from beredskap.registry.models import County

from ..models import Training
from . import queries, services
from .forms import ParticipantsForm, RegionalTrainingForm
from .views import _county, _years


def _keeper(user, code: str) -> County:
    county = _county(user, code)
    if not access.may_keep_trainings(user, county.pk):
        raise PermissionDenied
    return county


@login_required
def new_training(request, code: str):
    county = _keeper(request.user, code)
    form = RegionalTrainingForm(
        request.POST or None,
        areas=queries.area_names(),
        target_states=queries.target_state_names(),
    )
    problems, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.create_regional_training(
                    county=county, by=request.user, code=form.cleaned_data["code"], **form.entry()
                )
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, _("The training was added."))
                return redirect("training:county", code=county.code)
    context = {"county": county, "form": form, "problems": problems}
    return render(request, "learning/training/new_training.html", context, status=status)


@login_required
def participants(request, code: str):
    county = _keeper(request.user, code)
    trainings = Training.objects.filter(county=county)
    municipalities = list(county.municipalities.order_by("name"))
    form = ParticipantsForm(
        request.POST or None, trainings=trainings, years=_years(), municipalities=municipalities
    )
    problems, status = [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.record_participants(
                    training=form.cleaned_data["training"],
                    year=form.cleaned_data["year"],
                    counts=form.counts(),
                    by=request.user,
                )
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, _("The participants were saved."))
                year = form.cleaned_data["year"]
                return redirect(reverse("training:county", args=[county.code]) + f"?year={year}")
    context = {"county": county, "form": form, "problems": problems, "trainings": trainings}
    return render(request, "learning/training/participants.html", context, status=status)
