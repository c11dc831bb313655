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

from dataclasses import replace

from beredskap.registry.access import AGGREGATE, PUBLIC
from beredskap.results.calculations import MUNICIPALITY, SMALL_N
from beredskap.results.presentation import Cell

SUPPRESSED = "suppressed"

__all__ = ["SUPPRESSED", "Cell", "publishable"]


def publishable(cell: Cell, sensitivity: str) -> Cell | None:
    """The cell as it may be published, or None when it may not be published at all."""
    if sensitivity not in (PUBLIC, AGGREGATE):  # restricted, or unknown: never
        return None
    if cell.level == MUNICIPALITY:
        return cell if sensitivity == PUBLIC else None
    if 0 < cell.units < SMALL_N:
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
