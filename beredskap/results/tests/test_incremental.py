"""After approvals, recomputing only the approved municipalities and their aggregates
gives exactly the values of a full recompute, whatever the order of the approvals, how
they are batched into recomputes, and what the municipalities answered."""

import copy

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beredskap.audit.models import Event
from beredskap.catalogue.calculations.language import YES_NO_STATES
from beredskap.catalogue.tests.factories import small_edition, text, write
from beredskap.results import services
from beredskap.results.models import PendingRecompute, Value
from beredskap.surveys.models import Response
from beredskap.surveys.services import approve_response
from beredskap.surveys.tests.conftest import answer
from beredskap.tests.cast import stand_in

#: A count classified relative to the others (tertiles) with median aggregates, beside the
#: small edition's verdict and threshold indicators.
EXERCISES = {
    "code": "UTB01",
    "area": "H",
    "kind": "count",
    "title": text("Antal övningar", "Number of exercises"),
    "description": text("Övningar under året.", "Exercises in the year."),
    "sensitivity": "public",
    "direction": "higher_is_better",
    "formula": {"value": {"value": "UTB_EXERCISES"}},
    "classification": {"method": "tertiles"},
}
#: Municipalities of four counties (Uppsala, Stockholm, Gotland, Skåne) and several groups.
POOL = ["0305", "0360", "0380", "0381", "0382", "0114", "0180", "0980", "1280", "1283"]


@pytest.fixture
def edition(tmp_path, reference):
    from beredskap.catalogue import services as catalogue

    data = copy.deepcopy(small_edition(2025))
    data["indicators"].append(EXERCISES)
    return catalogue.load_edition(path=write(tmp_path, data, "2025.yaml")).edition


plans = st.one_of(st.none(), st.sampled_from(YES_NO_STATES))
units = st.one_of(
    st.none(),
    st.integers(0, 6).flatmap(
        lambda total: st.fixed_dictionaries(
            {"numerator": st.integers(0, total), "denominator": st.just(total)}
        )
    ),
)
given_answers = st.fixed_dictionaries(
    {
        ("KON_PLAN", "sabo"): plans,
        ("KON_PLAN", "hemtjanst"): plans,
        ("KON_UNITS", ""): units,
        ("UTB_EXERCISES", ""): st.one_of(st.none(), st.integers(0, 12)),
    }
)
approvals = st.lists(st.sampled_from(POOL), min_size=1, max_size=7, unique=True).flatmap(
    lambda codes: st.tuples(
        st.permutations(codes),
        st.lists(given_answers, min_size=len(codes), max_size=len(codes)),
        st.sets(st.integers(1, len(codes) - 1)) if len(codes) > 1 else st.just(set()),
    )
)


def stored(survey_round) -> dict[tuple, tuple]:
    """Every stored value of the round: its cell and fields (Decimals compare by value)."""
    rows = Value.objects.filter(round=survey_round).values_list(
        "indicator_id", "basis", "level", "unit_code", "activity_code", "value", "numerator",
        "denominator", "verdict", "reason", "units", "classification",
    )  # fmt: skip
    return {row[:5]: row[5:] for row in rows}


def submit(survey_round, code: str, given: dict) -> Response:
    """The municipality answers as `given` (None: leaves it unanswered) and submits."""
    response = Response.objects.get(round=survey_round, municipality__code=code)
    by = stand_in("respondent", municipality=code)
    for (question, activity), value in given.items():
        if value is not None:
            answer(response, question, activity, value, by)
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.SUBMITTED, first_submitted_at=timezone.now()
    )
    return response


class _Undo(Exception):
    """Rolls an example back, so every example starts from the same round."""


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(approvals)
@pytest.mark.django_db
def test_the_incremental_recompute_equals_a_full_recompute(survey_round, drawn):
    order, answers, cuts = drawn
    try:
        with transaction.atomic():
            _approve_and_compare(survey_round, order, answers, cuts)
            raise _Undo
    except _Undo:
        pass


def _approve_and_compare(survey_round, order, answers, cuts):
    responses = [
        submit(survey_round, code, given) for code, given in zip(order, answers, strict=True)
    ]
    services.compute_round(survey_round=survey_round)  # before any approval
    for index, response in enumerate(responses):
        reviewer = stand_in("reviewer", county=response.municipality.county.code)
        approve_response(response=response, by=reviewer)
        if index + 1 in cuts or index + 1 == len(responses):
            assert services.recompute_pending(survey_round=survey_round) is not None
    assert not PendingRecompute.objects.exists()
    recomputes = Event.objects.filter(action="results.recomputed").count()
    assert recomputes == len(cuts) + 1  # incremental each time, no fallback to a full one
    assert services.recompute_pending(survey_round=survey_round) is None
    incremental = stored(survey_round)
    full = services.compute_round(survey_round=survey_round)
    assert full.written == 0
    assert stored(survey_round) == incremental
