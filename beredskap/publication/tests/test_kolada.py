"""The Kolada-compatible API: routes, envelope, mapping, paging, and what it never serves."""

import copy
import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beredskap.catalogue import services as catalogue
from beredskap.catalogue.tests.factories import small_edition, write
from beredskap.publication import services
from beredskap.publication.models import ReleasedValue
from beredskap.results import services as results
from beredskap.results.models import Value
from beredskap.surveys import services as surveys
from beredskap.surveys.models import Response
from beredskap.surveys.tests.conftest import complete
from beredskap.tests.cast import stand_in

from .conftest import RESTRICTED

pytestmark = pytest.mark.django_db

BASE = "/kolada/v3/"
HEADLINE_AND_ACTIVITIES = ["KON01", "KON01.hemtjanst", "KON01.sabo", "KON02"]


def get(client, path, status=200, **params):
    response = client.get(BASE + path, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def cells(body):
    """{(kpi, municipality, period): the single T value} of a data response."""
    found = {}
    for item in body["values"]:
        key = (item["kpi"], item["municipality"], item["period"])
        assert key not in found
        [found[key]] = item["values"]
    return found


@pytest.fixture
def release(approved_round, nadia):
    return services.release_round(survey_round=approved_round, by=nadia)


def _is_envelope(body):
    assert set(body) == {"count", "values", "next_url", "previous_url"}
    assert body["count"] >= len(body["values"])


# --- metadata ------------------------------------------------------------------------


def test_kpi_lists_released_indicators_and_their_activities(client, release):
    body = get(client, "kpi")
    _is_envelope(body)
    assert [k["id"] for k in body["values"]] == HEADLINE_AND_ACTIVITIES
    assert body["count"] == 4 and body["next_url"] is None
    kpis = {k["id"]: k for k in body["values"]}
    kon01 = kpis["KON01"]
    assert kon01 == {
        "id": "KON01",
        "title": "Aktuell kontinuitetsplan",
        "description": "Planen finns i egen regi. Alla verksamheter sammantagna.",
        "municipality_type": "A",  # municipality values and county/national aggregates
        "operating_area": "Kontinuitetshantering",
        "publ_period": "2025",
        "publication_date": None,  # Kolada's meaning: the next publication, not planned here
        "is_divided_by_gender": False,
        "has_ou_data": False,
        "perspective": "Kvalitet",
        "auspice": "E",
        "prel_publication_date": None,
        "ou_publication_date": None,
    }
    assert kon01["is_divided_by_gender"] is False
    assert kpis["KON01.sabo"]["title"] == "Aktuell kontinuitetsplan – Särskilt boende för äldre"
    assert kpis["KON02"]["municipality_type"] == "L"  # aggregate only: counties and nation


def test_kpi_filters_by_title_and_id(client, release):
    assert [k["id"] for k in get(client, "kpi", title="ANDEL")["values"]] == ["KON02"]
    by_param = get(client, "kpi", id="KON02,KON01.sabo")
    assert [k["id"] for k in by_param["values"]] == ["KON01.sabo", "KON02"]
    by_path = get(client, "kpi/KON02,KON01.sabo,UTB01,NOPE")
    assert by_path == by_param
    assert get(client, "kpi/UTB01") == {
        "count": 0,
        "values": [],
        "next_url": None,
        "previous_url": None,
    }


def test_kpi_groups_are_the_areas_with_released_kpis(client, release):
    body = get(client, "kpi_groups")
    _is_envelope(body)
    # Area H holds only the restricted UTB01, so it is not listed.
    assert [g["id"] for g in body["values"]] == ["B"]
    [group] = body["values"]
    assert group["title"] == "Kontinuitetshantering"
    assert [m["member_id"] for m in group["members"]] == HEADLINE_AND_ACTIVITIES
    assert group["members"][0] == {
        "member_id": "KON01",
        "member_title": "Aktuell kontinuitetsplan",
    }
    assert get(client, "kpi_groups/B")["values"] == [group]
    assert get(client, "kpi_groups/H")["count"] == 0
    assert get(client, "kpi_groups", title="kontinuitet")["count"] == 1
    assert get(client, "kpi_groups", title="övning")["count"] == 0


def test_municipalities_counties_and_the_nation(client, reference):
    body = get(client, "municipality")
    _is_envelope(body)
    assert body["count"] == 290 + 21 + 1
    units = {u["id"]: u for u in body["values"]}
    assert units["0000"] == {"id": "0000", "title": "Riket", "type": "L"}
    assert units["0003"] == {"id": "0003", "title": "Uppsala län", "type": "L"}
    assert units["0180"] == {"id": "0180", "title": "Stockholm", "type": "K"}
    assert get(client, "municipality", type="L")["count"] == 22
    assert get(client, "municipality", type="K")["count"] == 290
    titles = {u["title"] for u in get(client, "municipality", title="UPPSALA")["values"]}
    assert titles == {"Uppsala", "Uppsala län"}
    only_counties = get(client, "municipality", title="uppsala", type="L")["values"]
    assert [u["id"] for u in only_counties] == ["0003"]
    assert [u["id"] for u in get(client, "municipality/0180,0003,9999")["values"]] == [
        "0003",
        "0180",
    ]
    assert [u["id"] for u in get(client, "municipality", id=["0180", "0381"])["values"]] == [
        "0180",
        "0381",
    ]
    assert "type" in get(client, "municipality", status=400, type="X")["error"]


def test_municipality_groups_are_the_latest_skr_grouping(client, reference):
    body = get(client, "municipality_groups")
    _is_envelope(body)
    groups = {g["id"]: g for g in body["values"]}
    assert len(groups) == 9
    assert sum(len(g["members"]) for g in groups.values()) == 290
    a1 = groups["A1"]
    assert a1["title"].startswith("Storstäder (A1), SKR:s kommungruppsindelning ")
    assert {"member_id": "0180", "member_title": "Stockholm"} in a1["members"]
    assert get(client, "municipality_groups/A1")["values"] == [a1]
    assert get(client, "municipality_groups/ZZ")["count"] == 0
    assert [g["id"] for g in get(client, "municipality_groups", title="storstäder")["values"]] == [
        "A1"
    ]


# --- data ----------------------------------------------------------------------------


def test_data_items_have_koladas_shape_and_our_mapping(client, release):
    body = get(client, "data", year=2025)
    _is_envelope(body)
    item = body["values"][0]
    assert set(item) == {"kpi", "municipality", "period", "values"}
    assert set(item["values"][0]) == {"gender", "count", "status", "value", "isdeleted"}
    found = cells(body)
    # A yes/no verdict of one activity: met 100, not met 0.
    assert found["KON01.sabo", "0380", 2025] == {
        "gender": "T",
        "count": 1,
        "status": "",
        "value": 100.0,
        "isdeleted": False,
    }
    assert found["KON01.sabo", "0381", 2025]["value"] == 0.0
    # The headline is the all-activities summary: the share of activities met.
    assert found["KON01", "0380", 2025]["value"] == 100.0
    assert found["KON01", "0381", 2025]["value"] == 0.0
    # Tierp did not answer: no value, and the status says why.
    assert found["KON01", "0360", 2025] == {
        "gender": "T",
        "count": 0,
        "status": "not_answered",
        "value": None,
        "isdeleted": False,
    }
    # The nation: a share of municipalities (2 of 3 met), on 3 municipalities.
    assert found["KON01.sabo", "0000", 2025]["value"] == pytest.approx(66.6667)
    assert found["KON01.sabo", "0000", 2025]["count"] == 3
    assert found["KON02", "0000", 2025]["value"] == pytest.approx(58.3333)
    # Uppsala county stands on 2 municipalities: suppressed, no number.
    suppressed = found["KON02", "0003", 2025]
    assert (suppressed["value"], suppressed["status"]) == (None, "suppressed")
    assert found["KON01", "0003", 2025]["status"] == "suppressed"
    # Never served: the restricted indicator, aggregate-only municipality values, groups.
    assert not [k for k in found if k[0].startswith("UTB01")]
    assert not [k for k in found if k[0] == "KON02" and not k[1].startswith("00")]
    assert {k[1] for k in found} <= {u["id"] for u in get(client, "municipality")["values"]}
    assert {k[0] for k in found} == {k["id"] for k in get(client, "kpi")["values"]}
    expected = ReleasedValue.objects.filter(release=release).exclude(level="group").count()
    assert body["count"] == len(found) == expected


def test_data_takes_repeated_and_comma_separated_parameters(client, release):
    found = cells(
        get(
            client,
            "data",
            kpi_id=["KON01.sabo,KON02", "UTB01"],
            municipality_id=["0380,0003", "0000"],
            year="2025,2024",
        )
    )
    assert set(found) == {
        ("KON01.sabo", "0380", 2025),
        ("KON01.sabo", "0003", 2025),
        ("KON01.sabo", "0000", 2025),
        ("KON02", "0003", 2025),
        ("KON02", "0000", 2025),
    }
    # Kolada's shorter names work too.
    assert cells(get(client, "data", kpi="KON02", municipality="0000")) == {
        ("KON02", "0000", 2025): found["KON02", "0000", 2025]
    }
    assert get(client, "data", kpi_id="KON01", municipality_id="0380", year=2024)["count"] == 0
    assert get(client, "data", kpi_id="KON02", municipality_id="0380")["count"] == 0


def test_data_path_forms(client, release):
    full = get(client, "data/kpi/KON01,KON02/municipality/0380,0000/year/2025")
    assert set(cells(full)) == {
        ("KON01", "0380", 2025),
        ("KON01", "0000", 2025),
        ("KON02", "0000", 2025),
    }
    assert cells(get(client, "data/kpi/KON01,KON02/municipality/0380,0000")) == cells(full)
    by_kpi_year = cells(get(client, "data/kpi/KON02/year/2025"))
    assert {k[1] for k in by_kpi_year} == {"0000"} | {f"00{c}" for c in _county_codes()}
    by_unit_year = cells(get(client, "data/municipality/0380/year/2025"))
    assert {k[0] for k in by_unit_year} == {"KON01", "KON01.hemtjanst", "KON01.sabo"}
    assert get(client, "data/kpi/KON01/year/2024")["count"] == 0
    assert "year" in get(client, "data/kpi/KON01/year/twenty", status=400)["error"]


def _county_codes():
    from beredskap.registry.models import County

    return County.objects.values_list("code", flat=True)


def test_data_refuses_bad_parameters_with_a_json_error(client, release):
    assert "5000" in get(client, "data", status=400, per_page=5001)["error"]
    for params in ({"page": 0}, {"per_page": "many"}, {"from_date": "2025-13-01"}):
        assert get(client, "data", status=400, **params)["error"]
    assert get(client, "kpi", status=400, per_page=10000)["error"]
    assert get(client, "data", per_page=5000)["count"] > 0


def _page_of(url):
    return int(parse_qs(urlsplit(url).query)["page"][0])


def test_paging_walks_every_item_exactly_once(client, release):
    whole = get(client, "data", year=2025)
    url, seen, page = f"{BASE}data?year=2025&per_page=7", [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        page += 1
        assert body["count"] == whole["count"]
        assert 0 < len(body["values"]) <= 7
        if page == 1:
            assert body["previous_url"] is None
        else:
            assert body["previous_url"].startswith("http://testserver/kolada/v3/data?")
            assert _page_of(body["previous_url"]) == page - 1
        seen += body["values"]
        url = body["next_url"]
        if url:
            assert url.startswith("http://testserver/kolada/v3/data?")
            assert _page_of(url) == page + 1
    assert page == -(-whole["count"] // 7) > 1
    assert seen == whole["values"]
    beyond = get(client, "data", year=2025, per_page=7, page=page + 1)
    assert beyond["values"] == [] and beyond["next_url"] is None
    assert _page_of(beyond["previous_url"]) == page


def test_paging_the_metadata(client, reference):
    first = get(client, "municipality", per_page=100)
    assert (first["count"], len(first["values"]), first["previous_url"]) == (312, 100, None)
    last = client.get(first["next_url"].replace("page=2", "page=4")).json()
    assert len(last["values"]) == 12 and last["next_url"] is None
    assert "page=3" in last["previous_url"] and "per_page=100" in last["previous_url"]


def test_data_reads_a_fixed_number_of_queries(client, release, django_assert_max_num_queries):
    for params in ({}, {"per_page": 3}, {"kpi_id": "KON01,KON02", "municipality_id": "0380"}):
        with django_assert_max_num_queries(3):
            get(client, "data", **params)


# --- what is never served ---------------------------------------------------------


def test_nothing_of_a_round_under_embargo(client, approved_round, nadia):
    results.compute_round(survey_round=approved_round, by=nadia)
    assert Value.objects.filter(round=approved_round, value__isnull=False).exists()
    for path in ("kpi", "kpi_groups", "data", "data/kpi/KON01/year/2025"):
        assert get(client, path)["count"] == 0


def test_a_withdrawn_release_is_not_served_and_the_previous_one_is(client, release, nadia):
    from .conftest import approve

    before = cells(get(client, "data", kpi_id="KON01.sabo", municipality_id="0381"))
    assert before["KON01.sabo", "0381", 2025]["value"] == 0.0
    approve("0381", "ja")
    correction = services.release_round(
        survey_round=release.round, errata="Enköping rättat", by=nadia
    )
    after = cells(get(client, "data", kpi_id="KON01.sabo", municipality_id="0381"))
    assert after["KON01.sabo", "0381", 2025]["value"] == 100.0
    services.withdraw_release(release=correction, reason="Fel", by=nadia)
    assert cells(get(client, "data", kpi_id="KON01.sabo", municipality_id="0381")) == before
    services.withdraw_release(release=release, reason="Embargo", by=nadia)
    for path in ("kpi", "kpi_groups", "data"):
        assert get(client, path)["count"] == 0


def test_a_later_round_under_embargo_stays_hidden_beside_a_released_one(
    client, release, tmp_path, nadia
):
    data = copy.deepcopy(small_edition(2026))
    data["indicators"].append(RESTRICTED)
    for indicator in data["indicators"]:
        indicator["comparable_with_previous"] = True
    edition = catalogue.load_edition(path=write(tmp_path, data, "2026.yaml")).edition
    later = surveys.open_round(
        year=2026,
        edition=edition,
        opens_on=datetime.date(2026, 1, 20),
        deadline=datetime.date(2026, 3, 15),
        by=nadia,
    )
    for code in ("0380", "0381", "0180"):
        response = Response.objects.get(round=later, municipality__code=code)
        complete(response, stand_in("respondent", municipality=code))
        Response.objects.filter(pk=response.pk).update(status=Response.Status.APPROVED)
    results.compute_round(survey_round=later, by=nadia)
    assert Value.objects.filter(round=later, value__isnull=False).exists()
    assert get(client, "data", year=2026)["count"] == 0
    assert {k[2] for k in cells(get(client, "data"))} == {2025}
    assert {k["publ_period"] for k in get(client, "kpi")["values"]} == {"2025"}


def test_from_date_keeps_values_of_releases_made_on_or_after_it(client, release):
    day = timezone.localdate(release.released_at)
    assert get(client, "data", from_date=day.isoformat())["count"] > 0
    later = (day + datetime.timedelta(days=1)).isoformat()
    assert get(client, "data", from_date=later)["count"] == 0


def test_every_route_is_get_only_and_never_touches_unreleased_values(client, release):
    paths = [
        "kpi",
        "kpi/KON01",
        "kpi_groups",
        "kpi_groups/B",
        "municipality",
        "municipality/0180",
        "municipality_groups",
        "municipality_groups/A1",
        "data",
        "data/kpi/KON01/municipality/0380/year/2025",
        "data/kpi/KON01/municipality/0380",
        "data/kpi/KON01/year/2025",
        "data/municipality/0380/year/2025",
    ]
    with CaptureQueriesContext(connection) as queries:
        for path in paths:
            response = client.get(BASE + path)
            assert response.status_code == 200
            assert response["Access-Control-Allow-Origin"] == "*"
            assert "UTB01" not in response.content.decode()
            assert client.head(BASE + path).status_code == 200
    assert not [q for q in queries if Value._meta.db_table in q["sql"]]
    for method in (client.post, client.put, client.patch, client.delete):
        response = method(BASE + "data")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert json.loads(response.content)["error"]


def test_route_names_reverse_to_koladas_paths():
    assert reverse("kolada:kpi") == "/kolada/v3/kpi"
    assert (
        reverse(
            "kolada:data_kpi_municipality_year",
            kwargs={"kpi": "KON01", "municipality": "0180", "year": "2025"},
        )
        == "/kolada/v3/data/kpi/KON01/municipality/0180/year/2025"
    )
