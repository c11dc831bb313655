"""`beredskap demo`: a working Beredskap with reference and demo data, served locally.

Ready to serve in under a minute on a fresh clone: each step prints how long it took, and
the county reports' PDF and XLSX (most of a minute to make) are made after the server has
started, by a thread beside it, by the worker when one is configured, or when someone
first opens them.
"""

import argparse
import contextlib
import logging
import socket
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from beredskap.demo import continuity as demo_continuity
from beredskap.demo import learning_events as demo_events
from beredskap.demo import learning_exercises as demo_exercises
from beredskap.demo import learning_training as demo_training
from beredskap.demo import library as demo_library
from beredskap.demo import notifications as demo_notifications
from beredskap.demo import planning as demo_planning
from beredskap.demo import reporting as demo_reporting
from beredskap.demo import services as demo
from beredskap.demo import surveys
from beredskap.registry import services as registry
from beredskap.registry.models import Shape
from beredskap.reporting import services as reporting_services
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
        started, cpu = time.monotonic(), time.process_time()
        with self._step("Database"):
            self.stdout.write("Creating or updating the database …")
            call_command("migrate", interactive=False, verbosity=0)
        with self._step("Reference data"):
            self._load_reference_data()
        with self._step("Demo users"):
            cast = demo.create_demo_users()
        if not no_surveys:
            with self._step("Continuity registers"):
                self.stdout.write(str(demo_continuity.create_registers()))
            self._create_surveys()
            with self._step("Releases"):
                self._release_rounds()
            with self._step("Knowledge library"):
                self.stdout.write(
                    f"Knowledge library: {demo_library.create_demo_library()} items."
                )
            with self._step("Support log and county reports"):
                self._create_reporting()
            with self._step("Planning direction and its 2025 consultation"):
                self.stdout.write(f"Consultation answers: {demo_planning.create_consultation()}.")
            with self._step("Trainings"):
                demo_training.create_demo_trainings(progress=self.stdout.write)
            with self._step("Exercises and lessons"):
                self._create_exercises()
            with self._step("Meetings"):
                self._create_events()
            with self._step("Notifications"):
                made = demo_notifications.leave_notifications()
                self.stdout.write(f"Notifications: {made} left for the demo users.")
        self._print_credentials(cast, port)
        if not no_surveys:
            self._print_starting_points(port)
        demo_reporting.requeue_interrupted()  # a previous demo's, killed while making them
        self.stdout.write(
            f"Ready in {time.monotonic() - started:.1f} s "
            f"({time.process_time() - cpu:.1f} s CPU in this process)."
        )
        if not no_serve:
            self._serve(port)
        elif pending := demo_reporting.pending_files():
            by_whom = (
                "when the demo serves, or when first opened"
                if reporting_services.no_worker()
                else "by the task worker"
            )
            self.stdout.write(f"{len(pending)} county reports' files are made {by_whom}.")

    @contextlib.contextmanager
    def _step(self, label: str):
        """Print how long the step took, and the CPU time this process spent on it (on a
        shared machine the wall clock also counts other work's turns)."""
        started, cpu = time.monotonic(), time.process_time()
        yield
        self.stdout.write(
            f"  {label}: {time.monotonic() - started:.1f} s "
            f"({time.process_time() - cpu:.1f} s CPU)"
        )

    def _load_reference_data(self) -> None:
        summary = registry.load_reference_data()
        self.stdout.write(
            f"Reference data: {summary.counties} counties, {summary.municipalities} "
            f"municipalities, {summary.organisations} organisations."
        )
        self._import_boundaries()

    def _serve(self, port: int) -> None:
        """Serve; meanwhile a thread makes the county reports' files still queued."""
        stop = threading.Event()
        maker = threading.Thread(
            target=self._make_files_when_serving, args=(port, stop), name="demo-report-files"
        )
        maker.start()
        try:
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            stop.set()  # the file being made is finished, the rest left for later
            maker.join()

    def _make_files_when_serving(self, port: int, stop: threading.Event) -> None:
        try:
            if not _wait_for_port(port, stop):
                return
            pending = len(demo_reporting.pending_files())
            if not pending:
                return
            started = time.monotonic()
            with _quiet("weasyprint", "django.tasks"):
                made = demo_reporting.make_pending_files(stop=stop)
            if made:
                self.stdout.write(
                    f"County report files: {made} of {pending} made in "
                    f"{time.monotonic() - started:.0f} s, after the server started."
                )
        finally:
            connection.close()  # this thread's own

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
        with self._step("Survey rounds"):
            surveys.create_demo_surveys(progress=self._print_round)
        with self._step("Results"):
            self._compute_results()

    def _compute_results(self) -> None:
        """Every round's values; a closed round about to be released is computed by its
        release (the next step), not twice."""
        for survey_round in Round.objects.select_related("edition").order_by("year"):
            if survey_round.status == Round.Status.CLOSED and not survey_round.releases.exists():
                continue
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
        for release in demo.release_closed_rounds():  # each computes its round's values
            year = release.round.year
            rows = Value.objects.filter(round=release.round, basis=Value.Basis.APPROVED).count()
            self.stdout.write(
                f"Results {year}: {rows} values computed; released {release.label}: "
                f"{release.value_count} public values."
            )

    def _create_reporting(self) -> None:
        if demo_reporting.reporting_exists():
            self.stdout.write("Demo support log and county reports exist; nothing to add.")
            return
        self.stdout.write(
            f"Generating the demo support log and county reports on {demo_reporting.REPORT_YEAR} "
            "(their PDF and XLSX are made once the server has started) …"
        )
        with demo_reporting.files_deferred():
            summary = demo_reporting.create_demo_reporting(progress=self.stdout.write)
        self.stdout.write(
            f"County reports {demo_reporting.REPORT_YEAR}: {summary.submitted} submitted "
            f"({summary.late} late)."
        )

    def _create_exercises(self) -> None:
        if demo_exercises.exercises_exist():
            self.stdout.write("Demo exercises exist; nothing to add.")
            return
        made = demo_exercises.create_demo_exercises()
        self.stdout.write(
            f"Exercises: {made.exercises} with {made.observations} observations "
            f"({made.shared} shared lessons) and {made.actions} actions."
        )

    def _create_events(self) -> None:
        if demo_events.events_exist():
            self.stdout.write("Demo meetings exist; nothing to add.")
            return
        made = demo_events.create_demo_events()
        self.stdout.write(
            f"Meetings: {made.events} (national webinars and Uppsala län's network) with "
            f"{made.registrations} registrations."
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


def _wait_for_port(port: int, stop: threading.Event) -> bool:
    """Wait until the server accepts connections on `port`; False if stopped first."""
    while not stop.is_set():
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return True
        stop.wait(0.2)
    return False


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
