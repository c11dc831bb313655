"""The public comparison pages: a release for everyone, nothing before it, nothing else."""

import csv
import io
from decimal import Decimal

import pytest

from beredskap.publication import services
from beredskap.results import services as results

from .conftest import approve

pytestmark = pytest.mark.django_db

OVERVIEW = "/comparisons/2025/"
PAGES = [
    OVERVIEW,
    "/comparisons/2025/municipalities/0380/",
    "/comparisons/2025/indicators/KON01/",
    "/comparisons/2025/indicators/UTB01/",
    "/comparisons/2025/counties/03/",
]


def _row(html: str, name: str) -> str:
    start = html.index(f">{name}</a></th>")
    return html[start : html.index("</tr>", start)]


def _cells(response, code: str) -> list:
    """The shown cells of one indicator's column in the overview's heat map."""
    heat = response.context["heat"]
    position = [c.code for c in heat.columns].index(code)
    return [row.cells[position] for row in heat.rows]


def test_nothing_is_public_before_the_first_release(client, approved_round):
    response = client.get("/comparisons/")
    assert response.status_code == 200
    assert "Inget har publicerats ännu" in response.content.decode()
    for url in PAGES:
        assert client.get(url).status_code == 404, url


def test_everyone_reads_the_latest_release(client, approved_round, nadia):
    services.release_round(survey_round=approved_round, by=nadia)
    assert client.get("/comparisons/")["Location"] == OVERVIEW
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    response = client.get(OVERVIEW)
    html = response.content.decode()
    assert "Publicering 2025.1" in html
    assert "2/2" in _row(html, "Uppsala")  # public KON01: met in both activities
    # Aggregate-only KON02 has no municipality values; restricted UTB01 has none at all.
    assert all(not cell.value for cell in _cells(response, "KON02"))
    assert all(not cell.value for cell in _cells(response, "UTB01"))
    assert "/api/v1/values?release=2025.1" in html
    assert "/open-data/2025.1/values.csv" in html


def test_a_signed_in_analyst_sees_only_the_public_release_there_too(client, approved_round, nadia):
    services.release_round(survey_round=approved_round, by=nadia)
    client.force_login(nadia)
    response = client.get(OVERVIEW)
    assert all(not cell.value for cell in _cells(response, "UTB01"))
    assert all(not cell.value for cell in _cells(response, "KON02"))


def test_changes_after_a_release_wait_for_the_next_release(client, approved_round, nadia):
    services.release_round(survey_round=approved_round, by=nadia)
    approve("0381", "ja")  # Enköping's plan is corrected
    results.compute_round(survey_round=approved_round)
    assert "0/2" in _row(client.get(OVERVIEW).content.decode(), "Enköping")
    services.release_round(survey_round=approved_round, errata="Enköping rättad", by=nadia)
    html = client.get(OVERVIEW).content.decode()
    assert "2/2" in _row(html, "Enköping")
    assert "Publicering 2025.2" in html and "Enköping rättad" in html


def test_a_withdrawn_only_release_restores_the_embargo(client, approved_round, nadia):
    release = services.release_round(survey_round=approved_round, by=nadia)
    services.withdraw_release(release=release, reason="Fel", by=nadia)
    for url in PAGES:
        assert client.get(url).status_code == 404, url


def test_the_links_stay_on_the_public_pages(client, approved_round, nadia):
    services.release_round(survey_round=approved_round, by=nadia)
    html = client.get(OVERVIEW).content.decode()
    assert 'href="/comparisons/2025/municipalities/0380/"' in html
    assert "/results/" not in html


def test_the_pages_and_the_csv_hold_the_same_numbers(client, approved_round, nadia):
    services.release_round(survey_round=approved_round, by=nadia)
    rows = csv.DictReader(io.StringIO(client.get("/open-data/2025.1/values.csv").content.decode()))
    in_csv = {
        (r["indicator_code"], r["level"], r["unit_code"]): Decimal(r["value"])
        for r in rows
        if r["value"] and r["activity_code"] in ("", "*")
    }
    page = client.get("/comparisons/2025/indicators/KON01/").context
    shown = {
        ("KON01", "municipality", r.municipality.code): r.shown.value for r in page["ranking"]
    }
    shown.update({("KON01", "county", code): s.value for code, s in page["counties"]})
    compared = {k: v for k, v in shown.items() if v is not None}
    assert compared, "the page shows numbers"
    assert compared == {k: in_csv[k] for k in compared}
