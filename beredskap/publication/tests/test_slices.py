"""Release slices: made with the release, served byte for byte as the query path answers,
conditional, lean, never for a withdrawn release, never with what a release lacks."""

import gzip
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from beredskap.audit.models import Event
from beredskap.catalogue.models import IndicatorVersion
from beredskap.publication import services, slices
from beredskap.publication.models import ReleaseSlice

from .conftest import approve

pytestmark = pytest.mark.django_db

API = "/api/v1/values"
KOLADA = "/kolada/v3/"
API_SLICES = [
    {"release": "2025.1", "indicator": "KON01", "level": "municipality", "activity": "*"},
    {"release": "2025.1", "indicator": "KON02", "level": "municipality", "limit": 1000},
    {"release": "2025.1", "indicator": "KON01"},
    {"release": "2025.1", "indicator": "UTB01"},  # restricted: an empty slice
    {"release": "2025.1", "unit": "0380", "level": "municipality"},
    {"release": "2025.1", "unit": "0380", "_pass": "7"},  # an unknown parameter is ignored
    {"release": "2025.1", "unit": "03"},
    {"round": "2025", "unit": "SE"},
    {"indicator": "KON01", "level": "county", "activity": "*"},
]
KOLADA_SLICES = [
    "data/kpi/KON01/year/2025",
    "data/kpi/KON01.sabo/year/2025/",
    "data/municipality/0380/year/2025",
    "data/municipality/0003/year/2025",
    "data/municipality/0000/year/2025",
    "data?kpi_id=KON02&year=2025",
    "data/?municipality_id=0381&year=2025",
]


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.API_ANON_RATE = None


@pytest.fixture
def release(approved_round, nadia):
    return services.release_round(survey_round=approved_round, by=nadia)


def _query_path(client, fetch):
    """The same requests answered with no slice to serve: by the query (and no cache)."""
    saved = list(ReleaseSlice.objects.all())
    ReleaseSlice.objects.all().delete()
    cache.clear()
    try:
        return [fetch(client, request) for request in _query_path.requests]
    finally:
        ReleaseSlice.objects.bulk_create(saved)


def _api(client, params):
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response


def _kolada(client, path):
    response = client.get(KOLADA + path)
    assert response.status_code == 200, response.content
    return response


def sliced(response) -> bool:
    """Whether the answer came from a slice: it carries a slice's ETag."""
    etag = response.get("ETag")
    return etag is not None and ReleaseSlice.objects.filter(etag=etag).exists()


def _same_as_query(client, fetch, requests):
    with_slices = [fetch(client, request) for request in requests]
    assert all(sliced(r) for r in with_slices), "not all answered from a slice"
    _query_path.requests = requests
    without = _query_path(client, fetch)
    assert not any(sliced(r) for r in without)
    for request, slice_answer, queried in zip(requests, with_slices, without, strict=True):
        assert slice_answer.content == queried.content, request
        assert slice_answer["Content-Type"] == queried["Content-Type"]
    return [json.loads(r.content) for r in with_slices]


def test_api_slices_are_the_query_paths_bytes(client, release):
    bodies = _same_as_query(client, _api, API_SLICES)
    # KON02 is aggregate-only and UTB01 restricted: no municipality values in the release.
    assert [len(b["items"]) > 0 for b in bodies] == [True, False, True, False] + [True] * 5
    assert {item["unit"] for item in bodies[4]["items"]} == {"0380"}
    assert all(b["next"] is None and b["release"] == "2025.1" for b in bodies)


def test_kolada_slices_are_the_query_paths_bytes(client, release):
    bodies = _same_as_query(client, _kolada, KOLADA_SLICES)
    assert all(b["count"] == len(b["values"]) > 0 for b in bodies)
    assert {v["kpi"] for v in bodies[1]["values"]} == {"KON01.sabo"}
    assert {v["municipality"] for v in bodies[3]["values"]} == {"0003"}


def test_restricted_and_unreleased_data_never_enter_a_slice(release):
    public = {
        (v.indicator.indicator.code, v.level, v.unit_code, v.activity_code or None)
        for v in release.values.select_related("indicator__indicator")
    }
    assert not [cell for cell in public if cell[0] == "UTB01"]
    for made in ReleaseSlice.objects.filter(release=release, kind="api-values"):
        items = json.loads(gzip.decompress(made.body))["items"]
        assert {(i["indicator"], i["level"], i["unit"], i["activity"]) for i in items} <= public
    for made in ReleaseSlice.objects.filter(release=release, kind="kolada-data"):
        assert "UTB01" not in gzip.decompress(made.body).decode()
    kon01 = json.loads(
        gzip.decompress(ReleaseSlice.objects.get(kind="api-values", key=slices.api_key(
            ["UTB01"], [], None, None)).body)
    )  # fmt: skip
    assert kon01["items"] == []
    keys = set(ReleaseSlice.objects.values_list("key", flat=True))
    assert not [k for k in keys if "UTB01" in k and not k.startswith("indicator=UTB01")]


def test_a_slice_answers_if_none_match_and_gzip(client, release):
    params = API_SLICES[4]
    first = _api(client, params)
    etag = first["ETag"]
    assert etag.startswith('W/"') and first["Cache-Control"] == "public, no-cache"
    again = client.get(API, params, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again["ETag"] == etag and again.content == b""
    zipped = client.get(API, params, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == first.content

    kolada = _kolada(client, KOLADA_SLICES[0])
    assert kolada["Access-Control-Allow-Origin"] == "*"
    again = client.get(KOLADA + KOLADA_SLICES[0], headers={"If-None-Match": kolada["ETag"]})
    assert again.status_code == 304 and again["Access-Control-Allow-Origin"] == "*"


def test_a_slice_costs_one_query_and_the_rate_limit_two(client, release, settings):
    with CaptureQueriesContext(connection) as api:
        _api(client, API_SLICES[0])
    with CaptureQueriesContext(connection) as kolada:
        _kolada(client, KOLADA_SLICES[2])
    assert (len(api), len(kolada)) == (1, 2)  # the slice with its release; + series breaks
    settings.API_ANON_RATE = "600/m"  # the database's counters (no REDIS_URL in tests)
    _api(client, API_SLICES[0])
    with CaptureQueriesContext(connection) as limited:
        _api(client, API_SLICES[0])
    counter = [q for q in limited.captured_queries if "beredskap_counters" in q["sql"]]
    assert len(limited) - len(counter) == 1


def test_other_filters_and_pages_fall_back_to_the_query(client, release):
    small = _api(client, {"release": "2025.1", "unit": "0380", "limit": 2})
    assert not sliced(small) and small.json()["next"] is not None
    both = _api(client, {"release": "2025.1", "unit": "0380", "indicator": "KON01"})
    assert not sliced(both) and both.json()["items"]
    assert not sliced(_kolada(client, "data/kpi/KON01/year/2025?per_page=1"))
    assert not sliced(_kolada(client, "data/kpi/KON01,KON02/year/2025"))


def test_a_withdrawn_release_s_slices_stop_being_served(client, release, nadia):
    approve("0381", "ja")
    correction = services.release_round(survey_round=release.round, errata="Rättat", by=nadia)
    path = "data/municipality/0381/year/2025"
    before = _kolada(client, path)
    assert sliced(before)
    assert before.content == gzip.decompress(
        correction.slices.get(kind="kolada-data", key=slices.kolada_key(None, ["0381"], [2025])).body
    )  # fmt: skip
    services.withdraw_release(release=correction, reason="Fel", by=nadia)
    after = _kolada(client, path)
    assert sliced(after) and after.content != before.content
    assert after.content == gzip.decompress(
        release.slices.get(kind="kolada-data", key=slices.kolada_key(None, ["0381"], [2025])).body
    )  # fmt: skip
    assert client.get(API, {"release": "2025.2", "unit": "0381"}).status_code == 404
    served = _api(client, {"round": "2025", "unit": "0381"})
    assert served.json()["release"] == "2025.1" and sliced(served)


def test_a_later_series_break_is_not_served_from_a_stale_slice(client, release):
    IndicatorVersion.objects.filter(
        indicator__code="KON01", edition__year=2025
    ).update(comparable_with_previous=False)  # fmt: skip
    answer = _kolada(client, "data/municipality/0380/year/2025")
    assert not sliced(answer)
    assert "KON01_2025" in {v["kpi"] for v in answer.json()["values"]}
    done = services.slice_releases(rebuild=True)
    assert [r.label for r, _ in done] == ["2025.1"]
    rebuilt = _kolada(client, "data/municipality/0380/year/2025")
    assert sliced(rebuilt) and rebuilt.content == answer.content


def test_the_backfill_command_slices_releases_without_slices(release, capsys):
    count = release.slices.count()
    ReleaseSlice.objects.all().delete()
    call_command("release_slices")
    out = capsys.readouterr().out
    assert f"Release 2025.1: {count} slices." in out and "1 releases sliced." in out
    assert release.slices.count() == count
    assert Event.objects.filter(action="release.sliced").count() == 1
    call_command("release_slices")
    assert "0 releases sliced." in capsys.readouterr().out


codes = st.lists(st.from_regex(r"[A-Z0-9]{1,6}", fullmatch=True), max_size=3)


@given(codes, codes, st.sampled_from([None, "municipality", "county"]))
def test_only_one_code_makes_a_slice_key(indicators, units, level):
    key = slices.api_key(indicators, units, level, None)
    assert (key is None) == (len(indicators) + len(units) != 1)
    if key is not None:
        assert key.startswith(f"indicator={''.join(indicators)}&unit={''.join(units)}&")
