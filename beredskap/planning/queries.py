"""Page reads of planning directions, each in a fixed number of queries.

What a user may see is decided by `registry.access`: which versions, and whether the
restricted assumptions are shown. A hidden assumption is left out of the page and of the
snapshot the diff is made from, so the diff does not reveal it either.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from beredskap.registry import access

from .models import Assumption, Direction, Parameter, Sensitivity, StartingPoint, TargetState

COMMON = ("title_sv", "title_en", "text_sv", "text_en", "placeholder")
FIELDS = {
    "starting_points": COMMON,
    "assumptions": (*COMMON, "category", "sensitivity"),
    "target_states": (*COMMON, "area", "activity", "criteria", "indicators", "questions"),
}


def visible_directions(user) -> QuerySet[Direction]:
    """Newest first: the public versions, and for Socialstyrelsen every version."""
    directions = Direction.objects.select_related("copied_from")
    if access.is_analyst(user):
        return directions
    return directions.filter(status__in=Direction.PUBLIC_STATUSES)


def direction_for(user, version: str) -> Direction:
    direction = Direction.objects.select_related("copied_from").filter(version=version).first()
    if direction is None or not access.may_see_direction(user, direction):
        raise Http404(_("No planning direction %(version)s.") % {"version": version})
    return direction


def previous_version(direction: Direction) -> Direction | None:
    """The version this one was made from, or else the public version before it."""
    if direction.copied_from is not None:
        return direction.copied_from
    if direction.valid_from is None:
        return None
    return (
        Direction.objects.filter(
            status__in=Direction.PUBLIC_STATUSES, valid_from__lt=direction.valid_from
        )
        .order_by("-valid_from")
        .first()
    )


@dataclass
class Items:
    starting_points: list[StartingPoint]
    assumptions: list[Assumption]
    target_states: list[TargetState]
    hidden: int  # restricted assumptions the user may not see


def items(direction: Direction, user) -> Items:
    """The three kinds of items in order, in four queries."""
    assumptions = list(
        direction.assumptions.prefetch_related(
            Prefetch("parameters", queryset=Parameter.objects.order_by("position"))
        )
    )
    shown = [a for a in assumptions if _may_see(user, a)]
    return Items(
        starting_points=list(direction.starting_points.all()),
        assumptions=shown,
        target_states=list(direction.target_states.all()),
        hidden=len(assumptions) - len(shown),
    )


def _may_see(user, assumption: Assumption) -> bool:
    if assumption.sensitivity != Sensitivity.RESTRICTED:
        return True
    return access.may_see_restricted_assumptions(user)


def snapshot(found: Items) -> dict:
    """The items as plain data for `calculations.diff`, with `title` for display."""
    result = {}
    for kind, fields in FIELDS.items():
        result[kind] = {
            item.code: {
                "code": item.code,
                "position": item.position,
                "title": item.title,
                **{field: getattr(item, field) for field in fields},
                **({"parameters": _parameters(item)} if kind == "assumptions" else {}),
            }
            for item in getattr(found, kind)
        }
    return result


def _parameters(assumption: Assumption) -> dict:
    return {
        p.name: {"unit": p.unit, "value": p.value, "note_sv": p.note_sv, "note_en": p.note_en}
        for p in assumption.parameters.all()
    }
