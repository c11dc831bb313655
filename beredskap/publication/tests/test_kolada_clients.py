"""Real Kolada clients, unchanged, against the door on a live test server (issue 14).

koladapy (v3) and pykolada (written for v2, whose paths v3 kept) are dev dependencies;
only their base URL is pointed at the test server: koladapy takes it as an argument,
pykolada reads a module constant, which is patched for the test. Every public function of
each is called and must bring back the released values, the same as API v1 and the door's
own JSON give.
"""

import pandas as pd
import pykolada
import pykolada.pykolada as pykolada_module
import pytest
from django.utils import timezone
from koladapy import KoladaAPI
from koladapy.exceptions import KoladaAPIError

from beredskap.publication import services
from beredskap.registry.models import Municipality

from .test_kolada import cells, get

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def release(approved_round, nadia):
    return services.release_round(survey_round=approved_round, by=nadia)


@pytest.fixture
def kolada(live_server, release):
    """koladapy 1.0.1 as a user would make it, with our base URL and no throttling."""
    return KoladaAPI(base_url=f"{live_server.url}/kolada/v3/", max_requests_per_second=1000)


def _api_v1_value(client, indicator, unit, activity=None):
    """The same value as API v1 serves it (activity `*`: all activities together)."""
    params = {"indicator": indicator, "unit": unit}
    if activity:
        params["activity"] = activity
    body = client.get("/api/v1/values", params).json()
    [item] = body["items"]
    return item["value"]


def test_koladapy_reads_the_kpis_and_their_groups(kolada):
    kpis = kolada.search_kpis()
    assert [k["id"] for k in kpis] == ["KON01", "KON01.hemtjanst", "KON01.sabo", "KON02"]
    assert [k["id"] for k in kolada.search_kpis(query="andel")] == ["KON02"]
    by_area = kolada.search_kpis(operating_area="Kontinuitetshantering", as_dataframe=True)
    assert isinstance(by_area, pd.DataFrame) and len(by_area) == 4
    # Kolada's publication_date is the next publication; none is scheduled, so none matches.
    assert kolada.search_kpis(publication_date="2025-06-01") == []
    kon01 = kolada.get_kpi("KON01")
    assert (kon01["title"], kon01["municipality_type"], kon01["auspice"]) == (
        "Aktuell kontinuitetsplan",
        "A",
        "E",
    )
    with pytest.raises(KoladaAPIError):
        kolada.get_kpi("UTB01")  # restricted: not even named
    assert [k["id"] for k in kolada.get_kpis(["KON02", "KON01.sabo"])] == ["KON01.sabo", "KON02"]
    # More than 25 ids go in batches of 25; every KPI named must come back.
    many = ["KON01", "KON02"] + [f"NOPE{n:02}" for n in range(30)] + ["KON01.sabo"]
    batched = kolada.get_kpis(many, as_dataframe=True)
    assert sorted(batched["id"]) == ["KON01", "KON01.sabo", "KON02"]
    [group] = kolada.get_kpi_groups()
    assert group["id"] == "B" and len(group["members"]) == 4
    assert kolada.get_kpi_groups(query="kontinuitet", as_dataframe=True)["id"].tolist() == ["B"]
    assert kolada.get_kpi_group("B") == group
    with pytest.raises(KoladaAPIError):
        kolada.get_kpi_group("H")


def test_koladapy_reads_the_units_and_their_groups(kolada):
    units = kolada.get_municipalities()
    assert len(units) == 312
    assert [
        u["id"] for u in kolada.get_municipalities(query="uppsala", municipality_type="L")
    ] == ["0003"]
    assert len(kolada.get_municipalities(municipality_type="K", as_dataframe=True)) == 290
    assert kolada.get_municipality("0380") == {"id": "0380", "title": "Uppsala", "type": "K"}
    with pytest.raises(KoladaAPIError):
        kolada.get_municipality("9999")
    groups = kolada.get_municipality_groups()
    assert len(groups) == 9
    [big_cities] = kolada.get_municipality_groups(query="storstäder")
    assert kolada.get_municipality_group("A1") == big_cities
    assert {"member_id": "0180", "member_title": "Stockholm"} in big_cities["members"]
    assert len(kolada.get_municipality_groups(as_dataframe=True)) == 9
    # No organisational units in this survey: empty lists, and "not found" for an id.
    assert kolada.get_organizational_units() == []
    assert kolada.get_organizational_units(
        query="skola", municipality="0380", as_dataframe=True
    ).empty
    with pytest.raises(KoladaAPIError):
        kolada.get_organizational_unit("V15E144001301")


def test_koladapy_reads_the_values(kolada, client):
    rows = kolada.get_values(kpi_id="KON01", municipality_id="0380", years=2025)
    [row] = rows
    assert row["kpi"] == "KON01" and row["period"] == 2025
    uppsala = row["values"][0]["value"]
    assert uppsala == _api_v1_value(client, "KON01", "0380", "*") == 100.0
    national = kolada.get_values(kpi_id=["KON02"], municipality_id=["0000"], years=[2024, 2025])
    assert national[0]["values"][0]["value"] == _api_v1_value(client, "KON02", "SE")
    # More than 25 municipalities go in batches; every row must come back.
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True)[:60])
    batched = kolada.get_values(kpi_id="KON01.sabo", municipality_id=codes, years=2025)
    direct = get(client, "data", kpi_id="KON01.sabo", municipality_id=",".join(codes))
    assert len(batched) == direct["count"] == 60
    assert cells({"values": batched}) == cells(direct)
    today = timezone.localdate().isoformat()
    assert len(kolada.get_values(kpi_id="KON01", years=2025, updated_since=today)) > 0
    assert kolada.get_values(kpi_id="KON01", ou_id="V15E144001301") == []
    frame = kolada.get_data_as_dataframe(
        kpi_id=["KON01", "KON01.sabo"],
        municipality_id=["0380", "0381"],
        years=2025,
        include_metadata=True,
    )
    assert len(frame) == 4
    uppsala_row = frame[(frame["kpi"] == "KON01") & (frame["municipality"] == "0380")].iloc[0]
    assert uppsala_row["value"] == uppsala
    assert uppsala_row["kpi_title"] == "Aktuell kontinuitetsplan"
    assert uppsala_row["municipality_title"] == "Uppsala"
    assert uppsala_row["kpi_auspice"] == "E"


def test_pykolada_reads_everything_it_can_ask(live_server, release, client, monkeypatch):
    monkeypatch.setattr(pykolada_module, "BASE_URL", f"{live_server.url}/kolada/v3/")
    assert [k["id"] for k in pykolada.get_kpi()] == [
        "KON01",
        "KON01.hemtjanst",
        "KON01.sabo",
        "KON02",
    ]
    assert [k["id"] for k in pykolada.get_kpi(id="KON02")] == ["KON02"]
    found = pykolada.get_kpi(description="sammantagna", operating_area="kontinuitet")
    assert [k["id"] for k in found] == ["KON01"]
    assert [g["id"] for g in pykolada.get_kpi_groups(title="kontinuitet")] == ["B"]
    assert [g["id"] for g in pykolada.get_kpi_groups(id="B")] == ["B"]
    assert [u["id"] for u in pykolada.get_municipality(title="enköping")] == ["0381"]
    assert pykolada.get_municipality(id="0003") == [
        {"id": "0003", "title": "Uppsala län", "type": "L"}
    ]
    assert [g["id"] for g in pykolada.get_municipality_groups(id="A1")] == ["A1"]
    assert len(pykolada.get_municipality_groups()) == 9
    assert pykolada.get_ou() == [] and pykolada.get_ou(title="skola") == []
    data = pykolada.get_data(kpi="KON01", municipality=["0380", "0381"], year=[2024, 2025])
    values = {(d["municipality"], d["year"]): d["value"] for d in data}
    assert values == {
        ("0380", 2025): _api_v1_value(client, "KON01", "0380", "*"),
        ("0381", 2025): _api_v1_value(client, "KON01", "0381", "*"),
    }
    assert pykolada.get_data(kpi="KON01", municipality="0380") == []  # default years ≤ 2024
    assert pykolada.get_oudata(kpi="KON01", ou="V1", year=2025) == []
    assert pykolada.query("kpi", id="KON01.sabo")[0]["municipality_type"] == "A"
    assert pykolada_module.api_query("kpi_groups", title="kontinuitet")[0]["id"] == "B"
    assert len(pykolada._get_all_data("municipality")) == 312  # exported in its __all__
