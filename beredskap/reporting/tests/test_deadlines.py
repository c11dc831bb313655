"""The deadlines calendar: each role's dates of the year, in order, with days left."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from beredskap.registry.models import County
from beredskap.reporting import deadlines
from beredskap.reporting.models import CountyReport, NationalReport

pytestmark = pytest.mark.django_db

D = datetime.date
JAN_10 = D(2025, 1, 10)
OPENS, MEASURED, DUE = D(2025, 1, 20), D(2025, 2, 1), D(2025, 3, 15)  # the test round 2025


def rows(user, year=2025, today=JAN_10):
    return [(d.date, d.kind) for d in deadlines.for_user(user, year, today=today)]


def report(code: str, year: int = 2024, **fields) -> CountyReport:
    return CountyReport.objects.create(county=County.objects.get(code=code), year=year, **fields)


# --- who sees what ----------------------------------------------------------------------


def test_municipal_users_see_the_survey_round_with_a_link_to_their_response(survey_round, anna):
    assert rows(anna) == [
        (OPENS, "survey_opens"),
        (MEASURED, "measurement_date"),
        (DUE, "survey_deadline"),
    ]
    due = deadlines.for_user(anna, 2025, today=JAN_10)[-1]
    assert due.url == "/surveys/2025/0380/"
    assert due.days == (DUE - JAN_10).days and not due.passed
    assert due.year == 2025 and due.done is None


def test_reviewers_see_the_survey_and_their_countys_report_on_the_year_before(survey_round, bengt):
    assert rows(bengt) == [
        (OPENS, "survey_opens"),
        (MEASURED, "measurement_date"),
        (D(2025, 2, 1), "county_report"),  # the report on 2024, after the measurement date
        (DUE, "survey_deadline"),
    ]
    line = deadlines.for_user(bengt, 2025, today=JAN_10)[2]
    assert (line.county.code, line.year, line.status, line.done) == (
        "03",
        2024,
        "not_started",
        False,
    )
    assert deadlines.for_user(bengt, 2025, today=JAN_10)[-1].url == "/surveys/2025/board/"


@pytest.mark.parametrize(
    "status, done",
    [("draft", False), ("returned", False), ("submitted", True), ("accepted", True)],
)
def test_the_reviewer_sees_the_own_county_reports_status(bengt, status, done):
    report("03", status=status)
    report("09", status="draft")  # Gotland's: not bengt's
    (line,) = deadlines.for_user(bengt, 2025, today=JAN_10)
    assert (line.kind, line.county.code, line.status, line.done) == (
        "county_report",
        "03",
        status,
        done,
    )
    assert line.overdue is False  # not passed yet
    (later,) = deadlines.for_user(bengt, 2025, today=D(2025, 2, 5))
    assert later.days == -4 and later.overdue is (not done)


def test_the_coordinator_sees_all_county_reports_and_the_national_report(karl, reference):
    report("03", status="submitted")
    report("09", status="accepted")
    report("12", status="returned")
    report("14", year=2025, status="submitted")  # on another year
    assert rows(karl) == [(D(2025, 2, 1), "county_reports"), (D(2025, 3, 1), "national_report")]
    counties, national = deadlines.for_user(karl, 2025, today=JAN_10)
    assert (counties.received, counties.expected, counties.done) == (2, 21, False)
    assert (national.year, national.status, national.done) == (2024, "not_started", False)
    assert national.url == "/reports/national/2024/"
    NationalReport.objects.create(year=2024, status="final")
    national = deadlines.for_user(karl, 2025, today=JAN_10)[-1]
    assert (national.status, national.done, national.status_class) == ("final", True, "approved")


def test_analysts_see_the_survey_and_the_national_report_not_the_county_reports(
    survey_round, nadia
):
    assert rows(nadia) == [
        (OPENS, "survey_opens"),
        (MEASURED, "measurement_date"),
        (D(2025, 3, 1), "national_report"),
        (DUE, "survey_deadline"),
    ]
    national = deadlines.for_user(nadia, 2025, today=JAN_10)[2]
    assert national.url == ""  # the national report's pages are the coordinator's: no link


def test_people_without_a_role_have_no_deadlines(survey_round, olle):
    assert rows(olle) == []


def test_a_year_without_a_round_has_only_the_reports(bengt, survey_round):
    assert rows(bengt, year=2026) == [(D(2026, 2, 1), "county_report")]
    assert deadlines.for_user(bengt, 2026, today=JAN_10)[0].year == 2025


# --- the next deadlines ------------------------------------------------------------------


def test_upcoming_gives_the_next_deadlines_from_today_across_the_new_year(karl, survey_round):
    today = D(2025, 2, 10)
    assert [(d.date, d.kind) for d in deadlines.upcoming(karl, today)] == [
        (D(2025, 3, 1), "national_report"),
        (D(2026, 2, 1), "county_reports"),
        (D(2026, 3, 1), "national_report"),
    ]
    assert len(deadlines.upcoming(karl, today, limit=1)) == 1


def test_upcoming_includes_today(anna, survey_round):
    (first, second) = deadlines.upcoming(anna, MEASURED, limit=2)
    assert (first.date, first.days, second.date) == (MEASURED, 0, DUE)


def test_the_upcoming_include_renders_dates_as_time_elements(bengt, survey_round):
    html = render_to_string(
        "reporting/deadlines/upcoming.html",
        {"upcoming_deadlines": deadlines.upcoming(bengt, JAN_10)},
    )
    assert '<time datetime="2025-01-20">' in html
    assert '<time datetime="2025-02-01">' in html
    assert 'href="/deadlines/"' in html


# --- the page ------------------------------------------------------------------------------


def test_the_page_lists_the_years_deadlines_in_date_order(client, bengt, survey_round):
    client.force_login(bengt)
    response = client.get("/deadlines/", {"year": 2025})
    assert response.status_code == 200
    assert [(d.date, d.kind) for d in response.context["deadlines"]] == rows(bengt)
    html = response.content.decode()
    positions = [html.index(f'<time datetime="{d.isoformat()}">') for d in (OPENS, MEASURED, DUE)]
    assert positions == sorted(positions)
    assert 'href="?year=2024"' in html and 'href="?year=2026"' in html
    assert "<caption>" in html and 'scope="row"' in html


def test_the_page_defaults_to_this_year(client, anna):
    client.force_login(anna)
    response = client.get("/deadlines/")
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


def test_the_page_marks_todays_deadline(client, anna, survey_round, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: MEASURED)
    client.force_login(anna)
    html = client.get("/deadlines/").content.decode()
    assert 'aria-current="date" data-kind="measurement_date"' in html


def test_a_user_without_a_role_gets_an_empty_calendar(client, olle):
    client.force_login(olle)
    response = client.get("/deadlines/", {"year": 2025})
    assert response.status_code == 200 and response.context["deadlines"] == []


@pytest.mark.parametrize("year", ["abc", "1899", "99999", "2025.5"])
def test_a_nonsense_year_is_not_found(client, anna, year):
    client.force_login(anna)
    assert client.get("/deadlines/", {"year": year}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/deadlines/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_takes_a_fixed_number_of_queries(
    client, bengt, karl, survey_round, django_assert_max_num_queries
):
    for code in ("03", "09", "12"):
        report(code, status="submitted")
    client.force_login(karl)
    with django_assert_max_num_queries(12):
        assert client.get("/deadlines/", {"year": 2025}).status_code == 200
