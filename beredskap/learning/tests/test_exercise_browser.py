"""The exercises story in Chromium with axe: cecilia (Enköping) records an exercise with two
observations and an action and shares one lesson anonymised; bengt (Länsstyrelsen i Uppsala
län) finds it in the lessons library under "Uppsala län", with no word of Enköping."""

import pytest

from beredskap.learning.models import Action, Exercise, Observation
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login

from .exercise_fixtures import *  # noqa: F403 (the fixtures: direction, world)

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]

SHARED = "Telefonlistan måste fungera utan mobilnät."
PRIVATE = "Reservkraften startade inte; nyckeln saknades."


def _observation(page, text: str, sharing: str) -> None:
    page.get_by_role("link", name="Lägg till en iakttagelse").click()
    page.wait_for_url("**/observations/new/")
    page.locator("#id_category").select_option("improvement")
    page.locator("#id_area").select_option(label="Kontinuitetshantering")
    page.locator("#id_text").fill(text)
    page.get_by_label(sharing).check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Spara iakttagelsen").click()
    page.wait_for_url("**/exercises/*/")


def test_cecilia_shares_an_anonymised_lesson_that_bengt_finds(
    live_server, browser, page, world, cecilia, bengt
):
    login(page, live_server.url, "cecilia")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Övningar").click()
    page.wait_for_url("**/exercises/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Registrera en övning för Enköping kommun").click()
    page.locator("#id_title").fill("Elavbrott i Enköping")
    page.locator("#id_kind").select_option("tabletop")
    page.locator("#id_held_on").fill("2025-10-02")
    page.get_by_label("Enköping", exact=True).check()
    page.get_by_label("Tierp", exact=True).check()
    page.get_by_label("Särskilt boende för äldre").check()
    page.locator("#id_assumptions_1").check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Registrera övningen").click()
    page.wait_for_url("**/exercises/*/")
    assert page.locator("h1").inner_text() == "Elavbrott i Enköping"
    assert_no_axe_violations(page)

    _observation(page, PRIVATE, "Inte delad")
    _observation(page, SHARED, "Delad, anonymiserad till länet")
    page.get_by_role("link", name="Lägg till en åtgärd").click()
    page.locator("#id_description").fill("Förvara nyckeln i nyckelskåpet.")
    page.locator("#id_owner").fill("Enhetschef")
    page.locator("#id_due_on").fill("2025-12-01")
    page.locator("#id_observation").select_option(label=PRIVATE)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Spara åtgärden").click()
    page.wait_for_url("**/exercises/*/")
    assert page.locator("#actions").get_by_text("Enhetschef").is_visible()
    assert page.locator("#observations li").count() == 2
    assert_no_axe_violations(page)

    exercise = Exercise.objects.get()
    assert exercise.organisation.name == "Enköping kommun"
    assert {o.sharing for o in Observation.objects.all()} == {"private", "anonymised"}
    assert Action.objects.get().observation.text == PRIVATE
    assert page.errors == []
    page.context.close()

    page = browser.new_context(locale="sv-SE").new_page()
    login(page, live_server.url, "bengt")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Lärdomar").click()
    page.wait_for_url("**/lessons/")
    page.get_by_label("Sök", exact=True).fill("mobilnät")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_url("**/lessons/?*")
    lessons = page.locator("#lessons")
    assert lessons.locator("li.lesson").count() == 1
    card = lessons.locator("li.lesson").first
    assert "Uppsala län" in card.inner_text()
    assert_no_axe_violations(page)
    card.get_by_role("link").click()
    page.wait_for_url("**/lessons/*/")
    body = page.locator("main").inner_text()
    assert SHARED in body and "Uppsala län" in body
    assert "Enköping" not in body and "Tierp" not in body and PRIVATE not in body
    assert_no_axe_violations(page)
    page.context.close()
