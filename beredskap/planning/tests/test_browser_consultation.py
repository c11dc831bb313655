"""The consultation story in Chromium with axe: nadia opens it, bengt answers for
Länsstyrelsen i Uppsala län and submits, the deadline passes, nadia writes dispositions,
downloads the compilation PDF (read back) and adopts; the public pages show the version."""

import io
import re

import pypdfium2

from beredskap.planning import consultation as consulting
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login

from .conftest import pass_deadline

pytestmark = BROWSER_MARKS


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in document))


def test_the_consultation_story(live_server, page, draft, direction, nadia, bengt):
    base = live_server.url
    login(page, base, "nadia")
    page.goto(base + "/planning/2027.1/")
    page.get_by_role("link", name="Skicka på remiss").click()
    page.wait_for_url("**/planning/2027.1/consultation/open/")
    assert_no_axe_violations(page)
    assert page.get_by_label("Länsstyrelsen i Uppsala län").is_checked()
    assert page.get_by_label("Myndigheten för civilt försvar").is_checked()
    page.get_by_role("button", name="Öppna remissen").click()
    page.wait_for_url("**/planning/2027.1/consultation/")
    assert "0 av 25 organisationer" in page.locator("#submitted-count").inner_text()
    assert_no_axe_violations(page)
    page.context.clear_cookies()

    login(page, base, "bengt")
    page.get_by_role("link", name=re.compile("Planeringsinriktning 2027.1 – svara för")).click()
    page.wait_for_url("**/consultation/answers/*/")
    assert_no_axe_violations(page)
    form = page.locator("#form-GA_POWER")
    form.get_by_label("Instämmer inte").check()
    form.get_by_label("Kommentar om GA_POWER").fill("Planera för två veckor utan el.")
    form.get_by_role("button", name="Spara svaret på GA_POWER").click()
    page.wait_for_load_state()
    form = page.locator("#form-UP_RESPONSIBILITY")
    form.get_by_label("Instämmer med ändringar").check()
    form.get_by_label("Kommentar om UP_RESPONSIBILITY").fill("Nämn länsstyrelsens roll.")
    form.get_by_role("button", name="Spara svaret på UP_RESPONSIBILITY").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Skicka in svaren till Socialstyrelsen").click()
    page.wait_for_load_state()
    assert "Inskickat" in page.locator("#answers-status").inner_text()
    assert_no_axe_violations(page)
    page.context.clear_cookies()

    pass_deadline(draft.consultation)
    login(page, base, "nadia")
    page.goto(base + "/planning/2027.1/consultation/dispositions/")
    assert_no_axe_violations(page)
    for code, decision, reason in (
        ("GA_POWER", "Delvis godkänd", "Två veckor blir ett scenario."),
        ("UP_RESPONSIBILITY", "Godkänd", "Länsstyrelsens roll nämns."),
    ):
        name = f"Beslut om synpunkten från Länsstyrelsen i Uppsala län på {code}"
        group = page.get_by_role("group", name=name)
        group.get_by_label(decision, exact=True).check()
        form = page.locator("form", has=group)
        form.get_by_label("Orsak").fill(reason)
        form.get_by_role("button").click()
        page.wait_for_load_state()
    page.goto(base + "/planning/2027.1/consultation/compilation/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Skapa pdf och kalkylblad").click()
    page.wait_for_url("**/consultation/compilation/*/")
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.locator("#download-pdf").click()
    text = _pdf_text(download.value.path().read_bytes())
    for item in consulting.items_of(draft):
        assert item.code in text, item.code
    for disposition in (
        "Delvisgodkänd:Tvåveckorblirettscenario.",
        "Godkänd:Länsstyrelsensrollnämns.",
    ):
        assert disposition in text
    page.goto(base + "/planning/2027.1/consultation/")
    page.get_by_role("button", name="Fastställ version 2027.1").click()
    page.wait_for_url("**/planning/2027.1/")
    page.context.clear_cookies()

    page.goto(base + "/planning/")
    page.get_by_role("link", name="2027.1").click()
    page.wait_for_url("**/planning/2027.1/")
    page.get_by_role("link", name="Vad som har ändrats från 2026.1 till 2027.1").click()
    page.wait_for_url("**/planning/2026.1/diff/2027.1/")
    assert_no_axe_violations(page)
    assert page.errors == []
