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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Protocol

from beredskap.catalogue.models import IndicatorVersion
from beredskap.library.queries import items_for

from . import calculations as calc
from .presentation import Cell, score

if TYPE_CHECKING:
    from beredskap.registry.access import ValueViewer
    from beredskap.registry.models import County, Municipality

    from .presentation import Shown
    from .queries import Column

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
    target_state: str = ""  # the målbild whose maturity the indicator measures, if any


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
    targets: int = 0  # målbilder (target states) with a maturity to judge
    target_gaps: int = 0  # of them, those not reached by some part


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
    targets = [n for item, n in zip(judged, assessed, strict=True) if item.target_state]
    return SupportNeeds(
        indicators=needs,
        areas=areas,
        targets=len(targets),
        target_gaps=sum(1 for n in targets if n.not_met),
    )


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
    column: Indicator,
    own: Cell | None,
    *,
    group: Cell | None,
    nation: Cell | None,
    parts,
    target_state: str = "",
) -> NeedInput:
    """One indicator of a unit for the ranking: its score, comparators and shortfalls.

    `parts` are the cells under the unit: a municipality's activities, or a county's or
    the nation's municipalities. Yes/no parts fall short when not met; others when red;
    the maturity of a målbild (`target_state`) whenever it has not reached it (not green:
    a gap to the målbild, docs/planning.md).
    """
    parts = [p for p in parts if p is not None]
    if column.kind == "yes_no":
        assessed = [p for p in parts if p.verdict in ("met", "partly", "not_met")]
        not_met = sum(1 for p in assessed if p.verdict == "not_met")
    elif target_state:
        assessed = [p for p in parts if p.classification]
        not_met = sum(1 for p in assessed if p.classification != calc.GREEN)
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
        target_state=target_state,
    )


def support_needs(items: list[NeedInput], cols: list[Indicator]) -> dict:
    """The ranked needs with each indicator's and area's column or area and its guidance."""
    ranked = rank(items)
    by_code = {c.code: c for c in cols}
    areas = {c.version.area.code: c.version.area for c in cols}
    shown = ranked.indicators[:NEEDS_SHOWN]
    guidance = items_for(
        area_codes=[a.area for a in ranked.areas], indicator_codes=[n.indicator for n in shown]
    )
    return {
        "indicators": [(n, by_code[n.indicator], guidance.get(n.indicator, [])) for n in shown],
        "areas": [
            (a, areas[a.area], guidance.get(a.area, [])) for a in ranked.areas if a.area in areas
        ],
        "total": len(ranked.indicators),
        "targets": ranked.targets,
        "target_gaps": ranked.target_gaps,
    }


# --- needs in reports ---
# The annual reports (reporting's drafts) name the needs of a county and its municipalities,
# ranked as above, and the support activities of the year that addressed them. Activities
# and the values read for a draft are read here by their attributes only (`Activity`,
# `Values`), so that this module stays below reporting and support.

#: Rows of the development tables: the open needs most worth starting from.
STARTING_POINTS = 10


class Activity(Protocol):
    """A support activity as the needs read it: its topic area, and the indicators it named
    and the municipalities it reached (related managers; `.all()` gives objects with a
    `code`)."""

    area_code: str
    indicators: Any
    municipalities: Any


class Values(Protocol):
    """A round's values read once for a draft: its columns, and cells by (version, activity,
    unit) of municipalities (`local`) and aggregates (`rolled`), and each municipality's
    activity cells by (version, municipality) (`parts`); `targets` maps an indicator code to
    the målbild its maturity measures (`queries.target_links`), so that a målbild's gap
    counts in the reports as on the pages."""

    columns: list["Column"]
    local: dict
    parts: dict
    rolled: dict
    targets: dict


@dataclass(frozen=True)
class Need:
    """A support need of a county or of one of its municipalities, with the activities that
    addressed it."""

    indicator: str
    area: str
    title: str
    unit: str  # municipality code, or "" for the county itself in its own report
    unit_name: str
    priority: Decimal
    addressed_by: tuple[Activity, ...] = ()

    @property
    def open(self) -> bool:
        return not self.addressed_by


def _visible(shown: "Shown") -> bool:
    return shown.css != "hidden"


def _seen(column: "Column", cell, viewer: "ValueViewer"):
    """The cell if the viewer may see it, else None (nothing to compare with)."""
    return cell if _visible(column.show(cell, viewer)) else None


def _most_urgent(found: list[tuple], targets: dict) -> list[tuple[IndicatorNeed, "Column"]]:
    """The needs shown of (column, own, group, nation, parts) rows, as the pages rank them
    (a målbild's maturity falls short wherever it is not reached, `need_input`)."""
    items, by_code = [], {}
    for column, own, group, nation, parts in found:
        target = targets.get(column.code, "")
        items.append(
            need_input(column, own, group=group, nation=nation, parts=parts, target_state=target)
        )
        by_code[column.code] = column
    return [(need, by_code[need.indicator]) for need in rank(items).indicators[:NEEDS_SHOWN]]


def county_needs(
    values: Values, county_code: str, members: list[str], viewer: "ValueViewer"
) -> list[tuple[IndicatorNeed, "Column"]]:
    """The county's needs as its results page ranks them, for what the viewer may see:
    the municipalities that fall short are counted only where the county's value shows."""
    found = []
    for column in values.columns:
        own = values.rolled.get((*column.key, county_code))
        if _visible(column.show(own, viewer)):
            nation = _seen(column, values.rolled.get((*column.key, calc.NATION_CODE)), viewer)
            parts = [values.local.get((*column.key, code)) for code in members]
            found.append((column, own, None, nation, parts))
    return _most_urgent(found, values.targets)


def municipality_needs(
    values: Values, municipality: "Municipality", viewer: "ValueViewer"
) -> list[tuple[IndicatorNeed, "Column"]]:
    """A municipality's needs as its results page ranks them, among the indicators whose
    municipality values the viewer may see (public ones)."""
    found = []
    code = municipality.code
    for column in values.columns:
        own = values.local.get((*column.key, code))
        if _visible(column.show(own, viewer)):
            group = values.rolled.get((*column.key, municipality.group_code or ""))
            nation = values.rolled.get((*column.key, calc.NATION_CODE))
            parts = values.parts.get((column.version.pk, code)) or ([own] if own else [])
            comparators = _seen(column, group, viewer), _seen(column, nation, viewer)
            found.append((column, own, *comparators, parts))
    return _most_urgent(found, values.targets)


@dataclass(frozen=True)
class Reach:
    """What an activity named and whom it reached, as sets (read once per draft)."""

    activity: Activity
    indicators: frozenset[str]
    municipalities: frozenset[str]


def reaches(activities: Iterable[Activity]) -> list[Reach]:
    return [
        Reach(
            a,
            frozenset(i.code for i in a.indicators.all()),
            frozenset(m.code for m in a.municipalities.all()),
        )
        for a in activities
    ]


def addressing(
    reached: Iterable[Reach], *, indicator: str, area: str, municipality: str = ""
) -> tuple[Activity, ...]:
    """The activities that addressed a need: naming its indicator or its area, and for a
    municipality's need, reaching that municipality."""
    return tuple(
        r.activity
        for r in reached
        if (indicator in r.indicators or (area and r.activity.area_code == area))
        and (not municipality or municipality in r.municipalities)
    )


def needs_of_county(
    values: Values,
    county: "County",
    members: list["Municipality"],
    reached: list[Reach],
    viewer: "ValueViewer",
    *,
    unit: str = "",
) -> list[Need]:
    """The county's needs, each with the activities that addressed it; `unit` marks them
    ("" in the county's own report, the county's code in the national compilation)."""
    codes = [m.code for m in members]
    return [
        Need(
            need.indicator, need.area, column.version.title, unit, county.name, need.priority,
            addressing(reached, indicator=need.indicator, area=need.area),
        )
        for need, column in county_needs(values, county.code, codes, viewer)
    ]  # fmt: skip


def needs_of_municipalities(
    values: Values, members: list["Municipality"], reached: list[Reach], viewer: "ValueViewer"
) -> list[Need]:
    """Each municipality's needs, each with the activities that reached the municipality and
    named the need's indicator or area."""
    return [
        Need(
            need.indicator, need.area, column.version.title, m.code, m.name, need.priority,
            addressing(reached, indicator=need.indicator, area=need.area, municipality=m.code),
        )
        for m in members
        for need, column in municipality_needs(values, m, viewer)
    ]  # fmt: skip


def by_indicator(needs: Iterable[Need]) -> dict[str, list[Need]]:
    """The needs grouped by indicator, in the order first met."""
    grouped: dict[str, list[Need]] = defaultdict(list)
    for n in needs:
        grouped[n.indicator].append(n)
    return dict(grouped)


@dataclass(frozen=True)
class StartingPoint:
    indicator: str
    area: str
    title: str
    municipalities: int  # with the need open
    county: bool  # an open need of the county itself


def starting_points(needs: list[Need]) -> list[StartingPoint]:
    """The open needs, by indicator: most municipalities first, the county's own next."""
    points = [
        StartingPoint(
            code,
            found[0].area,
            found[0].title,
            sum(1 for n in found if n.unit),
            any(not n.unit for n in found),
        )
        for code, found in by_indicator(n for n in needs if n.open).items()
    ]
    points.sort(key=lambda p: (-p.municipalities, not p.county, p.indicator))
    return points[:STARTING_POINTS]
