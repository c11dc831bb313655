"""The engine through its doors: approval triggers a recompute; the command recomputes."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from beredskap.results import services
from beredskap.results.models import Value
from beredskap.surveys import services as surveys
from beredskap.surveys.tests.conftest import complete

pytestmark = pytest.mark.django_db


def value(level, unit, code="KON01", activity="sabo", basis="approved"):
    return Value.objects.get(
        basis=basis,
        level=level,
        unit_code=unit,
        indicator__indicator__code=code,
        activity_code=activity,
    )


def test_approving_a_response_recomputes_the_round(
    uppsala, anna, alva, bengt, django_capture_on_commit_callbacks
):
    complete(uppsala, anna)
    surveys.submit_response(response=uppsala, by=alva)
    with django_capture_on_commit_callbacks(execute=True):
        surveys.approve_response(response=uppsala, by=bengt)
    assert value("municipality", "0380").verdict == "met"
    nation = value("nation", "SE")
    assert (nation.value, nation.units) == (Decimal(100), 1)
    assert value("municipality", "0381").reason == "not_answered"
    assert value("nation", "SE", code="KON02", activity="").value == Decimal(75)


def test_preliminary_values_include_submitted_answers_and_final_ones_do_not(
    survey_round, uppsala, anna, alva
):
    complete(uppsala, anna)
    surveys.submit_response(response=uppsala, by=alva)
    services.compute_round(survey_round=survey_round, basis="preliminary")
    services.compute_round(survey_round=survey_round, basis="approved")
    assert value("municipality", "0380", basis="preliminary").verdict == "met"
    assert value("municipality", "0380", basis="approved").reason == "not_answered"


def test_recompute_is_idempotent(survey_round, uppsala, anna, alva, bengt):
    complete(uppsala, anna)
    surveys.submit_response(response=uppsala, by=alva)
    surveys.approve_response(response=uppsala, by=bengt)
    fields = [
        "indicator_id",
        "level",
        "unit_code",
        "activity_code",
        "value",
        "verdict",
        "reason",
        "units",
        "classification",
    ]
    services.compute_round(survey_round=survey_round)
    first = sorted(Value.objects.values_list(*fields))
    services.compute_round(survey_round=survey_round)
    assert sorted(Value.objects.values_list(*fields)) == first
    # 2 indicators: KON01 for 2 activities, KON02 municipality-wide; 290 + 21 + 9 + 1 units each
    assert Value.objects.filter(basis="approved").count() == 3 * (290 + 21 + 9 + 1)


def test_the_command_recomputes_with_progress_and_refuses_unknown_rounds(survey_round, capsys):
    out = StringIO()
    call_command("compute_results", "--round", "2025", "--basis", "approved", stdout=out)
    assert (
        "Round 2025 (approved): 2 indicators, 0 municipalities with answers, 963 values."
        in out.getvalue()
    )
    assert "2/2" in capsys.readouterr().err
    with pytest.raises(CommandError, match="No survey round 1999"):
        call_command("compute_results", "--round", "1999")
