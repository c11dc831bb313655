"""National and regional meetings (events): the recurring national webinar, county network
meetings, and others, with registration by organisation and attendance afterwards.

An `Event` is organised by Socialstyrelsen (national) or a county board (its county's
meetings). Organisations register seats (`Registration`, one per event and organisation,
with a seat limit on the event enforced under a row lock in `learning.event_services`);
after the event the organiser records how many attended per registration and adds the
materials and notes. Each organisation has a private calendar link (`CalendarFeed`). Times
are stored aware (UTC) and shown in Europe/Stockholm. See docs/learning.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskap.registry.models import County, Organisation


class EventQuerySet(models.QuerySet):
    def upcoming(self, now):
        return self.filter(ends_at__gte=now).order_by("starts_at", "id")

    def past(self, now):
        return self.filter(ends_at__lt=now).order_by("-starts_at", "-id")


class Event(models.Model):
    """One meeting: a national webinar, a county network meeting or another event."""

    class Kind(models.TextChoices):
        NATIONAL_WEBINAR = "national_webinar", _("National webinar")
        COUNTY_NETWORK = "county_network", _("County network meeting")
        OTHER = "other", _("Other meeting")

    organiser = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="events")
    #: The organising county board's county; empty for national events (Socialstyrelsen).
    county = models.ForeignKey(
        County, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind of meeting"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("link to the online meeting"), blank=True)
    is_open = models.BooleanField(
        _("listed publicly"),
        default=False,
        help_text=_("Shown to everyone, also without signing in, and in the public calendar."),
    )
    seat_limit = models.PositiveIntegerField(
        _("seat limit"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    materials = models.TextField(_("materials"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    #: Bumped by every change calendars show (the fields, a cancellation; not registrations,
    #: attendance or materials): the iCalendar SEQUENCE, and the optimistic lock of edits.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], name="event_starts"),
            models.Index(fields=["county", "starts_at"], name="event_county_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                name="event_ends_after_start",
                condition=models.Q(ends_at__gt=models.F("starts_at")),
            )
        ]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Registration(models.Model):
    """An organisation's seats at an event; `attended` is recorded by the organiser after."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_registrations"
    )
    seats = models.PositiveIntegerField(_("seats"))
    attended = models.PositiveIntegerField(_("attended"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="registration_once_per_organisation"
            ),
            models.CheckConstraint(name="registration_seats", condition=models.Q(seats__gte=1)),
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.organisation} – {self.event}"


class CalendarFeed(models.Model):
    """An organisation's private calendar link: its token is the only key (rotatable)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self) -> str:
        return str(self.organisation)
