"""The open-data pages in Chromium: the two CSV files are told apart by whom they are for,
by keyboard, with no axe violations."""

from pathlib import Path

import pytest

from beredskap.publication import services
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, tab_until

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_a_visitor_finds_the_csv_for_excel_by_keyboard(live_server, page, approved_round, nadia):
    services.release_round(survey_round=approved_round, notes="Första", by=nadia)
    page.goto(live_server.url + "/open-data/")
    items = page.locator("main ul.inline-list li")
    assert "För Excel (svenska inställningar)" in items.nth(1).inner_text()
    assert "För program och analys" in items.nth(0).inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="2025.1", exact=True).click()
    page.wait_for_url("**/open-data/2025.1/")
    assert_no_axe_violations(page)
    tab_until(page, "el.getAttribute('href') === '/open-data/2025.1/values-excel.csv'")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "beredskap-2025.1-values-excel.csv"
    assert Path(download.value.path()).read_bytes().startswith(b"\xef\xbb\xbf")
