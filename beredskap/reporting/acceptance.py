"""Which county reports on a year Kronoberg has accepted: the national report's safeguard.

The national report compiles the county reports; made final while some are only
submitted (or not sent at all), it would silently rest on reports nobody has checked.
The national page lists those reports and asks for an explicit confirmation, the service
refuses without it, and the PDF states the counts plainly.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beredskap.registry.models import County

from .models import CountyReport

Status = CountyReport.Status


@dataclass(frozen=True)
class Unaccepted:
    """A county whose report on the year is not accepted, and where it stands."""

    county: str
    status: str  # a CountyReport status, or "" when not started


@dataclass(frozen=True)
class Tally:
    total: int
    accepted: int
    unaccepted: tuple[Unaccepted, ...]

    @property
    def submitted(self) -> int:
        """Sent to Kronoberg and waiting for its judgement."""
        return sum(1 for row in self.unaccepted if row.status == Status.SUBMITTED)

    @property
    def not_submitted(self) -> int:
        return len(self.unaccepted) - self.submitted

    @property
    def complete(self) -> bool:
        return not self.unaccepted


def tally(year: int) -> Tally:
    """Every county's report on `year`, counted; two queries."""
    statuses = dict(CountyReport.objects.filter(year=year).values_list("county_id", "status"))
    counties = County.objects.order_by("name").values_list("pk", "name")
    unaccepted, total = [], 0
    for pk, name in counties:
        total += 1
        status = statuses.get(pk, "")
        if status != Status.ACCEPTED:
            unaccepted.append(Unaccepted(name, status))
    return Tally(total, total - len(unaccepted), tuple(unaccepted))


def status_label(row: Unaccepted) -> str:
    return str(Status(row.status).label) if row.status else _("Not started")


def sentence(counts: Tally) -> str:
    """ "19 av 21 länsredovisningar godkända, 2 inskickade men inte godkända": the counts
    plainly, for the national page and the PDF."""
    parts = [
        ngettext(
            "%(accepted)s of %(total)s county report accepted",
            "%(accepted)s of %(total)s county reports accepted",
            counts.total,
        )
        % {"accepted": counts.accepted, "total": counts.total}
    ]
    if counts.submitted:
        parts.append(
            ngettext(
                "%(count)s submitted but not accepted",
                "%(count)s submitted but not accepted",
                counts.submitted,
            )
            % {"count": counts.submitted}
        )
    if counts.not_submitted:
        parts.append(
            ngettext("%(count)s not submitted", "%(count)s not submitted", counts.not_submitted)
            % {"count": counts.not_submitted}
        )
    return ", ".join(parts)
