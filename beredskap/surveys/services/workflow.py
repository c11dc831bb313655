"""The review workflow: draft → submitted → returned → submitted → approved, and reopening.

Every transition is a few lines on top of `_transition`, which re-reads and locks the
response, asks `registry.access` whether this person may, and checks the status; each
leaves an audit row, and the response's timeline is its audit events. Approving sends
`signals.response_approved`, so the results app can recompute without this app
importing it.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beredskap import audit
from beredskap.catalogue.models import Question
from beredskap.registry import access

from .. import notifications, signals, validation
from ..models import Answer, Response
from ..structure import Slot, edition_questions, slots
from .answers import _lock_answer, answers_by_activity, check_slot, clear_moot_answers, values_for

Status = Response.Status


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
    """The response re-read and locked; refused unless `permitted(by, it)` and its status fits.

    Only the response's row is locked: locking the joined round too (PostgreSQL's FOR UPDATE
    locks every joined row) made approvals wait for each other and for the worker's
    recompute, whose writes to the round's values hold a key-share lock on the round."""
    locked = (
        Response.objects.select_for_update(of=("self",))  # the response's row, not the round's
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
    clear_moot_answers(response=response, by=by)
    if problems := problems_before_submit(response):
        raise ValidationError(
            ngettext(
                "The response cannot be submitted: %(count)s question needs attention.",
                "The response cannot be submitted: %(count)s questions need attention.",
                len(problems),
            )
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
    notified = notifications.tell(notifications.SUBMITTED.code, response, by=by)
    audit.record(actor=by, action=action, target=response, notified=notified)
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
    notified = notifications.tell(notifications.RETURNED.code, response, by=by)
    audit.record(
        actor=by,
        action="response.returned",
        target=response,
        comment=comment,
        questions=reopened,
        notified=notified,
    )
    return response


@transaction.atomic
def approve_response(*, response: Response, by) -> Response:
    """The county reviewer approves a submitted response; it is locked for good."""
    response = _transition(response, (Status.SUBMITTED,), permitted=access.may_review, by=by)
    response.status = Status.APPROVED
    response.approved_at = response.last_activity_at = timezone.now()
    response.save()
    notified = notifications.tell(notifications.APPROVED.code, response, by=by)
    audit.record(actor=by, action="response.approved", target=response, notified=notified)
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
    notified = notifications.tell(
        notifications.REOPENED.code, response, by=by, reason=reason.strip()
    )
    audit.record(
        actor=by, action="response.reopened", target=response, reason=reason, notified=notified
    )
    return response
