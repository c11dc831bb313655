import copy

import pytest
from django.utils import timezone

from beredskap.catalogue.tests.factories import small_edition, text, write
from beredskap.surveys.models import Answer, Response
from beredskap.surveys.tests.conftest import answer, complete
from beredskap.tests.cast import stand_in

RESTRICTED = {
    "code": "UTB01",
    "area": "H",
    "kind": "count",
    "title": text("Antal övningar", "Number of exercises"),
    "description": text("Övningar under året.", "Exercises in the year."),
    "sensitivity": "restricted",
    "direction": "higher_is_better",
    "formula": {"value": {"value": "UTB_EXERCISES"}},
    "classification": {"method": "tertiles"},
}


@pytest.fixture
def edition(tmp_path, reference):
    """The small test edition plus a restricted count (UTB01), for 2025."""
    from beredskap.catalogue import services

    data = copy.deepcopy(small_edition(2025))
    data["indicators"].append(RESTRICTED)
    return services.load_edition(path=write(tmp_path, data, "2025.yaml")).edition


def approve(code: str, plan: str, units=None, exercises=3) -> Response:
    """Answer for the municipality and mark it approved (again, after a correction)."""
    response = Response.objects.get(round__year=2025, municipality__code=code)
    Response.objects.filter(pk=response.pk).update(status=Response.Status.DRAFT)
    by = stand_in("respondent", municipality=code)
    given = {
        ("KON_PLAN", "sabo"): plan,
        ("KON_PLAN", "hemtjanst"): plan,
        ("KON_UNITS", ""): units or {"numerator": 3, "denominator": 4},
        ("UTB_EXERCISES", ""): exercises,
    }
    for (question, activity), value in given.items():
        current = Answer.objects.filter(
            response=response, question__code=question, activity_code=activity
        ).first()
        answer(response, question, activity, value, by, version=current.version if current else 0)
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.APPROVED, first_submitted_at=timezone.now()
    )
    return response


@pytest.fixture
def approved_round(survey_round, uppsala, anna, nadia):
    """Uppsala and Enköping approved (Uppsala county: 2 municipalities, so suppressed) and
    Stockholm (the nation: 3); Tierp still a draft."""
    complete(uppsala, anna)
    approve("0380", "ja")
    approve("0381", "nej", units={"numerator": 1, "denominator": 4})
    approve("0180", "ja", units={"numerator": 3, "denominator": 4})
    return survey_round


def released(release, **filters):
    return {
        (v.indicator.indicator.code, v.level, v.unit_code, v.activity_code): v
        for v in release.values.select_related("indicator__indicator").filter(**filters)
    }
