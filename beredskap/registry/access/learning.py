"""Access to trainings, exercises and lessons (the learning app)."""

from django.db.models import Q, QuerySet

from ..models import County, Municipality, Organisation, Role, User
from .core import (
    _board_county_ids,
    _own_municipality_ids,
    _reviewed_county_ids,
    answers_for,
    grants,
    is_analyst,
    visible_counties,
)

# --- trainings and the training and exercise plan (learning) ----------------------------
# Trainings live in the learning app; these take ids and plain objects, so the registry
# does not import it. Completions are counts per municipality, never people.


def may_read_trainings(user: User) -> bool:
    """The training catalogue and the national coverage: anyone working for a
    municipality, a county board or Socialstyrelsen."""
    return bool(grants(user))


def training_municipalities(user: User) -> QuerySet[Municipality]:
    """Municipalities whose completions and plan the user may read: their own, those of a
    county board the user works for (any role), and every one for analysts."""
    qs = Municipality.objects.select_related("county")
    if is_analyst(user):
        return qs
    return qs.filter(pk__in=_own_municipality_ids(user)) | qs.filter(
        county_id__in=_board_county_ids(user)
    )


def training_counties(user: User) -> QuerySet[County]:
    """Counties whose training coverage the user may read: their boards', or all (analysts)."""
    return visible_counties(user)


def may_record_completions(user: User, municipality: Municipality) -> bool:
    """Completions and the plan are kept by those who answer for the municipality."""
    return answers_for(user, municipality)


def may_keep_trainings(user: User, county_id: int) -> bool:
    """A county board's regional trainings and their participants: its reviewers."""
    return county_id in _reviewed_county_ids(user)


# --- exercises and lessons -------------------------------------------------------------
# Exercises live in the learning app; these take any object with `organisation_id` and
# `county_id` (the organisation's county), so the registry does not import it.

#: Who records exercises for their organisation: municipal respondents and approvers, and
#: the county board's reviewers (they keep its support log too).
EXERCISE_ROLES = (Role.RESPONDENT, Role.APPROVER, Role.REVIEWER)


def exercise_organisation_ids(user: User) -> set[int]:
    """The ids of the organisations the user records exercises, evaluations and actions for."""
    return {g.organisation_id for g in grants(user) if g.role in EXERCISE_ROLES}


def exercise_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations the user records exercises, evaluations and actions for."""
    return Organisation.objects.filter(pk__in=exercise_organisation_ids(user)).select_related(
        "municipality", "county"
    )


def may_record_exercises(user: User, organisation_id: int) -> bool:
    return any(
        g.organisation_id == organisation_id and g.role in EXERCISE_ROLES for g in grants(user)
    )


def may_see_exercise(user: User, exercise) -> bool:
    """An exercise with its unshared observations and actions: its own organisation, the
    county board of its county, and analysts (everyone else gets a 404)."""
    if is_analyst(user):
        return True
    own = any(g.organisation_id == exercise.organisation_id for g in grants(user))
    return own or exercise.county_id in _board_county_ids(user)


def may_edit_exercise(user: User, exercise) -> bool:
    """Change an exercise, its evaluation, actions and sharing: its own organisation."""
    return may_record_exercises(user, exercise.organisation_id)


def visible_exercises_q(user: User) -> Q:
    """The filter `may_see_exercise` is, for a queryset of exercises."""
    if is_analyst(user):
        return Q()
    held = grants(user)
    return Q(organisation_id__in={g.organisation_id for g in held}) | Q(
        county_id__in=_board_county_ids(user)
    )


def may_read_lessons(user: User) -> bool:
    """The national lessons library: anyone signed in who works for a municipality, a
    county board or Socialstyrelsen (it is not public: docs/learning.md)."""
    return bool(grants(user))
