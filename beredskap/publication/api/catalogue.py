"""API v1's catalogue operations (tag `catalogue`): areas, activities and indicators.

The catalogue is public whole, restricted indicators included (their values never are);
an indicator is served with its definition in every edition, so a client can tell where
a series breaks. Last-Modified is when the edition (or any edition) was loaded.
"""

from django.db.models import Max
from django.http import HttpResponse
from ninja import Path, Query, Router

from beredskap.catalogue.models import Activity, Area, Edition, IndicatorVersion

from .base import ApiError, last_modified, responses
from .params import CODE, YEAR
from .schemas import ActivityList, AreaList, IndicatorList, IndicatorOut

EditionParam = Query(None, **YEAR, description="Catalogue edition year (default: the latest).")

router = Router(tags=["catalogue"])


def _edition(year: int | None) -> Edition:
    editions = Edition.objects.order_by("-year")
    edition = (editions.filter(year=year) if year else editions).first()
    if edition is None:
        raise ApiError(404, "edition", f"No catalogue edition {year}." if year else "No edition.")
    return edition


def _text(obj, name: str) -> dict:
    return {"sv": getattr(obj, f"{name}_sv"), "en": getattr(obj, f"{name}_en")}


def _named_in_edition(model, response: HttpResponse, edition: int | None) -> dict:
    """An edition's areas or activities (`model`) in their order, with their names."""
    found = _edition(edition)
    last_modified(response, found.loaded_at)
    rows = model.objects.filter(edition=found).order_by("position", "code")
    items = [{"code": row.code, "name": _text(row, "name")} for row in rows]
    return {"edition": found.year, "items": items}


@router.get("/areas", response=responses(AreaList, 404, 422), summary="List indicator areas")
def areas(request, response: HttpResponse, edition: int | None = EditionParam):
    """The areas an edition's indicators are grouped in."""
    return _named_in_edition(Area, response, edition)


@router.get("/activities", response=responses(ActivityList, 404, 422), summary="List activities")
def activities(request, response: HttpResponse, edition: int | None = EditionParam):
    """The activities (verksamheter) an edition breaks indicators down by."""
    return _named_in_edition(Activity, response, edition)


def _version_out(version: IndicatorVersion) -> dict:
    """One edition's definition of an indicator, as `IndicatorVersionOut`."""
    note = _text(version, "change_note")
    return {
        "edition": version.edition.year,
        "title": _text(version, "title"),
        "description": _text(version, "description"),
        "area": version.area.code,
        "kind": version.kind,
        "sensitivity": version.sensitivity,
        "direction": version.direction,
        "activities": [a.code for a in version.activities.all()],
        "comparable_with_previous": version.comparable_with_previous,
        "change_note": note if note["sv"] or note["en"] else None,
    }


def _versions(**filters) -> dict[str, list[dict]]:
    """{code: [version, ...]} oldest edition first, in three queries."""
    rows = (
        IndicatorVersion.objects.filter(**filters)
        .select_related("indicator", "edition", "area")
        .prefetch_related("activities")
        .order_by("indicator__code", "edition__year")
    )
    versions: dict[str, list[dict]] = {}
    for version in rows:
        versions.setdefault(version.indicator.code, []).append(_version_out(version))
    return versions


def _catalogue_changed(response: HttpResponse) -> None:
    last_modified(response, Edition.objects.aggregate(t=Max("loaded_at"))["t"])


@router.get("/indicators", response=responses(IndicatorList, 404, 422), summary="List indicators")
def indicators(
    request,
    response: HttpResponse,
    edition: int | None = Query(None, **YEAR, description="Only this edition's definitions."),
):
    """Every indicator with its definition in each edition. The catalogue is public, so
    restricted indicators are listed too; their values are never published."""
    filters = {}
    if edition is not None:
        filters["edition"] = _edition(edition)
    _catalogue_changed(response)
    versions = _versions(**filters)
    return {"items": [{"code": c, "versions": v} for c, v in versions.items()]}


@router.get(
    "/indicators/{code}", response=responses(IndicatorOut, 404, 422), summary="Get an indicator"
)
def indicator(
    request,
    response: HttpResponse,
    code: str = Path(..., pattern=CODE, description="Indicator code, e.g. KON01."),
):
    """One indicator with its definition in each edition: how it was revised, and whether
    its series continues across editions."""
    versions = _versions(indicator__code=code).get(code)
    if not versions:
        raise ApiError(404, "code", f"No indicator {code}.")
    _catalogue_changed(response)
    return {"code": code, "versions": versions}
