"""Saving answers: the one door every write of an answer goes through.

The web form (plain post per area or htmx per field), the spreadsheet import and the
token API all call `save_answer`. It validates with `surveys.validation`, refuses a
locked response or question (`Locked`) and a stale version that would overwrite someone
else's save (`ConcurrentEdit`), and appends an `AnswerRevision`, so every answer keeps its
history. The slot helpers here say where an answer belongs in the questionnaire.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access

from .. import asking, structure, validation
from ..models import Answer, AnswerRevision, Response
from ..structure import Slot

Status = Response.Status


class ConcurrentEdit(Exception):
    """Someone saved the answer after this person loaded it; nothing was written."""

    def __init__(self, current: Answer, attempted: Any):
        self.current = current
        self.attempted = attempted
        super().__init__("The answer was changed by someone else.")


class Locked(ValidationError):
    """The response (or this question of it) cannot be changed now."""


class NotAsked(ValidationError):
    """A value for a question the answers it depends on say is not asked."""


@dataclass
class Saved:
    """What one save did: the answer, the answers it made moot (cleared), the values
    that decide what is asked, as they are after the save, and whether the progress
    (answered of asked) can have changed.

    A save of a slot no condition reads or asks (`free`) that neither answers an empty slot
    nor empties an answered one leaves the progress as it was: it does not read the
    deciding values (`values` is then empty) and the questionnaire's count stays."""

    answer: Answer
    cleared: list[Slot] = field(default_factory=list)
    values: dict[tuple[str, str], Any] = field(default_factory=dict)
    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)
    progress_moved: bool = True

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
    return answer if answer is not None else _create(lookup)


def _create(lookup: dict) -> Answer:
    try:
        with transaction.atomic():
            return Answer.objects.create(**lookup)
    except IntegrityError:  # created by a concurrent first save
        return Answer.objects.select_for_update().get(**lookup)


def _lock_deciding(response: Response, slot: Slot, shape) -> tuple[Answer, dict, dict | None]:
    """The slot's answer (created empty if missing), locked, with the answers that decide
    what is asked: ({(question code, activity code): Answer}, {place: value}).

    A slot no condition reads and none asks (most of the questionnaire, and every save in
    the deadline's hour) decides nothing: only its own row is locked, and the deciding
    values are None, read by the caller only if the progress count needs them
    (`deciding_values`). Any other slot locks every deciding answer in one query, so a
    condition and the answers it clears are judged and written from one consistent state."""
    own = Q(question_id=slot.question.pk, activity_code=slot.activity_code)
    free = slot.question.pk not in shape.deciding
    locked = Answer.objects.select_for_update().filter(
        own if free else own | Q(question_id__in=shape.deciding), response=response
    )
    found = {(shape.by_id[a.question_id].code, a.activity_code): a for a in locked}
    key = (slot.question.code, slot.activity_code)
    answer = found.get(key)
    if answer is None:
        lookup = {"response": response, "question": slot.question}
        answer = found[key] = _create({**lookup, "activity_code": slot.activity_code})
    values = None if free else {place: a.value for place, a in found.items()}
    return answer, found, values


def deciding_values(response: Response, shape) -> dict[tuple[str, str], Any]:
    """{(question code, activity code): value} of the answers that decide what is asked."""
    return {
        (shape.by_id[question_id].code, activity): value
        for question_id, activity, value in Answer.objects.filter(
            response=response, question_id__in=shape.deciding
        ).values_list("question_id", "activity_code", "value")
    }


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


def save_answer(**kwargs) -> Answer:
    """Validate and save one answer as a new revision (see `save_answer_outcome`)."""
    return save_answer_outcome(**kwargs).answer


@transaction.atomic
def save_answer_outcome(
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
) -> Saved:
    """Validate and save one answer as a new revision; clear the answers it makes moot.

    Raises `validation.Invalid` for a bad value, `Locked` when the response or question
    cannot be changed, `NotAsked` for a value to a question the answers it depends on say
    is not asked, and `ConcurrentEdit` when `expected_version` is stale and the save
    would change what another save stored meanwhile (a stale save of the same content is a
    no-op, so two windows agreeing never see a conflict). Locks the slot's answer, and the
    answers that decide what is asked when the slot takes part in a condition
    (`_lock_deciding`); the response's last activity is written once a minute at most.
    """
    if not access.may_edit_answers(by, response):
        raise PermissionDenied
    check_slot(slot, response)
    shape, given = structure.of(response.round.edition), response
    cleaned = validation.clean_value(validation.Rule.of(slot.question), value)
    response = _locked(response)
    answer, found, values = _lock_deciding(response, slot, shape)
    _editable(response, answer)
    # A free slot (values None) is asked whatever the answers: nothing to refuse.
    if values is not None and cleaned is not None and asking.asked(slot, values) is False:
        raise NotAsked(asking.refusal(shape, slot))
    if answer.version != expected_version:
        if is_stored(answer, cleaned, comment, evidence_reference, evidence_date):
            # e.g. an autosave racing the save button: nothing written, nothing moved
            return Saved(answer, [], values or {}, found, progress_moved=False)
        raise ConcurrentEdit(current=answer, attempted=cleaned)
    moved = values is not None or (answer.value is None) != (cleaned is None)
    if values is None:
        values = deciding_values(response, shape) if moved else {}
    answer.value = cleaned
    answer.comment = comment.strip()
    answer.evidence_reference = evidence_reference.strip()
    answer.evidence_date = evidence_date
    _write(answer, by, source)
    values[(slot.question.code, slot.activity_code)] = cleaned
    cleared = _clear_moot(given, shape, slot, found, values, by)  # its names are loaded
    _reopen_newly_asked(response, shape, slot, found, values)
    _touch(response)
    return Saved(answer, cleared, values, found, progress_moved=moved)


def _locked(response: Response) -> Response:
    """The response's row, locked against a submission or approval while the answer is
    written; only what the save reads of it (its status, its last activity)."""
    return (
        Response.objects.select_for_update()
        .only("id", "round_id", "municipality_id", "status", "last_activity_at")
        .get(pk=response.pk)
    )


#: How stale a response's "last activity" may be: the status board and the reminders read
#: it to the minute, and rewriting the response's row on every autosave would cost each save
#: an UPDATE (and, on PostgreSQL, a new row version) for nothing.
ACTIVITY_RESOLUTION = datetime.timedelta(minutes=1)


def _touch(response: Response) -> None:
    """Mark the response as worked on now, unless it was within the last minute."""
    now = timezone.now()
    last = response.last_activity_at
    if last is None or now - last >= ACTIVITY_RESOLUTION or last > now:
        Response.objects.filter(pk=response.pk).update(last_activity_at=now)


#: What a save writes of an answer row (its place and the review's marks stay).
WRITTEN = [
    "value",
    "comment",
    "evidence_reference",
    "evidence_date",
    "version",
    "prefilled",
    "updated_by",
    "updated_at",
]


def _write(answer: Answer, by, source: str) -> None:
    answer.version += 1
    answer.prefilled = source == Answer.Source.PREFILL
    answer.updated_by = by if getattr(by, "is_authenticated", False) else None
    answer.save(update_fields=WRITTEN)
    _append_revision(answer, source)


def _clear_moot(response: Response, shape, slot: Slot, found: dict, values: dict, by) -> list:
    """Clear, as revisions, the answers the saved one made moot (no longer asked), so that
    none is left to stop the submission; one audit event names them. No query when there
    is nothing to clear."""
    return _clear(response, asking.affected(shape, slot), found, values, by, because=slot.key)


def _clear(response: Response, places: list, found: dict, values: dict, by, because: str):
    cleared: list[Slot] = []
    while more := asking.moot(places, values):  # a cleared answer may make others moot
        for place in more:
            answer = found[(place.question.code, place.activity_code)]
            answer.value, answer.comment, answer.evidence_reference = None, "", ""
            answer.evidence_date = None
            _write(answer, by, Answer.Source.CLEARED)
            values[(place.question.code, place.activity_code)] = None
        cleared += more
    if cleared:
        audit.record(
            actor=by,
            action="response.answers_cleared",
            target=response,
            because=because,
            answers=[place.key for place in cleared],
        )
    return cleared


def _reopen_newly_asked(response: Response, shape, slot: Slot, found: dict, values) -> None:
    """In a returned response, open the unanswered places a changed answer made asked:
    the county board returned the answer they depend on, and the response could not be
    submitted again without them. No query when there is none."""
    if response.status != Status.RETURNED:
        return
    for place in asking.affected(shape, slot):
        key = (place.question.code, place.activity_code)
        if values.get(key) is not None or asking.asked(place, values) is False:
            continue
        answer = found.get(key)
        if answer is None:
            answer = found[key] = _create({"response": response, **_lookup(place)})
        if not answer.reopened:
            answer.reopened = True
            answer.save(update_fields=["reopened", "updated_at"])


def _lookup(place: Slot) -> dict:
    return {"question": place.question, "activity_code": place.activity_code}


def clear_moot_answers(*, response: Response, by) -> list[Slot]:
    """Clear every answer its conditions say is not asked (left from before saves refused
    them); the submission calls it, so such an answer never stops a response."""
    shape = structure.of(response.round.edition)
    found = {
        (shape.by_id[a.question_id].code, a.activity_code): a
        for a in Answer.objects.select_for_update().filter(
            response=response, question_id__in=shape.deciding
        )
    }
    values = {place: a.value for place, a in found.items()}
    places = [s for s in shape.slots if s.question.asked_if]
    return _clear(response, places, found, values, by, because="")


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
