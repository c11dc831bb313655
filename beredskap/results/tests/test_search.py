"""Finding a municipality or an indicator on the internal results overview by typing part
of its name: case and Swedish diacritics do not matter, and the answer links to its page."""

import pytest

from beredskap.results.queries.search import fold, matches

pytestmark = pytest.mark.django_db

OVERVIEW = "/results/2025/"


@pytest.mark.parametrize(
    "query, name",
    [
        ("malmo", "Malmö"),
        ("jonkoping", "Jönköping"),
        ("ÖSTERSUND", "Östersund"),
        ("  upp  ", "Uppsala"),
        ("Hörby", "Hörby"),
        ("ange", "Ånge"),
    ],
)
def test_a_folded_query_finds_the_swedish_name(query, name):
    assert matches(query, name)


def test_folding_drops_case_and_diacritics_only():
    assert fold("Å Ä Ö é ü") == "a a o e u"
    assert not matches("malma", "Malmö")
    assert not matches("", "Malmö")
    assert matches("kontinuitet plan", "Aktuell kontinuitetsplan")


def _search(client, user, query: str) -> tuple:
    client.force_login(user)
    response = client.get(OVERVIEW, {"q": query})
    assert response.status_code == 200
    return response.context["found"], response.content.decode()


def test_anna_finds_malmo_typed_without_its_dots(client, survey_round, anna):
    found, html = _search(client, anna, "malmo")
    assert [m.name for m in found.municipalities] == ["Malmö"]
    assert 'href="/results/2025/municipalities/1280/">Malmö</a>' in html


def test_a_search_for_jonkoping_finds_the_municipality_and_not_the_county(
    client, survey_round, bengt
):
    found, _html = _search(client, bengt, "jonkoping")
    assert [(m.code, m.name) for m in found.municipalities] == [("0680", "Jönköping")]
    assert found.indicators == []


def test_an_indicator_is_found_by_code_or_by_part_of_its_name(client, survey_round, nadia):
    found, html = _search(client, nadia, "kon01")
    assert [v.indicator.code for v in found.indicators] == ["KON01"]
    found, html = _search(client, nadia, "KONTINUITETSPLAN")
    assert [v.indicator.code for v in found.indicators] == ["KON01"]
    assert 'href="/results/2025/indicators/KON01/">KON01 Aktuell kontinuitetsplan</a>' in html


def test_a_municipality_code_finds_it_too(client, survey_round, nadia):
    found, _html = _search(client, nadia, "0380")
    assert [m.name for m in found.municipalities] == ["Uppsala"]


def test_many_matches_are_cut_at_twenty_in_swedish_order(client, survey_round, nadia):
    found, _html = _search(client, nadia, "ö")
    names = [m.name for m in found.municipalities]
    assert len(names) == 20 and all("o" in fold(n) for n in names)
    found, _html = _search(client, nadia, "sund")
    names = [m.name for m in found.municipalities]
    assert names.index("Sundsvall") < names.index("Östersund")


def test_nothing_found_says_so(client, survey_round, anna):
    found, html = _search(client, anna, "atlantis")
    assert found.count == 0
    assert "Ingen kommun eller indikator matchar ”atlantis”" in html


def test_the_search_form_works_without_javascript(client, survey_round, anna):
    client.force_login(anna)
    html = client.get(OVERVIEW).content.decode()
    assert '<form class="search" role="search" method="get"' in html
    assert '<input id="search-q" name="q" type="search"' in html
    assert "Hitta en kommun eller en indikator" in html


def test_the_internal_overview_is_not_called_open_comparisons(client, survey_round, anna):
    client.force_login(anna)
    html = client.get(OVERVIEW).content.decode()
    assert "Öppna jämförelser 2025" not in html
    assert "Resultat 2025 (ej publicerade)" in html
