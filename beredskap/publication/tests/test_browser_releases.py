"""Nadia releases a round in the interface and withdraws it; the public pages follow.

Debian Chromium through Playwright, with axe on the release pages.
"""

import pytest

from beredskap.publication.models import Release
from beredskap.results import services as results
from beredskap.results.models import Value
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def click_and_wait(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()


def test_nadia_releases_and_withdraws_a_round_and_the_public_pages_follow(
    live_server, browser, approved_round, nadia
):
    base = live_server.url
    results.compute_round(survey_round=approved_round, basis=Value.Basis.APPROVED, by=nadia)
    visitor = new_page(browser)
    visitor.goto(base + "/comparisons/")
    assert "Inget har publicerats" in visitor.content()

    analyst = new_page(browser)
    login(analyst, base, "nadia")
    analyst.goto(base + "/releases/")
    assert_no_axe_violations(analyst)
    click_and_wait(analyst, "#round-2025 a")
    total = analyst.locator("#preview-total").inner_text()
    assert int(total) > 0 and int(analyst.locator("#preview-withheld").inner_text()) > 0
    assert_no_axe_violations(analyst)

    # The box must be ticked: without it the page says so and nothing is released.
    analyst.fill("#id_notes", "Öppna jämförelser 2025")
    click_and_wait(analyst, "#release-button")
    assert "Kryssa i rutan" in analyst.locator("#errors").inner_text()
    assert not Release.objects.exists()
    assert all("422" in error for error in analyst.errors)  # the refusal's own status
    analyst.errors.clear()
    analyst.check("#confirm-release")
    click_and_wait(analyst, "#release-button")
    assert "Publicering 2025.1 är offentlig" in analyst.content()
    assert Release.objects.get().value_count == int(total)
    assert_no_axe_violations(analyst)

    visitor.goto(base + "/comparisons/")
    visitor.wait_for_url("**/comparisons/2025/")
    assert "Publicering 2025.1" in visitor.content()

    # Withdrawn with a reason: the round is under embargo again.
    analyst.fill("#reason-1", "Publicerad av misstag")
    click_and_wait(analyst, "#withdraw-1")
    assert "Publicering 2025.1 har dragits tillbaka" in analyst.content()
    assert Release.objects.get().withdrawal_reason == "Publicerad av misstag"
    assert_no_axe_violations(analyst)
    visitor.goto(base + "/comparisons/")
    assert "Inget har publicerats" in visitor.content()
    assert visitor.goto(base + "/comparisons/2025/").status == 404
    assert analyst.errors == []
