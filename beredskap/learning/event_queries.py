"""Reads of the events pages and feeds, each in a fixed number of queries whatever the
number of events (the seats taken are summed in the same query)."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from beredskap.registry.models import Organisation

from .models import Event, Registration


def _annotated(qs: QuerySet) -> QuerySet:
    return qs.select_related("organiser", "county").annotate(
        taken=Coalesce(Sum("registrations__seats"), 0),
        registered=Count("registrations"),
    )


def events(visible: Q, *, kind: str = "") -> QuerySet[Event]:
    """The events matching `visible` (from `registry.access.visible_events_q`), with the
    seats taken (`taken`) and the number of registered organisations (`registered`)."""
    qs = Event.objects.filter(visible)
    if kind:
        qs = qs.filter(kind=kind)
    return _annotated(qs)


def event(visible: Q, pk: int) -> Event | None:
    return (
        _annotated(Event.objects.filter(visible).filter(pk=pk))
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.select_related(
                    "organisation", "registered_by"
                ).order_by("organisation__name"),
            )
        )
        .first()
    )


def seats_left(event: Event) -> int | None:
    """Seats still free (None: no limit); `event` is annotated with `taken`."""
    if event.seat_limit is None:
        return None
    return max(event.seat_limit - event.taken, 0)


def public_feed() -> QuerySet[Event]:
    """Every open event (cancelled ones too, so calendars learn of the cancellation)."""
    return Event.objects.filter(is_open=True).select_related("organiser").order_by("starts_at")


def organisation_feed(organisation: Organisation) -> QuerySet[Event]:
    """The events the organisation arranges or has registered for."""
    qs = Event.objects.filter(
        Q(organiser=organisation) | Q(registrations__organisation=organisation)
    )
    return qs.distinct().select_related("organiser").order_by("starts_at")
