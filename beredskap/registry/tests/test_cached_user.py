"""The signed-in user's row kept in the shared cache between requests
(`registry.backends.CachedUserBackend`): read once, and ended at once when the user
changes, so a deactivated user or a changed password never lingers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.registry.models import User

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"


@pytest.fixture(autouse=True)
def _shared_cache(settings):
    settings.GRANTS_CACHE = "default"  # the tests' local-memory cache stands in for Redis


def user_reads(client, expect: int) -> int:
    """How many times the request read a user's row by its key."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == expect
    return sum('FROM "registry_user" WHERE "registry_user"."id" = ' in q["sql"] for q in queries)


def sign_in(client, user: User) -> None:
    """Through the sign-in form, so the session names the backend as a real one does."""
    user.set_password("a long enough test password")
    user.save()
    form = {"username": user.username, "password": "a long enough test password"}
    assert client.post("/accounts/login/", form).status_code == 302


def test_the_user_is_read_once_then_taken_from_the_cache(client, uppsala, anna):
    sign_in(client, anna)
    assert user_reads(client, 200) == 1
    assert user_reads(client, 200) == 0
    assert user_reads(client, 200) == 0


def test_a_deactivated_user_is_signed_out_at_once(
    client, uppsala, anna, django_capture_on_commit_callbacks
):
    sign_in(client, anna)
    user_reads(client, 200)
    with django_capture_on_commit_callbacks(execute=True):
        anna.is_active = False
        anna.save()
    assert user_reads(client, 302) == 1  # back to the sign-in page
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_a_changed_password_ends_other_sessions_at_once(
    client, uppsala, anna, django_capture_on_commit_callbacks
):
    sign_in(client, anna)
    user_reads(client, 200)
    with django_capture_on_commit_callbacks(execute=True):
        anna.set_password("another long test password")
        anna.save()
    assert user_reads(client, 302) == 1


def test_a_user_changed_before_the_commit_is_not_served_stale_after_it(
    client, uppsala, anna, django_capture_on_commit_callbacks
):
    """A request that read the row before a change committed stores it under the old
    generation, which no request asks for once the change has committed."""
    sign_in(client, anna)
    user_reads(client, 200)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        anna.is_active = False
        anna.save()
    assert user_reads(client, 200) == 0  # not committed yet: the old row still holds
    for callback in pending:
        callback()
    assert user_reads(client, 302) == 1


def test_without_a_shared_cache_the_user_is_read_every_request(client, uppsala, anna, settings):
    settings.GRANTS_CACHE = ""
    sign_in(client, anna)
    assert user_reads(client, 200) == 1
    assert user_reads(client, 200) == 1
