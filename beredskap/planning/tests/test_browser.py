"""The public planning pages in Chromium: the list, a version and a diff, with axe."""

from beredskap.planning import services
from beredskap.planning.models import Parameter
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations

pytestmark = BROWSER_MARKS


def test_the_public_planning_pages_have_no_axe_violations(live_server, page, direction, nadia):
    newer = services.copy_direction(source=direction, version="2027.1", by=nadia)
    Parameter.objects.filter(assumption__direction=newer, name="duration_hours").update(value=120)
    newer.starting_points.filter(code="UP_PROXIMITY").delete()
    newer.status = "adopted"
    newer.save()

    page.goto(live_server.url + "/planning/")
    assert page.locator("h1").inner_text().startswith("Planeringsinriktning")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="2027.1").click()
    page.wait_for_url("**/planning/2027.1/")
    assert page.get_by_role("heading", name="Grundantaganden").is_visible()
    assert page.locator("#hidden-assumptions").is_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Vad som har ändrats från 2026.1 till 2027.1").click()
    page.wait_for_url("**/planning/2026.1/diff/2027.1/")
    row = page.get_by_role("row", name="GA_POWER duration_hours")
    assert "168 timmar" in row.inner_text() and "120 timmar" in row.inner_text()
    assert page.get_by_role("row", name="UP_PROXIMITY").is_visible()
    assert_no_axe_violations(page)
    assert page.errors == []
