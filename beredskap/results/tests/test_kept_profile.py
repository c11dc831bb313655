"""The municipality page's profile kept in the shared cache (`results.fragments`): a reload
reads no values, a write of values shows at once, and nobody gets another viewer's or
another language's HTML.

Runs on the small test edition: KON01 (yes/no, public, two activities) and KON02 (a share,
aggregate-only: municipality values only for the municipality, its county board and
Socialstyrelsen).
"""

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from beredskap.registry.access import ValueViewer
from beredskap.results import fragments, services
from beredskap.surveys.models import Response
from beredskap.surveys.tests.conftest import answer, complete
from beredskap.tests.cast import stand_in

from ..models import Value

pytestmark = pytest.mark.django_db

ENKOPING = "/results/2025/municipalities/0381/"
TIERP = "/results/2025/municipalities/0360/"
#: A cache of this process standing in for Redis, which every app server shares.
SHARED = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "results-kept-profile-tests",
}


@pytest.fixture
def shared(settings):
    settings.CACHES = {**django_settings.CACHES, "shared": SHARED}
    settings.RESULTS_CACHE = "shared"
    store = caches["shared"]
    store.clear()
    yield store
    store.clear()


def _answer(code: str, *, plan: str, units: dict, status: str, version: int = 0) -> Response:
    """The municipality's answers (`version`: of the answers they replace), then `status`."""
    response = Response.objects.get(round__year=2025, municipality__code=code)
    Response.objects.filter(pk=response.pk).update(status=Response.Status.DRAFT)
    response.refresh_from_db()
    by = stand_in("respondent", municipality=code)
    for activity in ("sabo", "hemtjanst"):
        answer(response, "KON_PLAN", activity, plan, by, version)
    answer(response, "KON_UNITS", "", units, by, version)
    Response.objects.filter(pk=response.pk).update(
        status=status, first_submitted_at=timezone.now()
    )
    return response


@pytest.fixture
def results(survey_round, uppsala, anna):
    """Uppsala approved (plan in place, 3 of 4 units), Enköping approved (no plan, 1 of 4),
    Tierp submitted but not approved (plan in place, 4 of 4)."""
    complete(uppsala, anna)
    Response.objects.filter(pk=uppsala.pk).update(
        status="approved", first_submitted_at=timezone.now()
    )
    _answer("0381", plan="nej", units={"numerator": 1, "denominator": 4}, status="approved")
    _answer("0360", plan="ja", units={"numerator": 4, "denominator": 4}, status="submitted")
    for basis in Value.Basis.values:
        services.compute_round(survey_round=survey_round, basis=basis)
    return survey_round


def _load(client, url: str, **query) -> tuple[str, list[str]]:
    """The page's main content (the header's nonces and tokens change every request) and
    the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    return main, [q["sql"] for q in queries.captured_queries]


def _reads_values(queries: list[str]) -> bool:
    return any('FROM "results_value"' in sql and "EXISTS" not in sql for sql in queries)


def _row(html: str, code: str) -> str:
    """The profile table's row of the indicator `code`."""
    start = html.index(f">{code}</a> ", html.index('<table class="profile">'))
    return html[start : html.index("</tr>", start)]


def test_a_reload_takes_the_profile_from_the_shared_cache(client, results, bengt, shared):
    client.force_login(bengt)
    first, cold = _load(client, ENKOPING)
    second, warm = _load(client, ENKOPING)
    assert second == first
    assert _reads_values(cold) and not _reads_values(warm)
    # The profile's 13 reads are gone: the SKR group, the edition's stamp, the indicator
    # versions and their activities (read once a process: `queries/editions.py`), the four
    # units' cells, the group's members and their cells, the activities' cells and names,
    # the editions' stamps and the revision history (once a process too), the trends and
    # the guidance.
    assert len(cold) - len(warm) == 13, (len(cold), warm)
    # What is read on every request: the session, the user and the user's grants, the
    # round, the years with results, the municipality, the other sources' needs (the
    # registers and the counties), the header's unread count.
    assert len(warm) <= 9, warm
    # Another basis is another page.
    preliminary, queries = _load(client, ENKOPING, basis="preliminary")
    assert _reads_values(queries) and "Preliminärt" in preliminary


def test_the_page_is_whole_around_the_kept_profile(client, results, anna, shared):
    client.force_login(anna)
    for html, _queries in (_load(client, ENKOPING), _load(client, ENKOPING)):
        order = ["<h1>", '<dl class="facts">', "Län", "SKR-grupp", "</dl>", '"needs-heading"']
        order += ["</section>", '<table class="profile">']
        assert [html.index(part) for part in order] == sorted(html.index(p) for p in order)
        assert "Ej uppfyllt" in _row(html, "KON01")  # Enköping has no plan
        assert "KON02" not in html  # aggregate-only, and Enköping is not Anna's


def test_an_approval_shows_on_the_next_load(
    client, results, bengt, shared, django_capture_on_commit_callbacks
):
    """The reviewer waiting for the approval sees it on the next load: the recompute it
    queues ends the kept page when it commits."""
    client.force_login(bengt)
    before, _ = _load(client, TIERP)
    assert "Uppfyllt" not in _row(before, "KON01")  # submitted: no approved value yet
    _load(client, TIERP)
    with django_capture_on_commit_callbacks(execute=True):
        approved = client.post(reverse("surveys:approve", kwargs={"year": 2025, "code": "0360"}))
    assert approved.status_code == 302
    assert Response.objects.get(municipality__code="0360").status == "approved"
    after, queries = _load(client, TIERP)
    assert "Uppfyllt" in _row(after, "KON01") and "100 %" in _row(after, "KON02")
    assert _reads_values(queries)


def test_a_full_recompute_shows_on_the_next_load(
    client, results, bengt, shared, django_capture_on_commit_callbacks
):
    client.force_login(bengt)
    before, _ = _load(client, ENKOPING)
    assert "25 %" in _row(before, "KON02")
    changed = {"numerator": 3, "denominator": 4}
    _answer("0381", plan="ja", units=changed, status="approved", version=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.compute_round(survey_round=results)
    after, queries = _load(client, ENKOPING)
    assert "75 %" in _row(after, "KON02") and "25 %" not in _row(after, "KON02")
    assert _reads_values(queries)


def test_a_recompute_that_changes_nothing_keeps_the_page(
    client, results, bengt, shared, django_capture_on_commit_callbacks
):
    client.force_login(bengt)
    _load(client, ENKOPING)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.compute_round(survey_round=results).written == 0
    _html, queries = _load(client, ENKOPING)
    assert not _reads_values(queries)


@pytest.mark.parametrize("insider", ["bengt", "cecilia", "nadia"])
def test_an_outsider_never_gets_an_insiders_profile(
    client, results, greta, shared, request, insider
):
    """Enköping's KON02 value (aggregate-only) is for Enköping, its county board
    (Uppsala) and Socialstyrelsen; Greta reviews Gotland's answers."""
    client.force_login(request.getfixturevalue(insider))
    seen, _ = _load(client, ENKOPING)
    assert "25 %" in _row(seen, "KON02")
    client.logout()
    client.force_login(greta)
    outside, queries = _load(client, ENKOPING)
    assert "KON02" not in outside and "25 %" not in outside
    assert _reads_values(queries)  # not the insider's page
    again, queries = _load(client, ENKOPING)
    assert again == outside and not _reads_values(queries)  # her own page is kept


def test_english_and_swedish_are_kept_apart(client, results, bengt, shared):
    client.force_login(bengt)
    swedish, _ = _load(client, ENKOPING)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english, queries = _load(client, ENKOPING)
    assert "Not met" in _row(english, "KON01") and "Support needs" in english
    assert "Ej uppfyllt" not in english and "Stödbehov" not in english
    assert _reads_values(queries)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "sv"
    again, queries = _load(client, ENKOPING)
    assert again == swedish and not _reads_values(queries)
    assert "Ej uppfyllt" in _row(again, "KON01") and "Not met" not in again


def test_without_a_shared_cache_nothing_is_kept(client, results, bengt, settings):
    settings.RESULTS_CACHE = ""
    client.force_login(bengt)
    first, cold = _load(client, ENKOPING)
    second, warm = _load(client, ENKOPING)
    assert second == first
    # Drawn again: every read but the indicator versions, their activities and their
    # history, which this process keeps per edition (`queries/editions.py`).
    assert len(warm) == len(cold) - 3 and _reads_values(warm)


def test_new_guidance_shows_on_the_next_load(
    client, results, bengt, nadia, shared, django_capture_on_commit_callbacks
):
    """The support needs link to library items: an item saved ends the kept pages."""
    from beredskap.library import services as library

    client.force_login(bengt)
    _load(client, ENKOPING)
    data = {"kind": "link", "title_en": "Support", "url": "https://example.org/stod"}
    with django_capture_on_commit_callbacks(execute=True):
        library.create_item(
            data=data
            | {"slug": "kon-stod", "title_sv": "Stöd för planen", "indicators": ["KON01"]},
            by=nadia,
        )
    html, queries = _load(client, ENKOPING)
    assert '<a href="/library/kon-stod/">Stöd för planen</a>' in html
    assert _reads_values(queries)


def test_every_field_of_the_viewer_is_in_the_key():
    viewers = [
        ValueViewer(),
        ValueViewer(analyst=True),
        ValueViewer(own=frozenset({"0381"})),
        ValueViewer(boards=frozenset({"03"})),
        ValueViewer(reviewed=frozenset({"03"})),
        ValueViewer(boards=frozenset({"03"}), reviewed=frozenset({"03"})),
    ]
    assert len({fragments.viewer_key(v) for v in viewers}) == len(viewers)
    # Sets are sorted: the same viewer has the same key in every process.
    assert fragments.viewer_key(ValueViewer(boards=frozenset({"03", "09", "12"}))) == (
        ("analyst", False),
        ("own", ()),
        ("boards", ("03", "09", "12")),
        ("reviewed", ()),
    )
