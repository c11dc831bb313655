"""The reporting chain in Chromium: a county reviewer logs support and submits the county
report; the coordinator accepts it and makes the national report final. Axe finds no
violations on each main page. Elements are found by id and name, not by translated text."""

from django.utils import timezone

from beredskap.audit.models import Event
from beredskap.reporting.models import CountyReport, NationalReport
from beredskap.support.models import SupportActivity
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page

pytestmark = BROWSER_MARKS

TEXTS = {
    "preparedness": "De flesta kommuner har kontinuitetsplaner för hemtjänsten.",
    "support": "En scenarioövning om elavbrott på ett särskilt boende.",
    "cooperation": "Samverkan med regionen i den regionala krisledningen.",
    "information": "Kartläggningens svar har granskats.",
    "development": "Planering för krigsplacering av personal behövs.",
}


def click_and_wait(page, selector):
    with page.expect_navigation():
        page.locator(selector).click()


def test_the_reporting_chain(live_server, browser, bengt, karl):
    base = live_server.url
    year = timezone.localdate().year
    county_url = f"{base}/reports/03/{year}/"

    # Bengt, reviewer at Länsstyrelsen i Uppsala län, logs an exercise in the support log.
    page = new_page(browser)
    login(page, base, "bengt")
    page.goto(base + "/support/")
    page.wait_for_url(f"{base}/support/03/")
    assert_no_axe_violations(page)
    click_and_wait(page, "#new-activity")
    page.fill("#id_held_on", timezone.localdate().isoformat())
    page.select_option("#id_kind", "exercise")
    page.fill("#id_title", "Scenarioövning elavbrott")
    page.fill("#id_participants", "24")
    page.locator("#field-municipalities input[type=checkbox]").first.check()
    click_and_wait(page, "#save-activity")
    activity = SupportActivity.objects.get(title="Scenarioövning elavbrott")
    assert activity.county.code == "03" and activity.participants == 24

    # He starts this year's county report from the report list, writes it and submits it.
    page.goto(base + "/reports/")
    assert_no_axe_violations(page)
    click_and_wait(page, f"#start-03-{year}")
    assert page.url == county_url
    assert_no_axe_violations(page)
    for name, text in TEXTS.items():
        page.fill(f"#id_{name}", text)
    click_and_wait(page, "#save-button")
    report = CountyReport.objects.get(county__code="03", year=year)
    assert report.support == TEXTS["support"] and report.version == 2

    # A preview: the progress page, done at once with the immediate task backend.
    click_and_wait(page, "#preview-button")
    assert page.locator("#generation-status").get_attribute("data-status") == "done"
    assert page.locator("#generation-progress").get_attribute("value") == "100"
    assert page.locator("#download-pdf").count() == 1
    assert_no_axe_violations(page)
    click_and_wait(page, "#report-link")
    page.check("#confirm-submit")
    click_and_wait(page, "#submit-button")
    report.refresh_from_db()
    assert report.status == "submitted" and report.revision == 1
    assert page.locator("#report-status").get_attribute("data-status") == "submitted"
    assert page.locator("#report-form").count() == 0  # locked: read-only
    assert_no_axe_violations(page)

    # Karl, the coordinator in Kronoberg, accepts it from the board.
    coordinator = new_page(browser)
    login(coordinator, base, "karl")
    coordinator.goto(f"{base}/reports/national/{year}/board/")
    assert coordinator.locator("#row-03").get_attribute("data-status") == "submitted"
    assert_no_axe_violations(coordinator)
    click_and_wait(coordinator, "#accept-03")
    assert coordinator.locator("#row-03").get_attribute("data-status") == "accepted"
    report.refresh_from_db()
    assert report.status == "accepted"

    # He reads the accepted report, then compiles the national report and makes it final.
    coordinator.goto(county_url)
    assert coordinator.locator("#read-only").count() == 1
    assert_no_axe_violations(coordinator)
    coordinator.goto(f"{base}/reports/national/{year}/")
    click_and_wait(coordinator, "#start-report")
    assert_no_axe_violations(coordinator)
    coordinator.fill("#id_summary", "Länen har stärkt sitt stöd till kommunerna.")
    click_and_wait(coordinator, "#save-button")
    coordinator.check("#confirm-finalise")
    assert coordinator.locator("#unaccepted-list li").count() == 20  # all but Uppsala
    assert_no_axe_violations(coordinator)
    coordinator.check("#confirm-unaccepted")
    click_and_wait(coordinator, "#finalise-button")
    national = NationalReport.objects.get(year=year)
    assert national.status == "final" and national.summary.startswith("Länen har")
    assert coordinator.locator("#read-only").count() == 1
    assert_no_axe_violations(coordinator)

    actions = set(Event.objects.values_list("action", flat=True))
    assert {
        "county_report.submitted",
        "county_report.accepted",
        "national_report.finalised",
    } <= actions
    assert page.errors == [] and coordinator.errors == []
