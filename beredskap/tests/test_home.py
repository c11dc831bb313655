"""The start page as each role's work list, and for visitors: what it shows, its links,
and a fixed number of queries per role."""

import datetime

import pytest
from django.utils import timezone

from beredskap.publication.models import Release
from beredskap.registry.models import County
from beredskap.reporting.models import CountyReport, county_report_deadline
from beredskap.reporting.worklists import last_passed_year
from beredskap.surveys import services
from beredskap.surveys.tests.conftest import answer, complete, slot

pytestmark = pytest.mark.django_db


def home(client, user=None) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def days_since(date: datetime.date) -> int:
    return (timezone.localdate() - date).days


def test_a_visitor_reads_what_beredskap_is_and_finds_the_public_doors(client, survey_round):
    page = home(client)
    for link in ("/comparisons/", "/open-data/", "/api/v1/docs", "/accounts/login/"):
        assert f'href="{link}"' in page, link
    assert "Inget har publicerats ännu" in page
    Release.objects.create(round=survey_round, number=1, released_at=timezone.now(), value_count=0)
    page = home(client)
    assert "Publicering 2025.1 av enkäten 2025" in page
    assert 'href="/comparisons/2025/"' in page


def test_the_respondent_sees_status_what_remains_and_the_deadline(client, anna, uppsala):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)  # its parts question is then not asked
    page = home(client, anna)
    assert 'id="response-0380" data-status="draft"' in page
    assert "4 av 5 ställda frågor är obesvarade" in page
    assert "2025-03-15" in page and 'href="/surveys/2025/0380/"' in page
    overdue = days_since(datetime.date(2025, 3, 15))
    assert f"förfallen sedan {overdue} dagar" in page


def test_a_returned_response_lists_the_returned_questions(client, anna, alva, bengt, uppsala):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    page = home(client, bengt)
    assert "1 svar väntar på din granskning" in page
    assert 'href="/surveys/2025/0380/"' in page
    services.return_response(
        response=uppsala, by=bengt, comment="", items=[(slot("KON_UNITS"), "Kolla nämnaren")]
    )
    for user in (anna, alva):
        page = home(client, user)
        assert 'data-status="returned"' in page
        assert "Länsstyrelsen returnerade 1 fråga" in page
        assert "Enheter med plan av alla enheter" in page and "Kolla nämnaren" in page
    assert "0 svar väntar på din granskning" in home(client, bengt)


def test_the_reviewer_sees_late_county_reports_with_how_late(client, bengt, survey_round):
    year = last_passed_year(timezone.localdate())
    late = days_since(county_report_deadline(year))
    page = home(client, bengt)
    assert f'href="/reports/03/{year}/"' in page
    assert f"förfallen sedan {late} dagar" in page
    CountyReport.objects.create(
        county=County.objects.get(code="03"), year=year, status="returned", revision=1
    )
    page = home(client, bengt)
    assert "Återsänd för komplettering" in page and f"förfallen sedan {late} dagar" in page
    CountyReport.objects.filter(year=year).update(status="submitted")
    assert "Ingen länsredovisning är försenad eller återsänd" in home(client, bengt)


def test_the_coordinator_sees_county_reports_waiting(client, karl, reference):
    assert "0 länsredovisningar väntar på dig" in home(client, karl)
    for code in ("03", "09"):
        CountyReport.objects.create(
            county=County.objects.get(code=code),
            year=2025,
            status="submitted",
            revision=1,
            submitted_at=timezone.now(),
        )
    page = home(client, karl)
    assert "2 länsredovisningar väntar på dig" in page
    assert 'href="/reports/03/2025/"' in page and 'href="/reports/09/2025/"' in page


def test_the_analyst_sees_rounds_and_releases(client, nadia, survey_round):
    page = home(client, nadia)
    assert 'href="/releases/2025/"' in page and "inte publicerad" in page
    Release.objects.create(round=survey_round, number=1, released_at=timezone.now(), value_count=0)
    assert "offentlig som publicering 2025.1" in home(client, nadia)


def _grow(survey_round, anna, alva, cecilia):
    """More data of every kind: more answers, a second submitted response, reports."""
    uppsala = survey_round.responses.get(municipality__code="0380")
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    enkoping = survey_round.responses.get(municipality__code="0381")
    complete(enkoping, cecilia)
    for code in ("03", "09", "13"):
        CountyReport.objects.create(
            county=County.objects.get(code=code), year=2024, status="submitted", revision=1
        )


#: Those who record exercises (anna, disa, bengt) read 3 more: their overdue actions, and the
#: actions due this year and next in the deadlines box (learning). Everyone with an
#: organisation reads 1 for their upcoming meetings (learning, events).
QUERIES = {"anonymous": 1, "anna": 15, "disa": 15, "bengt": 21, "karl": 16, "nadia": 12}


@pytest.mark.parametrize("who", list(QUERIES))
def test_the_start_page_reads_a_fixed_number_of_queries(
    client, cast, disa, survey_round, who, django_assert_num_queries
):
    users = {**cast, "disa": disa}
    if who != "anonymous":
        client.force_login(users[who])
    home(client)  # the edition's structure is built once per process
    with django_assert_num_queries(QUERIES[who]):
        home(client)
    _grow(survey_round, users["anna"], users["alva"], users["cecilia"])
    with django_assert_num_queries(QUERIES[who]):
        home(client)
