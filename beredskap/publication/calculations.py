"""What of a round's results may be public: the rule applied when a release is made. Pure.

A release stores only what anyone may see, so every public door (pages, downloads, the
APIs) serves it without deciding again, and a mistake there cannot leak what the release
never held. The rule is docs/results.md's table for an anonymous visitor:

- restricted indicators: nothing;
- aggregate-only indicators: county, group and national values, no municipality values;
- public indicators: every level;
- an aggregate over fewer than 3 municipalities keeps its row, marked suppressed, with no
  numbers (so a table can say why the cell is empty).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from beredskap.registry.access import AGGREGATE, PUBLIC
from beredskap.results.calculations import MUNICIPALITY, SMALL_N
from beredskap.results.presentation import Cell

SUPPRESSED = "suppressed"
#: Why a cell is withheld from a release altogether.
RESTRICTED_INDICATOR = "restricted_indicator"
AGGREGATE_ONLY_MUNICIPALITY = "aggregate_only_municipality"

__all__ = ["SUPPRESSED", "Cell", "Preview", "preview", "publishable", "withheld_because"]


def withheld_because(cell: Cell, sensitivity: str) -> str:
    """Why the cell may not be published at all, or "" when it may (perhaps suppressed)."""
    if sensitivity not in (PUBLIC, AGGREGATE):  # restricted, or unknown: never
        return RESTRICTED_INDICATOR
    if cell.level == MUNICIPALITY and sensitivity != PUBLIC:
        return AGGREGATE_ONLY_MUNICIPALITY
    return ""


def publishable(cell: Cell, sensitivity: str) -> Cell | None:
    """The cell as it may be published, or None when it may not be published at all."""
    if withheld_because(cell, sensitivity):
        return None
    if cell.level != MUNICIPALITY and 0 < cell.units < SMALL_N:
        return replace(
            cell,
            value=None,
            numerator=None,
            denominator=None,
            verdict="",
            classification="",
            reason=SUPPRESSED,
        )
    return cell


@dataclass
class Preview:
    """What a release of the cells would hold and withhold, counted.

    `copied` is per sensitivity, what the release copies; `reasons` counts the copied
    cells by their reason ("" a value, `SUPPRESSED`, or why the cell has none);
    `withheld` counts the cells left out per sensitivity and per `withheld_because`.
    """

    copied: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    withheld: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.copied.values())

    @property
    def total_withheld(self) -> int:
        return sum(self.withheld.values())


def preview(rows: Iterable[tuple[Cell, str]]) -> Preview:
    """Count (cell, sensitivity) rows as `publishable` decides them: the release's rule."""
    counts = Preview()
    for cell, sensitivity in rows:
        published = publishable(cell, sensitivity)
        if published is None:
            counts.withheld[(sensitivity, withheld_because(cell, sensitivity))] += 1
        else:
            counts.copied[sensitivity] += 1
            counts.reasons[published.reason] += 1
    return counts
