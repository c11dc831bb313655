"""Fixtures of the training tests (imported by each `test_training_*` module).

`trainings` loads the shipped national trainings. `h_round` is the small test edition
with two training indicators (area H) and answers that give Enköping 40 staff (sabo 25,
hemtjänst 15) and Uppsala 200, approved and computed.
"""

import datetime

import pytest
from django.utils import timezone

from beredskap.catalogue.tests.factories import small_edition, text, write

ENKOPING, UPPSALA = "0381", "0380"


@pytest.fixture
def trainings(reference):
    from beredskap.learning.models import Training
    from beredskap.learning.training import services

    services.load_national_trainings()
    return {t.code: t for t in Training.objects.all()}


def h_edition(year: int = 2025) -> dict:
    data = small_edition(year)
    data["questions"].append(
        {
            "code": "UTB_STAFF_TRAINED",
            "area": "H",
            "kind": "share",
            "text": text("Medarbetare utbildade av alla", "Employees trained of all"),
            "activities": ["sabo", "hemtjanst"],
            "unit": text("medarbetare", "employees"),
        }
    )
    data["indicators"] += [
        {
            "code": "UTB03",
            "area": "H",
            "kind": "count",
            "title": text("Antal genomförda övningar", "Number of exercises held"),
            "description": text("Övningar.", "Exercises."),
            "sensitivity": "public",
            "direction": "higher_is_better",
            "formula": {"value": {"value": "UTB_EXERCISES"}},
            "classification": {"method": "thresholds", "green": 2, "yellow": 1},
        },
        {
            "code": "UTB05",
            "area": "H",
            "kind": "share",
            "title": text("Andel utbildade medarbetare", "Share of trained employees"),
            "description": text("Utbildade av alla.", "Trained of all."),
            "activities": ["sabo", "hemtjanst"],
            "sensitivity": "public",
            "direction": "higher_is_better",
            "formula": {
                "numerator": {"numerator_of": "UTB_STAFF_TRAINED"},
                "denominator": {"denominator_of": "UTB_STAFF_TRAINED"},
            },
            "classification": {"method": "thresholds", "green": 80, "yellow": 50},
        },
    ]
    return data


STAFF = {ENKOPING: {"sabo": (10, 25), "hemtjanst": (5, 15)}, UPPSALA: {"sabo": (50, 200)}}


@pytest.fixture
def h_round(tmp_path, reference, nadia):
    """A 2025 round on an edition with area H indicators, answered, approved, computed."""
    from beredskap.catalogue import services as catalogue
    from beredskap.results import services as results
    from beredskap.surveys import services as surveys
    from beredskap.surveys.models import Response
    from beredskap.surveys.tests.conftest import answer
    from beredskap.tests.cast import stand_in

    edition = catalogue.load_edition(path=write(tmp_path, h_edition(), "2025.yaml")).edition
    survey_round = surveys.open_round(
        year=2025,
        edition=edition,
        opens_on=datetime.date(2025, 1, 20),
        deadline=datetime.date(2025, 3, 15),
        by=nadia,
    )
    for code, staff in STAFF.items():
        response = Response.objects.get(round=survey_round, municipality__code=code)
        by = stand_in("respondent", municipality=code)
        for activity, (trained, total) in staff.items():
            value = {"numerator": trained, "denominator": total}
            answer(response, "UTB_STAFF_TRAINED", activity, value, by)
        answer(response, "UTB_EXERCISES", "", "3" if code == ENKOPING else "1", by)
        Response.objects.filter(pk=response.pk).update(
            status=Response.Status.APPROVED,
            first_submitted_at=timezone.now(),
            approved_at=timezone.now(),
        )
    results.compute_round(survey_round=survey_round, by=nadia)
    return survey_round
