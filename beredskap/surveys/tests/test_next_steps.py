"""Each response page says what the signed-in person can do next, who else acts, what
remains and when it is due."""

import datetime

import pytest
from django.utils import timezone

from beredskap.surveys import services
from beredskap.surveys.next_steps import for_user

from .conftest import answer, complete, slot

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"


def steps_html(client, user, url=URL) -> str:
    client.force_login(user)
    html = client.get(url).content.decode()
    start = html.index('<section class="next-steps"')
    return html[start : html.index("</section>", start)]


def test_a_respondent_learns_an_approver_submits_and_who(client, uppsala, anna, alva):
    alva.last_name = "Andersson"
    alva.save()
    answer(uppsala, "UTB_EXERCISES", "", "2", anna)
    html = steps_html(client, anna)
    assert "Besvara frågorna. Du kan inte själv skicka in svaret." in html
    assert "Svaren skickas in av en godkännare: Alva Andersson." in html
    assert "5 frågor kvar att besvara." in html  # 6 asked, 1 answered
    assert "Sista svarsdag: 15 mars 2025" in html


def test_several_approvers_are_all_named(uppsala, anna, alva, reference):
    from beredskap.tests.cast import person

    person("alfred", "Uppsala kommun", role="approver")
    steps = for_user(anna, uppsala, answered=0, total=6)
    assert steps.others == "Svaren skickas in av någon av godkännarna: Alfred, Alva."


def test_an_approver_submits_and_sees_who_answers_with_them(client, uppsala, anna, alva):
    html = steps_html(client, alva)
    assert "Besvara frågorna och skicka sedan in svaret till länsstyrelsen." in html
    assert "Svarar också för kommunen: Anna." in html


def test_a_municipality_without_approver_is_told_so(uppsala, anna):
    steps = for_user(anna, uppsala, answered=6, total=6)
    assert steps.others.startswith("Din kommun har ännu ingen godkännare")
    assert steps.remaining == 0


def test_the_reviewer_reviews_and_the_municipality_waits(client, uppsala, anna, alva, bengt):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    html = steps_html(client, bengt)
    assert "Granska svaret: återsänd frågor för komplettering eller godkänn det." in html
    assert "kvar att besvara" not in html  # nothing remains once it is submitted
    assert "Granskare på länsstyrelsen" not in html  # bengt is the only one: not himself
    html = steps_html(client, bengt, URL + "review/")
    assert "Granska svaret" in html
    html = steps_html(client, anna)
    assert "Svaret granskas av länsstyrelsen och är låst under tiden." in html
    assert "Granskare på länsstyrelsen: Bengt." in html


def test_returned_and_approved(client, uppsala, anna, alva, bengt, nadia):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    services.approve_response(response=uppsala, by=bengt)
    assert "Bara Socialstyrelsen kan öppna det igen." in steps_html(client, anna)
    assert "Du kan öppna det igen och ange ett skäl." in steps_html(client, nadia)


def test_days_left_and_late(uppsala, anna):
    today = timezone.localdate()
    uppsala.round.deadline = today + datetime.timedelta(days=3)
    assert for_user(anna, uppsala, answered=0, total=1).days_left == 3
    uppsala.round.deadline = today - datetime.timedelta(days=2)
    assert for_user(anna, uppsala, answered=0, total=1).days_late == 2


def test_the_page_costs_at_most_one_query_more(
    client, uppsala, anna, django_assert_max_num_queries
):
    client.force_login(anna)
    client.get(URL)
    with django_assert_max_num_queries(21):  # the response page's 20, plus the approvers
        client.get(URL)


def test_the_analyst_on_a_draft_sees_who_submits(client, uppsala, alva, nadia):
    html = steps_html(client, nadia)
    assert "Kommunen svarar. Svaret kommer till granskning när det skickas in." in html
    assert "Skickas in av godkännaren: Alva." in html


def test_a_returned_response_says_how_many_questions_to_correct(
    client, uppsala, anna, alva, bengt
):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    services.return_response(
        response=uppsala,
        by=bengt,
        comment="",
        items=[(slot("KON_PLAN", "sabo"), "?"), (slot("UTB_EXERCISES"), "?")],
    )
    html = steps_html(client, anna)
    assert "2 återsända frågor att rätta." in html
    assert "Rätta de återsända frågorna. Du kan inte själv skicka in svaret." in html
