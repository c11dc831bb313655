"""Reminders of the reporting deadlines: county reviewers before 1 February, the national
coordinator before 1 March, on the survey reminders' schedule and with their sending."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError

from beredskap.audit.models import Event
from beredskap.notices.models import SentReminder
from beredskap.notices.services import Result
from beredskap.registry.models import County
from beredskap.reporting import reminders
from beredskap.reporting.models import CountyReport, NationalReport
from beredskap.surveys.models import Round
from beredskap.tests.cast import stand_in

pytestmark = pytest.mark.django_db

BASE = "https://beredskap.example.se"
COUNTY_WEEK = "2025-01-25"  # a week before the county reports on 2024 are due (1 February)
COUNTY_AFTER = "2025-02-02"  # the day after
NATIONAL_WEEK = "2025-02-22"  # a week before the national report on 2024 is due (1 March)
QUIET = "2025-01-26"  # no reminder day of either


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_deadline_reminders", "--base-url", BASE, *args, stdout=out)
    return out.getvalue()


def to(outbox, user) -> list:
    return [m for m in outbox if m.to == [user.email]]


def only_to(outbox, user):
    messages = to(outbox, user)
    assert len(messages) == 1, [m.subject for m in messages]
    return messages[0]


def sent() -> set[tuple[str, str, str]]:
    return {
        (r.user.username, r.kind.removeprefix("reporting."), r.sent_on.isoformat())
        for r in SentReminder.objects.filter(kind__startswith="reporting.").select_related("user")
    }


def report(code: str, status: str, year: int = 2024, **fields) -> CountyReport:
    return CountyReport.objects.create(
        county=County.objects.get(code=code), year=year, status=status, **fields
    )


# --- the schedule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "today, kinds",
    [
        ("2025-01-11", {"county_report"}),  # 21 days before 1 February
        ("2025-01-12", set()),
        ("2025-01-31", {"county_report"}),
        ("2025-02-01", {"county_report"}),
        ("2025-02-02", {"county_report"}),  # the day after, then weekly
        ("2025-02-08", {"national_report"}),  # 21 days before 1 March
        ("2025-02-09", {"county_report"}),
        ("2025-02-28", {"national_report"}),
        ("2025-03-02", {"county_report", "national_report"}),  # 4 weeks + 1 day; 1 day
        ("2025-03-03", set()),
        ("2025-03-08", set()),
        ("2025-03-09", {"county_report", "national_report"}),  # late reports: weekly
    ],
)
def test_reminders_follow_the_survey_reminders_cadence(today, kinds):
    assert set(reminders.due_today(datetime.date.fromisoformat(today))) == kinds


def test_the_reports_due_in_a_year_are_those_on_the_year_before():
    assert reminders.reporting_year(datetime.date(2025, 1, 25)) == 2024
    assert reminders.due_today(datetime.date(2025, 1, 25)) == {
        "county_report": datetime.date(2025, 2, 1)
    }


def test_nothing_is_sent_between_reminder_days(bengt, karl, mailoutbox):
    assert "nothing to send" in run("--today", QUIET)
    assert mailoutbox == [] and not SentReminder.objects.exists()


# --- county reviewers -------------------------------------------------------------------------


def test_reviewers_of_counties_without_a_sent_report_are_reminded(bengt, greta, karl, mailoutbox):
    """Uppsala has a draft, Gotland has not started: both reviewers hear, karl does not."""
    report("03", "draft")
    run("--today", COUNTY_WEEK)
    assert sent() == {
        ("bengt", "county_report", COUNTY_WEEK),
        ("greta", "county_report", COUNTY_WEEK),
    }
    to_bengt = only_to(mailoutbox, bengt)
    assert "2024" in to_bengt.subject
    assert "Uppsala län" in to_bengt.body and "Gotland" not in to_bengt.body
    assert "S2022/03174" in to_bengt.body
    assert BASE + "/" in to_bengt.body
    assert "Gotlands län" in only_to(mailoutbox, greta).body
    assert to(mailoutbox, karl) == []


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_reviewers_of_sent_reports_are_not_reminded(bengt, greta, status, mailoutbox):
    report("03", status)
    run("--today", COUNTY_WEEK)
    assert to(mailoutbox, bengt) == []
    assert len(to(mailoutbox, greta)) == 1


def test_a_returned_report_is_reminded_with_the_coordinators_comment(bengt, mailoutbox):
    comment = 'Komplettera avsnittet om samverkan & "övningar".'
    report("03", "returned", return_comment=comment, revision=1)
    run("--today", COUNTY_AFTER)
    assert comment in only_to(mailoutbox, bengt).body  # plain text: nothing escaped


def test_the_report_of_another_year_does_not_count(bengt, mailoutbox):
    report("03", "submitted", year=2025)
    run("--today", COUNTY_WEEK)
    assert len(to(mailoutbox, bengt)) == 1


def test_a_reviewer_of_two_counties_gets_one_reminder_listing_those_not_sent(mailoutbox, vera):
    report("09", "submitted")
    run("--today", COUNTY_WEEK)
    body = only_to(mailoutbox, vera).body
    assert "Uppsala län" in body and "Skåne län" in body and "Gotlands län" not in body
    assert sent() == {("vera", "county_report", COUNTY_WEEK)}


def test_inactive_reviewers_and_reviewers_without_an_address_get_nothing(bengt, greta, mailoutbox):
    bengt.is_active = False
    bengt.save()
    greta.email = ""
    greta.save()
    run("--today", COUNTY_WEEK)
    assert mailoutbox == []


def test_county_reminders_stop_once_the_national_report_is_final(bengt, mailoutbox):
    NationalReport.objects.create(year=2024, status="final")
    run("--today", "2025-03-09")
    assert mailoutbox == []


# --- the national coordinator ---------------------------------------------------------------


def test_the_coordinator_is_reminded_of_the_national_report_until_it_is_final(
    bengt, karl, nadia, mailoutbox
):
    report("03", "submitted")
    report("09", "accepted")
    report("12", "returned")
    run("--today", NATIONAL_WEEK)
    message = only_to(mailoutbox, karl)
    assert "2024" in message.subject
    assert "2 " in message.body and " 21" in message.body  # received 2 of 21
    assert sent() == {("karl", "national_report", NATIONAL_WEEK)}  # nobody else
    NationalReport.objects.create(year=2024, status="draft")
    run("--today", "2025-02-28")
    assert len(to(mailoutbox, karl)) == 2
    NationalReport.objects.filter(year=2024).update(status="final")
    run("--today", "2025-03-01")
    assert len(to(mailoutbox, karl)) == 2


# --- running daily ------------------------------------------------------------------------------


def test_running_again_the_same_day_sends_nothing_new(bengt, greta, mailoutbox):
    run("--today", COUNTY_WEEK)
    assert len(mailoutbox) == 2
    output = run("--today", COUNTY_WEEK)
    assert len(mailoutbox) == 2
    assert "sent 0" in output and "already sent today 2" in output
    assert SentReminder.objects.count() == 2
    run("--today", "2025-01-31")  # the next reminder day
    assert len(mailoutbox) == 4
    assert Event.objects.filter(action="deadline_reminders.sent").count() == 2


def test_a_run_that_sends_leaves_one_audit_event(bengt, karl, mailoutbox):
    run("--today", COUNTY_WEEK)
    event = Event.objects.get(action="deadline_reminders.sent")
    assert event.actor is None
    assert event.details == {
        "year": 2024,
        "on": COUNTY_WEEK,
        "sent": {"county_report": 1},
        "failed": 0,
    }


def test_dry_run_lists_what_would_be_sent_and_sends_nothing(bengt, karl, mailoutbox):
    output = run("--today", COUNTY_WEEK, "--dry-run")
    assert mailoutbox == [] and not SentReminder.objects.exists()
    assert not Event.objects.filter(action="deadline_reminders.sent").exists()
    assert "would send: county_report to bengt <bengt@example.org>" in output


def test_verbose_runs_list_each_recipient(karl, mailoutbox):
    out = StringIO()
    call_command("send_deadline_reminders", "--today", NATIONAL_WEEK, verbosity=2, stdout=out)
    assert "sent: national_report to karl <karl@example.org>" in out.getvalue()
    assert "http://127.0.0.1:8000/" in mailoutbox[0].body


def test_a_failed_send_is_reported_and_retried_on_the_next_run(bengt, monkeypatch, mailoutbox):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({bengt.email: (550, b"No such user")})

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(CommandError, match="could not be sent"):
            run("--today", COUNTY_WEEK)
    assert not SentReminder.objects.exists()
    assert not Event.objects.filter(action="deadline_reminders.sent").exists()
    run("--today", COUNTY_WEEK)
    assert len(to(mailoutbox, bengt)) == 1


def test_no_survey_round_is_needed(bengt, mailoutbox):
    assert not Round.objects.exists()
    run("--today", COUNTY_WEEK)
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    "args, message",
    [
        (["--today", "2025-13-01"], "YYYY-MM-DD"),
        (["--today", "25/01/2025"], "YYYY-MM-DD"),
        (["--base-url", "beredskap.example.se"], "http"),
    ],
)
def test_bad_arguments_are_refused_clearly(bengt, args, message, mailoutbox):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert mailoutbox == []


# --- the service ---------------------------------------------------------------------------------


def test_the_service_returns_a_summary(bengt, greta, karl, mailoutbox):
    summary = reminders.send_deadline_reminders(
        today=datetime.date(2025, 2, 1), base_url=BASE + "/"
    )
    assert (summary.year, summary.sent, summary.failed) == (2024, 2, 0)
    assert summary.kinds(Result.SENT) == {"county_report": 2}
    assert BASE + "//" not in only_to(mailoutbox, bengt).body


def test_queries_do_not_grow_with_the_number_of_reviewers(
    reference, karl, django_assert_max_num_queries
):
    for county in County.objects.all():
        stand_in("reviewer", county=county.code)
    day = datetime.date(2025, 2, 1)
    with django_assert_max_num_queries(6):
        summary = reminders.send_deadline_reminders(today=day, base_url=BASE, dry_run=True)
    assert summary.count(Result.DRY_RUN) == 21
