"""Indicator results: municipality values, aggregates, classification and trends. Pure.

Aggregation rules (documented in docs/results.md):
- yes/no: the share of municipalities where the indicator is met, among those where it
  applies (met, partly or not met); partly met does not count as met;
- share: the sum of numerators over the sum of denominators (units pooled, so a large
  municipality weighs by its number of units);
- count and maturity: the median of the municipalities' values.
Municipalities without a value (not answered, not applicable) do not count.
"""

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from beredskap.catalogue.calculations import Reason, Verdict, evaluate

MUNICIPALITY, COUNTY, GROUP, NATION = "municipality", "county", "group", "nation"
NATION_CODE = "SE"
GREEN, YELLOW, RED = "green", "yellow", "red"
SMALL_N = 3  # aggregates over fewer municipalities are suppressed for outsiders
FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class IndicatorDef:
    """What the engine needs of an indicator version."""

    code: str
    kind: str
    formula: Mapping[str, Any]
    activities: tuple[str, ...] = ()  # empty: municipality-wide
    classification: Mapping[str, Any] = None
    direction: str = "higher_is_better"


@dataclass(frozen=True)
class Unit:
    """A municipality with the units it rolls up into."""

    code: str
    county: str
    group: str | None


@dataclass(frozen=True)
class Cell:
    """One result: an indicator for one unit (and activity)."""

    indicator: str
    level: str
    unit: str
    activity: str = ""
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    verdict: str = ""
    reason: str = ""
    units: int = 0
    classification: str = ""

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.indicator, self.level, self.unit, self.activity)


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def municipality_cells(
    definition: IndicatorDef, unit: Unit, answers: Mapping[str, Mapping[str, Any]]
) -> list[Cell]:
    """The municipality's cells: one per activity, or one municipality-wide.

    `answers` is {activity code: {question code: value}}, municipality-wide ones under ''.
    """
    cells = []
    for activity in definition.activities or ("",):
        seen = {**answers.get("", {}), **answers.get(activity, {})}
        outcome = evaluate(definition.kind, definition.formula, seen)
        cells.append(
            Cell(
                indicator=definition.code,
                level=MUNICIPALITY,
                unit=unit.code,
                activity=activity,
                value=_round(outcome.value),
                numerator=outcome.numerator,
                denominator=outcome.denominator,
                verdict=outcome.verdict.value if outcome.verdict else "",
                reason=outcome.reason.value if outcome.reason else "",
                units=1 if outcome.reason is None else 0,
            )
        )
    return cells


def aggregate(
    definition: IndicatorDef, cells: Iterable[Cell], level: str, unit: str, activity: str
) -> Cell:
    """Roll municipality cells up to a county, group or the nation by the kind's rule."""
    base = Cell(indicator=definition.code, level=level, unit=unit, activity=activity)
    cells = list(cells)
    if definition.kind == "yes_no":
        applicable = [
            c for c in cells if c.verdict in (Verdict.MET, Verdict.PARTLY, Verdict.NOT_MET)
        ]
        if not applicable:
            return replace(base, reason=_empty_reason(cells))
        met = sum(1 for c in applicable if c.verdict == Verdict.MET)
        value = Decimal(met) / Decimal(len(applicable)) * 100
        return replace(
            base,
            value=_round(value),
            numerator=Decimal(met),
            denominator=Decimal(len(applicable)),
            units=len(applicable),
        )
    valued = [c for c in cells if c.value is not None]
    if not valued:
        return replace(base, reason=_empty_reason(cells))
    if definition.kind == "share":
        numerator = sum((c.numerator for c in valued), Decimal(0))
        denominator = sum((c.denominator for c in valued), Decimal(0))
        value = numerator / denominator * 100
        return replace(
            base,
            value=_round(value),
            numerator=numerator,
            denominator=denominator,
            units=len(valued),
        )
    median = statistics.median(c.value for c in valued)
    return replace(base, value=_round(Decimal(median)), units=len(valued))


def _empty_reason(cells: list[Cell]) -> str:
    if any(c.reason == Reason.NOT_APPLICABLE for c in cells):
        return Reason.NOT_APPLICABLE.value
    return Reason.NOT_ANSWERED.value


def compute(
    definitions: Iterable[IndicatorDef],
    units: Iterable[Unit],
    answers: Mapping[str, Mapping[str, Mapping[str, Any]]],
) -> list[Cell]:
    """Every cell of a round: municipalities, counties, groups and the nation, classified.

    `answers` maps municipality code → {activity: {question: value}}; municipalities without
    answers (not submitted) get cells with reason not answered.
    """
    units = sorted(units, key=lambda u: u.code)
    result: list[Cell] = []
    for definition in sorted(definitions, key=lambda d: d.code):
        local = [
            cell
            for unit in units
            for cell in municipality_cells(definition, unit, answers.get(unit.code, {}))
        ]
        rolled = _aggregates(definition, units, local)
        result.extend(classify(definition, local, rolled))
    return result


def _aggregates(definition: IndicatorDef, units: list[Unit], local: list[Cell]) -> list[Cell]:
    by_code = {u.code: u for u in units}
    groups: dict[tuple[str, str, str], list[Cell]] = {}
    for cell in local:
        unit = by_code[cell.unit]
        for level, code in ((COUNTY, unit.county), (GROUP, unit.group), (NATION, NATION_CODE)):
            if code:
                groups.setdefault((level, code, cell.activity), []).append(cell)
    return [
        aggregate(definition, cells, level, code, activity)
        for (level, code, activity), cells in sorted(groups.items())
    ]


def classify(definition: IndicatorDef, local: list[Cell], rolled: list[Cell]) -> list[Cell]:
    """Colour every cell by the indicator's rule (the label travels with it)."""
    rule = dict(definition.classification or {"method": "verdict"})
    method = rule.get("method")
    if method == "verdict":
        colours = {Verdict.MET: GREEN, Verdict.PARTLY: YELLOW, Verdict.NOT_MET: RED}
        local = [replace(c, classification=colours.get(c.verdict, "")) for c in local]
        return local + rolled
    higher = definition.direction != "lower_is_better"
    if method == "tertiles":
        green, yellow = _tertile_cutoffs([c.value for c in local if c.value is not None], higher)
    else:
        green, yellow = Decimal(str(rule["green"])), Decimal(str(rule["yellow"]))
    if green is None:
        return local + rolled
    return [
        replace(c, classification=_colour(c.value, green, yellow, higher)) for c in local + rolled
    ]


def _tertile_cutoffs(values: list[Decimal], higher: bool) -> tuple[Decimal | None, Decimal | None]:
    """Relative classification: the best third green, the worst third red."""
    if len(values) < 3:
        return None, None
    ordered = sorted(values, reverse=higher)
    n = len(ordered)
    return ordered[math.ceil(n / 3) - 1], ordered[math.ceil(2 * n / 3) - 1]


def _colour(value: Decimal | None, green: Decimal, yellow: Decimal, higher: bool) -> str:
    if value is None:
        return ""
    if higher:
        return GREEN if value >= green else YELLOW if value >= yellow else RED
    return GREEN if value <= green else YELLOW if value <= yellow else RED


# --- trends -----------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal | None
    comparable_with_previous: bool | None
    change_note: str = ""


@dataclass(frozen=True)
class Segment:
    """A run of comparable years; `break_note` says why the series broke before it."""

    points: tuple[Point, ...]
    break_note: str = ""


def series(points: Iterable[Point]) -> list[Segment]:
    """Split an indicator's yearly values where an edition is not comparable with the last."""
    segments: list[list[Point]] = []
    notes: list[str] = []
    for point in sorted(points, key=lambda p: p.year):
        if not segments or point.comparable_with_previous is False:
            segments.append([])
            notes.append(point.change_note if segments[:-1] else "")
        segments[-1].append(point)
    return [Segment(tuple(s), note) for s, note in zip(segments, notes, strict=True)]
