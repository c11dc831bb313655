"""The register's services: validation naming the field, revisions, locking, audit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskap.audit.models import Event
from beredskap.continuity import services
from beredskap.continuity.models import ContinuityPlan, RegisterRevision, Unit

from .factories import ALL_ELEMENTS, small_register, tiny_docx, tiny_odt, tiny_pdf

pytestmark = pytest.mark.django_db


def test_a_register_is_built_with_revisions_and_audit_rows(anna, uppsala_municipality):
    unit = small_register(uppsala_municipality, anna)
    assert unit.functions.count() == 2
    assert RegisterRevision.objects.filter(municipality=uppsala_municipality).count() == 6
    assert Event.objects.filter(action="continuity.unit_create", actor=anna).count() == 1
    heating = unit.functions.get(name="Heating of premises")
    fuel = heating.dependencies.get(category="fuel_transport")
    assert fuel.reserve_hours is None  # no reserve is allowed


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reserve_hours": -5}, "reserve_hours"),
        ({"reserve_hours": 10**7}, "reserve_hours"),
        ({"reserve_hours": "many"}, "reserve_hours"),
        ({"category": "scenario"}, "category"),
    ],
)
def test_absurd_reserves_are_refused_naming_the_field(anna, uppsala_municipality, values, field):
    unit = small_register(uppsala_municipality, anna)
    function = unit.functions.first()
    with pytest.raises(ValidationError) as refused:
        services.create_dependency(function=function, by=anna, **{"category": "water", **values})
    assert field in refused.value.message_dict


def test_downtime_must_be_positive_and_below_a_year(anna, uppsala_municipality):
    unit = small_register(uppsala_municipality, anna)
    for bad in (0, -1, 9000):
        with pytest.raises(ValidationError) as refused:
            services.create_function(
                unit=unit, by=anna, name=f"Alarm {bad}", max_tolerable_downtime_hours=bad
            )
        assert "max_tolerable_downtime_hours" in refused.value.message_dict


def test_staff_dependency_needs_the_staff_numbers(anna, uppsala_municipality):
    unit = small_register(uppsala_municipality, anna)
    meals = services.create_function(
        unit=unit, by=anna, name="Meals", max_tolerable_downtime_hours=6
    )
    with pytest.raises(ValidationError) as refused:
        services.create_dependency(function=meals, by=anna, category="staff", minimum_staff=2)
    assert "staff_available" in refused.value.message_dict


def test_a_stale_edit_is_refused_and_shows_the_current_version(anna, alva, uppsala_municipality):
    unit = small_register(uppsala_municipality, anna)
    values = {"name": "HVB Björken", "activity_code": "sabo", "management": "own"}
    services.update_unit(unit=unit, by=alva, version=1, people_served=12, **values)
    with pytest.raises(services.ConcurrentEdit) as stale:
        services.update_unit(unit=unit, by=anna, version=1, people_served=7, **values)
    assert stale.value.current.people_served == 12
    assert stale.value.attempted["people_served"] == 7
    revision = RegisterRevision.objects.filter(kind="unit", action="update").get()
    assert (revision.before["people_served"], revision.after["people_served"]) == (9, 12)
    assert Unit.objects.get(pk=unit.pk).version == 2


def test_others_cannot_edit_the_register(cecilia, bengt, uppsala_municipality):
    for person in (cecilia, bengt):
        with pytest.raises(PermissionDenied):
            services.create_unit(
                municipality=uppsala_municipality, by=person, name="X", activity_code="sabo"
            )


@pytest.mark.parametrize(
    ("name", "data"),
    [("plan.pdf", tiny_pdf()), ("plan.docx", tiny_docx()), ("plan.odt", tiny_odt())],
)
def test_plans_of_each_type_are_stored_privately(anna, uppsala_municipality, name, data):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    plan = services.upload_plan(
        municipality=uppsala_municipality, by=anna, upload=upload, title="Plan", **ALL_ELEMENTS
    )
    assert plan.has_all_elements
    with plan.file.open("rb") as stored:
        assert stored.read() == data
    assert plan.content_type.endswith(("pdf", "document", "text"))
    assert plan.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.pdf", tiny_docx(), "inte PDF"),
        ("plan.docx", tiny_pdf(), "inte DOCX"),
        ("plan.pdf", tiny_pdf(encrypted=True), "krypterad"),
        ("plan.pdf", tiny_pdf()[:60], "skadad"),
        ("plan.exe", b"MZ\x90\x00", "PDF-, DOCX- eller ODT"),
        ("plan.pdf", b"", "tom"),
        ("plan.pdf", tiny_pdf() + b" " * 3000, "för stor"),
    ],
)
def test_bad_uploads_are_refused_and_store_nothing(
    anna, uppsala_municipality, settings, _private_files, name, data, message
):
    settings.CONTINUITY_PLAN_MAX_BYTES = 2000
    upload = SimpleUploadedFile(name, data)
    with pytest.raises(ValidationError) as refused:
        services.upload_plan(
            municipality=uppsala_municipality, by=anna, upload=upload, title="Plan"
        )
    assert message in " ".join(refused.value.message_dict["file"])
    assert not ContinuityPlan.objects.exists()
    assert not _private_files.exists() or not any(_private_files.rglob("*.*"))


def test_only_the_county_reviewer_verifies(anna, bengt, greta, uppsala_municipality):
    plan = services.upload_plan(
        municipality=uppsala_municipality, by=anna, title="Plan",
        upload=SimpleUploadedFile("p.pdf", tiny_pdf()), **ALL_ELEMENTS,
    )  # fmt: skip
    checks = {"reserve_routine_ok": True, "recovery_routine_ok": True}
    for person in (anna, greta):
        with pytest.raises(PermissionDenied):
            services.verify_plan(plan=plan, by=person, verified=False, **checks)
    with pytest.raises(ValidationError) as refused:
        services.verify_plan(plan=plan, by=bengt, verified=True, **checks)
    assert "verified" in refused.value.message_dict
    verification = services.verify_plan(plan=plan, by=bengt, verified=False, note="No contacts")
    assert plan.latest_verification() == verification
    assert Event.objects.filter(action="continuity.plan_verify", actor=bengt).count() == 1
