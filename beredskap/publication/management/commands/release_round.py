from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from beredskap.publication import services
from beredskap.registry.models import User
from beredskap.surveys.models import Round


class Command(BaseCommand):
    help = (
        "Release a closed round's public results as the next numbered release (the first "
        "ends the embargo; later ones are corrections and need --errata)."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="Survey year of the round.")
        parser.add_argument("--by", required=True, help="Username of the releasing analyst.")
        parser.add_argument("--notes", default="", help="What the release contains.")
        parser.add_argument("--errata", default="", help="For a correction: what changed.")

    def handle(self, *args, year, by, notes, errata, **options):
        survey_round = Round.objects.filter(year=year).first()
        if survey_round is None:
            known = ", ".join(map(str, Round.objects.values_list("year", flat=True))) or "none"
            raise CommandError(f"No survey round {year}. Rounds: {known}.")
        user = User.objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user {by!r}.")
        try:
            release = services.release_round(
                survey_round=survey_round, notes=notes, errata=errata, by=user
            )
        except PermissionDenied as exc:
            raise CommandError(f"{by} may not release results (Socialstyrelsen only).") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Released {release.label}: {release.value_count} public values.")
