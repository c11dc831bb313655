"""The events as iCalendar (RFC 5545), made with the `icalendar` package.

One VEVENT per event: a UID stable for the event, DTSTAMP (its last change), DTSTART and
DTEND with TZID Europe/Stockholm (and the VTIMEZONE that defines it), SUMMARY,
DESCRIPTION (the agenda), LOCATION, URL (the online meeting, else the event's page),
SEQUENCE (bumped on every change, so calendar apps take the new version) and
STATUS:CANCELLED for a cancelled meeting. Pure: the caller chooses the events.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterable

import icalendar

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
PRODID = "-//Socialstyrelsen//Beredskap//SV"


def uid(event) -> str:
    """The event's UID: the same for every version of the event, in every feed."""
    return f"event-{event.pk}@beredskap"


def calendar(events: Iterable, *, name: str, url_of: Callable[[object], str]) -> bytes:
    """The iCalendar bytes of `events`; `url_of(event)` is the event's page."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    for event in events:
        item = icalendar.Event()
        item.add("uid", uid(event))
        item.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
        item.add("dtstart", event.starts_at.astimezone(STOCKHOLM))
        item.add("dtend", event.ends_at.astimezone(STOCKHOLM))
        item.add("summary", event.title)
        if event.agenda:
            item.add("description", event.agenda)
        place = event.location or event.online_url
        if place:
            item.add("location", place)
        item.add("url", event.online_url or url_of(event))
        item.add("sequence", event.sequence)
        item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
