"""The sending core: letters written from an app's templates, sent once a day, recorded.

The calling apps' own stories (who is reminded of what) are in `surveys/tests/
test_reminders.py` and `reporting/tests/test_deadline_reminders.py`.
"""

import datetime
import smtplib

import pytest
from django.core.mail.backends.locmem import EmailBackend

from beredskap.notices.models import SentReminder
from beredskap.notices.services import Letter, Result, deliver, render, send

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 5)
SCOPE = "round:2025"


def letters(*users) -> list[Letter]:
    return [Letter(user, "deadline", {}, subject="s", body="b") for user in users]


def run(*users, today=DAY, scope=SCOPE, dry_run=False) -> list[str]:
    outcomes = deliver(
        letters(*users), namespace="survey", scope=scope, today=today, dry_run=dry_run
    )
    return [o.result for o in outcomes]


def recorded() -> set[tuple[str, str, str, datetime.date]]:
    return {
        (r.user.username, r.kind, r.scope, r.sent_on)
        for r in SentReminder.objects.select_related("user")
    }


@pytest.fixture
def templates(settings):
    """Two letters' templates, as an app keeps them in its `<template_dir>`."""
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "letters/deadline_subject.txt": "Reminder:\n  {{ year }}\n",
                            "letters/deadline.txt": (
                                '{% load i18n %}{{ name }}: {% translate "Draft" %}'
                            ),
                        },
                    )
                ]
            },
        }
    ]


def test_a_letter_is_written_in_swedish_from_the_apps_templates(anna, templates):
    letter = Letter(anna, "deadline", {"year": 2025})
    render(letter, "letters")
    assert letter.subject == "Reminder: 2025"  # on one line
    assert letter.body == "Anna: Utkast"


def test_a_sent_letter_is_recorded_with_the_apps_kind_and_scope(anna, mailoutbox):
    assert run(anna) == [Result.SENT]
    assert [m.to for m in mailoutbox] == [[anna.email]]
    assert recorded() == {("anna", "survey.deadline", SCOPE, DAY)}


def test_running_again_the_same_day_sends_nothing_new(anna, alva, mailoutbox):
    assert run(anna) == [Result.SENT]
    assert run(anna, alva) == [Result.ALREADY_SENT, Result.SENT]
    assert len(mailoutbox) == 2 and SentReminder.objects.count() == 2
    assert run(anna, today=DAY + datetime.timedelta(days=7)) == [Result.SENT]
    assert run(anna, scope="round:2026") == [Result.SENT]  # about something else
    assert len(mailoutbox) == 4


def test_a_dry_run_sends_and_records_nothing(anna, mailoutbox):
    assert run(anna, dry_run=True) == [Result.DRY_RUN]
    assert mailoutbox == [] and not SentReminder.objects.exists()


def test_a_failed_send_leaves_no_record_and_the_next_run_retries(anna, monkeypatch, mailoutbox):
    def refuse(self, messages):
        raise smtplib.SMTPRecipientsRefused({anna.email: (550, b"No such user")})

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse)
        assert run(anna) == [Result.FAILED]
    assert not SentReminder.objects.exists()
    assert run(anna) == [Result.SENT]
    assert len(mailoutbox) == 1


def test_a_reminder_another_run_sent_meanwhile_is_not_sent_again(anna, mailoutbox):
    """Two servers running the job at once: the unique constraint lets one of them send."""
    day = datetime.date(2025, 3, 5)
    SentReminder.objects.create(user=anna, kind="survey.deadline", scope=SCOPE, sent_on=day)
    letter = Letter(anna, "deadline", {}, subject="s", body="b")
    result = send(letter, EmailBackend(), namespace="survey", scope=SCOPE, today=day)
    assert result == Result.ALREADY_SENT
    assert mailoutbox == [] and SentReminder.objects.count() == 1
