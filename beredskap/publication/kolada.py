"""A read API compatible with Kolada v3 (https://api.kolada.se/v3/), over released values.

Existing Kolada clients work by changing their base URL to `/kolada/v3/` (koladapy and
pykolada are run against it in the tests). Values come only from releases, which hold
nothing but what anyone may see, so a round under embargo or a withdrawn release cannot
leak through here. These are the views; KPIs are in kolada_kpis, values in kolada_data,
the plumbing in kolada_base. The mapping is written down in docs/kolada.md.
"""

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from beredskap.registry.models import MunicipalityGroupAssignment

from . import kolada_base as base
from . import slices
from .kolada_base import BadRequest, error_response, kolada_view
from .kolada_data import DataQuery, data_page, data_slice
from .kolada_kpis import kpi_groups as _kpi_groups
from .kolada_kpis import kpis as _kpis
from .kolada_kpis import public

__all__ = ["BadRequest", "error_response"]  # beredskap.views answers the door's 404 and 500
MUNICIPALITY_TYPES = ("K", "L", "A")
NOT_FOUND = "Not found."


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


def _groups(request, groups: list[dict], group_id: str | None):
    """`kpi_groups` and `municipality_groups`: by id (path or `id`) and title."""
    base.only(request, "id", "title")
    wanted = base.ids(request, "id", path=group_id)
    title = request.GET.get("title")
    return base.listing(
        request,
        [
            g
            for g in groups
            if (wanted is None or g["id"] in wanted) and base.matches(g["title"], title)
        ],
    )


# --- data ------------------------------------------------------------------------


@kolada_view
def data(request, kpi=None, municipality=None, year=None):
    """`data?kpi_id=&municipality_id=&year=&from_date=` and Kolada's path forms of it."""
    base.only(request, "kpi_id", "kpi", "municipality_id", "municipality", "year", "from_date")
    page, per_page = base.paging(request)
    query = DataQuery(
        kpis=base.ids(request, "kpi_id", "kpi", path=kpi),
        units=base.ids(request, "municipality_id", "municipality", path=municipality),
        years=base.years(request, path=year),
        since=base.from_date(request),
    )
    hit = data_slice(query, page, per_page)
    if hit is not None:
        return _from_slice(request, hit)
    items, count = data_page(query, page, per_page)
    return base.envelope(request, items, count, page, per_page)


def _from_slice(request, hit: slices.Hit) -> HttpResponse:
    """A release slice's bytes as they are, or 304 for the client's current copy."""
    response = HttpResponse(content_type=slices.JSON)
    response["ETag"] = hit.etag
    response["Last-Modified"] = http_date(hit.released_at.timestamp())
    early = get_conditional_response(request, etag=hit.etag, response=response)
    if early is not response:
        return early
    response.content = slices.content(request, hit, response)
    return response


@kolada_view
def oudata(request, kpi=None, ou=None, year=None):
    """Kolada's values per organisational unit: we have no such units, so none, but the
    parameters are checked as for `data`, so a mistake is not mistaken for "no data"."""
    base.only(request, "kpi_id", "kpi", "ou_id", "ou", "year", "from_date")
    page, per_page = base.paging(request)
    base.years(request, path=year)
    base.from_date(request)
    return base.envelope(request, [], 0, page, per_page)


# --- metadata ----------------------------------------------------------------------


@kolada_view
def kpi(request, ids=None):
    """KPIs by id, and Kolada's filters: title, description and operating area (substrings,
    any case) and municipality type (K, L or A)."""
    base.only(request, "id", "title", "description", "operating_area", "municipality_type")
    wanted = base.ids(request, "id", path=ids)
    kind = base.choice(request, "municipality_type", MUNICIPALITY_TYPES)
    text = {f: request.GET.get(f) for f in ("title", "description", "operating_area")}
    items = [
        public(k)
        for k in _kpis()
        if (wanted is None or k["id"] in wanted)
        and (kind is None or k["municipality_type"] == kind)
        and all(base.matches(k[field], needle) for field, needle in text.items())
    ]
    return base.listing(request, items)


@kolada_view
def kpi_groups(request, group_id=None):
    return _groups(request, _kpi_groups(), group_id)


@kolada_view
def municipality(request, ids=None):
    base.only(request, "id", "title", "type")
    wanted = base.ids(request, "id", path=ids)
    title, kind = request.GET.get("title"), base.choice(request, "type", ("K", "L"))
    items = [
        u
        for u in base.units()
        if (wanted is None or u["id"] in wanted)
        and (kind is None or u["type"] == kind)
        and base.matches(u["title"], title)
    ]
    return base.listing(request, items)


@kolada_view
def municipality_groups(request, group_id=None):
    return _groups(request, _municipality_groups(), group_id)


@kolada_view
def ou(request, ids=None):
    """Kolada's organisational units (schools, care homes): this survey has none."""
    base.only(request, "id", "title", "municipality")
    return base.listing(request, [])


def not_found(request, rest=None):
    """Any other path under the door: Kolada's JSON error, also when DEBUG would show
    Django's HTML page."""
    return error_response(404, NOT_FOUND)
