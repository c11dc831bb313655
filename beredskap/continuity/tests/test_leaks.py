"""Unit-level register data reaches only the municipality, its county board's reviewers
and Socialstyrelsen's analysts; every read by another organisation is audited.

Every continuity URL is requested with real ids as anonymous, as another municipality
(cecilia, Enköping) and as another county (greta, Gotland); every public door (public
pages, downloads, API v1, Kolada) is requested by all three and by the permitted readers,
and no unit-level text may appear anywhere.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from beredskap.audit.models import Event
from beredskap.continuity import services
from beredskap.tests.test_routes import PUBLIC_NAMESPACES, ROUTES, _sample_path

from .factories import ALL_ELEMENTS, tiny_pdf

pytestmark = pytest.mark.django_db

SECRET_UNIT = "HVB Hemligstugan"
SECRET_FUNCTION = "Nödkylning av läkemedelsförråd"


@pytest.fixture
def register(anna, uppsala_municipality):
    unit = services.create_unit(
        municipality=uppsala_municipality, by=anna, name=SECRET_UNIT, activity_code="sabo",
        people_served=11,
    )  # fmt: skip
    function = services.create_function(
        unit=unit, by=anna, name=SECRET_FUNCTION, max_tolerable_downtime_hours=3
    )
    dependency = services.create_dependency(
        function=function, by=anna, category="electricity", reserve_hours=5
    )
    plan = services.upload_plan(
        municipality=uppsala_municipality, by=anna, title="Hemlig plan",
        upload=SimpleUploadedFile("p.pdf", tiny_pdf()), **ALL_ELEMENTS,
    )  # fmt: skip
    return {"unit": unit, "function": function, "dependency": dependency, "plan": plan}


def _continuity_urls(register) -> list[tuple[str, str]]:
    """(method, url) of every continuity route, with Uppsala's real ids."""
    ids = {
        "unit": register["unit"].pk, "unit_edit": register["unit"].pk,
        "function_new": register["unit"].pk, "function_edit": register["function"].pk,
        "dependency_new": register["function"].pk,
        "dependency_edit": register["dependency"].pk,
        "plan_download": register["plan"].pk, "plan_verify": register["plan"].pk,
    }  # fmt: skip
    urls = []
    for name, _route in ROUTES:
        if not (name or "").startswith("continuity:"):
            continue
        short = name.split(":")[1]
        kwargs = {} if short == "index" else {"code": "0380"}
        if short in ids:
            kwargs["pk"] = ids[short]
        if short == "delete":
            kwargs.update(kind="unit", pk=register["unit"].pk)
            urls.append(("post", reverse(name, kwargs=kwargs)))
            continue
        urls.append(("get", reverse(name, kwargs=kwargs)))
    return urls


def _public_urls() -> list[str]:
    return [
        _sample_path(route)
        for name, route in ROUTES
        if (name or "").split(":")[0] in PUBLIC_NAMESPACES
    ]


def _assert_clean(response, where: str) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    for secret in (SECRET_UNIT, SECRET_FUNCTION, "Hemlig plan"):
        assert secret.encode() not in body, f"{secret} leaked at {where}"


def test_outsiders_get_nothing_from_any_continuity_url(client, register, cecilia, greta):
    urls = _continuity_urls(register)
    assert len(urls) == 15
    for method, url in urls:
        anonymous = getattr(client, method)(url)
        assert anonymous.status_code == 302 and "login" in anonymous["Location"], url
    for outsider in (cecilia, greta):
        client.force_login(outsider)
        for method, url in urls:
            response = getattr(client, method)(url)
            if url == "/continuity/":
                assert response.status_code in (200, 302, 403)
                _assert_clean(response, url)
            else:
                assert response.status_code == 404, (outsider, url, response.status_code)
    assert services.Unit.objects.filter(name=SECRET_UNIT).exists()  # the POST removed nothing
    assert not Event.objects.filter(action="continuity.read").exists()


def test_no_public_door_shows_unit_level_data(client, register, cecilia, greta, bengt, nadia):
    urls = _public_urls()
    assert any(u.startswith("/api/v1/") for u in urls) and any("kolada" in u for u in urls)
    for person in (None, cecilia, greta, bengt, nadia):
        client.logout()
        if person is not None:
            client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            _assert_clean(response, url)


def test_each_permitted_read_by_another_organisation_is_audited(client, register, bengt, nadia):
    unit, plan = register["unit"], register["plan"]
    reads = [
        ("/continuity/0380/", "register"),
        (f"/continuity/0380/units/{unit.pk}/", "unit"),
        (f"/continuity/0380/plans/{plan.pk}/download/", "plan"),
        (f"/continuity/0380/plans/{plan.pk}/verify/", "plan"),
    ]
    for reader in (bengt, nadia):
        client.force_login(reader)
        for url, what in reads:
            if url.endswith("verify/") and reader == nadia:
                assert client.get(url).status_code == 403  # analysts read, boards verify
                continue
            before = Event.objects.filter(action="continuity.read", actor=reader).count()
            response = client.get(url)
            assert response.status_code == 200, url
            events = Event.objects.filter(action="continuity.read", actor=reader)
            assert events.count() == before + 1, url
            assert events.first().details == {"municipality": "0380", "what": what}
