"""County report draft → submitted → returned → submitted → accepted, the national report
draft → final, conflicts, late marking, generations and the pages that drive them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beredskap.audit.models import Event
from beredskap.registry.models import County
from beredskap.reporting import services, tasks
from beredskap.reporting.models import CountyReport, Generation, NationalReport
from beredskap.tests.cast import stand_in

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
ON_TIME = datetime.datetime(2025, 1, 20, 10, 0, tzinfo=UTC)
#: 1 February 23:30 in Stockholm is still on time; 2 February 00:30 is not.
LAST_MINUTE = datetime.datetime(2025, 2, 1, 22, 30, tzinfo=UTC)
LATE = datetime.datetime(2025, 2, 1, 23, 30, tzinfo=UTC)

TEXTS = {
    "preparedness": "Sju av åtta kommuner har en kontinuitetsplan för hemtjänsten.",
    "support": "Två nätverksträffar och en scenarioövning om elavbrott.",
    "cooperation": "Samverkan med Region Uppsala i den regionala krisledningsgruppen.",
    "information": "Kartläggningens svar har granskats och godkänts.",
    "development": "Fler kommuner behöver planera för krigsplacering av personal.",
}
URL = "/reports/03/2024/"


def actions(target) -> list[str]:
    return list(Event.objects.for_target(target).order_by("id").values_list("action", flat=True))


@pytest.fixture
def uppsala_county(reference):
    return County.objects.get(code="03")


@pytest.fixture
def report(uppsala_county, bengt):
    """Uppsala län's draft report on 2024."""
    return services.county_report(uppsala_county, 2024, by=bengt)


@pytest.fixture
def written(report, bengt):
    """The draft with every section written."""
    return services.save_county_report(report, by=bengt, version=report.version, **TEXTS)


@pytest.fixture
def submitted(written, bengt, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.submit_county_report(written, by=bengt, now=ON_TIME)


def fresh(report):
    return type(report).objects.get(pk=report.pk)


# --- services ----------------------------------------------------------------------


def test_the_whole_county_report_cycle(report, bengt, karl, django_capture_on_commit_callbacks):
    assert report.status == "draft" and report.version == 1 and report.revision == 0
    report = services.save_county_report(report, by=bengt, version=1, **TEXTS)
    assert report.version == 2 and fresh(report).support == TEXTS["support"]

    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_county_report(report, by=bengt, now=ON_TIME)
    report = fresh(report)
    assert (report.status, report.revision, report.submitted_at) == ("submitted", 1, ON_TIME)
    assert report.submitted_by == bengt and report.locked and not report.late
    first = Generation.objects.get(county_report=report, final=True)
    assert first.revision == 1 and first.requested_by == bengt

    report = services.return_county_report(report, by=karl, comment="Beskriv övningen mer.")
    report = fresh(report)
    assert report.status == "returned" and not report.locked
    assert report.return_comment == "Beskriv övningen mer." and report.returned_at
    report = services.save_county_report(
        report, by=bengt, version=report.version, support=TEXTS["support"] + " Tre deltog."
    )

    later = ON_TIME + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_county_report(report, by=bengt, now=later)
    report = fresh(report)
    assert (report.status, report.revision, report.submitted_at) == ("submitted", 2, later)
    finals = Generation.objects.filter(county_report=report, final=True)
    assert sorted(finals.values_list("revision", flat=True)) == [1, 2]
    assert tasks.files_for(report).revision == 2

    services.accept_county_report(report, by=karl)
    report = fresh(report)
    assert report.status == "accepted" and report.locked and report.accepted_at
    assert actions(report) == [
        "county_report.created",
        "county_report.saved",
        "county_report.submitted",
        "county_report.returned",
        "county_report.saved",
        "county_report.resubmitted",
        "county_report.accepted",
    ]
    returned = Event.objects.for_target(report).get(action="county_report.returned")
    assert returned.actor == karl and returned.details["comment"] == "Beskriv övningen mer."


def test_county_report_is_created_once_and_audited(uppsala_county, bengt):
    first = services.county_report(uppsala_county, 2024, by=bengt)
    again = services.county_report(uppsala_county, 2024, by=bengt)
    assert first.pk == again.pk
    assert actions(first) == ["county_report.created"]


@pytest.mark.parametrize("who", ["greta", "karl", "nadia", "anna", "olle"])
def test_only_the_county_reviewers_start_the_report(uppsala_county, cast, who):
    with pytest.raises(PermissionDenied):
        services.county_report(uppsala_county, 2024, by=cast[who])
    assert not CountyReport.objects.exists()


def test_a_stale_version_is_a_conflict_and_nothing_is_written(report, bengt):
    services.save_county_report(report, by=bengt, version=1, support="Första texten.")
    with pytest.raises(services.Conflict) as caught:
        services.save_county_report(report, by=bengt, version=1, support="Andra texten.")
    assert caught.value.current.support == "Första texten."
    assert caught.value.attempted == {"support": "Andra texten."}
    stored = fresh(report)
    assert (stored.support, stored.version) == ("Första texten.", 2)
    # A stale save of exactly what is stored loses nothing: no conflict, no new version.
    services.save_county_report(report, by=bengt, version=1, support="Första texten.")
    assert fresh(report).version == 2
    assert actions(report).count("county_report.saved") == 1


def test_every_save_bumps_the_version(report, bengt):
    services.save_county_report(report, by=bengt, version=1, support="a")
    services.save_county_report(report, by=bengt, version=2, support="a")
    assert fresh(report).version == 3


def test_only_section_fields_can_be_saved(report, bengt):
    with pytest.raises(TypeError):
        services.save_county_report(report, by=bengt, version=1, status="accepted")


def test_a_report_with_an_empty_section_cannot_be_submitted(report, bengt):
    services.save_county_report(report, by=bengt, version=1, **{**TEXTS, "cooperation": "  "})
    with pytest.raises(ValidationError):
        services.submit_county_report(report, by=bengt)
    assert fresh(report).status == "draft" and fresh(report).revision == 0


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_a_sent_report_is_locked_in_every_service(submitted, bengt, karl, status):
    if status == "accepted":
        services.accept_county_report(submitted, by=karl)
    before = fresh(submitted)
    generations = Generation.objects.count()
    with pytest.raises(services.Locked):
        services.save_county_report(submitted, by=bengt, version=before.version, support="x")
    with pytest.raises(services.Locked):
        services.submit_county_report(submitted, by=bengt)
    with pytest.raises(services.Locked):
        services.preview_report(submitted, by=bengt)
    after = fresh(submitted)
    assert (after.status, after.version, after.revision, after.support) == (
        status,
        before.version,
        before.revision,
        before.support,
    )
    assert Generation.objects.count() == generations


def test_the_coordinator_never_edits_a_county_report(submitted, karl):
    with pytest.raises(PermissionDenied):
        services.save_county_report(submitted, by=karl, version=submitted.version, support="x")
    with pytest.raises(PermissionDenied):
        services.submit_county_report(submitted, by=karl)
    with pytest.raises(PermissionDenied):
        services.preview_report(submitted, by=karl)


def test_return_needs_a_comment_and_a_submitted_report(submitted, karl):
    with pytest.raises(ValidationError):
        services.return_county_report(submitted, by=karl, comment="  ")
    services.accept_county_report(submitted, by=karl)
    with pytest.raises(services.InvalidTransition):
        services.return_county_report(submitted, by=karl, comment="För sent.")
    with pytest.raises(services.InvalidTransition):
        services.accept_county_report(submitted, by=karl)
    assert fresh(submitted).status == "accepted"


@pytest.mark.parametrize("who", ["bengt", "greta", "nadia"])
def test_only_the_coordinator_returns_or_accepts(submitted, cast, who):
    with pytest.raises(PermissionDenied):
        services.accept_county_report(submitted, by=cast[who])
    with pytest.raises(PermissionDenied):
        services.return_county_report(submitted, by=cast[who], comment="x")
    assert fresh(submitted).status == "submitted"


def test_the_coordinator_cannot_judge_a_draft(written, karl):
    with pytest.raises(PermissionDenied):  # unsent: not even visible to Kronoberg
        services.accept_county_report(written, by=karl)


@pytest.mark.parametrize("now, late", [(ON_TIME, False), (LAST_MINUTE, False), (LATE, True)])
def test_late_means_submitted_after_1_february_swedish_time(written, bengt, now, late):
    report = services.submit_county_report(written, by=bengt, now=now)
    assert fresh(report).late is late
    event = Event.objects.for_target(report).get(action="county_report.submitted")
    assert event.details["late"] is late


def test_a_resubmission_after_the_deadline_is_late(submitted, bengt, karl):
    assert not fresh(submitted).late
    services.return_county_report(submitted, by=karl, comment="Komplettera.")
    services.submit_county_report(submitted, by=bengt, now=LATE)
    assert fresh(submitted).late


def test_the_final_files_of_a_submission_are_kept(submitted, bengt):
    files = tasks.files_for(fresh(submitted))
    assert files is not None and files.final and files.revision == 1
    assert files.status == "done" and files.pdf and files.xlsx


def test_a_preview_is_a_non_final_generation(written, bengt):
    generation = services.preview_report(written, by=bengt)
    assert not generation.final and generation.county_report_id == written.pk
    assert "county_report.previewed" in actions(written)


def test_the_national_report_cycle(karl, django_capture_on_commit_callbacks):
    report = services.national_report(2024, by=karl)
    assert services.national_report(2024, by=karl).pk == report.pk
    report = services.save_national_report(report, by=karl, version=1, summary="Sammanfattning.")
    assert report.version == 2
    with pytest.raises(services.Conflict):
        services.save_national_report(report, by=karl, version=1, summary="Annat.")
    finalised_at = datetime.datetime(2025, 2, 20, 9, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        services.finalise_national_report(
            report, by=karl, confirm_unaccepted=True, now=finalised_at
        )
    report = fresh(report)
    assert (report.status, report.revision, report.finalised_at) == ("final", 1, finalised_at)
    assert report.locked and not report.late and report.finalised_by == karl
    assert Generation.objects.get(national_report=report, final=True).revision == 1
    with pytest.raises(services.Locked):
        services.save_national_report(report, by=karl, version=report.version, summary="x")
    with pytest.raises(services.Locked):
        services.finalise_national_report(report, by=karl)
    with pytest.raises(services.Locked):
        services.preview_report(report, by=karl)
    assert fresh(report).summary == "Sammanfattning."
    assert actions(report) == [
        "national_report.created",
        "national_report.saved",
        "national_report.finalised",
    ]


def test_the_national_report_needs_a_summary_to_be_final(karl):
    report = services.national_report(2024, by=karl)
    with pytest.raises(ValidationError):
        services.finalise_national_report(report, by=karl)
    assert fresh(report).status == "draft"


def test_the_national_report_is_final_over_unaccepted_reports_only_when_confirmed(karl, submitted):
    report = services.national_report(2024, by=karl)
    report = services.save_national_report(report, by=karl, version=1, summary="Klar.")
    with pytest.raises(services.NotAllAccepted, match="0 av 21"):
        services.finalise_national_report(report, by=karl)
    assert fresh(report).status == "draft"
    assert "national_report.finalised" not in actions(report)
    # Once Kronoberg has accepted every county report, no confirmation is needed.
    services.accept_county_report(submitted, by=karl)
    for county in County.objects.exclude(pk=submitted.county_id):
        CountyReport.objects.create(county=county, year=2024, status="accepted", revision=1)
    services.finalise_national_report(report, by=karl)
    assert fresh(report).status == "final"
    event = Event.objects.for_target(report).get(action="national_report.finalised")
    assert event.details["accepted"] == 21 and event.details["unaccepted"] == []


@pytest.mark.parametrize("who", ["bengt", "nadia", "anna"])
def test_only_the_coordinator_compiles(karl, cast, who):
    with pytest.raises(PermissionDenied):
        services.national_report(2024, by=cast[who])
    report = services.national_report(2024, by=karl)
    with pytest.raises(PermissionDenied):
        services.save_national_report(report, by=cast[who], version=1, summary="x")
    with pytest.raises(PermissionDenied):
        services.finalise_national_report(report, by=cast[who])


# --- the county report page --------------------------------------------------------------


def form_data(report, **texts):
    return {"version": report.version, **{k: getattr(report, k) for k in TEXTS}, **texts}


def test_the_reviewer_starts_the_report_from_the_index(client, uppsala_county, bengt):
    client.force_login(bengt)
    index = client.get("/reports/")
    assert index.status_code == 200
    assert 'id="start-03-' in index.content.decode()
    # Last year's report, due 1 February this year, says how late it is once that passed.
    last_year = timezone.localdate().year - 1
    late = (timezone.localdate() - datetime.date(last_year + 1, 2, 1)).days
    if late > 0:
        notice = f'id="late-03-{last_year}"'
        assert (
            notice in index.content.decode()
            and f"förfallen sedan {late} dag" in index.content.decode()
        )
    assert client.get(URL).status_code == 200  # not started: the page offers to start it
    response = client.post(URL + "start/")
    assert response.status_code == 302 and response["Location"] == URL
    report = CountyReport.objects.get(county__code="03", year=2024)
    assert actions(report) == ["county_report.created"]
    assert client.get("/reports/").content.decode().count(URL) >= 1


def test_the_county_page_shows_drafts_and_a_form_per_section(client, report, bengt):
    client.force_login(bengt)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for name in TEXTS:
        assert f'id="section-{name}"' in page and f'name="{name}"' in page
    assert 'name="version" value="1"' in page
    assert 'id="report-status" data-status="draft"' in page
    assert 'id="submit-form"' in page and 'id="preview-form"' in page


def test_saving_through_the_page(client, report, bengt):
    client.force_login(bengt)
    response = client.post(URL + "save/", form_data(report, support="Nätverksträffar."))
    assert response.status_code == 302
    assert fresh(report).support == "Nätverksträffar." and fresh(report).version == 2


def test_a_conflict_on_the_page_keeps_what_was_typed(client, report, bengt):
    services.save_county_report(report, by=bengt, version=1, support="Kollegans text.")
    client.force_login(bengt)
    response = client.post(URL + "save/", form_data(report, support="Min egen text."))
    assert response.status_code == 409
    page = response.content.decode()
    assert "Min egen text." in page and "Kollegans text." in page
    assert 'id="attempted-support"' in page and 'role="alert"' in page
    assert 'name="version" value="2"' in page  # the next save starts from the stored text
    assert fresh(report).support == "Kollegans text."


def test_submitting_through_the_page_needs_confirmation(client, written, bengt):
    client.force_login(bengt)
    response = client.post(URL + "submit/")
    assert response.status_code == 422 and fresh(written).status == "draft"
    response = client.post(URL + "submit/", {"confirm": "on"})
    assert response.status_code == 302 and fresh(written).status == "submitted"


def test_an_incomplete_report_is_refused_on_the_page(client, report, bengt):
    client.force_login(bengt)
    response = client.post(URL + "submit/", {"confirm": "on"})
    assert response.status_code == 422 and 'id="errors"' in response.content.decode()
    assert fresh(report).status == "draft"


def test_submitting_on_the_page_keeps_the_files_of_what_was_sent(
    client, written, bengt, django_capture_on_commit_callbacks
):
    client.force_login(bengt)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL + "submit/", {"confirm": "on"})
    generation = Generation.objects.get(county_report=written, final=True)
    page = client.get(URL).content.decode()
    assert f"/reports/generations/{generation.pk}/pdf/" in page
    assert f"/reports/generations/{generation.pk}/xlsx/" in page
    assert 'id="read-only"' in page and "<textarea" not in page


def test_a_returned_report_shows_the_comment_and_opens_again(client, submitted, bengt, karl):
    services.return_county_report(submitted, by=karl, comment="Beskriv samverkan med regionen.")
    client.force_login(bengt)
    page = client.get(URL).content.decode()
    assert 'id="return-comment"' in page and "Beskriv samverkan med regionen." in page
    assert 'name="cooperation"' in page
    response = client.post(URL + "save/", form_data(fresh(submitted), cooperation="Mer."))
    assert response.status_code == 302 and fresh(submitted).cooperation == "Mer."


def test_generate_preview_shows_progress_then_the_files(client, written, bengt):
    client.force_login(bengt)
    response = client.post(URL + "preview/")
    generation = Generation.objects.get(county_report=written)
    assert response.status_code == 302
    assert response["Location"] == f"/reports/generations/{generation.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and 'max="100"' in page
    assert 'http-equiv="refresh"' not in page  # the immediate backend has finished it
    assert 'id="download-pdf"' in page


@pytest.mark.parametrize(
    "status, refresh", [("queued", True), ("running", True), ("done", False), ("failed", False)]
)
def test_the_progress_page_refreshes_only_while_work_remains(
    client, written, bengt, status, refresh, settings
):
    # Queued for a worker: the page waits for it (with no worker it would make the files).
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    generation = Generation.objects.create(
        county_report=written, status=status, done=2, total=5, step="Tabeller"
    )
    client.force_login(bengt)
    page = client.get(f"/reports/generations/{generation.pk}/").content.decode()
    assert ('http-equiv="refresh"' in page) is refresh
    assert 'value="40"' in page and "Tabeller" in page


def test_with_no_worker_a_queued_generation_is_made_when_first_opened(client, written, bengt):
    generation = Generation.objects.create(county_report=written, total=3)  # queued
    client.force_login(bengt)
    page = client.get(f"/reports/generations/{generation.pk}/").content.decode()
    assert 'data-status="done"' in page and 'http-equiv="refresh"' not in page
    pdf = client.get(f"/reports/generations/{generation.pk}/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert not services.make_deferred_files(generation)  # made once


def test_the_automatic_refresh_can_be_stopped(client, written, bengt):
    generation = Generation.objects.create(county_report=written, status="running")
    client.force_login(bengt)
    page = client.get(f"/reports/generations/{generation.pk}/?refresh=off").content.decode()
    assert 'http-equiv="refresh"' not in page and 'id="manual-refresh"' in page


def test_the_county_page_marks_a_late_report(client, written, bengt, karl):
    services.submit_county_report(written, by=bengt, now=LATE)
    for user in (bengt, karl):
        client.force_login(user)
        page = client.get(URL).content.decode()
        assert 'id="report-late"' in page and 'id="report-sent"' in page


def test_an_on_time_report_is_not_marked_late(client, submitted, bengt):
    client.force_login(bengt)
    assert 'id="report-late"' not in client.get(URL).content.decode()


def test_files_are_attachments_with_a_sensible_name(client, submitted, bengt):
    generation = tasks.files_for(fresh(submitted))
    client.force_login(bengt)
    pdf = client.get(f"/reports/generations/{generation.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="lansrapport-03-2024.pdf"'
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/reports/generations/{generation.pk}/xlsx/")
    assert xlsx["Content-Disposition"] == 'attachment; filename="lansrapport-03-2024.xlsx"'
    assert xlsx.content.startswith(b"PK")
    assert "no-store" in pdf["Cache-Control"]
    downloads = Event.objects.for_target(submitted).filter(action="report.downloaded")
    assert sorted(downloads.values_list("details__format", flat=True)) == ["pdf", "xlsx"]
    assert client.get(f"/reports/generations/{generation.pk}/docx/").status_code == 404


def test_a_preview_file_is_named_as_a_draft(client, written, bengt):
    generation = services.preview_report(written, by=bengt)
    client.force_login(bengt)
    response = client.get(f"/reports/generations/{generation.pk}/pdf/")
    assert (
        response["Content-Disposition"] == 'attachment; filename="lansrapport-03-2024-utkast.pdf"'
    )


# --- the coordinator's board ------------------------------------------------------------


def test_the_board_lists_every_county_with_status_and_lateness(client, submitted, karl, greta):
    gotland = services.county_report(County.objects.get(code="09"), 2024, by=greta)
    services.save_county_report(gotland, by=greta, version=1, **TEXTS)
    services.submit_county_report(gotland, by=greta, now=LATE)
    client.force_login(karl)
    response = client.get("/reports/national/2024/board/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<tr id="row-') == 21
    assert 'id="row-03" data-status="submitted"' in page
    assert 'id="row-09" data-status="submitted"' in page
    assert 'id="row-01" data-status="not_started"' in page
    assert 'href="/reports/03/2024/"' in page and 'href="/reports/09/2024/"' in page
    assert 'href="/reports/01/2024/"' not in page
    assert 'id="accept-03"' in page and 'id="return-03"' in page
    row_09 = page[page.index('id="row-09"') :].split("</tr>")[0]
    row_03 = page[page.index('id="row-03"') :].split("</tr>")[0]
    assert 'data-late="true"' in row_09 and 'data-late="false"' in row_03


def test_a_draft_is_listed_but_not_openable(client, written, karl):
    client.force_login(karl)
    page = client.get("/reports/national/2024/board/").content.decode()
    assert 'id="row-03" data-status="draft"' in page
    assert 'href="/reports/03/2024/"' not in page and 'id="accept-03"' not in page


def test_accept_and_return_from_the_board(client, submitted, karl):
    client.force_login(karl)
    response = client.post(URL + "return/", {"comment": ""})
    assert response.status_code == 302 and fresh(submitted).status == "submitted"
    response = client.post(URL + "return/", {"comment": "Komplettera avsnitt 3."})
    assert response["Location"] == "/reports/national/2024/board/"
    assert fresh(submitted).status == "returned"


def test_accept_from_the_board(client, submitted, karl):
    client.force_login(karl)
    response = client.post(URL + "accept/")
    assert response["Location"] == "/reports/national/2024/board/"
    assert fresh(submitted).status == "accepted"
    page = client.get("/reports/national/2024/board/").content.decode()
    assert 'id="row-03" data-status="accepted"' in page and 'id="accept-03"' not in page


def _submit_all(year, counties, make_reviewer):
    for county in counties:
        reviewer = make_reviewer(county)
        report = services.county_report(county, year, by=reviewer)
        services.save_county_report(report, by=reviewer, version=1, **TEXTS)
        services.submit_county_report(report, by=reviewer, now=ON_TIME)


def test_the_board_reads_a_fixed_number_of_queries(client, karl, reference):
    def reviewer(county):
        return stand_in("reviewer", county=county.code)

    counties = list(County.objects.order_by("code"))
    _submit_all(2023, counties[:1], reviewer)
    _submit_all(2024, counties, reviewer)
    client.force_login(karl)
    counts = {}
    for year in (2023, 2024):
        client.get(f"/reports/national/{year}/board/")  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/reports/national/{year}/board/")
        assert response.status_code == 200
        counts[year] = len(queries)
    assert counts[2023] == counts[2024]
    page = response.content.decode()
    assert page.count('data-status="submitted"') == 21


# --- the national report page ----------------------------------------------------------------


NATIONAL = "/reports/national/2024/"


def test_the_coordinator_compiles_the_national_report_on_its_page(
    client, karl, submitted, django_capture_on_commit_callbacks
):
    client.force_login(karl)
    assert client.get(NATIONAL).status_code == 200  # not started: offers to start
    assert client.post(NATIONAL + "start/").status_code == 302
    report = NationalReport.objects.get(year=2024)
    page = client.get(NATIONAL).content.decode()
    assert 'name="summary"' in page and 'name="version" value="1"' in page
    response = client.post(NATIONAL + "save/", {"version": 1, "summary": "Läget förbättras."})
    assert response.status_code == 302 and fresh(report).summary == "Läget förbättras."

    response = client.post(NATIONAL + "save/", {"version": 1, "summary": "Gammal flik."})
    assert response.status_code == 409
    assert "Gammal flik." in response.content.decode()
    assert fresh(report).summary == "Läget förbättras."

    response = client.post(NATIONAL + "preview/")
    preview = Generation.objects.get(national_report=report, final=False)
    assert response["Location"] == f"/reports/generations/{preview.pk}/"

    assert client.post(NATIONAL + "finalise/").status_code == 422
    # Uppsala's report is only submitted and the other 20 not sent: the page lists them
    # and the report stays a draft until the coordinator confirms that she knows.
    refused = client.post(NATIONAL + "finalise/", {"confirm": "on"})
    assert refused.status_code == 422 and fresh(report).status == "draft"
    refused_page = refused.content.decode()
    assert refused_page.count("<li>", refused_page.index('id="unaccepted-list"')) >= 21
    assert "Uppsala län: Inskickad" in refused_page
    assert "0 av 21 länsredovisningar godkända, 1 inskickad men inte godkänd" in refused_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            NATIONAL + "finalise/", {"confirm": "on", "confirm_unaccepted": "on"}
        )
    assert response.status_code == 302 and fresh(report).status == "final"
    final = Generation.objects.get(national_report=report, final=True)
    page = client.get(NATIONAL).content.decode()
    assert f"/reports/generations/{final.pk}/pdf/" in page and 'id="read-only"' in page
    assert "<textarea" not in page
    download = client.get(f"/reports/generations/{final.pk}/pdf/")
    assert download["Content-Disposition"] == 'attachment; filename="nationell-rapport-2024.pdf"'


def test_a_final_national_report_refuses_every_post(client, karl):
    report = services.national_report(2024, by=karl)
    report = services.save_national_report(report, by=karl, version=1, summary="Klar.")
    services.finalise_national_report(report, by=karl, confirm_unaccepted=True)
    before = fresh(report)
    generations = Generation.objects.count()
    client.force_login(karl)
    data = {"version": before.version, "summary": "Ändrad."}
    assert client.post(NATIONAL + "save/", data).status_code == 409
    assert client.post(NATIONAL + "preview/").status_code == 409
    assert client.post(NATIONAL + "finalise/", {"confirm": "on"}).status_code == 409
    after = fresh(report)
    assert (after.summary, after.version, after.revision) == ("Klar.", before.version, 1)
    assert Generation.objects.count() == generations
