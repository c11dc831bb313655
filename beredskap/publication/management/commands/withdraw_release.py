from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from beredskap.publication import services
from beredskap.publication.models import Release
from beredskap.registry.models import User


class Command(BaseCommand):
    help = "Withdraw a release made in error (YEAR.NUMBER); the previous one becomes current."

    def add_arguments(self, parser):
        parser.add_argument("label", help="The release, e.g. 2025.2.")
        parser.add_argument("--by", required=True, help="Username of the analyst.")
        parser.add_argument("--reason", required=True, help="Why it is withdrawn.")

    def handle(self, *args, label, by, reason, **options):
        year, _, number = label.partition(".")
        if not (year.isdigit() and number.isdigit()):
            raise CommandError(f"{label!r} is not a release label such as 2025.1.")
        release = Release.objects.filter(round__year=year, number=number).first()
        if release is None:
            raise CommandError(f"No release {label}.")
        user = User.objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user {by!r}.")
        try:
            services.withdraw_release(release=release, reason=reason, by=user)
        except PermissionDenied as exc:
            raise CommandError(f"{by} may not withdraw releases (Socialstyrelsen only).") from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Withdrew {label}.")
