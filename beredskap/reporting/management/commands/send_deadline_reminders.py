"""`beredskap send_deadline_reminders`: today's e-mails about the reporting deadlines."""

from beredskap.notices.commands import ReminderCommand
from beredskap.reporting import reminders
from beredskap.reporting.models import county_report_deadline, national_report_deadline


class Command(ReminderCommand):
    help = (
        "E-mail today's reminders of the reporting deadlines: county reviewers whose county "
        "report is not sent (due 1 February) and national coordinators while the national "
        "report is not final (due 1 March). Safe to run daily from cron beside "
        "send_reminders: a reminder already sent today is not sent again."
    )

    def handle(self, *args, today, base_url, dry_run, verbosity, **options):
        today = self.today(today, base_url)
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
        self.report(summary, f"Reports on {summary.year}", dry_run=dry_run, verbosity=verbosity)
