"""Saving answers: the one door every write of an answer goes through.

The web form (plain post per area or htmx per field), the spreadsheet import and the
token API all call `save_answer`. It validates with `surveys.validation`, refuses a
locked response or question (`Locked`) and a stale version that would overwrite someone
else's save (`ConcurrentEdit`), and appends an `AnswerRevision`, so every answer keeps its
history. The slot helpers here say where an answer belongs in the questionnaire.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap.catalogue.models import Edition, Question
from beredskap.registry import access

from .. import validation
from ..models import Answer, AnswerRevision, Response

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

    @property
    def activity_name(self) -> str:
        """The activity's name in the active language ('' municipality-wide): people read
        "Särskilt boende för äldre", never the code "sabo"."""
        if not self.activity_code:
            return ""
        found = (a for a in self.question.activities.all() if a.code == self.activity_code)
        return next((a.name for a in found), self.activity_code)


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
        if is_stored(answer, cleaned, comment, evidence_reference, evidence_date):
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
    _append_revision(answer, source)
    Response.objects.filter(pk=response.pk).update(last_activity_at=timezone.now())
    return answer


def _append_revision(answer: Answer, source: str) -> AnswerRevision:
    """The saved answer's new version, kept for good with who saved it and how."""
    return AnswerRevision.objects.create(
        answer=answer,
        version=answer.version,
        value=answer.value,
        comment=answer.comment,
        evidence_reference=answer.evidence_reference,
        evidence_date=answer.evidence_date,
        source=source,
        created_by=answer.updated_by,
    )


def is_stored(answer: Answer | None, value, comment: str, reference: str, date) -> bool:
    """Whether saving this (value already cleaned) would write exactly what is stored: a
    re-sent or stale save of the stored answer is no change and no conflict."""
    stored = (
        (answer.value, answer.comment, answer.evidence_reference, answer.evidence_date)
        if answer
        else (None, "", "", None)
    )
    return stored == (value, comment.strip(), reference.strip(), date)


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
