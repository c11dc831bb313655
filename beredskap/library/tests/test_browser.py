"""In Chromium: nadia finds the library in the menu, searches it, edits an item and the
edit appears in the Atom feed; the list, an item and the form pass axe."""

import xml.etree.ElementTree as ET

from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page

pytestmark = BROWSER_MARKS

ATOM = "{http://www.w3.org/2005/Atom}"


def test_nadia_edits_a_library_item_and_it_appears_in_the_feed(live_server, browser, library):
    base = live_server.url
    page = new_page(browser)
    login(page, base, "nadia")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Kunskapsbibliotek"
    ).click()
    page.wait_for_url(base + "/library/")
    assert_no_axe_violations(page)

    page.get_by_label("Ämne").select_option("continuity")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_url("**/library/?*")
    titles = page.locator(".library-item h3").all_inner_texts()
    assert titles == ["Artikel kontinuitetsplan", "MSB om kontinuitet"]

    page.get_by_role("link", name="MSB om kontinuitet").click()
    page.wait_for_url(base + "/library/msb-lank/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Redigera objektet").click()
    page.wait_for_url(base + "/library/msb-lank/edit/")
    assert_no_axe_violations(page)
    page.get_by_label("Titel (svenska)").fill("MSB:s stöd för kontinuitetshantering")
    page.get_by_label("Vad som ändrades").fill("Tydligare rubrik")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(base + "/library/msb-lank/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "MSB:s stöd för kontinuitetshantering"
    )
    assert "reviderat av Nadia: Tydligare rubrik" in page.locator("#revisions").inner_text()
    assert_no_axe_violations(page)

    feed = page.request.get(base + "/library/feed.xml")
    assert feed.ok
    entries = ET.fromstring(feed.body()).findall(f"{ATOM}entry")
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == "Reviderad: MSB:s stöd för kontinuitetshantering"
    assert newest.find(f"{ATOM}link").get("href").endswith("/library/msb-lank/#revision-2")
    assert not page.errors
