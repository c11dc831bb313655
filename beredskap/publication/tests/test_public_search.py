"""The public comparison pages' search: anyone finds a municipality or an indicator of the
release by part of its name, and the links stay on the public pages."""

import pytest

from beredskap.publication import services

pytestmark = pytest.mark.django_db

OVERVIEW = "/comparisons/2025/"


@pytest.fixture
def published(approved_round, nadia):
    services.release_round(survey_round=approved_round, by=nadia)
    return approved_round


def test_anyone_finds_jonkoping_typed_without_its_dots(client, published):
    response = client.get(OVERVIEW, {"q": "JONKOPING"})
    html = response.content.decode()
    assert [m.name for m in response.context["found"].municipalities] == ["Jönköping"]
    assert 'href="/comparisons/2025/municipalities/0680/">Jönköping</a>' in html
    assert client.get("/comparisons/2025/municipalities/0680/").status_code == 200


def test_an_indicator_is_found_by_part_of_its_name_and_links_to_its_public_page(client, published):
    response = client.get(OVERVIEW, {"q": "andel enheter"})
    html = response.content.decode()
    assert [v.indicator.code for v in response.context["found"].indicators] == ["KON02"]
    assert 'href="/comparisons/2025/indicators/KON02/">KON02 Andel enheter med plan</a>' in html


def test_the_public_overview_keeps_its_name_and_shows_indicator_names_in_headers(
    client, published
):
    html = client.get(OVERVIEW).content.decode()
    assert "<h1>Öppna jämförelser 2025</h1>" in html
    assert '<span class="column-code">KON01</span> Aktuell kontinuitetsplan</a></th>' in html
    assert 'title="Aktuell kontinuitetsplan"' not in html  # the name is seen, not hovered
    assert "Hitta en kommun eller en indikator" in html
