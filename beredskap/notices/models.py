from django.conf import settings
from django.db import models
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
