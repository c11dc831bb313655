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


# --- national and regional meetings (events) -------------------------------------------
# Events live in the learning app; these take any object with `organiser_id`, `county_id`
# (the organising board's county, empty for national events) and `is_open`, so the
# registry does not import it. Registrations are by organisation, never by person.


def event_organiser_ids(user: User) -> set[int]:
    """Organisations the user organises events for: Socialstyrelsen's analysts (national
    events) and a county board's reviewers (its county's meetings; they keep its support
    log, where the meetings are logged)."""
    return {g.organisation_id for g in grants(user) if g.role in (Role.ANALYST, Role.REVIEWER)}


def event_organisers(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=event_organiser_ids(user)).select_related("county")


def may_organise_event(user: User, event) -> bool:
    """Change an event, cancel it, record attendance and add materials: its organiser."""
    return event.organiser_id in event_organiser_ids(user)


def visible_events_q(user: User) -> Q:
    """The events the user may see: open ones for everyone; national events for anyone
    working for a municipality, a county board or Socialstyrelsen; a county's meetings
    for its board and its municipalities; everything for analysts."""
    held = grants(user)
    if any(g.role == Role.ANALYST for g in held):
        return Q()
    q = Q(is_open=True)
    if not held:
        return q
    counties = {g.county_id for g in held if g.county_id}
    counties |= set(
        Municipality.objects.filter(
            pk__in={g.municipality_id for g in held if g.municipality_id}
        ).values_list("county_id", flat=True)
    )
    organisations = {g.organisation_id for g in held}
    return (
        q | Q(county__isnull=True) | Q(county_id__in=counties) | Q(organiser_id__in=organisations)
    )


def may_see_event(user: User, event) -> bool:
    """See `visible_events_q`; everyone else gets a 404."""
    if event.is_open or is_analyst(user):
        return True
    held = grants(user)
    if not held:
        return False
    if event.county_id is None or any(g.organisation_id == event.organiser_id for g in held):
        return True
    if event.county_id in _board_county_ids(user):
        return True
    return Municipality.objects.filter(
        pk__in=_own_municipality_ids(user), county_id=event.county_id
    ).exists()


def registering_organisations(user: User, event) -> QuerySet[Organisation]:
    """The organisations the user may register for the event: the municipalities they
    answer for (a county meeting: only those in its county) and, for national events, the
    county boards they review for. Never the organiser itself."""
    municipalities = _own_municipality_ids(user)
    qs = Organisation.objects.filter(municipality_id__in=municipalities)
    if event.county_id is not None:
        qs = qs.filter(municipality__county_id=event.county_id)
    else:
        qs = qs | Organisation.objects.filter(county_id__in=_reviewed_county_ids(user))
    return qs.exclude(pk=event.organiser_id).order_by("name")


def may_register_for_event(user: User, event, organisation_id: int) -> bool:
    return registering_organisations(user, event).filter(pk=organisation_id).exists()


def may_use_calendar_link(user: User, organisation_id: int) -> bool:
    """See and renew an organisation's private calendar link: anyone working for it."""
    return any(g.organisation_id == organisation_id for g in grants(user))
