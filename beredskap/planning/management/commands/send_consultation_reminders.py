"""`beredskap send_consultation_reminders`: today's reminders of open consultations."""

from beredskap.notices.commands import ReminderCommand
from beredskap.planning.consultation_models import Consultation


class Command(ReminderCommand):
    help = (
        "E-mail today's reminders of each open consultation of the planning direction to "
        "the invited organisations that have not submitted. Safe to run daily from cron."
    )

    def handle(self, *args, today, base_url, dry_run, verbosity, **options):
        from beredskap.planning import consultation_notices

        today = self.today(today, base_url)
        open_ = Consultation.objects.filter(closed_at__isnull=True).select_related("direction")
        if not open_:
            self.stdout.write("No consultation is open; nothing to send.")
        for consultation in open_:
            summary = consultation_notices.send_reminders(
                consultation=consultation, today=today, base_url=base_url, dry_run=dry_run
            )
            head = f"Consultation {consultation.direction.version}"
            self.report(summary, head, dry_run=dry_run, verbosity=verbosity)
