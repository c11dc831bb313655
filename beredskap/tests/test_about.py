"""The pages about the service (help per role, accessibility statement, contact) and the API
documentation page: open to everyone, linked from every page's footer, in both languages."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

FOOTER = ["/help/", "/accessibility/", "/contact/", "/api/v1/docs"]


def test_every_page_links_the_pages_about_the_service_from_its_footer(client, anna):
    for signed_in in (False, True):
        if signed_in:
            client.force_login(anna)
        page = client.get("/").content.decode()
        footer = page[page.index('<footer class="site-footer">') :]
        for url in FOOTER:
            assert f'href="{url}"' in footer
        assert ('href="/accounts/password-change/"' in page) is signed_in


def test_each_role_has_a_help_page_and_the_index_links_them(client, reference):
    index = client.get("/help/").content.decode()
    for role in ("respondent", "reviewer", "coordinator", "analyst"):
        assert f'href="/help/{role}/"' in index
        page = client.get(f"/help/{role}/")
        assert page.status_code == 200 and "Vad du gör, och när" in page.content.decode()
    assert client.get("/help/olle/").status_code == 404


@override_settings(CONTACT_EMAIL="beredskap@example.org")
def test_the_accessibility_statement_has_digg_s_parts(client, reference):
    page = client.get("/accessibility/").content.decode()
    for part in (
        "lag 2018:1937",
        "delvis förenlig",
        "Innehåll som inte är tillgängligt",
        "Rapportera brister",
        "https://www.digg.se/tdosanmalan",
        "Hur vi testat tjänsten",
        'datetime="2026-12-05"',
        "mailto:beredskap@example.org",
    ):
        assert part in page, part
    assert "mailto:beredskap@example.org" in client.get("/contact/").content.decode()


def test_the_pages_are_in_english_when_asked(client, reference, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/accessibility/").content.decode()
    assert "partially compliant" in page


def test_the_api_docs_page_lists_every_operation_from_the_schema(client, reference):
    page = client.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "text/html" in page["Content-Type"]
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method in methods:
            assert (
                f'<span class="method">{method.upper()}</span> <code class="path">{path}</code>'
                in html
            )
    assert "kräver en personlig API-nyckel" in html  # the answers API needs a token
    assert client.get("/api/v1/swagger").status_code == 200  # still there for trying calls
