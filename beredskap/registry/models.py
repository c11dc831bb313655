"""Reference registry: counties, municipalities, SKR groups, organisations, users, roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Roles come from memberships, never from flags on the user."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class County(models.Model):
    """A län: two-digit SCB code."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class MunicipalityGroup(models.Model):
    """An SKR municipality group (kommungrupp), for example A1 Storstäder."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality group")
        verbose_name_plural = _("municipality groups")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class MunicipalityQuerySet(models.QuerySet):
    def with_group(self, year: int):
        """Annotate `group_code` with the SKR group in force in `year`."""
        assignment = MunicipalityGroupAssignment.objects.filter(
            municipality=models.OuterRef("pk"), year__lte=year
        ).order_by("-year")
        return self.annotate(group_code=models.Subquery(assignment.values("group__code")[:1]))

    def in_group(self, year: int, group_code: str):
        """The municipalities whose SKR group in force in `year` is `group_code`. Read from
        that group's assignments (a few dozen), not by annotating every municipality's
        group and filtering on it, which asks the subquery 290 times."""
        later = MunicipalityGroupAssignment.objects.filter(
            municipality=models.OuterRef("municipality"),
            year__gt=models.OuterRef("year"),
            year__lte=year,
        )
        current = MunicipalityGroupAssignment.objects.filter(
            group__code=group_code, year__lte=year
        ).exclude(models.Exists(later))
        return self.filter(pk__in=current.values("municipality"))


class Municipality(models.Model):
    """A kommun: four-digit SCB code whose first two digits are the county code."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    # The centroid (WGS 84), where maps without imported boundaries draw a point.
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name

    def group_for(self, year: int) -> "MunicipalityGroup | None":
        """The SKR group in force in `year`: the latest grouping from that year or before."""
        assignment = (
            self.group_assignments.filter(year__lte=year)
            .select_related("group")
            .order_by("-year")
            .first()
        )
        return assignment.group if assignment else None


class MunicipalityGroupAssignment(models.Model):
    """Which SKR group a municipality belongs to in a grouping year (SKR regroups now and then)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="group_assignments"
    )
    year = models.PositiveSmallIntegerField(_("grouping year"))
    group = models.ForeignKey(MunicipalityGroup, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["municipality__code", "year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="one_group_per_year")
        ]
        verbose_name = _("municipality group assignment")
        verbose_name_plural = _("municipality group assignments")

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.group.code}"


class Shape(models.Model):
    """A municipality's or county's boundary, projected and simplified for inline SVG.

    Written only by `services.import_geo`, which replaces a level's shapes all at once;
    `path` is SVG path data in the fixed view box of `registry.geo` (0 0 400 900).
    """

    class Level(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY = "county", _("County")

    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    code = models.CharField(_("code"), max_length=4)
    path = models.TextField(_("SVG path"))
    min_x = models.FloatField()
    min_y = models.FloatField()
    max_x = models.FloatField()
    max_y = models.FloatField()
    source = models.CharField(_("source file"), max_length=255)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code"], name="one_shape_per_unit")
        ]
        verbose_name = _("boundary")
        verbose_name_plural = _("boundaries")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code}"


class Organisation(models.Model):
    """Who users work for: a municipality, a county board, Socialstyrelsen, or a partner
    agency invited to consultations (remiss) of the planning direction."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY_BOARD = "county_board", _("County administrative board")
        NATIONAL = "national", _("National authority")
        PARTNER = "partner", _("Partner agency")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150, unique=True)
    municipality = models.OneToOneField(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="organisation"
    )
    county = models.OneToOneField(
        County, null=True, blank=True, on_delete=models.PROTECT, related_name="county_board"
    )
    is_coordinator = models.BooleanField(
        _("national coordinator"),
        default=False,
        help_text=_("Compiles the county reports into the national report (Kronoberg)."),
    )

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="organisation_kind_matches_link",
                condition=(
                    models.Q(kind="municipality", municipality__isnull=False, county__isnull=True)
                    | models.Q(
                        kind="county_board", county__isnull=False, municipality__isnull=True
                    )
                    | models.Q(
                        kind__in=["national", "partner"],
                        county__isnull=True,
                        municipality__isnull=True,
                    )
                ),
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    RESPONDENT = "respondent", _("Municipal respondent")
    APPROVER = "approver", _("Municipal approver")
    REVIEWER = "reviewer", _("County reviewer")
    COORDINATOR = "coordinator", _("National coordinator")
    ANALYST = "analyst", _("National analyst")
    CONSULTEE = "consultee", _("Consultation respondent")


#: Which organisation kinds may hold which roles (DESIGN.md §5).
ROLES_BY_KIND = {
    Organisation.Kind.MUNICIPALITY: {Role.RESPONDENT, Role.APPROVER},
    Organisation.Kind.COUNTY_BOARD: {Role.REVIEWER, Role.COORDINATOR},
    Organisation.Kind.NATIONAL: {Role.ANALYST},
    Organisation.Kind.PARTNER: {Role.CONSULTEE},
}


class Membership(models.Model):
    """A user's role in an organisation. Change it only through `registry.services`."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="one_membership_per_role"
            )
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        """Tokens that still authenticate: not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())


class ApiToken(models.Model):
    """A personal token for the answers API. Create and revoke it through `registry.services`.

    Only a hash of the secret is stored, so a leaked database cannot be used to call the
    API; the plaintext is shown once, when the token is created.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. the system using it.")
    )
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 hex of the whole token
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} (bsk_{self.prefix}_…)"

    def is_active(self, now=None) -> bool:
        return self.revoked_at is None and self.expires_at > (now or timezone.now())
