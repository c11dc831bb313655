"""The Kolada door's plumbing: errors, parameters, the paged envelope and unit ids.

Shared by the KPI (kolada_kpis), data (kolada_data) and view (kolada) modules; nothing
here reads a release. docs/kolada.md describes the behaviour for clients.
"""

import datetime
from collections.abc import Callable, Iterable
from functools import wraps

from django.http import JsonResponse

from beredskap.registry.models import County, Municipality
from beredskap.results.calculations import COUNTY, GROUP, MUNICIPALITY, NATION, NATION_CODE

MAX_PER_PAGE = 5000
NATION_ID, NATION_TITLE = "0000", "Riket"
#: Parameters every route takes.
PAGING = ("page", "per_page")


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


def only(request, *names: str) -> None:
    """Refuse a parameter the route does not take: a filter silently ignored would hand
    the client the whole list as if it had been filtered (issue 14)."""
    allowed = set(names) | set(PAGING)
    unknown = sorted(set(request.GET) - allowed)
    if unknown:
        raise BadRequest(
            f"Unknown parameter {unknown[0]}: this route takes {', '.join(sorted(allowed))}."
        )


def ids(request, *names: str, path: str | None = None) -> list[str] | None:
    """A list parameter, repeated and/or comma-separated (`a,b` or `a=1&a=2`); the path
    segment wins when the route has one. None when not given at all."""
    raw = [path] if path is not None else [v for n in names for v in request.GET.getlist(n)]
    if not raw:
        return None
    return list(dict.fromkeys(part.strip() for v in raw for part in v.split(",") if part.strip()))


def years(request, path: str | None = None) -> list[int] | None:
    given = ids(request, "year", path=path)
    if given is None:
        return None
    try:
        return [int(y) for y in given]
    except ValueError:
        raise BadRequest("year must be a year (YYYY), or several separated by commas.") from None


def from_date(request) -> datetime.date | None:
    raw = request.GET.get("from_date")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise BadRequest("from_date must be a date (YYYY-MM-DD).") from None


def choice(request, name: str, allowed: Iterable[str]) -> str | None:
    """A parameter with a closed set of values, refused (400, named) when it has another."""
    raw = request.GET.get(name)
    if raw is not None and raw not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(allowed)}.")
    return raw


def paging(request) -> tuple[int, int]:
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


def envelope(request, items: list, count: int, page: int, per_page: int) -> JsonResponse:
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


def listing(request, items: list) -> JsonResponse:
    """A metadata list (small, built in memory), paged like the data."""
    page, per_page = paging(request)
    start = (page - 1) * per_page
    return envelope(request, items[start : start + per_page], len(items), page, per_page)


def matches(text: str, needle: str | None) -> bool:
    """Kolada's text filters: a substring, in any case."""
    return needle is None or needle.casefold() in text.casefold()


# --- units: municipalities, counties, the nation and SKR groups ------------------------


def unit_id(level: str, code: str) -> str:
    """Kolada's id of a unit: the municipality code, `00` + the county code for a county
    (Kolada's region ids), `0000` for the nation, the SKR code (`A1`) for a group, which
    is also its id in `municipality_groups`."""
    if level == COUNTY:
        return f"00{code}"
    if level == NATION:
        return NATION_ID
    return code


def unit_of(kolada_id: str) -> tuple[str, str]:
    """The (level, unit code) a Kolada id names. Four digits are a municipality, county or
    the nation; anything else is read as a municipality group, as Kolada reads a group id
    in `data` (an id that names no group simply matches nothing)."""
    if len(kolada_id) != 4 or not kolada_id.isdigit():
        return GROUP, kolada_id
    if kolada_id == NATION_ID:
        return NATION, NATION_CODE
    if kolada_id.startswith("00"):
        return COUNTY, kolada_id[2:]
    return MUNICIPALITY, kolada_id


def units() -> list[dict]:
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
