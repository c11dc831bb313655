"""The demo's trainings: completions follow the area H answers, deterministically."""

import pytest

from beredskap.demo import learning_training
from beredskap.learning.models import Completion, PlanItem

pytestmark = pytest.mark.django_db


def _rows():
    return sorted(
        Completion.objects.values_list(
            "municipality__code", "training__code", "activity_code", "year", "count"
        )
    )


def test_completions_follow_the_survey_and_repeat_exactly(h_round):
    made, planned = learning_training.create_demo_trainings(progress=lambda _: None)
    rows = _rows()
    assert made == len(rows) and planned == PlanItem.objects.count() > 0
    # Enköping's 2025 answers: 10 of 25 in sabo and 5 of 15 in home care trained.
    trained = [r for r in rows if r[0] == "0381" and r[1] == "totalforsvaret-och-rollen"]
    assert trained == [
        ("0381", "totalforsvaret-och-rollen", "hemtjanst", 2025, 5),
        ("0381", "totalforsvaret-och-rollen", "sabo", 2025, 10),
    ]
    # Every municipality has the recurring webinar in some year.
    webinar = {r[0] for r in rows if r[1] == "digital-motesplats"}
    assert len(webinar) > 250
    assert learning_training.create_demo_trainings(progress=lambda _: None) == (0, 0)
    Completion.objects.all().delete()
    PlanItem.objects.all().delete()
    learning_training.create_demo_trainings(progress=lambda _: None)
    assert _rows() == rows
