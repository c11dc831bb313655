"""The consultation (remiss) of a draft planning direction: every change of its rows.

Socialstyrelsen's analyst opens a draft for consultation with a deadline and the invited
organisations (all county boards and partner agencies by default). Each invited
organisation answers per item, saved as drafts (optimistic locking: a stale save raises
`ConcurrentEdit` with both versions) until it submits them, once. After the deadline the
analyst writes a disposition per comment and adopts the version: the consultation closes
and the previously adopted version is superseded. Every change leaves an audit row; a
refused step raises `ConsultationRefused` with a message for the person.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access
from beredskap.registry.models import Organisation

from . import consultation_notices
from .consultation_models import Answer, Consultation, Disposition, Invitation, ItemKind, Stance
from .models import Direction

#: The kinds of organisation invited by default: every county board and partner agency.
INVITED_KINDS = (Organisation.Kind.COUNTY_BOARD, Organisation.Kind.PARTNER)


class ConsultationRefused(Exception):
    """The step is not allowed now, or not for this person; the message says why."""


class ConcurrentEdit(Exception):
    """Someone saved the answer since the form was read: both versions, to choose from."""

    def __init__(self, current: Answer, attempted: dict):
        self.current = current
        self.attempted = attempted
        super().__init__(f"Answer {current.item_code} changed meanwhile")


@dataclass(frozen=True)
class Item:
    """One item of the direction as the consultation asks about it."""

    kind: str
    code: str
    title: str
    text: str

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label


def items_of(direction: Direction) -> list[Item]:
    """Every item in the order of the direction's page, in three queries."""
    return [
        Item(kind, row.code, row.title, row.text)
        for kind, related in (
            (ItemKind.STARTING_POINT, "starting_points"),
            (ItemKind.ASSUMPTION, "assumptions"),
            (ItemKind.TARGET_STATE, "target_states"),
        )
        for row in getattr(direction, related).all()
    ]


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _require_analyst(by) -> None:
    if not access.may_run_consultation(by):
        raise ConsultationRefused(_("Only Socialstyrelsen's analysts run a consultation."))


@transaction.atomic
def open_consultation(
    *,
    direction: Direction,
    deadline: datetime.date,
    by,
    organisations=None,
    today: datetime.date | None = None,
) -> Consultation:
    """Send a draft out for consultation until `deadline` to `organisations` (default: every
    county board and partner agency), and tell their people."""
    _require_analyst(by)
    direction = Direction.objects.select_for_update().get(pk=direction.pk)
    if direction.status != Direction.Status.DRAFT:
        raise ConsultationRefused(
            _("Only a draft can be sent out for consultation; %(version)s is %(status)s.")
            % {"version": direction.version, "status": direction.get_status_display()}
        )
    if deadline <= _today(today):
        raise ConsultationRefused(_("The deadline must be after today."))
    if organisations is None:
        organisations = Organisation.objects.filter(kind__in=INVITED_KINDS)
    organisations = list(organisations)
    if not organisations:
        raise ConsultationRefused(_("Invite at least one organisation."))
    if any(o.kind not in INVITED_KINDS for o in organisations):
        raise ConsultationRefused(_("Only county boards and partner agencies can be invited."))
    consultation = Consultation.objects.create(
        direction=direction, deadline=deadline, opened_by=by, opened_at=timezone.now()
    )
    Invitation.objects.bulk_create(
        Invitation(consultation=consultation, organisation=o) for o in organisations
    )
    direction.status = Direction.Status.CONSULTATION
    direction.save(update_fields=["status"])
    audit.record(
        actor=by,
        action="planning.consultation_opened",
        target=direction,
        deadline=deadline.isoformat(),
        invited=sorted(o.name for o in organisations),
    )
    consultation_notices.tell_opened(consultation, [o.pk for o in organisations], by=by)
    return consultation


def _check_answering(invitation: Invitation, by, today: datetime.date | None) -> None:
    consultation = invitation.consultation
    invited = [invitation.organisation_id]
    if not access.may_edit_consultation_answers(by, invitation.organisation_id, invited):
        raise ConsultationRefused(
            _("Only people of an invited organisation answer for it.")
        )  # fmt: skip
    if consultation.is_closed or consultation.direction.status != Direction.Status.CONSULTATION:
        raise ConsultationRefused(_("The consultation is closed."))
    if _today(today) > consultation.deadline:
        raise ConsultationRefused(
            _("The consultation's deadline, %(deadline)s, has passed; answers are closed.")
            % {"deadline": consultation.deadline.isoformat()}
        )
    if invitation.submitted_at is not None:
        raise ConsultationRefused(
            _("%(organisation)s has submitted its answers; they can no longer be changed.")
            % {"organisation": invitation.organisation.name}
        )


def invitation_of(consultation: Consultation, organisation: Organisation) -> Invitation:
    """The organisation's invitation, or a refusal if it was not invited."""
    invitation = (
        Invitation.objects.select_related("consultation__direction", "organisation")
        .filter(consultation=consultation, organisation=organisation)
        .first()
    )
    if invitation is None:
        raise ConsultationRefused(
            _("%(organisation)s is not invited to the consultation of %(version)s.")
            % {"organisation": organisation.name, "version": consultation.direction.version}
        )
    return invitation


@transaction.atomic
def save_answer(
    *,
    invitation: Invitation,
    item_kind: str,
    item_code: str,
    stance: str,
    text: str = "",
    expected_version: int | None,
    by,
    today: datetime.date | None = None,
) -> Answer:
    """Save (or change) a draft answer. `expected_version` is the version the form showed
    (None for a new answer); a stale one raises `ConcurrentEdit` unless the save changes
    nothing."""
    invitation = Invitation.objects.select_related("consultation__direction", "organisation").get(
        pk=invitation.pk
    )
    _check_answering(invitation, by, today)
    known = {(i.kind, i.code) for i in items_of(invitation.consultation.direction)}
    if (item_kind, item_code) not in known:
        raise ConsultationRefused(_("No item %(code)s in this direction.") % {"code": item_code})
    if stance not in Stance.values:
        raise ConsultationRefused(_("Choose agree, agree with changes or disagree."))
    text = text.strip()
    if stance != Stance.AGREE and not text:
        raise ConsultationRefused(_("Say what should change: a comment is required."))
    answer = (
        Answer.objects.select_for_update()
        .filter(invitation=invitation, item_kind=item_kind, item_code=item_code)
        .first()
    )
    if answer is not None and (answer.stance, answer.text) == (stance, text):
        return answer  # the same again: no change, no conflict
    if answer is not None and expected_version != answer.version:
        raise ConcurrentEdit(answer, {"stance": stance, "text": text})
    if answer is None and expected_version is not None:
        raise ConsultationRefused(_("The answer no longer exists; reload the page."))
    before = None if answer is None else {"stance": answer.stance, "text": answer.text}
    if answer is None:
        answer = Answer(invitation=invitation, item_kind=item_kind, item_code=item_code)
    else:
        answer.version += 1
    answer.stance, answer.text, answer.updated_by = stance, text, by
    answer.save()
    audit.record(
        actor=by,
        action="planning.consultation_answer_saved",
        target=invitation.consultation.direction,
        organisation=invitation.organisation.name,
        item=item_code,
        before=before,
        after={"stance": stance, "text": text},
        version=answer.version,
    )
    return answer


@transaction.atomic
def submit_answers(*, invitation: Invitation, by, today: datetime.date | None = None):
    """Send the organisation's answers to Socialstyrelsen: once, final."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("consultation__direction", "organisation")
        .get(pk=invitation.pk)
    )
    _check_answering(invitation, by, today)
    count = invitation.answers.count()
    if count == 0:
        raise ConsultationRefused(_("Answer at least one item before you submit."))
    invitation.submitted_at, invitation.submitted_by = timezone.now(), by
    invitation.save(update_fields=["submitted_at", "submitted_by"])
    audit.record(
        actor=by,
        action="planning.consultation_submitted",
        target=invitation.consultation.direction,
        organisation=invitation.organisation.name,
        answers=count,
    )
    return invitation


@transaction.atomic
def write_disposition(
    *, answer: Answer, decision: str, reason: str, by, today: datetime.date | None = None
) -> Disposition:
    """Socialstyrelsen's decision on a submitted comment, after the deadline."""
    _require_analyst(by)
    answer = Answer.objects.select_related(
        "invitation__consultation__direction", "invitation__organisation"
    ).get(pk=answer.pk)
    consultation = answer.invitation.consultation
    if _today(today) <= consultation.deadline:
        raise ConsultationRefused(
            _("Dispositions are written after the deadline, %(deadline)s.")
            % {"deadline": consultation.deadline.isoformat()}
        )
    if consultation.is_closed:
        raise ConsultationRefused(_("The consultation is closed."))
    if answer.invitation.submitted_at is None or not answer.is_comment:
        raise ConsultationRefused(_("Only submitted comments get a disposition."))
    if decision not in Disposition.Decision.values:
        raise ConsultationRefused(_("Choose accepted, partly accepted or not accepted."))
    reason = reason.strip()
    if not reason:
        raise ConsultationRefused(_("Give the reason for the decision."))
    disposition, created = Disposition.objects.update_or_create(
        answer=answer,
        defaults={
            "decision": decision,
            "reason": reason,
            "written_by": by,
            "written_at": timezone.now(),
        },
    )
    audit.record(
        actor=by,
        action="planning.consultation_disposition",
        target=consultation.direction,
        organisation=answer.invitation.organisation.name,
        item=answer.item_code,
        decision=decision,
        created=created,
    )
    return disposition


def comments_without_disposition(consultation: Consultation) -> int:
    answers = Answer.objects.filter(
        invitation__consultation=consultation,
        invitation__submitted_at__isnull=False,
        disposition__isnull=True,
    ).only("stance", "text")
    return sum(answer.is_comment for answer in answers)


@transaction.atomic
def adopt_direction(
    *,
    direction: Direction,
    by,
    valid_from: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Direction:
    """Adopt a version after its consultation: the consultation closes and the version
    adopted before it is superseded (valid until the day before)."""
    _require_analyst(by)
    direction = Direction.objects.select_for_update().get(pk=direction.pk)
    consultation = Consultation.objects.filter(direction=direction).first()
    if direction.status != Direction.Status.CONSULTATION or consultation is None:
        raise ConsultationRefused(
            _("Only a version out for consultation can be adopted; %(version)s is %(status)s.")
            % {"version": direction.version, "status": direction.get_status_display()}
        )
    if _today(today) <= consultation.deadline:
        raise ConsultationRefused(_("The version can be adopted after the deadline."))
    missing = comments_without_disposition(consultation)
    if missing:
        raise ConsultationRefused(
            _("%(count)s comment(s) have no disposition yet.") % {"count": missing}
        )
    valid_from = valid_from or _today(today)
    superseded = list(
        Direction.objects.select_for_update().filter(status=Direction.Status.ADOPTED)
    )
    for old in superseded:
        old.status = Direction.Status.SUPERSEDED
        if old.valid_until is None and old.valid_from and old.valid_from < valid_from:
            old.valid_until = valid_from - datetime.timedelta(days=1)
        old.save(update_fields=["status", "valid_until"])
    direction.status, direction.valid_from = Direction.Status.ADOPTED, valid_from
    direction.save(update_fields=["status", "valid_from"])
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["closed_at"])
    audit.record(
        actor=by,
        action="planning.direction_adopted",
        target=direction,
        valid_from=valid_from.isoformat(),
        superseded=[old.version for old in superseded],
    )
    return direction
