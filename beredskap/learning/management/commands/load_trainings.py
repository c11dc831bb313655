from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from beredskap.learning.training import services


class Command(BaseCommand):
    help = (
        "Load Socialstyrelsen's national trainings from YAML (default: the shipped file). "
        "Idempotent by code; a file with any error loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, default=services.NATIONAL_FILE)

    def handle(self, *args, file: Path, **options):
        try:
            created, updated = services.load_national_trainings(path=file)
        except ValidationError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(f"{file}: not loaded.") from error
        self.stdout.write(self.style.SUCCESS(f"{file}: {created} created, {updated} updated"))
