"""The demo's planning direction: the starter 2026.1, and its consultation held in 2025.

The consultation is written as it ended: opened in March 2025, answered and submitted by
all 21 county boards, a disposition on every comment, closed when 2026.1 was adopted.
Deterministic texts, a few bulk inserts; run again, it leaves what is there.
"""

import datetime

from django.utils import timezone

from beredskap.planning import consultation as consulting
from beredskap.planning import services
from beredskap.planning.models import Answer, Consultation, Disposition, Invitation
from beredskap.registry.models import Organisation, User

VERSION = "2026.1"
OPENED = datetime.datetime(2025, 3, 3, 9, 0)
DEADLINE = datetime.date(2025, 5, 30)
CLOSED = datetime.datetime(2025, 9, 15, 10, 0)
STANCES = ("agree", "agree_with_changes", "disagree")
DECISIONS = ("accepted", "partly", "not_accepted")
REASONS = {
    "accepted": "Synpunkten är tillgodosedd i den fastställda texten.",
    "partly": "Synpunkten är delvis tillgodosedd; resten prövas i nästa version.",
    "not_accepted": "Synpunkten avvisas: den följer inte av uppdraget.",
}
ANSWERS_PER_BOARD = 3


def _aware(moment: datetime.datetime) -> datetime.datetime:
    return timezone.make_aware(moment)


def create_consultation() -> int:
    """Load 2026.1 and write its 2025 consultation once; returns the answers written."""
    path = services.DIRECTIONS_DIR / f"{VERSION}.yaml"
    direction = services.load_direction(path=path).direction
    if Consultation.objects.filter(direction=direction).exists():
        return 0
    analyst = User.objects.filter(username="nadia").first()
    consultation = Consultation.objects.create(
        direction=direction,
        deadline=DEADLINE,
        opened_by=analyst,
        opened_at=_aware(OPENED),
        closed_at=_aware(CLOSED),
    )
    organisations = list(Organisation.objects.filter(kind__in=consulting.INVITED_KINDS))
    boards = sorted(
        (o for o in organisations if o.kind == Organisation.Kind.COUNTY_BOARD),
        key=lambda o: o.county_id,
    )
    submitted = {
        o.pk: _aware(datetime.datetime(2025, 5, 2 + n, 14, 0)) for n, o in enumerate(boards)
    }
    invitations = Invitation.objects.bulk_create(
        Invitation(consultation=consultation, organisation=o, submitted_at=submitted.get(o.pk))
        for o in organisations
    )
    by_board = {i.organisation_id: i for i in invitations}
    items = consulting.items_of(direction)
    answers = []
    for n, board in enumerate(boards):
        for k in range(ANSWERS_PER_BOARD):
            item = items[(n * ANSWERS_PER_BOARD + k) % len(items)]
            stance = STANCES[(n + k) % len(STANCES)]
            text = (
                "" if stance == "agree" else f"{board.name} föreslår att {item.code} förtydligas."
            )
            answers.append(
                Answer(
                    invitation=by_board[board.pk], item_kind=item.kind, item_code=item.code,
                    stance=stance, text=text,
                )
            )  # fmt: skip
    answers = Answer.objects.bulk_create(answers)
    Disposition.objects.bulk_create(
        Disposition(
            answer=answer,
            decision=(decision := DECISIONS[n % len(DECISIONS)]),
            reason=REASONS[decision],
            written_by=analyst,
            written_at=_aware(datetime.datetime(2025, 6, 16, 9, 0)),
        )
        for n, answer in enumerate(a for a in answers if a.is_comment)
    )
    return len(answers)
