"""Deterministic demo data. Each capability adds its part here; `beredskap demo` runs it all."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from beredskap.publication import services as publication
from beredskap.publication.models import Release
from beredskap.registry import services as registry
from beredskap.registry.models import Organisation, Role, Shape, User
from beredskap.surveys.models import Round

DEMO_PASSWORD = "beredskap-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    is_staff: bool = False


CAST = [
    DemoUser("anna", "Anna", "Andersson", Role.RESPONDENT, "Uppsala kommun"),
    DemoUser("alva", "Alva", "Lind", Role.APPROVER, "Uppsala kommun"),
    DemoUser("cecilia", "Cecilia", "Berg", Role.RESPONDENT, "Enköping kommun"),
    DemoUser("erik", "Erik", "Holm", Role.APPROVER, "Enköping kommun"),
    DemoUser("bengt", "Bengt", "Nilsson", Role.REVIEWER, "Länsstyrelsen i Uppsala län"),
    DemoUser("karl", "Karl", "Svensson", Role.COORDINATOR, "Länsstyrelsen i Kronobergs län"),
    DemoUser("nadia", "Nadia", "Karimi", Role.ANALYST, "Socialstyrelsen", is_staff=True),
]


@transaction.atomic
def create_demo_users(*, password: str = DEMO_PASSWORD) -> list[DemoUser]:
    """One user per role. Re-running keeps existing users and their passwords.

    The published password is hashed once for them all: hashing is slow by design, and a
    salt per user protects nothing when everyone knows the password.
    """
    hashed = make_password(password)
    for person in CAST:
        user, created = User.objects.update_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.username}@demo.beredskap.invalid",
                "is_staff": person.is_staff,
                "is_superuser": person.is_staff,
            },
        )
        if created:
            user.password = hashed
            user.save(update_fields=["password"])
        organisation = Organisation.objects.get(name=person.organisation)
        registry.grant_membership(user=user, organisation=organisation, role=person.role, by=None)
    return CAST


#: Public boundary files beside the project (`../shared/reference/geo/`); not shipped.
SHARED_GEO = Path(settings.BASE_DIR).parents[1] / "shared" / "reference" / "geo"
GEO_FILES = (
    ("swedish_municipalities.geojson", Shape.Level.MUNICIPALITY),
    ("swedish_counties.geojson", Shape.Level.COUNTY),
)


def import_boundaries(folder: Path | None = None) -> list[registry.GeoImportReport]:
    """Import the public boundary files for the demo's maps, when present.

    A level that has boundaries already is left alone (they may be the user's own);
    without the files the maps draw points at the centroids.
    """
    reports = []
    for name, level in GEO_FILES:
        path = Path(folder or SHARED_GEO) / name
        if path.exists() and not Shape.objects.filter(level=level).exists():
            reports.append(registry.import_geo(path, level=level))
    return reports


def release_closed_rounds() -> list[Release]:
    """Release every closed round without a release, as the demo analyst (nadia), so the
    public pages, downloads and APIs have data; the open round stays under embargo."""
    analyst = User.objects.get(username="nadia")
    rounds = Round.objects.filter(status=Round.Status.CLOSED, releases__isnull=True)
    return [
        publication.release_round(
            survey_round=survey_round,
            notes=f"Öppna jämförelser {survey_round.year} (demodata).",
            by=analyst,
        )
        for survey_round in rounds.order_by("year")
    ]
