"""Computed indicator results. Derived data: `services.compute_round` rewrites them whole,
`services.recompute_pending` the part that approvals since the last recompute changed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import IndicatorVersion
from beredskap.registry.models import Municipality
from beredskap.surveys.models import Round

from . import calculations as calc


class ValueQuerySet(models.QuerySet):
    def final(self):
        return self.filter(basis=Value.Basis.APPROVED)


class Value(models.Model):
    class Basis(models.TextChoices):
        APPROVED = "approved", _("Approved answers")
        PRELIMINARY = "preliminary", _("Preliminary (including submitted answers)")

    class Level(models.TextChoices):
        MUNICIPALITY = calc.MUNICIPALITY, _("Municipality")
        COUNTY = calc.COUNTY, _("County")
        GROUP = calc.GROUP, _("Municipality group")
        NATION = calc.NATION, _("Nation")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        IndicatorVersion, on_delete=models.CASCADE, related_name="values"
    )
    basis = models.CharField(max_length=12, choices=Basis.choices)
    level = models.CharField(max_length=12, choices=Level.choices)
    unit_code = models.CharField(max_length=4)
    activity_code = models.CharField(max_length=30, blank=True)
    value = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    verdict = models.CharField(max_length=16, blank=True)
    reason = models.CharField(max_length=16, blank=True)
    units = models.PositiveIntegerField(default=0)
    classification = models.CharField(max_length=8, blank=True)
    computed_at = models.DateTimeField(auto_now_add=True)

    objects = ValueQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "indicator", "basis", "level", "unit_code", "activity_code"],
                name="one_value_per_cell",
            )
        ]
        indexes = [models.Index(fields=["round", "basis", "level", "unit_code"])]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator} {self.level} {self.unit_code} {self.activity_code or '-'}"

    @property
    def is_small(self) -> bool:
        """An aggregate over fewer than 3 municipalities (suppressed for outsiders)."""
        return self.level != self.Level.MUNICIPALITY and 0 < self.units < calc.SMALL_N


class PendingRecompute(models.Model):
    """A municipality whose approved answers changed since the round's values were computed.

    One row per (round, municipality): an approval adds its row (or finds it there) and
    enqueues a recompute; the first recompute of the round to run takes every row there
    is, so approvals arriving together are computed together and later tasks find nothing.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "municipality"], name="one_pending_recompute")
        ]
        verbose_name = _("pending recompute")
        verbose_name_plural = _("pending recomputes")

    def __str__(self) -> str:
        return f"{self.round} {self.municipality}"


class ValuesWritten(models.Model):
    """A new stamp each time a write of a round's values (on one basis) changes any row:
    the worker's copy of the stored values (`results.kept_values`) is good while the stamp
    is the one it was kept under. `services._apply` is the one writer of `Value` rows and
    sets it in the same transaction, so a write rolled back leaves the stamp as it was."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    basis = models.CharField(max_length=12, choices=Value.Basis.choices)
    stamp = models.UUIDField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "basis"], name="one_values_stamp")]
        verbose_name = _("values write stamp")
        verbose_name_plural = _("values write stamps")

    def __str__(self) -> str:
        return f"{self.round} {self.basis} {self.stamp}"
