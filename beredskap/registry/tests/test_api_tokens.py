"""Personal API tokens: made and revoked on the account page, stored only as a hash,
shown once, refused when revoked or expired, and audited."""

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from beredskap.audit.models import Event
from beredskap.registry import services
from beredskap.registry.models import ApiToken
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations, login

pytestmark = pytest.mark.django_db

PAGE = "/account/api-tokens/"
TOKEN = re.compile(r"bsk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}")


def _create(client, name="Verksamhetssystemet", lifetime="365"):
    return client.post(PAGE, {"name": name, "lifetime": lifetime})


def test_the_page_is_where_the_name_says(anna):
    assert reverse("registry:api_tokens") == PAGE


def test_creating_shows_the_secret_once_and_stores_only_its_hash(client, anna):
    client.force_login(anna)
    response = _create(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    [plaintext] = set(TOKEN.findall(html))
    token = ApiToken.objects.get(user=anna)
    assert plaintext.startswith(f"bsk_{token.prefix}_")
    assert token.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    secret = plaintext[len(f"bsk_{token.prefix}_") :]
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(secret in value for value in stored)
    assert token.name == "Verksamhetssystemet"
    assert token.expires_at - timezone.now() > datetime.timedelta(days=364)

    listing = client.get(PAGE).content.decode()
    assert plaintext not in listing
    assert not TOKEN.search(listing)
    assert f"bsk_{token.prefix}_…" in listing
    assert "Verksamhetssystemet" in listing


def test_the_page_is_accessible_markup(client, anna):
    client.force_login(anna)
    _create(client)
    html = client.get(PAGE).content.decode()
    assert "<caption>" in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert '<label for="id_name">' in html and '<label for="id_lifetime">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'aria-label="' in html  # the revoke button names its token


def test_a_form_error_is_shown_and_nothing_created(client, anna):
    client.force_login(anna)
    response = _create(client, name="  ")
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_revoking_stops_the_token_and_is_audited(client, anna):
    client.force_login(anna)
    plaintext = TOKEN.search(_create(client).content.decode()).group()
    assert services.authenticate_api_token(plaintext) == anna
    token = ApiToken.objects.get(user=anna)
    response = client.post(f"{PAGE}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert services.authenticate_api_token(plaintext) is None
    assert f"{token.pk}/revoke/" not in client.get(PAGE).content.decode()  # no button
    actions = list(Event.objects.for_target(token).values_list("action", flat=True))
    assert sorted(actions) == ["api_token.created", "api_token.revoked"]
    event = Event.objects.get(action="api_token.created")
    assert event.actor == anna
    assert event.details["prefix"] == token.prefix
    assert plaintext not in str(event.details)


def test_another_users_token_cannot_be_revoked(client, anna, cecilia):
    token, _plaintext = services.create_api_token(user=cecilia, name="Cecilias", by=cecilia)
    client.force_login(anna)
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 404
    assert "Cecilias" not in client.get(PAGE).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    with pytest.raises(PermissionDenied):
        services.revoke_api_token(token=token, by=anna)


def test_revoking_needs_a_post(client, anna):
    token, _plaintext = services.create_api_token(user=anna, name="x", by=anna)
    client.force_login(anna)
    assert client.get(f"{PAGE}{token.pk}/revoke/").status_code == 405


def test_the_analyst_can_stop_a_leaked_token(anna, nadia):
    token, plaintext = services.create_api_token(user=anna, name="x", by=anna)
    services.revoke_api_token(token=token, by=nadia)
    services.revoke_api_token(token=token, by=nadia)  # again: nothing more happens
    assert services.authenticate_api_token(plaintext) is None
    assert Event.objects.filter(action="api_token.revoked").count() == 1


def test_anonymous_visitors_are_sent_to_sign_in(client, reference):
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("name", ["bengt", "nadia", "olle"])
def test_only_respondents_and_approvers_get_tokens(client, cast, name):
    user = cast[name]
    client.force_login(user)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert _create(client).status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_api_token(user=user, name="x", by=user)
    assert not ApiToken.objects.exists()


def test_the_approver_gets_a_token(alva):
    _token, plaintext = services.create_api_token(user=alva, name="x", by=alva)
    assert services.authenticate_api_token(plaintext) == alva


def test_nobody_makes_a_token_for_someone_else(anna, nadia):
    with pytest.raises(PermissionDenied):
        services.create_api_token(user=anna, name="x", by=nadia)


def test_expired_tokens_and_inactive_users_are_refused(anna):
    token, plaintext = services.create_api_token(user=anna, name="x", by=anna)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    assert services.authenticate_api_token(plaintext) is None
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert services.authenticate_api_token(plaintext) == anna
    anna.is_active = False
    anna.save()
    assert services.authenticate_api_token(plaintext) is None


@pytest.mark.parametrize(
    "sent",
    ["", "bsk_", "bsk_00000000_" + "A" * 43, "Bearer x", "bsk_zzzzzzzz_" + "A" * 43],
)
def test_unknown_or_malformed_tokens_are_refused(anna, sent):
    services.create_api_token(user=anna, name="x", by=anna)
    assert services.authenticate_api_token(sent) is None


def test_a_changed_secret_is_refused(anna):
    _token, plaintext = services.create_api_token(user=anna, name="x", by=anna)
    changed = plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B")
    assert services.authenticate_api_token(changed) is None


def test_last_use_is_written_at_most_once_a_minute(anna, django_assert_num_queries):
    token, plaintext = services.create_api_token(user=anna, name="x", by=anna)
    services.authenticate_api_token(plaintext)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with django_assert_num_queries(1):  # the lookup only, no write
        services.authenticate_api_token(plaintext)
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    services.authenticate_api_token(plaintext)
    token.refresh_from_db()
    assert token.last_used_at > first - datetime.timedelta(minutes=2)


def test_lifetime_and_count_are_bounded(anna):
    with pytest.raises(ValidationError):
        services.create_api_token(
            user=anna, name="x", by=anna, lifetime=datetime.timedelta(days=366)
        )
    for number in range(services.MAX_ACTIVE_TOKENS):
        services.create_api_token(user=anna, name=f"t{number}", by=anna)
    with pytest.raises(ValidationError):
        services.create_api_token(user=anna, name="one too many", by=anna)
    first = ApiToken.objects.filter(user=anna).last()
    services.revoke_api_token(token=first, by=anna)
    services.create_api_token(user=anna, name="after revoking one", by=anna)


def test_the_home_page_links_respondents_to_their_tokens(client, anna):
    client.force_login(anna)
    assert PAGE in client.get("/").content.decode()


@BROWSER_MARKS[0]
@BROWSER_MARKS[1]
def test_the_token_page_in_a_browser(live_server, page, anna):
    """Create and revoke by label and role only, with no axe violations on the way."""
    login(page, live_server.url, "anna")
    # In English, so the test does not depend on the translation of the new texts.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + PAGE)
    assert page.locator("html").get_attribute("lang") == "en"
    assert_no_axe_violations(page)
    page.get_by_label("What is the token for?").fill("Ärendesystemet")
    page.get_by_label("Valid for").select_option("90")
    page.get_by_role("button", name="Create token").click()
    shown = page.get_by_label("Token", exact=True).input_value()
    assert TOKEN.fullmatch(shown)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Revoke the token Ärendesystemet").click()
    page.wait_for_url(live_server.url + PAGE)
    assert shown not in page.content()
    assert_no_axe_violations(page)
    assert ApiToken.objects.get(user=anna).revoked_at is not None
    assert page.errors == []
