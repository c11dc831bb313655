"""Guessing passwords at the sign-in page: slowed, then refused, audited, and a right
password during a lock does not sign in. Counts live in the shared `counters` store."""

from django.utils import translation

from beredskap.audit.models import Event
from beredskap.registry import throttle
from beredskap.tests.cast import PASSWORD

LOGIN = "/accounts/login/"
REFUSED = "För många misslyckade inloggningar"


def _sign_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def test_five_wrong_passwords_then_the_page_says_wait_and_the_refusal_is_audited(client, anna):
    for _ in range(5):
        assert REFUSED not in _sign_in(client, "anna", "wrong").content.decode()

    response = _sign_in(client, "anna", "wrong")

    assert response.status_code == 200
    page = response.content.decode()
    assert REFUSED in page and "Försök igen om 1 min." in page
    event = Event.objects.get(action="auth.login_throttled")
    assert event.actor is None and event.actor_name == "anna"
    assert event.details["ip"] == "127.0.0.1"
    assert Event.objects.filter(action="auth.login_failed").count() == 5  # not re-checked


def test_a_right_password_after_30_wrong_ones_does_not_sign_in(client, anna):
    for _ in range(30):
        _sign_in(client, "anna", "wrong")

    response = _sign_in(client, "anna", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert REFUSED in response.content.decode()
    assert not Event.objects.filter(action="auth.login").exists()


def test_the_lock_is_on_the_username_from_any_address(client, anna):
    for _ in range(10):
        _sign_in(client, "Anna", "wrong", REMOTE_ADDR="192.0.2.1")

    response = _sign_in(client, "anna", PASSWORD, REMOTE_ADDR="192.0.2.99")

    assert "_auth_user_id" not in client.session
    assert REFUSED in response.content.decode()


def test_one_address_guessing_many_usernames_is_refused_for_all(client, anna):
    for number in range(50):
        _sign_in(client, f"guess{number}", "wrong", REMOTE_ADDR="203.0.113.5")

    refused = _sign_in(client, "anna", PASSWORD, REMOTE_ADDR="203.0.113.5")
    elsewhere = _sign_in(client, "anna", PASSWORD, REMOTE_ADDR="203.0.113.6")

    assert REFUSED in refused.content.decode()
    assert elsewhere.status_code == 302  # other addresses are not locked


def test_a_right_password_forgives_earlier_mistakes(client, anna):
    for _ in range(4):
        _sign_in(client, "anna", "wrong")
    assert _sign_in(client, "anna", PASSWORD).status_code == 302
    client.post("/accounts/logout/")

    for _ in range(4):
        _sign_in(client, "anna", "wrong")

    assert _sign_in(client, "anna", PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, nadia):
    for _ in range(10):
        client.post("/admin/login/", {"username": "nadia", "password": "wrong"})

    response = client.post("/admin/login/", {"username": "nadia", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    with translation.override("sv"):
        assert REFUSED in response.content.decode()


def test_ten_failures_in_the_window_lock_the_username_for_fifteen_minutes(client, anna):
    # Failures spread over several minutes (each after the one-minute lock ended), as
    # counted by any worker: the sign-in page then refuses for the long lock.
    for _ in range(10):
        throttle.login_failed(username="anna", address="192.0.2.1")

    response = _sign_in(client, "anna", PASSWORD)

    assert "_auth_user_id" not in client.session
    assert "Försök igen om 15 min." in response.content.decode()
