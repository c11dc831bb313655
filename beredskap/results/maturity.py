"""Maturity against the målbilder (target states) of the planning direction. Pure.

A målbild is assessed by one maturity question (levels 0-4, the catalogue's one scale:
missing, started, drawn up and adopted, implemented and known by staff, exercised and
evaluated) whose indicator classifies level 3 or more as green. A municipality has
**reached** the målbild at that green level; its **gap** is how many levels it lacks. A
county's or the nation's **distribution** counts its municipalities per level
(docs/planning.md, "Assessment").
"""

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

LEVELS = (0, 1, 2, 3, 4)
REACHED = 3  # the level from which a maturity indicator is green


@dataclass(frozen=True)
class Distribution:
    """Municipalities per maturity level, in level order."""

    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def reached(self) -> int:
        """Municipalities at or above the level that reaches the målbild."""
        return sum(self.counts[REACHED:])

    @property
    def median(self) -> Decimal | None:
        levels = [level for level, n in zip(LEVELS, self.counts, strict=True) for _ in range(n)]
        return Decimal(str(statistics.median(levels))) if levels else None

    def percent(self, level: int) -> int:
        """The share of municipalities at `level`, in whole per cent (0 when there are none)."""
        return round(100 * self.counts[level] / self.total) if self.total else 0


def level_of(value: Decimal | int | float | None) -> int | None:
    """A stored maturity value as its level, or None when there is none or it is off-scale."""
    if value is None:
        return None
    level = int(value)
    return level if level == value and level in LEVELS else None


def distribution(values: Iterable[Decimal | int | float | None]) -> Distribution:
    """Count the levels of the municipalities' values; missing values do not count."""
    counts = [0] * len(LEVELS)
    for value in values:
        level = level_of(value)
        if level is not None:
            counts[level] += 1
    return Distribution(tuple(counts))


def gap(level: int | None, reached: int = REACHED) -> int | None:
    """The levels a municipality lacks to reach the målbild (0: reached; None: unknown)."""
    return None if level is None else max(0, reached - level)
