"""The county boards' support log: one `SupportActivity` per meeting, exercise, advice, …

County boards support their municipalities' crisis preparedness (commission S2022/03174)
and log what they did, whom it reached and which support needs (indicators) it
addressed; the log is what the county's annual report in `reporting` says about support
given. Change it only through `services`; `queries` reads it for the pages and the CSV.
A county network meeting held through the events pages (`learning.Event`) is logged from
its event (`event`, kept in step by `services.sync_event_activity`), never typed twice.

The table was created by the `reporting` app and kept its rows when the model moved here
(see migrations/0001_initial.py).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.catalogue.models import Indicator
from beredskap.learning.models import Event
from beredskap.registry.models import County, Municipality


class SupportActivityQuerySet(models.QuerySet):
    def of_year(self, year: int):
        return self.filter(held_on__year=year)


class SupportActivity(models.Model):
    """Support a county board gave municipalities: a meeting, an exercise, advice, …"""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Network meeting")
        CONFERENCE = "conference", _("Conference")
        TRAINING = "training", _("Training")
        EXERCISE = "exercise", _("Exercise")
        ADVICE = "advice", _("Advice")
        VISIT = "visit", _("Visit")
        WEBINAR = "webinar", _("Webinar")
        EXCHANGE = "exchange", _("Experience exchange")
        OTHER = "other", _("Other")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="support_activities")
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("topic"), max_length=200)
    #: An indicator area code (A, B, …) of the catalogue, or blank for none in particular.
    area_code = models.CharField(_("topic area"), max_length=10, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="support_activities",
        verbose_name=_("municipalities reached"),
    )  # fmt: skip
    participants = models.PositiveIntegerField(_("participants"), default=0)
    description = models.TextField(_("description"), blank=True)
    lessons = models.TextField(
        _("lessons learned"), blank=True, help_text=_("For experience exchange: what was learned.")
    )
    #: Indicators (support needs) the activity addressed.
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="support_activities",
        verbose_name=_("indicators addressed"),
    )  # fmt: skip
    shared = models.BooleanField(
        _("shared with all county boards"),
        default=False,
        help_text=_("Experience exchange that every county board may read."),
    )
    #: A county network meeting of the events pages that this activity is (kept in step
    #: from the event by `services.sync_event_activity`; not edited in the log).
    event = models.OneToOneField(
        Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="support_activity"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SupportActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["county", "held_on"], name="support_county_date")]
        verbose_name = _("support activity")
        verbose_name_plural = _("support activities")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"
