"""Support needs: rank a unit's indicators and areas by how far they fall short. Pure.

A municipality, a county board and Socialstyrelsen each ask the same question: where is
support needed most? The answer weighs two things, both in percentage points so they add
up: how much of the unit falls short (its activities for a municipality, its
municipalities for a county or the nation), and how far its score lies below its SKR
group and the nation. docs/results.md ("Support needs") states the rule; the pages link
each need to guidance.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _round(number: Decimal) -> Decimal:
    """Two decimals: exact sums from here on, so the order of the input cannot matter."""
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class NeedInput:
    """One indicator of one unit, as the pages know it.

    `score` and its comparators are on a 0-100 scale (None for counts, maturity levels and
    missing values). `not_met` of `assessed` parts fall short: not met for yes/no
    indicators, classified red for the others.
    """

    indicator: str
    area: str
    score: Decimal | None
    group: Decimal | None
    nation: Decimal | None
    classification: str
    not_met: int
    assessed: int
    higher_is_better: bool = True


@dataclass(frozen=True)
class IndicatorNeed:
    indicator: str
    area: str
    not_met: int
    assessed: int
    gap_group: Decimal | None  # score minus the group's, turned so that below is negative
    gap_nation: Decimal | None
    priority: Decimal

    @property
    def shortfall(self) -> Decimal:
        """Percentage of the assessed parts that fall short."""
        return _round(HUNDRED * self.not_met / self.assessed) if self.assessed else Decimal(0)


@dataclass(frozen=True)
class AreaNeed:
    area: str
    in_need: int  # indicators of the area that are needs
    assessed: int  # indicators of the area with anything to judge
    mean_gap_nation: Decimal | None
    priority: Decimal


@dataclass(frozen=True)
class SupportNeeds:
    indicators: list[IndicatorNeed]  # the needs only, most urgent first
    areas: list[AreaNeed]  # areas with at least one need, most urgent first


def gap(score: Decimal | None, other: Decimal | None, higher_is_better: bool) -> Decimal | None:
    """How far `score` lies above `other` in the good direction (negative: below)."""
    if score is None or other is None:
        return None
    return score - other if higher_is_better else other - score


def assess(item: NeedInput) -> IndicatorNeed:
    """The indicator's gaps and priority.

    priority = shortfall + max(0, -gap to group) + max(0, -gap to nation), in percentage
    points: a municipality that meets an indicator in none of its 4 activities while the
    group meets it in 80 % of municipalities scores 100 + 80 (+ the gap to the nation).
    """
    gap_group = gap(item.score, item.group, item.higher_is_better)
    gap_nation = gap(item.score, item.nation, item.higher_is_better)
    assessed = max(item.assessed, 0)
    not_met = min(max(item.not_met, 0), assessed)
    shortfall = _round(HUNDRED * not_met / assessed) if assessed else Decimal(0)
    below = sum(
        (max(Decimal(0), -g) for g in (gap_group, gap_nation) if g is not None), start=Decimal(0)
    )
    return IndicatorNeed(
        indicator=item.indicator,
        area=item.area,
        not_met=not_met,
        assessed=assessed,
        gap_group=gap_group,
        gap_nation=gap_nation,
        priority=_round(shortfall + below),
    )


def _judged(item: NeedInput) -> bool:
    return item.assessed > 0 or item.score is not None


def rank(items: list[NeedInput]) -> SupportNeeds:
    """The needs of one unit, most urgent first; ties by code so the order is stable.

    An indicator is a need when its priority is above zero: some part falls short, or it
    lies below its group or the nation. An area's priority is the mean priority of its
    judged indicators, so a small area with one weak indicator is not hidden by a large
    one with many good ones.
    """
    judged = [item for item in items if _judged(item)]
    assessed = [assess(item) for item in judged]
    needs = sorted(
        (n for n in assessed if n.priority > 0), key=lambda n: (-n.priority, n.indicator)
    )
    by_area: dict[str, list[IndicatorNeed]] = {}
    for need in assessed:
        by_area.setdefault(need.area, []).append(need)
    areas = []
    for area, members in by_area.items():
        in_need = sum(1 for n in members if n.priority > 0)
        if not in_need:
            continue
        gaps = [n.gap_nation for n in members if n.gap_nation is not None]
        areas.append(
            AreaNeed(
                area=area,
                in_need=in_need,
                assessed=len(members),
                mean_gap_nation=_round(sum(gaps, start=Decimal(0)) / len(gaps)) if gaps else None,
                priority=_round(
                    sum((n.priority for n in members), start=Decimal(0)) / len(members)
                ),
            )
        )
    areas.sort(key=lambda a: (-a.priority, a.area))
    return SupportNeeds(indicators=needs, areas=areas)
