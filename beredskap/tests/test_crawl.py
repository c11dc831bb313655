"""No dead ends, per role: a crawl in Chromium at 375 px from the home page (issue 13).

Each role starts at `/` and follows every same-site link it is shown (not signing out, the
admin, file downloads or forms). Every page must answer without 403, 404 or 500, have no
axe violation, log no console or CSP error, and not scroll sideways at phone width. A
failure lists each page with its problem, so a page added later names itself.

The data is a realistic round on the small test edition: Uppsala answered by anna,
submitted by alva and returned by bengt with one question to correct, Tierp submitted and
waiting for review, three municipalities approved, results computed and released (so the
public pages have content), a county report in draft, the national compilation and an entry
in the support log. Building it takes a few seconds; the crawl, most of the minute a role
takes, is axe.
"""

import datetime

import pytest
from django.utils import timezone

from beredskap.library import services as library
from beredskap.planning import services as planning
from beredskap.publication import services as publication
from beredskap.registry.models import County
from beredskap.reporting import services as reporting
from beredskap.results import services as results
from beredskap.results.models import Value
from beredskap.support import services as support
from beredskap.surveys.models import Response
from beredskap.surveys.services import workflow
from beredskap.surveys.tests.conftest import complete, slot

from .browser import BROWSER_MARKS, login, new_page
from .crawl import walk

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]


def _approve_directly(survey_round, code: str, by) -> None:
    response = Response.objects.get(round=survey_round, municipality__code=code)
    complete(response, by)
    Response.objects.filter(pk=response.pk).update(
        status=Response.Status.APPROVED, first_submitted_at=timezone.now()
    )


@pytest.fixture
def realistic_site(live_server, survey_round, uppsala, anna, alva, bengt, karl, nadia):
    """A round with answers in every state, results, a release and the county reports."""
    from beredskap.tests.cast import stand_in

    complete(uppsala, anna)
    planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml")  # the public pages
    workflow.submit_response(response=uppsala, by=alva)
    workflow.return_response(
        response=uppsala,
        by=bengt,
        comment="Komplettera planen för särskilt boende.",
        items=[(slot("KON_PLAN", "sabo"), "Gäller planen även nattetid?")],
    )
    for code in ("0381", "0180", "0184", "0360"):
        _approve_directly(survey_round, code, stand_in("respondent", municipality=code))
    tierp = Response.objects.get(round=survey_round, municipality__code="0360")
    Response.objects.filter(pk=tierp.pk).update(status=Response.Status.SUBMITTED)
    results.compute_round(survey_round=survey_round, basis=Value.Basis.PRELIMINARY, by=nadia)
    publication.release_round(survey_round=survey_round, notes="Första publiceringen", by=nadia)
    uppsala_county = County.objects.get(code="03")
    year = timezone.localdate().year
    reporting.county_report(uppsala_county, year, by=bengt)
    reporting.national_report(year, by=karl)
    support.create_activity(
        county=uppsala_county,
        by=bengt,
        held_on=datetime.date(2025, 2, 3),
        kind="exercise",
        title="Scenarioövning elavbrott",
        participants=12,
    )
    _exercise(stand_in("respondent", municipality="0381"))
    library.create_item(
        data={
            "slug": "kontinuitetsplan",
            "kind": "article",
            "title_sv": "Kontinuitetsplanen steg för steg",
            "title_en": "The continuity plan step by step",
            "body_sv": "Börja med de kritiska beroendena.\n\nÖva sedan reservrutinerna.",
            "topics": ["continuity"],
            "indicators": ["KON01"],
        },
        by=nadia,
    )
    return live_server.url


def _exercise(by) -> None:
    """Enköping's exercise with an anonymised lesson and an action past due (learning)."""
    from beredskap.catalogue.models import Area
    from beredskap.learning import exercise_services as exercises
    from beredskap.registry.models import Organisation

    exercise = exercises.create_exercise(
        organisation=Organisation.objects.get(name="Enköping kommun"),
        by=by,
        title="Elavbrott på boendet",
        kind="tabletop",
        held_on=datetime.date(2025, 10, 2),
    )
    observation = exercises.add_observation(
        exercise=exercise, by=by, category="improvement", area=Area.objects.first(), text="Ok."
    )
    exercises.set_sharing(observation=observation, by=by, sharing="anonymised", expected_version=1)
    exercises.add_action(
        exercise=exercise,
        by=by,
        description="Testa",
        owner="MAS",
        due_on=datetime.date(2025, 11, 1),
    )


#: Pages each role must reach by links alone, so that a crawl cut short cannot pass.
REACHES = {
    None: ["/comparisons/2025/", "/open-data/", "/api/v1/docs", "/library/kontinuitetsplan/"],
    "anna": ["/surveys/2025/0380/", "/accounts/password-change/", "/help/respondent/"],
    "alva": ["/surveys/2025/0380/", "/municipalities/0380/"],
    "bengt": ["/surveys/2025/0360/review/", "/support/03/", "/reports/03/2026/", "/lessons/"],
    "karl": ["/reports/national/2026/board/", "/counties/07/"],
    "nadia": ["/counties/", "/results/2025/", "/surveys/2025/board/", "/library/new/"],
}
ROLES = list(REACHES)


@pytest.mark.parametrize("username", ROLES, ids=[name or "public" for name in ROLES])
def test_every_page_a_role_can_reach_is_whole_at_phone_width(realistic_site, browser, username):
    page = new_page(browser)
    page.on("pageerror", lambda error: page.errors.append(f"uncaught: {error}"))
    if username:
        login(page, realistic_site, username)
    crawl = walk(page, realistic_site)
    page.context.close()
    missed = [path for path in REACHES[username] if realistic_site + path not in crawl.pages]
    assert not missed, f"{username or 'the public'} never reached {missed}: {crawl.report()}"
    if crawl.problems:
        pytest.fail(crawl.report(), pytrace=False)
