from django.core.management.base import BaseCommand

from beredskap.publication import services


class Command(BaseCommand):
    help = (
        "Render the common slices of releases made before slices existed (run once after "
        "upgrading), or of every release with --rebuild (after a series break was declared "
        "for an edition already released). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Rebuild every release's slices."
        )

    def handle(self, *args, rebuild, **options):
        done = services.slice_releases(rebuild=rebuild)
        for release, made in done:
            self.stdout.write(f"Release {release.label}: {made} slices.")
        self.stdout.write(f"{len(done)} releases sliced.")
