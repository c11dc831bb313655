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

from . import signals, validation
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
    cannot be changed, and `ConcurrentEdit` when `expected_version` is stale and the save
    would change what another save stored meanwhile (a stale save of the same content is a
    no-op, so two windows agreeing never see a conflict).
    """
    if not access.may_edit_answers(by, response):
        raise PermissionDenied
    check_slot(slot, response)
    cleaned = validation.clean_value(validation.Rule.of(slot.question), value)
    response = Response.objects.select_for_update().get(pk=response.pk)
    answer = _lock_answer(response, slot)
    _editable(response, answer)
    if answer.version != expected_version:
        if _same(answer, cleaned, comment, evidence_reference, evidence_date):
            return answer  # e.g. an autosave racing the area's save button: nothing to lose
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


def _same(answer: Answer, value, comment: str, reference: str, date) -> bool:
    """Whether a stale save would write exactly what is already stored."""
    return (answer.value, answer.comment, answer.evidence_reference, answer.evidence_date) == (
        value,
        comment.strip(),
        reference.strip(),
        date,
    )


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


def problems_before_submit(
    response: Response,
    *,
    questions: list[Question] | None = None,
    answers: list[Answer] | None = None,
) -> list[Problem]:
    """What stops a submission: missing required answers, contradictions, unconfirmed pre-fills.

    Checking many responses, pass the edition's `questions` (from `edition_questions`) and
    each response's `answers` (with their questions) read in bulk.
    """
    if questions is None:
        questions = edition_questions(response.round.edition)
    if answers is None:
        answers = list(response.answers.select_related("question"))
    by_slot = {(a.question_id, a.activity_code): a for a in answers}
    grouped = answers_by_activity(response, by_slot.values())
    problems = []
    for slot in slots(questions):
        rule = validation.Rule.of(slot.question)
        answer = by_slot.get((slot.question.pk, slot.activity_code))
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
    signals.response_approved.send(sender=Response, response=response)
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


# --- spreadsheet import ------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with an imported file: where (sheet, row, column letter) and what."""

    sheet: str
    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    """One answer as read from a file: the raw value, not yet cleaned, and where it was."""

    sheet: str
    row: int
    slot: Slot
    value: Any
    comment: str = ""
    evidence_reference: str = ""
    evidence_date: datetime.date | None = None
    version: int = 0
    value_column: str = ""


class ImportFailed(Exception):
    """Nothing was imported; `problems` lists every row-level problem found."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the imported file.")


IMPORT_ERRORS = (validation.Invalid, ConcurrentEdit, ValidationError, PermissionDenied)


NOTHING_SAVED = (None, "", "", None)


def _stored(answer) -> tuple:
    """What an answer or revision holds, as compared with an imported row."""
    return (answer.value, answer.comment, answer.evidence_reference, answer.evidence_date)


def _as_written(row: ImportRow) -> tuple:
    """The row in its stored form (raises Invalid for a bad value)."""
    cleaned = validation.clean_value(validation.Rule.of(row.slot.question), row.value)
    return (cleaned, row.comment.strip(), row.evidence_reference.strip(), row.evidence_date)


def _import_changes(row: ImportRow, answer: Answer | None) -> bool:
    """Whether the row changes the saved answer.

    A row that still says what the answer said at the row's version was not touched by
    the person importing; someone else's later answer then stands and is not a conflict.
    """
    written = _as_written(row)
    if written == (_stored(answer) if answer else NOTHING_SAVED):
        return False
    if answer is None or row.version in (0, answer.version):
        return True
    downloaded = answer.revisions.filter(version=row.version).first()
    return downloaded is None or written != _stored(downloaded)


def _import_message(exc: Exception) -> str:
    if isinstance(exc, ConcurrentEdit):
        from .templatetags.surveys import answer_label

        return _(
            "Someone else changed this answer after the workbook was downloaded (saved answer: "
            "%(current)s). Download the workbook again and make your change there."
        ) % {"current": answer_label(exc.current.question, exc.current.value)}
    if isinstance(exc, PermissionDenied):
        return _("You may not change this response.")
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _import_row(row: ImportRow, *, response: Response, answer: Answer | None, by) -> bool:
    """Save one row through `save_answer` when it changes something; True when saved."""
    if not _import_changes(row, answer):
        return False
    save_answer(
        response=response,
        slot=row.slot,
        value=row.value,
        expected_version=row.version,
        by=by,
        comment=row.comment,
        evidence_reference=row.evidence_reference,
        evidence_date=row.evidence_date,
        source=Answer.Source.IMPORT,
    )
    return True


@transaction.atomic
def import_answers(
    *,
    response: Response,
    rows: list[ImportRow],
    by,
    problems: list[RowProblem] | tuple[RowProblem, ...] = (),
) -> int:
    """Save every changed row as an import revision, all or nothing; returns how many.

    `problems` are those already found while reading the file: they are reported together
    with the ones found here. When any problem exists, everything is rolled back and
    `ImportFailed` lists them all by sheet, row and column.
    """
    if not access.may_edit_answers(by, response):
        raise PermissionDenied
    response = Response.objects.select_for_update().select_related("round").get(pk=response.pk)
    if response.is_locked:
        try:
            _editable(response, None)
        except Locked as exc:
            raise ImportFailed([RowProblem("", None, "", " ".join(exc.messages))]) from exc
    current = {(a.question_id, a.activity_code): a for a in response.answers.all()}
    found, saved = list(problems), 0
    for row in rows:
        answer = current.get((row.slot.question.pk, row.slot.activity_code))
        try:
            saved += _import_row(row, response=response, answer=answer, by=by)
        except IMPORT_ERRORS as exc:
            found.append(RowProblem(row.sheet, row.row, row.value_column, _import_message(exc)))
    if found:
        raise ImportFailed(found)
    audit.record(actor=by, action="response.imported", target=response, answers=saved)
    return saved
