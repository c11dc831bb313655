"""In Chromium: a question made moot by a changed answer is cleared with notice and the
response then submits; a refused value stays in its field, marked, until corrected."""

from beredskap.surveys.models import Answer, Response
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page

from .conftest import answer, complete

pytestmark = BROWSER_MARKS

URL = "/surveys/2025/0380/"


def slot(page, key):
    return page.locator(f'[id="slot-{key}"]')


def saved(page, key, text="Sparat"):
    slot(page, key).locator(".slot-status").filter(has_text=text).wait_for()


def test_a_question_made_moot_is_cleared_with_notice_and_the_response_submits(
    live_server, browser, uppsala, anna, alva
):
    complete(uppsala, anna)  # both activities have a plan with parts
    page = new_page(browser)
    login(page, live_server.url, "anna")
    page.goto(live_server.url + URL)
    assert page.locator("#progress").inner_text() == "6 av 6"

    # Hemtjänst has no plan after all: its parts are cleared, and she is told which.
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator('[id="f-KON_PLAN.hemtjanst"]').select_option("nej")
    saved(page, "KON_PLAN.hemtjanst", "Svaret på ”Vad innehåller planen?” (Hemtjänst) tömdes")
    parts = slot(page, "KON_PARTS.hemtjanst")
    assert parts.locator('input[value="reserv"]').is_disabled()
    assert "Ställs inte, utifrån svaret på ”Finns en aktuell kontinuitetsplan?”" in (
        parts.inner_text()
    )
    assert page.locator("#progress").inner_text() == "5 av 5"
    assert_no_axe_violations(page)

    # A plan again: the parts are asked and editable at once, without a reload.
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator('[id="f-KON_PLAN.hemtjanst"]').select_option("ja")
    parts.locator('input[value="reserv"]').wait_for(state="visible")
    assert parts.locator('input[value="reserv"]').is_enabled()
    assert page.locator("#progress").inner_text() == "5 av 6"
    with page.expect_response(lambda r: r.request.method == "POST"):
        parts.locator('input[value="reserv"]').check()
    saved(page, "KON_PARTS.hemtjanst")
    # And no plan once more, to be submitted that way.
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.locator('[id="f-KON_PLAN.hemtjanst"]').select_option("nej")
    saved(page, "KON_PLAN.hemtjanst", "tömdes")
    assert page.errors == []

    cleared = Answer.objects.get(question__code="KON_PARTS", activity_code="hemtjanst")
    assert cleared.value is None
    assert list(cleared.revisions.values_list("source", flat=True).order_by("version")) == [
        "form",
        "cleared",
        "form",
        "cleared",
    ]

    approver = new_page(browser)
    login(approver, live_server.url, "alva")
    approver.goto(live_server.url + URL)
    approver.get_by_role("button", name="Skicka in till länsstyrelsen").click()
    approver.wait_for_load_state()
    assert "Svaret skickades in till länsstyrelsen" in approver.content()
    assert approver.locator("#progress").inner_text() == "5 av 5"
    assert "Svar på frågor som inte längre ställs tömdes" in approver.content()  # timeline
    assert Response.objects.get(pk=uppsala.pk).status == "submitted"


def test_a_refused_value_stays_marked_until_it_is_corrected(live_server, browser, uppsala, anna):
    answer(uppsala, "UTB_EXERCISES", "", "2", anna)
    page = new_page(browser)
    login(page, live_server.url, "anna")
    page.goto(live_server.url + URL + "?area=H")
    field = page.locator("#f-UTB_EXERCISES")

    with page.expect_response(lambda r: r.request.method == "POST"):
        field.fill("tolv")
        field.press("Tab")
    error = page.locator("#UTB_EXERCISES-error")
    error.wait_for()
    assert "måste vara ett tal" in error.inner_text()
    assert field.input_value() == "tolv"  # what she typed stays, not the saved 2
    assert field.get_attribute("aria-invalid") == "true"
    assert field.get_attribute("aria-describedby") == "UTB_EXERCISES-error"
    assert_no_axe_violations(page)

    # Typing the saved value back is a correction too: the error goes.
    with page.expect_response(lambda r: r.request.method == "POST"):
        field.fill("2")
        field.press("Tab")
    saved(page, "UTB_EXERCISES")
    assert error.count() == 0
    assert field.get_attribute("aria-invalid") is None
    assert Answer.objects.get(question__code="UTB_EXERCISES").value == 2

    # A count above its total stays, both parts marked, until corrected.
    page.goto(live_server.url + URL)
    counted, total = page.locator('[id="f-KON_UNITS-num"]'), page.locator('[id="f-KON_UNITS-den"]')
    counted.fill("5")
    with page.expect_response(lambda r: r.request.method == "POST"):
        total.fill("3")
        total.press("Tab")
    page.locator('[id="KON_UNITS-error"]').wait_for()
    assert (counted.input_value(), total.input_value()) == ("5", "3")
    assert counted.get_attribute("aria-invalid") == "true"
    assert total.get_attribute("aria-describedby") == "KON_UNITS-error"
    with page.expect_response(lambda r: r.request.method == "POST"):
        total.fill("8")
        total.press("Tab")
    saved(page, "KON_UNITS")
    assert page.locator('[id="KON_UNITS-error"]').count() == 0
    assert Answer.objects.get(question__code="KON_UNITS").value == {
        "numerator": 5,
        "denominator": 8,
    }
    # The browser notes each refusal's status (422); nothing else went wrong.
    assert [e for e in page.errors if "status of 422" not in e] == []
