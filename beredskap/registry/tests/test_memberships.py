"""Memberships change only through services, and every change is audited."""

import pytest
from django.core.exceptions import ValidationError

from beredskap.audit.models import Event
from beredskap.registry import services
from beredskap.registry.models import Membership, Organisation, Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def uppsala(reference):
    return Organisation.objects.get(name="Uppsala kommun")


def test_granting_a_role_is_audited_once(nadia, olle, uppsala):
    services.grant_membership(user=olle, organisation=uppsala, role=Role.RESPONDENT, by=nadia)
    services.grant_membership(user=olle, organisation=uppsala, role=Role.RESPONDENT, by=nadia)
    events = Event.objects.filter(action="membership.granted", details__user="olle")
    assert events.count() == 1
    assert events.get().actor == nadia


def test_changing_a_role_records_old_and_new(nadia, anna):
    membership = anna.memberships.get()
    services.change_role(membership=membership, role=Role.APPROVER, by=nadia)
    event = Event.objects.get(action="membership.role_changed")
    assert event.details["old_role"] == "respondent"
    assert event.details["new_role"] == "approver"
    assert Membership.objects.get(pk=membership.pk).role == "approver"


def test_revoking_a_role_is_audited(nadia, anna):
    services.revoke_membership(membership=anna.memberships.get(), by=nadia)
    assert not anna.memberships.exists()
    assert Event.objects.filter(action="membership.revoked", details__user="anna").exists()


@pytest.mark.parametrize(
    "organisation, role",
    [
        ("Uppsala kommun", Role.REVIEWER),
        ("Socialstyrelsen", Role.RESPONDENT),
        ("Länsstyrelsen i Uppsala län", Role.COORDINATOR),  # only Kronoberg coordinates
        ("Länsstyrelsen i Uppsala län", Role.ANALYST),
    ],
)
def test_a_role_the_organisation_cannot_hold_is_refused(nadia, olle, organisation, role):
    org = Organisation.objects.get(name=organisation)
    with pytest.raises(ValidationError):
        services.grant_membership(user=olle, organisation=org, role=role, by=nadia)
    assert not olle.memberships.exists()
    assert not Event.objects.filter(action="membership.granted", details__user="olle").exists()


def test_admin_adds_a_membership_through_the_service(client, nadia, olle, uppsala):
    client.force_login(nadia)
    response = client.post(
        "/admin/registry/membership/add/",
        {"user": olle.pk, "organisation": uppsala.pk, "role": "approver"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=olle, role="approver").exists()
    assert Event.objects.get(action="membership.granted", details__user="olle").actor == nadia


def test_admin_refuses_a_wrong_role_with_a_message(client, nadia, olle, uppsala):
    client.force_login(nadia)
    response = client.post(
        "/admin/registry/membership/add/",
        {"user": olle.pk, "organisation": uppsala.pk, "role": "reviewer"},
    )
    assert response.status_code == 200
    assert "cannot be held" in response.content.decode() or "kan inte" in response.content.decode()
    assert not Membership.objects.filter(user=olle).exists()


def test_admin_changes_and_deletes_memberships_with_audit(client, nadia, anna):
    membership = anna.memberships.get()
    client.force_login(nadia)
    client.post(f"/admin/registry/membership/{membership.pk}/change/", {"role": "approver"})
    assert Event.objects.filter(action="membership.role_changed", actor=nadia).exists()
    client.post(f"/admin/registry/membership/{membership.pk}/delete/", {"post": "yes"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Event.objects.filter(action="membership.revoked", actor=nadia).exists()


def test_a_user_without_membership_has_no_role(olle):
    assert isinstance(olle, User)
    assert not olle.memberships.exists()
