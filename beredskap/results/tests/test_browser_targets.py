"""The målbild view in Chromium: anna (Uppsala) goes from Uppsala's results to its målbild
view and sees each target state with the linked indicators; no axe violations."""

import pytest

from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login

from . import targets_setup as setup

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_anna_sees_uppsalas_målbild_view_with_the_linked_indicators(
    live_server, page, tmp_path, anna, nadia
):
    survey_round = setup.open_round(tmp_path, nadia)
    setup.approve(survey_round, {**setup.UPPSALA_LEVELS, **setup.OTHER_LEVELS})
    setup.compute(survey_round)

    login(page, live_server.url, "anna")
    page.goto(live_server.url + "/results/2025/municipalities/0380/")
    assert page.locator("#target-gaps").inner_text() == (
        "Målbilder i planeringsinriktningen som ännu inte nåtts: 2 av 2."
    )
    page.get_by_role("link", name="Mognad mot planeringsinriktningens målbilder").click()
    page.wait_for_url("**/results/2025/municipalities/0380/targets/")
    assert page.locator("h1").inner_text() == "Uppsala: målbilder 2025"

    plan = page.get_by_role("region", name="Kontinuiteten är planerad")
    assert plan.locator("dd.level").inner_text() == "2 – framtagen eller beslutad"
    assert plan.locator("dd.gap").inner_text() == "1 nivå kvar"
    linked = plan.locator("ul.linked-indicators li")
    assert linked.count() == 2
    assert "Aktuell kontinuitetsplan" in linked.nth(0).inner_text()
    assert "Andel enheter med plan" in linked.nth(1).inner_text()
    spread = plan.get_by_role("table", name="Kommuner per mognadsnivå: Kontinuiteten är planerad")
    assert spread.get_by_role("row", name="Uppsala län").locator("td").nth(5).inner_text() == (
        "2 av 4"
    )
    assert_no_axe_violations(page)

    # A linked indicator opens its page with Uppsala chosen.
    linked.nth(0).get_by_role("link").click()
    page.wait_for_url("**/results/2025/indicators/KON01/?unit=0380")

    page.goto(live_server.url + "/results/2025/counties/03/targets/")
    assert page.get_by_role("heading", name="Personalen är övad").is_visible()
    assert_no_axe_violations(page)
    page.goto(live_server.url + "/results/2025/targets/")
    assert page.locator("table.maturity-spread").count() == 2
    assert_no_axe_violations(page)
    assert page.errors == []
