"""Changes of state in the registry: reference data, organisations and memberships.

Every function takes keyword-only arguments, runs in a transaction and leaves an
audit row where a person changed something.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from beredskap import audit

from .models import (
    ROLES_BY_KIND,
    County,
    Membership,
    Municipality,
    MunicipalityGroup,
    MunicipalityGroupAssignment,
    Organisation,
    Role,
    User,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
NATIONAL_AUTHORITY = "Socialstyrelsen"
COORDINATOR_COUNTY_CODE = "07"  # Länsstyrelsen i Kronobergs län
GROUPING_FILE = re.compile(r"skr_groups_(\d{4})\.csv$")


@dataclass
class ReferenceSummary:
    counties: int
    municipalities: int
    groups: int
    group_years: list[int]
    organisations: int


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def municipality_organisation_name(municipality: Municipality) -> str:
    if municipality.code == "0980":
        return "Region Gotland"  # Gotland is a municipality with regional tasks
    return f"{municipality.name} kommun"


def county_board_name(county: County) -> str:
    return f"Länsstyrelsen i {county.name}"


@transaction.atomic
def load_reference_data(*, data_dir: Path = DATA_DIR) -> ReferenceSummary:
    """Create or update counties, municipalities, SKR groups and organisations. Idempotent."""
    counties = {}
    for row in _read_csv(data_dir / "counties.csv"):
        counties[row["code"]], _created = County.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
    municipalities = {}
    for row in _read_csv(data_dir / "municipalities.csv"):
        if row["county_code"] not in counties or not row["code"].startswith(row["county_code"]):
            raise ValidationError(
                f"Municipality {row['code']} has bad county {row['county_code']}"
            )
        municipalities[row["code"]], _created = Municipality.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "county": counties[row["county_code"]]},
        )
    groups = {}
    for row in _read_csv(data_dir / "municipality_groups.csv"):
        groups[row["code"]], _created = MunicipalityGroup.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"]}
        )
    years = []
    for path in sorted(data_dir.glob("skr_groups_*.csv")):
        year = int(GROUPING_FILE.search(path.name).group(1))
        years.append(year)
        for row in _read_csv(path):
            MunicipalityGroupAssignment.objects.update_or_create(
                municipality=municipalities[row["code"]],
                year=year,
                defaults={"group": groups[row["group"]]},
            )
    _ensure_organisations(counties.values(), municipalities.values())
    return ReferenceSummary(
        counties=len(counties),
        municipalities=len(municipalities),
        groups=len(groups),
        group_years=years,
        organisations=Organisation.objects.count(),
    )


def _ensure_organisations(counties, municipalities) -> None:
    for municipality in municipalities:
        Organisation.objects.update_or_create(
            municipality=municipality,
            defaults={
                "kind": Organisation.Kind.MUNICIPALITY,
                "name": municipality_organisation_name(municipality),
            },
        )
    for county in counties:
        Organisation.objects.update_or_create(
            county=county,
            defaults={
                "kind": Organisation.Kind.COUNTY_BOARD,
                "name": county_board_name(county),
                "is_coordinator": county.code == COORDINATOR_COUNTY_CODE,
            },
        )
    Organisation.objects.get_or_create(
        name=NATIONAL_AUTHORITY, defaults={"kind": Organisation.Kind.NATIONAL}
    )


def check_role(organisation: Organisation, role: str) -> None:
    if role not in ROLES_BY_KIND[organisation.kind]:
        raise ValidationError(
            _("The role %(role)s cannot be held at %(organisation)s.")
            % {"role": Role(role).label, "organisation": organisation}
        )
    if role == Role.COORDINATOR and not organisation.is_coordinator:
        raise ValidationError(
            _("Only the coordinating county board can have national coordinators.")
        )


@transaction.atomic
def grant_membership(*, user: User, organisation: Organisation, role: str, by) -> Membership:
    """Give `user` a role in `organisation`; granting an existing role changes nothing."""
    check_role(organisation, role)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        audit.record(
            actor=by,
            action="membership.granted",
            target=membership,
            user=user.username,
            organisation=organisation.name,
            role=role,
        )
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: str, by) -> Membership:
    """Move a membership to another role in the same organisation."""
    check_role(membership.organisation, role)
    old = Membership.objects.select_for_update().get(pk=membership.pk).role
    if old == role:
        return membership
    if Membership.objects.filter(
        user=membership.user, organisation=membership.organisation, role=role
    ).exists():
        raise ValidationError(_("The user already has that role in this organisation."))
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(
        actor=by,
        action="membership.role_changed",
        target=membership,
        user=membership.user.username,
        organisation=membership.organisation.name,
        old_role=old,
        new_role=role,
    )
    return membership


@transaction.atomic
def revoke_membership(*, membership: Membership, by) -> None:
    audit.record(
        actor=by,
        action="membership.revoked",
        target=membership,
        user=membership.user.username,
        organisation=membership.organisation.name,
        role=membership.role,
    )
    membership.delete()
