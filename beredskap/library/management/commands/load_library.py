from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beredskap.library import services


class Command(BaseCommand):
    help = (
        "Load knowledge library items (YAML; default: the shipped starter set). Items already "
        "loaded are kept as edited unless --update is given (then saved as a new revision). "
        "A file with errors loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", type=Path, help="Library file (default: the starter set)"
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Save the file's fields as a new revision of items that already exist.",
        )

    def handle(self, *args, file: Path | None, update: bool, **options):
        try:
            result = services.load_library(file, update=update)
        except services.LibraryInvalid as exc:
            raise CommandError(
                f"{exc.source}: {len(exc.errors)} error(s); nothing loaded.\n"
                + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{file or services.STARTER.name}: {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged"
            )
        )
