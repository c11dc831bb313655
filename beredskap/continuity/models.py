"""The continuity register: what absolutely must work in a municipality's social services.

Per municipality: `Unit`s (verksamhetsställen) with their `CriticalFunction`s, each
function's `Dependency`s on the planning direction's assumption categories with the
reserve that lasts, and the municipality's `ContinuityPlan` documents with the county
board's `PlanVerification`s. Unit-level data is civil-defence sensitive: it is read only
through `registry.access` and never reaches a public door. Change it only through
`services`; every change leaves a `RegisterRevision` (before/after) and an audit row.

See docs/continuity.md.
"""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.planning.models import Category
from beredskap.registry.models import Municipality

#: The longest reserve or tolerable downtime the register accepts: one year, in hours.
MAX_HOURS = 24 * 366
#: The largest staff count one function may name.
MAX_STAFF = 10_000
#: The largest number of people one unit may serve.
MAX_PEOPLE = 1_000_000

#: The assumption categories a dependency may name (the planning direction's, less the
#: scenario frame and information influence, which are not supplies a reserve covers).
DEPENDENCY_CATEGORIES = [
    (value, label)
    for value, label in Category.choices
    if value not in (Category.SCENARIO, Category.INFORMATION_INFLUENCE)
]


def plan_storage():
    """Where plan documents are kept: a storage with no public URL (settings.STORAGES)."""
    return storages["continuity"]


def plan_path(instance, filename: str) -> str:
    """A stored name that says nothing about the municipality or the original name."""
    import uuid

    return f"plans/{uuid.uuid4().hex}"


class Management(models.TextChoices):
    OWN = "own", _("Own management")
    PRIVATE = "private", _("Private provider")


class ReserveUnit(models.TextChoices):
    """How a reserve is shown; it is always stored in hours."""

    HOURS = "hours", _("hours")
    DAYS = "days", _("days")


class Unit(models.Model):
    """A verksamhetsställe: a place where the municipality provides a catalogue activity."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="continuity_units"
    )
    name = models.CharField(_("name"), max_length=200)
    #: The code of the catalogue activity the unit provides (stable across editions).
    activity_code = models.CharField(_("activity"), max_length=30)
    management = models.CharField(
        _("management"), max_length=10, choices=Management.choices, default=Management.OWN
    )
    contract_sets_preparedness = models.BooleanField(
        _("the contract sets preparedness requirements"), default=False
    )
    people_served = models.PositiveIntegerField(_("people served"), default=0)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="continuity_unit_name")
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("continuity:unit", args=[self.municipality.code, self.pk])


class CriticalFunction(models.Model):
    """Something that absolutely must work at a unit, and how long it may stop."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="functions")
    name = models.CharField(_("name"), max_length=200)
    max_tolerable_downtime_hours = models.PositiveIntegerField(_("maximum tolerable downtime"))
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["unit", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="continuity_function_name")
        ]
        verbose_name = _("critical function")
        verbose_name_plural = _("critical functions")

    def __str__(self) -> str:
        return self.name


class Dependency(models.Model):
    """What a function needs (an assumption category) and how long its reserve lasts.

    `reserve_hours` None means no reserve: the function fails as soon as the supply is
    cut. For staff, `minimum_staff` and `staff_available` say how many are needed and
    how many there are.
    """

    function = models.ForeignKey(
        CriticalFunction, on_delete=models.CASCADE, related_name="dependencies"
    )
    category = models.CharField(_("dependency"), max_length=30, choices=DEPENDENCY_CATEGORIES)
    reserve_hours = models.PositiveIntegerField(_("reserve"), null=True, blank=True)
    reserve_unit = models.CharField(
        _("reserve shown in"), max_length=10, choices=ReserveUnit.choices,
        default=ReserveUnit.HOURS,
    )  # fmt: skip
    minimum_staff = models.PositiveIntegerField(_("minimum staff"), null=True, blank=True)
    staff_available = models.PositiveIntegerField(_("staff available"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["function", "category", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["function", "category"], name="continuity_dependency_category"
            )
        ]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")

    def __str__(self) -> str:
        return self.get_category_display()

    @property
    def reserve_in_unit(self) -> int | None:
        """The reserve in the unit it is shown in (days are whole days)."""
        if self.reserve_hours is None:
            return None
        if self.reserve_unit == ReserveUnit.DAYS:
            return self.reserve_hours // 24
        return self.reserve_hours


class RegisterRevision(models.Model):
    """One change of a unit, function or dependency: never changed, never deleted."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Changed")
        DELETE = "delete", _("Removed")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="continuity_revisions"
    )
    kind = models.CharField(max_length=20)  # unit, function, dependency
    object_id = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices)
    version = models.PositiveIntegerField()
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    source = models.CharField(max_length=10, default="form")  # form, import, demo
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "object_id"], name="continuity_revision_obj")]
        verbose_name = _("register revision")
        verbose_name_plural = _("register revisions")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} v{self.version} {self.action}"


class ContinuityPlan(models.Model):
    """A continuity plan document, with the four elements the municipality says it has."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="continuity_plans"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans",
        verbose_name=_("unit"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(storage=plan_storage, upload_to=plan_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    has_reserve_routine = models.BooleanField(_("reserve routine"), default=False)
    has_recovery_routine = models.BooleanField(_("recovery routine"), default=False)
    has_return_routine = models.BooleanField(_("return routine"), default=False)
    has_contacts = models.BooleanField(_("contact details"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["municipality", "-uploaded_at", "-id"]
        verbose_name = _("continuity plan")
        verbose_name_plural = _("continuity plans")

    def __str__(self) -> str:
        return self.title

    @property
    def has_all_elements(self) -> bool:
        return all(getattr(self, field) for field in ELEMENTS)

    def latest_verification(self):
        return self.verifications.order_by("-at", "-id").first()


#: The four required elements of the continuity-plan indicator, as plan fields.
ELEMENTS = ("has_reserve_routine", "has_recovery_routine", "has_return_routine", "has_contacts")


class PlanVerification(models.Model):
    """A county reviewer's check of a plan against the four elements."""

    plan = models.ForeignKey(
        ContinuityPlan, on_delete=models.CASCADE, related_name="verifications"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reserve_routine_ok = models.BooleanField(_("reserve routine found"), default=False)
    recovery_routine_ok = models.BooleanField(_("recovery routine found"), default=False)
    return_routine_ok = models.BooleanField(_("return routine found"), default=False)
    contacts_ok = models.BooleanField(_("contact details found"), default=False)
    verified = models.BooleanField(_("verified"))
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "-at", "-id"]
        verbose_name = _("plan verification")
        verbose_name_plural = _("plan verifications")

    def __str__(self) -> str:
        return f"{self.plan} {self.at:%Y-%m-%d}"


#: The verification fields, in the order of `ELEMENTS`.
CHECKS = ("reserve_routine_ok", "recovery_routine_ok", "return_routine_ok", "contacts_ok")
