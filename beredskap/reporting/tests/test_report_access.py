"""Who may open and change the report pages, through the web client on every route.

Another county's report is a 404 on every route (page, actions, generations, files); the
coordinator reads sent county reports and changes none; a sent report is locked on every
route; roles without reports get 403 on the index and board and 404 on a report.
"""

import datetime

import pytest
from django.utils import timezone

from beredskap.registry.models import County
from beredskap.reporting import services
from beredskap.reporting.models import CountyReport, Generation, NationalReport

pytestmark = pytest.mark.django_db

ON_TIME = datetime.datetime(2025, 1, 20, 10, 0, tzinfo=datetime.UTC)
TEXTS = {
    "preparedness": "Läget i länet.",
    "support": "Stöd som getts.",
    "cooperation": "Samverkan.",
    "information": "Information till Socialstyrelsen.",
    "development": "Utvecklingsbehov.",
}
URL = "/reports/03/2024/"
NATIONAL = "/reports/national/2024/"
BOARD = "/reports/national/2024/board/"
COUNTY_POSTS = ["save/", "preview/", "submit/", "start/", "return/", "accept/"]


@pytest.fixture
def draft(reference, bengt):
    report = services.county_report(County.objects.get(code="03"), 2024, by=bengt)
    return services.save_county_report(report, by=bengt, version=1, **TEXTS)


@pytest.fixture
def submitted(draft, bengt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.submit_county_report(draft, by=bengt, now=ON_TIME)


@pytest.fixture
def preview(draft, bengt):
    return services.preview_report(draft, by=bengt)


@pytest.fixture
def national(karl):
    return services.national_report(2024, by=karl)


def state(report):
    """What must not change when a post is refused."""
    report = type(report).objects.get(pk=report.pk)
    texts = tuple(getattr(report, f) for f in (*TEXTS, "summary") if hasattr(report, f))
    return (report.status, report.version, report.revision, texts, Generation.objects.count())


def county_data(report, **texts):
    return {"version": report.version, **TEXTS, **texts, "confirm": "on", "comment": "x"}


def routes_of(generation):
    return [
        f"/reports/generations/{generation.pk}/",
        f"/reports/generations/{generation.pk}/pdf/",
        f"/reports/generations/{generation.pk}/xlsx/",
    ]


# --- anonymous -------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(client, submitted):
    generation = Generation.objects.get(county_report=submitted)
    for url in ["/reports/", URL, BOARD, NATIONAL, *routes_of(generation)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for action in COUNTY_POSTS:
        response = client.post(URL + action, county_data(submitted))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert CountyReport.objects.get().status == "submitted"


# --- the index and the board ----------------------------------------------------------------


@pytest.mark.parametrize(
    "who, index, board",
    [
        ("bengt", 200, 403),
        ("greta", 200, 403),
        ("karl", 200, 200),
        ("nadia", 403, 403),
        ("anna", 403, 403),
        ("alva", 403, 403),
        ("olle", 403, 403),
    ],
)
def test_who_opens_the_index_and_the_board(client, cast, who, index, board):
    client.force_login(cast[who])
    assert client.get("/reports/").status_code == index
    assert client.get(BOARD).status_code == board


def test_the_index_shows_a_reviewer_only_their_county(client, draft, greta, bengt):
    client.force_login(greta)
    page = client.get("/reports/").content.decode()
    assert URL not in page and 'id="start-09-' in page
    client.force_login(bengt)
    page = client.get("/reports/").content.decode()
    assert URL in page and 'id="start-09-' not in page


def test_the_index_links_the_coordinator_to_the_board(client, karl):
    client.force_login(karl)
    page = client.get("/reports/").content.decode()
    last_year = timezone.localdate().year - 1
    assert 'id="national-years"' in page
    assert f"/reports/national/{last_year}/board/" in page
    assert f"/reports/national/{last_year}/" in page


# --- another county's report ---------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_another_county_reviewer_gets_404_on_every_route(
    client, draft, preview, bengt, greta, status, django_capture_on_commit_callbacks
):
    if status == "submitted":
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_county_report(draft, by=bengt, now=ON_TIME)
    before = state(draft)
    client.force_login(greta)
    generations = Generation.objects.filter(county_report=draft)
    urls = [URL] + [u for g in generations for u in routes_of(g)]
    for url in urls:
        assert client.get(url).status_code == 404, url
    for action in COUNTY_POSTS:
        assert client.post(URL + action, county_data(draft)).status_code == 404, action
    assert state(draft) == before


def test_a_county_not_started_is_404_for_others_and_startable_for_its_reviewer(
    client, reference, bengt, greta
):
    client.force_login(greta)
    assert client.get(URL).status_code == 404
    assert client.post(URL + "start/").status_code == 404
    assert not CountyReport.objects.exists()
    client.force_login(bengt)
    assert client.get(URL).status_code == 200


def test_unknown_counties_and_years_are_404(client, draft, bengt):
    client.force_login(bengt)
    assert client.get("/reports/99/2024/").status_code == 404
    assert client.get("/reports/03/1899/").status_code == 404
    assert client.post("/reports/03/40000/start/").status_code == 404
    assert client.get("/reports/generations/999999/").status_code == 404


@pytest.mark.parametrize("who", ["nadia", "anna", "alva", "olle"])
def test_other_roles_get_404_on_a_specific_report(client, submitted, national, cast, who):
    before = state(submitted)
    client.force_login(cast[who])
    generation = Generation.objects.get(county_report=submitted)
    for url in [URL, NATIONAL, *routes_of(generation)]:
        assert client.get(url).status_code == 404, url
    for action in COUNTY_POSTS:
        assert client.post(URL + action, county_data(submitted)).status_code == 404, action
    for action in ["save/", "preview/", "finalise/", "start/"]:
        data = {"version": 1, "summary": "x", "confirm": "on"}
        assert client.post(NATIONAL + action, data).status_code == 404, action
    assert state(submitted) == before
    assert NationalReport.objects.get().summary == ""


def test_a_reviewer_cannot_open_the_national_report(client, national, bengt):
    client.force_login(bengt)
    assert client.get(NATIONAL).status_code == 404
    assert client.post(NATIONAL + "save/", {"version": 1, "summary": "x"}).status_code == 404


# --- the coordinator -------------------------------------------------------------------------


def test_the_coordinator_does_not_see_an_unsent_report(client, draft, preview, karl):
    client.force_login(karl)
    assert client.get(URL).status_code == 404
    for url in routes_of(preview):
        assert client.get(url).status_code == 404
    for action in COUNTY_POSTS:
        assert client.post(URL + action, county_data(draft)).status_code == 404


def test_the_coordinator_reads_a_sent_report_read_only(client, submitted, karl):
    before = state(submitted)
    client.force_login(karl)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<textarea" not in page.split('id="judge-heading"')[0]
    assert 'id="report-form"' not in page and 'id="submit-form"' not in page
    assert 'id="preview-form"' not in page and 'id="read-only"' in page
    assert TEXTS["support"] in page
    assert 'id="accept-form"' in page and 'id="return-form"' in page
    assert 'data-action="county_report.submitted"' in page
    assert 'data-action="county_report.saved"' not in page  # the drafting is the county's
    for action in ["save/", "preview/", "submit/"]:
        response = client.post(URL + action, county_data(submitted, support="Kronoberg skrev."))
        assert response.status_code == 403, action
    client.post(URL + "start/")  # the report exists: nothing to start
    assert state(submitted) == before


def test_the_coordinator_sees_the_sent_files_but_not_later_previews(
    client, submitted, bengt, karl
):
    sent = Generation.objects.get(county_report=submitted, final=True)
    services.return_county_report(submitted, by=karl, comment="Komplettera.")
    later = services.preview_report(submitted, by=bengt)
    client.force_login(karl)
    for url in routes_of(sent):
        assert client.get(url).status_code == 200, url
    for url in routes_of(later):
        assert client.get(url).status_code == 404, url
    page = client.get(URL).content.decode()
    assert f"/reports/generations/{later.pk}/" not in page
    assert f"/reports/generations/{sent.pk}/pdf/" in page  # what was sent, while returned


def test_a_reviewer_cannot_return_or_accept(client, submitted, bengt):
    client.force_login(bengt)
    assert client.post(URL + "accept/").status_code == 403
    assert client.post(URL + "return/", {"comment": "x"}).status_code == 403
    assert CountyReport.objects.get().status == "submitted"


# --- locked -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_a_sent_report_is_locked_on_every_route(client, submitted, bengt, karl, status):
    if status == "accepted":
        services.accept_county_report(submitted, by=karl)
    before = state(submitted)
    client.force_login(bengt)
    page = client.get(URL).content.decode()
    assert 'id="read-only"' in page and "<textarea" not in page
    assert 'id="submit-form"' not in page and 'id="preview-form"' not in page
    for action in ["save/", "preview/", "submit/"]:
        response = client.post(URL + action, county_data(submitted, support="Ändrat."))
        assert response.status_code == 409, action
        assert 'role="alert"' in response.content.decode()
    assert state(submitted) == before


def test_a_save_refused_by_the_lock_shows_the_unsaved_text(client, submitted, bengt):
    client.force_login(bengt)
    data = county_data(submitted, support="Text skriven i en gammal flik.")
    response = client.post(URL + "save/", data)
    page = response.content.decode()
    assert response.status_code == 409 and "Text skriven i en gammal flik." in page
    assert 'id="attempted-support"' in page


def test_an_accepted_report_can_no_longer_be_judged(client, submitted, karl):
    services.accept_county_report(submitted, by=karl)
    client.force_login(karl)
    client.post(URL + "return/", {"comment": "Sent påkommet."})
    assert CountyReport.objects.get().status == "accepted"
    page = client.get(URL).content.decode()
    assert 'id="accept-form"' not in page


def test_the_coordinator_compiles_but_others_do_not(client, national, karl, bengt, nadia):
    client.force_login(karl)
    assert client.get(NATIONAL).status_code == 200
    for user in (bengt, nadia):
        client.force_login(user)
        assert client.post(NATIONAL + "finalise/", {"confirm": "on"}).status_code == 404
    assert NationalReport.objects.get().status == "draft"


def test_a_national_preview_is_the_coordinators_only(client, national, karl, bengt):
    national = services.save_national_report(national, by=karl, version=1, summary="S.")
    generation = services.preview_report(national, by=karl)
    client.force_login(bengt)
    for url in routes_of(generation):
        assert client.get(url).status_code == 404
    client.force_login(karl)
    assert client.get(routes_of(generation)[0]).status_code == 200
