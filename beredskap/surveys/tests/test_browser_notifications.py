"""In Chromium: Bengt returns a question of Anna's response; Anna is told in the app and
by e-mail, with the question named, and reads it; the pages pass axe."""

from django.core import mail

from beredskap.surveys import services
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page

from .conftest import complete

pytestmark = BROWSER_MARKS

URL = "/surveys/2025/0380/"
QUESTION = "Finns en aktuell kontinuitetsplan? – Hemtjänst"


def test_a_return_notifies_anna_with_the_question_named(
    live_server, browser, uppsala, anna, alva, bengt
):
    base = live_server.url
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    mail.outbox.clear()

    reviewer = new_page(browser)
    login(reviewer, base, "bengt")
    reviewer.goto(base + URL + "review/")
    reviewer.get_by_label("Kommentar till kommunen").fill("En fråga behöver kompletteras.")
    reviewer.locator('[id="ret-KON_PLAN.hemtjanst"]').check()
    reviewer.locator('[id="note-KON_PLAN.hemtjanst"]').fill("Stämmer det att planen finns?")
    reviewer.get_by_role("button", name="Återsänd de valda frågorna").click()
    reviewer.wait_for_load_state()

    # The e-mail names the question (alva, the approver, gets one too).
    to_anna = [m for m in mail.outbox if m.to == ["anna@example.org"]]
    assert len(to_anna) == 1 and len(mail.outbox) == 2
    assert QUESTION in to_anna[0].body
    assert "Stämmer det att planen finns?" in to_anna[0].body

    page = new_page(browser)
    login(page, base, "anna")
    link = page.get_by_role("link", name="Aviseringar, 1 oläst")
    link.click()
    page.wait_for_url(base + "/notifications/")
    item = page.locator(".notification").first
    assert "Enkät 2025 – Uppsala: frågor återsända för komplettering" in item.inner_text()
    assert QUESTION in item.inner_text()
    assert_no_axe_violations(page)

    # Opening it reads it and leads to the response, which says who submits.
    page.get_by_role(
        "link", name="Enkät 2025 – Uppsala: frågor återsända för komplettering"
    ).click()
    page.wait_for_url(base + URL)
    assert "Rätta de återsända frågorna. Du kan inte själv skicka in svaret." in page.content()
    assert page.get_by_role("link", name="Aviseringar", exact=True).count() == 1
    assert_no_axe_violations(page)

    page.goto(base + "/notifications/settings/")
    assert_no_axe_violations(page)
    page.get_by_label("ett svar återsänds för komplettering").uncheck()
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert "Dina val sparades." in page.content()
    assert not page.get_by_label("ett svar återsänds för komplettering").is_checked()
    assert page.errors == []
