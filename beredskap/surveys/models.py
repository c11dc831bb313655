"""The yearly survey: rounds, one response per municipality, answers and their revisions.

An answer's history is append-only (`AnswerRevision`); `Answer` holds the current value
and a version number used to detect concurrent edits. State changes live in `services`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import Edition, Question
from beredskap.registry.models import County, Municipality


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="rounds")
    opens_on = models.DateField(_("opening date"))
    measurement_date = models.DateField(_("measurement date"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        return str(self.year)


class ResponseQuerySet(models.QuerySet):
    def for_county(self, county: County):
        return self.filter(municipality__county=county)

    def seen_by_reviewers(self):
        """Responses a county board may see: submitted at least once."""
        return self.filter(first_submitted_at__isnull=False)

    def with_progress(self):
        """Annotate `answer_count` and `progress_status`: the status, or not_started for a
        draft without a single answer (the status board's and the reminders' view)."""
        return self.annotate(answer_count=models.Count("answers")).annotate(
            progress_status=models.Case(
                models.When(status="draft", answer_count=0, then=models.Value("not_started")),
                default=models.F("status"),
                output_field=models.CharField(),
            )
        )


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="responses"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["round", "municipality__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "municipality"], name="one_response")
        ]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.municipality} {self.round.year}"

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)


class Answer(models.Model):
    """The current answer to one question (for one activity, or '' for the municipality)."""

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        IMPORT = "import", _("Spreadsheet")
        API = "api", _("API")
        PREFILL = "prefill", _("Pre-filled from last year")
        CLEARED = "cleared", _("Cleared: no longer asked")

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    activity_code = models.CharField(max_length=30, blank=True)
    value = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)
    evidence_reference = models.CharField(max_length=250, blank=True)
    evidence_date = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    prefilled = models.BooleanField(default=False)  # until a person confirms it
    reopened = models.BooleanField(default=False)  # returned by the reviewer for correction
    review_comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "activity_code"], name="one_answer_per_slot"
            )
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question.code}/{self.activity_code or '-'}"


class AnswerRevision(models.Model):
    """One save of an answer: never changed, never deleted."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    value = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)
    evidence_reference = models.CharField(max_length=250, blank=True)
    evidence_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Answer.Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["answer", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "version"], name="one_revision_per_version")
        ]
        verbose_name = _("answer revision")
        verbose_name_plural = _("answer revisions")

    def __str__(self) -> str:
        return f"{self.answer} v{self.version}"
