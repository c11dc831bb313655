"""The shell in a real browser: keyboard use, language switch, and no axe violations.

Drives Debian Chromium (/usr/bin/chromium) through Playwright; skips with a reason
when Chromium is not installed (`.ci/run` installs it).
"""

from .browser import BROWSER_MARKS, PASSWORD, assert_no_axe_violations, tab_until

pytestmark = BROWSER_MARKS


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


def test_at_phone_width_the_menu_folds_and_a_wide_table_scrolls_in_its_own_region(
    live_server, page, survey_round, bengt
):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Användarnamn").fill("bengt")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/")

    # The main menu folds behind a button that says whether it is open.
    menu = page.get_by_role("button", name="Meny")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("link", name="Kartläggningar").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    page.get_by_role("link", name="Kartläggningar").click()

    # The status board's table scrolls inside a named, focusable region with a visible cue.
    page.goto(live_server.url + "/surveys/2025/board/")
    region = page.locator(".table-scroll").first
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label") or region.get_attribute("aria-labelledby")
    assert page.get_by_text(
        "Svep eller rulla i sidled för att se fler kolumner"
    ).first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    region.focus()
    page.keyboard.press("ArrowRight")
    for _ in range(50):  # keyboard scrolling may be smooth: poll (CSP forbids wait_for_function)
        if page.evaluate("document.querySelector('.table-scroll').scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    assert page.evaluate("document.querySelector('.table-scroll').scrollLeft") > 0
    assert_no_axe_violations(page)
    assert page.errors == []
