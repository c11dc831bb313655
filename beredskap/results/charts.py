"""Chart geometry for inline SVG: trend lines with series breaks, and bar distributions.

Pure: numbers in, coordinates out; templates draw them. Every chart is shown beside a
table of the same numbers, so the SVG carries a short text alternative only.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from . import calculations as calc

WIDTH, HEIGHT = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 36


@dataclass(frozen=True)
class Line:
    """One unbroken run of a series: SVG points and the dots on them."""

    points: str
    dots: tuple[tuple[float, float, str], ...]  # x, y, tooltip


@dataclass(frozen=True)
class TrendSeries:
    label: str
    css: str  # series-1, series-2, ... (stroke style and dash differ, not only colour)
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Break:
    x: float
    note: str


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    series: tuple[TrendSeries, ...]
    breaks: tuple[Break, ...]
    x_ticks: tuple[tuple[float, int], ...]
    y_ticks: tuple[tuple[float, str], ...]
    plot: tuple[float, float, float, float]  # left, top, right, bottom

    @property
    def empty(self) -> bool:
        return not any(s.lines for s in self.series)


def _scale(lo: float, hi: float, out_lo: float, out_hi: float):
    span = (hi - lo) or 1.0
    return lambda v: round(out_lo + (float(v) - lo) / span * (out_hi - out_lo), 1)


def trend(
    named: Sequence[tuple[str, list[calc.Segment]]],
    years: Sequence[int],
    *,
    percent: bool,
) -> TrendChart:
    """Lay out series over the years; a series break ends one line and starts the next.

    `named` is [(label, segments)], segments from `calculations.series`. Shares run on a
    fixed 0-100 axis so that charts compare; other values scale to their maximum.
    """
    years = sorted(set(years))
    values = [
        float(p.value)
        for _, segments in named
        for s in segments
        for p in s.points
        if p.value is not None
    ]
    top = 100.0 if percent else max([*values, 1.0]) * 1.1
    x_of = _x_positions(years)
    to_y = _scale(0, top, HEIGHT - BOTTOM, TOP)
    series = tuple(
        TrendSeries(label, f"series-{number}", _lines(label, segments, x_of, to_y, percent))
        for number, (label, segments) in enumerate(named, start=1)
    )
    return TrendChart(
        WIDTH,
        HEIGHT,
        series,
        _place_breaks(_breaks(named), years, x_of),
        tuple((x_of[y], y) for y in years),
        _y_ticks(top, to_y, percent),
        (LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM),
    )


def _x_positions(years: list[int]) -> dict[int, float]:
    """Each year's x; a single year stands in the middle."""
    if len(years) == 1:
        return {years[0]: (LEFT + WIDTH - RIGHT) / 2}
    to_x = _scale(years[0], years[-1], LEFT + 12, WIDTH - RIGHT - 12)
    return {y: to_x(y) for y in years}


def _lines(
    label: str, segments: list[calc.Segment], x_of: dict[int, float], to_y, percent: bool
) -> tuple[Line, ...]:
    """One line per segment, through the points with a value."""
    lines = []
    for segment in segments:
        known = [p for p in segment.points if p.value is not None and p.year in x_of]
        if known:
            dots = tuple(
                (x_of[p.year], to_y(p.value), f"{label} {p.year}: {_text(p.value, percent)}")
                for p in known
            )
            lines.append(Line(" ".join(f"{x},{y}" for x, y, _ in dots), dots))
    return tuple(lines)


def _breaks(named: Sequence[tuple[str, list[calc.Segment]]]) -> dict[int, str]:
    """{first year after a break: its note}; the first series to break there names it."""
    breaks: dict[int, str] = {}
    for _label, segments in named:
        for segment in segments[1:]:
            if segment.points:
                breaks.setdefault(segment.points[0].year, segment.break_note)
    return breaks


def _y_ticks(top: float, to_y, percent: bool) -> tuple[tuple[float, str], ...]:
    step = 25 if percent else _nice_step(top)
    y_ticks = []
    tick = 0.0
    while tick <= top + 1e-9:
        y_ticks.append((to_y(tick), _text(Decimal(str(tick)), percent)))
        tick += step
    return tuple(y_ticks)


def _place_breaks(
    breaks: dict[int, str], years: list[int], x_of: dict[int, float]
) -> tuple[Break, ...]:
    """A break sits halfway between the year before it and its first year."""
    placed = []
    for year, note in sorted(breaks.items()):
        before = [y for y in years if y < year]
        x = (x_of[before[-1]] + x_of[year]) / 2 if before else x_of[year]
        placed.append(Break(round(x, 1), note))
    return tuple(placed)


def _nice_step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000):
        if top / step <= 5:
            return float(step)
    return top / 5


def _text(value, percent: bool) -> str:
    number = float(value)
    shown = f"{number:.0f}" if percent or number == int(number) else f"{number:.1f}"
    return f"{shown} %" if percent else shown


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    css: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    baseline: float

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bars)


def bars(counts: Sequence[tuple[str, int, str]]) -> BarChart:
    """Vertical bars for [(label, count, css)], scaled to the largest count."""
    width, height, bottom, top = 560, 200, 40, 16
    n = max(len(counts), 1)
    slot = (width - 24) / n
    peak = max([c for _, c, _ in counts] + [1])
    result = []
    for i, (label, count, css) in enumerate(counts):
        h = round((height - bottom - top) * count / peak, 1)
        result.append(
            Bar(
                label,
                count,
                css,
                round(12 + i * slot + slot * 0.15, 1),
                round(height - bottom - h, 1),
                round(slot * 0.7, 1),
                h,
            )
        )
    return BarChart(width, height, tuple(result), height - bottom)


def histogram(
    values: Sequence[Decimal], *, lo: Decimal, hi: Decimal, bins: int = 10
) -> list[tuple[Decimal, Decimal, int]]:
    """Counts of values in equal bins [lo, hi]; the last bin includes hi."""
    if hi <= lo:
        hi = lo + 1
    width = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        i = min(int((v - lo) / width), bins - 1)
        counts[max(i, 0)] += 1
    return [(lo + width * i, lo + width * (i + 1), counts[i]) for i in range(bins)]
