"""`beredskap demo`: a working Beredskap with reference and demo data, served locally."""

import argparse
import contextlib
import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from beredskap.demo import reporting as demo_reporting
from beredskap.demo import services as demo
from beredskap.demo import surveys
from beredskap.registry import services as registry
from beredskap.registry.models import Shape
from beredskap.results import services as results
from beredskap.results.models import Value
from beredskap.surveys.models import Round


class Command(BaseCommand):
    help = (
        "Create the database, load reference and demo data, create one demo user per role "
        "and serve http://127.0.0.1:8000. Safe to re-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Prepare data, do not serve.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (8000).")
        # Hidden: the command's own tests skip the survey data (about 15 s to generate).
        parser.add_argument("--no-surveys", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, no_serve: bool, port: int, no_surveys: bool, **options):
        if not settings.DEBUG:
            raise CommandError(
                "The demo creates users with published passwords; it refuses to run with "
                "DEBUG=False. Use it on a development machine only."
            )
        if not 1 <= port <= 65535:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        self.stdout.write("Creating or updating the database …")
        call_command("migrate", interactive=False, verbosity=0)
        summary = registry.load_reference_data()
        self.stdout.write(
            f"Reference data: {summary.counties} counties, {summary.municipalities} "
            f"municipalities, {summary.organisations} organisations."
        )
        self._import_boundaries()
        cast = demo.create_demo_users()
        if not no_surveys:
            self._create_surveys()
            self._release_rounds()
            self._create_reporting()
        self._print_credentials(cast, port)
        if not no_surveys:
            self._print_starting_points(port)
        if not no_serve:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def _import_boundaries(self) -> None:
        reports = demo.import_boundaries()
        for report in reports:
            self.stdout.write(f"Boundaries: {report.imported} {report.level} shapes.")
        if not reports and not Shape.objects.exists():
            self.stdout.write(
                f"No boundary files in {demo.SHARED_GEO}: maps draw points at the centroids "
                "(see docs/maps.md)."
            )

    def _create_surveys(self) -> None:
        if surveys.surveys_exist():
            self.stdout.write("Demo survey data exists; nothing to add.")
            return
        self.stdout.write("Generating demo survey rounds (takes a few seconds) …")
        surveys.create_demo_surveys(progress=self._print_round)
        for survey_round in Round.objects.select_related("edition").order_by("year"):
            bases = [Value.Basis.APPROVED]
            if survey_round.status == Round.Status.OPEN:  # closed rounds have no submitted
                bases.append(Value.Basis.PRELIMINARY)
            rows = sum(
                results.compute_round(survey_round=survey_round, basis=basis).rows
                for basis in bases
            )
            self.stdout.write(f"Results {survey_round.year}: {rows} values computed.")

    def _print_round(self, summary: surveys.RoundSummary) -> None:
        answers = f"{summary.answers:,}".replace(",", " ")
        statuses = ", ".join(
            f"{count} {status.replace('_', ' ')}" for status, count in summary.statuses.items()
        )
        self.stdout.write(
            f"Survey {summary.year}: {summary.responses} responses, {answers} answers ({statuses})"
        )

    def _release_rounds(self) -> None:
        for release in demo.release_closed_rounds():
            self.stdout.write(f"Released {release.label}: {release.value_count} public values.")

    def _create_reporting(self) -> None:
        if demo_reporting.reporting_exists():
            self.stdout.write("Demo support log and county reports exist; nothing to add.")
            return
        self.stdout.write(
            f"Generating the demo support log and county reports on {demo_reporting.REPORT_YEAR} "
            "(with their PDF and XLSX) …"
        )
        started = time.monotonic()
        with _quiet("weasyprint", "django.tasks"):  # a line per page and task otherwise
            summary = demo_reporting.create_demo_reporting(progress=self.stdout.write)
        self.stdout.write(
            f"County reports {demo_reporting.REPORT_YEAR}: {summary.submitted} submitted "
            f"({summary.late} late) in {time.monotonic() - started:.0f} s."
        )

    def _print_starting_points(self, port: int) -> None:
        base = f"http://127.0.0.1:{port}"
        year = surveys.OPEN_YEAR
        self.stdout.write(
            f"Start here: anna (Uppsala, draft to complete) {base}/surveys/{year}/0380/\n"
            f"            bengt (Länsstyrelsen i Uppsala län, Enköping to review) "
            f"{base}/surveys/{year}/board/"
        )

    def _print_credentials(self, cast, port: int) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nDemo users (password: {demo.DEMO_PASSWORD})"))
        for person in cast:
            self.stdout.write(
                f"  {person.username:<9} {person.role:<12} {person.organisation}"
                + ("  (admin)" if person.is_staff else "")
            )
        county_reviewers = demo_reporting.listed_reviewers()
        if county_reviewers:
            self.stdout.write(
                f"  {county_reviewers[0]} … {county_reviewers[-1]}  reviewer  "
                f"one for each other county board ({len(county_reviewers)})"
            )
        self.stdout.write(f"\nSign in at http://127.0.0.1:{port}/accounts/login/\n")


@contextlib.contextmanager
def _quiet(*names: str):
    """Only warnings and errors from these loggers meanwhile."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
