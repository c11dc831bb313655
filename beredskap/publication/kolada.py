"""A read API compatible with Kolada v3 (https://api.kolada.se/v3/), over released values.

Existing Kolada clients work by changing their base URL to `/kolada/v3/`. Values come only
from releases (`ReleasedValue` of the newest current release of each round), which hold
nothing but what anyone may see; `results.Value` is never read, so a round under embargo
or a withdrawn release cannot leak through here. How our indicators, activities and units
map onto Kolada's KPIs and "municipalities" is written down in docs/kolada.md.
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import wraps

from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone

from beredskap.catalogue.models import IndicatorVersion
from beredskap.registry.models import County, Municipality, MunicipalityGroupAssignment
from beredskap.results.calculations import (
    COUNTY,
    MUNICIPALITY,
    NATION,
    NATION_CODE,
    SUMMARY,
)

from .calculations import PUBLIC
from .models import Release, ReleasedValue

MAX_PER_PAGE = 5000
NATION_ID, NATION_TITLE = "0000", "Riket"
HEADLINE = ("", SUMMARY)  # activity codes served under the bare indicator code
ACTIVITY_SEPARATOR = "."
#: A municipality's yes/no verdict as a number, on the scale the results pages compare
#: with (results.presentation.score): Kolada values are numbers.
VERDICT_SCORES = {"met": 100.0, "partly": 50.0, "not_met": 0.0}
#: KPI fields without a counterpart here: the same for every KPI (docs/kolada.md).
KPI_CONSTANTS = {
    "is_divided_by_gender": 0,
    "has_ou_data": False,
    "perspective": "Kvalitet",
    "auspice": None,
    "prel_publication_date": None,
    "ou_publication_date": None,
}


class BadRequest(Exception):
    """A parameter Kolada would refuse: answered as 400 with a JSON error."""


def error_response(status: int, message: str) -> JsonResponse:
    """Kolada's error shape, `{"error": "…"}`, open to any origin; also the 404 of an unknown
    route and the 500 of a fault under /kolada/v3/ (beredskap.views)."""
    response = JsonResponse({"error": message}, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def kolada_view(view: Callable) -> Callable:
    """GET (and HEAD) only, open to anyone from any origin, bad parameters as JSON 400."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = error_response(405, "Only GET is allowed.")
            response["Allow"] = "GET, HEAD"
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadRequest as error:
                response = error_response(400, str(error))
        response["Access-Control-Allow-Origin"] = "*"  # open data, also for browser clients
        return response

    wrapper.csrf_exempt = True  # a refused POST should read 405, not a CSRF failure
    return wrapper


# --- parameters ---------------------------------------------------------------------


def _ids(request, *names: str, path: str | None = None) -> list[str] | None:
    """A list parameter, repeated and/or comma-separated (`a,b` or `a=1&a=2`); the path
    segment wins when the route has one. None when not given at all."""
    raw = [path] if path is not None else [v for n in names for v in request.GET.getlist(n)]
    if not raw:
        return None
    return list(dict.fromkeys(part.strip() for v in raw for part in v.split(",") if part.strip()))


def _years(request, path: str | None = None) -> list[int] | None:
    years = _ids(request, "year", path=path)
    if years is None:
        return None
    try:
        return [int(y) for y in years]
    except ValueError:
        raise BadRequest("year must be a year (YYYY), or several separated by commas.") from None


def _from_date(request) -> datetime.date | None:
    raw = request.GET.get("from_date")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest("from_date must be a date (YYYY-MM-DD).") from None


def _paging(request) -> tuple[int, int]:
    try:
        page = int(request.GET.get("page") or 1)
        per_page = int(request.GET.get("per_page") or MAX_PER_PAGE)
    except ValueError:
        raise BadRequest("page and per_page must be whole numbers.") from None
    if page < 1 or per_page < 1:
        raise BadRequest("page and per_page start at 1.")
    if per_page > MAX_PER_PAGE:
        raise BadRequest(f"per_page may be at most {MAX_PER_PAGE}.")
    return page, per_page


def _envelope(request, items: list, count: int, page: int, per_page: int) -> JsonResponse:
    """Kolada's envelope; the neighbouring pages as absolute URLs of the same query."""

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        query["per_page"] = str(per_page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": count,
            "values": items,
            "next_url": link(page + 1) if page * per_page < count else None,
            "previous_url": link(page - 1) if page > 1 else None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _listing(request, items: list) -> JsonResponse:
    """A metadata list (small, built in memory), paged like the data."""
    page, per_page = _paging(request)
    start = (page - 1) * per_page
    return _envelope(request, items[start : start + per_page], len(items), page, per_page)


def _matches(title: str, needle: str | None) -> bool:
    return needle is None or needle.casefold() in title.casefold()


# --- units: municipalities, counties and the nation -----------------------------------


def unit_id(level: str, code: str) -> str | None:
    """Kolada's id of a unit: the municipality code, `00` + the county code for a county
    (Kolada's region ids), `0000` for the nation; None for an SKR group aggregate."""
    if level == MUNICIPALITY:
        return code
    if level == COUNTY:
        return f"00{code}"
    if level == NATION:
        return NATION_ID
    return None


def unit_of(kolada_id: str) -> tuple[str, str] | None:
    """The (level, unit code) a Kolada id names, or None when it names nothing of ours."""
    if len(kolada_id) != 4 or not kolada_id.isdigit():
        return None
    if kolada_id == NATION_ID:
        return NATION, NATION_CODE
    if kolada_id.startswith("00"):
        return COUNTY, kolada_id[2:]
    return MUNICIPALITY, kolada_id


def _units() -> list[dict]:
    nation = [{"id": NATION_ID, "title": NATION_TITLE, "type": "L"}]
    counties = [
        {"id": unit_id(COUNTY, code), "title": name, "type": "L"}
        for code, name in County.objects.values_list("code", "name")
    ]
    municipalities = [
        {"id": code, "title": name, "type": "K"}
        for code, name in Municipality.objects.values_list("code", "name")
    ]
    return nation + counties + municipalities


# --- KPIs: indicators and their activities -----------------------------------------


def kpi_id(code: str, activity: str) -> str:
    """`KON01` for the headline (municipality-wide, or all activities together),
    `KON01.sabo` for one activity."""
    return code if activity in HEADLINE else f"{code}{ACTIVITY_SEPARATOR}{activity}"


def _kpi_filter(ids: Iterable[str]) -> Q:
    """The released values of the KPIs named; matches nothing for an empty list."""
    q = Q(pk__in=[])
    for kpi in ids:
        code, _, activity = kpi.partition(ACTIVITY_SEPARATOR)
        activities = [activity] if activity else list(HEADLINE)
        q |= Q(indicator__indicator__code=code, activity_code__in=activities)
    return q


def _kpis() -> list[dict]:
    """Every KPI with a value in a current release, described by its newest release.

    Built from what was released rather than from the catalogue, so a restricted
    indicator, or one of a round under embargo, is not even named. Four queries. The
    national rows suffice: every municipality has a cell of every indicator and activity
    (if only "not answered"), so the nation always has one too, and it is a few rows
    to read instead of a whole release.
    """
    releases = {r.pk: r for r in Release.objects.latest_per_round().select_related("round")}
    cells = (
        ReleasedValue.objects.filter(release__in=list(releases), level=NATION)
        .values_list("release_id", "indicator_id", "activity_code")
        .distinct()
    )
    cells = sorted(cells, key=lambda c: releases[c[0]].round.year)  # the newest last
    versions = IndicatorVersion.objects.select_related("indicator", "area").prefetch_related(
        "activities"
    )
    versions = versions.in_bulk({c[1] for c in cells})
    kpis = {}
    for release_id, version_id, activity in cells:
        version, release = versions[version_id], releases[release_id]
        title, description = version.title_sv, version.description_sv
        if activity not in HEADLINE:
            names = {a.code: a.name_sv for a in version.activities.all()}
            title = f"{title} – {names.get(activity, activity)}"
        elif activity == SUMMARY:
            description = f"{description} Alla verksamheter sammantagna."
        key = kpi_id(version.code, activity)
        kpis[key] = {
            "id": key,
            "title": title,
            "description": description,
            "municipality_type": "K" if version.sensitivity == PUBLIC else "L",
            "operating_area": version.area.name_sv,
            "publ_period": str(release.round.year),
            "publication_date": timezone.localdate(release.released_at).isoformat(),
            **KPI_CONSTANTS,
            "_area": (version.area.code, version.area.name_sv),
        }
    return [kpis[key] for key in sorted(kpis)]


def _public(kpi: dict) -> dict:
    return {k: v for k, v in kpi.items() if not k.startswith("_")}


def _kpi_groups() -> list[dict]:
    """The indicator areas, each with the KPIs in it (those with released values)."""
    groups: dict[str, dict] = {}
    for kpi in _kpis():
        code, title = kpi["_area"]
        group = groups.setdefault(code, {"id": code, "title": title, "members": []})
        group["members"].append({"member_id": kpi["id"], "member_title": kpi["title"]})
    return [groups[code] for code in sorted(groups)]


def _municipality_groups() -> list[dict]:
    """The SKR municipality groups of the latest grouping year, with their members."""
    years = MunicipalityGroupAssignment.objects.order_by("-year").values_list("year", flat=True)
    year = years.first()
    if year is None:
        return []
    rows = (
        MunicipalityGroupAssignment.objects.filter(year=year)
        .order_by("group__code", "municipality__code")
        .values_list("group__code", "group__name", "municipality__code", "municipality__name")
    )
    groups: dict[str, dict] = {}
    for group_code, group_name, code, name in rows:
        title = f"{group_name} ({group_code}), SKR:s kommungruppsindelning {year}"
        group = groups.setdefault(group_code, {"id": group_code, "title": title, "members": []})
        group["members"].append({"member_id": code, "member_title": name})
    return list(groups.values())


# --- data ------------------------------------------------------------------------


def _number(level: str, value: Decimal | None, verdict: str) -> float | None:
    if value is not None:
        return float(value)
    return VERDICT_SCORES.get(verdict) if level == MUNICIPALITY else None


def _item(row: tuple) -> dict:
    year, code, level, unit, activity, value, verdict, reason, units = row
    number = _number(level, value, verdict)
    status = "" if number is not None else (reason or verdict or "missing")
    return {
        "kpi": kpi_id(code, activity),
        "municipality": unit_id(level, unit),
        "period": year,
        "values": [
            {
                "gender": "T",
                "count": units,
                "status": status,
                "value": number,
                "isdeleted": False,
            }
        ],
    }


def _released_values(*, kpis, units, years, from_date):
    """The released values a data query selects: the newest current release of each
    round, at the levels Kolada has ids for, in a stable order for paging."""
    releases = Release.objects.latest_per_round()
    if years is not None:
        releases = releases.filter(round__year__in=years)
    if from_date is not None:
        releases = releases.filter(released_at__date__gte=from_date)
    rows = ReleasedValue.objects.filter(
        release__in=releases.values("pk"), level__in=(MUNICIPALITY, COUNTY, NATION)
    )
    if kpis is not None:
        rows = rows.filter(_kpi_filter(kpis))
    if units is not None:
        named = [u for u in map(unit_of, units) if u]
        q = Q(pk__in=[])
        for level in {level for level, _ in named}:
            q |= Q(level=level, unit_code__in=[c for lv, c in named if lv == level])
        rows = rows.filter(q)
    return rows.order_by(
        "release__round__year", "indicator__indicator__code", "activity_code", "level", "unit_code"
    )


@kolada_view
def data(request, kpi=None, municipality=None, year=None):
    """`data?kpi_id=&municipality_id=&year=` and Kolada's path forms of the same query.

    Two queries whatever the size: the count and the page.
    """
    page, per_page = _paging(request)
    rows = _released_values(
        kpis=_ids(request, "kpi_id", "kpi", path=kpi),
        units=_ids(request, "municipality_id", "municipality", path=municipality),
        years=_years(request, path=year),
        from_date=_from_date(request),
    )
    count = rows.count()
    start = (page - 1) * per_page
    page_rows = rows.values_list(
        "release__round__year",
        "indicator__indicator__code",
        "level",
        "unit_code",
        "activity_code",
        "value",
        "verdict",
        "reason",
        "units",
    )[start : start + per_page]
    items = [_item(row) for row in page_rows] if start < count else []
    return _envelope(request, items, count, page, per_page)


# --- metadata ----------------------------------------------------------------------


@kolada_view
def kpi(request, ids=None):
    wanted = _ids(request, "id", path=ids)
    title = request.GET.get("title")
    items = [
        _public(k)
        for k in _kpis()
        if (wanted is None or k["id"] in wanted) and _matches(k["title"], title)
    ]
    return _listing(request, items)


@kolada_view
def kpi_groups(request, group_id=None):
    title = request.GET.get("title")
    items = [
        g
        for g in _kpi_groups()
        if (group_id is None or g["id"] == group_id) and _matches(g["title"], title)
    ]
    return _listing(request, items)


@kolada_view
def municipality(request, ids=None):
    wanted = _ids(request, "id", path=ids)
    title, kind = request.GET.get("title"), request.GET.get("type")
    if kind is not None and kind not in ("K", "L"):
        raise BadRequest("type must be K (municipality) or L (county or the nation).")
    items = [
        u
        for u in _units()
        if (wanted is None or u["id"] in wanted)
        and (kind is None or u["type"] == kind)
        and _matches(u["title"], title)
    ]
    return _listing(request, items)


@kolada_view
def municipality_groups(request, group_id=None):
    title = request.GET.get("title")
    items = [
        g
        for g in _municipality_groups()
        if (group_id is None or g["id"] == group_id) and _matches(g["title"], title)
    ]
    return _listing(request, items)
