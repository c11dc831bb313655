"""Releases: immutable, numbered snapshots of a round's public results.

Nothing of a round is public before its first release (the embargo). A correction is a
new release of the same round with an errata note; earlier releases stay readable. Rows
are written only by `services`; a release's values never change after it is made.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import IndicatorVersion
from beredskap.surveys.models import Round


class ReleaseQuerySet(models.QuerySet):
    def current(self):
        """Releases not withdrawn: the ones the public may read."""
        return self.filter(withdrawn_at__isnull=True)

    def latest_per_round(self):
        """The newest current release of every round."""
        newest = (
            self.current()
            .filter(round=models.OuterRef("round"))
            .order_by("-number")
            .values("pk")[:1]
        )
        return self.current().filter(pk=models.Subquery(newest)).order_by("-round__year")


class Release(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="releases")
    number = models.PositiveSmallIntegerField(_("number"))
    released_at = models.DateTimeField(_("released at"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    errata = models.TextField(_("errata"), blank=True, help_text=_("What a correction changed."))
    value_count = models.PositiveIntegerField(_("values"), default=0)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["round__year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="one_number_per_round")
        ]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """`2025.2`: the round's year and the release number."""
        return f"{self.round.year}.{self.number}"

    @property
    def is_correction(self) -> bool:
        return self.number > 1

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ReleasedValue(models.Model):
    """One public cell of a release, copied from `results.Value` when it was made."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(IndicatorVersion, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=12)
    unit_code = models.CharField(max_length=4)
    activity_code = models.CharField(max_length=30, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    verdict = models.CharField(max_length=16, blank=True)
    reason = models.CharField(max_length=16, blank=True)
    units = models.PositiveIntegerField(default=0)
    classification = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "indicator", "level", "unit_code", "activity_code"],
                name="one_released_value_per_cell",
            )
        ]
        indexes = [models.Index(fields=["release", "indicator", "level"])]
        verbose_name = _("released value")
        verbose_name_plural = _("released values")

    def __str__(self) -> str:
        return f"{self.release} {self.indicator} {self.level} {self.unit_code}"


class ReleasedPlanShare(models.Model):
    """The continuity-plan indicator's self-reported and verified shares for a county or
    the nation, copied from the continuity register when the release was made. Counts
    and shares only; under 3 municipalities the shares are None (suppressed)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="plan_shares")
    level = models.CharField(max_length=12)  # county or nation
    unit_code = models.CharField(max_length=4)
    municipalities = models.PositiveIntegerField(default=0)
    self_reported_share = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True
    )
    verified_share = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        ordering = ["release", "level", "unit_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "level", "unit_code"], name="one_plan_share_per_unit"
            )
        ]
        verbose_name = _("released continuity-plan share")
        verbose_name_plural = _("released continuity-plan shares")

    def __str__(self) -> str:
        return f"{self.release} {self.level} {self.unit_code}"
