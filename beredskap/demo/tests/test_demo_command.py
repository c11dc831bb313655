"""`beredskap demo` prepares a usable demo and is safe to re-run."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from beredskap.demo import services as demo_services
from beredskap.registry import access
from beredskap.registry.models import Municipality, Shape, User
from beredskap.registry.tests.geofiles import shared

pytestmark = pytest.mark.django_db

EXPECTED_ROLES = {
    "anna": ("respondent", "Uppsala kommun"),
    "alva": ("approver", "Uppsala kommun"),
    "cecilia": ("respondent", "Enköping kommun"),
    "erik": ("approver", "Enköping kommun"),
    "bengt": ("reviewer", "Länsstyrelsen i Uppsala län"),
    "karl": ("coordinator", "Länsstyrelsen i Kronobergs län"),
    "nadia": ("analyst", "Socialstyrelsen"),
}


def _demo(*args):
    out = StringIO()
    call_command("demo", "--no-serve", "--no-surveys", *args, stdout=out)
    return out.getvalue()


def test_demo_creates_one_user_per_role_and_prints_credentials(settings):
    settings.DEBUG = True
    output = _demo()
    assert Municipality.objects.count() == 290
    for username, (role, organisation) in EXPECTED_ROLES.items():
        user = User.objects.get(username=username)
        membership = user.memberships.get()
        assert (membership.role, membership.organisation.name) == (role, organisation)
        assert username in output
        assert user.check_password("beredskap-demo")
    assert "password: beredskap-demo" in output
    assert "http://127.0.0.1:8000/" in output


def test_rerunning_the_demo_is_safe(settings):
    settings.DEBUG = True
    _demo()
    before = (User.objects.count(), Municipality.objects.count())
    _demo("--port", "8123")
    assert (User.objects.count(), Municipality.objects.count()) == before
    assert all(len(access.grants(User.objects.get(username=u))) == 1 for u in EXPECTED_ROLES)


def test_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=False"):
        _demo()
    assert not User.objects.filter(username="anna").exists()


def test_demo_refuses_a_bad_port(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--port"):
        _demo("--port", "70000")


def test_demo_draws_real_boundaries_when_the_public_files_are_present(settings):
    settings.DEBUG = True
    shared("swedish_municipalities.geojson")  # or skip: the files are not shipped
    output = _demo()
    assert Shape.objects.filter(level="municipality").count() == 290
    assert Shape.objects.filter(level="county").count() == 21
    assert "Boundaries: 290 municipality shapes." in output
    _demo()  # a re-run keeps what is there
    assert Shape.objects.count() == 290 + 21


def test_demo_without_boundary_files_says_maps_use_centroids(settings, tmp_path, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(demo_services, "SHARED_GEO", tmp_path)
    output = _demo()
    assert not Shape.objects.exists()
    assert f"No boundary files in {tmp_path}" in output
