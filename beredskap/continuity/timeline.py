"""The scenario timeline's geometry for inline SVG: hours across, units and their failing
functions down, each outage a bar and each failure a marker. Pure: an `Outcome` in,
coordinates out; `continuity/_timeline.html` draws them. The page shows a table of the same
data beside it, so the SVG carries a title and a short text alternative.
"""

from dataclasses import dataclass

from .calculations import Outcome

LABEL_WIDTH = 240
PLOT_WIDTH = 520
RIGHT = 16
TOP = 28
ROW = 22
BOTTOM = 12
MAX_ROWS = 200
#: Tick steps in hours, the first that gives at most ~8 ticks over the horizon.
STEPS = (1, 2, 6, 12, 24, 48, 168, 336, 720, 2160)


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    start: float
    end: float


@dataclass(frozen=True)
class Row:
    y: float
    unit: str
    label: str  # the function's name
    heading: bool  # the first row of its unit: the unit's name is drawn above
    bars: tuple[Bar, ...]
    marker: float  # x of the failure
    fails_at: float
    tolerable_x: float | None  # x where the tolerable downtime from the failure ends
    gap: bool
    cause: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    plot: tuple[float, float]  # left, right
    rows: tuple[Row, ...]
    ticks: tuple[tuple[float, int], ...]  # x, hour
    hours: float
    failing: int  # functions that fail (rows drawn: at most MAX_ROWS)
    holding: int  # functions that hold throughout

    @property
    def truncated(self) -> bool:
        return self.failing > len(self.rows)


def tick_step(hours: float) -> int:
    for step in STEPS:
        if hours / step <= 8:
            return step
    return STEPS[-1]


def layout(outcome: Outcome) -> Timeline:
    hours = outcome.hours or 1.0
    left, right = LABEL_WIDTH, LABEL_WIDTH + PLOT_WIDTH

    def x(hour: float) -> float:
        return round(left + min(hour, hours) / hours * PLOT_WIDTH, 1)

    failing = [f for f in outcome.functions if f.fails]
    rows, previous_unit, y = [], None, TOP
    for f in failing[:MAX_ROWS]:
        heading = f.unit_key != previous_unit
        if heading:
            y += ROW  # room for the unit's name
        previous_unit = f.unit_key
        tolerable = f.fails_at + f.max_downtime_hours
        rows.append(
            Row(
                y=y,
                unit=f.unit_name,
                label=f.function_name,
                heading=heading,
                bars=tuple(
                    Bar(x(start), max(1.0, x(end) - x(start)), start, end)
                    for start, end in f.periods
                ),
                marker=x(f.fails_at),
                fails_at=f.fails_at,
                tolerable_x=x(tolerable) if tolerable < hours else None,
                gap=f.is_gap,
                cause=f.cause or "",
            )
        )
        y += ROW
    step = tick_step(hours)
    ticks = tuple((x(h), h) for h in range(0, int(hours) + 1, step))
    return Timeline(
        width=right + RIGHT,
        height=int(y + BOTTOM),
        plot=(left, right),
        rows=tuple(rows),
        ticks=ticks,
        hours=outcome.hours,
        failing=len(failing),
        holding=len(outcome.functions) - len(failing),
    )
