"""The målbild view: each target state with the municipality's maturity, the linked
indicators, the county's and the nation's distribution and the gap; what each role sees;
the support needs' count of målbild gaps; queries that do not grow with municipalities."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.surveys.models import Response

from . import targets_setup as setup

pytestmark = pytest.mark.django_db

UPPSALA = "/results/2025/municipalities/0380/targets/"
COUNTY = "/results/2025/counties/03/targets/"
NATION = "/results/2025/targets/"


@pytest.fixture
def targets(tmp_path, nadia):
    survey_round = setup.open_round(tmp_path, nadia)
    setup.approve(survey_round, {**setup.UPPSALA_LEVELS, **setup.OTHER_LEVELS})
    setup.compute(survey_round)
    return survey_round


def _page(client, user, url=UPPSALA) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _section(html: str, code: str) -> str:
    start = html.index(f'id="target-{code}"')
    end = html.find('<section class="target-state"', start)
    return html[start : end if end > 0 else len(html)]


def _fact(section: str, name: str) -> str:
    """The text of the municipality's level or gap (`name`: "level" or "gap")."""
    found = re.search(rf'<dd class="{name}">(.*?)</dd>', section, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def _spread(section: str, name: str) -> list[str]:
    """The cells of a distribution row: counts per level 0-4, reached, median."""
    row = section[section.index(f'<th scope="row">{name}</th>') :]
    row = row[: row.index("</tr>")]
    return [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_anna_sees_uppsalas_maturity_gap_linked_indicators_and_distributions(
    client, targets, anna
):
    plan = _section(_page(client, anna), "MB_B_PLAN")
    assert "Kontinuiteten är planerad" in plan
    assert _fact(plan, "level") == "2 – framtagen eller beslutad"  # Uppsala's, in words
    assert _fact(plan, "gap") == "1 nivå kvar"  # to level 3
    assert "Aktuell kontinuitetsplan" in plan and "Andel enheter med plan" in plan  # linked
    assert 'href="/results/2025/indicators/KON02/?unit=0380"' in plan
    # Uppsala county: levels 2, 4, 3, 1; the nation adds 4, 3, 0.
    assert _spread(plan, "Uppsala län") == ["0", "1", "1", "1", "1", "2 av 4", "2,5"]
    assert _spread(plan, "Riket") == ["1", "1", "1", "2", "2", "4 av 7", "3,0"]


def test_a_restricted_maturity_shows_its_distribution_only_to_whom_may_see_the_level(
    client, targets, anna, bengt, nadia
):
    training = _section(_page(client, anna), "MB_H_TRAINING")
    assert _fact(training, "level") == "1 – påbörjad"  # her own municipality's value
    assert _spread(training, "Uppsala län")[0].startswith("Visas inte")
    assert _spread(training, "Riket")[0].startswith("Visas inte")
    board = _section(_page(client, bengt), "MB_H_TRAINING")
    assert _spread(board, "Uppsala län") == ["1", "1", "1", "1", "0", "1 av 4", "1,5"]
    assert _spread(board, "Riket")[0].startswith("Visas inte")
    analyst = _section(_page(client, nadia), "MB_H_TRAINING")
    assert _spread(analyst, "Riket") == ["2", "1", "2", "2", "0", "2 av 7", "2,0"]


def test_another_municipality_sees_neither_restricted_nor_aggregate_only_values(
    client, targets, cecilia
):
    html = _page(client, cecilia)
    plan, training = _section(html, "MB_B_PLAN"), _section(html, "MB_H_TRAINING")
    assert _fact(plan, "level") == "2 – framtagen eller beslutad"  # MAL01 is public
    assert "Aktuell kontinuitetsplan" in plan
    assert "Andel enheter med plan" not in plan  # KON02 is aggregate-only
    assert _fact(training, "level") == "Visas inte för dig"  # MAL02 is restricted
    assert _fact(training, "gap") == "–"


def test_the_view_needs_a_signed_in_user_and_a_known_municipality(client, targets, nadia):
    for url in (UPPSALA, COUNTY, NATION):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(nadia)
    assert client.get("/results/2025/municipalities/9999/targets/").status_code == 404
    assert client.get("/results/2025/counties/99/targets/").status_code == 404


def test_the_county_and_national_pages_show_the_distribution_per_target_state(
    client, targets, nadia
):
    county = _section(_page(client, nadia, COUNTY), "MB_B_PLAN")
    assert _spread(county, "Uppsala län") == ["0", "1", "1", "1", "1", "2 av 4", "2,5"]
    nation = _section(_page(client, nadia, NATION), "MB_B_PLAN")
    assert _spread(nation, "Riket") == ["1", "1", "1", "2", "2", "4 av 7", "3,0"]
    assert _spread(nation, "Gotlands län") == ["1", "0", "0", "0", "0", "0 av 1", "0,0"]
    assert _spread(nation, "Hallands län")[0] == "Inga värden"
    profile = _page(client, nadia, "/results/2025/counties/03/")
    assert 'href="/results/2025/counties/03/targets/"' in profile


def test_the_support_needs_count_the_målbild_gaps(client, targets, anna):
    profile = _page(client, anna, "/results/2025/municipalities/0380/")
    assert 'href="/results/2025/municipalities/0380/targets/"' in profile
    # Uppsala: plan at level 2, training at 1: neither målbild reached.
    assert "Målbilder i planeringsinriktningen som ännu inte nåtts: 2 av 2." in profile


@pytest.mark.parametrize("url", [UPPSALA, COUNTY, NATION])
def test_queries_do_not_grow_with_the_municipalities(client, targets, nadia, url):
    client.force_login(nadia)
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    more = {"0382": 3, "0305": 2, "0114": 4, "0115": 1, "2480": 3, "1480": 2}
    setup.approve(targets, more)
    setup.compute(targets)
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert "av 13" in html  # the thirteen municipalities are counted


def test_submitted_answers_count_only_on_the_preliminary_basis_for_whom_may_see_it(
    client, tmp_path, nadia, anna, bengt
):
    survey_round = setup.open_round(tmp_path, nadia)
    setup.approve(survey_round, setup.UPPSALA_LEVELS)
    setup.approve(survey_round, {"0382": 4})  # Östhammar: submitted, not yet approved
    Response.objects.filter(round=survey_round, municipality__code="0382").update(
        status="submitted"
    )
    setup.compute(survey_round)
    preliminary = UPPSALA + "?basis=preliminary"
    for user in (anna, bengt):
        approved = _section(_page(client, user), "MB_B_PLAN")
        assert _spread(approved, "Uppsala län")[5] == "2 av 4"
    # anna may not see preliminary results: she is shown the approved ones.
    assert (
        _spread(_section(_page(client, anna, preliminary), "MB_B_PLAN"), "Uppsala län")[5]
        == "2 av 4"
    )
    board = _section(_page(client, bengt, preliminary), "MB_B_PLAN")
    assert _spread(board, "Uppsala län") == ["0", "1", "1", "1", "2", "3 av 5", "3,0"]


def test_each_målbild_links_the_library_items_that_address_it(
    client, targets, anna, nadia, django_assert_max_num_queries
):
    from beredskap.library import services as library

    library.create_item(
        by=nadia,
        data={
            **library.blank(),
            "slug": "planera-kontinuiteten",
            "kind": "link",
            "title_sv": "Planera kontinuiteten",
            "title_en": "Plan for continuity",
            "url": "https://www.msb.se/sv/amnesomraden/krisberedskap--civilt-forsvar/",
            "publisher": "MSB",
            "target_states": ["MB_B_PLAN"],
        },
    )
    for url in (UPPSALA, COUNTY, NATION):
        html = _page(client, anna if url == UPPSALA else nadia, url)
        assert 'href="/library/planera-kontinuiteten/"' in _section(html, "MB_B_PLAN")
        assert "planera-kontinuiteten" not in _section(html, "MB_H_TRAINING")
    client.get(UPPSALA)
    with django_assert_max_num_queries(40) as captured:
        client.get(UPPSALA)
    library_reads = [q for q in captured.captured_queries if "library_" in q["sql"]]
    assert len(library_reads) == 2  # the items, their tags (prefetched), whatever the states
