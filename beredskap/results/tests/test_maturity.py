"""The pure parts of the målbild view: maturity distributions and gaps, and the support
needs' count of målbild gaps."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap.results import maturity, support
from beredskap.results.presentation import Cell

levels = st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=4)), max_size=20)


@given(values=levels)
def test_a_distribution_counts_each_level_and_ignores_missing_values(values):
    found = maturity.distribution(values)
    assert found.total == sum(1 for v in values if v is not None)
    assert found.counts == tuple(values.count(level) for level in maturity.LEVELS)
    assert found.reached == sum(1 for v in values if v is not None and v >= 3)
    assert sum(found.percent(level) for level in maturity.LEVELS) in (
        {0} if not found.total else set(range(98, 103))
    )


@pytest.mark.parametrize(
    "value, level, gap",
    [(None, None, None), (Decimal("0"), 0, 3), (Decimal("2"), 2, 1), (Decimal("4"), 4, 0),
     (Decimal("2.5"), None, None), (7, None, None)],
)  # fmt: skip
def test_levels_and_gaps(value, level, gap):
    assert maturity.level_of(value) == level
    assert maturity.gap(level) == gap


#: A maturity indicator as a page knows it (a `queries.Column`'s attributes).
_Column = SimpleNamespace(
    code="MAL01",
    kind="maturity",
    version=SimpleNamespace(area=SimpleNamespace(code="B"), direction="higher_is_better"),
)


def _cell(classification: str) -> Cell:
    return Cell(1, "municipality", "0380", "", Decimal(2), None, None, "", "", 1, classification)


def test_a_målbild_not_reached_is_a_need_even_when_only_fair():
    fair = _cell("yellow")
    plain = support.need_input(_Column, fair, group=None, nation=None, parts=[fair])
    assert plain.not_met == 0  # an ordinary maturity indicator falls short when red only
    target = support.need_input(
        _Column, fair, group=None, nation=None, parts=[fair], target_state="MB_B_PLAN"
    )
    assert (target.not_met, target.assessed) == (1, 1)
    ranked = support.rank([plain, target])
    assert (ranked.targets, ranked.target_gaps) == (1, 1)
    reached = _cell("green")
    done = support.need_input(
        _Column, reached, group=None, nation=None, parts=[reached], target_state="MB_B_PLAN"
    )
    assert (support.rank([done]).targets, support.rank([done]).target_gaps) == (1, 0)
