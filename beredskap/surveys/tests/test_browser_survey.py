"""The survey story in Chromium: answer by keyboard, submit, return two, fix, approve."""

from beredskap.surveys.models import Answer, AnswerRevision, Response
from beredskap.tests.browser import (
    BROWSER_MARKS,
    assert_no_axe_violations,
    login,
    new_page,
    tab_until,
)

pytestmark = BROWSER_MARKS

URL = "/surveys/2025/0380/"


def focus(page, element_id):
    tab_until(page, f"el.id === {element_id!r}", limit=80)


def wait_saved(page, key):
    page.locator(f'[id="slot-{key}"] .slot-status').filter(has_text="Sparat").wait_for()


def choose(page, element_id, key, letter):
    """Pick an option in a select by typing its first letter, then wait for autosave."""
    focus(page, element_id)
    page.keyboard.type(letter)
    wait_saved(page, key)


def test_the_whole_review_story_by_keyboard(live_server, browser, survey_round, anna, alva, bengt):
    base = live_server.url
    page = new_page(browser)
    login(page, base, "anna")
    page.goto(base + URL)
    assert_no_axe_violations(page)

    # Anna answers every question with the keyboard; each change is saved as she goes.
    choose(page, "f-KON_PLAN.sabo", "KON_PLAN.sabo", "J")
    choose(page, "f-KON_PLAN.hemtjanst", "KON_PLAN.hemtjanst", "N")
    tab_until(page, "el.name === 'KON_PARTS.sabo' && el.value === 'reserv'", limit=80)
    page.keyboard.press("Space")
    wait_saved(page, "KON_PARTS.sabo")
    # Hemtjänst has no plan, so its parts question is not asked and stays empty.
    focus(page, "f-KON_UNITS-num")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    wait_saved(page, "KON_UNITS")
    # The questions come one area at a time: on to the next one.
    tab_until(page, "el.textContent.includes('Nästa område: Utbildning och övning')", limit=40)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    focus(page, "f-UTB_EXERCISES")
    page.keyboard.type("2")
    # The plain save button of the area works too (and is what works without JavaScript).
    tab_until(
        page, "el.type === 'submit' && el.textContent.includes('Spara Utbildning')", limit=80
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Svaren i Utbildning och övning sparades" in page.content()
    assert page.locator("#progress").inner_text() == "5 av 5"  # hemtjänst parts not asked
    assert_no_axe_violations(page)

    values = {
        (a.question.code, a.activity_code): a.value
        for a in Answer.objects.select_related("question")
    }
    assert values[("KON_PLAN", "sabo")] == "ja"
    assert values[("KON_PLAN", "hemtjanst")] == "nej"
    assert values[("KON_PARTS", "sabo")] == ["reserv"]
    assert values.get(("KON_PARTS", "hemtjanst")) in (None, [])
    assert values[("KON_UNITS", "")] == {"numerator": 3, "denominator": 4}
    assert values[("UTB_EXERCISES", "")] == 2
    assert page.errors == []

    # Alva, the approver, submits.
    approver = new_page(browser)
    login(approver, base, "alva")
    approver.goto(base + URL)
    approver.get_by_role("button", name="Skicka in till länsstyrelsen").click()
    approver.wait_for_load_state()
    assert "Svaret skickades in till länsstyrelsen" in approver.content()

    # Bengt, the county reviewer, returns two questions with comments.
    reviewer = new_page(browser)
    login(reviewer, base, "bengt")
    reviewer.goto(base + URL + "review/")
    assert_no_axe_violations(reviewer)
    reviewer.get_by_label("Kommentar till kommunen").fill("Två svar behöver kompletteras.")
    reviewer.locator('[id="ret-KON_PLAN.hemtjanst"]').check()
    reviewer.locator('[id="note-KON_PLAN.hemtjanst"]').fill("Stämmer det att planen saknas?")
    reviewer.locator('[id="ret-UTB_EXERCISES"]').check()
    reviewer.locator('[id="note-UTB_EXERCISES"]').fill("Räkna med övningen i mars.")
    reviewer.get_by_role("button", name="Återsänd de valda frågorna").click()
    reviewer.wait_for_load_state()
    assert Response.objects.get(municipality__code="0380", round__year=2025).status == "returned"

    # Anna sees the comments; only the two returned questions are open.
    page.goto(base + URL)
    assert "Stämmer det att planen saknas?" in page.content()
    assert page.locator('[id="f-KON_PLAN.sabo"]').count() == 0
    assert_no_axe_violations(page)
    choose(page, "f-KON_PLAN.hemtjanst", "KON_PLAN.hemtjanst", "A")  # Arbete pågår
    page.goto(base + URL + "?area=H")
    focus(page, "f-UTB_EXERCISES")
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    wait_saved(page, "UTB_EXERCISES")

    approver.goto(base + URL)
    approver.get_by_role("button", name="Skicka in till länsstyrelsen").click()
    approver.wait_for_load_state()
    reviewer.goto(base + URL + "review/")
    reviewer.get_by_role("button", name="Godkänn svaret").click()
    reviewer.wait_for_load_state()
    assert "Svaret godkändes och är nu låst" in reviewer.content()
    response = Response.objects.get(municipality__code="0380", round__year=2025)
    assert response.status == "approved"
    assert Answer.objects.get(response=response, question__code="UTB_EXERCISES").value == 3
    assert AnswerRevision.objects.filter(answer__response=response).count() == 7  # 5 + 2 fixes
    for label in (
        "Inskickad till länsstyrelsen",
        "Återsänd för komplettering",
        "Inskickad igen",
        "Godkänd",
    ):
        assert label in reviewer.content()


def test_a_validation_error_appears_next_to_the_field_as_you_type(
    live_server, browser, survey_round, anna
):
    page = new_page(browser)
    login(page, live_server.url, "anna")
    page.goto(live_server.url + URL + "?area=H")
    focus(page, "f-UTB_EXERCISES")
    page.keyboard.type("två")
    page.keyboard.press("Tab")
    error = page.locator("#UTB_EXERCISES-error")
    error.wait_for()
    assert "måste vara ett tal" in error.inner_text()
    assert page.locator("#f-UTB_EXERCISES").get_attribute("aria-invalid") == "true"
    assert_no_axe_violations(page)


def test_a_comment_opens_in_place_and_is_saved_as_you_go(live_server, browser, survey_round, anna):
    base = live_server.url
    page = new_page(browser)
    login(page, base, "anna")
    page.goto(base + URL)
    choose(page, "f-KON_PLAN.sabo", "KON_PLAN.sabo", "J")
    page.locator('[id="slot-KON_PLAN.sabo"] a.more').click()
    comment = page.locator('[id="f-KON_PLAN.sabo-comment"]')
    comment.fill("Beslutad i nämnden")
    # "Sparat" already shows from the choice: wait for the comment's own save to answer.
    with page.expect_response(lambda response: response.request.method == "POST"):
        comment.press("Tab")
    wait_saved(page, "KON_PLAN.sabo")
    assert_no_axe_violations(page)
    saved = Answer.objects.get(question__code="KON_PLAN", activity_code="sabo")
    assert (saved.value, saved.comment) == ("ja", "Beslutad i nämnden")
    page.goto(base + URL + "answers/KON_PLAN.sabo/")  # the answer's own page, as without JS
    assert page.locator('[id="f-KON_PLAN.sabo-comment"]').input_value() == "Beslutad i nämnden"
    assert_no_axe_violations(page)
    assert page.errors == []
