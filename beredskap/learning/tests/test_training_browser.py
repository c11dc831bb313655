"""In Chromium: Cecilia (Enköping, respondent) finds training in the menu, records how many
completed the national web course, is told plainly when a count is more than Enköping's
staff make plausible, and plans an exercise for the term of office; every page passes axe."""

import pytest

from beredskap.learning.models import Completion, PlanItem
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_cecilia_records_completions_and_plans_an_exercise(
    live_server, browser, trainings, h_round, cecilia
):
    base = live_server.url
    page = new_page(browser)
    login(page, base, "cecilia")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Utbildning").click()
    page.wait_for_url(base + "/training/")
    assert page.get_by_role("heading", name="Introduktion till beredskap").count() == 1
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Genomförda utbildningar och plan för Enköping").click()
    page.wait_for_url(base + "/training/municipalities/0381/")
    page.get_by_label("År", exact=True).last.select_option("2025")
    form = page.locator("#completion-form")
    form.get_by_label("Utbildning").select_option(label="Introduktion till beredskap")
    form.get_by_label("Verksamhet").select_option(label="Särskilt boende för äldre")
    form.get_by_label("År").select_option("2025")
    form.get_by_label("Antal som har genomfört den").fill("12")
    form.get_by_role("button", name="Spara antalet").click()
    page.wait_for_url(base + "/training/municipalities/0381/?year=2025")
    assert "Antalet sparades." in page.locator(".messages").inner_text()
    row = page.locator("#row-introduktion-till-beredskap")
    assert "12" in row.inner_text()
    assert page.locator("#indicators").count() == 1  # the survey's area H beside
    assert_no_axe_violations(page)

    # 60 in home care is more than Enköping's 15 staff there make plausible: refused.
    form = page.locator("#completion-form")
    form.get_by_label("Utbildning").select_option(label="Introduktion till beredskap")
    form.get_by_label("Verksamhet").select_option(label="Hemtjänst")
    form.get_by_label("År").select_option("2025")
    form.get_by_label("Antal som har genomfört den").fill("60")
    form.get_by_role("button", name="Spara antalet").click()
    alert = page.get_by_role("alert")
    assert "mer än kommunens personal gör rimligt (högst 23" in alert.inner_text()
    assert_no_axe_violations(page)
    assert list(Completion.objects.values_list("activity_code", "count")) == [("sabo", 12)]

    page.goto(base + "/training/municipalities/0381/plan/?term=2023")
    plan = page.locator("#plan-form")
    plan.get_by_label("År").select_option("2026")
    plan.get_by_label("Typ", exact=True).select_option(label="Övning")
    plan.get_by_label("Övningstyp").select_option(label="Spelövning")
    plan.get_by_label("Beskrivning").fill("Elavbrott i hemtjänsten")
    plan.get_by_role("button", name="Lägg till").click()
    page.wait_for_url(base + "/training/municipalities/0381/plan/?term=2023")
    assert "Elavbrott i hemtjänsten" in page.locator("#plan").inner_text()
    assert_no_axe_violations(page)
    assert PlanItem.objects.get().exercise_type == "tabletop"
    page.context.close()
