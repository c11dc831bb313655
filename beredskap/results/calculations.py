"""Indicator results: municipality values, aggregates, classification and trends. Pure.

Aggregation rules (documented in docs/results.md):
- yes/no: the share of municipalities where the indicator is met, among those where it
  applies (met, partly or not met); partly met does not count as met;
- share: the sum of numerators over the sum of denominators (units pooled, so a large
  municipality weighs by its number of units); so also the all-activities summary of a
  yes/no indicator: the share of the municipalities' activities where it is met;
- count and maturity: the median of the municipalities' values.
Municipalities without a value (not answered, not applicable) do not count.
"""

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from operator import attrgetter
from typing import Any, NamedTuple

from beredskap.catalogue.calculations import (
    Evaluator,
    Outcome,
    Reason,
    Verdict,
    compile_formula,
    referenced_questions,
)

MUNICIPALITY, COUNTY, GROUP, NATION = "municipality", "county", "group", "nation"
NATION_CODE = "SE"
SUMMARY = "*"  # activity code of the all-activities summary of a per-activity indicator
GREEN, YELLOW, RED = "green", "yellow", "red"
CLASSES = (GREEN, YELLOW, RED)
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


class Cell(NamedTuple):
    """One result: an indicator for one unit (and activity).

    A named tuple, not a frozen dataclass: a round has some 90,000 cells (800,000 at ten
    times the municipalities), and the dataclass's `__init__`, one `object.__setattr__`
    per field, cost more than evaluating the formulas. Immutable and compared by value all
    the same; `cell._replace(...)` where `dataclasses.replace` was.
    """

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
    evaluate = compile_formula(definition.kind, definition.formula)
    return [
        Cell(
            definition.code,
            MUNICIPALITY,
            unit.code,
            activity,
            *_fields(evaluate(_seen(answers, activity)), {}),
        )
        for activity in definition.activities or ("",)
    ]


def _seen(answers: Mapping[str, Mapping[str, Any]], activity: str) -> Mapping[str, Any]:
    """What a formula sees for an activity: its answers over the municipality-wide ones."""
    common = answers.get("", {})
    own = answers.get(activity) if activity else None
    return {**common, **own} if own else common


_TEXT = {None: "", **{member: member.value for member in (*Verdict, *Reason)}}
VERDICT_COLOURS = {Verdict.MET: GREEN, Verdict.PARTLY: YELLOW, Verdict.NOT_MET: RED}


def _fields(outcome: Outcome, colours: Mapping[str, str]) -> tuple:
    """A municipality cell's fields from `value` on; coloured now when the colour follows
    from the verdict alone (`colours`)."""
    value, verdict, reason = outcome.value, _TEXT[outcome.verdict], outcome.reason
    return (
        None if value is None else value.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP),
        outcome.numerator,
        outcome.denominator,
        verdict,
        _TEXT[reason],
        1 if reason is None else 0,
        colours.get(verdict, ""),
    )


def aggregate(
    definition: IndicatorDef, cells: Iterable[Cell], level: str, unit: str, activity: str
) -> Cell:
    """Roll municipality cells up to a county, group or the nation by the kind's rule."""
    base = partial(Cell, indicator=definition.code, level=level, unit=unit, activity=activity)
    cells = cells if isinstance(cells, list) else list(cells)
    pooled = definition.kind == "share" or (definition.kind == "yes_no" and activity == SUMMARY)
    if definition.kind == "yes_no" and not pooled:
        verdicts = Counter(map(_VERDICT, cells))  # counted in C: this runs per aggregate
        applicable = verdicts[Verdict.MET] + verdicts[Verdict.PARTLY] + verdicts[Verdict.NOT_MET]
        if not applicable:
            return base(reason=_empty_reason(cells))
        met = verdicts[Verdict.MET]
        value = Decimal(met) / Decimal(applicable) * 100
        return base(
            value=_round(value),
            numerator=Decimal(met),
            denominator=Decimal(applicable),
            units=applicable,
        )
    valued = [c for c in cells if c.value is not None]
    if not valued:
        return base(reason=_empty_reason(cells))
    if pooled:
        numerator = sum(map(_NUMERATOR, valued), Decimal(0))
        denominator = sum(map(_DENOMINATOR, valued), Decimal(0))
        value = numerator / denominator * 100
        return base(
            value=_round(value),
            numerator=numerator,
            denominator=denominator,
            units=len(valued),
        )
    median = statistics.median(map(_VALUE, valued))
    return base(value=_round(Decimal(median)), units=len(valued))


_VERDICT, _REASON = attrgetter("verdict"), attrgetter("reason")
_VALUE, _NUMERATOR, _DENOMINATOR = (attrgetter(f) for f in ("value", "numerator", "denominator"))


def _empty_reason(cells: list[Cell]) -> str:
    if Reason.NOT_APPLICABLE in map(_REASON, cells):
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
    return [cell for _, cells in compute_each(definitions, units, answers) for cell in cells]


def compute_each(
    definitions: Iterable[IndicatorDef],
    units: Iterable[Unit],
    answers: Mapping[str, Mapping[str, Mapping[str, Any]]],
) -> Iterator[tuple[IndicatorDef, list[Cell]]]:
    """`compute` one indicator at a time (to show progress), in code order.

    Who belongs to which aggregate is worked out once for all indicators.
    """
    units = sorted(units, key=lambda u: u.code)
    members = _members(units)
    for definition, local in local_each(definitions, units, answers):
        rolled = _aggregates(definition, units, members, local)
        yield definition, classify(definition, local, rolled)


def local_each(
    definitions: Iterable[IndicatorDef],
    units: Iterable[Unit],
    answers: Mapping[str, Mapping[str, Mapping[str, Any]]],
) -> Iterator[tuple[IndicatorDef, list[Cell]]]:
    """The municipality cells (with their summaries) of each indicator, in code order, not
    yet classified. What each municipality's formulas see per activity is worked out once
    for all indicators."""
    units = sorted(units, key=lambda u: u.code)
    definitions = sorted(definitions, key=lambda d: d.code)
    activities = {"", *(a for d in definitions for a in d.activities)}
    views = {
        unit.code: {a: _seen(answers.get(unit.code, {}), a) for a in activities} for unit in units
    }
    for definition in definitions:
        evaluate = compile_formula(definition.kind, definition.formula)
        local = _local(definition, evaluate, units, views)
        if definition.activities:
            local += summaries(definition, local)
        yield definition, local


def recombine(
    definition: IndicatorDef,
    units: Iterable[Unit],
    local: list[Cell],
    kept: Iterable[Cell],
    affected: set[tuple[str, str]],
    members: dict[tuple[str, str], list[int]] | None = None,
) -> list[Cell]:
    """Every cell of an indicator after some municipalities' cells changed: the aggregates
    of the `affected` (level, code) rolled up again from `local` (every municipality's
    cells), the other aggregates `kept` as they were; all classified again, as a relative
    classification moves with any municipality's value. Cells come as `local_each` yields
    them or as stored (with their classification, which `classify` replaces where it
    moved); the result is what `compute_each` yields for the same answers. `members`:
    `affected_members(units, affected)`, from a caller recombining many indicators at once.
    """
    units = sorted(units, key=lambda u: u.code)
    members = affected_members(units, affected) if members is None else members
    rolled = _aggregates(definition, units, members, local)
    rolled += [cell for cell in kept if (cell.level, cell.unit) not in affected]
    return classify(definition, local, sorted(rolled, key=lambda c: c[1:4]))


def _local(
    definition: IndicatorDef,
    evaluate: Evaluator,
    units: list[Unit],
    views: dict[str, dict[str, Mapping[str, Any]]],
) -> list[Cell]:
    """The municipality cells of an indicator, as `municipality_cells` for every unit.

    Municipalities that gave the same answers to the questions the formula reads share one
    evaluation: an outcome depends on nothing else (a catalogue test holds
    `referenced_questions` to that). The memo is keyed on the answers' identities, which
    is cheap for any value and never wrong, as the answers stay alive meanwhile; it hits
    because the loader decodes each distinct answer once (services.answers).
    """
    code, activities = definition.code, definition.activities or ("",)
    method = (definition.classification or {"method": "verdict"}).get("method")
    colours = VERDICT_COLOURS if method == "verdict" else {}  # classify keeps these
    reads = sorted(referenced_questions(definition.formula))
    memo: dict[tuple[int, ...], tuple] = {}
    cells: list[Cell] = []
    for unit in units:
        seen = views[unit.code]
        for activity in activities:
            answers = seen[activity]
            key = tuple([id(answers.get(question)) for question in reads])
            fields = memo.get(key)
            if fields is None:
                fields = memo[key] = _fields(evaluate(answers), colours)
            cells.append(Cell(code, MUNICIPALITY, unit.code, activity, *fields))
    return cells


def affected_members(
    units: Iterable[Unit], affected: set[tuple[str, str]]
) -> dict[tuple[str, str], list[int]]:
    """The positions of the `affected` (level, code) aggregates' municipalities in `units`
    sorted by code, as `recombine` rolls them up."""
    units = sorted(units, key=lambda u: u.code)
    return {key: at for key, at in _members(units).items() if key in affected}


def _members(units: list[Unit]) -> dict[tuple[str, str], list[int]]:
    """The positions in `units` of each county's, group's and the nation's municipalities."""
    members: dict[tuple[str, str], list[int]] = {}
    for index, unit in enumerate(units):
        for level, code in ((COUNTY, unit.county), (GROUP, unit.group), (NATION, NATION_CODE)):
            if code:
                members.setdefault((level, code), []).append(index)
    return members


def _aggregates(
    definition: IndicatorDef,
    units: list[Unit],
    members: dict[tuple[str, str], list[int]],
    local: list[Cell],
) -> list[Cell]:
    """Every aggregate of an indicator: the cells of each activity, laid out as `units`,
    picked by position for each county, group and the nation."""
    position = {unit.code: index for index, unit in enumerate(units)}
    columns: dict[str, list[Cell | None]] = {}
    for cell in local:
        column = columns.get(cell.activity)
        if column is None:
            column = columns[cell.activity] = [None] * len(units)
        column[position[cell.unit]] = cell
    rolled = []
    for (level, code), indices in members.items():
        for activity, column in columns.items():
            cells = [cell for i in indices if (cell := column[i]) is not None]
            if cells:
                rolled.append((level, code, activity, cells))
    return [
        aggregate(definition, cells, level, code, activity)
        for level, code, activity, cells in sorted(rolled, key=lambda r: r[:3])
    ]


def classify(definition: IndicatorDef, local: list[Cell], rolled: list[Cell]) -> list[Cell]:
    """Colour every cell by the indicator's rule (the label travels with it). A cell that
    already has its colour is returned as it is, the same object: the incremental recompute
    writes only the cells that are not (`services._differences`)."""
    rule = dict(definition.classification or {"method": "verdict"})
    method = rule.get("method")
    if method == "verdict":
        local = [
            c
            if c.classification == (colour := VERDICT_COLOURS.get(c.verdict, ""))
            else _coloured(c, colour)
            for c in local
        ]  # aggregates take no colour by verdict, whatever a stored one came with
        return local + [c if not c.classification else _coloured(c, "") for c in rolled]
    higher = definition.direction != "lower_is_better"
    if method == "tertiles":
        # Relative to the municipalities' values of the same activity (or summary).
        cutoffs = {
            activity: _tertile_cutoffs(
                [c.value for c in local if c.activity == activity and c.value is not None],
                higher,
            )
            for activity in {c.activity for c in local}
        }
    else:
        fixed = Decimal(str(rule["green"])), Decimal(str(rule["yellow"]))
        cutoffs = {activity: fixed for activity in {c.activity for c in local + rolled}}
    classified = []
    for c in local + rolled:
        green, yellow = cutoffs.get(c.activity, (None, None))
        colour = "" if green is None else _colour(c.value, green, yellow, higher)
        classified.append(c if c.classification == colour else _coloured(c, colour))
    return classified


def _coloured(cell: Cell, colour: str) -> Cell:
    """`cell._replace(classification=colour)` without its per-call field mapping."""
    return tuple.__new__(Cell, (*cell[:-1], colour))


assert Cell._fields[-1] == "classification"  # what `_coloured` relies on


def summaries(definition: IndicatorDef, local: list[Cell]) -> list[Cell]:
    """Each municipality's all-activities summary (activity SUMMARY) of a per-activity indicator.

    yes/no: met when met in every activity where it applies, not met when met in none and
    partly met in none, otherwise partly; the value is the share of those activities where
    it is met (numerator and denominator count them), and aggregates pool these counts.
    share: the activities' numerators over their denominators (units pooled).
    count: the sum over the activities; maturity: their median.
    """
    by_unit: dict[str, list[Cell]] = {}
    for cell in local:
        by_unit.setdefault(cell.unit, []).append(cell)
    result = []
    for unit, cells in by_unit.items():
        base = partial(
            Cell, indicator=definition.code, level=MUNICIPALITY, unit=unit, activity=SUMMARY
        )
        result.append(_summary(definition.kind, base, cells))
    return result


def _summary(kind: str, base: Callable[..., Cell], cells: list[Cell]) -> Cell:
    if kind == "yes_no":
        applicable = [
            c.verdict for c in cells if c.verdict in (Verdict.MET, Verdict.PARTLY, Verdict.NOT_MET)
        ]
        if not applicable:
            verdict = (
                Verdict.NOT_APPLICABLE if _empty_reason(cells) == Reason.NOT_APPLICABLE else ""
            )
            return base(verdict=verdict, reason=_empty_reason(cells))
        met = applicable.count(Verdict.MET)
        if met == len(applicable):
            verdict = Verdict.MET
        elif met == 0 and Verdict.PARTLY not in applicable:
            verdict = Verdict.NOT_MET
        else:
            verdict = Verdict.PARTLY
        return base(
            verdict=verdict.value,
            value=_round(Decimal(met) / Decimal(len(applicable)) * 100),
            numerator=Decimal(met),
            denominator=Decimal(len(applicable)),
            units=1,
        )
    valued = [c for c in cells if c.value is not None]
    if not valued:
        return base(reason=_empty_reason(cells))
    if kind == "share":
        numerator = sum((c.numerator for c in valued), Decimal(0))
        denominator = sum((c.denominator for c in valued), Decimal(0))
        if not denominator:
            return base(reason=Reason.NOT_APPLICABLE.value)
        value = numerator / denominator * 100
        return base(value=_round(value), numerator=numerator, denominator=denominator, units=1)
    if kind == "count":
        return base(value=_round(sum((c.value for c in valued), Decimal(0))), units=1)
    return base(value=_round(Decimal(statistics.median(c.value for c in valued))), units=1)


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
