"""The web shell: start page by role, language switch, error pages, security headers."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_anonymous_start_page_explains_and_offers_sign_in(client, reference):
    page = client.get("/").content.decode()
    assert 'lang="sv"' in page
    assert 'href="/accounts/login/"' in page
    assert "290" in page


def test_the_shell_has_skip_link_landmarks_and_one_h1(client, reference):
    page = client.get("/").content.decode()
    assert 'class="skip-link" href="#main"' in page
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in page
    assert page.count("<h1") == 1


@pytest.mark.parametrize(
    "who, expected, absent",
    [
        ("anna", ["/municipalities/0380/", "respondent"], ["/counties/"]),
        ("alva", ["/municipalities/0380/", "godkännare"], ["/counties/03/"]),
        ("bengt", ["/counties/03/", "granska"], ["/municipalities/0380/"]),
        ("karl", ["/counties/07/", "nationell samordnare"], ["/municipalities/"]),
        ("nadia", ["/counties/", "nationell analytiker"], []),
        ("olle", ["ingen roll"], ["/municipalities/", "/counties/"]),
    ],
)
def test_start_page_tells_each_role_what_to_do_next(client, cast, who, expected, absent):
    client.force_login(cast[who])
    page = client.get("/").content.decode()
    for text in expected:
        assert text in page, text
    for text in absent:
        assert text not in page, text


def test_language_switch_turns_the_interface_english(client, anna):
    client.force_login(anna)
    assert "Logga ut" in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()
    assert 'lang="en"' in page
    assert "Sign out" in page
    assert "What you can do next" in page


def test_unknown_page_is_a_swedish_404_in_the_shell(client, reference):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Sidan hittades inte" in page
    assert 'href="#main"' in page


def test_403_page_explains(client, anna):
    client.force_login(anna)
    response = client.get("/counties/")
    assert response.status_code == 403
    assert "Din roll" in response.content.decode()


def test_500_page_renders_without_request_context():
    page = render_to_string("500.html")
    assert "Något gick fel" in page


def test_content_security_policy_is_on_with_a_nonce_for_htmx(client, reference):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "default-src 'self'" in policy
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "htmx" in response.content.decode()


def test_password_reset_sends_a_working_link(client, anna):
    response = client.post("/accounts/password-reset/", {"email": "anna@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    new = "a-brand-new-passphrase-2026"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert done.status_code == 200
    anna.refresh_from_db()
    assert anna.check_password(new)


def test_password_reset_for_unknown_address_reveals_nothing(client, reference):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_health_check_answers(client, reference):
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_interface_is_swedish_whatever_the_browser_prefers(client, reference):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="sv"' in page
    assert "Logga in" in page


def test_an_unknown_language_cookie_falls_back_to_swedish(client, reference):
    client.cookies["django_language"] = "xx"
    assert 'lang="sv"' in client.get("/").content.decode()
