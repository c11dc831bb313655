"""Signing in at the deadline: Argon2id hashes, old PBKDF2 hashes upgraded on the way in,
and a session that slides with activity for a working day."""

import time

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from beredskap.registry.sessions import SlidingSessionMiddleware
from beredskap.tests.cast import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture
def real_hashers(settings):
    """The production list (the root conftest switches every test to MD5 for speed)."""
    from beredskap import settings as project

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS


def test_a_new_password_is_hashed_with_argon2id_at_owasp_minimum(real_hashers):
    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(client, anna, real_hashers):
    anna.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    anna.save(update_fields=["password"])

    response = client.post(LOGIN, {"username": "anna", "password": PASSWORD})

    assert response.status_code == 302
    anna.refresh_from_db()
    assert identify_hasher(anna.password).algorithm == "argon2"
    assert anna.check_password(PASSWORD)


def test_a_session_lasts_a_working_day_and_slides_with_activity(client, anna, settings):
    assert settings.SESSION_COOKIE_AGE == 10 * 60 * 60
    client.post(LOGIN, {"username": "anna", "password": PASSWORD})
    session = client.session
    first_expiry = session.get_expiry_date()

    # An hour later, a request renews the session: its expiry moves on.
    session[SlidingSessionMiddleware.KEY] = int(time.time()) - 3600
    session.set_expiry(None)
    session.save()
    assert client.get("/").status_code == 200

    renewed = client.session
    assert time.time() - renewed[SlidingSessionMiddleware.KEY] < 60
    assert renewed.get_expiry_date() >= first_expiry
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 10 * 60 * 60


def test_a_request_soon_after_sign_in_does_not_write_the_session(client, anna, settings):
    from django.contrib.sessions.models import Session

    client.force_login(anna)
    stored = Session.objects.get(session_key=client.session.session_key).expire_date

    response = client.get("/")

    assert settings.SESSION_COOKIE_NAME not in response.cookies  # not saved, so no cookie
    assert Session.objects.get(session_key=client.session.session_key).expire_date == stored
