import sys

from django.core.management.base import BaseCommand, CommandError

from beredskap.results import services
from beredskap.results.models import Value
from beredskap.surveys.models import Round


class Command(BaseCommand):
    help = "Recompute a round's indicator values from its answers (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--round", type=int, dest="year", help="Survey year (default: all).")
        parser.add_argument(
            "--basis",
            choices=[b.value for b in Value.Basis],
            action="append",
            help="approved (public), preliminary (internal); default both",
        )

    def handle(self, *args, year, basis, **options):
        rounds = Round.objects.select_related("edition").order_by("year")
        if year is not None:
            rounds = rounds.filter(year=year)
            if not rounds.exists():
                known = ", ".join(map(str, Round.objects.values_list("year", flat=True))) or "none"
                raise CommandError(f"No survey round {year}. Rounds: {known}.")
        for survey_round in rounds:
            for chosen in basis or [b.value for b in Value.Basis]:
                summary = services.compute_round(
                    survey_round=survey_round,
                    basis=chosen,
                    progress=self._bar(survey_round, chosen),
                )
                self.stdout.write(
                    f"\nRound {summary.round} ({summary.basis}): {summary.indicators} indicators, "
                    f"{summary.municipalities_with_answers} municipalities with answers, "
                    f"{summary.rows} values."
                )

    def _bar(self, survey_round, basis):
        def show(done: int, total: int) -> None:
            width = 30
            filled = width * done // total
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r{survey_round.year} {basis:<11} [{bar}] {done}/{total}")
            sys.stderr.flush()

        return show
