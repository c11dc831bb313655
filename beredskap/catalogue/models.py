"""The versioned indicator catalogue: one edition per survey year, loaded from YAML.

Everything below an edition belongs to that edition; identity across editions is the
code (an indicator keeps its code when revised). Rows are written only by
`services.load_edition`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.planning.models import Sensitivity, Translated

from . import calculations


class Edition(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title_sv = models.CharField(max_length=250)
    title_en = models.CharField(max_length=250)
    notes_sv = models.TextField(blank=True)
    notes_en = models.TextField(blank=True)
    source = models.CharField(_("source file"), max_length=250)
    # The planning direction version whose target states (målbilder) the edition's
    # maturity questions assess, by version (planning sits below and is linked by code).
    direction = models.CharField(_("planning direction"), max_length=20, blank=True)
    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    title = Translated("title")
    notes = Translated("notes")

    class Meta:
        ordering = ["year"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self) -> str:
        return str(self.year)

    def previous(self) -> "Edition | None":
        return Edition.objects.filter(year__lt=self.year).order_by("-year").first()


class EditionItem(models.Model):
    """A coded, named item listed in an edition's file, in the file's order."""

    code = models.CharField(max_length=30)
    name_sv = models.CharField(max_length=150)
    name_en = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    name = Translated("name")

    class Meta:
        abstract = True
        ordering = ["edition", "position"]


class Area(EditionItem):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(max_length=10)

    class Meta(EditionItem.Meta):
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="area_code")]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Activity(EditionItem):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="activities")

    class Meta(EditionItem.Meta):
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="activity_code")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    Kind = models.TextChoices("Kind", [(k, k) for k in calculations.QUESTION_KINDS])

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="questions")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="questions")
    code = models.CharField(max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text_sv = models.TextField()
    text_en = models.TextField()
    help_sv = models.TextField(blank=True)
    help_en = models.TextField(blank=True)
    activities = models.ManyToManyField(Activity, blank=True, related_name="questions")
    required = models.BooleanField(default=True)
    evidence = models.BooleanField(default=False)
    asked_if = models.JSONField(null=True, blank=True)  # a condition on other answers
    choices = models.JSONField(default=list, blank=True)  # [{"code", "sv", "en"}]
    min_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    integer = models.BooleanField(default=False)
    unit_sv = models.CharField(max_length=50, blank=True)
    unit_en = models.CharField(max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # The code of the target state (målbild) of the edition's direction that this maturity
    # question assesses; "" for every other question.
    target_state = models.CharField(_("target state"), max_length=30, blank=True)

    text = Translated("text")
    help = Translated("help")
    unit = Translated("unit")

    class Meta:
        ordering = ["edition", "position"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="question_code")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.code


class Indicator(models.Model):
    """The stable identity of an indicator across editions (its code)."""

    code = models.CharField(max_length=20, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.code


class IndicatorVersion(models.Model):
    """An indicator as defined in one edition (a revision when the definition changed)."""

    Sensitivity = Sensitivity  # the planning direction's levels, the gatekeeper's values

    class Direction(models.TextChoices):
        HIGHER = "higher_is_better", _("Higher is better")
        LOWER = "lower_is_better", _("Lower is better")

    Kind = models.TextChoices("Kind", [(k, k) for k in calculations.INDICATOR_KINDS])

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="versions")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="indicators")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title_sv = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    description_sv = models.TextField()
    description_en = models.TextField()
    activities = models.ManyToManyField(Activity, blank=True, related_name="indicators")
    questions = models.ManyToManyField(Question, related_name="indicators")
    sensitivity = models.CharField(max_length=20, choices=Sensitivity.choices)
    direction = models.CharField(max_length=20, choices=Direction.choices)
    comparable_with_previous = models.BooleanField(null=True)
    change_note_sv = models.TextField(blank=True)
    change_note_en = models.TextField(blank=True)
    formula = models.JSONField()
    classification = models.JSONField()
    position = models.PositiveSmallIntegerField(default=0)

    title = Translated("title")
    description = Translated("description")
    change_note = Translated("change_note")

    class Meta:
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "edition"], name="one_version_per_edition"
            )
        ]
        verbose_name = _("indicator version")
        verbose_name_plural = _("indicator versions")

    def __str__(self) -> str:
        return f"{self.indicator.code} ({self.edition.year})"

    @property
    def code(self) -> str:
        return self.indicator.code
