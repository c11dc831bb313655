"""The common shape of a daily reminder command, so each app's command says only whom it
reminds of what: `--today`, `--base-url` and `--dry-run` read and checked the same way,
and the outcome printed the same way, with a failed send as a non-zero exit to retry."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from .services import ReminderSummary

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class ReminderCommand(BaseCommand):
    """Subclasses call `super().add_arguments(parser)`, then `options(...)` and `report(...)`."""

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

    def today(self, value: str | None, base_url: str) -> datetime.date:
        """The day to act on (`--today` or the local date), once `--base-url` is checked."""
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url must start with http:// or https://: {base_url!r}")
        if not value:
            return timezone.localdate()
        try:
            return datetime.datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from None

    def report(self, summary: ReminderSummary, head: str, *, dry_run: bool, verbosity: int):
        """Print each letter when asked, then one summary line; fail if any send failed."""
        if dry_run or verbosity >= 2:
            for o in summary.outcomes:
                self.stdout.write(f"{o.result}: {o.kind} to {o.username} <{o.email}>: {o.subject}")
        self.stdout.write(self.style.SUCCESS(summary.line(head)))
        if summary.failed:
            raise CommandError(
                f"{summary.failed} reminder(s) could not be sent; run again to retry them."
            )
