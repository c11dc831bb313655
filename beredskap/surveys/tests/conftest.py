"""Helpers for survey tests (the fixtures `edition`, `survey_round`, `uppsala` are global)."""

from beredskap.catalogue.models import Question
from beredskap.surveys import services


def slot(code, activity="", year=2025):
    return services.Slot(Question.objects.get(code=code, edition__year=year), activity)


def answer(response, code, activity, value, by, version=0, **extra):
    return services.save_answer(
        response=response,
        slot=slot(code, activity, response.round.year),
        value=value,
        expected_version=version,
        by=by,
        **extra,
    )


def complete(response, by):
    """Answer every question of the small edition validly."""
    for activity in ("sabo", "hemtjanst"):
        answer(response, "KON_PLAN", activity, "ja", by)
        answer(response, "KON_PARTS", activity, ["reserv", "kontakt"], by)
    answer(response, "KON_UNITS", "", {"numerator": 3, "denominator": 4}, by)
    answer(response, "UTB_EXERCISES", "", "2", by)
