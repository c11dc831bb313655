"""The audit trail is append-only and records sign-ins."""

import pytest

from beredskap import audit
from beredskap.audit.models import AppendOnlyError, Event
from beredskap.tests.cast import PASSWORD

pytestmark = pytest.mark.django_db


def test_record_keeps_actor_action_target_and_details(nadia, anna):
    event = audit.record(actor=nadia, action="test.done", target=anna, reason="because")
    event.refresh_from_db()
    assert (event.actor, event.actor_name, event.action) == (nadia, "nadia", "test.done")
    assert (event.target_type, event.target_id) == ("registry.user", str(anna.pk))
    assert event.details == {"reason": "because"}
    assert list(Event.objects.for_target(anna)) == [event]


def test_events_cannot_be_changed_or_removed(nadia):
    event = audit.record(actor=nadia, action="test.done")
    event.action = "test.forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(action="test.forged")
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.get(pk=event.pk).action == "test.done"


def test_admin_shows_events_read_only(client, nadia):
    event = audit.record(actor=nadia, action="test.done")
    client.force_login(nadia)
    assert client.get("/admin/audit/event/").status_code == 200
    assert client.get("/admin/audit/event/add/").status_code == 403
    assert (
        client.post(f"/admin/audit/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    change = client.post(f"/admin/audit/event/{event.pk}/change/", {"action": "test.forged"})
    assert change.status_code == 403
    assert Event.objects.get(pk=event.pk).action == "test.done"


def test_login_and_logout_are_recorded(client, anna):
    response = client.post("/accounts/login/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 302
    assert Event.objects.filter(action="auth.login", actor=anna).count() == 1
    client.post("/accounts/logout/")
    assert Event.objects.filter(action="auth.logout", actor=anna).count() == 1


def test_a_failed_login_is_recorded_with_the_name_tried_and_a_clear_message(client, anna):
    response = client.post("/accounts/login/", {"username": "anna", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert 'role="alert"' in page
    event = Event.objects.get(action="auth.login_failed")
    assert event.actor is None
    assert event.actor_name == "anna"
    assert "password" not in event.details
