"""API v1's values (tag `values`): the rows of one release, filtered and paginated.

Values come only from `ReleasedValue` rows of current (not withdrawn) releases, which hold
nothing but what anyone may see (`calculations.publishable`); `results.Value` is never
read here. A release never changes, so a page is identified by the release and the
request alone: a client's copy is confirmed (304) before any row is read, and a rendered
page is kept in the cache for as long as the release stands.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import FloatField, Max
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from beredskap.catalogue.models import Activity, Indicator, IndicatorVersion
from beredskap.registry.models import County, Municipality, MunicipalityGroup
from beredskap.results.calculations import NATION_CODE, SUMMARY

from .. import slices
from ..models import Release, ReleasedValue
from .base import ApiError, Rendered, api, conditional, last_modified, responses
from .params import (
    CURSOR,
    LABEL,
    MAX_LIMIT,
    YEAR,
    CodeList,
    Level,
    check_known,
    decode_cursor,
    paginate,
    split_codes,
)
from .releases import current_release
from .schemas import ValuePage

#: Part of the values ETag: bump when the values' JSON changes shape (a new field).
SCHEMA_REVISION = "1"
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

router = Router(tags=["values"])


@dataclass(frozen=True)
class Filters:
    """What a request narrows a release's values to; empty or None: everything."""

    indicators: list[str]
    units: list[str]
    level: str | None
    activity: str | None


def _resolve(release: str | None, round_year: int | None) -> tuple[Release, datetime | None]:
    """The release asked for, and when what that choice serves last changed."""
    if release:
        found = current_release(release, "release")
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


def _check_units(units: list[str]) -> None:
    known = {NATION_CODE}
    codes = [
        model.objects.filter(code__in=units).order_by().values_list("code", flat=True)
        for model in (Municipality, County, MunicipalityGroup)
    ]
    known.update(codes[0].union(*codes[1:]))
    unknown = [unit for unit in units if unit not in known]
    if unknown:
        raise ApiError(422, "unit", f"Unknown unit: {', '.join(unknown)}.")


def _check_filters(found: Release, filters: Filters) -> None:
    """Filters naming what does not exist are errors; filters that match nothing are not."""
    if filters.indicators:
        check_known(Indicator, "code", filters.indicators, "indicator", "indicator")
    if filters.units:
        _check_units(filters.units)
    activity = filters.activity
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


@router.get(
    "/values", response=responses(ValuePage, 400, 404, 422), summary="List released values"
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
    after = decode_cursor(cursor, int)
    filters = Filters(split_codes(indicator), split_codes(unit), level, activity)
    # A release's common slices were rendered when it was made (slices.py): served as
    # they are, without reading a row, when the request is one of them on one page.
    key = slices.api_key(filters.indicators, filters.units, level, activity)
    key = key if after is None else None
    if key and release:
        hit = slices.find_api(key, limit, label=release)
        if hit is not None:
            return _from_slice(request, response, hit, hit.released_at)
    found, changed = _resolve(release, round)
    if key and not release:
        hit = slices.find_api(key, limit, release_id=found.pk)
        if hit is not None:
            return _from_slice(request, response, hit, changed)
    _check_filters(found, filters)
    early = _confirmed(request, response, found, changed)
    if early is not response:
        return early
    content = _rendered(
        request, found, lambda: _values_page(request, found, after, filters, limit)
    )
    # Rendered without a second pass through the schema: the rows are plain values already
    # (floats, strings, ints), and test_api_schema.py checks the body against the schema.
    return api.create_response(request, Rendered(content), temporal_response=response)


def _from_slice(request, response: HttpResponse, hit: slices.Hit, changed) -> HttpResponse:
    """A release slice's bytes, or a 304 when the client's copy is current."""
    response["ETag"] = hit.etag
    last_modified(response, changed)
    early = conditional(request, response)
    if early is not response:
        return early
    content = slices.content(request, hit, response)
    return api.create_response(request, Rendered(content), temporal_response=response)


def _confirmed(request, response: HttpResponse, found: Release, changed) -> HttpResponse:
    """The ETag and Last-Modified set; a 304 (or 412) when the client's copy is current.
    The rows of a release never change, so the inputs identify the body: a client's
    copy can be confirmed before the rows are read."""
    key = f"{SCHEMA_REVISION}|{found.pk}|{request.build_absolute_uri()}"
    response["ETag"] = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    last_modified(response, changed)
    return conditional(request, response)


def _rendered(request: HttpRequest, found: Release, page: Callable[[], dict]) -> bytes:
    """The page as JSON. The same inputs give the same body for as long as the release
    stands, so a rendered body is kept: a popular query is read and serialised once."""
    cache_key = f"api-values:{SCHEMA_REVISION}:{found.pk}:{found.released_at.timestamp()}:"
    cache_key += hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    content = cache.get(cache_key)
    if content is None:
        content = api.renderer.render(request, page(), response_status=200)
        content = content.encode() if isinstance(content, str) else content
        cache.set(cache_key, content, VALUES_CACHE_SECONDS)
    return content


def _rows(found: Release, after: int | None, filters: Filters):
    """The release's values after the cursor that pass the filters, in pk order."""
    rows = ReleasedValue.objects.filter(release=found).order_by("pk")
    if after is not None:
        rows = rows.filter(pk__gt=after)
    if filters.indicators:
        # By version ids, read first: through the join, SQLite without statistics scans
        # the whole release instead of using the (release, indicator, level) index.
        versions = IndicatorVersion.objects.filter(
            edition_id=found.round.edition_id, indicator__code__in=filters.indicators
        )
        rows = rows.filter(indicator_id__in=list(versions.values_list("pk", flat=True)))
    if filters.units:
        rows = rows.filter(unit_code__in=filters.units)
    if filters.level:
        rows = rows.filter(level=filters.level)
    if filters.activity:
        rows = rows.filter(activity_code=filters.activity)
    return rows


def _values_page(request, found: Release, after, filters: Filters, limit: int) -> dict:
    """One page of a release's values, filtered, as the API's JSON body."""
    rows = list(_rows(found, after, filters).values_list(*VALUE_FIELDS)[: limit + 1])
    page, next_url = paginate(request, rows, limit, lambda row: row[0])
    return _body(found, page, next_url)


def values_renderer(found: Release):
    """(render one row, render a page of rendered rows) for release slices (`slices.py`):
    each row is rendered once, however many slices hold it, and a slice is its rows'
    JSON joined as the encoder joins a list, so it is byte for byte the query's answer
    (which the tests compare)."""

    renderer = api.renderer
    # One encoder for every row, as `json.dumps(data, cls=…, **params)` renders with.
    render = renderer.encoder_class(**renderer.json_dumps_params).encode
    envelope = renderer.render(None, _body(found, [], None), response_status=200)
    head, tail = envelope.split('"items": []')
    head += '"items": ['
    tail = "]" + tail

    def row(values: tuple) -> str:
        return render(_item(found.round.edition.year, found.label, values))

    def page(rows: list[str]) -> bytes:
        return (head + ", ".join(rows) + tail).encode()

    return row, page


def _body(found: Release, page: list, next_url: str | None) -> dict:
    edition, label = found.round.edition.year, found.label
    items = [_item(edition, label, row) for row in page]
    return {"release": label, "year": found.round.year, "items": items, "next": next_url}


def _item(edition: int, label: str, row: tuple) -> dict:
    (
        _pk, code, row_level, unit_code, activity_code, value, numerator, denominator,
        verdict, reason, n, classification,
    ) = row  # fmt: skip
    return {
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
