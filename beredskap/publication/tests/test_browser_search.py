"""The public comparisons' search in a real browser: typed without diacritics, sent with
the keyboard, answered with links, with visible indicator names and no axe violations."""

import pytest

from beredskap.publication import services
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_anyone_finds_jonkoping_by_keyboard_and_opens_its_page(
    live_server, page, approved_round, nadia
):
    services.release_round(survey_round=approved_round, by=nadia)
    page.goto(live_server.url + "/comparisons/2025/")
    header = page.locator("table.heatmap thead th.indicator-column").first
    assert header.inner_text().split() == ["KON01", "Aktuell", "kontinuitetsplan"]

    page.get_by_role("searchbox", name="Hitta en kommun eller en indikator").fill("jonkoping")
    page.keyboard.press("Enter")
    page.wait_for_url("**/comparisons/2025/?q=jonkoping")
    found = page.locator("#found-municipalities a")
    assert found.all_inner_texts() == ["Jönköping"]
    assert page.get_by_role("heading", name="Sökresultat för ”jonkoping”").is_visible()
    assert_no_axe_violations(page)

    found.first.click()
    page.wait_for_url("**/comparisons/2025/municipalities/0680/")
    assert page.errors == []
