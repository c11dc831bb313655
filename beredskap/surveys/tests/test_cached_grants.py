"""A user's roles kept in the shared cache between requests (settings.GRANTS_CACHE): read
once, and ended at once when a membership changes, so a revoked role never lingers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.registry import services
from beredskap.registry.models import Organisation, Role

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"


@pytest.fixture(autouse=True)
def _shared_grants(settings):
    settings.GRANTS_CACHE = "default"  # the tests' local-memory cache stands in for Redis


def membership_reads(client, expect: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == expect
    # The grants' own read (the page also asks who else acts, through memberships).
    return sum('WHERE "registry_membership"."user_id" = ' in q["sql"] for q in queries)


def test_grants_are_read_once_then_taken_from_the_cache(client, uppsala, anna):
    client.force_login(anna)
    assert membership_reads(client, 200) >= 1
    assert membership_reads(client, 200) == 0


def test_a_revoked_role_ends_at_once(
    client, uppsala, anna, nadia, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    membership_reads(client, 200)
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_membership(membership=anna.memberships.get(), by=nadia)
    assert membership_reads(client, 404) >= 1


def test_a_granted_or_changed_role_counts_at_once(
    client, uppsala, anna, nadia, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    membership = anna.memberships.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_membership(membership=membership, by=nadia)
    membership_reads(client, 404)
    uppsala_kommun = Organisation.objects.get(municipality__code="0380")
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_membership(
            user=anna, organisation=uppsala_kommun, role=Role.APPROVER, by=nadia
        )
    assert membership_reads(client, 200) >= 1
    page = client.get(URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_role(membership=anna.memberships.get(), role=Role.RESPONDENT, by=nadia)
    assert membership_reads(client, 200) >= 1
    assert client.get(URL).content.decode() != page  # an approver's buttons are gone


def test_without_a_shared_cache_grants_are_read_every_request(client, uppsala, anna, settings):
    settings.GRANTS_CACHE = ""
    client.force_login(anna)
    membership_reads(client, 200)
    assert membership_reads(client, 200) >= 1


def test_a_changed_organisation_ends_its_members_grants(
    client, uppsala, anna, django_capture_on_commit_callbacks
):
    """An organisation changed (in the admin, say) may move its members' grants: their
    next request reads them again."""
    client.force_login(anna)
    membership_reads(client, 200)
    assert membership_reads(client, 200) == 0
    organisation = Organisation.objects.get(municipality__code="0380")
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert membership_reads(client, 200) >= 1
