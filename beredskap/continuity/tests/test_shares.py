"""The verified and self-reported shares of the continuity-plan indicator."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st

from beredskap.continuity import services
from beredskap.continuity.shares import Status, aggregate, plan_shares
from beredskap.registry.models import Municipality
from beredskap.tests.cast import stand_in

from .factories import ALL_ELEMENTS, tiny_pdf

statuses = st.dictionaries(
    st.integers(1, 400),
    st.builds(Status, st.sampled_from(["03", "09", "12"]), st.booleans(), st.booleans()),
    max_size=40,
)


@given(statuses)
def test_shares_are_suppressed_under_three_and_bounded(found):
    rows = aggregate(found, [("03", "Uppsala"), ("09", "Gotland"), ("12", "Skåne")])
    assert [r.level for r in rows] == ["county"] * 3 + ["nation"]
    assert rows[-1].municipalities == len(found)
    for row in rows:
        if row.municipalities < 3:
            assert row.self_reported_share is None and row.verified_share is None
        else:
            assert Decimal(0) <= row.verified_share <= Decimal(100)
            assert Decimal(0) <= row.self_reported_share <= Decimal(100)


def test_hand_counted_shares():
    found = {
        1: Status("03", True, True), 2: Status("03", True, False), 3: Status("03", False, False),
        4: Status("03", True, True), 5: Status("09", True, True),
    }  # fmt: skip
    uppsala, gotland, nation = aggregate(found, [("03", "Uppsala"), ("09", "Gotland")])
    assert (uppsala.self_reported_share, uppsala.verified_share) == (
        Decimal("75.0"),
        Decimal("50.0"),
    )
    assert gotland.suppressed and gotland.verified_share is None
    assert (nation.municipalities, nation.verified_share) == (5, Decimal("60.0"))


@pytest.mark.django_db
def test_shares_from_the_register(reference, bengt):
    codes = ["0380", "0381", "0360"]  # Uppsala, Enköping, Tierp
    for n, code in enumerate(codes):
        municipality = Municipality.objects.get(code=code)
        plan = services.upload_plan(
            municipality=municipality, by=stand_in("respondent", municipality=code),
            title="Plan", upload=SimpleUploadedFile("p.pdf", tiny_pdf()),
            **(ALL_ELEMENTS if n < 2 else {}),
        )  # fmt: skip
        if n == 0:
            services.verify_plan(plan=plan, by=bengt, verified=False)
            services.verify_plan(
                plan=plan, by=bengt, verified=True,
                **dict.fromkeys(services.CHECKS, True),
            )  # fmt: skip
        if n == 1:
            services.verify_plan(
                plan=plan, by=bengt, verified=True, **dict.fromkeys(services.CHECKS, True)
            )
            services.verify_plan(plan=plan, by=bengt, verified=False, note="Inaktuell")
    rows = {r.unit_code: r for r in plan_shares()}
    uppsala = rows["03"]
    assert uppsala.municipalities == 3
    assert (uppsala.self_reported_share, uppsala.verified_share) == (
        Decimal("66.7"), Decimal("33.3"),
    )  # fmt: skip
    assert rows["0"].municipalities == 3 and rows["09"].municipalities == 0
