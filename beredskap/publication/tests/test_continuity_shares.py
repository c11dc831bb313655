"""Releases publish the continuity-plan indicator's verified share beside the
self-reported one, per county and for the nation, in the JSON download and API v1;
aggregates of fewer than 3 municipalities are suppressed; no unit-level data is published."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from beredskap.continuity import services as continuity
from beredskap.continuity.tests.factories import ALL_ELEMENTS, tiny_pdf
from beredskap.publication import services
from beredskap.registry.models import Municipality
from beredskap.tests.cast import stand_in

pytestmark = pytest.mark.django_db

SECRET = "Kontinuitetsplan Hemliga Gården"


@pytest.fixture
def plans(reference, bengt):
    """Uppsala county: three municipalities with plans, one verified; Gotland: one."""
    for code, complete, verify in (("0380", True, True), ("0381", True, False),
                                   ("0360", False, False), ("0980", True, False)):  # fmt: skip
        plan = continuity.upload_plan(
            municipality=Municipality.objects.get(code=code),
            by=stand_in("respondent", municipality=code), title=SECRET,
            upload=SimpleUploadedFile("p.pdf", tiny_pdf()), **(ALL_ELEMENTS if complete else {}),
        )  # fmt: skip
        if verify:
            continuity.verify_plan(
                plan=plan, by=bengt, verified=True, **dict.fromkeys(continuity.CHECKS, True)
            )


def test_json_and_api_carry_both_shares(client, approved_round, plans, nadia):
    release = services.release_round(survey_round=approved_round, by=nadia)
    document = json.loads(client.get(f"/open-data/{release.label}/values.json").content)
    shares = {(r["level"], r["unit_code"]): r for r in document["continuity_plans"]}
    assert shares[("county", "03")] == {
        "level": "county", "unit_code": "03", "municipalities": 3,
        "self_reported_share": 66.7, "verified_share": 33.3,
    }  # fmt: skip
    gotland = shares[("county", "09")]
    assert gotland["municipalities"] == 1 and gotland["verified_share"] is None  # suppressed
    assert shares[("nation", "0")]["verified_share"] == 25
    api = client.get(f"/api/v1/releases/{release.label}").json()
    assert api["continuity_plans"] == document["continuity_plans"]
    listed = client.get("/api/v1/releases").json()["items"][0]
    assert listed["continuity_plans"] == document["continuity_plans"]
    assert SECRET not in json.dumps(document) + json.dumps(api)


def test_the_release_keeps_the_shares_it_was_made_with(approved_round, plans, nadia, bengt):
    release = services.release_round(survey_round=approved_round, by=nadia)
    plan = continuity.ContinuityPlan.objects.get(municipality__code="0381")
    continuity.verify_plan(
        plan=plan, by=bengt, verified=True, **dict.fromkeys(continuity.CHECKS, True)
    )
    uppsala = release.plan_shares.get(level="county", unit_code="03")
    assert float(uppsala.verified_share) == 33.3
