"""Exercise pages: the exercises a user may see, one exercise with its evaluation, and the
forms that register an exercise, its observations (with their sharing) and actions.

Thin views: `registry.access` decides, `exercise_services` changes and `exercise_queries`
reads. An exercise the user may not see is a 404 on every route (its observations and
actions too); one they may see but not change is a 403 on the forms.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from beredskap.registry import access

from . import exercise_queries as queries
from . import exercise_services as services
from . import form_outcomes
from .exercise_forms import ActionForm, ExerciseForm, ObservationForm
from .models import Exercise

PER_PAGE = 25


def _require_member(user) -> None:
    if not access.may_read_lessons(user):
        raise PermissionDenied


def _exercise(user, pk: int) -> Exercise:
    exercise = queries.exercise(access.visible_exercises_q(user), pk)
    if exercise is None:
        raise Http404(_("No exercise %(pk)s that you have access to.") % {"pk": pk})
    return exercise


def _editable(user, pk: int) -> Exercise:
    exercise = _exercise(user, pk)
    if not access.may_edit_exercise(user, exercise):
        raise PermissionDenied
    return exercise


def _apply(form, call):
    """Run a service; its `ValidationError` or `Conflict` lands on the form (None then)."""
    return form_outcomes.apply(form, call, conflict=services.Conflict, stamp="version")


@login_required
def index(request):
    """The exercises the user may see: the own organisations', and (county boards,
    analysts) those held in their counties or the whole country."""
    _require_member(request.user)
    qs = queries.exercises(access.visible_exercises_q(request.user))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "learning/exercises/index.html",
        {"page": page, "organisations": access.exercise_organisations(request.user)},
    )


@login_required
def new(request, organisation: int):
    """Register an exercise for one of the user's organisations."""
    recording = access.exercise_organisations(request.user)
    chosen = recording.filter(pk=organisation).first()
    if chosen is None:
        if not recording.exists():
            raise PermissionDenied
        raise Http404(_("You do not record exercises for this organisation."))
    county_id = chosen.county_id or chosen.municipality.county_id
    form = ExerciseForm(request.POST or None, county_id=county_id)
    if request.method == "POST" and form.is_valid():
        exercise = _apply(
            form,
            lambda: services.create_exercise(
                organisation=chosen, by=request.user, **form.values()
            ),
        )
        if exercise is not None:
            messages.success(request, _("The exercise was registered."))
            return redirect("exercises:detail", pk=exercise.pk)
    return render(request, "learning/exercises/form.html", {"form": form, "organisation": chosen})


@login_required
def detail(request, pk: int):
    """One exercise with its evaluation: observations (and their sharing) and actions."""
    exercise = _exercise(request.user, pk)
    observations, actions = queries.evaluation(exercise)
    return render(
        request,
        "learning/exercises/detail.html",
        {
            "exercise": exercise,
            "observations": observations,
            "actions": actions,
            "may_edit": access.may_edit_exercise(request.user, exercise),
        },
    )


@login_required
def edit(request, pk: int):
    exercise = _editable(request.user, pk)
    initial = {
        "version": exercise.version,
        "title": exercise.title,
        "kind": exercise.kind,
        "held_on": exercise.held_on,
        "description": exercise.description,
        "municipalities": list(exercise.municipalities.all()),
        "activities": list(exercise.activities.all()),
        "assumptions": list(exercise.assumptions.all()),
    }
    form = ExerciseForm(
        request.POST or None, initial=initial, county_id=exercise.county_id, exercise=exercise
    )
    if request.method == "POST" and form.is_valid():
        saved = _apply(
            form,
            lambda: services.update_exercise(
                exercise=exercise,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("The exercise was saved."))
            return redirect("exercises:detail", pk=exercise.pk)
    return render(
        request,
        "learning/exercises/form.html",
        {"form": form, "organisation": exercise.organisation, "exercise": exercise},
    )


def _save_observation(request, exercise, observation, form):
    data = form.cleaned_data
    fields = {"category": data["category"], "area": data["area"], "text": data["text"]}
    if observation is None:
        observation = services.add_observation(exercise=exercise, by=request.user, **fields)
    else:
        observation = services.update_observation(
            observation=observation,
            by=request.user,
            expected_version=data["version"],
            **fields,
        )
    if data["sharing"] != observation.sharing:
        observation = services.set_sharing(
            observation=observation,
            by=request.user,
            sharing=data["sharing"],
            expected_version=observation.version,
        )
    return observation


@login_required
def observation(request, pk: int, observation: int | None = None):
    """Add an observation to the evaluation, or change one (with its sharing)."""
    exercise = _editable(request.user, pk)
    current = None
    initial = {}
    if observation is not None:
        current = exercise.observations.filter(pk=observation).first()
        if current is None:
            raise Http404(_("No such observation in this exercise."))
        initial = {
            k: getattr(current, k) for k in ("version", "category", "area", "text", "sharing")
        }
    form = ObservationForm(request.POST or None, initial=initial, observation=current)
    if request.method == "POST" and form.is_valid():
        saved = _apply(form, lambda: _save_observation(request, exercise, current, form))
        if saved is not None:
            messages.success(request, _("The observation was saved."))
            return redirect("exercises:detail", pk=exercise.pk)
    return render(
        request,
        "learning/exercises/observation_form.html",
        {"form": form, "exercise": exercise, "observation": current},
    )


@login_required
def action(request, pk: int, action: int | None = None):
    """Add an action to the evaluation, or follow one up (status, owner, due date)."""
    exercise = _editable(request.user, pk)
    current = None
    initial = {}
    if action is not None:
        current = exercise.actions.filter(pk=action).first()
        if current is None:
            raise Http404(_("No such action in this exercise."))
        names = ("version", "description", "owner", "due_on", "status", "observation")
        initial = {k: getattr(current, k) for k in names}
    form = ActionForm(request.POST or None, initial=initial, exercise=exercise)
    if request.method == "POST" and form.is_valid():
        if current is None:
            call = lambda: services.add_action(  # noqa: E731
                exercise=exercise, by=request.user, **form.values()
            )
        else:
            call = lambda: services.update_action(  # noqa: E731
                action=current,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                **form.values(),
            )
        if _apply(form, call) is not None:
            messages.success(request, _("The action was saved."))
            return redirect("exercises:detail", pk=exercise.pk)
    return render(
        request,
        "learning/exercises/action_form.html",
        {"form": form, "exercise": exercise, "action": current},
    )
