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

from dataclasses import dataclass, replace
from decimal import Decimal

PUBLIC, AGGREGATE, RESTRICTED = "public", "aggregate", "restricted"
MUNICIPALITY = "municipality"
SMALL_N = 3
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Cell:
    """One computed value as the release reads it (a `results.Value` row's fields)."""

    indicator_id: int
    level: str
    unit_code: str
    activity_code: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    verdict: str
    reason: str
    units: int
    classification: str


def publishable(cell: Cell, sensitivity: str) -> Cell | None:
    """The cell as it may be published, or None when it may not be published at all."""
    if sensitivity == RESTRICTED or sensitivity not in (PUBLIC, AGGREGATE):
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
