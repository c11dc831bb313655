from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    """One reminder e-mail to one person on one day; re-runs on the same day send nothing new.

    `kind` and `scope` belong to the app that sends: `kind` is "<app>.<kind of letter>"
    ("survey.deadline", "reporting.county_report"), `scope` what the reminder is about
    ("round:2025", "year:2024").
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=50)
    scope = models.CharField(_("scope"), max_length=50)
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "id"]
        constraints = [
            # Scope and day first: a run looks up what it already sent today by them.
            models.UniqueConstraint(
                fields=["scope", "sent_on", "kind", "user"], name="one_reminder_per_scope_kind_day"
            )
        ]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return f"{self.scope} {self.kind} {self.sent_on}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One workflow event told to one person in the app (and by e-mail, if they want it).

    Written only by `services.notify`, in the recipient's language at that moment, so the
    list reads without joining the object it is about; `url` is the site path of that
    object. `kind` is a registered `kinds.Kind` code ("response.returned").
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The header's unread count on every page, and the list newest first.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}: {self.subject}"


class EmailChoice(models.Model):
    """A person's choice of e-mail for one kind of notification; no row means yes.

    In-app notifications cannot be switched off: they are the record of what happened.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=60)
    email = models.BooleanField(_("e-mail"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_email_choice_per_kind")
        ]
        verbose_name = _("e-mail choice")
        verbose_name_plural = _("e-mail choices")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.email}"
