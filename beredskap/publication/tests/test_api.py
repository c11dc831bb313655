"""API v1 through the Django test client: every endpoint, what anonymous clients may get,
pagination, conditional requests, throttling and error bodies."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from beredskap.publication import services
from beredskap.publication.api.params import encode_cursor
from beredskap.publication.models import Release, ReleasedValue
from beredskap.registry.models import Municipality
from beredskap.results import services as results
from beredskap.results.models import Value

from .conftest import approve

pytestmark = pytest.mark.django_db

API = "/api/v1"
NUMBERS = ("value", "numerator", "denominator", "verdict", "classification")


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    """Throttling off unless a test turns it on (the limit is shared per client address)."""
    settings.API_ANON_RATE = None


@pytest.fixture
def release(approved_round, nadia):
    return services.release_round(survey_round=approved_round, notes="Första", by=nadia)


def get(client, path, **params):
    return client.get(f"{API}{path}", params)


def ok(client, path, **params):
    response = get(client, path, **params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def walk(client, path, **params) -> list[dict]:
    """Every item of a paginated list, following `next`."""
    items, body = [], ok(client, path, **params)
    items += body["items"]
    while body["next"]:
        response = client.get(body["next"])
        assert response.status_code == 200, response.content
        body = response.json()
        items += body["items"]
    return items


def key(item):
    return (item["indicator"], item["level"], item["unit"], item["activity"] or "")


def as_item(value: ReleasedValue) -> dict:
    def number(d: Decimal | None):
        return None if d is None else float(d)

    return {
        "indicator": value.indicator.indicator.code,
        "edition": value.indicator.edition.year,
        "level": value.level,
        "unit": value.unit_code,
        "activity": value.activity_code or None,
        "value": number(value.value),
        "numerator": number(value.numerator),
        "denominator": number(value.denominator),
        "verdict": value.verdict or None,
        "classification": value.classification or None,
        "reason": value.reason or None,
        "units": value.units,
        "release": value.release.label,
    }


def assert_publishable(items, labels):
    """Nothing an anonymous client may not see; everything from the given releases."""
    for item in items:
        assert item["indicator"] != "UTB01", item
        assert not (item["indicator"] == "KON02" and item["level"] == "municipality"), item
        if item["level"] != "municipality" and 0 < item["units"] < 3:
            assert item["reason"] == "suppressed", item
            assert all(item[field] is None for field in NUMBERS), item
        assert item["release"] in labels, item


def error(response, status, parameter):
    assert response.status_code == status, response.content
    body = response.json()
    assert [e["parameter"] for e in body["errors"]] == [parameter], body
    assert all(e["message"] for e in body["errors"])
    return body["errors"][0]["message"]


# --- registry ----------------------------------------------------------------------


def test_counties(client, reference):
    items = ok(client, "/counties")["items"]
    assert len(items) == 21
    assert {"code": "03", "name": "Uppsala län"} in items


def test_municipalities_with_their_county_and_group_in_a_year(client, reference):
    body = ok(client, "/municipalities", year=2025)
    assert (body["year"], body["grouping_year"], body["next"]) == (2025, 2023, None)
    assert len(body["items"]) == 290
    uppsala = next(m for m in body["items"] if m["code"] == "0380")
    group = Municipality.objects.get(code="0380").group_for(2025)
    assert uppsala == {"code": "0380", "name": "Uppsala", "county": "03", "group": group.code}
    # Before any grouping there is no group; the default year is the latest grouping.
    assert all(m["group"] is None for m in ok(client, "/municipalities", year=2010)["items"])
    assert ok(client, "/municipalities")["year"] == 2023
    county = ok(client, "/municipalities", county="03")["items"]
    assert {m["county"] for m in county} == {"03"} and len(county) == 8
    in_group = ok(client, "/municipalities", group=group.code, year=2025)["items"]
    assert in_group and {m["group"] for m in in_group} == {group.code}


def test_municipalities_page_by_code(client, reference):
    items = walk(client, "/municipalities", limit=40)
    codes = [m["code"] for m in items]
    assert codes == sorted(codes) == sorted(Municipality.objects.values_list("code", flat=True))
    first = ok(client, "/municipalities", limit=40)
    assert len(first["items"]) == 40 and "cursor=" in first["next"]
    assert first["next"].startswith("http://testserver/api/v1/municipalities?")


def test_municipality_groups(client, reference):
    body = ok(client, "/municipality-groups", year=2025)
    assert body["grouping_year"] == 2023
    codes = [g["code"] for g in body["items"]]
    assert "A1" in codes and codes == sorted(codes)
    members = [m for g in body["items"] for m in g["municipalities"]]
    assert len(members) == len(set(members)) == 290
    stockholm = next(g for g in body["items"] if "0180" in g["municipalities"])
    assert stockholm["code"] == Municipality.objects.get(code="0180").group_for(2025).code


# --- catalogue ---------------------------------------------------------------------


def test_areas_and_activities_of_an_edition(client, edition):
    areas = ok(client, "/areas")
    assert areas["edition"] == 2025
    assert [a["code"] for a in areas["items"]] == ["B", "H"]
    assert areas["items"][0]["name"] == {"sv": "Kontinuitetshantering", "en": "Continuity"}
    activities = ok(client, "/activities", edition=2025)
    assert [a["code"] for a in activities["items"]] == ["sabo", "hemtjanst"]
    assert activities["items"][1]["name"]["en"] == "Home care"
    error(get(client, "/areas", edition=2019), 404, "edition")
    error(get(client, "/activities", edition="x"), 422, "edition")


def test_indicators_list_every_definition_restricted_ones_too(client, edition):
    items = {i["code"]: i for i in ok(client, "/indicators")["items"]}
    assert set(items) == {"KON01", "KON02", "UTB01"}
    (kon01,) = items["KON01"]["versions"]
    assert kon01 == {
        "edition": 2025,
        "title": {"sv": "Aktuell kontinuitetsplan", "en": "Current continuity plan"},
        "description": {"sv": "Planen finns i egen regi.", "en": "The plan exists in-house."},
        "area": "B",
        "kind": "yes_no",
        "sensitivity": "public",
        "direction": "higher_is_better",
        "activities": ["sabo", "hemtjanst"],
        "comparable_with_previous": None,
        "change_note": None,
    }
    assert items["UTB01"]["versions"][0]["sensitivity"] == "restricted"
    assert ok(client, "/indicators", edition=2025)["items"] == list(items.values())
    error(get(client, "/indicators", edition=2019), 404, "edition")


def test_one_indicator(client, edition):
    body = ok(client, "/indicators/KON02")
    assert body["code"] == "KON02"
    assert body["versions"][0]["sensitivity"] == "aggregate"
    assert "NOPE1" in error(get(client, "/indicators/NOPE1"), 404, "code")
    error(get(client, "/indicators/KON%2001"), 422, "code")


# --- releases ----------------------------------------------------------------------


def test_releases_list_current_ones_only(client, approved_round, nadia):
    assert ok(client, "/releases")["items"] == []
    first = services.release_round(survey_round=approved_round, notes="Första", by=nadia)
    second = services.release_round(survey_round=approved_round, errata="Rättat", by=nadia)
    items = ok(client, "/releases")["items"]
    assert [(r["label"], r["latest"]) for r in items] == [("2025.2", True), ("2025.1", False)]
    assert items[1] == {
        "label": "2025.1",
        "year": 2025,
        "edition": 2025,
        "number": 1,
        "released_at": DjangoJSONEncoder().default(first.released_at),
        "notes": "Första",
        "errata": "",
        "value_count": first.value_count,
        "latest": False,
        "continuity_plans": [],  # no continuity plans uploaded
        "values": "http://testserver/api/v1/values?release=2025.1",
    }
    assert ok(client, "/releases/2025.2")["errata"] == "Rättat"
    services.withdraw_release(release=second, reason="Fel", by=nadia)
    assert [r["label"] for r in ok(client, "/releases")["items"]] == ["2025.1"]
    assert ok(client, "/releases/2025.1")["latest"] is True
    # A withdrawn release answers exactly like one never made.
    gone, never = get(client, "/releases/2025.2"), get(client, "/releases/2025.3")
    error(gone, 404, "label")
    assert gone.json()["errors"][0]["message"].replace("2025.2", "X") == never.json()["errors"][0][
        "message"
    ].replace("2025.3", "X")
    error(get(client, "/releases/2025"), 422, "label")


# --- values ------------------------------------------------------------------------


def test_values_are_the_release_rows(client, release):
    items = walk(client, "/values", release="2025.1")
    rows = release.values.select_related("indicator__indicator", "indicator__edition", "release")
    expected = {key(item): item for item in map(as_item, rows)}
    assert len(items) == release.value_count == len(expected)
    assert {key(item): item for item in items} == expected
    # The default is the latest release of the newest round; `round` its latest release.
    assert walk(client, "/values") == items == walk(client, "/values", round=2025)
    nation = {key(i): i for i in items}["KON02", "nation", "SE", ""]
    assert (nation["value"], nation["numerator"], nation["denominator"]) == (58.3333, 7.0, 12.0)


def test_values_never_hold_what_the_release_left_out(client, release, nadia):
    # The computed values change after the release: the API still serves the release.
    approve("0381", "ja")
    results.compute_round(survey_round=release.round, basis=Value.Basis.APPROVED, by=nadia)
    assert Value.objects.filter(indicator__indicator__code="UTB01").exists()
    scopes = [{}, {"release": "2025.1"}, {"round": 2025}]
    indicators = [None, "KON01", "KON02", "UTB01", "KON02,UTB01"]
    levels = [None, "municipality", "county", "group", "nation"]
    units = [None, "0381", "03", "SE"]
    activities = [None, "sabo", "*"]
    seen = 0
    for scope, code, level, unit, activity in itertools.product(
        scopes, indicators, levels, units, activities
    ):
        filters = {"indicator": code, "level": level, "unit": unit, "activity": activity}
        params = {**scope, **{k: v for k, v in filters.items() if v is not None}}
        items = ok(client, "/values", **params)["items"]
        assert_publishable(items, {"2025.1"})
        if code == "UTB01":
            assert items == []
        seen += len(items)
    assert seen
    enkoping = ok(client, "/values", indicator="KON01", unit="0381", activity="sabo")["items"]
    assert [i["verdict"] for i in enkoping] == ["not_met"]  # as released, not as recomputed
    county = ok(client, "/values", indicator="KON02", level="county", unit="03")["items"]
    assert county == [
        {
            "indicator": "KON02",
            "edition": 2025,
            "level": "county",
            "unit": "03",
            "activity": None,
            "value": None,
            "numerator": None,
            "denominator": None,
            "verdict": None,
            "classification": None,
            "reason": "suppressed",
            "units": 2,
            "release": "2025.1",
        }
    ]


def test_nothing_of_an_embargoed_round_or_a_withdrawn_release(client, approved_round, nadia):
    # Computed but never released: under embargo.
    results.compute_round(survey_round=approved_round, basis=Value.Basis.APPROVED, by=nadia)
    embargoed = get(client, "/values", round=2025)
    never = get(client, "/values", round=2031)
    assert error(embargoed, 404, "round").replace("2025", "X") == error(
        never, 404, "round"
    ).replace("2031", "X")
    error(get(client, "/values"), 404, None)
    error(get(client, "/values", release="2025.1"), 404, "release")
    assert ok(client, "/releases")["items"] == []

    first = services.release_round(survey_round=approved_round, by=nadia)
    approve("0381", "ja")
    second = services.release_round(survey_round=approved_round, errata="Rättat", by=nadia)
    assert {i["release"] for i in walk(client, "/values")} == {"2025.2"}
    services.withdraw_release(release=second, reason="Fel", by=nadia)
    for params in ({}, {"round": 2025}, {"indicator": "KON01"}):
        assert {i["release"] for i in walk(client, "/values", **params)} == {"2025.1"}
    error(get(client, "/values", release="2025.2"), 404, "release")
    assert ok(client, "/values", release="2025.1")["release"] == "2025.1"
    services.withdraw_release(release=first, reason="Embargo", by=nadia)
    for params in ({}, {"round": 2025}, {"release": "2025.1"}, {"indicator": "KON01"}):
        assert get(client, "/values", **params).status_code == 404
    assert ReleasedValue.objects.filter(release=first).exists()


def test_pagination_walks_every_row_exactly_once(client, release):
    cases = [({}, (97, 250)), ({"activity": "*"}, (40,)), ({"level": "county"}, (1, 7))]
    for params, limits in cases:
        whole = ok(client, "/values", limit=1000, **params)
        assert whole["next"] is None  # fewer than 1000 rows each
        for limit in limits:
            items = walk(client, "/values", limit=limit, **params)
            assert [key(i) for i in items] == [key(i) for i in whole["items"]]
            assert len(set(map(key, items))) == len(items)
    assert len(walk(client, "/values", limit=250)) == release.value_count
    page = ok(client, "/values", limit=5, indicator="KON01", level="county")
    assert "indicator=KON01" in page["next"] and "level=county" in page["next"]


def test_repeated_and_comma_separated_lists(client, release):
    both = walk(client, "/values", indicator="KON01,KON02", level="nation")
    repeated = walk(client, "/values", indicator=["KON01", "KON02"], level="nation")
    assert both == repeated and {i["indicator"] for i in both} == {"KON01", "KON02"}
    units = walk(client, "/values", unit=["0380", "SE"], indicator="KON01", activity="sabo")
    assert {i["unit"] for i in units} == {"0380", "SE"}


def test_values_read_a_fixed_number_of_queries(client, release, django_assert_max_num_queries):
    params = {"indicator": "KON01", "unit": "0380,SE", "activity": "sabo", "round": 2025}
    counts = []
    for limit in (1, 1000):
        with CaptureQueriesContext(connection) as queries:
            ok(client, "/values", limit=limit)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(7):  # the filters' checks and the versions' ids
        ok(client, "/values", **params)
    with django_assert_max_num_queries(3):
        body = ok(client, "/values", release="2025.1", limit=1000)
    assert len(body["items"]) == min(1000, release.value_count)


def test_a_page_of_values_is_read_once_and_never_outlives_its_release(
    client, release, nadia, django_assert_max_num_queries
):
    params = {"release": "2025.1", "indicator": "KON01", "limit": 50}
    first = get(client, "/values", **params)
    with django_assert_max_num_queries(2):  # the release and the filter check: no rows
        again = get(client, "/values", **params)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert {row["indicator"] for row in again.json()["items"]} == {"KON01"}
    # Another page is another body.
    assert get(client, "/values", **params, unit="SE").json()["items"][0]["unit"] == "SE"
    services.withdraw_release(release=release, reason="Fel", by=nadia)
    error(get(client, "/values", **params), 404, "release")


# --- conditional requests ----------------------------------------------------------


def backdate(release, minutes):
    """HTTP dates count whole seconds: set releases made in one test some minutes apart."""
    moved = release.released_at - datetime.timedelta(minutes=minutes)
    Release.objects.filter(pk=release.pk).update(released_at=moved)
    release.released_at = moved


def test_etag_and_last_modified_give_304(client, release, nadia):
    backdate(release, 10)
    response = get(client, "/values", round=2025)
    etag, modified = response["ETag"], response["Last-Modified"]
    assert etag.startswith('W/"') and modified == http_date(release.released_at.timestamp())
    assert response["Cache-Control"] == "public, no-cache"
    again = client.get(f"{API}/values", {"round": 2025}, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    since = client.get(f"{API}/values", {"round": 2025}, headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    earlier = http_date(release.released_at.timestamp() - 60)
    assert get_with(client, "/values", {"round": 2025}, If_Modified_Since=earlier) == 200
    other = client.get(
        f"{API}/values", {"round": 2025, "limit": 3}, headers={"If-None-Match": etag}
    )
    assert other.status_code == 200

    # A correction changes what `round` serves: the old copy is stale.
    approve("0381", "ja")
    backdate(services.release_round(survey_round=release.round, errata="Rättat", by=nadia), 5)
    assert get_with(client, "/values", {"round": 2025}, If_None_Match=etag) == 200
    assert get_with(client, "/values", {"round": 2025}, If_Modified_Since=modified) == 200
    # ...but not the fixed release.
    fixed = get(client, "/values", release="2025.1")
    assert get_with(client, "/values", {"release": "2025.1"}, If_None_Match=fixed["ETag"]) == 304
    # Withdrawing the correction brings the older release back: never a stale 304.
    newest = get(client, "/values", round=2025)
    services.withdraw_release(release=Release.objects.get(number=2), reason="Fel", by=nadia)
    assert get_with(client, "/values", {}, If_Modified_Since=newest["Last-Modified"]) == 200
    assert get_with(client, "/values", {}, If_None_Match=newest["ETag"]) == 200


def get_with(client, path, params, **headers):
    headers = {name.replace("_", "-"): value for name, value in headers.items()}
    return client.get(f"{API}{path}", params, headers=headers).status_code


@pytest.mark.parametrize(
    "path", ["/counties", "/municipalities", "/municipality-groups", "/areas", "/activities",
             "/indicators", "/indicators/KON01", "/releases", "/releases/2025.1"]
)  # fmt: skip
def test_every_endpoint_answers_if_none_match(client, release, path):
    response = get(client, path)
    assert response.status_code == 200 and response["ETag"]
    assert get_with(client, path, {}, If_None_Match=response["ETag"]) == 304
    if response.has_header("Last-Modified"):
        assert get_with(client, path, {}, If_Modified_Since=response["Last-Modified"]) == 304
    assert response["Access-Control-Allow-Origin"] == "*"


def test_catalogue_and_release_times_are_last_modified(client, release):
    assert get(client, "/areas")["Last-Modified"] == http_date(
        release.round.edition.loaded_at.timestamp()
    )
    assert get(client, "/releases")["Last-Modified"] == http_date(release.released_at.timestamp())
    assert not get(client, "/counties").has_header("Last-Modified")  # the registry has no time


# --- throttling and errors ---------------------------------------------------------


def test_anonymous_clients_are_throttled(client, reference, settings):
    settings.API_ANON_RATE = "3/m"
    cache.clear()
    try:
        assert [get(client, "/counties").status_code for _ in range(3)] == [200] * 3
        response = get(client, "/counties")
        error(response, 429, None)
        assert int(response["Retry-After"]) > 0
        other = client.get(f"{API}/counties", REMOTE_ADDR="192.0.2.7")
        assert other.status_code == 200  # per client address
    finally:
        cache.clear()


@pytest.mark.parametrize(
    "params, status, parameter",
    [
        ({"round": "abc"}, 422, "round"),
        ({"round": 1066}, 422, "round"),
        ({"limit": 0}, 422, "limit"),
        ({"limit": 1001}, 422, "limit"),
        ({"release": "latest"}, 422, "release"),
        ({"release": "2025.1", "round": 2025}, 400, "round"),
        ({"release": "2025.9"}, 404, "release"),
        ({"round": 2031}, 404, "round"),
        ({"cursor": "bm90LWEtY3Vyc29y"}, 422, "cursor"),
        ({"cursor": "!!"}, 422, "cursor"),
        ({"indicator": "NOPE1"}, 422, "indicator"),
        ({"indicator": "KON01,,x y"}, 422, "indicator"),
        ({"unit": "9999"}, 422, "unit"),
        ({"activity": "skola"}, 422, "activity"),
        ({"level": "planet"}, 422, "level"),
    ],
)
def test_errors_name_the_parameter(client, release, params, status, parameter):
    error(get(client, "/values", **params), status, parameter)


def test_other_errors_name_the_parameter(client, release):
    error(get(client, "/municipalities", county="99"), 422, "county")
    error(get(client, "/municipalities", year=10**30), 422, "year")
    error(get(client, "/municipalities", cursor="eyJhZnRlciI6MX0"), 422, "cursor")  # an int
    nul = encode_cursor("\x00")
    error(get(client, "/municipalities", cursor=nul), 422, "cursor")
    error(get(client, "/municipality-groups", year="soon"), 422, "year")
    assert "KON09" in error(get(client, "/indicators/KON09"), 404, "code")


# --- documentation -----------------------------------------------------------------


def test_openapi_and_docs_page_without_a_cdn(client, reference):
    schema = ok(client, "/openapi.json")
    assert schema["info"]["title"] == "Beredskap API" and "/api/v1/values" in schema["paths"]
    page = client.get(f"{API}/swagger")
    html = page.content.decode()
    assert page.status_code == 200 and "https://" not in html and "<script>" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    for name, kind in [("swagger-ui-bundle.js", "javascript"), ("swagger-ui.css", "text/css")]:
        assert f"/api/v1/docs/assets/{name}" in html
        asset = client.get(f"{API}/docs/assets/{name}")
        assert asset.status_code == 200 and kind in asset["Content-Type"]
        asset.close()
    assert client.get(f"{API}/docs/assets/..%2Fsettings.py").status_code == 404
    assert client.get(f"{API}/docs/assets/redoc.standalone.js").status_code == 404
