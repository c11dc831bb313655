"""Release slices: a release's common questions answered once, when the release is made.

A release never changes, so the answers most asked of it are rendered when it is made and
kept as bytes beside it (`ReleaseSlice`), each with an ETag: API v1's values of one
indicator (per level, per level and `activity=*`, all levels) and of one unit (with and
without its level), and the Kolada door's `data` of one KPI or one unit in the release's
year. The doors serve a slice's bytes as they are, for the requests whose answer it is
(`find_api`, `find_kolada`), and run their query for any other request.

The bytes are exactly what the query path renders for the same request: a slice is built
from the same rows read with the same fields in the same order, by the same functions
(`api.values.values_body`, `kolada_data.served`), and only from the release's own rows,
which hold nothing but what anyone may see. A withdrawn release's slices are never served:
the lookup asks for a current release (API v1) or the round's current one (Kolada).
Releases made before slices existed get theirs from `beredskap release_slices`
(`services.slice_releases`).
"""

import datetime
import gzip
import hashlib
import json
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse

from beredskap.catalogue.models import IndicatorVersion
from beredskap.results.calculations import COUNTY, GROUP, MUNICIPALITY, NATION, SUMMARY

from .models import Release, ReleasedValue, ReleaseSlice

API, KOLADA = ReleaseSlice.Kind.API_VALUES, ReleaseSlice.Kind.KOLADA_DATA
LEVELS = (MUNICIPALITY, COUNTY, GROUP, NATION)
#: The most rows an API v1 slice holds: one page at the largest limit (`next` is null).
API_MAX_ROWS = 1000
#: The most rows a Kolada slice holds: one page at Kolada's largest per_page.
KOLADA_MAX_ROWS = 5000
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
JSON = "application/json"
GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip member


@dataclass(frozen=True)
class Hit:
    """A slice found for a request: its compressed body, ETag and row count."""

    body: bytes
    etag: str
    rows: int
    released_at: object = None
    breaks: str = ""
    edition_year: int = 0


# --- keys ----------------------------------------------------------------------------


def api_key(indicators: list[str], units: list[str], level, activity) -> str | None:
    """The slice key of an API v1 values filter, or None for a filter no slice answers."""
    if len(indicators) + len(units) != 1:
        return None
    return (
        f"indicator={','.join(indicators)}&unit={','.join(units)}"
        f"&level={level or ''}&activity={activity or ''}"
    )


def kolada_key(kpis, units, years) -> str | None:
    """The slice key of a Kolada `data` question: one KPI or one unit, in one year."""
    if years is None or len(years) != 1 or (kpis is None) == (units is None):
        return None
    named = kpis if kpis is not None else units
    if len(named) != 1:
        return None
    return f"{'kpi' if kpis is not None else 'municipality'}={named[0]}&year={years[0]}"


def breaks_signature(breaks: dict[str, list[int]], edition_year: int) -> str:
    """What of the series breaks a release's Kolada ids depend on (those up to its edition)."""
    relevant = sorted((c, y) for c, years in breaks.items() for y in years if y <= edition_year)
    return hashlib.sha256(json.dumps(relevant).encode()).hexdigest()[:32]


# --- building --------------------------------------------------------------------------


def _slice(release: Release, kind: str, key: str, rows: int, content: bytes, **extra):
    etag = f'W/"{hashlib.sha256(content).hexdigest()[:32]}"'
    return ReleaseSlice(
        release=release,
        kind=kind,
        key=key,
        rows=rows,
        body=gzip.compress(content, compresslevel=1, mtime=0),
        etag=etag,
        **extra,
    )


def _api_slices(release: Release) -> list[ReleaseSlice]:
    from .api.values import VALUE_FIELDS, values_renderer

    render_row, render_page = values_renderer(release)
    rows = ReleasedValue.objects.filter(release=release).order_by("pk").values_list(*VALUE_FIELDS)
    groups: dict[str, list] = defaultdict(list)
    for row in rows.iterator(chunk_size=10_000):
        code, level, unit, activity = row[1:5]
        rendered = render_row(row)
        keys = [
            api_key([code], [], None, None),
            api_key([code], [], level, None),
            api_key([], [unit], None, None),
            api_key([], [unit], level, None),
        ]
        if activity == SUMMARY:
            keys.append(api_key([code], [], level, SUMMARY))
        for key in keys:
            groups[key].append(rendered)
    # The edition's every indicator, also one whose values the release does not hold
    # (aggregate-only, restricted): its slices are empty, as the query's answer is.
    codes = IndicatorVersion.objects.filter(edition_id=release.round.edition_id)
    for code in codes.values_list("indicator__code", flat=True):
        for level in (None, *LEVELS):
            groups.setdefault(api_key([code], [], level, None), [])
            if level:
                groups.setdefault(api_key([code], [], level, SUMMARY), [])
    return [
        _slice(release, API, key, len(members), render_page(members))
        for key, members in groups.items()
        if len(members) <= API_MAX_ROWS
    ]


def _kolada_slices(release: Release) -> list[ReleaseSlice]:
    from .kolada_base import unit_id
    from .kolada_data import DEFAULT_LEVELS, ORDER, ROW_FIELDS, served
    from .kolada_kpis import series_breaks

    breaks = series_breaks()
    year = release.round.year
    signature = breaks_signature(breaks, release.round.edition.year)
    rows = (
        ReleasedValue.objects.filter(release=release)
        .order_by(*ORDER)
        .values_list(*ROW_FIELDS)
        .iterator(chunk_size=10_000)
    )
    groups: dict[str, list] = defaultdict(list)
    for row in rows:
        item = served(breaks, row)
        rendered = KOLADA_ENCODER.encode(item)
        if row[3] in DEFAULT_LEVELS:
            groups[kolada_key([item["kpi"]], None, [year])].append(rendered)
        groups[kolada_key(None, [unit_id(row[3], row[4])], [year])].append(rendered)
    return [
        _slice(release, KOLADA, key, len(items), _envelope(items), breaks=signature)
        for key, items in groups.items()
        if len(items) <= KOLADA_MAX_ROWS
    ]


def _envelope(items: list[str]) -> bytes:
    """Kolada's envelope of a whole answer on its first page (`kolada_base.envelope`),
    its items rendered already, joined as the encoder joins a list."""
    empty = {"count": len(items), "values": [], "next_url": None, "previous_url": None}
    head, tail = kolada_json(empty).decode().split('"values": []')
    return f'{head}"values": [{", ".join(items)}]{tail}'.encode()


def build(release: Release) -> int:
    """(Re)build a release's slices from its rows; the number made. In the caller's
    transaction, or one of its own."""
    release = Release.objects.select_related("round__edition").get(pk=release.pk)
    made = _api_slices(release) + _kolada_slices(release)
    with transaction.atomic():
        ReleaseSlice.objects.filter(release=release).delete()
        ReleaseSlice.objects.bulk_create(made, batch_size=500)
    return len(made)


# --- serving ------------------------------------------------------------------------


def _first(queryset, *extra: str) -> Hit | None:
    row = queryset.values_list("body", "etag", "rows", *extra).first()
    return Hit(bytes(row[0]), *row[1:]) if row else None


def _tables() -> dict[str, str]:
    from beredskap.catalogue.models import Edition
    from beredskap.surveys.models import Round

    quote = connection.ops.quote_name
    models = {"slice": ReleaseSlice, "release": Release, "round": Round, "edition": Edition}
    return {name: quote(model._meta.db_table) for name, model in models.items()}


def _first(sql: str, params: list) -> Hit | None:
    """One row of a slice lookup as a Hit. Plain SQL: the lookup is most of what a slice
    request costs, and building it through the ORM cost three times the query (issue 14)."""
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**_tables()), params)
        row = cursor.fetchone()
    if row is None:
        return None
    body, etag, rows, released_at, *extra = row
    return Hit(bytes(body), etag, rows, _aware(released_at), *extra)


def _aware(moment) -> datetime.datetime:
    """A datetime as the driver gives it (SQLite: text or naive UTC) made aware."""
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


SLICE_OF_RELEASE = """
    SELECT s.body, s.etag, s.rows, r.released_at FROM {slice} s
    JOIN {release} r ON r.id = s.release_id
    WHERE s.kind = %s AND s.key = %s AND s.rows <= %s AND r.withdrawn_at IS NULL"""
SLICE_BY_LABEL = (
    SLICE_OF_RELEASE
    + """
    AND r.number = %s AND r.round_id IN (SELECT id FROM {round} WHERE year = %s)"""
)
SLICE_BY_ID = SLICE_OF_RELEASE + " AND r.id = %s"
KOLADA_SLICE = """
    SELECT s.body, s.etag, s.rows, r.released_at, s.breaks, e.year FROM {slice} s
    JOIN {release} r ON r.id = s.release_id
    JOIN {round} o ON o.id = r.round_id
    JOIN {edition} e ON e.id = o.edition_id
    WHERE s.kind = %s AND s.key = %s AND s.release_id = (
        SELECT r2.id FROM {release} r2 JOIN {round} o2 ON o2.id = r2.round_id
        WHERE o2.year = %s AND r2.withdrawn_at IS NULL ORDER BY r2.number DESC LIMIT 1)"""


def find_api(key: str | None, limit: int, *, label: str | None = None, release_id=None):
    """The API v1 slice `key` of a current release (by label, or by id once resolved)
    with at most `limit` rows, or None. One query."""
    if key is None:
        return None
    if release_id is not None:
        return _first(SLICE_BY_ID, [API, key, limit, release_id])
    year, number = (int(part) for part in label.split("."))
    return _first(SLICE_BY_LABEL, [API, key, limit, number, year])


def find_kolada(key: str | None, year: int) -> Hit | None:
    """The Kolada slice `key` of the round's current release (the newest not withdrawn),
    or None. One query."""
    if key is None:
        return None
    return _first(KOLADA_SLICE, [KOLADA, key, year])


def content(request: HttpRequest, hit: Hit, response: HttpResponse) -> bytes:
    """The slice's bytes for this client: gzip as stored when it takes gzip (the header
    said so on `response`), else decompressed."""
    response["Vary"] = "Accept-Encoding"
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response["Content-Encoding"] = "gzip"
        return hit.body
    return zlib.decompress(hit.body, GZIP_WBITS)  # gzip.decompress's C core, no Python


KOLADA_ENCODER = DjangoJSONEncoder(ensure_ascii=False)


def kolada_json(data) -> bytes:
    """The Kolada door's JSON, as `JsonResponse(..., ensure_ascii=False)` renders it."""
    return KOLADA_ENCODER.encode(data).encode()
