"""The editions that ship with Beredskap: valid, complete, and revised as in reality."""

from collections import Counter

import pytest
from django.core.management import call_command

from beredskap.catalogue import calculations, services
from beredskap.catalogue.models import Edition, IndicatorVersion

pytestmark = pytest.mark.django_db

ALL_PARTS = ["reserv", "aterstallning", "atergang", "kontakt"]


@pytest.fixture
def editions(db):
    call_command("load_catalogue", verbosity=0)
    return {e.year: e for e in Edition.objects.all()}


def test_four_editions_ship_and_load(editions):
    assert sorted(editions) == [2023, 2024, 2025, 2026]
    assert [p.stem for p in services.shipped_editions()] == ["2023", "2024", "2025", "2026"]


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_each_edition_has_at_least_40_indicators_over_nine_areas(editions, year):
    versions = IndicatorVersion.objects.filter(edition__year=year)
    assert versions.count() >= 40
    assert len(Counter(versions.values_list("area__code", flat=True))) == 9
    assert set(versions.values_list("sensitivity", flat=True)) == {
        "public",
        "aggregate",
        "restricted",
    }


def version(code, year):
    return IndicatorVersion.objects.get(indicator__code=code, edition__year=year)


def test_the_continuity_plan_revision_of_2024_breaks_the_series(editions):
    revised = version("KON01", 2024)
    assert revised.comparable_with_previous is False
    assert "alla fyra" in revised.change_note_sv
    assert version("KON01", 2023).comparable_with_previous is None  # first edition
    assert version("KON01", 2025).comparable_with_previous is True


@pytest.mark.parametrize(
    "year, answers, verdict",
    [
        (2023, {"KON_PLAN": "ja"}, calculations.Verdict.MET),
        (2024, {"KON_PLAN": "ja", "KON_PARTS": ALL_PARTS}, calculations.Verdict.MET),
        (2024, {"KON_PLAN": "ja", "KON_PARTS": ALL_PARTS[:3]}, calculations.Verdict.PARTLY),
        (2024, {"KON_PLAN": "ej_aktuellt"}, calculations.Verdict.NOT_APPLICABLE),
        (2025, {"KON_PLAN": "nej"}, calculations.Verdict.NOT_MET),
    ],
)
def test_the_continuity_plan_is_counted_by_each_years_definition(editions, year, answers, verdict):
    kon01 = version("KON01", year)
    assert calculations.evaluate(kon01.kind, kon01.formula, answers).verdict == verdict


@pytest.mark.parametrize("code", ["SAR01", "SAR02", "UPP01"])
def test_the_other_backbone_indicators_are_comparable_across_years(editions, code):
    assert version(code, 2024).comparable_with_previous is True
    assert version(code, 2025).comparable_with_previous is True


def test_every_indicator_reads_questions_of_its_own_edition(editions):
    for item in IndicatorVersion.objects.prefetch_related("questions"):
        assert item.questions.exists(), item
        assert {q.edition_id for q in item.questions.all()} == {item.edition_id}
