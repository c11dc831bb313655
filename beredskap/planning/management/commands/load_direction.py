from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beredskap.planning import services


class Command(BaseCommand):
    help = (
        "Validate and load planning directions (YAML). Reports every error with its "
        "location and loads nothing from a file with errors."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", type=Path, help="Direction files (default: shipped)"
        )
        parser.add_argument("--check", action="store_true", help="Validate only; load nothing.")

    def handle(self, *args, files: list[Path], check: bool, **options):
        failed = 0
        for path in files or services.shipped_directions():
            try:
                result = services.load_direction(path=path, check_only=check)
            except services.DirectionInvalid as exc:
                failed += 1
                for line in exc.lines():
                    self.stderr.write(line)
                self.stderr.write(
                    self.style.ERROR(f"{path}: {len(exc.problems)} error(s); not loaded.")
                )
                continue
            summary = f"{path}: {result.status} ({result.items} items)"
            self.stdout.write(self.style.SUCCESS(summary))
        if failed:
            raise CommandError(f"{failed} file(s) had errors.")
