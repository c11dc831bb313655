"""The knowledge library: articles and links that help with indicators, målbilder and
grundantaganden, each edit kept as a revision.

What an item helps with and whom it is for are `Tag`s (a dimension and a code), so every
filter is one indexed join on SQLite and PostgreSQL alike. Rows change only through
`services` (optimistic locking on `version`, an audit row and a `Revision` per change).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import Translated
from beredskap.registry.models import Role


class Kind(models.TextChoices):
    ARTICLE = "article", _("Article")
    LINK = "link", _("Link")


class Topic(models.TextChoices):
    """The Kunskapsguiden theme's areas (docs/library.md): a fixed list, changed in code."""

    CONCEPTS = "concepts", _("Crisis preparedness, civil defence and total defence")
    CONTINUITY = "continuity", _("Keeping services running through disruptions")
    HEIGHTENED_ALERT = "heightened_alert", _("Planning for heightened alert")
    PROCUREMENT = "procurement", _("Procurement and cooperation with private providers")
    PREPAREDNESS_WORK = "preparedness_work", _("Preparedness work before, during and after")
    TRAINING = "training", _("Training and exercises")


#: Audiences are the roles of the people an item is written for.
Audience = Role


class Dimension(models.TextChoices):
    TOPIC = "topic", _("Topic")
    AUDIENCE = "audience", _("Audience")
    AREA = "area", _("Area")
    INDICATOR = "indicator", _("Indicator")
    TARGET_STATE = "target_state", _("Målbild")
    ASSUMPTION = "assumption", _("Planning assumption")


#: The tag dimensions in the order of an item's fields (and of the YAML file).
DIMENSION_FIELDS = {
    "topics": Dimension.TOPIC,
    "audiences": Dimension.AUDIENCE,
    "area_codes": Dimension.AREA,
    "indicators": Dimension.INDICATOR,
    "target_states": Dimension.TARGET_STATE,
    "assumptions": Dimension.ASSUMPTION,
}


class Item(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LINK)
    title_sv = models.CharField(_("title (Swedish)"), max_length=250)
    title_en = models.CharField(_("title (English)"), max_length=250)
    summary_sv = models.TextField(_("summary (Swedish)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    body_sv = models.TextField(_("text (Swedish)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    publisher = models.CharField(_("publisher"), max_length=150, blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    active = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    title = Translated("title")
    summary = Translated("summary")
    body = Translated("body")

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("library item")
        verbose_name_plural = _("library items")

    def __str__(self) -> str:
        return self.title

    def codes(self, dimension: str) -> list[str]:
        """The item's codes of one dimension, from prefetched tags when there are any."""
        return sorted(t.code for t in self.tags.all() if t.dimension == dimension)

    @property
    def paragraphs(self) -> list[str]:
        """The text in paragraphs (separated by blank lines); shown escaped, never as HTML."""
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]


class Tag(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="tags")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    code = models.CharField(max_length=30)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "dimension", "code"], name="library_tag_once")
        ]
        indexes = [models.Index(fields=["dimension", "code"], name="library_tag_lookup")]

    def __str__(self) -> str:
        return f"{self.dimension}:{self.code}"


class Revision(models.Model):
    """One saved state of an item: who saved it, when, and every field as it then was."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("change note"), max_length=250, blank=True)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="library_revision_once")
        ]
        indexes = [models.Index(fields=["-at"], name="library_revision_at")]

    def __str__(self) -> str:
        return f"{self.item_id} #{self.number}"

    @property
    def is_new(self) -> bool:
        return self.number == 1


class DigestSubscription(models.Model):
    """A person who asked for the weekly e-mail of what changed in the library (opt-in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_digest"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.user_id)
