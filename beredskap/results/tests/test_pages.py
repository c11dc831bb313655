"""The results pages through the web client: what each role sees, filters and query counts.

Runs on the small test edition: KON01 (yes/no, public, two activities) and KON02
(a share, aggregate-only: municipality values only for the municipality, its county
board and Socialstyrelsen).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beredskap.results import services
from beredskap.surveys.models import Response, Round
from beredskap.surveys.tests.conftest import answer, complete
from beredskap.tests.cast import stand_in

from ..models import Value

pytestmark = pytest.mark.django_db

OVERVIEW = "/results/2025/"


def _finish(code: str, *, plan: str, units: dict, status: str) -> None:
    response = Response.objects.get(round__year=2025, municipality__code=code)
    by = stand_in("respondent", municipality=code)
    for activity in ("sabo", "hemtjanst"):
        answer(response, "KON_PLAN", activity, plan, by)
    answer(response, "KON_UNITS", "", units, by)
    Response.objects.filter(pk=response.pk).update(
        status=status, first_submitted_at=timezone.now()
    )


@pytest.fixture
def results(survey_round, uppsala, anna):
    """Uppsala approved (plan in place, 3 of 4 units), Enköping approved (no plan, 1 of 4),
    Tierp submitted but not approved (plan in place)."""
    complete(uppsala, anna)
    Response.objects.filter(pk=uppsala.pk).update(
        status="approved", first_submitted_at=timezone.now()
    )
    _finish("0381", plan="nej", units={"numerator": 1, "denominator": 4}, status="approved")
    _finish("0360", plan="ja", units={"numerator": 4, "denominator": 4}, status="submitted")
    for basis in Value.Basis.values:
        services.compute_round(survey_round=survey_round, basis=basis)
    return survey_round


def _login(client, user):
    client.force_login(user)
    return client


def cell(css: str, symbol: str, text: str) -> str:
    """A heat map cell as rendered: the class, its symbol (hidden from screen readers), text."""
    return f'<td class="hm {css}"><span aria-hidden="true">{symbol}</span> {text}</td>'


def _row(html: str, name: str) -> str:
    """The table row of the heat map whose header links to `name`."""
    start = html.index(f">{name}</a></th>")
    return html[start : html.index("</tr>", start)]


def test_results_need_a_signed_in_user(client, results):
    for url in (OVERVIEW, "/results/", "/results/2025/municipalities/0380/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_index_opens_the_newest_round_with_results(client, results, olle):
    response = _login(client, olle).get("/results/")
    assert response.status_code == 302 and response["Location"] == OVERVIEW


def test_the_overview_shows_verdicts_with_words_and_the_nation_on_top(client, results, nadia):
    html = _login(client, nadia).get(OVERVIEW).content.decode()
    assert "Uppsala" in html and "Enköping" in html
    uppsala = _row(html, "Uppsala")
    # KON01 summarised over the two activities: met in both, and in neither.
    assert cell("green", "●", "2/2") in uppsala
    assert cell("red", "○", "0/2") in _row(html, "Enköping")
    # The nation pools the activities: met in 2 of the 4 where it applies.
    sweden = html[html.index('<tbody class="aggregates">') :]
    assert "50 %" in sweden[: sweden.index("</tbody>")]


def test_filters_narrow_the_rows_and_bad_filters_are_said(client, results, nadia):
    client = _login(client, nadia)
    html = client.get(OVERVIEW, {"county": "03"}).content.decode()
    assert "Uppsala" in html and "Kiruna" not in html
    assert "Uppsala län" in html  # the county's own row on top
    response = client.get(OVERVIEW, {"county": "99"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_aggregate_only_values_are_hidden_from_outsiders(client, results, olle, anna):
    outsider = _login(client, olle).get(OVERVIEW).content.decode()
    # KON02 is the second column: hidden for every municipality, shown for the nation.
    assert '<td class="hm hidden">dolt</td>' in _row(outsider, "Uppsala")
    assert "75 %" not in _row(outsider, "Uppsala")
    client.logout()
    own = _login(client, anna).get(OVERVIEW).content.decode()
    assert "75 %" in _row(own, "Uppsala")
    assert "25 %" not in _row(own, "Enköping")


def test_small_aggregates_are_suppressed_for_those_who_may_not_see_their_members(
    client, results, olle, nadia
):
    # Uppsala is the only approved municipality of group B3 with a KON02 value.
    query = {"group": "B3"}
    outsider = _login(client, olle).get(OVERVIEW, query).content.decode()
    group_row = outsider[outsider.index("Kommungrupp B3") :]
    assert "dolt" in group_row[: group_row.index("</tr>")]
    client.logout()
    analyst = _login(client, nadia).get(OVERVIEW, query).content.decode()
    group_row = analyst[analyst.index("Kommungrupp B3") :]
    assert "75 %" in group_row[: group_row.index("</tr>")]


def test_preliminary_values_are_marked_and_only_for_reviewers(client, results, bengt, anna):
    reviewer = _login(client, bengt).get(OVERVIEW, {"basis": "preliminary"}).content.decode()
    assert "Preliminärt" in reviewer
    assert cell("green", "●", "2/2") in _row(reviewer, "Tierp")  # submitted, not yet approved
    client.logout()
    respondent = _login(client, anna).get(OVERVIEW, {"basis": "preliminary"}).content.decode()
    assert "Preliminärt" not in respondent
    assert cell("green", "●", "2/2") not in _row(respondent, "Tierp")


def test_the_municipality_profile_compares_with_county_group_and_nation(client, results, anna):
    html = _login(client, anna).get("/results/2025/municipalities/0381/").content.decode()
    assert "Enköping" in html
    assert "Ej uppfyllt" in html  # KON01 not met
    assert "Stödbehov" in html and "KON01" in html[html.index("Stödbehov") :]
    # KON02 is aggregate-only and Enköping is not Anna's municipality.
    assert "KON02" not in html


def test_the_indicator_page_has_distribution_ranking_map_and_history(client, results, nadia):
    html = _login(client, nadia).get("/results/2025/indicators/KON02/").content.decode()
    for heading in ("Trend", "Fördelning", "Karta", "Rangordning", "Revisionshistorik"):
        assert f">{heading}</h" in html
    ranking = html[html.index('id="ranking-caption"') :]
    assert ranking.index("Uppsala") < ranking.index("Enköping")  # 75 % before 25 %
    assert "<svg" in html


def test_the_county_page_shows_its_municipalities_and_needs(client, results, bengt):
    html = _login(client, bengt).get("/results/2025/counties/03/").content.decode()
    assert "Uppsala" in html and "Tierp" in html and "Kiruna" not in html
    assert "Stödbehov" in html


def test_support_needs_link_to_the_library_items_that_address_them(client, results, bengt, nadia):
    from beredskap.library import services as library

    data = {"kind": "link", "title_en": "Support", "url": "https://example.org/stod"}
    library.create_item(
        data=data | {"slug": "kon-stod", "title_sv": "Stöd för planen", "indicators": ["KON01"]},
        by=nadia,
    )
    library.create_item(
        data=data | {"slug": "b-stod", "title_sv": "Stöd för område B", "area_codes": ["B"]},
        by=nadia,
    )
    html = _login(client, bengt).get("/results/2025/counties/03/").content.decode()
    needs = html[html.index('id="needs-heading"') :]
    needs = needs[: needs.index("</section>")]
    assert '<a href="/library/kon-stod/">Stöd för planen</a>' in needs
    assert '<a href="/library/b-stod/">Stöd för område B</a>' in needs


def test_unknown_rounds_and_indicators_are_404(client, results, nadia):
    client = _login(client, nadia)
    assert client.get("/results/1999/").status_code == 404
    assert client.get("/results/2025/indicators/NOPE/").status_code == 404


@pytest.mark.parametrize(
    "url, fewer, more",
    [
        (OVERVIEW, {"county": "09"}, {}),
        ("/results/2025/counties/09/", {}, None),
        ("/results/2025/indicators/KON01/", {"activity": "sabo"}, {}),
    ],
)
def test_queries_do_not_grow_with_municipalities(client, results, nadia, url, fewer, more):
    """A county of 1 municipality and the whole country take the same number of queries."""
    client = _login(client, nadia)
    client.get(url, fewer)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, fewer).status_code == 200
    other = url.replace("/09/", "/01/") if more is None else url
    with CaptureQueriesContext(connection) as large:
        assert client.get(other, more or {}).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def _earlier_round(survey_round, year: int, *, basis: str = Value.Basis.APPROVED) -> None:
    """A closed round of `year` holding a copy of the 2025 round's values on one basis."""
    earlier = Round.objects.create(
        year=year,
        edition=survey_round.edition,
        opens_on=datetime.date(year, 1, 20),
        measurement_date=datetime.date(year, 1, 1),
        deadline=datetime.date(year, 3, 15),
        status=Round.Status.CLOSED,
    )
    copies = list(Value.objects.filter(round=survey_round, basis=basis))
    for value in copies:
        value.pk, value.round = None, earlier
    Value.objects.bulk_create(copies)


def _value_reads(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"results_value"' in q["sql"]]


def test_the_overview_reads_the_values_once_however_many_rounds(client, results, nadia):
    """The years come from the rounds and the heat map and needs share one read, so ten
    rounds cost the overview the same queries as one."""
    client = _login(client, nadia)
    client.get(OVERVIEW)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as one:
        assert client.get(OVERVIEW).status_code == 200
    for year in range(2016, 2025):
        _earlier_round(results, year)
    with CaptureQueriesContext(connection) as ten:
        html = client.get(OVERVIEW).content.decode()
    # 15 with the header's unread-notification count (one COUNT on every signed-in page);
    # 17 with the registered need sources (continuity: the analyst check, the registers);
    # 16 with the indicator versions and their activities kept per edition after the warm
    # request (`queries/editions.py`: the edition's stamp instead of two reads).
    assert len(ten) == len(one) == 16, [q["sql"][:120] for q in ten.captured_queries]
    years, cells = _value_reads(ten)
    assert "DISTINCT" not in years and "EXISTS" in years
    assert '"results_value"."level"' in cells
    assert 'href="/results/2016/"' in html


def test_only_rounds_with_approved_values_are_years_of_the_results(client, results, olle):
    _earlier_round(results, 2024)
    _earlier_round(results, 2023, basis=Value.Basis.PRELIMINARY)
    Round.objects.create(
        year=2022,
        edition=results.edition,
        opens_on=datetime.date(2022, 1, 20),
        measurement_date=datetime.date(2022, 1, 1),
        deadline=datetime.date(2022, 3, 15),
        status=Round.Status.CLOSED,
    )
    html = _login(client, olle).get(OVERVIEW).content.decode()
    assert 'href="/results/2024/"' in html
    assert 'href="/results/2023/"' not in html and 'href="/results/2022/"' not in html
    assert client.get("/results/").headers["Location"] == OVERVIEW
