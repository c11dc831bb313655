"""Reminders for an open survey round, sent daily by `beredskap send_reminders`.

Municipal users (respondents and approvers with an e-mail address) hear about their own
municipalities' responses only: the deadline while a response is not started or a draft
(approvers of a complete draft get "ready to submit" instead), and the county board's
comment while it is returned. After the deadline each county reviewer also gets one digest
of the county's municipalities that have not submitted.

The schedule and the writing and sending are the `notices` app's, shared with every app
that reminds: a record per person, kind ("survey.<kind>") and day about the round
("round:<year>") makes a second run on the same day send nothing new.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beredskap import audit
from beredskap.notices.calculations import is_reminder_day
from beredskap.notices.services import Letter, ReminderSummary, Result, deliver
from beredskap.registry.models import Membership, Organisation, Role

from . import services
from .models import Answer, Response, Round

#: The records' kinds are "survey.<kind>", about "round:<year>".
NAMESPACE = "survey"
TEMPLATE_DIR = "surveys/email"
NOT_SUBMITTED = ("not_started", "draft", "returned")
STATUS_LABELS = {
    "not_started": _("Not started"),
    "draft": _("Draft"),
    "returned": _("Returned"),
}


class Kind(models.TextChoices):
    DEADLINE = "deadline", _("Deadline reminder")
    READY = "ready", _("Ready to submit")
    RETURNED = "returned", _("Returned questions")
    DIGEST = "digest", _("County digest")


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
    summary.outcomes = deliver(
        letters,
        template_dir=TEMPLATE_DIR,
        namespace=NAMESPACE,
        scope=f"round:{survey_round.year}",
        today=today,
        dry_run=dry_run,
    )
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
