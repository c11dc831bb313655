"""The continuity-plan indicator's two bases, per county and for the nation.

Among the municipalities that have uploaded at least one continuity plan, the
**self-reported** share is those with a plan the municipality says has all four elements
(reservrutin, återställningsrutin, återgångsrutin, kontaktuppgifter); the **verified**
share is those with a plan whose latest county-board verification says verified. An
aggregate of fewer than `MIN_MUNICIPALITIES` municipalities is suppressed (no shares), as
elsewhere. Counts and shares only: nothing here names a unit or a plan.
"""

from dataclasses import dataclass
from decimal import Decimal

from beredskap.registry.models import County

from .models import ContinuityPlan
from .queries import verified_plans

MIN_MUNICIPALITIES = 3


@dataclass(frozen=True)
class Status:
    """One municipality that has uploaded a plan."""

    county_code: str
    self_reported: bool
    verified: bool


@dataclass(frozen=True)
class PlanShare:
    level: str  # county or nation
    unit_code: str
    unit_name: str
    municipalities: int  # with at least one plan
    self_reported_share: Decimal | None  # None when suppressed
    verified_share: Decimal | None

    @property
    def suppressed(self) -> bool:
        return self.municipalities < MIN_MUNICIPALITIES


def _share(count: int, total: int) -> Decimal:
    return (Decimal(100 * count) / Decimal(total)).quantize(Decimal("0.1"))


def _aggregate(level: str, code: str, name: str, statuses: list[Status]) -> PlanShare:
    total = len(statuses)
    if total < MIN_MUNICIPALITIES:
        return PlanShare(level, code, name, total, None, None)
    return PlanShare(
        level, code, name, total,
        _share(sum(s.self_reported for s in statuses), total),
        _share(sum(s.verified for s in statuses), total),
    )  # fmt: skip


def aggregate(statuses: dict[int, Status], counties: list[tuple[str, str]]) -> list[PlanShare]:
    """Shares per county (in the order given, by code and name) and for the nation. Pure."""
    rows = []
    for code, name in counties:
        members = [s for s in statuses.values() if s.county_code == code]
        rows.append(_aggregate("county", code, name, members))
    rows.append(_aggregate("nation", "0", "Riket", list(statuses.values())))
    return rows


def statuses() -> dict[int, Status]:
    """Municipality id → its status, for the municipalities with a plan (two queries)."""
    verified = set(verified_plans().values_list("municipality_id", flat=True))
    found: dict[int, Status] = {}
    plans = ContinuityPlan.objects.values_list(
        "municipality_id", "municipality__county__code",
        "has_reserve_routine", "has_recovery_routine", "has_return_routine", "has_contacts",
    )  # fmt: skip
    for municipality_id, county_code, *elements in plans:
        before = found.get(municipality_id)
        complete = all(elements) or (before is not None and before.self_reported)
        found[municipality_id] = Status(county_code, complete, municipality_id in verified)
    return found


def plan_shares() -> list[PlanShare]:
    counties = list(County.objects.order_by("code").values_list("code", "name"))
    return aggregate(statuses(), counties)
