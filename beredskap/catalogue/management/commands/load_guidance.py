from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beredskap.catalogue import services


class Command(BaseCommand):
    help = (
        "Load guidance items (YAML; default: the shipped starter set). Items already loaded are "
        "kept as edited in the admin unless --update is given. A file with errors loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", type=Path, help="Guidance file (default: the starter set)"
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite items that already exist with the file's fields and indicators.",
        )

    def handle(self, *args, file: Path | None, update: bool, **options):
        try:
            result = services.load_guidance(file, update=update)
        except services.GuidanceInvalid as exc:
            raise CommandError(
                f"{exc.source}: {len(exc.errors)} error(s); nothing loaded.\n"
                + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{file or services.GUIDANCE_STARTER.name}: {result.created} created, "
                f"{result.updated} updated, {result.unchanged} unchanged"
            )
        )
