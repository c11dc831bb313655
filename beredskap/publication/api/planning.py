"""API v1's planning direction operations (tag `planning`): the public versions and items.

Only adopted and superseded versions are served (drafts and versions out for consultation
are a 404, as on the pages), and of their assumptions only those that are not restricted:
the API is an anonymous door, so restricted assumptions never pass it, whoever calls
(signed-in members read them on the pages and in the PDF). Last-Modified is when the
version was loaded.
"""

import datetime

from django.db.models import Max, Prefetch
from django.http import HttpResponse
from django.urls import reverse
from ninja import Field, Path, Router, Schema

from beredskap.planning.models import Direction, Parameter, Sensitivity

from .base import ApiError, last_modified, responses
from .schemas import Text

VERSION = r"^[0-9]{4}\.[0-9]{1,2}$"

router = Router(tags=["planning"])


class DirectionSummary(Schema):
    version: str = Field(examples=["2026.1"])
    status: str = Field(description="adopted or superseded.")
    valid_from: datetime.date | None
    valid_until: datetime.date | None
    title: Text
    previous: str | None = Field(description="The version this one was copied from, if any.")
    url: str = Field(description="The version's permanent page.")
    pdf: str = Field(description="The version's PDF (public items only when anonymous).")


class DirectionList(Schema):
    items: list[DirectionSummary]


class StartingPointOut(Schema):
    code: str = Field(examples=["UP_RESPONSIBILITY"])
    title: Text
    text: Text
    placeholder: bool = Field(description="The project's own text until the official exists.")


class ParameterOut(Schema):
    name: str = Field(examples=["duration_hours"])
    unit: str = Field(examples=["hours"])
    value: float = Field(examples=[168])
    note: Text | None


class AssumptionOut(StartingPointOut):
    category: str = Field(examples=["electricity"])
    sensitivity: str = Field(description="public or aggregate; restricted ones are left out.")
    parameters: list[ParameterOut]


class TargetStateOut(StartingPointOut):
    area: str = Field(description="Catalogue area code.", examples=["B"])
    activity: str | None = Field(description="Catalogue activity code, if any.")
    criteria: list[Text]
    indicators: list[str] = Field(description="Codes of the indicators that show progress.")
    questions: list[str] = Field(description="Codes of the survey questions it draws on.")


class DirectionOut(DirectionSummary):
    starting_points: list[StartingPointOut]
    assumptions: list[AssumptionOut]
    target_states: list[TargetStateOut]


def _text(obj, name: str) -> dict:
    return {"sv": getattr(obj, f"{name}_sv"), "en": getattr(obj, f"{name}_en")}


def _item(item) -> dict:
    return {
        "code": item.code,
        "title": _text(item, "title"),
        "text": _text(item, "text"),
        "placeholder": item.placeholder,
    }


def _summary(request, direction: Direction) -> dict:
    version = direction.version
    return {
        "version": version,
        "status": direction.status,
        "valid_from": direction.valid_from,
        "valid_until": direction.valid_until,
        "title": _text(direction, "title"),
        "previous": direction.copied_from.version if direction.copied_from else None,
        "url": request.build_absolute_uri(reverse("planning:detail", args=[version])),
        "pdf": request.build_absolute_uri(reverse("planning:pdf", args=[version])),
    }


def _public():
    return Direction.objects.filter(status__in=Direction.PUBLIC_STATUSES).select_related(
        "copied_from"
    )


@router.get(
    "/planning/directions",
    response=responses(DirectionList),
    summary="List planning directions",
)
def directions(request, response: HttpResponse):
    """The adopted and superseded versions of the planning direction, newest first."""
    found = list(_public())
    last_modified(response, _public().aggregate(t=Max("loaded_at"))["t"])
    return {"items": [_summary(request, d) for d in found]}


@router.get(
    "/planning/directions/{version}",
    response=responses(DirectionOut, 404, 422),
    summary="Get a planning direction",
)
def direction(
    request,
    response: HttpResponse,
    version: str = Path(..., pattern=VERSION, description="The version, e.g. 2026.1."),
):
    """One public version with its starting points, its assumptions that are not restricted
    (with their parameters) and its target states, each in order."""
    found = _public().filter(version=version).first()
    if found is None:
        raise ApiError(404, "version", f"No published planning direction {version}.")
    last_modified(response, found.loaded_at)
    parameters = Prefetch("parameters", queryset=Parameter.objects.order_by("position"))
    assumptions = found.assumptions.exclude(sensitivity=Sensitivity.RESTRICTED)
    return {
        **_summary(request, found),
        "starting_points": [_item(s) for s in found.starting_points.all()],
        "assumptions": [
            {
                **_item(a),
                "category": a.category,
                "sensitivity": a.sensitivity,
                "parameters": [
                    {
                        "name": p.name,
                        "unit": p.unit,
                        "value": p.value,
                        "note": _text(p, "note") if p.note_sv or p.note_en else None,
                    }
                    for p in a.parameters.all()
                ],
            }
            for a in assumptions.prefetch_related(parameters)
        ],
        "target_states": [
            {
                **_item(t),
                "area": t.area,
                "activity": t.activity or None,
                "criteria": [{"sv": c["sv"], "en": c["en"]} for c in t.criteria],
                "indicators": list(t.indicators),
                "questions": list(t.questions),
            }
            for t in found.target_states.all()
        ],
    }
