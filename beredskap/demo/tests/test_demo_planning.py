"""The demo's 2025 consultation of 2026.1: every county board answered, every comment
has a disposition, and the compilation reads it."""

import pytest

from beredskap.demo import planning as demo_planning
from beredskap.planning import consultation_queries
from beredskap.planning.models import Answer, Consultation, Direction

pytestmark = pytest.mark.django_db


def test_the_demo_consultation_is_closed_answered_and_disposed(reference, nadia):
    written = demo_planning.create_consultation()
    assert written == 21 * demo_planning.ANSWERS_PER_BOARD
    assert demo_planning.create_consultation() == 0  # run again: left as it is
    consultation = Consultation.objects.get(direction__version="2026.1")
    assert consultation.is_closed and consultation.direction.status == Direction.Status.ADOPTED
    submitted = consultation.invitations.filter(submitted_at__isnull=False)
    assert submitted.count() == 21
    assert {i.organisation.kind for i in submitted} == {"county_board"}
    comments = [a for a in Answer.objects.select_related("disposition") if a.is_comment]
    assert comments and all(hasattr(a, "disposition") for a in comments)
    compiled = consultation_queries.compiled(consultation)
    assert sum(len(entry.answers) for entry in compiled) == written
