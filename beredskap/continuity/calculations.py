"""The scenario engine: how long each critical function lasts under the planning
assumptions. Pure: frozen dataclasses in, frozen dataclasses out, no database.

A *scenario* is one or several grundantaganden of the adopted direction with their
parameters. Each assumption cuts one dependency category (electricity, water, …) for a
number of hours from hour 0, or (staff) removes a share of the staff for some weeks.

For one function, every dependency the scenario touches gives an *outage interval*:

- a supply dependency (electricity, water, heating, …) cut for D hours with a reserve of
  R hours (None = no reserve, R = 0) is out during [R, D) when R < D, and never when the
  reserve lasts the cut (R ≥ D);
- a staff dependency with `staff_available` people and `staff_minimum` needed is out during
  every phase of the absence curve where the staff present falls under the minimum (see
  `StaffAbsence`); no figures on the staff = no reserve: out for the whole absence.

The function is out whenever any of its intervals covers the hour. It *fails* at the start
of its first outage (`fails_at`); its *downtime* is its longest continuous outage (the
intervals merged where they touch or overlap). It is a *gap* when it fails and its downtime
is longer than its maximum tolerable downtime. The people affected by a failure are the
people its unit serves. Gaps are ranked by the hours beyond the tolerable downtime, then by
the people affected (more first), then by unit and function name.

What-if adjustments (`with_extra_reserve`, `with_extra_staff`, `with_parameter`) return new
inputs; nothing is saved.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_DAY = 24
HOURS_PER_WEEK = 168
HOURS_PER_MONTH = 730  # 365.25 * 24 / 12, rounded
STAFF = "staff"
#: Categories an assumption cuts for its duration; `staff` works by the absence curve, and
#: `scenario` (the length of the whole crisis) and `information_influence` cut no supply.
SUPPLY_CATEGORIES = (
    "electricity",
    "water",
    "heating",
    "it_telephony",
    "fuel_transport",
    "medicines_supplies",
    "food",
    "premises",
)
MODELLED_CATEGORIES = (*SUPPLY_CATEGORIES, STAFF)
#: A duration parameter of an assumption, by name, and its factor to hours; the first found
#: is the assumption's duration.
DURATION_PARAMETERS = (
    ("duration_hours", 1),
    ("evacuation_hours", 1),
    ("duration_days", HOURS_PER_DAY),
    ("days", HOURS_PER_DAY),
    ("duration_weeks", HOURS_PER_WEEK),
    ("duration_months", HOURS_PER_MONTH),
)


# --- inputs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Dependency:
    category: str
    reserve_hours: float | None = None  # None: no reserve
    staff_minimum: int | None = None  # staff only: people needed on duty
    staff_available: int | None = None  # staff only: people normally available


@dataclass(frozen=True)
class Function:
    key: str
    name: str
    max_downtime_hours: float
    dependencies: tuple[Dependency, ...] = ()


@dataclass(frozen=True)
class Unit:
    key: str
    name: str
    people_served: int
    functions: tuple[Function, ...] = ()


@dataclass(frozen=True)
class StaffAbsence:
    """The staff-absence curve: for the first `peak_weeks` weeks a share `peak_share` of
    the staff is away, then `share` until week `weeks`, then everyone is back. When
    `peak_weeks` ≥ `weeks` the whole absence is at the peak. Absent people are whole people,
    rounded up: of 7 staff at 0.4, 3 are away (2.8 → 3) and 4 present."""

    share: float
    weeks: float
    peak_share: float = 0.0
    peak_weeks: float = 0.0

    def phases(self) -> tuple[tuple[float, float, float], ...]:
        """(start hour, end hour, absent share) of each phase with a length."""
        peak_end = self.peak_weeks * HOURS_PER_WEEK
        end = self.weeks * HOURS_PER_WEEK
        phases = []
        if peak_end > 0:
            phases.append((0.0, peak_end, max(self.peak_share, self.share)))
        if end > peak_end:
            phases.append((peak_end, end, self.share))
        return tuple(phases)

    @property
    def hours(self) -> float:
        return max(self.weeks, self.peak_weeks) * HOURS_PER_WEEK


@dataclass(frozen=True)
class Scenario:
    """Supply cuts as (category, hours) sorted by category, and the staff absence if any."""

    cuts: tuple[tuple[str, float], ...] = ()
    staff: StaffAbsence | None = None

    @property
    def hours(self) -> float:
        """The scenario's end: its longest cut or absence."""
        ends = [hours for _, hours in self.cuts]
        if self.staff:
            ends.append(self.staff.hours)
        return max(ends, default=0.0)

    def cut_hours(self, category: str) -> float:
        return dict(self.cuts).get(category, 0.0)


@dataclass(frozen=True)
class AssumptionInput:
    """An assumption of the direction as the engine needs it."""

    code: str
    category: str
    parameters: Mapping[str, float]


def duration_hours(parameters: Mapping[str, float]) -> float | None:
    for name, factor in DURATION_PARAMETERS:
        if name in parameters:
            return float(parameters[name]) * factor
    return None


def scenario_from(assumptions: Iterable[AssumptionInput]) -> Scenario:
    """The scenario of several assumptions at once: each category cut for the longest
    duration any of them gives; staff absence by the harshest value of each parameter.
    Assumptions of other categories (the crisis length, information influence) cut nothing."""
    cuts: dict[str, float] = {}
    staff: StaffAbsence | None = None
    for assumption in assumptions:
        params = assumption.parameters
        if assumption.category == STAFF:
            found = StaffAbsence(
                share=float(params.get("share", 0)),
                weeks=float(params.get("weeks", 0)),
                peak_share=float(params.get("peak_share", 0)),
                peak_weeks=float(params.get("peak_weeks", 0)),
            )
            staff = found if staff is None else _harsher(staff, found)
        elif assumption.category in SUPPLY_CATEGORIES:
            hours = duration_hours(params)
            if hours and hours > 0:
                cuts[assumption.category] = max(cuts.get(assumption.category, 0.0), hours)
    return Scenario(cuts=tuple(sorted(cuts.items())), staff=staff)


def _harsher(a: StaffAbsence, b: StaffAbsence) -> StaffAbsence:
    return StaffAbsence(
        share=max(a.share, b.share),
        weeks=max(a.weeks, b.weeks),
        peak_share=max(a.peak_share, b.peak_share),
        peak_weeks=max(a.peak_weeks, b.peak_weeks),
    )


# --- outcome ------------------------------------------------------------------------


@dataclass(frozen=True)
class Outage:
    category: str
    start: float
    end: float


@dataclass(frozen=True)
class FunctionOutcome:
    unit_key: str
    unit_name: str
    function_key: str
    function_name: str
    max_downtime_hours: float
    people_served: int
    outages: tuple[Outage, ...]  # by start, then category
    fails_at: float | None  # hour of the first outage; None: holds throughout
    cause: str | None  # the category of the first outage
    downtime_hours: float  # longest continuous outage
    periods: tuple[tuple[float, float], ...]  # the outages merged

    @property
    def fails(self) -> bool:
        return self.fails_at is not None

    @property
    def is_gap(self) -> bool:
        return self.fails and self.downtime_hours > self.max_downtime_hours

    @property
    def excess_hours(self) -> float:
        return max(0.0, self.downtime_hours - self.max_downtime_hours)

    @property
    def people_affected(self) -> int:
        return self.people_served if self.fails else 0


@dataclass(frozen=True)
class Summary:
    units: int
    functions: int
    failing: int
    gaps: int
    units_with_gaps: int
    people_affected: int  # people served by units with at least one gap


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    functions: tuple[FunctionOutcome, ...]  # by unit name, function name, keys

    @property
    def hours(self) -> float:
        return self.scenario.hours

    def gaps(self) -> tuple[FunctionOutcome, ...]:
        """The gaps, worst first (see the module's docstring)."""
        return tuple(
            sorted(
                (f for f in self.functions if f.is_gap),
                key=lambda f: (-f.excess_hours, -f.people_served, *_name_key(f)),
            )
        )

    def summary(self) -> Summary:
        units = {f.unit_key: f.people_served for f in self.functions}
        gap_units = {f.unit_key: f.people_served for f in self.functions if f.is_gap}
        return Summary(
            units=len(units),
            functions=len(self.functions),
            failing=sum(1 for f in self.functions if f.fails),
            gaps=sum(1 for f in self.functions if f.is_gap),
            units_with_gaps=len(gap_units),
            people_affected=sum(gap_units.values()),
        )


def _name_key(f: FunctionOutcome) -> tuple[str, str, str, str]:
    return (f.unit_name, f.function_name, f.unit_key, f.function_key)


def staff_present(available: int, share: float) -> int:
    """Staff present when `share` is away, absent people rounded up to whole people."""
    absent = math.ceil(round(available * share, 9))
    return max(0, available - absent)


def dependency_outages(dependency: Dependency, scenario: Scenario) -> tuple[Outage, ...]:
    category = dependency.category
    if category == STAFF:
        if scenario.staff is None:
            return ()
        minimum, available = dependency.staff_minimum, dependency.staff_available
        return tuple(
            Outage(STAFF, start, end)
            for start, end, share in scenario.staff.phases()
            if minimum is None or available is None or staff_present(available, share) < minimum
        )
    cut = scenario.cut_hours(category)
    reserve = max(0.0, dependency.reserve_hours or 0.0)
    if cut <= 0 or reserve >= cut:
        return ()
    return (Outage(category, reserve, cut),)


def merge(outages: Iterable[Outage]) -> tuple[tuple[float, float], ...]:
    """The hours out, as disjoint periods: intervals that overlap or touch become one."""
    periods: list[list[float]] = []
    for outage in sorted(outages, key=lambda o: (o.start, o.end)):
        if periods and outage.start <= periods[-1][1]:
            periods[-1][1] = max(periods[-1][1], outage.end)
        else:
            periods.append([outage.start, outage.end])
    return tuple((start, end) for start, end in periods)


def function_outcome(unit: Unit, function: Function, scenario: Scenario) -> FunctionOutcome:
    outages = tuple(
        sorted(
            (o for d in function.dependencies for o in dependency_outages(d, scenario)),
            key=lambda o: (o.start, o.category, o.end),
        )
    )
    periods = merge(outages)
    first = outages[0] if outages else None
    return FunctionOutcome(
        unit_key=unit.key,
        unit_name=unit.name,
        function_key=function.key,
        function_name=function.name,
        max_downtime_hours=function.max_downtime_hours,
        people_served=unit.people_served,
        outages=outages,
        fails_at=first.start if first else None,
        cause=first.category if first else None,
        downtime_hours=max((end - start for start, end in periods), default=0.0),
        periods=periods,
    )


def run(units: Iterable[Unit], scenario: Scenario) -> Outcome:
    """Every function of every unit under the scenario, in a canonical order."""
    results = [function_outcome(u, f, scenario) for u in units for f in u.functions]
    results.sort(key=_name_key)
    return Outcome(scenario=scenario, functions=tuple(results))


# --- what-if ------------------------------------------------------------------------


def with_extra_reserve(units: Iterable[Unit], category: str, hours: float) -> tuple[Unit, ...]:
    """Every reserve of `category` lengthened by `hours` (e.g. +48 h of fuel for the backup
    power). A dependency without a reserve keeps none: fuel needs a generator."""

    def adjust(dependency: Dependency) -> Dependency:
        if dependency.category != category or dependency.reserve_hours is None:
            return dependency
        return replace(dependency, reserve_hours=max(0.0, dependency.reserve_hours + hours))

    return _map_dependencies(units, adjust)


def with_extra_staff(units: Iterable[Unit], people: int) -> tuple[Unit, ...]:
    """`people` more staff available on every staff dependency that states its staff."""

    def adjust(dependency: Dependency) -> Dependency:
        if dependency.category != STAFF or dependency.staff_available is None:
            return dependency
        return replace(dependency, staff_available=max(0, dependency.staff_available + people))

    return _map_dependencies(units, adjust)


def _map_dependencies(units, adjust) -> tuple[Unit, ...]:
    return tuple(
        replace(
            unit,
            functions=tuple(
                replace(f, dependencies=tuple(adjust(d) for d in f.dependencies))
                for f in unit.functions
            ),
        )
        for unit in units
    )


def with_parameter(
    assumptions: Iterable[AssumptionInput], code: str, name: str, value: float
) -> tuple[AssumptionInput, ...]:
    """The assumptions with one parameter of one of them changed (e.g. a 72-hour outage)."""
    return tuple(
        replace(a, parameters={**a.parameters, name: value}) if a.code == code else a
        for a in assumptions
    )


# --- aggregates ---------------------------------------------------------------------

#: Aggregates over fewer municipalities (with a register) are suppressed, as elsewhere.
MIN_MUNICIPALITIES = 3


@dataclass(frozen=True)
class Aggregate:
    """Counts over municipalities' summaries: only municipalities with registered functions
    count; below `MIN_MUNICIPALITIES` of them nothing is shown (`suppressed`)."""

    municipalities: int
    with_gaps: int
    functions: int
    gaps: int

    @property
    def suppressed(self) -> bool:
        return self.municipalities < MIN_MUNICIPALITIES

    @property
    def share_with_gaps(self) -> float | None:
        return None if self.suppressed else self.with_gaps / self.municipalities

    @property
    def share_of_functions(self) -> float | None:
        return None if self.suppressed else self.gaps / self.functions


def aggregate(summaries: Iterable[Summary]) -> Aggregate:
    counted = [s for s in summaries if s.functions]
    return Aggregate(
        municipalities=len(counted),
        with_gaps=sum(1 for s in counted if s.gaps),
        functions=sum(s.functions for s in counted),
        gaps=sum(s.gaps for s in counted),
    )


def rank_needs(named: Iterable[tuple[str, Summary]]) -> list[tuple[str, Summary]]:
    """Support needs from a scenario: the municipalities (by name) with gaps, most gaps
    first, then most people served by units with a gap, then by name."""
    return sorted(
        ((name, s) for name, s in named if s.gaps),
        key=lambda item: (-item[1].gaps, -item[1].people_affected, item[0]),
    )


# --- support needs --------------------------------------------------------------------
# A grundantagande is a support need of a municipality when some registered function fails
# beyond its tolerable downtime under it alone; its priority is the share of the
# municipality's registered functions that do, in percentage points. For a county or the
# nation it is the share of the municipalities with a register that have such a gap
# (suppressed below `MIN_MUNICIPALITIES`). docs/continuity.md ("Support needs").


def share_points(part: int, whole: int) -> Decimal:
    """100 * part / whole, two decimals (0 for an empty whole)."""
    if not whole:
        return Decimal(0)
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def units_with_gaps(outcome: Outcome) -> tuple[str, ...]:
    """The names of the units with a gap, in name order, each once."""
    return tuple(sorted({f.unit_name for f in outcome.functions if f.is_gap}))
