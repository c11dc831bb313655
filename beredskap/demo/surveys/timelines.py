"""When each response was answered and how it went through review, per round.

Past rounds are answered between the opening (Monday of ISO week 4) and 15 March and all
approved, a few after being returned once. In the open round the better-prepared
municipalities tend to be further along (`open_round_statuses`), and nothing happens
after the demo's "now" (`DEMO_TODAY`).
"""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from beredskap.surveys.models import Response

from .profiles import Profile
from .tuning import DEMO_TODAY, FORCED_STATUS, OPEN_MIX, OPEN_YEAR, SEED, UPPSALA_ANSWERED

Status = Response.Status


@dataclass
class Plan:
    """What happened to one response: when it was answered and its way through review."""

    status: str
    answered_share: float = 1.0
    answered_at: datetime.datetime | None = None
    first_submitted_at: datetime.datetime | None = None
    submitted_at: datetime.datetime | None = None
    returned_at: datetime.datetime | None = None
    approved_at: datetime.datetime | None = None

    @property
    def last_activity_at(self) -> datetime.datetime | None:
        moments = [self.answered_at, self.submitted_at, self.returned_at, self.approved_at]
        return max((m for m in moments if m is not None), default=None)


def _moment(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.datetime:
    """A working-day moment in office hours between two dates (Stockholm time)."""
    last = max(first, last)
    day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
    while day.weekday() >= 5 and day > first:
        day -= datetime.timedelta(days=1)
    clock = datetime.time(rng.randint(8, 16), rng.randint(0, 59))
    return datetime.datetime.combine(day, clock, tzinfo=timezone.get_default_timezone())


def _after(
    rng: random.Random, moment: datetime.datetime, low: int, high: int, limit: datetime.date
) -> datetime.datetime:
    first = moment.date() + datetime.timedelta(days=low)
    later = _moment(rng, min(first, limit), min(first + datetime.timedelta(days=high), limit))
    return max(later, moment + datetime.timedelta(minutes=rng.randint(5, 90)))


def opening_day(year: int) -> datetime.date:
    """Monday of ISO week 4, when the joint survey opens (DOMAIN.md §1.1)."""
    return datetime.date.fromisocalendar(year, 4, 1)


def _past_plan(rng: random.Random, year: int) -> Plan:
    opens, deadline = opening_day(year), datetime.date(year, 3, 15)
    answered = _moment(rng, opens + datetime.timedelta(days=3), deadline)
    first = _after(rng, answered, 0, 14, deadline)
    submitted = first
    if rng.random() < 0.08:  # returned once and sent again
        submitted = _after(rng, first, 3, 14, deadline + datetime.timedelta(days=14))
    approved = _after(rng, submitted, 2, 21, datetime.date(year, 4, 30))
    return Plan(Status.APPROVED, 1.0, answered, first, submitted, approved_at=approved)


def _open_plan(rng: random.Random, status: str, code: str) -> Plan:
    opens = opening_day(OPEN_YEAR)
    today = DEMO_TODAY - datetime.timedelta(days=1)
    if status == "not_started":
        return Plan(Status.DRAFT, 0.0)
    if status == Status.DRAFT:
        share = UPPSALA_ANSWERED if code == "0380" else rng.uniform(0.15, 0.85)
        return Plan(status, share, _moment(rng, opens + datetime.timedelta(days=7), today))
    start = {
        Status.SUBMITTED: datetime.date(2026, 8, 1),
        Status.RETURNED: datetime.date(2026, 5, 1),
        Status.APPROVED: datetime.date(2026, 2, 15),
    }[status]
    answered = _moment(rng, start, start + datetime.timedelta(days=75))
    submitted = _after(rng, answered, 1, 20, today)
    plan = Plan(status, 1.0, answered, submitted, submitted)
    if status == Status.RETURNED:
        plan.returned_at = _after(rng, submitted, 2, 14, today)
    elif status == Status.APPROVED:
        plan.approved_at = _after(rng, submitted, 2, 20, today)
    return plan


def open_round_statuses(profiles: dict[str, Profile]) -> dict[str, str]:
    """The 2026 status of each municipality: better-prepared ones tend to be further along."""
    rng = random.Random(f"{SEED}:{OPEN_YEAR}:statuses")
    order = sorted(profiles, key=lambda c: profiles[c].latent(OPEN_YEAR) + rng.gauss(0, 1))
    order.reverse()
    statuses, start = {}, 0
    for index, (status, share) in enumerate(OPEN_MIX):
        end = len(order) if index == len(OPEN_MIX) - 1 else start + round(share * len(order))
        statuses.update({code: status for code in order[start:end]})
        start = end
    for code, status in FORCED_STATUS.items():
        if code in statuses and statuses[code] != status:
            swap = next(c for c in order if statuses[c] == status and c not in FORCED_STATUS)
            statuses[swap], statuses[code] = statuses[code], status
    return statuses
