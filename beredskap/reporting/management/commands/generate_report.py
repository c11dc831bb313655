import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beredskap import audit
from beredskap.registry.models import County
from beredskap.reporting import tasks
from beredskap.reporting.models import CountyReport, NationalReport


class Bar:
    """A progress bar on stderr: call it as each step begins, `finish()` at the end."""

    width = 30

    def __init__(self, total: int):
        self.total, self.done = total, 0

    def __call__(self, label: str) -> None:
        self._draw(label)
        self.done += 1

    def finish(self) -> None:
        self.done = self.total
        self._draw("")
        sys.stderr.write("\n")

    def _draw(self, label: str) -> None:
        done = min(self.done, self.total)
        filled = self.width * done // self.total
        bar = "#" * filled + "-" * (self.width - filled)
        sys.stderr.write(f"\r[{bar}] {done}/{self.total} {str(label)[:40]:<40}")
        sys.stderr.flush()


class Command(BaseCommand):
    help = (
        "Make a county report's (--county CODE) or the national compilation's (--national) "
        "PDF for a year, with its XLSX next to it, from the report as saved (or an empty one). "
        "Stores nothing in the database."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--county", help="the county's two-digit code, e.g. 07")
        which.add_argument("--national", action="store_true", help="the national compilation")
        parser.add_argument("--year", type=int, required=True, help="the reporting year")
        parser.add_argument(
            "--out", help="the PDF's path (default: report-CODE-YEAR.pdf or national-YEAR.pdf)"
        )

    def handle(self, *args, county, national, year, out, **options):
        if national:
            report = NationalReport.objects.filter(year=year).first() or NationalReport(year=year)
            default = f"national-{year}.pdf"
        else:
            place = County.objects.filter(code=county).first()
            if place is None:
                known = ", ".join(County.objects.values_list("code", flat=True))
                raise CommandError(f"No county with code {county}. Codes: {known}.")
            report = CountyReport.objects.filter(county=place, year=year).first()
            report = report or CountyReport(county=place, year=year)
            default = f"report-{place.code}-{year}.pdf"
        path = Path(out or default)
        bar = Bar(tasks.steps_for(report))
        _draft, pdf, xlsx = tasks.build(report, step=bar)
        bar.finish()
        path.write_bytes(pdf)
        spreadsheet = path.with_suffix(".xlsx")
        spreadsheet.write_bytes(xlsx)
        # The files hold values that are not public (a county's restricted aggregates).
        audit.record(
            actor=None,
            action="report.exported",
            target=report if report.pk else None,
            actor_name="generate_report",
            county=report.county.code if isinstance(report, CountyReport) else "",
            year=year,
            files=[str(path), str(spreadsheet)],
        )
        self.stdout.write(f"{path} ({len(pdf):,} bytes), {spreadsheet} ({len(xlsx):,} bytes)")
