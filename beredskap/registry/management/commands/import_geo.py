from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from beredskap.registry import geo, services


class Command(BaseCommand):
    help = (
        "Import municipality or county boundaries from GeoJSON (WGS 84), validated against "
        "the registry. Every error is reported by feature; if any file has errors, nothing "
        "is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="GeoJSON FeatureCollections")
        parser.add_argument(
            "--level",
            choices=geo.LEVELS,
            help="Read codes for this level only (default: detected from the properties).",
        )

    def handle(self, *args, files: list[Path], level: str | None, **options):
        reports, failed = [], 0
        # One transaction over all files: a bad file undoes the good ones before it.
        with transaction.atomic():
            for path in files:
                try:
                    reports.append(services.import_geo(path, level=level))
                except services.GeoInvalid as exc:
                    failed += 1
                    for line in exc.lines():
                        self.stderr.write(line)
                    if exc.unknown:
                        self.stderr.write(f"{path}: unknown codes: {', '.join(exc.unknown)}")
                    self.stderr.write(
                        self.style.ERROR(f"{path}: {len(exc.problems)} error(s); not imported.")
                    )
            if failed:
                raise CommandError(f"{failed} file(s) had errors; nothing was imported.")
        for report in reports:
            self._summary(report)

    def _summary(self, report: services.GeoImportReport) -> None:
        plural = "municipalities" if report.level == geo.MUNICIPALITY else "counties"
        parts = [f"{report.imported} {plural} with boundaries" if report.imported else "no shapes"]
        if report.level == geo.MUNICIPALITY:
            parts.append(f"{report.centroids} centroid(s) updated")
        parts += [f"{len(report.unknown)} unknown", f"{len(report.missing)} missing"]
        self.stdout.write(
            self.style.SUCCESS(f"{report.source}: {report.level} level: {', '.join(parts)}.")
        )
        if report.missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{report.source}: no feature for {len(report.missing)} registry "
                    f"{plural}: {', '.join(report.missing)}"
                )
            )
