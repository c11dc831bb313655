"""The results pages on the demo data: every page renders, the series break shows.

The demo is generated once for this module inside a transaction that is rolled back
afterwards (as in demo/tests/test_demo_surveys.py).
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings

from beredskap.registry.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("demo", "--no-serve", stdout=StringIO())
        connection.check_constraints()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def as_user(client, demo):
    def sign_in(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return sign_in


@pytest.mark.parametrize("username", ["nadia", "bengt", "anna"])
@pytest.mark.parametrize(
    "url",
    [
        "/results/2025/",
        "/results/2025/?area=B&county=03",
        "/results/2025/municipalities/0380/",
        "/results/2025/indicators/KON01/",
        "/results/2025/indicators/SAR01/?activity=sabo&unit=0380",
        "/results/2025/counties/03/",
    ],
)
def test_every_results_page_renders_for_the_demo(as_user, username, url):
    response = as_user(username).get(url)
    assert response.status_code == 200
    assert b"<table" in response.content


def test_the_continuity_plan_trend_breaks_between_2023_and_2024(as_user):
    html = as_user("nadia").get("/results/2025/indicators/KON01/").content.decode()
    chart = html[html.index('<figure class="chart trend">') : html.index("</figure>")]
    # Two separate lines for Sweden (2023 alone, then 2024-2025) and a marked break.
    assert chart.count("<polyline") == 2
    assert '<line class="break"' in chart and "seriebrott" in chart
    table = html[html.index('class="trend-table"') :]
    table = table[: table.index("</table>")]
    assert "seriebrott" in table
    assert html.count('class="break-note"') == 1


def test_a_comparable_indicator_has_one_unbroken_line(as_user):
    html = as_user("nadia").get("/results/2025/indicators/SAR01/").content.decode()
    chart = html[html.index('<figure class="chart trend">') : html.index("</figure>")]
    assert chart.count("<polyline") == 1 and 'class="break"' not in chart


def test_the_municipality_profile_lists_support_needs_with_guidance(as_user):
    html = as_user("anna").get("/results/2025/municipalities/0380/").content.decode()
    needs = html[html.index('id="needs-heading"') :]
    needs = needs[: needs.index("</section>")]
    assert "<ol" in needs and 'href="/library/' in needs  # the library's items
