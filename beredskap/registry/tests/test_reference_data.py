import csv
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from beredskap.registry.models import (
    County,
    Municipality,
    MunicipalityGroupAssignment,
    Organisation,
)
from beredskap.registry.services import load_reference_data

SHARED_REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference"

pytestmark = pytest.mark.django_db


def _independent(name):
    path = SHARED_REFERENCE / name
    if not path.exists():
        pytest.skip(f"independent reference list {path} is not present")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_290_municipalities_match_the_independent_list(reference):
    expected = {
        (r["code"], r["name"], r["county_code"]) for r in _independent("municipalities.csv")
    }
    shipped = set(Municipality.objects.values_list("code", "name", "county__code"))
    assert len(shipped) == 290
    assert shipped == expected


def test_the_21_counties_match_the_independent_list(reference):
    expected = {(r["code"], r["name"]) for r in _independent("counties.csv")}
    assert set(County.objects.values_list("code", "name")) == expected
    assert len(expected) == 21


def test_every_municipality_and_county_board_has_an_organisation(reference):
    assert Organisation.objects.filter(kind="municipality").count() == 290
    assert not Municipality.objects.filter(organisation__isnull=True).exists()
    assert not County.objects.filter(county_board__isnull=True).exists()
    assert Organisation.objects.get(kind="national").name == "Socialstyrelsen"


def test_only_kronoberg_is_the_national_coordinator(reference):
    coordinators = Organisation.objects.filter(is_coordinator=True)
    assert [o.name for o in coordinators] == ["Länsstyrelsen i Kronobergs län"]


def test_every_municipality_has_an_skr_group_in_the_2023_grouping(reference):
    counts = Counter(
        MunicipalityGroupAssignment.objects.filter(year=2023).values_list("group__code", flat=True)
    )
    assert sum(counts.values()) == 290
    assert counts == {
        "A1": 3, "A2": 43, "B3": 23, "B4": 63, "B5": 24,
        "C6": 27, "C7": 51, "C8": 35, "C9": 21,
    }  # fmt: skip


def test_the_group_in_force_is_the_latest_grouping_up_to_the_year(reference):
    stockholm = Municipality.objects.get(code="0180")
    assert stockholm.group_for(2025).code == "A1"
    assert stockholm.group_for(2022) is None  # no grouping older than 2023 is stored
    annotated = Municipality.objects.with_group(2026).get(code="0381")
    assert annotated.group_code == "B4"


def test_a_groups_members_are_those_whose_group_in_force_it_is(reference):
    """`in_group` (read from the group's assignments) names the same municipalities as
    filtering every municipality's group in force, before and after a regrouping."""
    from beredskap.registry.models import MunicipalityGroup, MunicipalityGroupAssignment

    moved = Municipality.objects.get(code="0381")
    MunicipalityGroupAssignment.objects.create(
        municipality=moved, year=2025, group=MunicipalityGroup.objects.get(code="A2")
    )
    codes = set(MunicipalityGroup.objects.values_list("code", flat=True))
    for year in (2022, 2023, 2024, 2025, 2026):
        for code in codes:
            annotated = Municipality.objects.with_group(year).filter(group_code=code)
            assert set(Municipality.objects.in_group(year, code)) == set(annotated), (year, code)
    assert moved in Municipality.objects.in_group(2025, "A2")
    assert moved not in Municipality.objects.in_group(2025, "B4")
    assert moved in Municipality.objects.in_group(2024, "B4")


def test_every_municipality_has_a_centroid_inside_sweden(reference):
    # Sweden's bounding box: Koster to Haparanda, Smygehuk to Treriksröset.
    for code, lat, lon in Municipality.objects.values_list("code", "latitude", "longitude"):
        assert lat is not None and lon is not None, code
        assert 55.3 <= lat <= 69.1 and 10.9 <= lon <= 24.2, code
    # Spot checks: Stockholm, Kiruna in the far north, Ystad in the far south.
    assert Municipality.objects.values_list("latitude", "longitude").get(code="0180") == (
        pytest.approx(59.33, abs=0.1),
        pytest.approx(18.0, abs=0.15),
    )
    assert Municipality.objects.get(code="2584").latitude > 67.5
    assert Municipality.objects.get(code="1286").latitude < 55.6


def test_loading_again_fills_only_missing_centroids(reference):
    Municipality.objects.filter(code="0380").update(latitude=None, longitude=None)
    Municipality.objects.filter(code="0180").update(latitude=59.0, longitude=18.0)
    load_reference_data()
    assert Municipality.objects.get(code="0380").latitude is not None
    assert Municipality.objects.values_list("latitude", "longitude").get(code="0180") == (
        59.0,
        18.0,
    )


def test_loading_twice_changes_nothing(reference):
    before = (Municipality.objects.count(), Organisation.objects.count())
    summary = load_reference_data()
    assert (summary.municipalities, summary.organisations) == before
    assert (Municipality.objects.count(), Organisation.objects.count()) == before


def test_load_reference_command_reports_what_it_loaded(db):
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "21 counties, 290 municipalities, 9 SKR groups (groupings 2023), 316 organisations" in (
        out.getvalue()
    )
