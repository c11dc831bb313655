"""Reminders: municipal users by their response's status, county digests after the deadline."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from beredskap.audit.models import Event
from beredskap.notices.models import SentReminder
from beredskap.notices.services import Result
from beredskap.registry.models import Municipality
from beredskap.surveys import reminders, services
from beredskap.surveys.models import Response, Round
from beredskap.tests.cast import stand_in

from .conftest import answer, complete, slot

pytestmark = pytest.mark.django_db

BASE = "https://beredskap.example.se"
BEFORE = "2025-03-08"  # a week before the deadline of 15 March
AFTER = "2025-03-16"  # the day after the deadline


def run(*args: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--base-url", BASE, *args, stdout=out)
    return out.getvalue()


def mail_to(outbox, user) -> list:
    return [m for m in outbox if m.to == [user.email]]


def only_mail_to(outbox, user):
    messages = mail_to(outbox, user)
    assert len(messages) == 1, [m.subject for m in messages]
    return messages[0]


def kinds() -> dict[str, str]:
    sent = SentReminder.objects.filter(kind__startswith="survey.").select_related("user")
    return {r.user.username: r.kind.removeprefix("survey.") for r in sent}


def swedish(text: str) -> str:
    with translation.override("sv"):
        return gettext(text)


def days_left_line(days: int) -> str:
    with translation.override("sv"):
        deadline = date_format(datetime.date(2025, 3, 15), "j F Y")
        return ngettext(
            "Deadline %(deadline)s: %(days)s day left.",
            "Deadline %(deadline)s: %(days)s days left.",
            days,
        ) % {"deadline": deadline, "days": days}


def deadline_passed_line() -> str:
    with translation.override("sv"):
        deadline = date_format(datetime.date(2025, 3, 15), "j F Y")
        text = gettext("The deadline was %(deadline)s. Please submit as soon as possible.")
        return text % {"deadline": deadline}


def submitted(response, respondent, approver):
    complete(response, respondent)
    return services.submit_response(response=response, by=approver)


def digest_codes(message) -> set[str]:
    return {line.split()[1] for line in message.body.splitlines() if line.startswith("- ")}


# --- municipal users -----------------------------------------------------------------


def test_drafts_get_a_reminder_with_days_left_and_a_link(
    uppsala, anna, alva, cecilia, bengt, mailoutbox
):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)  # Uppsala: draft; Enköping: not started
    run("--today", BEFORE)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([anna.email, alva.email, cecilia.email])
    to_anna = only_mail_to(mailoutbox, anna)
    assert days_left_line(7) in to_anna.body
    assert f"{BASE}/surveys/2025/0380/" in to_anna.body
    assert f"Uppsala: {swedish('Draft')}" in to_anna.body
    assert "2025" in to_anna.subject
    to_cecilia = only_mail_to(mailoutbox, cecilia)
    assert f"Enköping: {swedish('Not started')}" in to_cecilia.body
    assert f"{BASE}/surveys/2025/0381/" in to_cecilia.body
    # Each sees only the own municipality's status.
    assert "Enköping" not in to_anna.body and "0381" not in to_anna.body
    assert "Uppsala" not in to_cecilia.body and "0380" not in to_cecilia.body
    assert kinds() == {"anna": "deadline", "alva": "deadline", "cecilia": "deadline"}


def test_the_approver_of_a_complete_draft_is_told_it_is_ready_to_submit(
    uppsala, anna, alva, mailoutbox
):
    complete(uppsala, anna)
    run("--today", BEFORE)
    assert kinds() == {"anna": "deadline", "alva": "ready"}
    to_alva = only_mail_to(mailoutbox, alva)
    assert f"{BASE}/surveys/2025/0380/" in to_alva.body
    assert days_left_line(7) in to_alva.body


@pytest.mark.parametrize("approved", [False, True])
def test_submitted_and_approved_responses_get_no_reminder(
    uppsala, anna, alva, cecilia, bengt, mailoutbox, approved
):
    submitted(uppsala, anna, alva)
    if approved:
        services.approve_response(response=uppsala, by=bengt)
    run("--today", BEFORE)
    assert mail_to(mailoutbox, anna) == [] and mail_to(mailoutbox, alva) == []
    assert len(mail_to(mailoutbox, cecilia)) == 1


def test_a_returned_response_gets_the_returned_reminder_with_the_comment(
    uppsala, anna, alva, bengt, mailoutbox
):
    submitted(uppsala, anna, alva)
    comment = 'Komplettera övningarna & planen för "sabo".'
    services.return_response(
        response=uppsala, by=bengt, comment=comment, items=[(slot("UTB_EXERCISES"), "")]
    )
    run("--today", BEFORE)
    assert kinds() == {"anna": "returned", "alva": "returned"}
    to_anna = only_mail_to(mailoutbox, anna)
    assert comment in to_anna.body  # plain text: nothing escaped
    assert f"{BASE}/surveys/2025/0380/" in to_anna.body


def test_municipal_users_are_still_reminded_after_the_deadline(uppsala, anna, mailoutbox):
    run("--today", AFTER)
    assert deadline_passed_line() in only_mail_to(mailoutbox, anna).body


def test_a_person_answering_for_two_municipalities_gets_one_reminder_listing_both(
    survey_round, disa, mailoutbox
):
    run("--today", BEFORE)
    body = only_mail_to(mailoutbox, disa).body
    assert "/surveys/2025/0380/" in body and "/surveys/2025/0381/" in body


def test_inactive_users_and_users_without_an_address_get_nothing(
    survey_round, anna, alva, cecilia, mailoutbox
):
    anna.is_active = False
    anna.save()
    alva.email = ""
    alva.save()
    run("--today", BEFORE)
    assert [m.to for m in mailoutbox] == [[cecilia.email]]


# --- county digests --------------------------------------------------------------------


def test_after_the_deadline_each_reviewer_gets_one_digest_of_the_own_county(
    uppsala, anna, alva, cecilia, bengt, greta, karl, nadia, mailoutbox
):
    submitted(uppsala, anna, alva)
    enkoping = Response.objects.get(round=uppsala.round, municipality__code="0381")
    answer(enkoping, "KON_PLAN", "sabo", "ja", cecilia)
    run("--today", AFTER)

    to_bengt = only_mail_to(mailoutbox, bengt)
    uppsala_county = set(
        Municipality.objects.filter(county__code="03").values_list("code", flat=True)
    )
    assert digest_codes(to_bengt) == uppsala_county - {"0380"}  # Uppsala has submitted
    assert f"- 0381 Enköping: {swedish('Draft')}" in to_bengt.body
    assert f"- 0305 Håbo: {swedish('Not started')}" in to_bengt.body
    assert "Gotland" not in to_bengt.body
    assert f"{BASE}/surveys/2025/board/?county=03" in to_bengt.body
    assert "7" in to_bengt.subject

    to_greta = only_mail_to(mailoutbox, greta)
    assert digest_codes(to_greta) == {"0980"}
    assert "Enköping" not in to_greta.body
    assert mail_to(mailoutbox, karl) == [] and mail_to(mailoutbox, nadia) == []


def test_the_digest_lists_returned_responses_and_last_activity(
    uppsala, anna, alva, bengt, mailoutbox
):
    submitted(uppsala, anna, alva)
    services.return_response(
        response=uppsala, by=bengt, comment="", items=[(slot("UTB_EXERCISES"), "Fler?")]
    )
    run("--today", AFTER)
    line = next(
        line for line in only_mail_to(mailoutbox, bengt).body.splitlines() if "0380" in line
    )
    uppsala.refresh_from_db()
    with translation.override("sv"):
        last_activity = date_format(timezone.localdate(uppsala.last_activity_at), "j F Y")
    assert swedish("Returned") in line and last_activity in line


@pytest.mark.parametrize("today", [BEFORE, "2025-03-15"])
def test_no_digest_until_the_deadline_has_passed(survey_round, bengt, today, mailoutbox):
    run("--today", today)
    assert mail_to(mailoutbox, bengt) == []


# --- running daily -----------------------------------------------------------------------


def test_running_again_the_same_day_sends_nothing_new(uppsala, anna, alva, bengt, mailoutbox):
    run("--today", AFTER)
    assert len(mailoutbox) == 3
    output = run("--today", AFTER)
    assert len(mailoutbox) == 3
    assert "sent 0" in output and "already sent today 3" in output
    run("--today", "2025-03-23")  # a week after the first reminder after the deadline
    assert len(mailoutbox) == 6
    assert Event.objects.filter(action="reminders.sent").count() == 2


def test_a_run_that_sends_leaves_one_audit_event(survey_round, anna, bengt, mailoutbox):
    run("--today", AFTER)
    event = Event.objects.get(action="reminders.sent")
    assert event.actor is None and event.target_id == str(survey_round.pk)
    assert event.details["sent"] == {"deadline": 1, "digest": 1}


def test_dry_run_lists_what_would_be_sent_and_sends_nothing(survey_round, anna, bengt, mailoutbox):
    output = run("--today", AFTER, "--dry-run")
    assert mailoutbox == []
    assert not SentReminder.objects.exists()
    assert not Event.objects.filter(action="reminders.sent").exists()
    assert "would send: deadline to anna <anna@example.org>" in output
    assert "would send: digest to bengt <bengt@example.org>" in output


def test_verbose_runs_list_each_recipient(survey_round, anna, mailoutbox):
    out = StringIO()
    call_command("send_reminders", "--today", BEFORE, verbosity=2, stdout=out)
    assert "sent: deadline to anna <anna@example.org>" in out.getvalue()
    assert "http://127.0.0.1:8000/surveys/2025/" in mailoutbox[0].body


def test_a_failed_send_is_reported_and_retried_on_the_next_run(
    survey_round, anna, monkeypatch, mailoutbox
):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({anna.email: (550, b"No such user")})

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse)
        with pytest.raises(CommandError, match="could not be sent"):
            run("--today", BEFORE)
    assert not SentReminder.objects.exists()
    run("--today", BEFORE)
    assert len(mail_to(mailoutbox, anna)) == 1


def test_the_latest_open_round_is_the_default_and_closed_rounds_are_refused(
    survey_round, anna, mailoutbox
):
    assert "Round 2025" in run("--today", BEFORE, "--round", "2025")
    Round.objects.filter(pk=survey_round.pk).update(status=Round.Status.CLOSED)
    assert "No survey round is open" in run("--today", BEFORE)
    with pytest.raises(CommandError, match="closed"):
        run("--round", "2025")


def test_nothing_is_sent_before_the_round_opens(survey_round, anna, mailoutbox):
    assert "nothing to send" in run("--today", "2025-01-19")
    assert mailoutbox == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["--round", "2030"], "No survey round for 2030"),
        (["--round", "next"], "invalid int value"),
        (["--today", "2025-13-01"], "YYYY-MM-DD"),
        (["--today", "15/03/2025"], "YYYY-MM-DD"),
        (["--base-url", "beredskap.example.se"], "http"),
    ],
)
def test_bad_arguments_are_refused_clearly(survey_round, args, message, mailoutbox):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert mailoutbox == []


# --- the service and its queries ------------------------------------------------------


def test_the_service_returns_a_summary(uppsala, anna, alva, bengt, mailoutbox):
    summary = reminders.send_reminders(
        survey_round=uppsala.round,
        today=datetime.date(2025, 3, 16),
        base_url=BASE + "/",
    )
    assert summary.sent == 3 and summary.failed == 0
    assert summary.kinds(Result.SENT) == {"deadline": 2, "digest": 1}
    assert f"{BASE}/surveys/2025/0380/" in only_mail_to(mailoutbox, anna).body


def test_queries_do_not_grow_with_the_number_of_municipalities(
    survey_round, anna, alva, cecilia, bengt, greta, django_assert_max_num_queries
):
    """290 responses, a respondent in every municipality, a few complete drafts."""
    assert survey_round.responses.count() == 290
    others = Municipality.objects.exclude(code__in=["0380", "0381"]).select_related("organisation")
    users = {m.code: stand_in("respondent", municipality=m.code) for m in others}
    responses = {r.municipality.code: r for r in survey_round.responses.select_related("round")}
    complete(responses["0380"], anna)
    complete(responses["0381"], cecilia)
    complete(responses["0114"], users["0114"])
    day = datetime.date(2025, 3, 16)
    with django_assert_max_num_queries(12):
        summary = reminders.send_reminders(
            survey_round=survey_round, today=day, base_url=BASE, dry_run=True
        )
    letters = summary.count(Result.DRY_RUN)
    assert letters == 291 + 2  # anna, alva, cecilia, 288 others; bengt's and greta's digests
    with django_assert_max_num_queries(12 + 3 * letters):  # a savepoint and a row per e-mail
        assert reminders.send_reminders(survey_round=survey_round, today=day, base_url=BASE).sent


def test_nothing_is_sent_between_reminder_days(uppsala, anna, bengt, mailoutbox):
    assert "nothing to send" in run("--today", "2025-03-05")
    assert mailoutbox == []
