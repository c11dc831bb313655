"""The engine through its doors: approval triggers a recompute; the command recomputes."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

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
    # KON01 for 2 activities and their summary, KON02 municipality-wide; 290 + 21 + 9 + 1
    # units each
    assert Value.objects.filter(basis="approved").count() == 4 * (290 + 21 + 9 + 1)


def test_the_command_recomputes_with_progress_and_refuses_unknown_rounds(survey_round, capsys):
    out = StringIO()
    call_command("compute_results", "--round", "2025", "--basis", "approved", stdout=out)
    assert (
        "Round 2025 (approved): 2 indicators, 0 municipalities with answers, 1284 values."
        in out.getvalue()
    )
    assert "2/2" in capsys.readouterr().err
    with pytest.raises(CommandError, match="No survey round 1999"):
        call_command("compute_results", "--round", "1999")


def stored():
    fields = ["indicator_id", "level", "unit_code", "activity_code"]
    values = ["value", "numerator", "denominator", "verdict", "reason", "units", "classification"]
    return {
        row[:4]: row[4:]
        for row in Value.objects.values_list(*fields, *values, "pk", "computed_at")
    }


def test_a_recompute_writes_what_changed_and_removes_what_is_gone(
    survey_round, uppsala, anna, alva, bengt
):
    complete(uppsala, anna)
    surveys.submit_response(response=uppsala, by=alva)
    surveys.approve_response(response=uppsala, by=bengt)
    services.compute_round(survey_round=survey_round)
    before = stored()
    uppsala.answers.filter(question__code="KON_PLAN", activity_code="sabo").update(value="nej")
    gone = Value.objects.create(
        round=survey_round, indicator=value("nation", "SE").indicator, basis="approved",
        level="municipality", unit_code="9999",
    )  # fmt: skip

    services.compute_round(survey_round=survey_round)

    after = stored()
    assert not Value.objects.filter(pk=gone.pk).exists()
    assert value("municipality", "0380").verdict == "not_met"
    rewritten = {key for key, row in after.items() if row[-2:] != before[key][-2:]}
    kon01 = value("nation", "SE").indicator_id
    assert (kon01, "municipality", "0380", "sabo") in rewritten
    assert (kon01, "nation", "SE", "sabo") in rewritten
    assert (kon01, "municipality", "0380", "hemtjanst") not in rewritten
    assert len(rewritten) < len(after) / 10  # the rest kept its row and computed_at
    # The same values as a recompute from scratch.
    Value.objects.all().delete()
    services.compute_round(survey_round=survey_round)
    assert {k: v[:-2] for k, v in stored().items()} == {k: v[:-2] for k, v in after.items()}


def _estimated_rows() -> float:
    """The planner's row count of the values table (pg_class.reltuples; -1: never analyzed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Value._meta.db_table]
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_large_first_computation_refreshes_the_planner_statistics(survey_round, monkeypatch):
    before = _estimated_rows()
    monkeypatch.setattr(services, "ANALYZE_AFTER", 1_000_000)
    first = services.compute_round(survey_round=survey_round, basis="preliminary")
    assert first.written > 1000 and _estimated_rows() == before  # below the threshold

    monkeypatch.setattr(services, "ANALYZE_AFTER", 1000)
    again = services.compute_round(survey_round=survey_round)  # the approved basis: all new
    assert again.written == Value.objects.filter(basis="approved").count() > 1000
    assert _estimated_rows() == Value.objects.count()
