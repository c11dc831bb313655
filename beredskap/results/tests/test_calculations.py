"""The engine on a small hand-computed cast, and Hypothesis for idempotence and order."""

import random
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beredskap.results import calculations as calc
from beredskap.results.calculations import Cell, IndicatorDef, Point, Unit

PLAN = IndicatorDef(
    code="KON01",
    kind="yes_no",
    formula={
        "not_applicable": {"is": ["PLAN", "ej_aktuellt"]},
        "met": {"is": ["PLAN", "ja"]},
        "partly": {"is": ["PLAN", "pagar"]},
    },
    activities=("sabo",),
    classification={"method": "verdict"},
)
UNITS_WITH_PLAN = IndicatorDef(
    code="KON02",
    kind="share",
    formula={"numerator": {"numerator_of": "UNITS"}, "denominator": {"denominator_of": "UNITS"}},
    classification={"method": "thresholds", "green": 80, "yellow": 50},
)
STOCK_DAYS = IndicatorDef(
    code="FOR02",
    kind="count",
    formula={"value": {"value": "DAYS"}},
    classification={"method": "tertiles"},
)
SHORTFALL = IndicatorDef(
    code="KRI04",
    kind="share",
    formula={"numerator": {"numerator_of": "GAP"}, "denominator": {"denominator_of": "GAP"}},
    classification={"method": "thresholds", "green": 10, "yellow": 25},
    direction="lower_is_better",
)

# A cast of four municipalities in two counties and two groups.
CAST = [
    Unit("0380", "03", "B3"),
    Unit("0381", "03", "B4"),
    Unit("0305", "03", "A2"),
    Unit("0980", "09", "C9"),
]
ANSWERS = {
    "0380": {
        "sabo": {"PLAN": "ja"},
        "": {
            "UNITS": {"numerator": 8, "denominator": 10},
            "DAYS": 30,
            "GAP": {"numerator": 1, "denominator": 20},
        },
    },
    "0381": {
        "sabo": {"PLAN": "pagar"},
        "": {
            "UNITS": {"numerator": 1, "denominator": 2},
            "DAYS": 10,
            "GAP": {"numerator": 6, "denominator": 20},
        },
    },
    "0305": {
        "sabo": {"PLAN": "ej_aktuellt"},
        "": {"UNITS": {"numerator": 0, "denominator": 0}, "DAYS": 14},
    },
    # Visby has not answered at all.
}


def cells(*definitions):
    return {c.key: c for c in calc.compute(definitions, CAST, ANSWERS)}


def test_yes_no_verdicts_and_shares_of_municipalities():
    result = cells(PLAN)
    assert result[("KON01", "municipality", "0380", "sabo")].verdict == "met"
    assert result[("KON01", "municipality", "0380", "sabo")].classification == "green"
    assert result[("KON01", "municipality", "0381", "sabo")].classification == "yellow"
    assert result[("KON01", "municipality", "0305", "sabo")].verdict == "not_applicable"
    assert result[("KON01", "municipality", "0980", "sabo")].reason == "not_answered"
    county = result[("KON01", "county", "03", "sabo")]
    # Met in 1 of the 2 where it applies (Håbo does not run SÄBO in own regime).
    assert (county.value, county.numerator, county.denominator, county.units) == (
        Decimal("50.0000"),
        1,
        2,
        2,
    )
    assert result[("KON01", "county", "09", "sabo")].reason == "not_answered"
    assert result[("KON01", "group", "A2", "sabo")].reason == "not_applicable"
    assert result[("KON01", "nation", "SE", "sabo")].value == Decimal("50.0000")


def test_shares_pool_units_and_zero_denominators_are_not_applicable():
    result = cells(UNITS_WITH_PLAN)
    assert result[("KON02", "municipality", "0380", "")].value == Decimal("80.0000")
    assert result[("KON02", "municipality", "0380", "")].classification == "green"
    assert result[("KON02", "municipality", "0381", "")].classification == "yellow"
    assert result[("KON02", "municipality", "0305", "")].reason == "not_applicable"
    nation = result[("KON02", "nation", "SE", "")]
    assert (nation.numerator, nation.denominator) == (9, 12)  # pooled, not the mean of 80 and 50
    assert nation.value == Decimal("75.0000")
    assert nation.classification == "yellow"


def test_counts_roll_up_as_medians_and_tertiles_are_relative():
    result = cells(STOCK_DAYS)
    assert result[("FOR02", "nation", "SE", "")].value == Decimal("14.0000")
    colours = {
        u: result[("FOR02", "municipality", u, "")].classification
        for u in ("0380", "0305", "0381")
    }
    assert colours == {"0380": "green", "0305": "yellow", "0381": "red"}


def test_lower_is_better_reads_thresholds_the_other_way():
    result = cells(SHORTFALL)
    assert result[("KRI04", "municipality", "0380", "")].classification == "green"  # 5 %
    assert result[("KRI04", "municipality", "0381", "")].classification == "red"  # 30 %
    assert result[("KRI04", "county", "03", "")].value == Decimal("17.5000")
    assert result[("KRI04", "county", "03", "")].classification == "yellow"


def test_small_aggregates_know_how_many_municipalities_they_stand_on():
    result = cells(PLAN)
    assert result[("KON01", "group", "B3", "sabo")].units == 1  # suppressed for outsiders later


@pytest.mark.parametrize(
    "points, breaks",
    [
        (
            [
                Point(2023, Decimal(20), None),
                Point(2024, Decimal(8), False, "fyra delar"),
                Point(2025, Decimal(12), True),
            ],
            [(2023,), (2024, 2025)],
        ),
        ([Point(2023, Decimal(50), None), Point(2024, Decimal(55), True)], [(2023, 2024)]),
    ],
)
def test_series_break_where_an_edition_is_not_comparable(points, breaks):
    segments = calc.series(points)
    assert [tuple(p.year for p in s.points) for s in segments] == breaks
    if len(segments) > 1:
        assert segments[1].break_note == "fyra delar"
        assert segments[0].break_note == ""


plan_answers = st.sampled_from(["ja", "nej", "pagar", "ej_aktuellt", "vet_ej", None])
share_answers = st.one_of(
    st.none(),
    st.tuples(st.integers(0, 50), st.integers(0, 50)).map(
        lambda t: {"numerator": min(t), "denominator": max(t)}
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    plans=st.lists(plan_answers, min_size=4, max_size=4),
    shares=st.lists(share_answers, min_size=4, max_size=4),
    seed=st.integers(0, 1000),
)
def test_recompute_is_idempotent_and_order_independent(plans, shares, seed):
    answers = {
        unit.code: {"sabo": {"PLAN": plan} if plan else {}, "": {"UNITS": share} if share else {}}
        for unit, plan, share in zip(CAST, plans, shares, strict=True)
    }
    first = calc.compute([PLAN, UNITS_WITH_PLAN], CAST, answers)
    shuffled = CAST[:]
    random.Random(seed).shuffle(shuffled)
    again = calc.compute([UNITS_WITH_PLAN, PLAN], shuffled, dict(reversed(list(answers.items()))))
    assert first == calc.compute([PLAN, UNITS_WITH_PLAN], CAST, answers)
    assert sorted(first, key=Cell.key.fget) == sorted(again, key=Cell.key.fget)


# --- the all-activities summary --------------------------------------------------------

TWO_ACTIVITIES = IndicatorDef(
    code="KON01",
    kind="yes_no",
    formula=PLAN.formula,
    activities=("sabo", "hemtjanst"),
    classification={"method": "verdict"},
)
SUMMARY_ANSWERS = {
    "0380": {"sabo": {"PLAN": "ja"}, "hemtjanst": {"PLAN": "ja"}},  # met in both
    "0381": {"sabo": {"PLAN": "ja"}, "hemtjanst": {"PLAN": "nej"}},  # met in one of two
    "0305": {"sabo": {"PLAN": "ej_aktuellt"}, "hemtjanst": {"PLAN": "nej"}},  # not met
    "0980": {"sabo": {"PLAN": "ej_aktuellt"}, "hemtjanst": {"PLAN": "ej_aktuellt"}},
}


def test_a_summary_says_whether_the_indicator_is_met_in_every_activity():
    result = {c.key: c for c in calc.compute([TWO_ACTIVITIES], CAST, SUMMARY_ANSWERS)}
    summary = {u: result[("KON01", "municipality", u, calc.SUMMARY)] for u in ("0380", "0381")}
    assert (summary["0380"].verdict, summary["0380"].value, summary["0380"].denominator) == (
        "met",
        100,
        2,
    )
    assert (summary["0381"].verdict, summary["0381"].value) == ("partly", 50)
    assert summary["0381"].classification == "yellow"
    assert result[("KON01", "municipality", "0305", calc.SUMMARY)].verdict == "not_met"
    visby = result[("KON01", "municipality", "0980", calc.SUMMARY)]
    assert (visby.verdict, visby.reason) == ("not_applicable", "not_applicable")
    # The county pools the activities: met in 2 + 1 + 0 of the 2 + 2 + 1 where it applies.
    county = result[("KON01", "county", "03", calc.SUMMARY)]
    assert (county.numerator, county.denominator, county.value) == (3, 5, Decimal("60.0000"))
    assert county.units == 3
    assert result[("KON01", "county", "09", calc.SUMMARY)].reason == "not_applicable"


def test_share_summaries_pool_the_activities_and_counts_add_up():
    share = IndicatorDef(
        code="PER01",
        kind="share",
        formula={"numerator": {"numerator_of": "U"}, "denominator": {"denominator_of": "U"}},
        activities=("sabo", "hemtjanst"),
        classification={"method": "thresholds", "green": 80, "yellow": 50},
    )
    count = IndicatorDef(
        code="RES01",
        kind="count",
        formula={"value": {"value": "N"}},
        activities=("sabo", "hemtjanst"),
        classification={"method": "tertiles"},
    )
    answers = {
        "0380": {
            "sabo": {"U": {"numerator": 1, "denominator": 4}, "N": 2},
            "hemtjanst": {"U": {"numerator": 5, "denominator": 6}, "N": 3},
        }
    }
    result = {c.key: c for c in calc.compute([share, count], CAST, answers)}
    pooled = result[("PER01", "municipality", "0380", calc.SUMMARY)]
    assert (pooled.numerator, pooled.denominator, pooled.value) == (6, 10, Decimal("60.0000"))
    assert pooled.classification == "yellow"
    assert result[("RES01", "municipality", "0380", calc.SUMMARY)].value == Decimal("5.0000")
    assert result[("RES01", "municipality", "0381", calc.SUMMARY)].reason == "not_answered"


@settings(max_examples=60, deadline=None)
@given(
    plans=st.lists(plan_answers, min_size=4, max_size=4),
    shares=st.lists(share_answers, min_size=4, max_size=4),
)
def test_shared_answer_objects_give_each_municipality_its_own_cells(plans, shares):
    """The engine shares evaluations between municipalities whose answers are the same
    objects (as the loader hands them out); a cell must still be the municipality's own."""
    shared = {"numerator": 1, "denominator": 2}
    answers = {
        unit.code: {
            "sabo": {"PLAN": plan} if plan else {},
            "": {"UNITS": share or shared, "DAYS": 7, "GAP": shared},
        }
        for unit, plan, share in zip(CAST, plans, shares, strict=True)
    }
    definitions = [PLAN, UNITS_WITH_PLAN, STOCK_DAYS, SHORTFALL]
    result = {c.key: c for c in calc.compute(definitions, CAST, answers)}
    for definition in definitions:
        for unit in CAST:
            for own in calc.municipality_cells(definition, unit, answers[unit.code]):
                computed = result[own.key]
                assert computed._replace(classification="") == own


# --- classification of stored cells ------------------------------------------------------

colours = st.sampled_from(["", "green", "yellow", "red", "grey"])


@settings(max_examples=60, deadline=None)
@given(
    plans=st.lists(plan_answers, min_size=4, max_size=4),
    shares=st.lists(share_answers, min_size=4, max_size=4),
    days=st.lists(st.one_of(st.none(), st.integers(0, 90)), min_size=4, max_size=4),
    painted=st.lists(colours, min_size=40, max_size=40),
)
def test_classifying_ignores_the_colour_cells_come_with_and_keeps_cells_whose_colour_stands(
    plans, shares, days, painted
):
    """The incremental recompute classifies cells made from stored rows, colour and all,
    and writes only those `classify` returns as new objects (results.services._compare)."""
    answers = {
        unit.code: {
            "sabo": {"PLAN": plan} if plan else {},
            "": {**({"UNITS": share} if share else {}), **({"DAYS": d} if d is not None else {})},
        }
        for unit, plan, share, d in zip(CAST, plans, shares, days, strict=True)
    }
    for definition in (PLAN, UNITS_WITH_PLAN, STOCK_DAYS, SHORTFALL):
        computed = calc.compute([definition], CAST, answers)
        local = [c for c in computed if c.level == calc.MUNICIPALITY]
        rolled = [c for c in computed if c.level != calc.MUNICIPALITY]
        repainted = [
            c._replace(classification=painted[i % len(painted)])
            for i, c in enumerate(local + rolled)
        ]
        again = calc.classify(definition, repainted[: len(local)], repainted[len(local) :])

        assert again == calc.classify(definition, local, rolled) == local + rolled
        assert all(
            (new is old) == (old.classification == new.classification)
            for old, new in zip(repainted, again, strict=True)
        )
