"""Every change of state in the survey: rounds, answers, and the review workflow.

Each function takes keyword-only arguments with `by=user`, runs in a transaction and
leaves an audit row. Views, the spreadsheet import, the API, commands and tests all
call these functions, so the same rules hold on every route.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.catalogue.models import Edition, Question
from beredskap.registry import access
from beredskap.registry.models import Municipality

from . import validation
from .models import Answer, AnswerRevision, Response, Round

Status = Response.Status


class ConcurrentEdit(Exception):
    """Someone saved the answer after this person loaded it; nothing was written."""

    def __init__(self, current: Answer, attempted: Any):
        self.current = current
        self.attempted = attempted
        super().__init__("The answer was changed by someone else.")


class Locked(ValidationError):
    """The response (or this question of it) cannot be changed now."""


@dataclass(frozen=True)
class Slot:
    """One answer's place: a question, and an activity ('' for the municipality as a whole)."""

    question: Question
    activity_code: str = ""


# --- rounds ------------------------------------------------------------------------


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


# --- answers -----------------------------------------------------------------------


def _editable(response: Response, answer: Answer | None) -> None:
    if response.status == Status.DRAFT:
        return
    if response.status == Status.RETURNED and answer is not None and answer.reopened:
        return
    if response.status == Status.RETURNED:
        raise Locked(_("Only the questions the county board returned can be changed."))
    raise Locked(
        _("The response is %(status)s and locked.") % {"status": response.get_status_display()}
    )


def _lock_answer(response: Response, slot: Slot) -> Answer:
    """The answer row for `slot`, locked for update; created empty if missing."""
    lookup = {"response": response, "question": slot.question, "activity_code": slot.activity_code}
    answer = Answer.objects.select_for_update().filter(**lookup).first()
    if answer is None:
        try:
            with transaction.atomic():
                answer = Answer.objects.create(**lookup)
        except IntegrityError:  # created by a concurrent first save
            answer = Answer.objects.select_for_update().get(**lookup)
    return answer


def check_slot(slot: Slot, response: Response | None = None) -> None:
    """Refuse a slot its question does not have, or a question of another edition."""
    if response is not None and slot.question.edition_id != response.round.edition_id:
        raise ValidationError(
            _("Question %(code)s is not part of this survey.") % {"code": slot.question.code}
        )
    activities = {a.code for a in slot.question.activities.all()}
    if (slot.activity_code or activities) and slot.activity_code not in activities:
        raise ValidationError(
            _("Question %(code)s is not asked for activity %(activity)s.")
            % {"code": slot.question.code, "activity": slot.activity_code or "-"}
        )


@transaction.atomic
def save_answer(
    *,
    response: Response,
    slot: Slot,
    value: Any,
    expected_version: int,
    by,
    comment: str = "",
    evidence_reference: str = "",
    evidence_date: datetime.date | None = None,
    source: str = Answer.Source.FORM,
) -> Answer:
    """Validate and save one answer as a new revision.

    Raises `validation.Invalid` for a bad value, `Locked` when the response or question
    cannot be changed, and `ConcurrentEdit` when `expected_version` is stale.
    """
    if not access.may_edit_answers(by, response):
        raise PermissionDenied
    check_slot(slot, response)
    cleaned = validation.clean_value(validation.Rule.of(slot.question), value)
    response = Response.objects.select_for_update().get(pk=response.pk)
    answer = _lock_answer(response, slot)
    _editable(response, answer)
    if answer.version != expected_version:
        raise ConcurrentEdit(current=answer, attempted=cleaned)
    answer.value = cleaned
    answer.comment = comment.strip()
    answer.evidence_reference = evidence_reference.strip()
    answer.evidence_date = evidence_date
    answer.version += 1
    answer.prefilled = source == Answer.Source.PREFILL
    answer.updated_by = by if getattr(by, "is_authenticated", False) else None
    answer.save()
    AnswerRevision.objects.create(
        answer=answer,
        version=answer.version,
        value=cleaned,
        comment=answer.comment,
        evidence_reference=answer.evidence_reference,
        evidence_date=evidence_date,
        source=source,
        created_by=answer.updated_by,
    )
    Response.objects.filter(pk=response.pk).update(last_activity_at=timezone.now())
    return answer


def answers_by_activity(response: Response, answers=None) -> dict[str, dict[str, Any]]:
    """{activity_code: {question_code: value}}; municipality-wide answers under ''."""
    grouped: dict[str, dict[str, Any]] = {}
    for answer in answers if answers is not None else response.answers.select_related("question"):
        grouped.setdefault(answer.activity_code, {})[answer.question.code] = answer.value
    return grouped


def values_for(grouped: dict[str, dict[str, Any]], activity_code: str) -> dict[str, Any]:
    """The answers a condition sees for one activity: its own plus municipality-wide ones."""
    return {**grouped.get("", {}), **grouped.get(activity_code, {})}


def edition_questions(edition: Edition) -> list[Question]:
    """The edition's questions with their activities and areas, in two queries."""
    return list(
        edition.questions.select_related("area")
        .prefetch_related("activities")
        .order_by("position")
    )


def slots(questions: list[Question]) -> list[Slot]:
    """Every answer place of a questionnaire, in order."""
    result = []
    for question in questions:
        codes = [a.code for a in question.activities.all()] or [""]
        result.extend(Slot(question, code) for code in codes)
    return result


@dataclass(frozen=True)
class Problem:
    slot: Slot
    message: str


def problems_before_submit(response: Response) -> list[Problem]:
    """What stops a submission: missing required answers, contradictions, unconfirmed pre-fills."""
    questions = edition_questions(response.round.edition)
    answers = {
        (a.question_id, a.activity_code): a for a in response.answers.select_related("question")
    }
    grouped = answers_by_activity(response, answers.values())
    problems = []
    for slot in slots(questions):
        rule = validation.Rule.of(slot.question)
        answer = answers.get((slot.question.pk, slot.activity_code))
        value = answer.value if answer else None
        seen = values_for(grouped, slot.activity_code)
        asked = validation.is_asked(rule, seen)
        if value is None and rule.required and asked is not False:
            problems.append(Problem(slot, _("An answer is missing.")))
        elif message := validation.consistency_problem(rule, value, seen):
            problems.append(Problem(slot, message))
        elif answer is not None and answer.prefilled:
            problems.append(Problem(slot, _("Confirm or change last year's answer.")))
    return problems


def _transition(response: Response, allowed: tuple[str, ...], *, permitted, by) -> Response:
    """The response re-read and locked; refused unless `permitted(by, it)` and its status fits."""
    locked = (
        Response.objects.select_for_update()
        .select_related("municipality__county", "round__edition")
        .get(pk=response.pk)
    )
    if not permitted(by, locked):
        raise PermissionDenied
    if locked.status not in allowed:
        raise ValidationError(
            _("A response that is %(status)s cannot be changed that way.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def submit_response(*, response: Response, by) -> Response:
    """The municipal approver sends the response to the county board; it is then locked."""
    response = _transition(
        response, (Status.DRAFT, Status.RETURNED), permitted=access.may_submit, by=by
    )
    if problems := problems_before_submit(response):
        raise ValidationError(
            _("The response cannot be submitted: %(count)s question(s) need attention.")
            % {"count": len(problems)}
        )
    resubmitted = response.status == Status.RETURNED
    now = timezone.now()
    response.status = Status.SUBMITTED
    response.submitted_at = now
    response.first_submitted_at = response.first_submitted_at or now
    response.last_activity_at = now
    response.save()
    response.answers.filter(reopened=True).update(reopened=False)
    action = "response.resubmitted" if resubmitted else "response.submitted"
    audit.record(actor=by, action=action, target=response)
    return response


@transaction.atomic
def return_response(
    *, response: Response, by, comment: str, items: list[tuple[Slot, str]]
) -> Response:
    """The county reviewer returns a submitted response; only the listed questions reopen."""
    response = _transition(response, (Status.SUBMITTED,), permitted=access.may_review, by=by)
    if not comment.strip() and not items:
        raise ValidationError(_("Say what needs to be completed."))
    if not items:
        raise ValidationError(_("Choose at least one question to return."))
    reopened = []
    for slot, note in items:
        check_slot(slot)
        answer = _lock_answer(response, slot)
        answer.reopened = True
        answer.review_comment = note.strip()
        answer.save(update_fields=["reopened", "review_comment", "updated_at"])
        reopened.append(
            {"question": slot.question.code, "activity": slot.activity_code, "comment": note}
        )
    response.status = Status.RETURNED
    response.return_comment = comment.strip()
    response.last_activity_at = timezone.now()
    response.save()
    audit.record(
        actor=by, action="response.returned", target=response, comment=comment, questions=reopened
    )
    return response


@transaction.atomic
def approve_response(*, response: Response, by) -> Response:
    """The county reviewer approves a submitted response; it is locked for good."""
    response = _transition(response, (Status.SUBMITTED,), permitted=access.may_review, by=by)
    response.status = Status.APPROVED
    response.approved_at = response.last_activity_at = timezone.now()
    response.save()
    audit.record(actor=by, action="response.approved", target=response)
    return response


@transaction.atomic
def reopen_response(*, response: Response, by, reason: str) -> Response:
    """The national analyst reopens an approved response as a draft, with a reason."""
    if not reason.strip():
        raise ValidationError(_("Give a reason for reopening."))
    response = _transition(response, (Status.APPROVED,), permitted=access.may_reopen, by=by)
    response.status = Status.DRAFT
    response.approved_at = None
    response.last_activity_at = timezone.now()
    response.save()
    audit.record(actor=by, action="response.reopened", target=response, reason=reason)
    return response


def _same_question(old: Question, new: Question) -> bool:
    return (old.kind, old.text_sv, old.choices, old.min_value, old.max_value) == (
        new.kind,
        new.text_sv,
        new.choices,
        new.min_value,
        new.max_value,
    )


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
    current = {q.code: q for q in edition_questions(response.round.edition)}
    valid = {(s.question.code, s.activity_code) for s in slots(list(current.values()))}
    copied = 0
    for old in previous.answers.select_related("question").exclude(value=None):
        new = current.get(old.question.code)
        if new is None or (new.code, old.activity_code) not in valid:
            continue
        if not _same_question(old.question, new):
            continue
        answer = Answer.objects.create(
            response=response,
            question=new,
            activity_code=old.activity_code,
            value=old.value,
            evidence_reference=old.evidence_reference,
            evidence_date=old.evidence_date,
            version=1,
            prefilled=True,
        )
        AnswerRevision.objects.create(
            answer=answer,
            version=1,
            value=old.value,
            evidence_reference=old.evidence_reference,
            evidence_date=old.evidence_date,
            source=Answer.Source.PREFILL,
        )
        copied += 1
    if copied:
        audit.record(
            actor=by,
            action="response.prefilled",
            target=response,
            answers=copied,
            source_year=previous.round.year,
        )
    return copied
