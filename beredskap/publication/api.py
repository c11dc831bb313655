"""API v1 (django-ninja): the released results, the registry and the catalogue, read-only.

Values come only from `ReleasedValue` rows of current (not withdrawn) releases, which hold
nothing but what anyone may see (`calculations.publishable`); `results.Value` is never
read here, so a round under embargo, a withdrawn release or a restricted indicator cannot
leak through this door. The contract, and what may change within v1, is docs/api.md.
"""

import base64
import binascii
import hashlib
import json
import mimetypes
from datetime import datetime
from pathlib import Path as FilePath
from typing import Annotated, Literal

import ninja
from django.core.cache import cache
from django.db.models import FloatField, Max
from django.db.models.functions import Cast
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.html import escape, json_script
from django.utils.http import http_date, parse_http_date_safe
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.throttling import AnonRateThrottle
from pydantic import StringConstraints

from beredskap.catalogue.models import Activity, Area, Edition, Indicator, IndicatorVersion
from beredskap.registry.api import Errors, SettingsRate
from beredskap.registry.models import (
    County,
    Municipality,
    MunicipalityGroup,
    MunicipalityGroupAssignment,
)
from beredskap.results.calculations import NATION_CODE, SUMMARY
from beredskap.surveys.api import router as answers_router

from .api_schemas import (
    ActivityList,
    AreaList,
    CountyList,
    GroupList,
    IndicatorList,
    IndicatorOut,
    MunicipalityPage,
    ReleaseList,
    ReleaseOut,
    ValuePage,
)
from .models import Release, ReleasedValue

DEFAULT_ANON_RATE = "600/m"
MAX_LIMIT = 1000
#: Part of the values ETag: bump when the values' JSON changes shape (a new field).
SCHEMA_REVISION = "1"
YEAR = {"ge": 1900, "le": 2999}
CODE = r"^[A-Za-z0-9_-]{1,30}$"
CODES = r"^[A-Za-z0-9_-]{1,30}(,[A-Za-z0-9_-]{1,30})*$"
LABEL = r"^[0-9]{4}\.[1-9][0-9]{0,3}$"
CURSOR = r"^[A-Za-z0-9_-]{1,200}$"
Level = Literal["municipality", "county", "group", "nation"]
CodeList = list[Annotated[str, StringConstraints(pattern=CODES)]] | None


class ApiError(Exception):
    """A request we understood but cannot answer: names the parameter at fault."""

    def __init__(self, status: int, parameter: str | None, message: str):
        super().__init__(message)
        self.status, self.parameter, self.message = status, parameter, message


class AnonThrottle(SettingsRate, AnonRateThrottle):
    """The anonymous rate limit per client address, `settings.API_ANON_RATE`."""

    scope = "api-v1-anon"
    setting = "API_ANON_RATE"
    default = DEFAULT_ANON_RATE


SWAGGER_ASSETS = FilePath(ninja.__file__).parent / "static" / "ninja"
ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-init.js", "favicon.png"}


class SelfHostedSwagger(Swagger):
    """Swagger UI from our own origin: ninja's CDN page (an inline script and jsDelivr) is
    blocked by the project's CSP, and its static page needs `ninja` in INSTALLED_APPS."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)

        def asset(name: str) -> str:
            return escape(reverse(f"{api.urls_namespace}:docs-asset", kwargs={"name": name}))

        html = (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(api.title)}</title>\n"
            f'<link rel="stylesheet" href="{asset("swagger-ui.css")}">\n'
            f'<link rel="icon" href="{asset("favicon.png")}" type="image/png">\n'
            "</head>\n<body>\n"
            f"{json_script(self.settings, 'swagger-settings')}\n"
            '<div id="swagger-ui"></div>\n'
            f'<script src="{asset("swagger-ui-bundle.js")}"></script>\n'
            f'<script src="{asset("swagger-ui-init.js")}"></script>\n'
            "</body>\n</html>\n"
        )
        return HttpResponse(html)


#: Operations whose code moved out of publication/api.py: the module that named their ids.
FIRST_PUBLISHED_IN = {"beredskap.surveys.api": "beredskap.publication.answers_api"}


class Rendered(bytes):
    """A body already rendered to JSON (e.g. from the cache): sent as it is."""


class BeredskapAPI(NinjaAPI):
    """NinjaAPI that answers conditional GETs: every 200 gets an ETag (a hash of the body
    unless the view set one) and 304 when the client's copy is current."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        if isinstance(data, Rendered) and temporal_response is not None:
            response = temporal_response
            response.content = data
        else:
            response = super().create_response(
                request, data, status=status, temporal_response=temporal_response
            )
        # A token's answers are no one else's: no shared cache may keep them (RFC 9111
        # would let `public` override the Authorization header).
        private = "HTTP_AUTHORIZATION" in request.META
        response["Cache-Control"] = "private, no-store" if private else "public, no-cache"
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        if request.method != "GET" or response.status_code != 200:
            return response
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        return _conditional(request, response)

    def get_openapi_operation_id(self, operation) -> str:
        """Operation ids are clients' method names, so they are part of v1: they keep
        the module each operation was first published from, wherever its code lives."""
        view = operation.view_func
        module = FIRST_PUBLISHED_IN.get(view.__module__, "beredskap.publication.api")
        return f"{module}_{view.__name__}".replace(".", "_")


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 (or 412 for a failed If-Match) when the preconditions say so, else `response`."""
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    answer = get_conditional_response(
        request, etag=response["ETag"], last_modified=last_modified, response=response
    )
    if answer is not response:
        answer["Access-Control-Allow-Origin"] = "*"
        answer["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return answer


api = BeredskapAPI(
    title="Beredskap API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Released results of the annual survey of crisis preparedness and civil defence in "
        "municipal health care and social services, with the registry (counties, "
        "municipalities, SKR groups) and the indicator catalogue: read-only, anonymous, JSON. "
        "Values come only from current releases; rounds not yet released are under embargo. "
        "Municipal respondents and approvers can also read and write their own municipality's "
        "draft answers with a personal token (tag `answers`). Within v1 only additions are "
        "made. See docs/api.md for pagination, conditional requests, throttling, tokens and "
        "errors."
    ),
    docs=SelfHostedSwagger(settings={"validatorUrl": None}),
    throttle=AnonThrottle(),
)


# --- errors ------------------------------------------------------------------------


def _errors(request, status: int, *items: tuple[str | None, str]) -> HttpResponse:
    body = {"errors": [{"parameter": p, "message": m} for p, m in items]}
    return api.create_response(request, body, status=status)


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _errors(request, exc.status, (exc.parameter, exc.message))


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    items = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        # ("query", "round"), ("path", "label"), ("query", "indicator", 0)
        parameter = location[1] if len(location) > 1 else None
        if location[:1] == ["body"]:
            # ("body", "payload", "items", 3, "version") -> "items[3].version"
            parameter = _body_field(location[2:]) or "body"
        items.append((parameter, error.get("msg", "Invalid value.")))
    return _errors(request, 422, *items)


def _body_field(parts: list[str]) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if part.isdigit() else f".{part}" if path else part
    return path


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _errors(
        request,
        401,
        (
            None,
            "A valid API token is needed: send `Authorization: Bearer <token>`. Tokens are "
            "made, and revoked, on the account page; an expired or revoked token is refused.",
        ),
    )
    response["WWW-Authenticate"] = 'Bearer realm="api-v1"'
    return response


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _errors(request, 404, (None, "Not found."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _errors(request, exc.status_code, (None, exc.message))


def _responses(ok, *codes: int) -> dict:
    """The operation's declared responses: `ok` for 200, 304, and the error codes given."""
    return {200: ok, 304: None, 429: Errors, **dict.fromkeys(codes, Errors)}


# --- helpers -----------------------------------------------------------------------


def _split(values: list[str] | None) -> list[str]:
    """Repeated parameters and comma lists alike: `?indicator=A&indicator=B,C`."""
    return sorted({code for value in values or () for code in value.split(",") if code})


def _encode_cursor(after) -> str:
    raw = json.dumps({"after": after}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str | None, kind: type):
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        after = json.loads(raw)["after"]
    except (binascii.Error, ValueError, TypeError, KeyError):
        after = None
    valid = type(after) is kind and (
        0 <= after < 2**63 if kind is int else after.isascii() and after.isalnum()
    )
    if not valid:
        raise ApiError(422, "cursor", "Not a cursor this API gave out: follow the `next` URL.")
    return after


def _page(request: HttpRequest, rows: list, limit: int, key) -> tuple[list, str | None]:
    """The page's rows and the URL of the next page (same parameters, a new cursor)."""
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    params = request.GET.copy()
    params["cursor"] = _encode_cursor(key(rows[-1]))
    return rows, request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _last_modified(response: HttpResponse, *times: datetime | None) -> None:
    known = [t for t in times if t is not None]
    if known:
        response["Last-Modified"] = http_date(max(known).timestamp())


def _edition(year: int | None) -> Edition:
    editions = Edition.objects.order_by("-year")
    edition = (editions.filter(year=year) if year else editions).first()
    if edition is None:
        raise ApiError(404, "edition", f"No catalogue edition {year}." if year else "No edition.")
    return edition


def _text(obj, name: str) -> dict:
    return {"sv": getattr(obj, f"{name}_sv"), "en": getattr(obj, f"{name}_en")}


def _grouping(year: int | None) -> tuple[int, int | None]:
    """The year asked for (default: the latest grouping year) and the grouping in force."""
    assignments = MunicipalityGroupAssignment.objects.all()
    if year is None:
        latest = assignments.aggregate(y=Max("year"))["y"]
        return (latest or datetime.now().year), latest
    return year, assignments.filter(year__lte=year).aggregate(y=Max("year"))["y"]


def _known(model, field: str, codes: list[str], parameter: str, what: str) -> None:
    found = set(model.objects.filter(**{f"{field}__in": codes}).values_list(field, flat=True))
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise ApiError(422, parameter, f"Unknown {what}: {', '.join(unknown)}.")


# --- registry ----------------------------------------------------------------------

YearParam = Query(None, **YEAR, description="Year whose SKR grouping applies (default: latest).")


@api.get(
    "/counties",
    response=_responses(CountyList),
    summary="List counties",
    tags=["registry"],
    url_name="counties",
)
def counties(request):
    """The 21 counties (län) with their SCB codes."""
    return {"items": list(County.objects.order_by("code").values("code", "name"))}


@api.get(
    "/municipalities",
    response=_responses(MunicipalityPage, 422),
    summary="List municipalities",
    tags=["registry"],
    url_name="municipalities",
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
    after = _decode_cursor(cursor, str)
    if county:
        _known(County, "code", [county], "county", "county")
    if group:
        _known(MunicipalityGroup, "code", [group], "group", "municipality group")
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
    items, next_url = _page(request, rows, limit, lambda row: row["code"])
    return {"year": year, "grouping_year": grouping_year, "items": items, "next": next_url}


@api.get(
    "/municipality-groups",
    response=_responses(GroupList, 422),
    summary="List SKR municipality groups",
    tags=["registry"],
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


# --- catalogue ---------------------------------------------------------------------

EditionParam = Query(None, **YEAR, description="Catalogue edition year (default: the latest).")


@api.get(
    "/areas",
    response=_responses(AreaList, 404, 422),
    summary="List indicator areas",
    tags=["catalogue"],
    url_name="areas",
)
def areas(request, response: HttpResponse, edition: int | None = EditionParam):
    """The areas an edition's indicators are grouped in."""
    found = _edition(edition)
    _last_modified(response, found.loaded_at)
    rows = Area.objects.filter(edition=found).order_by("position", "code")
    items = [{"code": a.code, "name": _text(a, "name")} for a in rows]
    return {"edition": found.year, "items": items}


@api.get(
    "/activities",
    response=_responses(ActivityList, 404, 422),
    summary="List activities",
    tags=["catalogue"],
    url_name="activities",
)
def activities(request, response: HttpResponse, edition: int | None = EditionParam):
    """The activities (verksamheter) an edition breaks indicators down by."""
    found = _edition(edition)
    _last_modified(response, found.loaded_at)
    rows = Activity.objects.filter(edition=found).order_by("position", "code")
    items = [{"code": a.code, "name": _text(a, "name")} for a in rows]
    return {"edition": found.year, "items": items}


def _versions(**filters) -> dict[str, list[dict]]:
    """{code: [version, ...]} oldest edition first, in three queries."""
    rows = (
        IndicatorVersion.objects.filter(**filters)
        .select_related("indicator", "edition", "area")
        .prefetch_related("activities")
        .order_by("indicator__code", "edition__year")
    )
    versions: dict[str, list[dict]] = {}
    for v in rows:
        note = _text(v, "change_note")
        versions.setdefault(v.indicator.code, []).append(
            {
                "edition": v.edition.year,
                "title": _text(v, "title"),
                "description": _text(v, "description"),
                "area": v.area.code,
                "kind": v.kind,
                "sensitivity": v.sensitivity,
                "direction": v.direction,
                "activities": [a.code for a in v.activities.all()],
                "comparable_with_previous": v.comparable_with_previous,
                "change_note": note if note["sv"] or note["en"] else None,
            }
        )
    return versions


def _catalogue_changed(response: HttpResponse) -> None:
    _last_modified(response, Edition.objects.aggregate(t=Max("loaded_at"))["t"])


@api.get(
    "/indicators",
    response=_responses(IndicatorList, 404, 422),
    summary="List indicators",
    tags=["catalogue"],
    url_name="indicators",
)
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


@api.get(
    "/indicators/{code}",
    response=_responses(IndicatorOut, 404, 422),
    summary="Get an indicator",
    tags=["catalogue"],
    url_name="indicator",
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


# --- releases ----------------------------------------------------------------------


def _release_out(request: HttpRequest, release: Release, latest: bool) -> dict:
    values_url = f"{reverse('api-v1:values')}?release={release.label}"
    return {
        "label": release.label,
        "year": release.round.year,
        "edition": release.round.edition.year,
        "number": release.number,
        "released_at": release.released_at,
        "notes": release.notes,
        "errata": release.errata,
        "value_count": release.value_count,
        "latest": latest,
        "values": request.build_absolute_uri(values_url),
    }


def _publication_changed(releases) -> datetime | None:
    """When what these releases publish last changed: a release made or withdrawn."""
    times = releases.aggregate(made=Max("released_at"), withdrawn=Max("withdrawn_at"))
    known = [t for t in times.values() if t is not None]
    return max(known) if known else None


def _current(label: str, parameter: str) -> Release:
    """A current release by label; a withdrawn one is as unknown as one never made."""
    year, number = (int(part) for part in label.split("."))
    release = (
        Release.objects.current()
        .select_related("round__edition")
        .filter(round__year=year, number=number)
        .first()
    )
    if release is None:
        raise ApiError(404, parameter, f"No release {label}.")
    return release


@api.get(
    "/releases",
    response=_responses(ReleaseList),
    summary="List releases",
    tags=["releases"],
    url_name="releases",
)
def releases(request, response: HttpResponse):
    """Current releases, newest first. A correction is a new release of the same round, and
    earlier releases stay readable; withdrawn releases are not listed."""
    rows = list(
        Release.objects.current()
        .select_related("round__edition")
        .order_by("-round__year", "-number")
    )
    _last_modified(response, _publication_changed(Release.objects.all()))
    newest: dict[int, int] = {}
    for release in rows:
        newest.setdefault(release.round_id, release.number)
    items = [_release_out(request, r, newest[r.round_id] == r.number) for r in rows]
    return {"items": items}


@api.get(
    "/releases/{label}",
    response=_responses(ReleaseOut, 404, 422),
    summary="Get a release",
    tags=["releases"],
    url_name="release",
)
def release(
    request,
    response: HttpResponse,
    label: str = Path(..., pattern=LABEL, description="Release label, e.g. 2025.1."),
):
    """One current release; a withdrawn or unknown label is 404."""
    found = _current(label, "label")
    round_releases = Release.objects.filter(round_id=found.round_id)
    newest = round_releases.current().aggregate(n=Max("number"))["n"]
    _last_modified(response, _publication_changed(round_releases))
    return _release_out(request, found, newest == found.number)


# --- values ------------------------------------------------------------------------

# value, numerator and denominator are read as floats, as the API serves them: the
# Decimal round trip (converter, then float) was a third of a large page's time.
VALUE_FIELDS = (
    "pk", "indicator__indicator__code", "level", "unit_code", "activity_code",
    Cast("value", FloatField()), Cast("numerator", FloatField()),
    Cast("denominator", FloatField()), "verdict", "reason", "units", "classification",
)  # fmt: skip
# How long a rendered page of values is kept. Releases do not change; a withdrawn release
# is refused before the cache is read, so this only bounds the memory a cold query holds.
VALUES_CACHE_SECONDS = 24 * 60 * 60


def _resolve(release: str | None, round_year: int | None) -> tuple[Release, datetime | None]:
    """The release asked for, and when what that choice serves last changed."""
    if release:
        found = _current(release, "release")
        return found, found.released_at
    current = Release.objects.current().select_related("round__edition")
    if round_year is not None:
        found = current.filter(round__year=round_year).order_by("-number").first()
        if found is None:
            # An unreleased round is under embargo: the same answer as a round that
            # does not exist.
            raise ApiError(404, "round", f"No released results for round {round_year}.")
        scope = Release.objects.filter(round__year=round_year)
    else:
        found = current.order_by("-round__year", "-number").first()
        if found is None:
            raise ApiError(404, None, "Nothing has been released yet.")
        scope = Release.objects.all()
    withdrawn = scope.aggregate(t=Max("withdrawn_at"))["t"]
    return found, max(t for t in (found.released_at, withdrawn) if t is not None)


def _check_filters(found: Release, indicators, units, activity) -> None:
    """Filters naming what does not exist are errors; filters that match nothing are not."""
    if indicators:
        _known(Indicator, "code", indicators, "indicator", "indicator")
    if units:
        known = {NATION_CODE}
        codes = [
            model.objects.filter(code__in=units).order_by().values_list("code", flat=True)
            for model in (Municipality, County, MunicipalityGroup)
        ]
        known.update(codes[0].union(*codes[1:]))
        unknown = [unit for unit in units if unit not in known]
        if unknown:
            raise ApiError(422, "unit", f"Unknown unit: {', '.join(unknown)}.")
    if activity and activity != SUMMARY:
        edition = found.round.edition
        if not Activity.objects.filter(edition=edition, code=activity).exists():
            raise ApiError(
                422, "activity", f"No activity {activity} in the {edition.year} edition."
            )


IndicatorParam = Query(None, description="Indicator codes; repeat or comma-separate.")
UnitParam = Query(
    None, description="Unit codes (municipality, county, group, SE); repeat or comma-separate."
)
LevelParam = Query(None, description="Level of the units.")


@api.get(
    "/values",
    response=_responses(ValuePage, 400, 404, 422),
    summary="List released values",
    tags=["values"],
    url_name="values",
)
def values(
    request,
    response: HttpResponse,
    release: str | None = Query(None, pattern=LABEL, description="Release label, e.g. 2025.1."),
    round: int | None = Query(None, **YEAR, description="Round year: its latest current release."),
    indicator: CodeList = IndicatorParam,
    unit: CodeList = UnitParam,
    level: Level | None = LevelParam,
    activity: str | None = Query(
        None, pattern=r"^([A-Za-z0-9_-]{1,30}|\*)$", description="Activity code, or * (summary)."
    ),
    cursor: str | None = Query(None, pattern=CURSOR, description="From a `next` URL."),
    limit: int = Query(MAX_LIMIT, ge=1, le=MAX_LIMIT, description="Rows per page."),
):
    """The values of one release, ordered and paginated. Give `release` for a fixed
    snapshot, or `round` for that round's latest current release; with neither, the latest
    release of the newest released round. Only what a release holds is served: no
    restricted indicator, no municipality values of aggregate-only indicators, and
    aggregates over fewer than 3 municipalities without numbers (reason `suppressed`)."""
    if release and round is not None:
        raise ApiError(400, "round", "Give release or round, not both.")
    after = _decode_cursor(cursor, int)
    indicators, units = _split(indicator), _split(unit)
    found, changed = _resolve(release, round)
    _check_filters(found, indicators, units, activity)

    # The rows of a release never change, so the inputs identify the body: a client's
    # copy can be confirmed before the rows are read.
    key = f"{SCHEMA_REVISION}|{found.pk}|{request.build_absolute_uri()}"
    response["ETag"] = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    _last_modified(response, changed)
    early = _conditional(request, response)
    if early is not response:
        return early

    # The same inputs give the same body for as long as the release stands, so a
    # rendered body is kept: a popular query is read and serialised once.
    cache_key = f"api-values:{SCHEMA_REVISION}:{found.pk}:{found.released_at.timestamp()}:"
    cache_key += hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    content = cache.get(cache_key)
    if content is None:
        payload = _values_page(request, found, after, indicators, units, level, activity, limit)
        content = api.renderer.render(request, payload, response_status=200)
        content = content.encode() if isinstance(content, str) else content
        cache.set(cache_key, content, VALUES_CACHE_SECONDS)
    # Rendered without a second pass through the schema: the rows are plain values already
    # (floats, strings, ints), and test_api_schema.py checks the body against the schema.
    return api.create_response(request, Rendered(content), temporal_response=response)


def _values_page(request, found, after, indicators, units, level, activity, limit) -> dict:
    """One page of a release's values, filtered, as the API's JSON body."""
    rows = ReleasedValue.objects.filter(release=found).order_by("pk")
    if after is not None:
        rows = rows.filter(pk__gt=after)
    if indicators:
        # By version ids, read first: through the join, SQLite without statistics scans
        # the whole release instead of using the (release, indicator, level) index.
        versions = IndicatorVersion.objects.filter(
            edition_id=found.round.edition_id, indicator__code__in=indicators
        )
        rows = rows.filter(indicator_id__in=list(versions.values_list("pk", flat=True)))
    if units:
        rows = rows.filter(unit_code__in=units)
    if level:
        rows = rows.filter(level=level)
    if activity:
        rows = rows.filter(activity_code=activity)
    rows = list(rows.values_list(*VALUE_FIELDS)[: limit + 1])
    page, next_url = _page(request, rows, limit, lambda row: row[0])
    edition, label = found.round.edition.year, found.label
    items = [
        {
            "indicator": code,
            "edition": edition,
            "level": row_level,
            "unit": unit_code,
            "activity": activity_code or None,
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "verdict": verdict or None,
            "classification": classification or None,
            "reason": reason or None,
            "units": n,
            "release": label,
        }
        for (
            _pk, code, row_level, unit_code, activity_code, value, numerator, denominator,
            verdict, reason, n, classification,
        ) in page
    ]  # fmt: skip
    return {"release": label, "year": found.round.year, "items": items, "next": next_url}


# --- answers, with a token (surveys/api.py) ------------------------------------------

api.add_router("", answers_router)


# --- the docs page's assets --------------------------------------------------------


@api.get("/docs/assets/{name}", include_in_schema=False, url_name="docs-asset")
def docs_asset(request, name: str):
    """Swagger UI's files, served from the installed django-ninja (see SelfHostedSwagger)."""
    if name not in ASSETS:
        raise Http404
    content_type, _encoding = mimetypes.guess_type(name)
    response = FileResponse((SWAGGER_ASSETS / name).open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
