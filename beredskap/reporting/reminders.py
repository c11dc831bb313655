"""Reminders of the reporting deadlines, sent daily by `beredskap send_deadline_reminders`.

The reports due in a calendar year are those on the year before: the county reports by
1 February, the national compilation by 1 March. On the survey reminders' schedule
(`notices.calculations.is_reminder_day`: 21, 14, 7, 3, 1 and 0 days before, the day
after and then weekly) before and after each deadline:

- every county reviewer (active, with an e-mail address) hears about the own counties
  whose report is not sent (not started, draft, or returned for completion), in one
  e-mail; this stops when the report is sent, or once the national report is final;
- every national coordinator hears about the national report until it is final, with
  how many county reports have arrived.

The writing and sending are the `notices` app's, as for the survey reminders: a record
per person, kind ("reporting.<kind>") and day about the year ("year:<year>") makes a
second run on the same day send nothing new, a failed send leaves no record (the next run
retries it), and a run that sent something leaves an audit event.
"""

import datetime
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap import audit
from beredskap.notices.calculations import is_reminder_day
from beredskap.notices.services import Letter, ReminderSummary, Result, deliver
from beredskap.registry.models import County, Membership, Organisation, Role

from .deadlines import report_url
from .models import (
    DIARIENUMMER,
    CountyReport,
    NationalReport,
    county_report_deadline,
    national_report_deadline,
)

#: The records' kinds are "reporting.<kind>", about "year:<reporting year>".
NAMESPACE = "reporting"
TEMPLATE_DIR = "reporting/email"
#: A county report in these states still has to be sent (not_started: no report yet).
NOT_SENT = ("not_started", CountyReport.Status.DRAFT, CountyReport.Status.RETURNED)
NOT_STARTED_LABEL = _("Not started")


class Kind(models.TextChoices):
    COUNTY_REPORT = "county_report", _("County report due")
    NATIONAL_REPORT = "national_report", _("National report due")


def reporting_year(today: datetime.date) -> int:
    """The year whose reports are due in `today`'s calendar year."""
    return today.year - 1


def due_today(today: datetime.date) -> dict[str, datetime.date]:
    """The kinds of reminder whose deadline makes `today` a reminder day, with the deadline."""
    year = reporting_year(today)
    deadlines = {
        Kind.COUNTY_REPORT: county_report_deadline(year),
        Kind.NATIONAL_REPORT: national_report_deadline(year),
    }
    return {kind: date for kind, date in deadlines.items() if is_reminder_day(today, date)}


def send_deadline_reminders(
    *, today: datetime.date, base_url: str, dry_run: bool = False
) -> ReminderSummary:
    """E-mail today's reporting reminders; with `dry_run`, only say what would go."""
    year = reporting_year(today)
    summary = ReminderSummary(year=year, today=today, dry_run=dry_run)
    due = due_today(today)
    if not due:
        return summary
    base_url = base_url.rstrip("/")
    national = NationalReport.objects.filter(year=year).first()
    national_final = national is not None and national.status == NationalReport.Status.FINAL
    letters = []
    if Kind.COUNTY_REPORT in due and not national_final:
        letters += _county_letters(year, today=today, base_url=base_url)
    if Kind.NATIONAL_REPORT in due and not national_final:
        letters += _national_letters(year, national, today=today, base_url=base_url)
    summary.outcomes = deliver(
        letters,
        template_dir=TEMPLATE_DIR,
        namespace=NAMESPACE,
        scope=f"year:{year}",
        today=today,
        dry_run=dry_run,
    )
    if summary.sent:
        audit.record(
            actor=None,
            action="deadline_reminders.sent",
            year=year,
            on=today.isoformat(),
            sent=summary.kinds(Result.SENT),
            failed=summary.failed,
        )
    return summary


# --- who hears about what -------------------------------------------------------------


def _recipients(role: str) -> list[Membership]:
    """County-board memberships with this role of active users with an e-mail address."""
    return list(
        Membership.objects.filter(
            role=role, organisation__kind=Organisation.Kind.COUNTY_BOARD, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user", "organisation__county")
        .order_by("user__username", "organisation__county__code")
    )


def _county_letters(year: int, *, today: datetime.date, base_url: str) -> list[Letter]:
    """One letter per reviewer listing the own counties whose report is not sent."""
    reports = {r.county_id: r for r in CountyReport.objects.filter(year=year)}
    letters: dict[int, Letter] = {}
    for m in _recipients(Role.REVIEWER):
        county = m.organisation.county
        report = reports.get(m.organisation.county_id)
        status = report.status if report else "not_started"
        if county is None or status not in NOT_SENT:
            continue
        letter = letters.get(m.user_id)
        if letter is None:
            letter = letters[m.user_id] = Letter(
                m.user, Kind.COUNTY_REPORT, _context(county_report_deadline(year), year, today)
            )
            letter.context["items"] = []
        if any(item["county"].pk == county.pk for item in letter.context["items"]):
            continue
        letter.context["items"].append(
            {
                "county": county,
                "status": _status_label(report),
                "return_comment": report.return_comment if report and status == "returned" else "",
                "url": base_url + report_url("county", county.code, year),
            }
        )
    return list(letters.values())


def _national_letters(
    year: int, report: NationalReport | None, *, today: datetime.date, base_url: str
) -> list[Letter]:
    """One letter per national coordinator while the national report is not final."""
    received = CountyReport.objects.filter(
        year=year, status__in=(CountyReport.Status.SUBMITTED, CountyReport.Status.ACCEPTED)
    ).count()
    context = _context(national_report_deadline(year), year, today) | {
        "status": report.Status(report.status).label if report else NOT_STARTED_LABEL,
        "received": received,
        "total": County.objects.count(),
        "url": base_url + report_url("national", year),
    }
    users = {m.user_id: m.user for m in _recipients(Role.COORDINATOR)}
    return [Letter(user, Kind.NATIONAL_REPORT, dict(context)) for user in users.values()]


def _context(deadline: datetime.date, year: int, today: datetime.date) -> dict[str, Any]:
    return {
        "year": year,
        "deadline": deadline,
        "days_left": (deadline - today).days,
        "diarienummer": DIARIENUMMER,
    }


def _status_label(report: CountyReport | None):
    return CountyReport.Status(report.status).label if report else NOT_STARTED_LABEL
