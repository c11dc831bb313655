"""Opening a survey round, and pre-filling its drafts with last year's answers.

A round gets a draft response for every municipality when it opens. Pre-filling copies
last year's approved answers to the questions that did not change, marked until the
municipality confirms them, so a respondent starts from what was true last year.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.catalogue.models import Edition, Question
from beredskap.registry.models import Municipality

from ..models import Answer, AnswerRevision, Response, Round
from ..structure import edition_questions, slots

Status = Response.Status


@transaction.atomic
def open_round(
    *,
    year: int,
    edition: Edition,
    opens_on: datetime.date,
    deadline: datetime.date,
    by,
    measurement_date: datetime.date | None = None,
) -> Round:
    """Open the survey round of `year` and create a draft response for every municipality."""
    if Round.objects.filter(year=year).exists():
        raise ValidationError(_("A round for %(year)s already exists.") % {"year": year})
    if deadline < opens_on:
        raise ValidationError(_("The deadline cannot be before the opening date."))
    survey_round = Round.objects.create(
        year=year,
        edition=edition,
        opens_on=opens_on,
        measurement_date=measurement_date or datetime.date(year, 2, 1),
        deadline=deadline,
        status=Round.Status.OPEN,
    )
    Response.objects.bulk_create(
        Response(round=survey_round, municipality=m) for m in Municipality.objects.all()
    )
    audit.record(actor=by, action="round.opened", target=survey_round, edition=edition.year)
    return survey_round


def _same_question(old: Question, new: Question) -> bool:
    return (old.kind, old.text_sv, old.choices, old.min_value, old.max_value) == (
        new.kind,
        new.text_sv,
        new.choices,
        new.min_value,
        new.max_value,
    )


def _prefill_copies(response: Response, old_answers, current: dict[str, Question], valid) -> list:
    """Unsaved copies of last year's answers whose question is unchanged, marked pre-filled."""
    copies = []
    for old in old_answers:
        new = current.get(old.question.code)
        if new is None or (new.code, old.activity_code) not in valid:
            continue
        if not _same_question(old.question, new):
            continue
        copies.append(
            Answer(
                response=response,
                question=new,
                activity_code=old.activity_code,
                value=old.value,
                evidence_reference=old.evidence_reference,
                evidence_date=old.evidence_date,
                version=1,
                prefilled=True,
            )
        )
    return copies


def _store_prefill(copies: list[Answer]) -> None:
    Answer.objects.bulk_create(copies, batch_size=1000)
    AnswerRevision.objects.bulk_create(
        (
            AnswerRevision(
                answer=a,
                version=1,
                value=a.value,
                evidence_reference=a.evidence_reference,
                evidence_date=a.evidence_date,
                source=Answer.Source.PREFILL,
            )
            for a in copies
        ),
        batch_size=1000,
    )


def _current_slots(edition: Edition) -> tuple[dict[str, Question], set[tuple[str, str]]]:
    current = {q.code: q for q in edition_questions(edition)}
    return current, {(s.question.code, s.activity_code) for s in slots(list(current.values()))}


@transaction.atomic
def prefill_response(*, response: Response, by=None) -> int:
    """Copy last year's approved answers to unchanged questions, marked until confirmed."""
    previous = (
        Response.objects.filter(
            municipality=response.municipality,
            round__year__lt=response.round.year,
            status=Status.APPROVED,
        )
        .order_by("-round__year")
        .first()
    )
    if previous is None or response.status != Status.DRAFT or response.answers.exists():
        return 0
    current, valid = _current_slots(response.round.edition)
    old = previous.answers.select_related("question").exclude(value__isnull=True)
    copies = _prefill_copies(response, old, current, valid)
    _store_prefill(copies)
    if copies:
        audit.record(
            actor=by,
            action="response.prefilled",
            target=response,
            answers=len(copies),
            source_year=previous.round.year,
        )
    return len(copies)


@transaction.atomic
def prefill_round(*, survey_round: Round, by=None) -> int:
    """Pre-fill every untouched draft of the round from the previous round's approved answers."""
    previous = Round.objects.filter(year__lt=survey_round.year).order_by("-year").first()
    if previous is None:
        return 0
    current, valid = _current_slots(survey_round.edition)
    old_by_municipality: dict[int, list[Answer]] = {}
    old_answers = (
        Answer.objects.filter(response__round=previous, response__status=Status.APPROVED)
        .exclude(value__isnull=True)
        .select_related("question", "response")
    )
    for old in old_answers:
        old_by_municipality.setdefault(old.response.municipality_id, []).append(old)
    copies = []
    drafts = survey_round.responses.with_progress().filter(progress_status="not_started")
    for response in drafts:
        copies += _prefill_copies(
            response, old_by_municipality.get(response.municipality_id, []), current, valid
        )
    _store_prefill(copies)
    filled = len({a.response_id for a in copies})
    audit.record(
        actor=by,
        action="round.prefilled",
        target=survey_round,
        responses=filled,
        answers=len(copies),
        source_year=previous.year,
    )
    return filled
