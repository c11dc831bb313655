"""The timeline's geometry: hours across, failing functions down, grouped by unit."""

from beredskap.continuity import timeline
from beredskap.continuity.calculations import run, scenario_from

from .test_calculations import BJORKEN, LINDEN, POWER, STAFF


def test_rows_bars_and_markers_follow_the_outcome():
    drawn = timeline.layout(run([BJORKEN, LINDEN], scenario_from([POWER])))
    # Heating (fails at 12 h) and meals (100 h) of Björken fail; Lindens holds.
    assert [(r.unit, r.label, r.heading) for r in drawn.rows] == [
        ("HVB Björken", "Heating of premises", True),
        ("HVB Björken", "Meals", False),
    ]
    assert (drawn.failing, drawn.holding, drawn.hours) == (2, 6, 168)
    left, right = drawn.plot
    heating = drawn.rows[0]
    assert heating.marker == round(left + 12 / 168 * (right - left), 1)
    assert (
        heating.bars[0].x == heating.marker and heating.bars[0].x + heating.bars[0].width == right
    )
    assert heating.tolerable_x == round(left + 16 / 168 * (right - left), 1) and heating.gap
    assert [h for _, h in drawn.ticks] == [0, 24, 48, 72, 96, 120, 144, 168]
    assert drawn.rows[1].y > drawn.rows[0].y and drawn.height > drawn.rows[1].y


def test_units_start_a_new_group_and_long_scenarios_tick_by_weeks():
    drawn = timeline.layout(run([BJORKEN, LINDEN], scenario_from([POWER, STAFF])))
    assert [r.heading for r in drawn.rows] == [True, False, True, False, False]
    assert [h for _, h in drawn.ticks] == [0, 168, 336, 504, 672, 840, 1008]
    assert timeline.tick_step(10) == 2 and timeline.tick_step(5000) == 720
