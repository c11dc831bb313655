"""The shell in a real browser: keyboard use, language switch, and no axe violations.

Drives Debian Chromium (/usr/bin/chromium) through Playwright; skips with a reason
when Chromium is not installed (`.ci/run` installs it).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]

PASSWORD = "correct horse battery staple"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    yield page
    context.close()


def assert_no_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def tab_until(page, predicate, limit=40):
    """Press Tab until the focused element satisfies `predicate` (a JS expression)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        script = f"(() => {{ const el = document.activeElement; return {predicate}; }})()"
        if page.evaluate(script):
            return
    raise AssertionError(f"keyboard focus never reached: {predicate}")


def test_a_respondent_uses_the_shell_by_keyboard_in_both_languages(live_server, page, anna):
    page.goto(live_server.url + "/")
    assert_no_axe_violations(page)

    # The first Tab reaches the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Sign in with the keyboard only.
    tab_until(page, "el.textContent.trim() === 'Logga in'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/**")
    assert_no_axe_violations(page)
    tab_until(page, "el.name === 'username'")
    page.keyboard.type("anna")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    assert "Inloggad som Anna" in page.content()
    assert_no_axe_violations(page)

    # Through the navigation to her municipality.
    tab_until(page, "el.getAttribute('href') === '/municipalities/0380/'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/municipalities/0380/")
    assert page.locator("h1").inner_text() == "Uppsala"
    assert_no_axe_violations(page)

    # Switch language with the keyboard: focus the select, choose English, submit.
    tab_until(page, "el.id === 'language-select'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.url.endswith("/municipalities/0380/")
    assert page.errors == []


def test_the_404_page_has_no_axe_violations(live_server, page, reference):
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Sidan hittades inte"
    assert_no_axe_violations(page)


def test_another_municipality_is_not_found_in_the_browser(live_server, page, cecilia):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Användarnamn").fill("cecilia")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/")
    response = page.goto(live_server.url + "/municipalities/0380/")
    assert response.status == 404
