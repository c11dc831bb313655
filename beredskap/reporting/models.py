"""The reporting chain of regional support (commission S2022/03174).

County boards write one annual report per county and year (`CountyReport`, due to
Länsstyrelsen i Kronobergs län by 1 February) on the support they logged (the `support`
app), and Kronoberg compiles them into the national report (`NationalReport`, due to
Regeringskansliet by 1 March). Reports are rendered to PDF and XLSX by a task
(`Generation`); the files made when a report is submitted or made final are kept, so what
was sent does not change when data changes later. Change state only through `services`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beredskap.registry.models import County

#: The commission's diarienummer, on every report.
DIARIENUMMER = "S2022/03174"

#: (month, day) of the year after the reporting year.
COUNTY_REPORT_DUE = (2, 1)
NATIONAL_REPORT_DUE = (3, 1)


def county_report_deadline(year: int) -> datetime.date:
    """A county's report on `year` is due to Kronoberg on 1 February the year after."""
    return datetime.date(year + 1, *COUNTY_REPORT_DUE)


def national_report_deadline(year: int) -> datetime.date:
    """The national compilation on `year` is due to Regeringskansliet on 1 March after."""
    return datetime.date(year + 1, *NATIONAL_REPORT_DUE)


class Report(models.Model):
    """What a county report and the national compilation share: edits, lock, revision."""

    #: Bumped by every saved edit: an edit made from an older version is a conflict.
    version = models.PositiveIntegerField(default=1)
    #: Bumped on every submission (or finalisation): generated files belong to one.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        abstract = True


#: The county report's sections: (field, heading). Each opens with a draft from data.
COUNTY_SECTIONS = (
    ("preparedness", _("State of preparedness in the county")),
    ("support", _("Support given")),
    ("cooperation", _("Cooperation with the region, MSB and Socialstyrelsen")),
    ("information", _("Information provided to Socialstyrelsen")),
    ("development", _("Development needs and proposals")),
)


class CountyReportQuerySet(models.QuerySet):
    def sent(self):
        """Reports Kronoberg may read: submitted once, whatever happened next."""
        return self.filter(revision__gt=0)


class CountyReport(Report):
    """A county board's annual report on its support to the municipalities."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for completion")
        ACCEPTED = "accepted", _("Accepted")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("reporting year"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    preparedness = models.TextField(_("State of preparedness in the county"), blank=True)
    support = models.TextField(_("Support given"), blank=True)
    cooperation = models.TextField(
        _("Cooperation with the region, MSB and Socialstyrelsen"), blank=True
    )
    information = models.TextField(_("Information provided to Socialstyrelsen"), blank=True)
    development = models.TextField(_("Development needs and proposals"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    return_comment = models.TextField(_("comment on return"), blank=True)
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    objects = CountyReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "county__code"]
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="one_report_per_county_year")
        ]
        verbose_name = _("county report")
        verbose_name_plural = _("county reports")

    def __str__(self) -> str:
        return f"{self.county.name} {self.year}"

    @property
    def deadline(self) -> datetime.date:
        return county_report_deadline(self.year)

    @property
    def locked(self) -> bool:
        """Submitted or accepted: no one edits it (returned reports open again)."""
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)

    @property
    def late(self) -> bool:
        """Last submitted after the deadline (Swedish time), or not at all and overdue."""
        if self.submitted_at is None:
            return timezone.localdate() > self.deadline
        return timezone.localdate(self.submitted_at) > self.deadline

    def narrative(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) per section, in order."""
        return [(name, heading, getattr(self, name)) for name, heading in COUNTY_SECTIONS]


class NationalReport(Report):
    """Kronoberg's compilation of the county reports to Regeringskansliet."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        FINAL = "final", _("Final")

    year = models.PositiveSmallIntegerField(_("reporting year"), unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    summary = models.TextField(_("summary"), blank=True)
    finalised_at = models.DateTimeField(_("made final"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["-year"]
        verbose_name = _("national report")
        verbose_name_plural = _("national reports")

    def __str__(self) -> str:
        return f"{_('National report')} {self.year}"

    @property
    def deadline(self) -> datetime.date:
        return national_report_deadline(self.year)

    @property
    def locked(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def late(self) -> bool:
        if self.finalised_at is None:
            return timezone.localdate() > self.deadline
        return timezone.localdate(self.finalised_at) > self.deadline


class Generation(models.Model):
    """One run of making a report's PDF and XLSX, with its progress and its files.

    `final` generations are the record of what was submitted (or made final) at
    `revision`; they are never regenerated. Others are previews of a draft.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    county_report = models.ForeignKey(
        CountyReport, null=True, blank=True, on_delete=models.CASCADE, related_name="generations"
    )
    national_report = models.ForeignKey(
        NationalReport, null=True, blank=True, on_delete=models.CASCADE,
        related_name="generations",
    )  # fmt: skip
    revision = models.PositiveIntegerField(default=0)
    final = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    #: Steps done of `total`, and what is being done now: the page shows it.
    done = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=1)
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    xlsx = models.BinaryField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="generation_of_one_report",
                condition=(
                    models.Q(county_report__isnull=False, national_report__isnull=True)
                    | models.Q(county_report__isnull=True, national_report__isnull=False)
                ),
            )
        ]
        verbose_name = _("report generation")
        verbose_name_plural = _("report generations")

    def __str__(self) -> str:
        return f"{self.report} r{self.revision} {self.status}"

    @property
    def report(self) -> CountyReport | NationalReport:
        return self.county_report or self.national_report

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
