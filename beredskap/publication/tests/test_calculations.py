"""The publication rule: what of a computed cell may be released."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap.publication.calculations import Cell, publishable

LEVELS = ["municipality", "county", "group", "nation"]


def cell(level="county", units=5, value="75"):
    return Cell(
        1, level, "03", "", Decimal(value), Decimal(3), Decimal(4), "", "", units, "yellow"
    )


@pytest.mark.parametrize(
    "sensitivity, level, shown",
    [
        ("public", "municipality", True),
        ("public", "nation", True),
        ("aggregate", "municipality", False),
        ("aggregate", "county", True),
        ("aggregate", "group", True),
        ("restricted", "municipality", False),
        ("restricted", "county", False),
        ("restricted", "nation", False),
        ("unknown", "nation", False),
    ],
)
def test_sensitivity_decides_what_is_released(sensitivity, level, shown):
    assert (publishable(cell(level), sensitivity) is not None) is shown


def test_a_small_aggregate_is_released_as_suppressed_without_numbers():
    small = publishable(cell("county", units=2), "public")
    assert small.reason == "suppressed"
    assert (small.value, small.numerator, small.denominator, small.classification) == (
        None,
        None,
        None,
        "",
    )
    assert small.units == 2
    assert publishable(cell("county", units=3), "public") == cell("county", units=3)


cells = st.builds(
    Cell,
    indicator_id=st.integers(1, 9),
    level=st.sampled_from(LEVELS),
    unit_code=st.sampled_from(["0380", "03", "00"]),
    activity_code=st.sampled_from(["", "sabo", "*"]),
    value=st.one_of(st.none(), st.decimals(0, 100, places=4)),
    numerator=st.one_of(st.none(), st.decimals(0, 100, places=0)),
    denominator=st.one_of(st.none(), st.decimals(1, 100, places=0)),
    verdict=st.sampled_from(["", "met", "not_met"]),
    reason=st.sampled_from(["", "not_answered"]),
    units=st.integers(0, 300),
    classification=st.sampled_from(["", "green", "red"]),
)


@given(cells, st.sampled_from(["public", "aggregate", "restricted"]))
def test_nothing_leaks(c, sensitivity):
    out = publishable(c, sensitivity)
    if sensitivity == "restricted":
        assert out is None
    if sensitivity == "aggregate" and c.level == "municipality":
        assert out is None
    if out is not None and out.level != "municipality" and 0 < out.units < 3:
        assert out.value is out.numerator is out.denominator is None
        assert out.reason == "suppressed"
    if out is not None and out.reason != "suppressed":
        assert out == c
