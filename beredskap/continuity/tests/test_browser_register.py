"""In Chromium: anna registers a unit with two functions and their reserves and uploads a
plan; bengt verifies the plan; nadia sees the verified share. Every page passes axe."""

from django.core.files.uploadedfile import SimpleUploadedFile

from beredskap.continuity import services
from beredskap.continuity.models import ContinuityPlan, Dependency
from beredskap.registry.models import Municipality
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page
from beredskap.tests.cast import stand_in

from .factories import ALL_ELEMENTS, tiny_pdf

pytestmark = BROWSER_MARKS


def _add_function(page, name: str, hours: str) -> None:
    page.get_by_role("link", name="Lägg till samhällsviktig funktion").click()
    page.get_by_label("Samhällsviktig funktion").fill(name)
    page.get_by_label("Längsta tålbara avbrott (timmar)").fill(hours)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()


def _add_dependency(page, function: str, category: str, reserve: str, unit: str) -> None:
    page.get_by_role("link", name=f"Lägg till beroende – {function}").click()
    page.get_by_label("Beroende av").select_option(label=category)
    page.get_by_label("Reserv", exact=True).fill(reserve)
    page.get_by_label("Reserven anges i").select_option(value=unit)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()


def test_register_plan_verification_and_shares(
    live_server, browser, edition, anna, bengt, nadia, tmp_path
):
    base = live_server.url
    page = new_page(browser)
    login(page, base, "anna")
    page.get_by_role("link", name="Kontinuitet", exact=True).click()
    page.wait_for_url(base + "/continuity/0380/")
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Lägg till verksamhetsställe").click()
    page.get_by_label("Verksamhetsställets namn").fill("HVB Björken")
    page.get_by_label("Verksamhet", exact=True).select_option(label="Särskilt boende för äldre")
    page.get_by_label("Egen regi").check()
    page.get_by_label("Antal personer som får insatser").fill("9")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="HVB Björken").is_visible()

    _add_function(page, "Uppvärmning av lokaler", "4")
    _add_function(page, "Läkemedelsutdelning", "8")
    _add_dependency(page, "Uppvärmning av lokaler", "El", "12", "hours")
    _add_dependency(page, "Läkemedelsutdelning", "Läkemedel och sjukvårdsprodukter", "7", "days")
    assert "7 dagar" in page.content() and "12 timmar" in page.content()
    assert Dependency.objects.get(category="medicines_supplies").reserve_hours == 168
    assert_no_axe_violations(page)

    plan_file = tmp_path / "kontinuitetsplan.pdf"
    plan_file.write_bytes(tiny_pdf())
    page.goto(base + "/continuity/0380/plans/new/")
    page.get_by_label("Titel", exact=True).fill("Kontinuitetsplan HVB Björken")
    page.get_by_label("Enhet", exact=True).select_option(label="HVB Björken")
    page.get_by_label("Dokument", exact=True).set_input_files(str(plan_file))
    for element in ("Reservrutin", "Återställningsrutin", "Återgångsrutin", "Kontaktuppgifter"):
        page.get_by_label(element, exact=True).check()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ladda upp").click()
    page.wait_for_url(base + "/continuity/0380/")
    assert "Inte granskad ännu" in page.locator("#plans").inner_text()

    reviewer = new_page(browser)
    login(reviewer, base, "bengt")
    reviewer.goto(base + "/continuity/")
    reviewer.get_by_role("link", name="Uppsala", exact=True).click()
    reviewer.get_by_role("link", name="Verifiera – Kontinuitetsplan HVB Björken").click()
    for element in ("Reservrutin finns", "Återställningsrutin finns", "Återgångsrutin finns",
                    "Kontaktuppgifter finns"):  # fmt: skip
        reviewer.get_by_label(element).check()
    reviewer.get_by_label("Verifierad", exact=True).check()
    reviewer.get_by_label("Anteckning").fill("Alla fyra delar finns i planen.")
    assert_no_axe_violations(reviewer)
    reviewer.get_by_role("button", name="Spara verifieringen").click()
    reviewer.wait_for_url(base + "/continuity/0380/")
    assert "Verifierad" in reviewer.locator("#plans").inner_text()
    assert ContinuityPlan.objects.get().latest_verification().verified

    for code, elements in (("0381", ALL_ELEMENTS), ("0360", {})):  # two more in the county
        services.upload_plan(
            municipality=Municipality.objects.get(code=code), title="Plan",
            by=stand_in("respondent", municipality=code),
            upload=SimpleUploadedFile("p.pdf", tiny_pdf()), **elements,
        )  # fmt: skip
    analyst = new_page(browser)
    login(analyst, base, "nadia")
    analyst.get_by_role("link", name="Kontinuitet", exact=True).click()
    analyst.wait_for_url(base + "/continuity/")
    uppsala_county = analyst.locator("#share-county-03").inner_text()
    assert "66,7 %" in uppsala_county and "33,3 %" in uppsala_county
    assert "33,3 %" in analyst.locator("#share-nation-0 .verified-share").inner_text()
    assert "Undertryckt" in analyst.locator("#share-county-09").inner_text() or not (
        analyst.locator("#share-county-09").count()
    )
    uppsala = analyst.locator("#registers").inner_text()
    assert "Uppsala" in uppsala
    assert_no_axe_violations(analyst)
