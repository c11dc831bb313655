"""Reminders and notifications: the two ways any app tells people something.

Reminders (`deliver`) are daily letters about a deadline; notifications (`notify`) tell
people at once that something happened to their work, in the app and by e-mail.

Writing and sending reminders: render each letter, send it once a day, record it.

The calling app decides who hears about what (a `Letter` per person and kind) and owns
its kinds and templates. `deliver` sends the letters over one connection (Django's
`MAILERS["default"]`) and records each in a `SentReminder` as "<namespace>.<kind>" about
`scope` on the day: a letter already recorded that day is not sent again, and a failed
send leaves no row, so the next run retries it. The caller leaves the audit event of a
run (this app imports no other, `audit` included).
"""

import contextlib
import datetime
import functools
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import kinds, tasks
from .models import EmailChoice, Notification, SentReminder

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


# --- notifications ----------------------------------------------------------------------

#: A text to show, or a function that writes it in the language active when it is called.
Text = str | Callable[[], str]


def language_of(user: AbstractBaseUser) -> str:
    """The language to write to this person in: their own if the user model keeps one,
    else the site's (Swedish)."""
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def _write(text: Text) -> str:
    return text() if callable(text) else str(text)


def _people(recipients: Iterable[AbstractBaseUser], by) -> list[AbstractBaseUser]:
    """Each active recipient once, without the person who caused the event."""
    by_id = getattr(by, "pk", None) if getattr(by, "is_authenticated", False) else None
    people = {u.pk: u for u in recipients if u.is_active and u.pk != by_id}
    return [people[pk] for pk in sorted(people)]


@transaction.atomic
def notify(
    *,
    kind: str,
    recipients: Iterable[AbstractBaseUser],
    subject: Text,
    body: Text,
    url: str,
    by=None,
    email: bool = True,
    at: datetime.datetime | None = None,
) -> list[Notification]:
    """Tell each recipient (once; never `by`) about an event, in the app and by e-mail.

    `subject` and `body` may be functions: they are then written once per language of
    the recipients, inside `translation.override`. `url` is the site path of the object.
    E-mail goes to those with an address who have not switched this kind off, enqueued
    for the task worker once the transaction commits (so a rolled-back event sends
    nothing); `email=False` (the demo) writes only the in-app rows. The caller leaves the
    audit row: this app imports no other. Returns the notifications made.
    """
    kinds.get(kind)
    people = _people(recipients, by)
    groups = defaultdict(list)
    for user in people:
        groups[language_of(user)].append(user)
    rows = []
    for language, users in groups.items():
        with translation.override(language):
            title, text = " ".join(_write(subject).split())[:200], _write(body)
        rows += [
            Notification(recipient=u, kind=kind, subject=title, body=text, url=url) for u in users
        ]
    for row in rows:
        row.created_at = at or timezone.now()
    made = Notification.objects.bulk_create(rows)
    if email:
        _queue_emails(made)
    return made


def email_wanted(users: Iterable[AbstractBaseUser], kind: str) -> list[AbstractBaseUser]:
    """Those of `users` with an address who have not switched e-mail off for `kind`."""
    users = [u for u in users if u.email]
    off = set(
        EmailChoice.objects.filter(kind=kind, email=False, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    return [u for u in users if u.pk not in off]


def _queue_emails(made: list[Notification]) -> None:
    if not made:
        return
    wanted = {u.pk for u in email_wanted([n.recipient for n in made], made[0].kind)}
    for notification in made:
        if notification.recipient_id in wanted:
            message = email_message(notification)
            transaction.on_commit(functools.partial(tasks.send_message.enqueue, **message))


def email_message(notification: Notification) -> dict[str, Any]:
    """The e-mail of one notification, in its recipient's language, with full links."""
    user = notification.recipient
    site = settings.SITE_URL.rstrip("/")
    context = {
        "name": user.get_full_name() or user.get_username(),
        "notification": notification,
        "link": site + notification.url,
        "settings_link": site + reverse("notices:settings"),
    }
    with translation.override(language_of(user)):
        body = render_to_string("notices/email.txt", context)
    return {"subject": notification.subject, "body": body, "to": [user.email]}


def mark_read(*, notification: Notification, by) -> Notification:
    """Mark one of `by`'s own notifications read (once: the first reading is kept)."""
    if notification.recipient_id != by.pk:
        raise ValueError("A notification is read only by its recipient.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(*, by) -> int:
    """Mark every unread notification of `by` read; returns how many were unread."""
    return Notification.objects.filter(recipient=by).unread().update(read_at=timezone.now())


@transaction.atomic
def choose_email(*, kinds_by_email: set[str], by) -> None:
    """Keep `by`'s e-mail choice for every registered kind: on for those in the set."""
    for kind in kinds.all_kinds():
        EmailChoice.objects.update_or_create(
            user=by, kind=kind.code, defaults={"email": kind.code in kinds_by_email}
        )


def email_choices(user: AbstractBaseUser) -> list[tuple[kinds.Kind, bool]]:
    """Every registered kind with whether `user` gets it by e-mail (yes unless switched off)."""
    off = set(EmailChoice.objects.filter(user=user, email=False).values_list("kind", flat=True))
    return [(kind, kind.code not in off) for kind in kinds.all_kinds()]
