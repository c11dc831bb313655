"""The county report draft's scenario outcomes: aggregated, public assumptions only, no
municipality or unit named, suppressed below 3 municipalities."""

from django.utils import translation

from beredskap.continuity.models import CriticalFunction, Dependency, Unit
from beredskap.planning import services as planning
from beredskap.registry.models import County, Municipality
from beredskap.reporting import drafts


def register(code: str, reserve: int) -> None:
    unit = Unit.objects.create(
        municipality=Municipality.objects.get(code=code), name=f"Boende {code}", people_served=9
    )
    heating = CriticalFunction.objects.create(
        unit=unit, name="Värme", max_tolerable_downtime_hours=4
    )
    Dependency.objects.create(function=heating, category="electricity", reserve_hours=reserve)


def outcome_rows(county):
    with translation.override("en"):
        draft = drafts.county_draft(county, 2030)
    tables = [t for t in draft.section("development").tables if "Scenario" in t.caption]
    sheet = next(s for s in draft.numbers if s.name == "Scenario outcomes")
    return tables, {row[0]: row[1:] for row in sheet.rows}


def test_the_draft_aggregates_the_county_registers_by_assumption(reference):
    planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml")
    county = County.objects.get(code="03")
    with translation.override("en"):
        development = drafts.county_draft(county, 2030).section("development")
    assert not any("Scenario" in t.caption for t in development.tables)

    register("0380", 12)  # fails after 12 h of a week without power
    register("0381", 200)  # lasts the week
    tables, rows = outcome_rows(county)
    assert len(tables) == 1
    assert rows["Long power outage"] == [2, None, None, None]  # two: suppressed
    register("0305", 0)
    _tables, rows = outcome_rows(county)
    assert [float(v) if v is not None else v for v in rows["Long power outage"]] == [
        3,
        2,
        66.7,
        66.7,
    ]
    assert rows["Extensive staff absence"][1] == 0
    assert "Disrupted food supply" not in rows  # restricted: not in the report
    text = repr(tables[0])
    assert "Boende" not in text and "Uppsala" not in text


def test_the_scenario_gaps_count_among_the_countys_support_needs(reference):
    planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml")
    county = County.objects.get(code="03")
    register("0380", 12)
    register("0381", 200)
    with translation.override("en"):
        draft = drafts.county_draft(county, 2030)
    assert not any(s.name == "County needs" for s in draft.numbers)  # two: suppressed
    register("0305", 0)
    with translation.override("en"):
        draft = drafts.county_draft(county, 2030)
    needs = next(s for s in draft.numbers if s.name == "County needs")
    rows = {row[0]: row[1:] for row in needs.rows}
    title, priority, addressed = rows["GA_POWER"]
    assert (title, float(priority), addressed) == ("Long power outage", 66.67, "Still open")
    assert "GA_FOOD" not in rows  # restricted: not in the report
    development = next(s for s in draft.numbers if s.name == "Development")
    assert any(row[0] == "GA_POWER" for row in development.rows)  # an open starting point
    text = repr(draft)
    assert "Boende 0" not in text
