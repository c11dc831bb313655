"""Support needs: the ranking rule by hand, and its invariants by Hypothesis."""

import random
from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from beredskap.results.support import NeedInput, assess, rank


def need(indicator, area="B", score=None, group=None, nation=None, not_met=0, assessed=0, **kw):
    return NeedInput(
        indicator=indicator,
        area=area,
        score=None if score is None else D(score),
        group=None if group is None else D(group),
        nation=None if nation is None else D(nation),
        classification=kw.pop("classification", ""),
        not_met=not_met,
        assessed=assessed,
        **kw,
    )


def test_a_municipality_ranks_by_shortfall_plus_distance_below_group_and_nation():
    ranked = rank(
        [
            # Not met in 3 of 4 activities; 25 against a group at 60 and a nation at 70.
            need("KON01", "B", score=25, group=60, nation=70, not_met=3, assessed=4),
            # Met everywhere and above both: no need.
            need("KON02", "B", score=100, group=80, nation=75, not_met=0, assessed=4),
            # A share below the nation only: 40 against 50.
            need("FOR01", "F", score=40, group=30, nation=50, not_met=0, assessed=1),
            # A count has no score; red counts as falling short.
            need("UTB01", "H", not_met=1, assessed=1, classification="red"),
        ]
    )
    assert [(n.indicator, n.priority) for n in ranked.indicators] == [
        ("KON01", D(75) + D(35) + D(45)),
        ("UTB01", D(100)),
        ("FOR01", D(10)),
    ]
    kon = ranked.indicators[0]
    assert (kon.gap_group, kon.gap_nation, kon.shortfall) == (D(-35), D(-45), D(75))
    assert [(a.area, a.in_need, a.assessed) for a in ranked.areas] == [
        ("H", 1, 1),
        ("B", 1, 2),
        ("F", 1, 1),
    ]
    area_b = ranked.areas[1]
    assert area_b.priority == (D(155) + D(0)) / 2
    assert area_b.mean_gap_nation == (D(-45) + D(25)) / 2


def test_lower_is_better_turns_the_gaps():
    ranked = rank([need("X", score=30, group=20, nation=10, higher_is_better=False)])
    (only,) = ranked.indicators
    assert (only.gap_group, only.gap_nation, only.priority) == (D(-10), D(-20), D(30))


def test_nothing_judged_is_no_need_and_no_area():
    ranked = rank([need("A1", "A"), need("B1", "B", score=90, group=80, nation=85)])
    assert ranked.indicators == []
    assert ranked.areas == []


def test_ties_are_broken_by_code():
    ranked = rank([need(code, not_met=1, assessed=2) for code in ("C", "A", "B")])
    assert [n.indicator for n in ranked.indicators] == ["A", "B", "C"]


scores = st.one_of(st.none(), st.integers(0, 100).map(D))
inputs = st.builds(
    NeedInput,
    indicator=st.sampled_from([f"I{n}" for n in range(12)]),
    area=st.sampled_from("ABCDEFGHI"),
    score=scores,
    group=scores,
    nation=scores,
    classification=st.sampled_from(["", "green", "yellow", "red"]),
    not_met=st.integers(0, 10),
    assessed=st.integers(0, 10),
    higher_is_better=st.booleans(),
)
unique_inputs = st.lists(inputs, max_size=20, unique_by=lambda i: i.indicator)


@given(unique_inputs, st.randoms())
def test_the_ranking_does_not_depend_on_input_order(items, rnd: random.Random):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert rank(shuffled) == rank(items)


@given(unique_inputs)
def test_needs_are_sorted_positive_and_counted_by_their_areas(items):
    ranked = rank(items)
    priorities = [n.priority for n in ranked.indicators]
    assert all(p > 0 for p in priorities)
    assert priorities == sorted(priorities, reverse=True)
    assert sum(a.in_need for a in ranked.areas) == len(ranked.indicators)
    for n in ranked.indicators:
        assert 0 <= n.not_met <= n.assessed
        assert 0 <= n.shortfall <= 100


@given(inputs, st.integers(1, 10))
def test_falling_short_in_more_parts_never_lowers_the_priority(item, more):
    worse = replace(item, not_met=item.not_met + more)
    assert assess(worse).priority >= assess(item).priority
