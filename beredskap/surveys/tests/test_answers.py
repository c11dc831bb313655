"""Saving answers: validation, revisions, locking and concurrent edits."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from beredskap.audit.models import Event
from beredskap.surveys import services
from beredskap.surveys.models import Answer, AnswerRevision, Response
from beredskap.surveys.validation import Invalid

from .conftest import answer, slot

pytestmark = pytest.mark.django_db


def test_opening_a_round_creates_a_draft_for_every_municipality(survey_round):
    assert survey_round.responses.count() == 290
    assert set(survey_round.responses.values_list("status", flat=True)) == {"draft"}
    assert survey_round.measurement_date.isoformat() == "2025-02-01"
    assert Event.objects.filter(action="round.opened").count() == 1


def test_a_round_year_can_be_opened_once(survey_round, nadia, edition):
    with pytest.raises(ValidationError):
        services.open_round(
            year=2025,
            edition=edition,
            opens_on=survey_round.opens_on,
            deadline=survey_round.deadline,
            by=nadia,
        )


def test_every_save_appends_a_revision(uppsala, anna, alva):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    saved = answer(
        uppsala, "KON_PLAN", "sabo", "ja", alva, version=1, comment="Beslutad i nämnden"
    )
    assert (saved.value, saved.version, saved.updated_by) == ("ja", 2, alva)
    history = list(
        AnswerRevision.objects.filter(answer=saved).values_list(
            "version", "value", "created_by__username", "source"
        )
    )
    assert history == [(2, "ja", "alva", "form"), (1, "nej", "anna", "form")]


def test_a_stale_version_is_refused_with_both_values(uppsala, anna, alva):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    with pytest.raises(services.ConcurrentEdit) as caught:
        answer(uppsala, "KON_PLAN", "sabo", "ja", alva, version=0)  # loaded before Anna saved
    assert caught.value.current.value == "nej"
    assert caught.value.attempted == "ja"
    assert Answer.objects.get(question__code="KON_PLAN", activity_code="sabo").value == "nej"
    assert AnswerRevision.objects.count() == 1


def test_a_stale_save_of_the_same_value_is_no_conflict_and_adds_no_revision(uppsala, anna, alva):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    saved = answer(uppsala, "KON_PLAN", "sabo", "ja", alva, version=0)
    assert (saved.version, saved.updated_by) == (1, anna)
    assert AnswerRevision.objects.count() == 1


@pytest.mark.parametrize(
    "code, activity, value, message",
    [
        ("KON_PLAN", "sabo", "kanske", "Välj ett av svaren"),
        ("KON_PARTS", "sabo", ["reserv", "okänd"], "Välj bland"),
        ("KON_UNITS", "", {"numerator": 5, "denominator": 4}, "kan inte vara större än"),
        ("KON_UNITS", "", {"numerator": 5, "denominator": ""}, "Ange både"),
        ("KON_UNITS", "", {"numerator": -1, "denominator": 4}, "negativa"),
        ("UTB_EXERCISES", "", "två", "måste vara ett tal"),
        ("UTB_EXERCISES", "", "2,5", "heltal"),
        ("UTB_EXERCISES", "", "501", "högst 500"),
        ("UTB_EXERCISES", "", "-1", "minst 0"),
    ],
)
def test_invalid_values_are_refused_in_swedish_and_nothing_is_saved(
    uppsala, anna, code, activity, value, message
):
    with pytest.raises(Invalid, match=message):
        answer(uppsala, code, activity, value, anna)
    assert not AnswerRevision.objects.exists()


def test_numbers_are_read_the_swedish_way(uppsala, anna):
    assert answer(uppsala, "UTB_EXERCISES", "", " 12 ", anna).value == 12


def test_an_answer_needs_a_slot_the_question_has(uppsala, anna):
    with pytest.raises(ValidationError):
        answer(uppsala, "KON_PLAN", "khsv", "ja", anna)
    with pytest.raises(ValidationError):
        answer(uppsala, "UTB_EXERCISES", "sabo", "1", anna)


@pytest.mark.parametrize("who", ["cecilia", "bengt", "nadia", "karl"])
def test_only_the_municipality_itself_can_answer(uppsala, cast, who):
    with pytest.raises(PermissionDenied):
        answer(uppsala, "KON_PLAN", "sabo", "ja", cast[who])


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_locked_response_refuses_answers(uppsala, anna, status):
    Response.objects.filter(pk=uppsala.pk).update(status=status)
    with pytest.raises(services.Locked):
        answer(uppsala, "KON_PLAN", "sabo", "ja", anna)


def test_parts_left_without_a_plan_are_flagged_and_cleared_on_submission(uppsala, anna, alva):
    """Answers saved before conditions were enforced (here written directly) are flagged
    on the page, and the submission clears them instead of being stopped by them."""
    answer(uppsala, "KON_PARTS", "sabo", ["reserv"], anna)
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    Answer.objects.filter(question__code="KON_PLAN", activity_code="sabo").update(value="nej")
    problems = {
        (p.slot.question.code, p.slot.activity_code): p.message
        for p in services.problems_before_submit(uppsala)
    }
    assert "inte ställs" in problems[("KON_PARTS", "sabo")]
    cleared = services.clear_moot_answers(response=uppsala, by=alva)
    assert [s.key for s in cleared] == ["KON_PARTS.sabo"]
    parts = Answer.objects.get(question__code="KON_PARTS", activity_code="sabo")
    assert parts.value is None
    assert parts.revisions.order_by("version").last().source == "cleared"


def test_a_conditional_question_is_not_required_when_not_asked(uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    problems = {
        (p.slot.question.code, p.slot.activity_code)
        for p in services.problems_before_submit(uppsala)
    }
    assert ("KON_PARTS", "sabo") not in problems
    assert ("KON_PARTS", "hemtjanst") in problems  # plan not answered yet: cannot tell
    assert ("KON_PLAN", "hemtjanst") in problems


def test_a_question_of_another_edition_is_refused(tmp_path, uppsala, anna):
    from beredskap.catalogue.tests.factories import load_small_edition

    load_small_edition(tmp_path, 2026, follows_previous=True)
    with pytest.raises(ValidationError):
        services.save_answer(
            response=uppsala,
            slot=slot("KON_PLAN", "sabo", 2026),
            value="ja",
            expected_version=0,
            by=anna,
        )
