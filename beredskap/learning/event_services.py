"""Every change of an event, its registrations, attendance, materials and calendar links.

Each function takes keyword-only arguments and `by=user`, asks `registry.access`, checks
all values at once (`ValidationError` by field), runs in a transaction and leaves an
audit row. A registration locks the event's row first (`select_for_update`), so two
organisations registering at once can never take more seats than the limit. A change of
what calendars show (the meeting's fields, its cancellation) bumps the event's `sequence`
(the iCalendar SEQUENCE and the version an edit starts from); registrations, attendance
and materials do not, so an organiser's open form is not made stale by them. Every change
sends `signals.event_changed` in the same transaction (the support log follows county
meetings). See docs/learning.md.
"""

import datetime
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskap import audit
from beredskap.registry import access
from beredskap.registry.models import Organisation

from .models import CalendarFeed, Event, Registration
from .signals import event_changed

EVENT_FIELDS = (
    "kind",
    "title",
    "agenda",
    "audience",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "is_open",
    "seat_limit",
)
FOLLOW_UP_FIELDS = ("materials", "notes")


class Conflict(Exception):
    """Someone saved the event after this person opened it; nothing was written."""

    def __init__(self, current: Event):
        self.current = current
        super().__init__(
            _(
                "Someone else saved this event after you opened it. Your changes were not "
                "saved; they are still in the form. Compare them with what is saved now and "
                "save again to keep yours."
            )
        )


def _kinds_for(organisation: Organisation) -> set[str]:
    if organisation.kind == Organisation.Kind.COUNTY_BOARD:
        return {Event.Kind.COUNTY_NETWORK, Event.Kind.OTHER}
    return {Event.Kind.NATIONAL_WEBINAR, Event.Kind.OTHER}


def _clean(organisation: Organisation, values: dict) -> dict:
    errors: dict[str, str] = {}
    values = dict(values)
    for name in ("title", "agenda", "audience", "location", "online_url"):
        values[name] = (values.get(name) or "").strip()
    if not values["title"]:
        errors["title"] = _("Give the meeting a title.")
    elif len(values["title"]) > 200:
        errors["title"] = _("The title is too long (at most 200 characters).")
    if values.get("kind") not in _kinds_for(organisation):
        errors["kind"] = _("Choose a kind of meeting your organisation arranges.")
    starts, ends = values.get("starts_at"), values.get("ends_at")
    for name, moment in (("starts_at", starts), ("ends_at", ends)):
        if not isinstance(moment, datetime.datetime) or timezone.is_naive(moment):
            errors[name] = _("Give the date and time.")
    if "starts_at" not in errors and "ends_at" not in errors and ends <= starts:
        errors["ends_at"] = _("The meeting must end after it starts.")
    limit = values.get("seat_limit")
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        errors["seat_limit"] = _(
            "Give the seat limit as a whole number, 1 or more, or leave it empty."
        )
    values["is_open"] = bool(values.get("is_open"))
    if errors:
        raise ValidationError(errors)
    return values


def _summary(event: Event) -> dict:
    return {
        "organiser": event.organiser.name,
        "kind": event.kind,
        "title": event.title,
        "starts_at": event.starts_at.isoformat(),
        "sequence": event.sequence,
    }


def _changed(event: Event, by) -> None:
    event_changed.send(sender=Event, event=event, by=by)


@transaction.atomic
def create_event(
    *,
    organiser: Organisation,
    by,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    agenda: str = "",
    audience: str = "",
    location: str = "",
    online_url: str = "",
    is_open: bool = False,
    seat_limit: int | None = None,
) -> Event:
    """Arrange a meeting: a national webinar (Socialstyrelsen) or a county network meeting
    (a county board); registration opens at once."""
    if organiser.pk not in access.event_organiser_ids(by):
        raise PermissionDenied(_("You do not arrange meetings for this organisation."))
    values = _clean(
        organiser,
        {
            "kind": kind,
            "title": title,
            "agenda": agenda,
            "audience": audience,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "location": location,
            "online_url": online_url,
            "is_open": is_open,
            "seat_limit": seat_limit,
        },
    )
    event = Event.objects.create(
        organiser=organiser,
        county_id=organiser.county_id,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        **values,
    )
    audit.record(actor=by, action="learning.event_created", target=event, **_summary(event))
    _changed(event, by)
    return event


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().select_related("organiser").get(pk=event.pk)


def _require_organiser(by, event: Event) -> None:
    if not access.may_organise_event(by, event):
        raise PermissionDenied(_("You do not arrange this meeting."))


def _taken(event: Event, *, excluding: int | None = None) -> int:
    qs = event.registrations.all()
    if excluding is not None:
        qs = qs.exclude(pk=excluding)
    return qs.aggregate(seats=Sum("seats"))["seats"] or 0


def _bump(locked: Event, fields: dict) -> Event:
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.sequence = F("sequence") + 1
    locked.save()
    locked.refresh_from_db()
    return locked


@transaction.atomic
def update_event(*, event: Event, by, expected_sequence: int | None, **changes) -> Event:
    """Change a meeting; `changes` are any of `EVENT_FIELDS`. A lower seat limit than the
    seats already taken is refused."""
    unknown = set(changes) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"update_event() got unexpected fields: {', '.join(sorted(unknown))}")
    locked = _locked(event)
    _require_organiser(by, locked)
    if expected_sequence is None or locked.sequence != expected_sequence:
        raise Conflict(locked)
    values = _clean(
        locked.organiser,
        {name: changes.get(name, getattr(locked, name)) for name in EVENT_FIELDS},
    )
    taken = _taken(locked)
    if values["seat_limit"] is not None and values["seat_limit"] < taken:
        raise ValidationError(
            {
                "seat_limit": _("%(taken)s seats are already taken; the limit cannot be lower.")
                % {"taken": taken}
            }
        )
    changed = sorted(name for name in values if getattr(locked, name) != values[name])
    _bump(locked, values)
    audit.record(
        actor=by,
        action="learning.event_updated",
        target=locked,
        changed=changed,
        **_summary(locked),
    )
    _changed(locked, by)
    return locked


@transaction.atomic
def cancel_event(*, event: Event, by) -> Event:
    """Cancel a meeting: calendars show it cancelled; the support log no longer counts it."""
    locked = _locked(event)
    _require_organiser(by, locked)
    if locked.is_cancelled:
        return locked
    _bump(locked, {"cancelled_at": timezone.now()})
    audit.record(actor=by, action="learning.event_cancelled", target=locked, **_summary(locked))
    _changed(locked, by)
    return locked


@transaction.atomic
def register(*, event: Event, organisation: Organisation, by, seats: int) -> Registration:
    """Register `seats` for `organisation`, or change its seats. Under the event's row lock,
    so concurrent registrations cannot take more than the seat limit together."""
    locked = _locked(event)
    if not access.may_see_event(by, locked) or not access.may_register_for_event(
        by, locked, organisation.pk
    ):
        raise PermissionDenied(_("You cannot register this organisation for the meeting."))
    if locked.is_cancelled:
        raise ValidationError({"seats": _("The meeting is cancelled.")})
    if locked.starts_at <= timezone.now():
        raise ValidationError({"seats": _("Registration closed when the meeting started.")})
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 1:
        raise ValidationError({"seats": _("Give the number of seats, 1 or more.")})
    current = locked.registrations.filter(organisation=organisation).first()
    if locked.seat_limit is not None:
        left = locked.seat_limit - _taken(locked, excluding=current.pk if current else None)
        if seats > left:
            raise ValidationError(
                {
                    "seats": _(
                        "Only %(left)s of the %(limit)s seats are left; nothing was registered."
                    )
                    % {"left": max(left, 0), "limit": locked.seat_limit}
                }
            )
    if current is None:
        current = Registration.objects.create(
            event=locked, organisation=organisation, seats=seats, registered_by=by
        )
    else:
        current.seats = seats
        current.registered_by = by
        current.save(update_fields=["seats", "registered_by", "updated_at"])
    audit.record(
        actor=by,
        action="learning.event_registered",
        target=current,
        event=locked.pk,
        organisation=organisation.name,
        seats=seats,
    )
    _changed(locked, by)
    return current


@transaction.atomic
def cancel_registration(*, registration: Registration, by) -> None:
    """Withdraw an organisation's registration; its seats are free again."""
    locked = _locked(registration.event)
    current = locked.registrations.filter(pk=registration.pk).first()
    if current is None:
        return
    if not access.may_register_for_event(by, locked, current.organisation_id):
        raise PermissionDenied(_("You cannot register this organisation for the meeting."))
    audit.record(
        actor=by,
        action="learning.event_registration_cancelled",
        target=current,
        event=locked.pk,
        organisation=current.organisation.name,
        seats=current.seats,
    )
    current.delete()
    _changed(locked, by)


@transaction.atomic
def record_attendance(*, event: Event, by, attended: dict[int, int]) -> Event:
    """How many attended per registration (registration id → count), after the meeting
    started; a count above the registered seats is refused, nothing is stored."""
    locked = _locked(event)
    _require_organiser(by, locked)
    if locked.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the meeting has started."))
    registrations = {r.pk: r for r in locked.registrations.select_related("organisation")}
    errors = {}
    for pk, count in attended.items():
        registration = registrations.get(pk)
        if registration is None:
            errors[f"attended_{pk}"] = _("No such registration for this meeting.")
        elif isinstance(count, bool) or not isinstance(count, int) or count < 0:
            errors[f"attended_{pk}"] = _("Give the number who attended, 0 or more.")
        elif count > registration.seats:
            errors[f"attended_{pk}"] = _(
                "%(name)s registered %(seats)s seats; at most that many can have attended."
            ) % {"name": registration.organisation.name, "seats": registration.seats}
    if errors:
        raise ValidationError(errors)
    for pk, count in attended.items():
        Registration.objects.filter(pk=pk).update(attended=count, updated_at=timezone.now())
    audit.record(
        actor=by,
        action="learning.event_attendance",
        target=locked,
        attended={registrations[pk].organisation.name: count for pk, count in attended.items()},
    )
    _changed(locked, by)
    return locked


@transaction.atomic
def add_follow_up(*, event: Event, by, materials: str, notes: str) -> Event:
    """The materials (text and links) and notes of a meeting, shown on its page."""
    locked = _locked(event)
    _require_organiser(by, locked)
    values = {"materials": (materials or "").strip(), "notes": (notes or "").strip()}
    changed = sorted(name for name in values if getattr(locked, name) != values[name])
    for name, value in values.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*values, "updated_at"])
    audit.record(actor=by, action="learning.event_follow_up", target=locked, changed=changed)
    _changed(locked, by)
    return locked


@transaction.atomic
def renew_calendar_link(*, organisation: Organisation, by) -> CalendarFeed:
    """Make (or replace) the organisation's private calendar link; the old one stops."""
    if not access.may_use_calendar_link(by, organisation.pk):
        raise PermissionDenied(_("You do not work for this organisation."))
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        organisation=organisation, defaults={"token": token}
    )
    audit.record(
        actor=by,
        action="learning.calendar_link_created" if created else "learning.calendar_link_renewed",
        target=organisation,
    )
    return feed
