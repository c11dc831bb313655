from django.core.management.base import BaseCommand

from beredskap.registry import services


class Command(BaseCommand):
    help = "Load or update the counties, municipalities, SKR groups and organisations."

    def handle(self, *args, **options):
        summary = services.load_reference_data()
        years = ", ".join(map(str, summary.group_years))
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.counties} counties, {summary.municipalities} municipalities, "
                f"{summary.groups} SKR groups (groupings {years}), "
                f"{summary.organisations} organisations."
            )
        )
