"""Support needs: rank a unit's indicators and areas by how far they fall short.

A municipality, a county board and Socialstyrelsen each ask the same question: where is
support needed most? The answer weighs two things, both in percentage points so they add
up: how much of the unit falls short (its activities for a municipality, its
municipalities for a county or the nation), and how far its score lies below its SKR
group and the nation. docs/results.md ("Support needs") states the rule; the pages link
each need to guidance.

The ranking is pure. `need_input` turns a page's cells of one indicator into its input,
and `support_needs` ranks them for a page with the guidance of each need; the pages in
`results.queries` read the cells and call them, so this module never imports those.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from beredskap.catalogue.models import IndicatorVersion
from beredskap.catalogue.services import guidance_for

from . import calculations as calc
from .presentation import Cell, score

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


# --- from a page's cells to its needs ----------------------------------------------------

#: A unit's support needs on a page: its most urgent ones.
NEEDS_SHOWN = 10


class Indicator(Protocol):
    """An indicator as a page shows it (`queries.Column`): its version and its cells' kind."""

    @property
    def code(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def version(self) -> IndicatorVersion: ...


def need_input(
    column: Indicator, own: Cell | None, *, group: Cell | None, nation: Cell | None, parts
) -> NeedInput:
    """One indicator of a unit for the ranking: its score, comparators and shortfalls.

    `parts` are the cells under the unit: a municipality's activities, or a county's or
    the nation's municipalities. Yes/no parts fall short when not met; others when red.
    """
    parts = [p for p in parts if p is not None]
    if column.kind == "yes_no":
        assessed = [p for p in parts if p.verdict in ("met", "partly", "not_met")]
        not_met = sum(1 for p in assessed if p.verdict == "not_met")
    else:
        assessed = [p for p in parts if p.classification]
        not_met = sum(1 for p in assessed if p.classification == calc.RED)
    return NeedInput(
        indicator=column.code,
        area=column.version.area.code,
        score=score(own, column.kind),
        group=score(group, column.kind),
        nation=score(nation, column.kind),
        classification=own.classification if own else "",
        not_met=not_met,
        assessed=len(assessed),
        higher_is_better=column.version.direction != "lower_is_better",
    )


def support_needs(items: list[NeedInput], cols: list[Indicator]) -> dict:
    """The ranked needs with each indicator's and area's column or area and its guidance."""
    ranked = rank(items)
    by_code = {c.code: c for c in cols}
    areas = {c.version.area.code: c.version.area for c in cols}
    shown = ranked.indicators[:NEEDS_SHOWN]
    guidance = guidance_for([a.area for a in ranked.areas], [n.indicator for n in shown])
    return {
        "indicators": [(n, by_code[n.indicator], guidance.get(n.indicator, [])) for n in shown],
        "areas": [
            (a, areas[a.area], guidance.get(a.area, [])) for a in ranked.areas if a.area in areas
        ],
        "total": len(ranked.indicators),
    }
