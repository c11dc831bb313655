"""Reads of the training part: the catalogue, activity names, staff and plan items.

Coverage pages are in `coverage`; everything here reads in a fixed number of queries.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from beredskap.catalogue.models import Activity, Area, Edition
from beredskap.registry.models import County, Municipality
from beredskap.surveys.models import Answer

from ..models import PlanItem, Training
from . import calculations as calc

#: The survey's share questions whose denominators count an activity's staff.
STAFF_QUESTIONS = ("UTB_STAFF_TRAINED", "UTB_MANAGERS")


def newest_edition() -> Edition | None:
    return Edition.objects.order_by("-year").first()


def activity_names(edition: Edition | None = None) -> dict[str, str]:
    """The catalogue activities by code, in the catalogue's order (newest edition)."""
    edition = edition or newest_edition()
    if edition is None:
        return {}
    return {a.code: a.name for a in Activity.objects.filter(edition=edition).order_by("position")}


def area_names(edition: Edition | None = None) -> dict[str, str]:
    edition = edition or newest_edition()
    if edition is None:
        return {}
    return {a.code: a.name for a in Area.objects.filter(edition=edition).order_by("position")}


def trainings_for(municipality: Municipality) -> QuerySet[Training]:
    """What a municipality records completions of: the national trainings (a regional
    training's participants are recorded by its county board)."""
    return Training.objects.filter(scope=Training.Scope.NATIONAL)


def catalogue(county: County | None = None) -> QuerySet[Training]:
    """National trainings and the regional ones of `county` (all regional ones for None)."""
    qs = Training.objects.select_related("county")
    if county is not None:
        qs = qs.filter(Q(scope=Training.Scope.NATIONAL) | Q(county=county))
    return qs.order_by("scope", "name_sv")


def staff(municipalities: Iterable[Municipality]) -> dict[int, dict[str, int]]:
    """Staff per municipality and activity, from the newest survey answers that say: the
    denominators of the training share questions (employees plus managers). The blank
    activity holds the sum of all activities. One query."""
    ids = [m.pk for m in municipalities]
    rows = (
        Answer.objects.filter(
            response__municipality_id__in=ids, question__code__in=STAFF_QUESTIONS
        )
        .filter(value__isnull=False)
        .order_by("response__round__year")
        .values_list("response__municipality_id", "question__code", "activity_code", "value")
    )
    newest: dict[tuple[int, str, str], int] = {}
    for municipality_id, question, activity, value in rows:
        denominator = value.get("denominator") if isinstance(value, dict) else None
        try:
            newest[(municipality_id, question, activity)] = int(float(denominator))
        except (TypeError, ValueError):
            continue
    result: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (municipality_id, _question, activity), count in newest.items():
        result[municipality_id][activity] += count
        result[municipality_id][""] += count
    return {k: dict(v) for k, v in result.items()}


def ceilings(municipality: Municipality) -> dict[str, int]:
    """The plausible completion count per activity code ('' for all) for a municipality."""
    known = staff([municipality]).get(municipality.pk, {})
    names = activity_names()
    return {code: calc.plausible_ceiling(known.get(code)) for code in ["", *names]}


def plan(municipality: Municipality, term: int) -> list[PlanItem]:
    return list(
        PlanItem.objects.filter(municipality=municipality, term_start=term).select_related(
            "training"
        )
    )


def plan_terms(municipality: Municipality) -> list[int]:
    rows = PlanItem.objects.filter(municipality=municipality).values_list("term_start", flat=True)
    return sorted(set(rows))


def target_state_names() -> dict[str, str]:
    """The målbilder of the adopted planning direction (the newest one), by code."""
    from beredskap.planning.models import Direction, TargetState

    direction = Direction.objects.filter(status=Direction.Status.ADOPTED).order_by("-pk").first()
    if direction is None:
        return {}
    return {t.code: t.title for t in TargetState.objects.filter(direction=direction)}
