import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from beredskap.notices.calculations import is_reminder_day
from beredskap.notices.services import ReminderSummary
from beredskap.surveys import reminders
from beredskap.surveys.models import Round

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = (
        "E-mail today's survey reminders: municipal users by their response's status and, "
        "after the deadline, one digest per county reviewer. Safe to run daily from cron: "
        "a reminder already sent today is not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--round", type=int, dest="year", help="Year of the round (default: latest open)."
        )
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--base-url",
            default=DEFAULT_BASE_URL,
            help=f"Site address for links in the e-mails (default: {DEFAULT_BASE_URL}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(self, *args, year, today, base_url, dry_run, verbosity, **options):
        survey_round = _round(year)
        today = _date(today) if today else timezone.localdate()
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(f"--base-url must start with http:// or https://: {base_url!r}")
        if survey_round is None:  # out of season: not an error for a daily cron job
            self.stdout.write("No survey round is open; nothing to send.")
            return
        if today < survey_round.opens_on:
            self.stdout.write(
                f"Round {survey_round.year} opens on {survey_round.opens_on}; nothing to send."
            )
            return
        if not is_reminder_day(today, survey_round.deadline):
            self.stdout.write(
                f"{today} is not a reminder day of round {survey_round.year} "
                f"(deadline {survey_round.deadline}); nothing to send."
            )
            return
        summary = reminders.send_reminders(
            survey_round=survey_round, today=today, base_url=base_url, dry_run=dry_run
        )
        if dry_run or verbosity >= 2:
            for o in summary.outcomes:
                self.stdout.write(f"{o.result}: {o.kind} to {o.username} <{o.email}>: {o.subject}")
        self.stdout.write(self.style.SUCCESS(_summary_line(summary)))
        if summary.failed:
            raise CommandError(
                f"{summary.failed} reminder(s) could not be sent; run again to retry them."
            )


def _round(year: int | None) -> Round | None:
    """The chosen round (which must exist and be open), or else the latest open one."""
    rounds = Round.objects.select_related("edition")
    if year is None:
        return rounds.filter(status=Round.Status.OPEN).order_by("-year").first()
    survey_round = rounds.filter(year=year).first()
    if survey_round is None:
        years = ", ".join(str(y) for y in Round.objects.values_list("year", flat=True)) or "none"
        raise CommandError(f"No survey round for {year}. Rounds: {years}.")
    if survey_round.status != Round.Status.OPEN:
        raise CommandError(f"The round {year} is closed; reminders go out for open rounds only.")
    return survey_round


def _date(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(f"--today must be a date as YYYY-MM-DD, not {value!r}.") from None


def _summary_line(summary: ReminderSummary) -> str:
    return summary.line(f"Round {summary.year}")
