"""Trainings, their completions and each municipality's training and exercise plan.

A `Training` is national (Socialstyrelsen's, loaded from `learning/data/trainings.yaml`)
or regional (owned by a county board). A `Completion` counts how many of a municipality's
staff completed a training, for one catalogue activity (or none in particular) and one
year: counts only, never people. A `PlanItem` is one planned training or exercise of a
municipality's training and exercise plan for a term of office (mandatperiod). Change
them only through `learning.training.services`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import Translated
from beredskap.registry.models import County, Municipality

from .exercises import Exercise


class Training(models.Model):
    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")

    class Format(models.TextChoices):
        WEB_COURSE = "web_course", _("Web course")
        WEBINAR = "webinar", _("Webinar")
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")

    class Audience(models.TextChoices):
        MANAGERS = "managers", _("Managers")
        STAFF = "staff", _("Staff")
        COORDINATORS = "coordinators", _("Preparedness coordinators")
        POLITICIANS = "politicians", _("Elected representatives")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    county = models.ForeignKey(
        County, null=True, blank=True, on_delete=models.PROTECT, related_name="trainings",
        verbose_name=_("county board"),
    )  # fmt: skip
    name_sv = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_sv = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    audiences = models.JSONField(_("audience"), default=list)  # Audience values
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"))
    areas = models.JSONField(_("catalogue areas"), default=list)  # area codes
    target_states = models.JSONField(_("target states"), default=list)  # TargetState codes
    url = models.URLField(_("link"), blank=True)
    recurring = models.BooleanField(_("recurring"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    name = Translated("name")
    description = Translated("description")

    class Meta:
        ordering = ["scope", "name_sv"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope="national", county__isnull=True)
                | models.Q(scope="regional", county__isnull=False),
                name="training_owner_by_scope",
            )
        ]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.name

    @property
    def is_regional(self) -> bool:
        return self.scope == self.Scope.REGIONAL

    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [str(labels.get(a, a)) for a in self.audiences]


class Completion(models.Model):
    """How many of a municipality's staff completed a training in a year: a count only."""

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        IMPORT = "import", _("Spreadsheet import")
        COUNTY = "county", _("County board")
        DEMO = "demo", _("Demo")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="training_completions"
    )
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="completions")
    #: A catalogue activity code, or blank for staff outside any one activity.
    activity_code = models.CharField(_("activity"), max_length=30, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    count = models.PositiveIntegerField(_("completed"))
    source = models.CharField(max_length=10, choices=Source.choices)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "training", "activity_code", "year"],
                name="one_completion_count",
            )
        ]
        indexes = [models.Index(fields=["year", "training"], name="completion_year_training")]
        ordering = ["year", "training", "activity_code"]
        verbose_name = _("training completion")
        verbose_name_plural = _("training completions")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.training_id} {self.activity_code} {self.year}"


class PlanItem(models.Model):
    """One planned training or exercise in a municipality's plan for a term of office."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Training")
        EXERCISE = "exercise", _("Exercise")

    #: The exercise types of a registered exercise: a plan names what will be held.
    ExerciseType = Exercise.Kind

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="training_plan_items"
    )
    #: The first year of the term of office (2023 for 2023-2026).
    term_start = models.PositiveSmallIntegerField(_("term of office"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    training = models.ForeignKey(
        Training, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_items",
        verbose_name=_("training"),
    )  # fmt: skip
    exercise_type = models.CharField(
        _("exercise type"), max_length=12, choices=ExerciseType.choices, blank=True
    )
    title = models.CharField(_("description"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "kind", "id"]
        indexes = [models.Index(fields=["municipality", "term_start"], name="plan_item_term")]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")

    def __str__(self) -> str:
        return f"{self.year} {self.title or self.training_id or self.exercise_type}"

    @property
    def label(self) -> str:
        if self.kind == self.Kind.TRAINING and self.training_id:
            return self.training.name
        return self.get_exercise_type_display()
