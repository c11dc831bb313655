"""Changes of state in the registry: reference data, organisations and memberships.

Every function takes keyword-only arguments, runs in a transaction and leaves an
audit row where a person changed something.
"""

import csv
import datetime
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit

from . import access, geo
from .models import (
    ROLES_BY_KIND,
    ApiToken,
    County,
    Membership,
    Municipality,
    MunicipalityGroup,
    MunicipalityGroupAssignment,
    Organisation,
    Role,
    Shape,
    User,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
NATIONAL_AUTHORITY = "Socialstyrelsen"
#: Agencies invited to consultations of the planning direction besides the county boards.
PARTNER_AGENCIES = ("Myndigheten för civilt försvar", "Statens institutionsstyrelse",
                    "Upphandlingsmyndigheten", "Sveriges Kommuner och Regioner")  # fmt: skip
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
    _fill_centroids(municipalities, data_dir / "centroids.csv")
    _ensure_organisations(counties.values(), municipalities.values())
    return ReferenceSummary(
        counties=len(counties),
        municipalities=len(municipalities),
        groups=len(groups),
        group_years=years,
        organisations=Organisation.objects.count(),
    )


def _fill_centroids(municipalities: dict[str, Municipality], path: Path) -> None:
    """Give municipalities without a centroid the shipped one, in one bulk update.

    Centroids already set are kept: `import_geo` may have computed better ones from
    boundaries, and reloading reference data must not undo that.
    """
    if not path.exists():
        return
    empty = []
    for row in _read_csv(path):
        municipality = municipalities.get(row["code"])
        if municipality is not None and municipality.latitude is None:
            municipality.latitude = float(row["latitude"])
            municipality.longitude = float(row["longitude"])
            empty.append(municipality)
    Municipality.objects.bulk_update(empty, ["latitude", "longitude"])


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
    for name in PARTNER_AGENCIES:
        Organisation.objects.get_or_create(name=name, defaults={"kind": Organisation.Kind.PARTNER})


# --- boundaries and centroids -----------------------------------------------------------


class GeoInvalid(Exception):
    """A boundary file has problems; nothing was imported. `problems` lists every one,
    by feature index (None for the whole file); `unknown` and `missing` are the codes the
    file names that the registry lacks, and the registry codes the file lacks."""

    def __init__(
        self,
        source: str,
        problems: list[tuple[int | None, str]],
        *,
        level: str = "",
        labels: dict[int, str] | None = None,
        unknown: list[str] | None = None,
        missing: list[str] | None = None,
    ):
        self.source = source
        self.problems = problems
        self.level = level
        self.labels = labels or {}
        self.unknown = unknown or []
        self.missing = missing or []
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [
            f"{self.source}: features[{index}]{self.labels.get(index, '')}: {message}"
            if index is not None
            else f"{self.source}: {message}"
            for index, message in self.problems
        ]


@dataclass
class GeoImportReport:
    source: str
    level: str
    imported: int  # shapes written; 0 for a file of points
    centroids: int  # municipality centroids that changed
    unknown: list[str] = field(default_factory=list)  # always empty: unknown codes refuse
    missing: list[str] = field(default_factory=list)  # registry codes without a feature


def read_geo(path: Path, *, level: str | None = None) -> tuple[geo.GeoFile, list[str]]:
    """Parse and validate a boundary file against the registry, or raise `GeoInvalid`.

    Returns the parsed file and the registry codes it lacks (a warning, not an error).
    Invalid geometry, a missing or unknown code, a duplicate code, or a feature of the
    other level is an error.
    """
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise GeoInvalid(source, [(None, f"cannot be read ({exc.strerror})")]) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise GeoInvalid(source, [(None, message)]) from exc
    except UnicodeDecodeError as exc:
        raise GeoInvalid(source, [(None, "not UTF-8 text")]) from exc
    parsed = geo.read(data, level=level)
    problems = list(parsed.problems)
    if not parsed.features or not parsed.level:
        raise GeoInvalid(source, problems or [(None, "no feature names a known code")])
    model = Municipality if parsed.level == geo.MUNICIPALITY else County
    known = set(model.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    unknown = []
    for feature in parsed.features:
        if not feature.code or feature.level != parsed.level:
            continue
        if feature.code not in known:
            unknown.append(feature.code)
            problems.append((feature.index, f"unknown {parsed.level} code {feature.code}"))
        elif feature.code in seen:
            first = seen[feature.code]
            problems.append((feature.index, f"duplicate code {feature.code} (features[{first}])"))
        else:
            seen[feature.code] = feature.index
    missing = sorted(known - set(seen))
    if problems:
        labels = {
            f.index: f" ({' '.join(filter(None, (f.code, f.name)))})"
            for f in parsed.features
            if f.code or f.name
        }
        problems.sort(key=lambda p: -1 if p[0] is None else p[0])
        raise GeoInvalid(
            source,
            problems,
            level=parsed.level,
            labels=labels,
            unknown=sorted(set(unknown)),
            missing=missing,
        )
    return parsed, missing


@transaction.atomic
def import_geo(path: Path, *, level: str | None = None, by=None) -> GeoImportReport:
    """Import municipality or county boundaries (or municipality points) from GeoJSON.

    All or nothing: a file with any error raises `GeoInvalid` and changes nothing. Shapes
    replace every shape of their level; a municipality file also sets the centroids, from
    its `geo_point_2d` (or Point geometry) or else from the polygons' area-weighted centre.
    Registry codes absent from the file are reported in `missing` and simply have no shape.
    """
    path = Path(path)
    parsed, missing = read_geo(path, level=level)
    areas = [f for f in parsed.features if f.is_area]
    shapes = []
    for feature in areas:
        data, box = geo.shape(feature.polygons)
        shapes.append(
            Shape(
                level=parsed.level,
                code=feature.code,
                path=data,
                min_x=box.min_x,
                min_y=box.min_y,
                max_x=box.max_x,
                max_y=box.max_y,
                source=path.name[:255],
            )
        )
    if shapes:
        Shape.objects.filter(level=parsed.level).delete()
        Shape.objects.bulk_create(shapes)
    changed = []
    if parsed.level == geo.MUNICIPALITY:
        municipalities = Municipality.objects.in_bulk(field_name="code")
        for feature in parsed.features:
            centroid = feature.centroid()
            if centroid is None:
                continue
            municipality = municipalities[feature.code]
            latitude, longitude = round(centroid[0], 3), round(centroid[1], 3)
            if (municipality.latitude, municipality.longitude) != (latitude, longitude):
                municipality.latitude, municipality.longitude = latitude, longitude
                changed.append(municipality)
        Municipality.objects.bulk_update(changed, ["latitude", "longitude"])
    audit.record(
        actor=by,
        action="geo.imported",
        target=None,
        level=parsed.level,
        count=len(shapes),
        centroids=len(changed),
        source=path.name,
        missing=missing,
    )
    return GeoImportReport(
        source=str(path),
        level=parsed.level,
        imported=len(shapes),
        centroids=len(changed),
        missing=missing,
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


# --- API tokens --------------------------------------------------------------------

TOKEN_PREFIX = "bsk"
#: Tokens expire; a year covers one survey round, and a lost token cannot live for ever.
TOKEN_LIFETIME = datetime.timedelta(days=365)
MAX_TOKEN_LIFETIME = datetime.timedelta(days=365)
MAX_ACTIVE_TOKENS = 10
#: `last_used_at` is written at most this often, so a busy client does not write each call.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
_TOKEN = re.compile(rf"^{TOKEN_PREFIX}_([0-9a-f]{{8}})_([A-Za-z0-9_-]{{43}})$")


def _token_hash(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


@transaction.atomic
def create_api_token(
    *, user: User, name: str, by, lifetime: datetime.timedelta = TOKEN_LIFETIME
) -> tuple[ApiToken, str]:
    """A new personal token for `user` and its plaintext, which is never stored or shown again.

    The token is `bsk_<prefix>_<secret>`: the prefix (8 hex digits) identifies it in lists,
    the secret (32 random bytes) is what authenticates; only the SHA-256 of the whole is kept.
    """
    if by is None or by.pk != user.pk:
        raise PermissionDenied  # personal: nobody creates a token acting as someone else
    if not access.may_use_answer_api(user):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError(_("Say what the token is for."))
    if not datetime.timedelta(days=1) <= lifetime <= MAX_TOKEN_LIFETIME:
        raise ValidationError(_("A token can be valid for one day to one year."))
    User.objects.select_for_update().get(pk=user.pk)  # count and create one at a time
    if ApiToken.objects.filter(user=user).active().count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You can have at most %(count)s active tokens. Revoke one you no longer use.")
            % {"count": MAX_ACTIVE_TOKENS}
        )
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    plaintext = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        key_hash=_token_hash(plaintext),
        expires_at=timezone.now() + lifetime,
    )
    audit.record(
        actor=by,
        action="api_token.created",
        target=token,
        user=user.username,
        prefix=prefix,
        name=token.name,
        expires_at=token.expires_at.isoformat(),
    )
    return token, plaintext


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by) -> ApiToken:
    """Stop a token at once; revoking a revoked token changes nothing."""
    if not access.may_revoke_api_token(by, token):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=by,
        action="api_token.revoked",
        target=token,
        user=token.user.username,
        prefix=token.prefix,
        name=token.name,
    )
    return token


def authenticate_api_token(plaintext: str) -> User | None:
    """The active user a token belongs to, or None for an unknown, revoked or expired token.

    The token is found by the hash of what was sent, so no stored secret is compared
    character by character; the final comparison is constant-time all the same.
    """
    if not _TOKEN.match(plaintext or ""):
        return None
    digest = _token_hash(plaintext)
    now = timezone.now()
    token = (
        ApiToken.objects.active(now)
        .select_related("user")
        .filter(key_hash=digest, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.user.api_token = token  # which token acted, for audit rows
    return token.user
