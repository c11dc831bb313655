"""`beredskap send_reminders`: today's survey reminders."""

from django.core.management.base import CommandError

from beredskap.notices.calculations import is_reminder_day
from beredskap.notices.commands import ReminderCommand
from beredskap.surveys import reminders
from beredskap.surveys.models import Round


class Command(ReminderCommand):
    help = (
        "E-mail today's survey reminders: municipal users by their response's status and, "
        "after the deadline, one digest per county reviewer. Safe to run daily from cron: "
        "a reminder already sent today is not sent again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--round", type=int, dest="year", help="Year of the round (default: latest open)."
        )
        super().add_arguments(parser)

    def handle(self, *args, year, today, base_url, dry_run, verbosity, **options):
        survey_round = _round(year)
        today = self.today(today, base_url)
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
        self.report(summary, f"Round {summary.year}", dry_run=dry_run, verbosity=verbosity)


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
