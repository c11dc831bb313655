"""The register's pages through the web client: reading, editing, stale edits, plans."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskap.audit.models import Event
from beredskap.continuity import services
from beredskap.continuity.models import ContinuityPlan, CriticalFunction, Dependency, Unit

from .factories import ALL_ELEMENTS, small_register, tiny_pdf

pytestmark = pytest.mark.django_db


def test_anna_builds_a_register_through_the_forms(client, anna, edition):
    client.force_login(anna)
    index = client.get("/continuity/")
    assert index.status_code == 302 and index["Location"].endswith("/continuity/0380/")
    response = client.post(
        "/continuity/0380/units/new/",
        {"name": "Äldreboendet Linden", "activity_code": "sabo", "management": "private",
         "contract_sets_preparedness": "on", "people_served": "42"},
    )  # fmt: skip
    unit = Unit.objects.get(name="Äldreboendet Linden")
    assert response.status_code == 302 and unit.contract_sets_preparedness
    client.post(
        f"/continuity/0380/units/{unit.pk}/functions/new/",
        {"name": "Måltider", "max_tolerable_downtime_hours": "6"},
    )
    function = CriticalFunction.objects.get(unit=unit)
    response = client.post(
        f"/continuity/0380/functions/{function.pk}/dependencies/new/",
        {"category": "water", "reserve": "3", "reserve_unit": "days"},
    )
    assert response.status_code == 302
    water = Dependency.objects.get(function=function)
    assert water.reserve_hours == 72 and water.reserve_in_unit == 3
    page = client.get(f"/continuity/0380/units/{unit.pk}/").content.decode()
    assert "Måltider" in page and "3 dagar" in page
    register = client.get("/continuity/0380/").content.decode()
    assert "Äldreboendet Linden" in register


def test_a_negative_reserve_is_refused_naming_the_field(client, anna, uppsala_municipality):
    unit = small_register(uppsala_municipality, anna)
    function = unit.functions.first()
    client.force_login(anna)
    response = client.post(
        f"/continuity/0380/functions/{function.pk}/dependencies/new/",
        {"category": "water", "reserve": "-4", "reserve_unit": "hours"},
    )
    assert response.status_code == 422
    assert "Reserv" in response.content.decode()
    assert not function.dependencies.filter(category="water").exists()


def test_a_stale_edit_shows_both_versions(client, anna, alva, uppsala_municipality):
    unit = small_register(uppsala_municipality, anna)
    function = unit.functions.get(name="Heating of premises")
    services.update_function(
        function=function, by=alva, version=1, name="Heating of premises",
        max_tolerable_downtime_hours=6,
    )  # fmt: skip
    client.force_login(anna)
    response = client.post(
        f"/continuity/0380/functions/{function.pk}/edit/",
        {"version": "1", "name": "Heating of premises", "max_tolerable_downtime_hours": "2"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="differences"' in html and ">6<" in html and ">2<" in html
    assert CriticalFunction.objects.get(pk=function.pk).max_tolerable_downtime_hours == 6


def test_removing_a_unit_removes_its_functions(client, anna, uppsala_municipality):
    unit = small_register(uppsala_municipality, anna)
    client.force_login(anna)
    response = client.post(f"/continuity/0380/unit/{unit.pk}/delete/", {"version": "1"})
    assert response.status_code == 302
    assert not Unit.objects.exists() and not CriticalFunction.objects.exists()


def test_reviewer_reads_and_verifies_and_each_read_is_audited(
    client, anna, bengt, uppsala_municipality
):
    small_register(uppsala_municipality, anna)
    client.force_login(anna)
    upload = SimpleUploadedFile("plan.pdf", tiny_pdf())
    data = {"title": "Kontinuitetsplan 2026", "unit": "", "file": upload}
    response = client.post("/continuity/0380/plans/new/", {**data, **ALL_ELEMENTS})
    assert response.status_code == 302
    plan = ContinuityPlan.objects.get()
    assert client.get(f"/continuity/0380/plans/{plan.pk}/download/").status_code == 200
    assert not Event.objects.filter(action="continuity.read").exists()  # own reads

    client.force_login(bengt)
    assert client.get("/continuity/0380/units/new/").status_code == 403
    assert client.get("/continuity/0380/").status_code == 200
    download = client.get(f"/continuity/0380/plans/{plan.pk}/download/")
    assert b"".join(download.streaming_content) == tiny_pdf()
    assert download["Cache-Control"] == "private, no-store"
    response = client.post(
        f"/continuity/0380/plans/{plan.pk}/verify/",
        {"reserve_routine_ok": "on", "recovery_routine_ok": "on", "return_routine_ok": "on",
         "contacts_ok": "on", "verified": "yes", "note": "Alla delar finns."},
    )  # fmt: skip
    assert response.status_code == 302
    assert plan.latest_verification().verified
    reads = Event.objects.filter(action="continuity.read", actor=bengt)
    assert {e.details["what"] for e in reads} == {"register", "plan"}
    assert "Verifierad" in client.get("/continuity/0380/").content.decode()


def test_plan_upload_refuses_a_renamed_file_through_the_form(client, anna):
    client.force_login(anna)
    upload = SimpleUploadedFile("plan.pdf", b"PK\x03\x04 not really")
    response = client.post("/continuity/0380/plans/new/", {"title": "Plan", "file": upload})
    assert response.status_code == 422
    assert "PDF" in response.content.decode()
    assert not ContinuityPlan.objects.exists()
