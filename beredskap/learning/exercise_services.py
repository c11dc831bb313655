"""Every change of an exercise, its evaluation (observations), actions and sharing.

Each function takes keyword-only arguments and `by=user`, asks `registry.access`, checks
all values at once (`ValidationError` by field), runs in a transaction and leaves an audit
row. An edit carries the `version` the person started from: if someone saved the row
since, it is a `Conflict` and nothing is written. See docs/learning.md.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.catalogue.models import Activity, Area
from beredskap.planning.models import Assumption
from beredskap.registry import access
from beredskap.registry.models import Municipality, Organisation

from .models import Action, Exercise, Observation

EXERCISE_FIELDS = ("title", "kind", "held_on", "description")
EXERCISE_RELATED = ("municipalities", "activities", "assumptions")
OBSERVATION_FIELDS = ("category", "area", "text")
ACTION_FIELDS = ("observation", "description", "owner", "due_on", "status")


class Conflict(Exception):
    """Someone saved the row after this person opened it; nothing was written."""

    def __init__(self, current):
        self.current = current
        super().__init__(
            _(
                "Someone else saved this after you opened it. Your changes were not saved; "
                "they are still in the form. Compare them with what is saved now and save "
                "again to keep yours."
            )
        )


def _require_recorder(by, organisation_id: int) -> None:
    if not access.may_record_exercises(by, organisation_id):
        raise PermissionDenied(_("You do not record exercises for this organisation."))


def _text(values: dict, errors: dict, name: str, message: str, max_length: int = 0) -> None:
    values[name] = (values.get(name) or "").strip()
    if not values[name]:
        errors[name] = message
    elif max_length and len(values[name]) > max_length:
        errors[name] = _("The text is too long (at most %(max)s characters).") % {
            "max": max_length
        }


def _date(values: dict, errors: dict, name: str) -> None:
    if not isinstance(values.get(name), datetime.date):
        errors[name] = _("Give the date as YYYY-MM-DD.")


def _clean_exercise(organisation: Organisation, values: dict) -> dict:
    errors: dict[str, str] = {}
    values = dict(values)
    _text(values, errors, "title", _("Give the exercise a title."), 200)
    if values.get("kind") not in Exercise.Kind.values:
        errors["kind"] = _("Choose the type of exercise.")
    _date(values, errors, "held_on")
    values["description"] = (values.get("description") or "").strip()
    for name in EXERCISE_RELATED:
        values[name] = list(values.get(name) or ())
    county_id = _county_id(organisation)
    if any(m.county_id != county_id for m in values["municipalities"]):
        errors["municipalities"] = _("Choose only municipalities in the organisation's county.")
    if errors:
        raise ValidationError(errors)
    return values


def _county_id(organisation: Organisation) -> int:
    if organisation.municipality_id:
        return Municipality.objects.values_list("county_id", flat=True).get(
            pk=organisation.municipality_id
        )
    return organisation.county_id


def _exercise_summary(exercise: Exercise) -> dict:
    return {
        "organisation": exercise.organisation.name,
        "kind": exercise.kind,
        "held_on": exercise.held_on.isoformat(),
        "title": exercise.title,
    }


@transaction.atomic
def create_exercise(
    *,
    organisation: Organisation,
    by,
    title: str,
    kind: str,
    held_on: datetime.date,
    description: str = "",
    municipalities: Iterable[Municipality] = (),
    activities: Iterable[Activity] = (),
    assumptions: Iterable[Assumption] = (),
) -> Exercise:
    """Register an exercise `organisation` held (a municipality or a county board)."""
    _require_recorder(by, organisation.pk)
    values = _clean_exercise(
        organisation,
        {
            "title": title,
            "kind": kind,
            "held_on": held_on,
            "description": description,
            "municipalities": municipalities,
            "activities": activities,
            "assumptions": assumptions,
        },
    )
    related = {name: values.pop(name) for name in EXERCISE_RELATED}
    exercise = Exercise.objects.create(
        organisation=organisation,
        county_id=_county_id(organisation),
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **values,
    )
    for name, items in related.items():
        getattr(exercise, name).set(items)
    audit.record(
        actor=by,
        action="learning.exercise_created",
        target=exercise,
        **_exercise_summary(exercise),
    )
    return exercise


def _locked(model, pk: int):
    return model.objects.select_for_update().get(pk=pk)


def _check_version(locked, expected_version: int | None) -> None:
    if expected_version is None or locked.version != expected_version:
        raise Conflict(locked)


def _bump(locked, fields: dict) -> None:
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version = F("version") + 1
    locked.save()
    locked.refresh_from_db()


@transaction.atomic
def update_exercise(
    *, exercise: Exercise, by, expected_version: int | None, **changes
) -> Exercise:
    """Change an exercise; `changes` are any of its fields and related lists."""
    unknown = set(changes) - set(EXERCISE_FIELDS + EXERCISE_RELATED)
    if unknown:
        raise TypeError(f"update_exercise() got unexpected fields: {', '.join(sorted(unknown))}")
    locked = _locked(Exercise, exercise.pk)
    _require_recorder(by, locked.organisation_id)
    _check_version(locked, expected_version)
    merged = {name: changes.get(name, getattr(locked, name)) for name in EXERCISE_FIELDS}
    for name in EXERCISE_RELATED:
        merged[name] = changes[name] if name in changes else getattr(locked, name).all()
    values = _clean_exercise(locked.organisation, merged)
    related = {name: values.pop(name) for name in EXERCISE_RELATED}
    changed = sorted(name for name in values if getattr(locked, name) != values[name])
    _bump(locked, values)
    for name, items in related.items():
        getattr(locked, name).set(items)
    audit.record(
        actor=by,
        action="learning.exercise_updated",
        target=locked,
        changed=changed,
        **_exercise_summary(locked),
    )
    return locked


# --- the evaluation: observations and their sharing -------------------------------------


def _clean_observation(values: dict) -> dict:
    errors: dict[str, str] = {}
    values = dict(values)
    if values.get("category") not in Observation.Category.values:
        errors["category"] = _("Choose a category.")
    if not isinstance(values.get("area"), Area):
        errors["area"] = _("Choose the area of the catalogue the observation concerns.")
    _text(values, errors, "text", _("Write what was observed."), 5000)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def add_observation(
    *, exercise: Exercise, by, category: str, area: Area, text: str
) -> Observation:
    """Add an observation to the exercise's evaluation (not shared until chosen)."""
    _require_recorder(by, exercise.organisation_id)
    values = _clean_observation({"category": category, "area": area, "text": text})
    observation = Observation.objects.create(exercise=exercise, **values)
    audit.record(
        actor=by,
        action="learning.observation_added",
        target=observation,
        exercise=exercise.pk,
        category=category,
        area=area.code,
    )
    return observation


@transaction.atomic
def update_observation(
    *, observation: Observation, by, expected_version: int | None, **changes
) -> Observation:
    """Change an observation's category, area or text."""
    unknown = set(changes) - set(OBSERVATION_FIELDS)
    if unknown:
        raise TypeError(
            f"update_observation() got unexpected fields: {', '.join(sorted(unknown))}"
        )
    locked = _locked(Observation, observation.pk)
    _require_recorder(by, locked.exercise.organisation_id)
    _check_version(locked, expected_version)
    values = _clean_observation(
        {name: changes.get(name, getattr(locked, name)) for name in OBSERVATION_FIELDS}
    )
    changed = sorted(name for name in values if getattr(locked, name) != values[name])
    _bump(locked, values)
    audit.record(actor=by, action="learning.observation_updated", target=locked, changed=changed)
    return locked


@transaction.atomic
def set_sharing(
    *, observation: Observation, by, sharing: str, expected_version: int | None
) -> Observation:
    """Share the observation to the national lessons library (by name or anonymised to
    the county), or withdraw it (`Sharing.PRIVATE`)."""
    locked = _locked(Observation, observation.pk)
    _require_recorder(by, locked.exercise.organisation_id)
    _check_version(locked, expected_version)
    if sharing not in Observation.Sharing.values:
        raise ValidationError({"sharing": _("Choose how the lesson is shared.")})
    before = locked.sharing
    shared_at = locked.shared_at
    if sharing == Observation.Sharing.PRIVATE:
        shared_at = None
    elif shared_at is None:
        shared_at = timezone.now()
    _bump(locked, {"sharing": sharing, "shared_at": shared_at})
    audit.record(
        actor=by, action="learning.observation_shared", target=locked, before=before, after=sharing
    )
    return locked


# --- actions ----------------------------------------------------------------------------


def _clean_action(exercise: Exercise, values: dict) -> dict:
    errors: dict[str, str] = {}
    values = dict(values)
    _text(values, errors, "description", _("Describe the action."), 5000)
    _text(values, errors, "owner", _("Name who owns the action (a role or a name)."), 150)
    _date(values, errors, "due_on")
    if values.get("status") not in Action.Status.values:
        errors["status"] = _("Choose a status.")
    observation = values.get("observation")
    if observation is not None and observation.exercise_id != exercise.pk:
        errors["observation"] = _("Choose an observation of this exercise.")
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def add_action(
    *,
    exercise: Exercise,
    by,
    description: str,
    owner: str,
    due_on: datetime.date,
    status: str = Action.Status.OPEN,
    observation: Observation | None = None,
) -> Action:
    """Add an action to the exercise's evaluation, with an owner and a due date."""
    _require_recorder(by, exercise.organisation_id)
    values = _clean_action(
        exercise,
        {
            "description": description,
            "owner": owner,
            "due_on": due_on,
            "status": status,
            "observation": observation,
        },
    )
    action = Action.objects.create(exercise=exercise, **values)
    audit.record(
        actor=by,
        action="learning.action_added",
        target=action,
        exercise=exercise.pk,
        due_on=action.due_on.isoformat(),
        status=action.status,
    )
    return action


@transaction.atomic
def update_action(*, action: Action, by, expected_version: int | None, **changes) -> Action:
    """Follow up an action: change its status, owner, due date or text."""
    unknown = set(changes) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"update_action() got unexpected fields: {', '.join(sorted(unknown))}")
    locked = _locked(Action, action.pk)
    exercise = locked.exercise
    _require_recorder(by, exercise.organisation_id)
    _check_version(locked, expected_version)
    values = _clean_action(
        exercise, {name: changes.get(name, getattr(locked, name)) for name in ACTION_FIELDS}
    )
    changed = sorted(name for name in values if getattr(locked, name) != values[name])
    _bump(locked, values)
    audit.record(
        actor=by,
        action="learning.action_updated",
        target=locked,
        changed=changed,
        status=locked.status,
    )
    return locked
