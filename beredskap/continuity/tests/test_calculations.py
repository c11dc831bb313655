"""The scenario engine: a small cast computed by hand, and its invariants by Hypothesis."""

import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beredskap.continuity.calculations import (
    AssumptionInput,
    Dependency,
    Function,
    Scenario,
    StaffAbsence,
    Unit,
    run,
    scenario_from,
    staff_present,
    with_extra_reserve,
    with_extra_staff,
    with_parameter,
)

# The starter direction's values (planning/directions/2026.1.yaml).
POWER = AssumptionInput("GA_POWER", "electricity", {"duration_hours": 168})
HEATING = AssumptionInput("GA_HEATING", "heating", {"duration_days": 3})
WATER = AssumptionInput("GA_WATER", "water", {"duration_days": 7, "emergency_water": 10})
STAFF = AssumptionInput(
    "GA_STAFF", "staff", {"share": 0.2, "weeks": 6, "peak_share": 0.4, "peak_weeks": 2}
)
DURATION = AssumptionInput("GA_DURATION", "scenario", {"duration_months": 3})


def staff(minimum, available):
    return Dependency("staff", staff_minimum=minimum, staff_available=available)


BJORKEN = Unit(
    "u1",
    "HVB Björken",
    9,
    (
        Function("f1", "Documentation", 24, (Dependency("it_telephony", None),)),
        Function(
            "f2",
            "Heating of premises",
            4,
            (Dependency("electricity", 12), Dependency("heating", 24)),
        ),
        Function("f3", "Meals", 8, (Dependency("water", 0), Dependency("electricity", 100))),
    ),
)
LINDEN = Unit(
    "u2",
    "Lindens äldreboende",
    40,
    (
        Function("g1", "Medication rounds", 2, (staff(8, 10),)),
        Function("g2", "Night watch", 2, (staff(7, 12),)),
        Function("g3", "Day care", 12, (staff(5, 7),)),
        Function("g4", "Home visits", 12, (staff(9, 10),)),
        Function("g5", "Alarms", 1, (Dependency("electricity", 200),)),
    ),
)


def by_name(outcome):
    return {f.function_name: f for f in outcome.functions}


def test_a_power_outage_of_a_week_by_hand():
    outcome = run([BJORKEN, LINDEN], scenario_from([POWER]))
    f = by_name(outcome)
    # Documentation depends on IT only: the power outage cuts nothing it needs.
    assert f["Documentation"].fails_at is None and not f["Documentation"].is_gap
    # Heating: backup power for 12 h of a 168 h outage; the heating itself is not cut.
    heating = f["Heating of premises"]
    assert (heating.fails_at, heating.cause, heating.downtime_hours) == (12, "electricity", 156)
    assert heating.is_gap and heating.excess_hours == 152 and heating.people_affected == 9
    # Alarms: 200 h of reserve outlast the 168 h outage.
    assert f["Alarms"].fails_at is None
    # Staff is not part of this scenario.
    assert f["Medication rounds"].fails_at is None
    assert outcome.hours == 168
    assert [g.function_name for g in outcome.gaps()] == ["Heating of premises", "Meals"]


def test_two_cut_dependencies_fail_at_the_shorter_reserve():
    outcome = run([BJORKEN], scenario_from([POWER, HEATING]))
    heating = by_name(outcome)["Heating of premises"]
    # Electricity out [12, 168), heating out [24, 72): the first at 12 h, merged 156 h.
    assert [(o.category, o.start, o.end) for o in heating.outages] == [
        ("electricity", 12, 168),
        ("heating", 24, 72),
    ]
    assert heating.fails_at == 12 and heating.periods == ((12, 168),)


def test_separate_outages_count_their_longest_stretch():
    outcome = run([BJORKEN], scenario_from([POWER, WATER]))
    meals = by_name(outcome)["Meals"]
    # Water: no reserve, cut 168 h → [0, 168); electricity [100, 168): one period.
    assert meals.periods == ((0, 168),) and meals.cause == "water"
    short_water = scenario_from([POWER, replace(WATER, parameters={"duration_days": 1})])
    meals = by_name(run([BJORKEN], short_water))["Meals"]
    # Water [0, 24) and electricity [100, 168): two periods, the longest 68 h.
    assert meals.periods == ((0, 24), (100, 168)) and meals.downtime_hours == 68


def test_the_staff_absence_curve_with_its_peak():
    curve = scenario_from([STAFF]).staff
    assert curve.phases() == ((0, 336, 0.4), (336, 1008, 0.2))
    f = by_name(run([LINDEN], scenario_from([STAFF])))
    # 10 staff, 8 needed: 4 away at the peak (6 < 8) for two weeks, 2 away after (8 = 8).
    assert f["Medication rounds"].periods == ((0, 336),) and f["Medication rounds"].is_gap
    # 12 staff, 7 needed: 5 away at the peak (4.8 rounded up), 7 present: holds.
    assert f["Night watch"].fails_at is None
    # 7 staff, 5 needed: 3 away at the peak (2.8 → 3), 4 present; 2 away after: 5 present.
    assert f["Day care"].periods == ((0, 336),)
    # 10 staff, 9 needed: short in both phases: out for the whole six weeks.
    assert f["Home visits"].periods == ((0, 1008),) and f["Home visits"].downtime_hours == 1008
    assert staff_present(7, 0.4) == 4 and staff_present(10, 0.2) == 8


def test_assumptions_that_cut_nothing_and_combined_scenarios():
    assert scenario_from([DURATION]) == Scenario()
    assert run([BJORKEN], scenario_from([DURATION])).summary().failing == 0
    both = scenario_from([POWER, replace(POWER, code="X", parameters={"duration_hours": 72})])
    assert both.cuts == (("electricity", 168.0),)


def test_summary_counts_units_with_gaps_once():
    summary = run([BJORKEN, LINDEN], scenario_from([POWER, STAFF])).summary()
    assert (summary.units, summary.functions) == (2, 8)
    assert summary.gaps == 5 and summary.units_with_gaps == 2 and summary.people_affected == 49


def test_what_if_more_fuel_and_more_staff():
    units = [BJORKEN, LINDEN]
    more = with_extra_reserve(units, "electricity", 160)
    heating = by_name(run(more, scenario_from([POWER])))["Heating of premises"]
    assert heating.fails_at is None  # 172 h of fuel outlast the week
    no_reserve = Unit("u3", "Ek", 1, (Function("h", "Lights", 1, (Dependency("electricity"),)),))
    assert with_extra_reserve([no_reserve], "electricity", 48) == (no_reserve,)
    staffed = by_name(run(with_extra_staff(units, 2), scenario_from([STAFF])))
    # 12 staff, 8 needed: 5 away at the peak, 7 present: still short; 10 after.
    assert staffed["Medication rounds"].periods == ((0, 336),)
    assert staffed["Home visits"].periods == ((0, 336),)
    shorter = with_parameter([POWER], "GA_POWER", "duration_hours", 10)
    assert by_name(run(units, scenario_from(shorter)))["Heating of premises"].fails_at is None


# --- properties ---------------------------------------------------------------------

CATEGORIES = ("electricity", "water", "heating", "food", "staff")
hours = st.integers(min_value=0, max_value=400)
reserves = st.one_of(st.none(), hours)


@st.composite
def dependencies(draw):
    category = draw(st.sampled_from(CATEGORIES))
    if category == "staff":
        return staff(draw(st.integers(0, 12)), draw(st.integers(0, 15)))
    return Dependency(category, draw(reserves))


@st.composite
def registers(draw):
    units = []
    for u in range(draw(st.integers(1, 4))):
        functions = tuple(
            Function(
                f"{u}-{i}", f"F{i}", draw(hours), tuple(draw(st.lists(dependencies(), max_size=3)))
            )
            for i in range(draw(st.integers(0, 4)))
        )
        units.append(Unit(f"u{u}", f"Unit {u % 2}", draw(st.integers(0, 50)), functions))
    return units


@st.composite
def scenarios(draw):
    cuts = draw(st.dictionaries(st.sampled_from(CATEGORIES[:4]), hours, max_size=4))
    absence = draw(
        st.none()
        | st.builds(
            StaffAbsence,
            share=st.floats(0, 1),
            weeks=st.integers(0, 8),
            peak_share=st.floats(0, 1),
            peak_weeks=st.integers(0, 4),
        )
    )
    return Scenario(cuts=tuple(sorted(cuts.items())), staff=absence)


def failing(outcome):
    return {(f.unit_key, f.function_key) for f in outcome.functions if f.fails}


def gaps(outcome):
    return {(f.unit_key, f.function_key) for f in outcome.gaps()}


# The machine is shared: a slow draw under load is not a failure of the engine.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(registers(), scenarios(), st.sampled_from(CATEGORIES[:4]), hours, st.floats(0, 0.5))
def test_a_longer_or_harsher_scenario_never_makes_fewer_fail(units, scenario, cat, more, extra):
    cuts = dict(scenario.cuts)
    cuts[cat] = cuts.get(cat, 0) + more
    staff_absence = scenario.staff or StaffAbsence(0, 0)
    harsher = Scenario(
        cuts=tuple(sorted(cuts.items())),
        staff=StaffAbsence(
            share=min(1, staff_absence.share + extra),
            weeks=staff_absence.weeks + 1,
            peak_share=min(1, staff_absence.peak_share + extra),
            peak_weeks=staff_absence.peak_weeks,
        ),
    )
    before, after = run(units, scenario), run(units, harsher)
    assert failing(before) <= failing(after)
    assert gaps(before) <= gaps(after)


# The machine is shared: a slow draw under load is not a failure of the engine.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(registers(), scenarios(), st.sampled_from(CATEGORIES[:4]), hours, st.integers(0, 5))
def test_a_larger_reserve_never_makes_more_fail(units, scenario, cat, more, people):
    before = run(units, scenario)
    after = run(with_extra_staff(with_extra_reserve(units, cat, more), people), scenario)
    assert failing(after) <= failing(before)
    assert gaps(after) <= gaps(before)


# The machine is shared: a slow draw under load is not a failure of the engine.
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(registers(), scenarios(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_input_order(units, scenario, rnd: random.Random):
    shuffled = [
        replace(
            u,
            functions=tuple(
                replace(f, dependencies=tuple(rnd.sample(f.dependencies, len(f.dependencies))))
                for f in rnd.sample(u.functions, len(u.functions))
            ),
        )
        for u in rnd.sample(units, len(units))
    ]
    assert run(shuffled, scenario) == run(units, scenario)
    assert run(shuffled, scenario).gaps() == run(units, scenario).gaps()


def test_aggregates_count_municipalities_with_a_register_and_suppress_below_three():
    from beredskap.continuity.calculations import aggregate

    power = scenario_from([POWER])
    one = run([BJORKEN], power).summary()  # 3 functions, 2 gaps
    other = run([LINDEN], power).summary()  # 5 functions, none
    empty = run([], power).summary()
    small = aggregate([one, other, empty])
    assert (small.municipalities, small.with_gaps, small.suppressed) == (2, 1, True)
    assert small.share_with_gaps is None and small.share_of_functions is None
    big = aggregate([one, other, one, empty])
    assert (big.municipalities, big.with_gaps, big.functions, big.gaps) == (3, 2, 11, 4)
    assert big.share_with_gaps == 2 / 3 and big.share_of_functions == 4 / 11


def test_support_needs_rank_municipalities_by_gaps_then_people():
    from beredskap.continuity.calculations import rank_needs

    both = scenario_from([POWER, STAFF])
    ranked = rank_needs(
        [
            ("Uppsala", run([BJORKEN, LINDEN], both).summary()),  # 5 gaps, 49 people
            ("Enköping", run([LINDEN], both).summary()),  # 3 gaps, 40 people
            ("Heby", run([BJORKEN], both).summary()),  # 2 gaps, 9 people
            ("Tierp", run([LINDEN], scenario_from([POWER])).summary()),  # no gap
            ("Knivsta", run([LINDEN], both).summary()),  # as Enköping: by name
        ]
    )
    assert [name for name, _ in ranked] == ["Uppsala", "Enköping", "Knivsta", "Heby"]
