"""Notice of a new consultation and reminders before its deadline, through `notices`."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from beredskap.planning import consultation as consulting
from beredskap.planning import consultation_notices

from .conftest import uppsala_board

pytestmark = pytest.mark.django_db


def test_reminders_go_on_reminder_days_to_boards_that_have_not_submitted(
    consultation, bengt, greta
):
    invitation = consulting.invitation_of(consultation, uppsala_board())
    consulting.save_answer(
        invitation=invitation, item_kind="assumption", item_code="GA_POWER",
        stance="agree", expected_version=None, by=bengt,
    )  # fmt: skip
    consulting.submit_answers(invitation=invitation, by=bengt)
    mail.outbox.clear()
    week_before = consultation.deadline - datetime.timedelta(days=7)
    summary = consultation_notices.send_reminders(
        consultation=consultation, today=week_before, base_url="https://beredskap.example"
    )
    sent_to = {m.to[0] for m in mail.outbox}
    assert greta.email in sent_to and bengt.email not in sent_to
    letter = next(m for m in mail.outbox if m.to == [greta.email])
    assert "2027.1" in letter.subject and "Länsstyrelsen i Gotlands län" in letter.body
    assert "https://beredskap.example/planning/2027.1/consultation/answers/" in letter.body
    assert summary.sent == len(mail.outbox)
    again = consultation_notices.send_reminders(
        consultation=consultation, today=week_before, base_url="https://beredskap.example"
    )
    assert again.sent == 0 and again.count("already sent") == summary.sent
    not_a_reminder_day = consultation.deadline - datetime.timedelta(days=8)
    quiet = consultation_notices.send_reminders(
        consultation=consultation, today=not_a_reminder_day, base_url="https://x.example"
    )
    assert quiet.outcomes == []


def test_the_daily_command_names_what_it_would_send(consultation, greta, capsys):
    day = (consultation.deadline - datetime.timedelta(days=3)).isoformat()
    call_command("send_consultation_reminders", "--today", day, "--dry-run")
    out = capsys.readouterr().out
    assert "Consultation 2027.1" in out and "would send" in out and "greta" in out
