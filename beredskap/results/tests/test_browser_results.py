"""The results pages, public and internal, on the demo data in Chromium: keyboard use and
no axe violations.

One test, because building the demo (all four rounds with results) takes most of its time.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, tab_until

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "beredskap-demo"


@pytest.fixture
def demo_site(live_server, settings):
    settings.DEBUG = True
    call_command("demo", "--no-serve", stdout=StringIO())
    return live_server.url


def test_an_analyst_and_a_respondent_walk_the_results_pages(demo_site, page):
    # A visitor reads the published comparisons without signing in.
    page.goto(demo_site + "/")
    tab_until(page, "el.textContent.trim() === 'Öppna jämförelser'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/comparisons/2025/")
    assert "Publicering 2025.1" in page.content()
    assert page.locator("table.heatmap tbody tr").count() == 290 + 1
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Uppsala", exact=True).first.click()
    page.wait_for_url("**/comparisons/2025/municipalities/0380/")
    assert_no_axe_violations(page)
    page.goto(demo_site + "/comparisons/2025/indicators/KON01/")
    assert page.locator(".chart.trend line.break").count() == 1
    assert_no_axe_violations(page)

    login(page, demo_site, "nadia", DEMO_PASSWORD)

    # From the navigation to the national overview, by keyboard.
    tab_until(page, "el.textContent.trim() === 'Resultat'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/results/2026/")
    page.goto(demo_site + "/results/2025/")
    assert page.locator("h1").inner_text() == "Resultat 2025 (ej publicerade)"
    assert page.locator("table.heatmap tbody tr").count() == 290 + 1
    assert_no_axe_violations(page)

    # Filter to one county with the form.
    page.get_by_label("Län").select_option("03")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url("**county=03**")
    assert page.locator("table.heatmap tbody tr").count() == 8 + 2

    # The county overview, its municipality, an indicator.
    page.get_by_role("link", name="Uppsala län").first.click()
    page.wait_for_url("**/results/2025/counties/03/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Uppsala", exact=True).first.click()
    page.wait_for_url("**/results/2025/municipalities/0380/")
    assert "Stödbehov" in page.content()
    assert_no_axe_violations(page)
    page.goto(demo_site + "/results/2025/indicators/KON01/")
    assert page.locator(".chart.trend line.break").count() == 1
    assert_no_axe_violations(page)
    assert page.errors == []

    # A respondent sees her own restricted values and nobody else's.
    page.get_by_role("button", name="Logga ut").click()
    login(page, demo_site, "anna", DEMO_PASSWORD)
    page.goto(demo_site + "/results/2025/?county=03")
    uppsala = page.locator(
        "table.heatmap tr", has=page.get_by_role("link", name="Uppsala", exact=True)
    )
    enkoping = page.locator("table.heatmap tr", has=page.get_by_role("link", name="Enköping"))
    assert uppsala.locator("td.hidden").count() == 0
    assert enkoping.locator("td.hidden").count() > 0
    assert_no_axe_violations(page)
