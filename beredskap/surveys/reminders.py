"""Reminders for an open survey round, sent daily by `beredskap send_reminders`.

Municipal users (respondents and approvers with an e-mail address) hear about their own
municipalities' responses only: the deadline while a response is not started or a draft
(approvers of a complete draft get "ready to submit" instead), and the county board's
comment while it is returned. After the deadline each county reviewer also gets one digest
of the county's municipalities that have not submitted. A `Reminder` row per person, kind
and day makes a second run on the same day send nothing new.

The schedule (`is_reminder_day`) and the writing and sending (`Letter`, `render`,
`deliver`, `send`, `Result`, `Outcome`, `ReminderSummary`) are shared: the reporting
app's deadline reminders (`reporting.reminders`) use them too.
"""

import contextlib
import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core import mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from beredskap import audit
from beredskap.registry.models import Membership, Organisation, Role, User

from . import services
from .models import Answer, Reminder, Response, Round

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
EMAIL_LANGUAGE = "sv"
NOT_SUBMITTED = ("not_started", "draft", "returned")
STATUS_LABELS = {
    "not_started": _("Not started"),
    "draft": _("Draft"),
    "returned": _("Returned"),
}


class Result:
    SENT = "sent"
    DRY_RUN = "would send"
    ALREADY_SENT = "already sent"
    FAILED = "failed"


@dataclass
class Letter:
    """One e-mail to one person: a kind of reminder and what its template shows."""

    user: User
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


#: Days before the deadline when municipalities are reminded; after it, the day after and
#: then weekly. Daily e-mail for two months would teach people to ignore them.
DAYS_BEFORE_DEADLINE = (21, 14, 7, 3, 1, 0)
WEEKLY_AFTER_DEADLINE = 7


def is_reminder_day(today: datetime.date, deadline: datetime.date) -> bool:
    days_left = (deadline - today).days
    if days_left >= 0:
        return days_left in DAYS_BEFORE_DEADLINE
    return (-days_left) % WEEKLY_AFTER_DEADLINE == 1


def send_reminders(
    *, survey_round: Round, today: datetime.date, base_url: str, dry_run: bool = False
) -> ReminderSummary:
    """E-mail today's reminders for an open round; with `dry_run`, only say what would go."""
    if survey_round.status != Round.Status.OPEN:
        raise ValueError(f"Round {survey_round.year} is not open.")
    summary = ReminderSummary(year=survey_round.year, today=today, dry_run=dry_run)
    if today < survey_round.opens_on or not is_reminder_day(today, survey_round.deadline):
        return summary
    base_url = base_url.rstrip("/")
    responses = _responses(survey_round)
    letters = _municipal_letters(survey_round, responses, today=today, base_url=base_url)
    if today > survey_round.deadline:
        letters += _digests(survey_round, responses, base_url=base_url)
    for letter in letters:
        render(letter)
    summary.outcomes = _deliver(letters, survey_round=survey_round, today=today, dry_run=dry_run)
    if summary.sent:
        audit.record(
            actor=None,
            action="reminders.sent",
            target=survey_round,
            on=today.isoformat(),
            sent=summary.kinds(Result.SENT),
            failed=summary.failed,
        )
    return summary


# --- who hears about what -------------------------------------------------------------


def _responses(survey_round: Round) -> list[Response]:
    """Every response of the round with `progress_status`: not_started, draft, returned, …"""
    return list(
        survey_round.responses.select_related("municipality__county")
        .with_progress()
        .order_by("municipality__code")
    )


def _recipients(role_names, organisation_kind) -> list[Membership]:
    """Memberships with these roles of active users with an e-mail address, in one query."""
    return list(
        Membership.objects.filter(
            role__in=role_names,
            organisation__kind=organisation_kind,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user", "organisation")
        .order_by("user__username", "organisation__name")
    )


def _municipal_letters(
    survey_round: Round, responses: list[Response], *, today: datetime.date, base_url: str
) -> list[Letter]:
    """One letter per person and kind, listing only that person's own municipalities."""
    by_municipality = {r.municipality_id: r for r in responses}
    memberships = _recipients((Role.RESPONDENT, Role.APPROVER), Organisation.Kind.MUNICIPALITY)
    approved_by = defaultdict(set)  # municipality id -> ids of its approvers
    for m in memberships:
        if m.role == Role.APPROVER:
            approved_by[m.organisation.municipality_id].add(m.user_id)
    ready = _complete_drafts(survey_round, responses, set(approved_by))
    letters: dict[tuple[int, str], Letter] = {}
    seen: set[tuple[int, int]] = set()
    for m in memberships:
        response = by_municipality.get(m.organisation.municipality_id)
        if response is None or (m.user_id, response.pk) in seen:
            continue
        seen.add((m.user_id, response.pk))
        is_approver = m.user_id in approved_by[response.municipality_id]
        kind = _kind(response, approver=is_approver, ready=response.pk in ready)
        if kind is None:
            continue
        letter = letters.get((m.user_id, kind))
        if letter is None:
            letter = letters[(m.user_id, kind)] = Letter(
                m.user, kind, _round_context(survey_round, today) | {"items": []}
            )
        letter.context["items"].append(_item(response, year=survey_round.year, base_url=base_url))
    return list(letters.values())


def _kind(response: Response, *, approver: bool, ready: bool) -> str | None:
    if response.progress_status == "returned":
        return Kind.RETURNED
    if response.progress_status in ("not_started", "draft"):
        return Kind.READY if approver and ready else Kind.DEADLINE
    return None  # submitted or approved: nothing to do


def _complete_drafts(
    survey_round: Round, responses: list[Response], municipality_ids: set[int]
) -> set[int]:
    """Ids of the drafts (of these municipalities) that could be submitted as they are."""
    drafts = [
        r
        for r in responses
        if r.progress_status == "draft" and r.municipality_id in municipality_ids
    ]
    if not drafts:
        return set()
    questions = services.edition_questions(survey_round.edition)
    answers = defaultdict(list)
    for answer in Answer.objects.filter(response__in=drafts).select_related("question"):
        answers[answer.response_id].append(answer)
    return {
        r.pk
        for r in drafts
        if not services.problems_before_submit(r, questions=questions, answers=answers[r.pk])
    }


def _digests(survey_round: Round, responses: list[Response], *, base_url: str) -> list[Letter]:
    """One digest per county reviewer: the own county's municipalities that have not submitted."""
    waiting = defaultdict(list)  # county id -> its responses not submitted
    for response in responses:
        if response.progress_status in NOT_SUBMITTED:
            waiting[response.municipality.county_id].append(response)
    users, reviewed = {}, defaultdict(set)  # user id -> user, ids of the reviewed counties
    for m in _recipients((Role.REVIEWER,), Organisation.Kind.COUNTY_BOARD):
        users[m.user_id] = m.user
        reviewed[m.user_id].add(m.organisation.county_id)
    letters = []
    for user_id, county_ids in reviewed.items():
        sections = [
            _county_section(waiting[c], year=survey_round.year, base_url=base_url)
            for c in county_ids
            if waiting[c]
        ]
        if sections:
            sections.sort(key=lambda s: s["county"].code)
            context = _round_context(survey_round, None) | {
                "sections": sections,
                "count": sum(len(s["items"]) for s in sections),
            }
            letters.append(Letter(users[user_id], Kind.DIGEST, context))
    return letters


def _county_section(responses: list[Response], *, year: int, base_url: str) -> dict[str, Any]:
    county = responses[0].municipality.county
    board = reverse("surveys:board", kwargs={"year": year})
    return {
        "county": county,
        "items": [_item(r, year=year, base_url=base_url) for r in responses],
        "url": f"{base_url}{board}?county={county.code}",
    }


def _round_context(survey_round: Round, today: datetime.date | None) -> dict[str, Any]:
    context = {"year": survey_round.year, "deadline": survey_round.deadline}
    if today is not None:
        context["days_left"] = (survey_round.deadline - today).days
    return context


def _item(response: Response, *, year: int, base_url: str) -> dict[str, Any]:
    """What a reminder shows of one response."""
    path = reverse("surveys:response", kwargs={"year": year, "code": response.municipality.code})
    return {
        "municipality": response.municipality,
        "status": STATUS_LABELS[response.progress_status],
        "return_comment": response.return_comment,
        "last_activity_at": response.last_activity_at,
        "url": base_url + path,
    }


# --- writing and sending (shared with the reporting deadlines' reminders) ----------------


def render(letter: Letter, template_dir: str = "surveys/email") -> None:
    """Write the letter's subject and body in Swedish from `<template_dir>/<kind>*.txt`."""
    context = letter.context | {"name": letter.user.get_full_name() or letter.user.username}
    with translation.override(EMAIL_LANGUAGE):
        subject = render_to_string(f"{template_dir}/{letter.kind}_subject.txt", context)
        letter.subject = " ".join(subject.split())
        letter.body = render_to_string(f"{template_dir}/{letter.kind}.txt", context)


def deliver(
    letters: list[Letter],
    *,
    already_sent: set[tuple[int, str]],
    record: Callable[[Letter], Any],
    dry_run: bool,
) -> list[Outcome]:
    """Send each letter whose (user id, kind) is not in `already_sent`, over one connection;
    report every letter. `record(letter)` writes the row that marks it sent (see `send`)."""
    to_send = not dry_run and any((x.user.pk, x.kind) not in already_sent for x in letters)
    outcomes = []
    with mail.mailers.default if to_send else contextlib.nullcontext() as mailer:
        for letter in letters:
            if (letter.user.pk, letter.kind) in already_sent:
                result = Result.ALREADY_SENT
            elif dry_run:
                result = Result.DRY_RUN
            else:
                result = send(letter, mailer, record=record)
            outcomes.append(letter.outcome(result))
    return outcomes


def send(letter: Letter, mailer, *, record: Callable[[Letter], Any]) -> str:
    """Record and send one letter together: a failed send leaves no record, so a re-run
    retries. `record` must raise IntegrityError when another run recorded it meanwhile."""
    message = mail.EmailMessage(letter.subject, letter.body, to=[letter.user.email])
    try:
        with transaction.atomic():
            record(letter)
            mailer.send_messages([message])
    except IntegrityError:  # another run sent it meanwhile
        return Result.ALREADY_SENT
    except OSError:  # smtplib errors are OSErrors
        logger.exception("Reminder %s to %s could not be sent", letter.kind, letter.user.email)
        return Result.FAILED
    return Result.SENT


def _deliver(
    letters: list[Letter], *, survey_round: Round, today: datetime.date, dry_run: bool
) -> list[Outcome]:
    done = set(
        Reminder.objects.filter(round=survey_round, sent_on=today).values_list("user_id", "kind")
    )
    return deliver(
        letters, already_sent=done, record=_recorder(survey_round, today), dry_run=dry_run
    )


def _send(letter: Letter, mailer, *, survey_round: Round, today: datetime.date) -> str:
    return send(letter, mailer, record=_recorder(survey_round, today))


def _recorder(survey_round: Round, today: datetime.date) -> Callable[[Letter], Any]:
    def record(letter: Letter) -> Reminder:
        return Reminder.objects.create(
            round=survey_round, user=letter.user, kind=letter.kind, sent_on=today
        )

    return record
