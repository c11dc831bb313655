"""The scenario pages through the web client: who sees what, the outcome, what-if, and
query counts that do not grow with the register."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.audit.models import Event
from beredskap.continuity import scenarios
from beredskap.continuity.models import CriticalFunction, Dependency, Unit
from beredskap.planning import services as planning

from .factories import small_register

POWER = "/scenarios/0380/?a=GA_POWER"


@pytest.fixture
def direction(db):
    return planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml").direction


@pytest.fixture
def register(direction, uppsala_municipality, anna):
    return small_register(uppsala_municipality, anna)


def reads(user, code="0380"):
    return Event.objects.filter(actor=user, action="continuity.read", details__municipality=code)


def test_anna_runs_a_week_without_power_on_uppsala(client, anna, register):
    client.force_login(anna)
    response = client.get(POWER)
    assert response.status_code == 200
    outcome = response.context["outcome"]
    heating = next(f for f in outcome.functions if f.function_name == "Heating of premises")
    assert (heating.fails_at, heating.cause, heating.downtime_hours) == (12, "electricity", 156)
    assert [g.function_name for g in response.context["gaps"]] == ["Heating of premises"]
    html = response.content.decode()
    assert 'role="img"' in html and '<title id="timeline-title">' in html
    assert html.count("HVB Björken") >= 3  # the gap, the timeline, the table
    assert "Medication rounds" in html  # the table lists functions that hold
    assert not reads(anna).exists()  # her own municipality: not a read across


def test_the_page_without_a_choice_shows_only_the_form(client, anna, register):
    client.force_login(anna)
    response = client.get("/scenarios/0380/")
    assert response.status_code == 200 and response.context["outcome"] is None
    assert b"HVB Bj" not in response.content
    codes = [c.code for c in response.context["form"].choices]
    assert "GA_POWER" in codes and "GA_SUPPLIES" in codes  # restricted, but anna may
    assert "GA_DURATION" not in codes and "GA_INFLUENCE" not in codes  # cut nothing


def test_restricted_assumptions_are_left_out_for_those_who_may_not_see_them(direction):
    public = [c.code for c in scenarios.assumption_choices(direction, restricted=False)]
    assert "GA_SUPPLIES" not in public and "GA_FOOD" not in public and "GA_POWER" in public


def test_a_restricted_code_in_the_address_is_refused_without_permission(rf, direction, olle):
    from beredskap.continuity.scenario_forms import ScenarioForm

    choices = scenarios.assumption_choices(direction, restricted=False)
    form = ScenarioForm(rf.get("/", {"a": "GA_SUPPLIES"}).GET, choices=choices)
    assert not form.is_valid() and "a" in form.errors


def test_what_if_more_fuel_closes_the_gap_and_saves_nothing(client, anna, register):
    client.force_login(anna)
    response = client.get(POWER + "&extra-electricity=160")
    assert response.context["gaps"] == ()
    assert Dependency.objects.get(category="electricity").reserve_hours == 12
    shorter = client.get(POWER + "&p-GA_POWER-duration_hours=10")
    assert shorter.context["summary"].failing == 0


def test_bad_what_if_values_are_refused_with_the_field_named(client, anna, register):
    client.force_login(anna)
    response = client.get(POWER + "&p-GA_POWER-duration_hours=-5&extra-staff=abc")
    form = response.context["form"]
    assert response.context["outcome"] is None
    assert set(form.errors) == {"p-GA_POWER-duration_hours", "extra-staff"}
    assert b'aria-invalid="true"' in response.content


def test_staff_absence_with_its_peak_on_the_page(client, anna, register):
    client.force_login(anna)
    response = client.get("/scenarios/0380/?a=GA_STAFF")
    rounds = next(
        f for f in response.context["outcome"].functions if f.function_name == "Medication rounds"
    )
    # 5 staff, 3 needed: 2 away at the 40 % peak (3 present), 1 away after: holds.
    assert rounds.fails_at is None
    response = client.get("/scenarios/0380/?a=GA_STAFF&p-GA_STAFF-peak_share=0.5")
    rounds = next(
        f for f in response.context["outcome"].functions if f.function_name == "Medication rounds"
    )
    assert rounds.periods == ((0, 336),)  # 3 away at 50 %: 2 present for two weeks


def test_who_may_see_a_municipalitys_scenarios(client, register, cecilia, greta, olle, bengt):
    assert client.get(POWER).status_code == 302  # to the sign-in page
    for outsider in (cecilia, greta, olle):
        client.force_login(outsider)
        assert client.get(POWER).status_code == 404
    assert not Event.objects.filter(action="continuity.read").exists()
    client.force_login(bengt)
    assert client.get(POWER).status_code == 200
    assert reads(bengt).count() == 1


def test_the_county_sees_its_municipalities_side_by_side(client, register, bengt, greta, anna):
    client.force_login(bengt)
    response = client.get("/scenarios/county/03/?a=GA_POWER")
    assert response.status_code == 200
    rows = {m.code: summary for m, summary, _ in response.context["rows"]}
    assert len(rows) == 8 and rows["0380"].gaps == 1 and rows["0381"].functions == 0
    assert response.context["total"].suppressed  # one municipality has a register
    assert reads(bengt).count() == 1  # Uppsala's register was read; the empty ones not
    for outsider in (greta, anna):
        client.force_login(outsider)
        assert client.get("/scenarios/county/03/?a=GA_POWER").status_code == 404


def add_register(municipality, name):
    unit = Unit.objects.create(municipality=municipality, name=name, activity_code="HVB")
    function = CriticalFunction.objects.create(
        unit=unit, name="Heating", max_tolerable_downtime_hours=4
    )
    Dependency.objects.create(function=function, category="electricity", reserve_hours=2)


def test_the_nation_shows_counts_and_shares_and_suppresses_small_groups(
    client, register, nadia, bengt, enkoping_municipality
):
    from beredskap.registry.models import Municipality

    client.force_login(nadia)
    response = client.get("/scenarios/national/?a=GA_POWER")
    assert response.status_code == 200
    assert response.context["total"].suppressed
    assert b"HVB Bj" not in response.content
    add_register(enkoping_municipality, "Enköpings boende")
    add_register(Municipality.objects.get(code="0305"), "Håbo boende")
    response = client.get("/scenarios/national/?a=GA_POWER")
    rows = {county.code: a for county, a in response.context["rows"]}
    assert not rows["03"].suppressed and rows["03"].with_gaps == 3 and rows["01"].suppressed
    assert response.context["total"].share_with_gaps == 1
    assert b"HVB Bj" not in response.content and b"Enk\xc3\xb6pings boende" not in response.content
    assert Event.objects.filter(actor=nadia, action="continuity.read_aggregate").exists()
    client.force_login(bengt)
    assert client.get("/scenarios/national/?a=GA_POWER").status_code == 404


def test_the_index_lists_what_the_user_may_open(client, anna, bengt, nadia, olle, register):
    client.force_login(anna)
    assert b"/scenarios/0380/" in client.get("/scenarios/").content
    client.force_login(bengt)
    assert b"/scenarios/county/03/" in client.get("/scenarios/").content
    client.force_login(nadia)
    assert b"/scenarios/national/" in client.get("/scenarios/").content
    client.force_login(olle)
    assert client.get("/scenarios/").status_code == 403


def build(municipality, units: int) -> None:
    """`units` units of five functions with two dependencies each, written at once."""
    made = Unit.objects.bulk_create(
        Unit(municipality=municipality, name=f"Enhet {i:03}", activity_code="HVB", people_served=5)
        for i in range(units)
    )
    functions = CriticalFunction.objects.bulk_create(
        CriticalFunction(unit=u, name=f"Funktion {j}", max_tolerable_downtime_hours=4 * j)
        for u in made
        for j in range(5)
    )
    Dependency.objects.bulk_create(
        d
        for i, f in enumerate(functions)
        for d in (
            Dependency(function=f, category="electricity", reserve_hours=i % 200),
            Dependency(function=f, category="staff", minimum_staff=3, staff_available=4),
        )
    )


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_does_not_grow_with_the_units(client, direction, disa, uppsala_municipality):
    """20 units (100 functions) in Enköping, 200 units (1,000 functions) in Uppsala: disa
    answers for both, so neither page records a read."""
    build(enkoping := uppsala_municipality.county.municipalities.get(code="0381"), 20)
    build(uppsala_municipality, 200)
    assert CriticalFunction.objects.filter(unit__municipality=uppsala_municipality).count() == 1000
    client.force_login(disa)
    url = "/scenarios/{}/?a=GA_POWER&a=GA_STAFF"
    queries_for(client, url.format(enkoping.code))  # warm: sessions, caches
    small = queries_for(client, url.format(enkoping.code))
    large = queries_for(client, url.format(uppsala_municipality.code))
    assert small == large == 13, (small, large)  # 12, and the library items for the gaps


def test_the_county_ranks_its_municipalities_by_gaps(client, register, bengt, reference):
    from beredskap.registry.models import Municipality

    add_register(Municipality.objects.get(code="0305"), "Håbo boende")
    client.force_login(bengt)
    response = client.get("/scenarios/county/03/?a=GA_POWER")
    assert [name for name, _ in response.context["needs"]] == ["Uppsala", "Håbo"]
    html = response.content.decode()
    assert html.index("Uppsala: 1") < html.index("Håbo: 1")


def test_no_scenario_url_shows_unit_level_data_to_outsiders(client, register, cecilia, greta):
    from beredskap.tests.test_routes import ROUTES, _sample_path

    urls = [
        _sample_path(route).replace("/county/0380/", "/county/03/")
        for name, route in ROUTES
        if (name or "").startswith("scenarios:")
    ]
    assert len(urls) == 4
    for user in (None, cecilia, greta):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            response = client.get(url + "?a=GA_POWER&a=GA_STAFF")
            assert "HVB Bj" not in response.content.decode(), (user, url)
            assert response.status_code in (200, 302, 403, 404), (user, url)
    assert not Event.objects.filter(action__startswith="continuity.read").exists()


def test_the_demo_registers_fail_differently_by_municipality(client, direction, bengt):
    """The demo's registers under a power outage: at two days Uppsala and Knivsta (days of
    backup power) fare better than Heby and Älvkarleby (none for most units); at the
    direction's seven days Knivsta (fuel for ten days in most units) still does."""
    from beredskap.demo.continuity import create_registers

    create_registers()
    client.force_login(bengt)
    response = client.get("/scenarios/county/03/?a=GA_POWER&p-GA_POWER-duration_hours=48")
    rows = {m.code: (summary, first) for m, summary, first in response.context["rows"]}
    knivsta, uppsala, heby = rows["0330"], rows["0380"], rows["0331"]
    assert knivsta[0].failing == 0 and knivsta[1] is None  # days of backup power: holds
    assert uppsala[0].units == 48 and heby[0].units == 8
    assert heby[0].gaps / heby[0].functions > 2 * uppsala[0].gaps / uppsala[0].functions
    week = client.get("/scenarios/county/03/?a=GA_POWER")  # 168 h
    rows = {m.code: summary for m, summary, _first in week.context["rows"]}
    share = {code: rows[code].gaps / rows[code].functions for code in ("0330", "0331", "0380")}
    assert share["0330"] < share["0380"] / 2 and share["0330"] < share["0331"] / 2


def _library_item(by, slug: str, assumption: str):
    from beredskap.library import services as library

    return library.create_item(
        by=by,
        data={
            **library.blank(), "slug": slug, "kind": "link", "title_sv": f"Stöd {slug}",
            "title_en": f"Support {slug}", "publisher": "Socialstyrelsen",
            "url": "https://kunskapsguiden.se/", "assumptions": [assumption],
        },
    )  # fmt: skip


def test_each_gap_links_the_library_items_for_the_assumption_that_causes_it(
    client, anna, bengt, nadia, register
):
    _library_item(nadia, "reservkraft", "GA_POWER")
    _library_item(nadia, "personalplanering", "GA_STAFF")
    client.force_login(anna)
    response = client.get("/scenarios/0380/?a=GA_POWER&a=GA_STAFF")
    [(gap, items)] = response.context["gap_rows"]
    assert gap.function_name == "Heating of premises"  # out for want of electricity
    assert [i.slug for i in items] == ["reservkraft"]
    html = response.content.decode()
    gaps = html[
        html.index('<ol class="gaps"') : html.index("</ol>", html.index('<ol class="gaps"'))
    ]
    assert 'href="/library/reservkraft/"' in gaps and "personalplanering" not in gaps
    client.force_login(bengt)
    county = client.get("/scenarios/county/03/?a=GA_POWER").content.decode()
    assert 'id="guidance-title"' in county and 'href="/library/reservkraft/"' in county
    client.force_login(nadia)
    national = client.get("/scenarios/national/?a=GA_STAFF").content.decode()
    assert 'href="/library/personalplanering/"' in national and "reservkraft" not in national
