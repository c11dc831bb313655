"""The consultation (remiss) of a draft planning direction, its answers and dispositions.

A `Consultation` invites organisations (the county boards, partner agencies) to answer
each item of one direction before a deadline. An `Invitation` holds one organisation's
answers: drafts until it submits them, once. After the deadline Socialstyrelsen writes a
`Disposition` per comment; a `Compilation` is one run of making the compilation's files
(remissammanställning) with its progress. Rows change only through
`consultation.py` (services).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Consultation(models.Model):
    direction = models.OneToOneField(
        "planning.Direction", on_delete=models.CASCADE, related_name="consultation"
    )
    deadline = models.DateField(_("deadline"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return f"{self.direction.version}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Invitation(models.Model):
    """One invited organisation; `submitted_at` once its answers are sent (final)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["organisation__kind", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation"], name="one_invitation_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultation} – {self.organisation}"


class Stance(models.TextChoices):
    AGREE = "agree", _("Agree")
    AGREE_WITH_CHANGES = "agree_with_changes", _("Agree with changes")
    DISAGREE = "disagree", _("Disagree")


class ItemKind(models.TextChoices):
    STARTING_POINT = "starting_point", _("Starting point")
    ASSUMPTION = "assumption", _("Planning assumption")
    TARGET_STATE = "target_state", _("Target state")


class Answer(models.Model):
    """An organisation's answer on one item of the direction, by the item's code."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="answers")
    item_kind = models.CharField(max_length=20, choices=ItemKind.choices)
    item_code = models.CharField(max_length=30)
    stance = models.CharField(_("position"), max_length=20, choices=Stance.choices)
    text = models.TextField(_("comment"), blank=True)
    #: Optimistic locking: a save names the version it started from.
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["invitation", "item_kind", "item_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "item_kind", "item_code"], name="one_answer_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.invitation} {self.item_code}: {self.stance}"

    @property
    def is_comment(self) -> bool:
        """What needs a disposition: any answer but a plain "agree" without text."""
        return self.stance != Stance.AGREE or bool(self.text.strip())


class Disposition(models.Model):
    """Socialstyrelsen's decision on one comment, with its reason."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        PARTLY = "partly", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="disposition")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    written_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.answer}: {self.decision}"


class Compilation(models.Model):
    """One run of making the compilation's PDF and XLSX, with its progress and files."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="compilations"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
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

    def __str__(self) -> str:
        return f"{self.consultation} {self.status}"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
