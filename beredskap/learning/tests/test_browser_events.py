"""The meetings story in Chromium with axe: bengt (Länsstyrelsen i Uppsala län) arranges a
county network meeting, anna registers Uppsala kommun, bengt records the attendance after
the meeting and finds it in the county's support log, without typing it there."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from beredskap.learning.models import Event, Registration
from beredskap.support.models import SupportActivity
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]

TITLE = "Länsnätverket om reservkraft"


def _menu(page, name: str) -> None:
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name=name).click()


def test_bengt_arranges_a_meeting_anna_registers_and_it_reaches_the_support_log(
    live_server, browser, page, bengt, anna
):
    starts = timezone.localtime(timezone.now() + datetime.timedelta(days=10))
    login(page, live_server.url, "bengt")
    _menu(page, "Möten")
    page.wait_for_url("**/events/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Anordna ett möte för Länsstyrelsen i Uppsala län").click()
    page.locator("#id_kind").select_option("county_network")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_label("Börjar").fill(starts.strftime("%Y-%m-%dT09:00"))
    page.get_by_label("Slutar").fill(starts.strftime("%Y-%m-%dT12:00"))
    page.get_by_label("Dagordning").fill("1. Reservkraft\n2. Lager")
    page.get_by_label("Antal platser").fill("10")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Lägg upp mötet").click()
    page.wait_for_url("**/events/*/")
    assert page.locator("h1").inner_text() == TITLE
    assert page.locator("#seats-left").inner_text() == "10 av 10"
    assert_no_axe_violations(page)
    assert page.errors == []
    page.context.close()

    page = new_page(browser)
    login(page, live_server.url, "anna")
    _menu(page, "Möten")
    page.get_by_role("link", name=TITLE).click()
    page.wait_for_url("**/events/*/")
    page.get_by_label("Platser").fill("3")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Anmäl platserna").click()
    page.wait_for_url("**/events/*/")
    assert page.locator("#seats-left").inner_text() == "7 av 10"
    assert page.get_by_role("rowheader", name="Uppsala kommun").is_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/events/")
    page.get_by_role("link", name="Din organisations kalenderlänk").click()
    page.get_by_role("button", name="Skapa en länk – Uppsala kommun").click()
    page.wait_for_url("**/events/calendar/")
    assert_no_axe_violations(page)
    link = page.locator("code.feed-link").inner_text()
    page.context.close()

    # Time passes: the meeting was held this morning.
    event = Event.objects.get()
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    page = new_page(browser)
    response = page.request.get(link)  # a calendar app, not signed in
    calendar = icalendar.Calendar.from_ical(response.body())
    (item,) = calendar.walk("VEVENT")
    assert str(item["SUMMARY"]) == TITLE and item["DTSTART"].params["TZID"] == "Europe/Stockholm"

    login(page, live_server.url, "bengt")
    page.goto(f"{live_server.url}/events/{event.pk}/")
    page.get_by_role("link", name="Närvaro, material och anteckningar").click()
    page.get_by_label("Deltog från Uppsala kommun (av 3 platser)").fill("2")
    page.get_by_label("Material").fill("https://example.org/reservkraft.pdf")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/events/*/")
    assert page.locator("#registrations").get_by_text("2", exact=True).is_visible()
    assert_no_axe_violations(page)
    assert Registration.objects.get().attended == 2

    _menu(page, "Stödlogg")
    page.wait_for_url("**/support/03/")
    row = page.get_by_role("row").filter(has_text=TITLE)
    assert row.get_by_role("link", name=f"Från mötet – {TITLE}").is_visible()
    assert row.get_by_role("cell", name="Uppsala", exact=True).is_visible()
    assert_no_axe_violations(page)
    activity = SupportActivity.objects.get()
    assert (activity.event_id, activity.participants) == (event.pk, 2)
    assert page.errors == []
    page.context.close()
