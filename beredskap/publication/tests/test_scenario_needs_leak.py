"""The scenario gaps among the support needs never reach a public door.

The internal results pages show them (`results.sources`, registered by continuity); the
public pages of a release are drawn by the same renderers (`results.pages`), so this
renders them from a real release while Uppsala's register has a gap under a grundantagande,
for every kind of visitor including Uppsala's own respondent and an analyst, and requests
every public route (pages, downloads, API v1, Kolada) too.
"""

import re

import pytest

from beredskap.continuity import services as continuity
from beredskap.planning import services as planning
from beredskap.publication import services
from beredskap.tests.test_routes import PUBLIC_NAMESPACES, ROUTES

pytestmark = pytest.mark.django_db

SECRET_UNIT = "HVB Lönnliden"
SECRET_FUNCTION = "Värme i lokalerna (hemligt)"
SAMPLES = {"year": "2025", "number": "1", "code": "0380"}


@pytest.fixture
def release(approved_round, nadia, anna):
    planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml")
    from beredskap.registry.models import Municipality

    unit = continuity.create_unit(
        municipality=Municipality.objects.get(code="0380"), by=anna, name=SECRET_UNIT,
        activity_code="sabo", people_served=12,
    )  # fmt: skip
    function = continuity.create_function(
        unit=unit, by=anna, name=SECRET_FUNCTION, max_tolerable_downtime_hours=2
    )
    continuity.create_dependency(function=function, by=anna, category="electricity")
    return services.release_round(survey_round=approved_round, notes="Första", by=nadia)


def _path(route: str) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLES.get(m.group(1), "1"), route)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def _public_urls() -> list[str]:
    found = [
        _path(route) for name, route in ROUTES if (name or "").split(":")[0] in PUBLIC_NAMESPACES
    ]
    return [*found, "/comparisons/2025/counties/03/"]


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8", "replace")


def test_no_public_door_shows_scenario_needs(client, release, anna, bengt, nadia, cecilia):
    urls = _public_urls()
    pages = ("/comparisons/2025/", "/comparisons/2025/municipalities/0380/")
    assert all(p in urls for p in pages)
    # the internal page does show the need, so the public one is a real comparison
    client.force_login(anna)
    internal = client.get("/results/2025/municipalities/0380/")
    assert SECRET_UNIT in _body(internal)
    for person in (None, anna, bengt, nadia, cecilia):
        client.logout()
        if person is not None:
            client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            body = _body(response)
            for secret in (
                SECRET_UNIT,
                SECRET_FUNCTION,
                'id="scenario-needs"',
                "Brister i scenarier",
            ):
                assert secret not in body, (person, url, secret)
            if url in pages:
                assert response.status_code == 200, url
                assert response.context["other_needs"] == []
