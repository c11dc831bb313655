"""The Kolada door behaves as Kolada does where clients notice (issue 14): trailing
slashes, filters that work or refuse, JSON 404s, Kolada's field meanings, a new KPI id at a
series break, SKR group ids in `data`, and withdrawals seen through `from_date`."""

import copy
import datetime

import pytest
from django.utils import timezone

from beredskap.catalogue import services as catalogue
from beredskap.catalogue.tests.factories import small_edition, text, write
from beredskap.publication import services
from beredskap.publication.models import ReleasedValue
from beredskap.surveys import services as surveys
from beredskap.surveys.models import Response
from beredskap.surveys.tests.conftest import complete
from beredskap.tests.cast import stand_in

from .conftest import RESTRICTED, approve
from .test_kolada import BASE, cells, get

pytestmark = pytest.mark.django_db

ROUTES = [
    "kpi",
    "kpi/KON01,KON02",
    "kpi_groups",
    "kpi_groups/B",
    "municipality",
    "municipality/0180,0003",
    "municipality_groups",
    "municipality_groups/A1",
    "ou",
    "ou/V15E144001301",
    "data",
    "data/kpi/KON01/municipality/0380/year/2025",
    "data/kpi/KON01/municipality/0380",
    "data/kpi/KON01/year/2025",
    "data/municipality/0380/year/2025",
    "oudata",
    "oudata/kpi/KON01/ou/V1/year/2025",
    "oudata/kpi/KON01/ou/V1",
    "oudata/kpi/KON01/year/2025",
    "oudata/ou/V1/year/2025",
]


@pytest.fixture
def release(approved_round, nadia):
    return services.release_round(survey_round=approved_round, by=nadia)


def ids(body):
    return [item["id"] for item in body["values"]]


def test_every_route_answers_with_and_without_a_trailing_slash(client, release):
    for path in ROUTES:
        bare = get(client, path)
        assert get(client, path + "/") == bare, path
    # koladapy's form: the slash before the query.
    query = {"kpi_id": ["KON01", "KON02"], "year": ["2025"]}
    assert get(client, "data/", **query) == get(client, "data", **query)
    assert get(client, "data/", **query)["count"] > 0


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_paths_under_the_door_answer_a_json_404(client, settings, debug):
    settings.DEBUG = debug  # Django's HTML page would answer in development
    for path in ("", "nope", "v2/kpi", "data/kpi/KON01", "kpi/KON01/extra", "data/year/2025"):
        response = client.get(BASE + path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response.json() == {"error": "Not found."}


def test_kpi_filters_each_work(client, release):
    assert ids(get(client, "kpi", title="andel")) == ["KON02"]
    assert ids(get(client, "kpi", description="SAMMANTAGNA")) == ["KON01"]
    assert ids(get(client, "kpi", description="planen finns")) == [
        "KON01",
        "KON01.hemtjanst",
        "KON01.sabo",
    ]
    everything = ids(get(client, "kpi"))
    assert ids(get(client, "kpi", operating_area="kontinuitetshantering")) == everything
    assert get(client, "kpi", operating_area="Utbildning")["count"] == 0
    assert ids(get(client, "kpi", municipality_type="L")) == ["KON02"]
    assert ids(get(client, "kpi", municipality_type="A")) == [
        "KON01",
        "KON01.hemtjanst",
        "KON01.sabo",
    ]
    assert get(client, "kpi", municipality_type="K")["count"] == 0
    assert ids(get(client, "kpi", id="KON02", title="andel", municipality_type="L")) == ["KON02"]
    assert ids(get(client, "kpi", id="KON02", municipality_type="A")) == []


def test_parameters_a_route_does_not_take_are_refused_by_name(client, release):
    refused = [
        ("kpi", {"municipality_type": "X"}, "municipality_type"),
        ("kpi", {"publication_date": "2025-06-01"}, "publication_date"),
        ("kpi", {"from_date": "2025-01-01"}, "from_date"),
        ("kpi_groups", {"description": "x"}, "description"),
        ("municipality", {"region_type": "L"}, "region_type"),
        ("municipality", {"type": "A"}, "type"),
        ("municipality_groups", {"type": "K"}, "type"),
        ("ou", {"year": "2025"}, "year"),
        ("data", {"gender": "K"}, "gender"),
        ("data/kpi/KON01/year/2025", {"ou_id": "V1"}, "ou_id"),
        ("oudata", {"municipality_id": "0380"}, "municipality_id"),
        ("oudata", {"year": "twenty"}, "year"),
    ]
    for path, params, name in refused:
        assert name in get(client, path, status=400, **params)["error"], (path, params)
        assert name in get(client, path + "/", status=400, **params)["error"]


def test_municipality_type_follows_the_units_that_have_values(client, release):
    kpis = {k["id"]: k for k in get(client, "kpi")["values"]}
    # Municipality values and a national one: A, so harvesters also fetch the aggregates.
    assert kpis["KON01.sabo"]["municipality_type"] == "A"
    # Aggregate only: counties and the nation.
    assert kpis["KON02"]["municipality_type"] == "L"
    for kpi in kpis.values():
        assert kpi["is_divided_by_gender"] is False
        assert kpi["auspice"] == "E"
        assert kpi["publication_date"] is None


def test_a_group_id_in_data_answers_the_groups_value(client, release):
    groups = ReleasedValue.objects.filter(release=release, level="group", activity_code="sabo")
    expected = {v.unit_code: v for v in groups.filter(indicator__indicator__code="KON01")}
    assert expected
    found = cells(get(client, "data", kpi_id="KON01.sabo", municipality_id=",".join(expected)))
    assert {k[1] for k in found} == set(expected)
    for (_kpi, group, _year), value in found.items():
        released = expected[group]
        number = None if released.value is None else float(released.value)
        assert (value["value"], value["count"]) == (number, released.units)
    # Group values come only when a group is asked for, as in Kolada.
    assert not [k for k in cells(get(client, "data", kpi_id="KON01.sabo")) if k[1] in expected]
    assert get(client, "data", municipality_id="ZZ9")["count"] == 0


def _today():
    return timezone.localdate().isoformat()


def test_from_date_shows_a_withdrawal_and_isdeleted_rows(client, release, nadia):
    enkoping = {"kpi_id": "KON01.sabo", "municipality_id": "0381"}
    first = cells(get(client, "data", from_date=_today(), **enkoping))
    assert first["KON01.sabo", "0381", 2025]["value"] == 0.0
    approve("0381", "ja")
    correction = services.release_round(survey_round=release.round, errata="Rättat", by=nadia)
    assert cells(get(client, "data", from_date=_today(), **enkoping)) != first
    # The correction is withdrawn: a client that synced it must get the old value back.
    services.withdraw_release(release=correction, reason="Fel", by=nadia)
    assert cells(get(client, "data", from_date=_today(), **enkoping)) == first
    whole = get(client, "data", from_date=_today())
    assert not [i for i in whole["values"] if i["values"][0]["isdeleted"]]
    # The last release is withdrawn too: every cell a client holds comes back as deleted.
    served = get(client, "data")["count"]
    services.withdraw_release(release=release, reason="Embargo", by=nadia)
    assert get(client, "data")["count"] == 0
    deleted = get(client, "data", from_date=_today())
    assert deleted["count"] == served
    for item in deleted["values"]:
        assert item["values"] == [
            {"gender": "T", "count": 0, "status": "", "value": None, "isdeleted": True}
        ]
    assert cells(get(client, "data", from_date=_today(), **enkoping)) == {
        ("KON01.sabo", "0381", 2025): {
            "gender": "T",
            "count": 0,
            "status": "",
            "value": None,
            "isdeleted": True,
        }
    }
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert get(client, "data", from_date=tomorrow)["count"] == 0


def test_from_date_pages_walk_values_then_deletions(client, release, nadia):
    services.withdraw_release(release=release, reason="Embargo", by=nadia)
    whole = get(client, "data", from_date=_today())
    url, seen = f"{BASE}data?from_date={_today()}&per_page=9", []
    while url:
        body = client.get(url).json()
        seen += body["values"]
        url = body["next_url"]
    assert seen == whole["values"] and len(seen) == whole["count"]


def _later_round_breaking_kon01(tmp_path, nadia):
    """A 2026 round whose edition redefines KON01 (not comparable) and keeps KON02."""
    data = copy.deepcopy(small_edition(2026))
    data["indicators"].append(RESTRICTED)
    for indicator in data["indicators"]:
        indicator["comparable_with_previous"] = indicator["code"] != "KON01"
        if indicator["code"] == "KON01":
            indicator["change_note"] = text("Ny definition.", "New definition.")
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
    return later


def test_a_series_break_gives_kon01_a_new_kpi_id(client, release, tmp_path, nadia):
    later = _later_round_breaking_kon01(tmp_path, nadia)
    # Before the new series is released, the old one is not retired yet.
    assert get(client, "kpi/KON01")["values"][0]["title"] == "Aktuell kontinuitetsplan"
    services.release_round(survey_round=later, by=nadia)
    kpis = {k["id"]: k for k in get(client, "kpi")["values"]}
    assert sorted(kpis) == [
        "KON01",
        "KON01.hemtjanst",
        "KON01.sabo",
        "KON01_2026",
        "KON01_2026.hemtjanst",
        "KON01_2026.sabo",
        "KON02",
    ]
    # The retired series keeps its id, its title says when it ended, as Kolada's do.
    assert kpis["KON01"]["title"] == "Aktuell kontinuitetsplan (- 2025)"
    assert kpis["KON01"]["publ_period"] == "2025"
    assert kpis["KON01.sabo"]["title"].endswith("Särskilt boende för äldre (- 2025)")
    assert kpis["KON01_2026"]["title"] == "Aktuell kontinuitetsplan"
    assert kpis["KON01_2026"]["publ_period"] == "2026"
    # A comparable indicator keeps one id over both years.
    assert kpis["KON02"]["publ_period"] == "2026" and "(-" not in kpis["KON02"]["title"]
    old = cells(get(client, "data", kpi_id="KON01", municipality_id="0380"))
    new = cells(get(client, "data", kpi_id="KON01_2026", municipality_id="0380"))
    assert set(old) == {("KON01", "0380", 2025)}
    assert set(new) == {("KON01_2026", "0380", 2026)}
    assert {k[2] for k in cells(get(client, "data", kpi_id="KON02"))} == {2025, 2026}
    every = cells(get(client, "data"))
    assert {k[0] for k in every if k[2] == 2026 and k[0].startswith("KON01")} == {
        "KON01_2026",
        "KON01_2026.hemtjanst",
        "KON01_2026.sabo",
    }
    assert get(client, "data", kpi_id="KON01_2025")["count"] == 0  # no series starts there
    groups = get(client, "kpi_groups/B")["values"][0]["members"]
    assert {m["member_id"] for m in groups} == set(kpis)


def test_the_kpi_list_reads_a_fixed_number_of_queries(
    client, release, django_assert_max_num_queries
):
    for path in ("kpi", "kpi_groups", "kpi/KON01"):
        with django_assert_max_num_queries(6):
            get(client, path)
    with django_assert_max_num_queries(5):
        get(client, "data", from_date=_today())
