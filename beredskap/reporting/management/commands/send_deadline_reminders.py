"""`beredskap send_deadline_reminders`: today's e-mails about the reporting deadlines."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from beredskap.notices.services import ReminderSummary
from beredskap.reporting import reminders
from beredskap.reporting.models import county_report_deadline, national_report_deadline

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "E-mail today's reminders of the reporting deadlines: county reviewers whose county "
        "report is not sent (due 1 February) and national coordinators while the national "
        "report is not final (due 1 March). Safe to run daily from cron beside "
        "send_reminders: a reminder already sent today is not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Site address for links in the e-mails (default: {DEFAULT_BASE_URL}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(self, *args, today, base_url, dry_run, verbosity, **options):
        today = _date(today) if today else timezone.localdate()
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url must start with http:// or https://: {base_url!r}")
        if not reminders.due_today(today):
            year = reminders.reporting_year(today)
            self.stdout.write(
                f"{today} is not a reminder day of the reports on {year} (county reports due "
                f"{county_report_deadline(year)}, national report due "
                f"{national_report_deadline(year)}); nothing to send."
            )
            return
        summary = reminders.send_deadline_reminders(
            today=today, base_url=base_url, dry_run=dry_run
        )
        if dry_run or verbosity >= 2:
            for o in summary.outcomes:
                self.stdout.write(f"{o.result}: {o.kind} to {o.username} <{o.email}>: {o.subject}")
        self.stdout.write(self.style.SUCCESS(_summary_line(summary)))
        if summary.failed:
            raise CommandError(
                f"{summary.failed} reminder(s) could not be sent; run again to retry them."
            )


def _date(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from None


def _summary_line(summary: ReminderSummary) -> str:
    return summary.line(f"Reports on {summary.year}")
