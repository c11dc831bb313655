"""Page reads of a consultation, each in a fixed number of queries whatever the number of
invited organisations; what a user may see is decided by `registry.access` (404 else)."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404
from django.utils.translation import gettext as _

from beredskap.registry import access
from beredskap.registry.models import Role

from .consultation import Item, items_of
from .consultation_models import Answer, Consultation, Invitation, Stance
from .models import Direction


def _not_found(version: str):
    return Http404(
        _("No consultation of %(version)s that you have access to.") % {"version": version}
    )


def direction_to_open(user, version: str) -> Direction:
    """A draft the analyst may send out for consultation (others: 404)."""
    direction = Direction.objects.filter(version=version).first()
    if direction is None or not access.may_run_consultation(user):
        raise _not_found(version)
    return direction


def consultation_for(user, version: str) -> Consultation:
    """The consultation's board, dispositions and compilation: analysts only (else 404)."""
    consultation = (
        Consultation.objects.select_related("direction").filter(direction__version=version).first()
    )
    if consultation is None or not access.may_run_consultation(user):
        raise _not_found(version)
    return consultation


def invitation_for(user, version: str, organisation_id: int) -> Invitation:
    """One organisation's answers: its own people and analysts (else 404)."""
    invitation = (
        Invitation.objects.select_related("consultation__direction", "organisation")
        .filter(consultation__direction__version=version, organisation_id=organisation_id)
        .first()
    )
    if invitation is None or not access.may_see_consultation_answers(
        user, organisation_id, [organisation_id]
    ):
        raise _not_found(version)
    return invitation


@dataclass
class ItemCounts:
    item: Item
    stances: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.stances.values())

    @property
    def cells(self) -> list[int]:
        """The counts in the order of `Stance`: the board's columns."""
        return [self.stances[value] for value in Stance.values]


def board(consultation: Consultation) -> dict:
    """Who answered (per organisation: answers, submitted) and per item the stances of
    submitted answers; four queries."""
    invitations = list(
        consultation.invitations.select_related("organisation").annotate(answered=Count("answers"))
    )
    counts = {(i.kind, i.code): ItemCounts(i) for i in items_of(consultation.direction)}
    rows = (
        Answer.objects.filter(
            invitation__consultation=consultation, invitation__submitted_at__isnull=False
        )
        .values("item_kind", "item_code", "stance")
        .annotate(n=Count("id"))
    )
    for row in rows:
        key = (row["item_kind"], row["item_code"])
        if key in counts:
            counts[key].stances[row["stance"]] = row["n"]
    return {
        "invitations": invitations,
        "submitted": sum(i.submitted_at is not None for i in invitations),
        "items": list(counts.values()),
        "stances": Stance.choices,
    }


@dataclass
class CompiledItem:
    item: Item
    answers: list[Answer]

    @property
    def comments(self) -> list[Answer]:
        return [a for a in self.answers if a.is_comment]


def compiled(consultation: Consultation) -> list[CompiledItem]:
    """Every item with the submitted answers on it and their dispositions; four queries."""
    answers = (
        Answer.objects.filter(
            invitation__consultation=consultation, invitation__submitted_at__isnull=False
        )
        .select_related("invitation__organisation", "disposition")
        .order_by("invitation__organisation__kind", "invitation__organisation__name")
    )
    by_item: dict[tuple[str, str], list[Answer]] = {}
    for answer in answers:
        by_item.setdefault((answer.item_kind, answer.item_code), []).append(answer)
    return [
        CompiledItem(item, by_item.get((item.kind, item.code), []))
        for item in items_of(consultation.direction)
    ]


#: The roles held at county boards and partner agencies, the organisations consulted.
CONSULTED_ROLES = (Role.REVIEWER, Role.COORDINATOR, Role.CONSULTEE)


def open_for(user, today) -> list[dict]:
    """The start page's list: open consultations the user's organisations are invited to
    and have not submitted, with days to the deadline; one query after the grants."""
    own = {g.organisation_id for g in access.grants(user) if g.role in CONSULTED_ROLES}
    if not own:
        return []
    invitations = Invitation.objects.filter(
        Q(organisation_id__in=own),
        submitted_at__isnull=True,
        consultation__closed_at__isnull=True,
        consultation__direction__status=Direction.Status.CONSULTATION,
        consultation__deadline__gte=today,
    ).select_related("consultation__direction", "organisation")
    return [{"invitation": i, "days": (i.consultation.deadline - today).days} for i in invitations]
