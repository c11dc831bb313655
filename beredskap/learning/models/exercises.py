"""Exercises, their evaluations and the lessons shared from them.

A municipality or a county board registers an `Exercise` it held (a type, a date, the
municipalities that took part, the catalogue activities and the planning direction's
assumptions, grundantaganden, it exercised). Its evaluation is a list of `Observation`s
(a category and a catalogue area each) and `Action`s the organisation follows up. An
observation may be shared to the national lessons library, by name or anonymised to the
county (`Observation.Sharing`). Change them only through `learning.exercise_services`;
every row carries a `version` for optimistic locking of edits. See docs/learning.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import Activity, Area
from beredskap.planning.models import Assumption
from beredskap.registry.models import County, Municipality, Organisation


class Exercise(models.Model):
    """One exercise an organisation (a municipality or a county board) held."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion or seminar exercise")
        TABLETOP = "tabletop", _("Table-top exercise")
        FUNCTIONAL = "functional", _("Functional exercise")
        FULL_SCALE = "full_scale", _("Full-scale exercise")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="exercises"
    )
    #: The organisation's county (its municipality's, or the board's own): what an
    #: anonymised lesson names instead of the municipality, and who its county board is.
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="exercises")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type of exercise"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="exercises",
        verbose_name=_("participating municipalities"),
    )  # fmt: skip
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="exercises", verbose_name=_("activities exercised")
    )
    assumptions = models.ManyToManyField(
        Assumption, blank=True, related_name="exercises",
        verbose_name=_("planning assumptions exercised"),
    )  # fmt: skip
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["county", "held_on"], name="exercise_county_date")]
        verbose_name = _("exercise")
        verbose_name_plural = _("exercises")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Observation(models.Model):
    """What the evaluation of an exercise observed, in one catalogue area."""

    class Category(models.TextChoices):
        STRENGTH = "strength", _("Strength")
        IMPROVEMENT = "improvement", _("Area for improvement")
        SHORTCOMING = "shortcoming", _("Shortcoming")

    class Sharing(models.TextChoices):
        PRIVATE = "private", _("Not shared")
        NAMED = "named", _("Shared with the organisation's name")
        ANONYMISED = "anonymised", _("Shared, anonymised to the county")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="observations")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="observations", verbose_name=_("area")
    )
    text = models.TextField(_("observation"))
    sharing = models.CharField(
        _("lessons library"), max_length=20, choices=Sharing.choices, default=Sharing.PRIVATE
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exercise", "id"]
        indexes = [models.Index(fields=["sharing", "shared_at"], name="observation_shared")]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_shared(self) -> bool:
        return self.sharing != self.Sharing.PRIVATE

    @property
    def is_anonymised(self) -> bool:
        return self.sharing == self.Sharing.ANONYMISED


class Action(models.Model):
    """An action the evaluation decided, followed up by the exercise's organisation."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    #: Not done yet: what the start page and the deadlines calendar follow.
    PENDING = (Status.OPEN, Status.IN_PROGRESS)

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="actions")
    observation = models.ForeignKey(
        Observation, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions",
        verbose_name=_("observation"),
    )  # fmt: skip
    description = models.TextField(_("action"))
    owner = models.CharField(_("owner (role or name)"), max_length=150)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_status_due")]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.description[:60]
