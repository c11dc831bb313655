"""Meetings through the web: who sees and registers what, the organiser's forms, the two
iCalendar feeds (parsed with the `icalendar` package), and constant query counts."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beredskap.learning import event_services as services
from beredskap.learning.models import CalendarFeed, Event, Registration
from beredskap.tests.cast import stand_in

from .event_fixtures import county_meeting, organisation, webinar

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _feed(client, url) -> list:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    return list(calendar.walk("VEVENT"))


# --- who sees what ----------------------------------------------------------------------


def test_anonymous_visitors_see_only_open_meetings(client, meeting, national):
    page = client.get(reverse("events:index"))
    assert page.status_code == 200
    assert national.title in page.text and meeting.title not in page.text
    assert client.get(reverse("events:detail", args=[national.pk])).status_code == 200
    assert client.get(reverse("events:detail", args=[meeting.pk])).status_code == 404
    assert "register-form" not in client.get(reverse("events:detail", args=[national.pk])).text


def test_a_county_meeting_is_for_the_county_board_and_its_municipalities(
    client, meeting, bengt, cecilia, greta
):
    url = reverse("events:detail", args=[meeting.pk])
    client.force_login(cecilia)  # Enköping, in Uppsala län
    page = client.get(url)
    assert page.status_code == 200 and "register-form" in page.text
    client.force_login(greta)  # Gotland's board
    assert client.get(url).status_code == 404
    assert meeting.title not in client.get(reverse("events:index")).text
    other = stand_in("respondent", municipality="0180")
    client.force_login(other)
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("events:register", args=[meeting.pk]),
        {"organisation": organisation("Stockholm kommun").pk, "seats": 1},
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_a_municipality_registers_and_sees_the_seats_left(client, meeting, anna):
    client.force_login(anna)
    response = client.post(
        reverse("events:register", args=[meeting.pk]),
        {"organisation": organisation("Uppsala kommun").pk, "seats": 2},
    )
    assert response.status_code == 302
    page = client.get(reverse("events:detail", args=[meeting.pk]))
    assert "3 av 5" in page.text  # seats left of the limit, in Swedish
    over = client.post(
        reverse("events:register", args=[meeting.pk]),
        {"organisation": organisation("Uppsala kommun").pk, "seats": 9},
    )
    assert over.status_code == 422
    assert "Bara 5 av de 5 platserna är kvar" in over.text  # its own 2 count as free
    assert Registration.objects.get().seats == 2  # nothing half-stored


def test_a_municipality_user_cannot_arrange_meetings(client, anna, bengt, meeting):
    client.force_login(anna)
    board = organisation("Länsstyrelsen i Uppsala län")
    assert client.get(reverse("events:new", args=[board.pk])).status_code == 403
    assert client.get(reverse("events:edit", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("events:cancel", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("events:follow_up", args=[meeting.pk])).status_code == 403


def test_the_organiser_arranges_edits_and_cancels_through_the_forms(client, bengt):
    board = organisation("Länsstyrelsen i Uppsala län")
    client.force_login(bengt)
    form = client.get(reverse("events:new", args=[board.pk]))
    assert 'value="national_webinar"' not in form.text  # a county board's kinds only
    data = {
        "kind": "county_network",
        "title": "Länsnätverk vår",
        "starts_at": "2030-03-04T09:00",
        "ends_at": "2030-03-04T12:00",
        "agenda": "Dagordning",
        "seat_limit": "",
    }
    response = client.post(reverse("events:new", args=[board.pk]), data)
    event = Event.objects.get()
    assert response.status_code == 302
    assert timezone.localtime(event.starts_at).hour == 9  # read as Swedish time
    assert event.starts_at == datetime.datetime(2030, 3, 4, 8, tzinfo=datetime.UTC)
    data.update(title="Länsnätverk våren", sequence=0)
    client.post(reverse("events:edit", args=[event.pk]), data)
    stale = client.post(reverse("events:edit", args=[event.pk]), data)
    assert stale.status_code == 200 and "Någon annan" in stale.text
    client.post(reverse("events:cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.title == "Länsnätverk våren" and event.is_cancelled


def test_attendance_over_the_seats_is_a_message_on_the_form(client, meeting, bengt, anna):
    registration = services.register(
        event=meeting, organisation=organisation("Uppsala kommun"), by=anna, seats=2
    )
    Event.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    client.force_login(bengt)
    url = reverse("events:follow_up", args=[meeting.pk])
    over = client.post(url, {f"attended_{registration.pk}": 3, "materials": "", "notes": "x"})
    assert over.status_code == 200 and "anmälde 2 platser" in over.text
    meeting.refresh_from_db()
    assert meeting.notes == ""  # nothing half-stored
    client.post(url, {f"attended_{registration.pk}": 2, "materials": "https://example.org/a"})
    page = client.get(reverse("events:detail", args=[meeting.pk]))
    assert 'href="https://example.org/a"' in page.text


# --- the iCalendar feeds ------------------------------------------------------------------


def test_the_public_feed_has_only_open_meetings_with_stockholm_times(client, meeting, national):
    events = _feed(client, reverse("events:feed"))
    assert [str(e["UID"]) for e in events] == [f"event-{national.pk}@beredskap"]
    (item,) = events
    assert item["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert item["DTSTART"].dt == national.starts_at
    assert item["DTSTART"].dt.tzinfo.key == "Europe/Stockholm"
    assert item["DTEND"].dt == national.ends_at
    assert str(item["SUMMARY"]) == national.title
    assert str(item["URL"]) == national.online_url
    assert item["STATUS"] == "CONFIRMED" and item["SEQUENCE"] == 0


def test_a_cancelled_meeting_says_so_with_a_higher_sequence(client, national, nadia):
    services.cancel_event(event=national, by=nadia)
    (item,) = _feed(client, reverse("events:feed"))
    assert item["STATUS"] == "CANCELLED" and item["SEQUENCE"] == 1
    assert str(item["UID"]) == f"event-{national.pk}@beredskap"


def test_the_private_feed_opens_with_its_token_without_signing_in(
    client, meeting, national, bengt, anna
):
    services.register(event=meeting, organisation=organisation("Uppsala kommun"), by=anna, seats=1)
    feed = services.renew_calendar_link(organisation=organisation("Uppsala kommun"), by=anna)
    webinar(_nadia(), title="Annat")  # not Uppsala's: not in its feed
    events = _feed(client, reverse("events:organisation_feed", args=[feed.token]))
    assert [str(e["UID"]) for e in events] == [f"event-{meeting.pk}@beredskap"]
    assert str(events[0]["DESCRIPTION"]) == meeting.agenda
    assert events[0]["DTSTART"].dt == meeting.starts_at
    assert client.get(reverse("events:organisation_feed", args=["wrong-token"])).status_code == 404
    old = feed.token
    services.renew_calendar_link(organisation=organisation("Uppsala kommun"), by=anna)
    assert client.get(reverse("events:organisation_feed", args=[old])).status_code == 404


def _nadia():
    from beredskap.registry.models import User

    return User.objects.get(username="nadia")


def test_the_calendar_page_tells_the_link_is_private(client, anna):
    client.force_login(anna)
    page = client.get(reverse("events:calendar"))
    assert "Länken är privat" in page.text
    client.post(reverse("events:calendar_renew", args=[organisation("Uppsala kommun").pk]))
    token = CalendarFeed.objects.get().token
    assert token in client.get(reverse("events:calendar")).text
    other = organisation("Enköping kommun")
    assert client.post(reverse("events:calendar_renew", args=[other.pk])).status_code == 404


# --- query counts -------------------------------------------------------------------------


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("events:index")).status_code == 200
    return len(queries)


def test_the_list_reads_a_fixed_number_of_queries(client, bengt, anna, nadia):
    client.force_login(anna)
    county_meeting(bengt)
    _count(client)  # warm the session and caches
    few = _count(client)
    for day in range(2, 8):
        event = county_meeting(bengt, title=f"Träff {day}", seat_limit=None)
        services.register(
            event=event, organisation=organisation("Uppsala kommun"), by=anna, seats=day
        )
        webinar(nadia, title=f"Webbinarium {day}")
    assert _count(client) == few


def test_the_start_page_lists_the_organisations_upcoming_meetings(client, meeting, anna, cecilia):
    services.register(event=meeting, organisation=organisation("Uppsala kommun"), by=anna, seats=1)
    client.force_login(anna)
    page = client.get(reverse("home")).text
    assert "Dina kommande möten" in page and meeting.title in page
    client.force_login(cecilia)  # Enköping did not register
    assert "Dina kommande möten" not in client.get(reverse("home")).text
