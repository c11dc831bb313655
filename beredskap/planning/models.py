"""The planning direction (planeringsinriktning) as versioned data.

A `Direction` is one version (e.g. "2026.1") with three kinds of items: starting points
(utgångspunkter), planning assumptions (grundantaganden, with named parameters) and target
states (målbilder). Rows are written only by `services` (loading a YAML file or copying an
adopted version); an adopted version never changes, a new one is a copy.

Target states name catalogue areas, activities, indicators and questions by code (strings):
planning sits below the catalogue and may not import it; the catalogue checks the links.
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beredskap.registry import access


class Translated:
    """`title = Translated("title")` reads `title_sv` or `title_en` by the active language
    (the one home of this: the catalogue, library and learning models use it too)."""

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        english = (get_language() or "sv")[:2] == "en"
        value = getattr(obj, f"{self.name}_en" if english else f"{self.name}_sv")
        return value or getattr(obj, f"{self.name}_sv")


class Sensitivity(models.TextChoices):
    """The catalogue's three levels; the values are the gatekeeper's (`registry.access`)."""

    PUBLIC = access.PUBLIC, _("Public")
    AGGREGATE = access.AGGREGATE, _("Aggregate only")
    RESTRICTED = access.RESTRICTED, _("Restricted")


class Category(models.TextChoices):
    ELECTRICITY = "electricity", _("Electricity")
    WATER = "water", _("Water")
    HEATING = "heating", _("Heating")
    IT_TELEPHONY = "it_telephony", _("IT and telephony")
    FUEL_TRANSPORT = "fuel_transport", _("Fuel and transport")
    MEDICINES_SUPPLIES = "medicines_supplies", _("Medicines and medical supplies")
    FOOD = "food", _("Food")
    STAFF = "staff", _("Staff")
    PREMISES = "premises", _("Premises")
    INFORMATION_INFLUENCE = "information_influence", _("Information influence")
    SCENARIO = "scenario", _("Scenario and duration")


class Unit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")
    SHARE = "share", _("share")
    COUNT = "count", _("count")
    LITRES_PER_PERSON_DAY = "litres_per_person_day", _("litres per person and day")
    DEGREES_CELSIUS = "degrees_celsius", _("degrees Celsius")


class Direction(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONSULTATION = "consultation", _("Out for consultation")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    #: Versions anyone may read; drafts and consultations are Socialstyrelsen's.
    PUBLIC_STATUSES = (Status.ADOPTED, Status.SUPERSEDED)

    version = models.CharField(_("version"), max_length=20, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    title_sv = models.CharField(max_length=250)
    title_en = models.CharField(max_length=250)
    source = models.CharField(_("source file"), max_length=250, blank=True)
    checksum = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="copies"
    )

    title = Translated("title")

    class Meta:
        # Newest first; drafts (no start date yet) before all, on SQLite and PostgreSQL alike.
        ordering = [models.F("valid_from").desc(nulls_first=True), "-version"]
        verbose_name = _("planning direction")
        verbose_name_plural = _("planning directions")

    def __str__(self) -> str:
        return self.version

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_permanent(self) -> bool:
        """Adopted (or since superseded) versions never change: a new version is a copy."""
        return self.status in self.PUBLIC_STATUSES


class Item(models.Model):
    """A coded item of a direction with Swedish and English text, in the file's order."""

    code = models.CharField(max_length=30)
    title_sv = models.CharField(max_length=250)
    title_en = models.CharField(max_length=250)
    text_sv = models.TextField()
    text_en = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    placeholder = models.BooleanField(
        default=False, help_text=_("The project's own text, until the official text exists.")
    )

    title = Translated("title")
    text = Translated("text")

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return self.code


class StartingPoint(Item):
    direction = models.ForeignKey(
        Direction, on_delete=models.CASCADE, related_name="starting_points"
    )

    class Meta(Item.Meta):
        constraints = [
            models.UniqueConstraint(fields=["direction", "code"], name="startingpoint_code")
        ]


class Assumption(Item):
    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="assumptions")
    category = models.CharField(max_length=30, choices=Category.choices)
    sensitivity = models.CharField(max_length=20, choices=Sensitivity.choices)

    class Meta(Item.Meta):
        constraints = [
            models.UniqueConstraint(fields=["direction", "code"], name="assumption_code")
        ]


class Parameter(models.Model):
    """A named value of an assumption, e.g. `duration_hours: 168` in hours."""

    assumption = models.ForeignKey(Assumption, on_delete=models.CASCADE, related_name="parameters")
    name = models.CharField(max_length=40)
    unit = models.CharField(max_length=30, choices=Unit.choices)
    value = models.FloatField()
    note_sv = models.CharField(max_length=250, blank=True)
    note_en = models.CharField(max_length=250, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    note = Translated("note")

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["assumption", "name"], name="parameter_name")
        ]

    def __str__(self) -> str:
        return f"{self.name}={self.shown_value}"

    @property
    def shown_value(self) -> str:
        """Whole numbers without a trailing .0 (168, not 168.0)."""
        return f"{self.value:g}"


class TargetState(Item):
    direction = models.ForeignKey(
        Direction, on_delete=models.CASCADE, related_name="target_states"
    )
    area = models.CharField(_("catalogue area"), max_length=10)
    activity = models.CharField(_("catalogue activity"), max_length=30, blank=True)
    criteria = models.JSONField(default=list)  # [{"sv": …, "en": …}, …]
    indicators = models.JSONField(default=list)  # indicator codes
    questions = models.JSONField(default=list)  # question codes

    class Meta(Item.Meta):
        constraints = [
            models.UniqueConstraint(fields=["direction", "code"], name="targetstate_code")
        ]

    def criteria_texts(self) -> list[str]:
        english = (get_language() or "sv")[:2] == "en"
        return [c["en" if english else "sv"] or c["sv"] for c in self.criteria]


# The consultation (remiss) of a direction lives in its own module (issue 15 item 2).
from .consultation_models import (  # noqa: E402, F401
    Answer,
    Compilation,
    Consultation,
    Disposition,
    Invitation,
)
