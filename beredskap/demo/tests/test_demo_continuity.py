"""The demo's continuity registers: deterministic, bulk-written, re-runnable."""

import pytest

from beredskap.continuity.models import ContinuityPlan, Dependency, PlanVerification, Unit
from beredskap.continuity.shares import plan_shares
from beredskap.continuity.uploads import check_document
from beredskap.demo import continuity
from beredskap.demo.services import create_demo_users

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "continuity": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def _fingerprint():
    return sorted(
        Dependency.objects.values_list(
            "function__unit__municipality__code", "function__unit__name", "function__name",
            "category", "reserve_hours", "minimum_staff", "staff_available",
        )
    )  # fmt: skip


def test_registers_for_two_counties_with_different_reserves(
    reference, django_assert_max_num_queries
):
    create_demo_users()
    with django_assert_max_num_queries(200):
        summary = continuity.create_registers()
    assert summary.municipalities == 12
    assert Unit.objects.filter(municipality__code="0380").count() >= 40
    counties = set(Unit.objects.values_list("municipality__county__code", flat=True))
    assert counties == {"01", "03"}
    # Backup power differs: Heby has none for its power-dependent functions, Uppsala has days.
    heby = Dependency.objects.filter(
        function__unit__municipality__code="0331", category="electricity"
    )
    uppsala = Dependency.objects.filter(
        function__unit__municipality__code="0380", category="electricity"
    )
    assert not heby.exclude(reserve_hours=None).exists()
    assert uppsala.filter(reserve_hours__gte=72).exists()
    plan = ContinuityPlan.objects.get(municipality__code="0380")
    with plan.file.open("rb") as stored:
        check_document(stored.read(), "p.pdf", max_bytes=10**7)  # a real, readable PDF
    assert PlanVerification.objects.filter(verified=True).count() == 4
    assert PlanVerification.objects.filter(verified=False).count() == 1
    uppsala_county = next(s for s in plan_shares() if s.unit_code == "03")
    assert uppsala_county.verified_share < uppsala_county.self_reported_share
    first = _fingerprint()
    assert continuity.create_registers() == "Demo continuity registers exist; nothing to add."
    assert _fingerprint() == first


def test_the_registers_are_the_same_every_time(reference):
    create_demo_users()
    continuity.create_registers()
    first = _fingerprint()
    Unit.objects.all().delete()
    ContinuityPlan.objects.all().delete()
    continuity.create_registers()
    assert _fingerprint() == first
