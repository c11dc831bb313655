"""The copy of a round's stored values a process keeps between incremental recomputes
(`results.kept_values`): used while nothing else wrote the values, never once they moved."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from beredskap.results import kept_values, services
from beredskap.results.models import Value
from beredskap.results.tests.test_incremental import stored, submit
from beredskap.surveys.models import Answer
from beredskap.surveys.services import approve_response
from beredskap.tests.cast import stand_in

pytestmark = pytest.mark.django_db

GIVEN = {
    ("KON_PLAN", "sabo"): "ja",
    ("KON_PLAN", "hemtjanst"): "nej",
    ("KON_UNITS", ""): {"numerator": 2, "denominator": 5},
}


def approve(response) -> None:
    reviewer = stand_in("reviewer", county=response.municipality.county.code)
    approve_response(response=response, by=reviewer)


def reads_of_values(queries) -> list[str]:
    """The SELECTs of the values table (the upsert and the stamp are not reads of it)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and 'FROM "results_value"' in q["sql"]
    ]


def recompute(survey_round) -> list[str]:
    """Run the worker's recompute; the SELECTs of stored values it made."""
    with CaptureQueriesContext(connection) as queries:
        assert services.recompute_pending(survey_round=survey_round) is not None
    return reads_of_values(queries)


def same_as_a_full_recompute(survey_round) -> bool:
    incremental = stored(survey_round)
    return (
        services.compute_round(survey_round=survey_round).written == 0
        and stored(survey_round) == incremental
    )


@pytest.fixture
def three(survey_round):
    """Uppsala, Enköping and Stockholm submitted, the round computed once."""
    responses = [submit(survey_round, code, GIVEN) for code in ("0380", "0381", "0180")]
    services.compute_round(survey_round=survey_round)
    return responses


def test_a_second_recompute_takes_the_values_from_the_copy(survey_round, three):
    approve(three[0])
    assert recompute(survey_round), "the first recompute in a process reads the values"
    approve(three[1])
    assert recompute(survey_round) == []
    approve(three[2])
    assert recompute(survey_round) == []
    assert Value.objects.filter(round=survey_round, level="municipality", unit_code="0180")
    assert same_as_a_full_recompute(survey_round)


def test_a_write_by_anything_else_makes_the_copy_unusable(survey_round, three):
    approve(three[0])
    recompute(survey_round)
    # Uppsala's approved answer changes and a full computation writes it: the copy the
    # worker kept still holds Uppsala's old cells, which the nation's figure rolls up.
    Answer.objects.filter(
        response=three[0], question__code="KON_PLAN", activity_code="sabo"
    ).update(value="nej")
    assert services.compute_round(survey_round=survey_round).written > 0
    approve(three[1])
    assert recompute(survey_round), "read again from the database"
    assert same_as_a_full_recompute(survey_round)


def test_a_recompute_rolled_back_leaves_no_copy_behind(survey_round, three):
    approve(three[0])
    recompute(survey_round)
    stamp = kept_values.stamp(survey_round.pk, Value.Basis.APPROVED)
    with pytest.raises(RuntimeError), transaction.atomic():
        approve(three[1])
        recompute(survey_round)  # keeps a copy with Enköping approved, under a new stamp
        assert kept_values.stamp(survey_round.pk, Value.Basis.APPROVED) != stamp
        raise RuntimeError("rolled back")
    assert kept_values.stamp(survey_round.pk, Value.Basis.APPROVED) == stamp
    approve(three[2])  # Enköping is not approved: its cells must not come from the copy
    assert recompute(survey_round), "read again from the database"
    assert same_as_a_full_recompute(survey_round)
