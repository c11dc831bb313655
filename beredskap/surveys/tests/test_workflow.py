"""draft → submitted → returned → resubmitted → approved, and reopening by the analyst."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beredskap.audit.models import Event
from beredskap.catalogue.tests.factories import load_small_edition
from beredskap.surveys import services
from beredskap.surveys.models import Answer, Response

from .conftest import answer, complete, slot

pytestmark = pytest.mark.django_db


def test_the_whole_review_cycle(uppsala, anna, alva, bengt):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    uppsala.refresh_from_db()
    assert uppsala.status == "submitted" and uppsala.first_submitted_at is not None

    services.return_response(
        response=uppsala,
        by=bengt,
        comment="Komplettera två svar.",
        items=[
            (slot("KON_PLAN", "sabo"), "Stämmer detta?"),
            (slot("UTB_EXERCISES"), "Räkna även övningar i egen regi."),
        ],
    )
    uppsala.refresh_from_db()
    assert uppsala.status == "returned"
    # Only the returned questions reopen.
    with pytest.raises(services.Locked):
        answer(uppsala, "KON_PLAN", "hemtjanst", "nej", anna, version=1)
    answer(uppsala, "UTB_EXERCISES", "", "3", anna, version=1)
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna, version=1, comment="Ja, beslutad 2024")

    services.submit_response(response=uppsala, by=alva)
    services.approve_response(response=uppsala, by=bengt)
    uppsala.refresh_from_db()
    assert uppsala.status == "approved"
    assert not Answer.objects.filter(response=uppsala, reopened=True).exists()
    actions = list(
        Event.objects.for_target(uppsala).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "response.submitted",
        "response.returned",
        "response.resubmitted",
        "response.approved",
    ]
    with pytest.raises(services.Locked):
        answer(uppsala, "UTB_EXERCISES", "", "4", anna, version=2)


def test_an_incomplete_response_cannot_be_submitted(uppsala, alva):
    with pytest.raises(ValidationError):
        services.submit_response(response=uppsala, by=alva)
    assert Response.objects.get(pk=uppsala.pk).status == "draft"


def test_only_the_approver_submits(uppsala, anna):
    complete(uppsala, anna)
    with pytest.raises(PermissionDenied):
        services.submit_response(response=uppsala, by=anna)


@pytest.mark.parametrize("who", ["greta", "anna", "alva", "karl"])
def test_only_the_county_reviewer_returns_or_approves(uppsala, anna, alva, cast, who):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    with pytest.raises(PermissionDenied):
        services.approve_response(response=uppsala, by=cast[who])
    with pytest.raises(PermissionDenied):
        services.return_response(
            response=uppsala, by=cast[who], comment="x", items=[(slot("KON_PLAN", "sabo"), "")]
        )


def test_a_draft_cannot_be_reviewed(uppsala, bengt):
    with pytest.raises(PermissionDenied):  # the county board does not see drafts
        services.approve_response(response=uppsala, by=bengt)


def test_returning_needs_a_question(uppsala, anna, alva, bengt):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    with pytest.raises(ValidationError):
        services.return_response(response=uppsala, by=bengt, comment="Oklart", items=[])


def test_the_analyst_reopens_an_approved_response_with_a_reason(uppsala, anna, alva, bengt, nadia):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    services.approve_response(response=uppsala, by=bengt)
    with pytest.raises(ValidationError):
        services.reopen_response(response=uppsala, by=nadia, reason=" ")
    with pytest.raises(PermissionDenied):
        services.reopen_response(response=uppsala, by=bengt, reason="Fel")
    services.reopen_response(response=uppsala, by=nadia, reason="Felaktigt svar upptäckt")
    assert Response.objects.get(pk=uppsala.pk).status == "draft"
    assert (
        Event.objects.get(action="response.reopened").details["reason"]
        == "Felaktigt svar upptäckt"
    )


def test_prefill_copies_last_years_approved_answers_of_unchanged_questions(
    tmp_path, uppsala, anna, alva, bengt, nadia
):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    services.approve_response(response=uppsala, by=bengt)
    next_edition = load_small_edition(tmp_path, 2026, follows_previous=True)
    survey_round = services.open_round(
        year=2026,
        edition=next_edition,
        opens_on=datetime.date(2026, 1, 20),
        deadline=datetime.date(2026, 3, 15),
        by=nadia,
    )
    response = survey_round.responses.get(municipality__code="0380")
    assert services.prefill_response(response=response) == 6
    plan = response.answers.get(question__code="KON_PLAN", activity_code="sabo")
    assert (plan.value, plan.prefilled, plan.question.edition.year) == ("ja", True, 2026)
    assert any("Bekräfta" in p.message for p in services.problems_before_submit(response))
    confirmed = answer(response, "KON_PLAN", "sabo", "ja", anna, version=1)
    assert confirmed.prefilled is False
    assert services.prefill_response(response=response) == 0  # never twice
