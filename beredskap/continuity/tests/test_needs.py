"""Scenario gaps as support needs on the results pages (`continuity.needs`, a source of
`results.sources`): who sees what, the audit of reads, and query counts that do not grow
with the units or the municipalities."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from beredskap.audit.models import Event
from beredskap.continuity.models import CriticalFunction, Dependency, Unit
from beredskap.library import services as library
from beredskap.planning import services as planning
from beredskap.registry.models import Municipality
from beredskap.results import services as results
from beredskap.results.models import Value
from beredskap.surveys.models import Response
from beredskap.surveys.tests.conftest import complete

from .factories import small_register

pytestmark = pytest.mark.django_db

MUNICIPALITY = "/results/2025/municipalities/0380/"
COUNTY = "/results/2025/counties/03/"
OVERVIEW = "/results/2025/"


@pytest.fixture
def computed(survey_round, uppsala, anna):
    complete(uppsala, anna)
    Response.objects.filter(pk=uppsala.pk).update(
        status="approved", first_submitted_at=timezone.now()
    )
    for basis in Value.Basis.values:
        results.compute_round(survey_round=survey_round, basis=basis)
    return survey_round


@pytest.fixture
def direction(db):
    return planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml").direction


@pytest.fixture
def register(computed, direction, uppsala_municipality, anna):
    return small_register(uppsala_municipality, anna)


def add_register(code: str, name: str, units: int = 1) -> None:
    """`units` units of one heating function each, out after 2 hours without power."""
    municipality = Municipality.objects.get(code=code)
    for n in range(units):
        unit = Unit.objects.create(municipality=municipality, name=f"{name} {n}", people_served=4)
        function = CriticalFunction.objects.create(
            unit=unit, name="Heating", max_tolerable_downtime_hours=4
        )
        Dependency.objects.create(function=function, category="electricity", reserve_hours=2)


def needs(response) -> dict:
    return {need.assumption: need for need, _guidance in response.context["other_needs"]}


def reads(user):
    return Event.objects.filter(actor=user, action__startswith="continuity.read")


def test_the_municipality_sees_its_scenario_needs_with_its_units(client, anna, register):
    client.force_login(anna)
    response = client.get(MUNICIPALITY)
    assert response.status_code == 200
    power = needs(response)["GA_POWER"]
    # heating fails after its 12 hours of reserve, for 156 hours against 4 tolerable;
    # medication rounds (staff) hold: 1 of 2 functions
    assert (power.affected, power.of, power.priority, power.people) == (1, 2, 50, 9)
    assert power.names == ("HVB Björken",)
    html = response.content.decode()
    assert 'id="scenario-needs"' in html and "Brister i scenarier" in html
    assert "/scenarios/0380/?a=GA_POWER" in html and "HVB Björken" in html
    assert not reads(anna).exists()  # her own register: not a read across


def test_the_county_board_sees_counts_without_unit_names_and_the_read_is_audited(
    client, bengt, nadia, register
):
    for reader in (bengt, nadia):
        client.force_login(reader)
        response = client.get(MUNICIPALITY)
        power = needs(response)["GA_POWER"]
        assert (power.affected, power.of, power.names) == (1, 2, ())
        assert "HVB Björken" not in response.content.decode()
        event = reads(reader).get()
        assert event.details == {"municipality": "0380", "what": "scenario needs"}


def test_other_organisations_see_no_scenario_needs(client, cecilia, greta, register):
    for outsider in (cecilia, greta):
        client.force_login(outsider)
        for url in (MUNICIPALITY, COUNTY, OVERVIEW):
            response = client.get(url)
            assert response.status_code == 200
            assert response.context["other_needs"] == [], (outsider, url)
            assert 'id="scenario-needs"' not in response.content.decode()
    assert not Event.objects.filter(action__startswith="continuity.read").exists()


def test_the_county_page_counts_municipalities_and_suppresses_too_few(client, bengt, register):
    client.force_login(bengt)
    power = needs(client.get(COUNTY))["GA_POWER"]
    assert power.suppressed and (power.affected, power.of, power.priority) == (0, 0, 0)
    add_register("0381", "Enköpings boende")
    add_register("0305", "Håbo boende")
    response = client.get(COUNTY)
    power = needs(response)["GA_POWER"]
    assert not power.suppressed and (power.affected, power.of, power.priority) == (3, 3, 100)
    assert power.names[0] == "Uppsala (1 funktion)" and len(power.names) == 3  # most people first
    html = response.content.decode()
    assert "HVB Björken" not in html and "Enköpings boende" not in html
    event = Event.objects.filter(actor=bengt, action="continuity.read_aggregate").latest("pk")
    assert event.details["municipalities"] == ["0305", "0380", "0381"]


def test_the_national_overview_counts_for_analysts_only(client, nadia, bengt, register):
    add_register("0381", "Enköpings boende")
    add_register("0180", "Stockholms boende")
    client.force_login(nadia)
    response = client.get(OVERVIEW)
    power = needs(response)["GA_POWER"]
    assert (power.affected, power.of, power.names) == (3, 3, ())
    assert "/scenarios/national/?a=GA_POWER" in response.content.decode()
    assert Event.objects.filter(actor=nadia, details__what="scenario needs national").exists()
    client.force_login(bengt)
    assert client.get(OVERVIEW).context["other_needs"] == []


def test_scenario_needs_link_the_library_items_for_their_assumption(client, anna, nadia, register):
    library.create_item(
        by=nadia,
        data={
            **library.blank(),
            "slug": "reservkraft-i-boenden",
            "kind": "link",
            "title_sv": "Reservkraft i särskilda boenden",
            "title_en": "Backup power in residential care",
            "url": "https://www.msb.se/sv/amnesomraden/krisberedskap--civilt-forsvar/",
            "publisher": "MSB",
            "assumptions": ["GA_POWER"],
        },
    )
    client.force_login(anna)
    response = client.get(MUNICIPALITY)
    guidance = dict((n.assumption, g) for n, g in response.context["other_needs"])
    assert [i.slug for i in guidance["GA_POWER"]] == ["reservkraft-i-boenden"]
    assert "/library/reservkraft-i-boenden/" in response.content.decode()


def _count(client, url) -> int:
    client.get(url)  # warm: sessions, content types
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_units_or_municipalities(client, bengt, register):
    client.force_login(bengt)
    for code in ("0381", "0305"):
        add_register(code, "Boende")
    small = _count(client, COUNTY), _count(client, MUNICIPALITY)
    for code in ("0381", "0305", "0360", "0382"):
        add_register(code, "Fler boenden", units=30)
    add_register("0380", "Uppsalas boenden", units=40)
    large = _count(client, COUNTY), _count(client, MUNICIPALITY)
    assert small == large
