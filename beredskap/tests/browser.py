"""Shared plumbing for browser tests: Debian Chromium through Playwright, and axe-core."""

from pathlib import Path

import pytest

from .cast import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed"),
]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def assert_no_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def axe_violations(page) -> list[str]:
    """Each axe violation on the page in one line: rule, impact, help, and where."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for violation in Axe().run(page).response["violations"]:
        where = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {where}")
    return found


def tab_until(page, predicate, limit=40):
    """Press Tab until the focused element satisfies `predicate` (a JS expression)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        script = f"(() => {{ const el = document.activeElement; return {predicate}; }})()"
        if page.evaluate(script):
            return
    raise AssertionError(f"keyboard focus never reached: {predicate}")


def login(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(base_url + "/")


def new_page(browser):
    """A page in a fresh Swedish context that records console errors in `page.errors`."""
    page = browser.new_context(locale="sv-SE").new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    return page
