"""Writing and sending reminders: render each letter, send it once a day, record it.

The calling app decides who hears about what (a `Letter` per person and kind) and owns
its kinds and templates. `deliver` sends the letters over one connection (Django's
`MAILERS["default"]`) and records each in a `SentReminder` as "<namespace>.<kind>" about
`scope` on the day: a letter already recorded that day is not sent again, and a failed
send leaves no row, so the next run retries it. The caller leaves the audit event of a
run (this app imports no other, `audit` included).
"""

import contextlib
import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core import mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import SentReminder

logger = logging.getLogger(__name__)

EMAIL_LANGUAGE = "sv"


class Result:
    SENT = "sent"
    DRY_RUN = "would send"
    ALREADY_SENT = "already sent"
    FAILED = "failed"


@dataclass
class Letter:
    """One e-mail to one person: a kind of reminder and what its template shows."""

    user: AbstractBaseUser
    kind: str
    context: dict[str, Any]
    subject: str = ""
    body: str = ""

    def outcome(self, result: str) -> "Outcome":
        return Outcome(self.user.username, self.user.email, self.kind, self.subject, result)


@dataclass(frozen=True)
class Outcome:
    username: str
    email: str
    kind: str
    subject: str
    result: str


@dataclass
class ReminderSummary:
    year: int
    today: datetime.date
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, result: str) -> int:
        return sum(o.result == result for o in self.outcomes)

    def kinds(self, result: str) -> dict[str, int]:
        return dict(Counter(o.kind for o in self.outcomes if o.result == result))

    @property
    def sent(self) -> int:
        return self.count(Result.SENT)

    @property
    def failed(self) -> int:
        return self.count(Result.FAILED)

    def line(self, head: str) -> str:
        """One line for a command's output: what was sent (or would be), per kind."""

        def counts(result: str) -> str:
            kinds = self.kinds(result)
            detail = ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            return f"{sum(kinds.values())}" + (f" ({detail})" if detail else "")

        head = f"{head}, {self.today.isoformat()}"
        already = f"already sent today {counts(Result.ALREADY_SENT)}"
        if self.dry_run:
            return f"{head}: dry run, would send {counts(Result.DRY_RUN)}, {already}."
        failed = f", failed {self.failed}" if self.failed else ""
        return f"{head}: sent {counts(Result.SENT)}, {already}{failed}."


def render(letter: Letter, template_dir: str) -> None:
    """Write the letter's subject and body in Swedish from `<template_dir>/<kind>*.txt`."""
    context = letter.context | {"name": letter.user.get_full_name() or letter.user.username}
    with translation.override(EMAIL_LANGUAGE):
        subject = render_to_string(f"{template_dir}/{letter.kind}_subject.txt", context)
        letter.subject = " ".join(subject.split())
        letter.body = render_to_string(f"{template_dir}/{letter.kind}.txt", context)


def deliver(
    letters: list[Letter],
    *,
    namespace: str,
    scope: str,
    today: datetime.date,
    dry_run: bool,
    template_dir: str = "",
) -> list[Outcome]:
    """Send each letter not recorded today, over one connection; report every letter.
    With `template_dir`, each letter is first written from the app's templates there."""
    for letter in letters if template_dir else ():
        render(letter, template_dir)
    done = set(
        SentReminder.objects.filter(
            scope=scope, sent_on=today, kind__startswith=f"{namespace}."
        ).values_list("user_id", "kind")
    )

    def already_sent(letter: Letter) -> bool:
        return (letter.user.pk, f"{namespace}.{letter.kind}") in done

    to_send = not dry_run and any(not already_sent(letter) for letter in letters)
    outcomes = []
    with mail.mailers.default if to_send else contextlib.nullcontext() as mailer:
        for letter in letters:
            if already_sent(letter):
                result = Result.ALREADY_SENT
            elif dry_run:
                result = Result.DRY_RUN
            else:
                result = send(letter, mailer, namespace=namespace, scope=scope, today=today)
            outcomes.append(letter.outcome(result))
    return outcomes


def send(letter: Letter, mailer, *, namespace: str, scope: str, today: datetime.date) -> str:
    """Record and send one letter together: a failed send leaves no record, so a re-run
    retries; a record another run made meanwhile means it is already sent."""
    message = mail.EmailMessage(letter.subject, letter.body, to=[letter.user.email])
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                user=letter.user, kind=f"{namespace}.{letter.kind}", scope=scope, sent_on=today
            )
            mailer.send_messages([message])
    except IntegrityError:  # another run sent it meanwhile
        return Result.ALREADY_SENT
    except OSError:  # smtplib errors are OSErrors
        logger.exception("Reminder %s to %s could not be sent", letter.kind, letter.user.email)
        return Result.FAILED
    return Result.SENT
