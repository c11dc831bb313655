import datetime

import pytest

from beredskap.catalogue.models import Question
from beredskap.catalogue.tests.factories import load_small_edition
from beredskap.surveys import services
from beredskap.surveys.models import Response


@pytest.fixture
def edition(tmp_path, reference):
    return load_small_edition(tmp_path, 2025)


@pytest.fixture
def survey_round(edition, nadia):
    return services.open_round(
        year=2025,
        edition=edition,
        opens_on=datetime.date(2025, 1, 20),
        deadline=datetime.date(2025, 3, 15),
        by=nadia,
    )


@pytest.fixture
def uppsala(survey_round):
    return Response.objects.get(round=survey_round, municipality__code="0380")


def slot(code, activity="", year=2025):
    return services.Slot(Question.objects.get(code=code, edition__year=year), activity)


def answer(response, code, activity, value, by, version=0, **extra):
    return services.save_answer(
        response=response,
        slot=slot(code, activity, response.round.year),
        value=value,
        expected_version=version,
        by=by,
        **extra,
    )


def complete(response, by):
    """Answer every question of the small edition validly."""
    for activity in ("sabo", "hemtjanst"):
        answer(response, "KON_PLAN", activity, "ja", by)
        answer(response, "KON_PARTS", activity, ["reserv", "kontakt"], by)
    answer(response, "KON_UNITS", "", {"numerator": 3, "denominator": 4}, by)
    answer(response, "UTB_EXERCISES", "", "2", by)
