"""The start page's work lists in Chromium: no axe violations for a visitor and for each
role, with something in every list."""

import pytest
from django.utils import timezone

from beredskap.registry.models import County
from beredskap.reporting.models import CountyReport
from beredskap.surveys import services
from beredskap.surveys.tests.conftest import complete, slot

from .browser import BROWSER_MARKS, assert_no_axe_violations, login, new_page

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def test_every_roles_start_page_passes_axe(live_server, browser, cast, uppsala):
    complete(uppsala, cast["anna"])
    services.submit_response(response=uppsala, by=cast["alva"])
    services.return_response(
        response=uppsala, by=cast["bengt"], comment="", items=[(slot("KON_UNITS"), "Kolla")]
    )
    enkoping = uppsala.round.responses.get(municipality__code="0381")
    complete(enkoping, cast["cecilia"])
    CountyReport.objects.create(
        county=County.objects.get(code="09"),
        year=2025,
        status="submitted",
        revision=1,
        submitted_at=timezone.now(),
    )
    visitor = new_page(browser)
    visitor.goto(live_server.url + "/")
    assert visitor.locator("#public-links a").count() == 3
    assert_no_axe_violations(visitor)
    expected = {
        "anna": "#returned-0380",
        "bengt": "#reports-due li",
        "karl": "#reports-waiting li",
        "nadia": "#home-round-2025",
    }
    for who, selector in expected.items():
        page = new_page(browser)
        login(page, live_server.url, who)
        assert page.locator(selector).count() >= 1, who
        assert_no_axe_violations(page)
        assert page.errors == [], who
