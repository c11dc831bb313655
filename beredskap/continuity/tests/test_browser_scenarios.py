"""anna runs "power outage 7 days" on Uppsala in Chromium: the failing function on the
timeline and in the table, the what-if form, keyboard use, and no axe violations; nadia
reads the national aggregate, counts and shares only."""

import pytest

from beredskap.planning import services as planning
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, tab_until
from beredskap.tests.cast import stand_in

from .factories import small_register

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server, reference, anna, bengt):
    from beredskap.registry.models import Municipality

    planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml")
    small_register(Municipality.objects.get(code="0380"), anna)
    return live_server.url


def test_anna_runs_a_week_without_power_and_sees_what_fails(site, page):
    login(page, site, "anna")
    tab_until(page, "el.textContent.trim() === 'Scenarier'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/scenarios/")
    page.locator("#main").get_by_role("link", name="Uppsala").click()
    page.wait_for_url("**/scenarios/0380/")
    assert_no_axe_violations(page)

    page.get_by_label("Långvarigt elavbrott").check()
    assert page.get_by_label("Längd (timmar)").input_value() == "168"
    page.get_by_role("button", name="Kör scenariot").click()
    page.wait_for_url("**a=GA_POWER**")

    # The timeline: one row for the failing function, its failure marked at 12 of 168 h.
    svg = page.get_by_role("img", name="Scenariots tidslinje, 0 till 168 timmar")
    assert svg.count() == 1
    rows = page.locator(".timeline-svg g.row")
    assert rows.count() == 1 and "Heating of premises" in rows.first.inner_html()
    assert page.locator(".timeline-svg g.row.gap circle.failure").count() == 1
    # The table: the same function, failing after 12 h because of electricity; a gap.
    row = page.locator("table tr.gap")
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[:4] == ["HVB Björken", "Heating of premises", "12 h", "El"]
    assert (
        "HVB Björken förlorar Heating of premises efter 12 h"
        in page.locator("ol.gaps").inner_text()
    )
    assert_no_axe_violations(page)

    # What if the backup power had fuel for 160 hours more? The gap closes; nothing saved.
    page.get_by_label("El", exact=True).fill("160")
    page.get_by_role("button", name="Kör scenariot").click()
    page.wait_for_url("**extra-electricity=160**")
    assert page.locator("table tr.gap").count() == 0
    assert "Inga brister" in page.content()
    assert_no_axe_violations(page)
    assert page.errors == []


def test_bengt_compares_the_county_at_phone_width(site, page):
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, site, "bengt")
    page.goto(site + "/scenarios/county/03/?a=GA_POWER&a=GA_STAFF")
    assert page.locator("table tbody tr").count() == 8
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page)
    page.goto(site + "/scenarios/0380/?a=GA_POWER")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page)


def test_nadia_reads_the_national_aggregate_counts_and_shares_only(site, page, nadia):
    from beredskap.registry.models import Municipality

    for code in ("0381", "0360"):  # with Uppsala, three registers in Uppsala county
        small_register(
            Municipality.objects.get(code=code), stand_in("respondent", municipality=code)
        )
    login(page, site, "nadia")
    page.goto(site + "/scenarios/")
    page.get_by_role("link", name="Scenarioutfall för riket").click()
    page.wait_for_url("**/scenarios/national/**")
    page.get_by_label("Långvarigt elavbrott").check()
    page.get_by_role("button", name="Kör scenariot").click()
    page.wait_for_url("**a=GA_POWER**")
    uppsala = page.locator("tbody tr", has_text="Uppsala län")
    # Three municipalities, each with its heating out after 12 h of a week: all with a gap.
    assert uppsala.locator("td").all_inner_texts()[:2] == ["3", "3"]
    other = page.locator("tbody tr", has_text="Stockholms län")
    assert "färre än 3 kommuner" in other.inner_text()
    assert "HVB Björken" not in page.content()  # no unit-level data in the aggregate
    assert_no_axe_violations(page)
    assert page.errors == []
