"""API v1's registry operations (tag `registry`): counties, municipalities, SKR groups.

The registry is public reference data, read straight from `registry.models`; a
municipality's SKR group is the one in force in the year asked for.
"""

from datetime import datetime

from django.db.models import Max
from ninja import Query, Router

from beredskap.registry.models import (
    County,
    Municipality,
    MunicipalityGroup,
    MunicipalityGroupAssignment,
)

from .base import responses
from .params import CURSOR, MAX_LIMIT, YEAR, check_known, decode_cursor, paginate
from .schemas import CountyList, GroupList, MunicipalityPage

router = Router(tags=["registry"])

YearParam = Query(None, **YEAR, description="Year whose SKR grouping applies (default: latest).")


def _grouping(year: int | None) -> tuple[int, int | None]:
    """The year asked for (default: the latest grouping year) and the grouping in force."""
    assignments = MunicipalityGroupAssignment.objects.all()
    if year is None:
        latest = assignments.aggregate(y=Max("year"))["y"]
        return (latest or datetime.now().year), latest
    return year, assignments.filter(year__lte=year).aggregate(y=Max("year"))["y"]


@router.get("/counties", response=responses(CountyList), summary="List counties")
def counties(request):
    """The 21 counties (län) with their SCB codes."""
    return {"items": list(County.objects.order_by("code").values("code", "name"))}


@router.get(
    "/municipalities", response=responses(MunicipalityPage, 422), summary="List municipalities"
)
def municipalities(
    request,
    year: int | None = YearParam,
    county: str | None = Query(None, pattern=r"^[0-9]{2}$", description="County code."),
    group: str | None = Query(None, pattern=r"^[A-Za-z0-9]{1,2}$", description="SKR group."),
    cursor: str | None = Query(None, pattern=CURSOR, description="From a `next` URL."),
    limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page."),
):
    """The 290 municipalities with their county and the SKR municipality group in force in
    `year`, ordered by code and paginated."""
    after = decode_cursor(cursor, str)
    if county:
        check_known(County, "code", [county], "county", "county")
    if group:
        check_known(MunicipalityGroup, "code", [group], "group", "municipality group")
    year, grouping_year = _grouping(year)
    rows = Municipality.objects.with_group(year).order_by("code")
    if county:
        rows = rows.filter(county__code=county)
    if group:
        rows = rows.filter(group_code=group)
    if after is not None:
        rows = rows.filter(code__gt=after)
    rows = [
        {"code": code, "name": name, "county": county_code, "group": group_code}
        for code, name, county_code, group_code in rows.values_list(
            "code", "name", "county__code", "group_code"
        )[: limit + 1]
    ]
    items, next_url = paginate(request, rows, limit, lambda row: row["code"])
    return {"year": year, "grouping_year": grouping_year, "items": items, "next": next_url}


@router.get(
    "/municipality-groups",
    response=responses(GroupList, 422),
    summary="List SKR municipality groups",
    url_name="municipality-groups",
)
def municipality_groups(request, year: int | None = YearParam):
    """SKR's municipality groups with their members in `year`. SKR regroups now and then;
    the grouping in force in a year is the latest from that year or before."""
    year, grouping_year = _grouping(year)
    members: dict[str, list[str]] = {}
    for code, group_code in Municipality.objects.with_group(year).values_list(
        "code", "group_code"
    ):
        members.setdefault(group_code, []).append(code)
    items = [
        {"code": code, "name": name, "municipalities": sorted(members.get(code, []))}
        for code, name in MunicipalityGroup.objects.order_by("code").values_list("code", "name")
    ]
    return {"year": year, "grouping_year": grouping_year, "items": items}
