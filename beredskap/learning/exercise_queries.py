"""Reads of the exercise pages and the national lessons library.

Lists are read in a fixed number of queries whatever the number of rows. The library
turns each shared observation into a plain `Lesson` that holds only what may be shown:
an anonymised lesson carries the county's name and nothing that names the organisation,
the participating municipalities or the exercise's title (docs/learning.md).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from beredskap.catalogue.models import Activity, Area, Edition
from beredskap.planning.models import Assumption, Direction

from .models import Action, Exercise, Observation

Sharing = Observation.Sharing


def newest_edition() -> Edition | None:
    return Edition.objects.order_by("-year").first()


def adopted_direction() -> Direction | None:
    return Direction.objects.filter(status=Direction.Status.ADOPTED).first()


def _current_or(qs: QuerySet, pks) -> QuerySet:
    """Choices: the current ones, and those already chosen (from older versions)."""
    return qs.model.objects.filter(Q(pk__in=qs.values("pk")) | Q(pk__in=list(pks)))


def activity_choices(exercise: Exercise | None) -> QuerySet:
    chosen = exercise.activities.values_list("pk", flat=True) if exercise else []
    return _current_or(Activity.objects.filter(edition=newest_edition()), chosen).order_by(
        "position", "pk"
    )


def assumption_choices(exercise: Exercise | None) -> QuerySet:
    chosen = exercise.assumptions.values_list("pk", flat=True) if exercise else []
    return _current_or(Assumption.objects.filter(direction=adopted_direction()), chosen).order_by(
        "position", "pk"
    )


def area_choices(observation: Observation | None) -> QuerySet:
    chosen = [observation.area_id] if observation else []
    return _current_or(Area.objects.filter(edition=newest_edition()), chosen).order_by(
        "position", "pk"
    )


# --- the exercise pages -----------------------------------------------------------------


def exercises(scope: Q) -> QuerySet:
    """Exercises within `scope` (registry.access.visible_exercises_q), newest first, with
    counts of observations and pending actions."""
    return (
        Exercise.objects.filter(scope)
        .select_related("organisation", "county")
        .annotate(
            observation_count=Count("observations", distinct=True),
            pending_count=Count(
                "actions", filter=Q(actions__status__in=Action.PENDING), distinct=True
            ),
        )
        .order_by("-held_on", "-pk")
    )


def exercise(scope: Q, pk: int) -> Exercise | None:
    return (
        Exercise.objects.filter(scope, pk=pk)
        .select_related("organisation", "county")
        .prefetch_related("municipalities", "activities", "assumptions")
        .first()
    )


def evaluation(exercise: Exercise) -> tuple[list[Observation], list[Action]]:
    observations = list(exercise.observations.select_related("area"))
    actions = list(exercise.actions.select_related("observation"))
    return observations, actions


def overdue_actions(organisation_ids, today: datetime.date) -> list[Action]:
    """Actions not done whose due date has passed, of the organisations, oldest first."""
    return list(
        Action.objects.filter(
            exercise__organisation_id__in=organisation_ids,
            status__in=Action.PENDING,
            due_on__lt=today,
        ).select_related("exercise__organisation")
    )


def actions_due_in(organisation_ids, year: int) -> list[Action]:
    """The organisations' actions due in calendar year `year` (the deadlines calendar)."""
    return list(
        Action.objects.filter(
            exercise__organisation_id__in=organisation_ids, due_on__year=year
        ).select_related("exercise__organisation")
    )


# --- the lessons library ----------------------------------------------------------------


@dataclass(frozen=True)
class FilterOptions:
    areas: list[tuple[str, str]]
    activities: list[tuple[str, str]]
    assumptions: list[tuple[str, str]]


def filter_options() -> FilterOptions:
    """(code, name) choices of the newest catalogue and the adopted direction (3 queries
    and one each to find them)."""
    edition = newest_edition()
    direction = adopted_direction()
    return FilterOptions(
        areas=[(a.code, a.name) for a in Area.objects.filter(edition=edition)],
        activities=[(a.code, a.name) for a in Activity.objects.filter(edition=edition)],
        assumptions=[(a.code, a.title) for a in Assumption.objects.filter(direction=direction)],
    )


@dataclass(frozen=True)
class LessonFilters:
    q: str = ""
    area: str = ""
    activity: str = ""
    assumption: str = ""
    kind: str = ""
    invalid: bool = False


@dataclass(frozen=True)
class Lesson:
    """One shared observation as the library shows it (nothing else is read from it)."""

    pk: int
    text: str
    category: str
    area: str
    kind: str
    held_on: datetime.date
    county: str
    anonymised: bool
    #: The organisation and participating municipalities: empty when anonymised.
    organisation: str = ""
    title: str = ""
    participants: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)


def shared_observations(filters: LessonFilters = LessonFilters()) -> QuerySet:
    qs = Observation.objects.exclude(sharing=Sharing.PRIVATE)
    if filters.invalid:
        return qs.none()
    if filters.q:
        named = Q(sharing=Sharing.NAMED)
        qs = qs.filter(
            Q(text__icontains=filters.q)
            | (named & Q(exercise__title__icontains=filters.q))
            | (named & Q(exercise__organisation__name__icontains=filters.q))
        )
    if filters.area:
        qs = qs.filter(area__code=filters.area)
    if filters.kind:
        qs = qs.filter(exercise__kind=filters.kind)
    if filters.activity:
        qs = qs.filter(exercise__in=Exercise.objects.filter(activities__code=filters.activity))
    if filters.assumption:
        qs = qs.filter(exercise__in=Exercise.objects.filter(assumptions__code=filters.assumption))
    return qs.select_related("area", "exercise__organisation", "exercise__county").order_by(
        "-shared_at", "-pk"
    )


def lessons(observations) -> list[Lesson]:
    """The observations (a page of them) as lessons, in 3 more queries whatever their number."""
    observations = list(observations)
    exercise_ids = {o.exercise_id for o in observations}
    related = _related(exercise_ids)
    return [_lesson(o, related) for o in observations]


def _related(exercise_ids) -> dict[str, dict[int, list[str]]]:
    through = {
        "participants": (Exercise.municipalities.through, "municipality__name"),
        "activities": (Exercise.activities.through, "activity"),
        "assumptions": (Exercise.assumptions.through, "assumption"),
    }
    found: dict[str, dict[int, list[str]]] = {}
    for name, (model, target) in through.items():
        rows = model.objects.filter(exercise_id__in=exercise_ids)
        found[name] = {}
        if name == "participants":
            pairs = rows.order_by(target).values_list("exercise_id", target)
        else:
            pairs = [
                (r.exercise_id, str(_label(getattr(r, target))))
                for r in rows.select_related(target)
            ]
        for exercise_id, label in pairs:
            found[name].setdefault(exercise_id, []).append(label)
    return found


def _label(obj) -> str:
    return getattr(obj, "title", None) or obj.name


def _lesson(observation: Observation, related: dict) -> Lesson:
    exercise = observation.exercise
    named = not observation.is_anonymised
    return Lesson(
        pk=observation.pk,
        text=observation.text,
        category=observation.get_category_display(),
        area=observation.area.name,
        kind=exercise.get_kind_display(),
        held_on=exercise.held_on,
        county=exercise.county.name,
        anonymised=not named,
        organisation=exercise.organisation.name if named else "",
        title=exercise.title if named else "",
        participants=related["participants"].get(exercise.pk, []) if named else [],
        activities=related["activities"].get(exercise.pk, []),
        assumptions=related["assumptions"].get(exercise.pk, []),
    )


def lesson(pk: int) -> Lesson | None:
    observation = shared_observations().filter(pk=pk).first()
    return lessons([observation])[0] if observation else None
