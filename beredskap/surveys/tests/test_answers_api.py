"""The answers API with a personal token, through the Django test client: the same access
policy, validation, revisions, concurrency and locking as the web form."""

import datetime
import hashlib
import json
import secrets

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from beredskap.audit.models import Event
from beredskap.registry import services as registry
from beredskap.registry.models import ApiToken
from beredskap.surveys.models import Answer, AnswerRevision, Response
from beredskap.surveys.tests.conftest import answer

pytestmark = pytest.mark.django_db

API = "/api/v1/responses"
UPPSALA = f"{API}/2025/0380"


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    settings.API_ANON_RATE = None
    settings.API_TOKEN_RATE = None


def token_for(user) -> str:
    _token, plaintext = registry.create_api_token(user=user, name="test", by=user)
    return plaintext


def raw_token(user) -> str:
    """A token made past the service, for users the service would refuse one."""
    prefix = secrets.token_hex(4)
    plaintext = f"bsk_{prefix}_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(
        user=user,
        name="raw",
        prefix=prefix,
        key_hash=hashlib.sha256(plaintext.encode()).hexdigest(),
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return plaintext


def call(client, method, path, token, body=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if body is not None:
        headers["data"] = json.dumps(body)
        headers["content_type"] = "application/json"
    return getattr(client, method)(path, **headers)


def put(client, token, question, body, activity=None):
    query = f"?activity={activity}" if activity else ""
    return call(client, "put", f"{UPPSALA}/answers/{question}{query}", token, body)


def error(response, status, parameter):
    assert response.status_code == status, response.content
    errors = response.json()["errors"]
    assert errors and errors[0]["parameter"] == parameter, errors
    assert errors[0]["message"]
    return response.json()


def items(response) -> dict:
    return {(i["question"], i["activity"]): i for i in response.json()["items"]}


# --- reading -----------------------------------------------------------------------


def test_a_respondent_reads_the_own_response(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "nej", anna)
    response = call(client, "get", UPPSALA, token_for(anna))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.json()
    assert (body["year"], body["municipality"], body["status"]) == (2025, "0380", "draft")
    assert body["locked"] is False
    assert body["answered"] == 1
    slots = items(response)
    assert set(slots) == {
        ("KON_PLAN", "sabo"),
        ("KON_PLAN", "hemtjanst"),
        ("KON_PARTS", "sabo"),
        ("KON_PARTS", "hemtjanst"),
        ("KON_UNITS", None),
        ("UTB_EXERCISES", None),
    }
    plan = slots[("KON_PLAN", "sabo")]
    assert (plan["value"], plan["version"], plan["kind"], plan["editable"]) == (
        "nej",
        1,
        "yes_no",
        True,
    )
    assert slots[("KON_PLAN", "hemtjanst")]["version"] == 0
    assert slots[("KON_PARTS", "sabo")]["asked"] is False  # no plan: parts not asked
    assert slots[("KON_PARTS", "hemtjanst")]["asked"] is None  # not yet known
    assert slots[("UTB_EXERCISES", None)]["asked"] is True


def test_the_approver_reads_it_too(client, uppsala, alva):
    assert call(client, "get", UPPSALA, token_for(alva)).status_code == 200


def test_another_municipalitys_response_is_not_found(client, uppsala, anna, cecilia):
    token = token_for(cecilia)  # Enköping
    refused = error(call(client, "get", UPPSALA, token), 404, "municipality")
    unknown = error(call(client, "get", f"{API}/2025/9999", token), 404, "municipality")
    assert (
        refused["errors"][0]["message"].replace("0380", "9999") == unknown["errors"][0]["message"]
    )
    assert call(client, "get", f"{API}/2031/0381", token).status_code == 404  # no such round


@pytest.mark.parametrize("who", ["bengt", "nadia"])
def test_a_reviewer_or_analyst_token_cannot_read_or_write_answers(client, uppsala, cast, who):
    token = raw_token(cast[who])
    Response.objects.filter(pk=uppsala.pk).update(first_submitted_at=timezone.now())
    assert call(client, "get", UPPSALA, token).status_code == 404
    error(put(client, token, "UTB_EXERCISES", {"value": 3, "version": 0}), 404, "municipality")
    body = {"items": [{"question": "UTB_EXERCISES", "value": 3, "version": 0}]}
    assert call(client, "post", f"{UPPSALA}/answers", token, body).status_code == 404
    assert not Answer.objects.exists()


def test_a_token_whose_owner_lost_the_role_reaches_nothing(client, uppsala, anna, nadia):
    token = token_for(anna)
    registry.revoke_membership(membership=anna.memberships.get(), by=nadia)
    assert call(client, "get", UPPSALA, token).status_code == 404


# --- authentication ----------------------------------------------------------------


def _expired(user):
    plaintext = token_for(user)
    ApiToken.objects.filter(user=user).update(expires_at=timezone.now())
    return plaintext


def _revoked(user):
    plaintext = token_for(user)
    registry.revoke_api_token(token=ApiToken.objects.get(user=user), by=user)
    return plaintext


@pytest.mark.parametrize(
    "make",
    [
        lambda user: None,
        lambda user: "bsk_00000000_" + "A" * 43,
        lambda user: "not-a-token",
        _expired,
        _revoked,
    ],
    ids=["none", "unknown", "malformed", "expired", "revoked"],
)
def test_requests_without_a_valid_token_are_401(client, uppsala, anna, make):
    token = make(anna)
    for response in (
        call(client, "get", UPPSALA, token),
        put(client, token, "UTB_EXERCISES", {"value": 3, "version": 0}),
        call(client, "post", f"{UPPSALA}/answers", token, {"items": []}),
    ):
        error(response, 401, None)
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Answer.objects.exists()


def test_a_session_is_not_enough(client, uppsala, anna):
    client.force_login(anna)
    assert call(client, "get", UPPSALA, None).status_code == 401


def test_a_system_needs_no_csrf_token(uppsala, anna):
    """Tokens, not cookies, authenticate: a plain HTTP client can write."""
    client = Client(enforce_csrf_checks=True)
    response = put(client, token_for(anna), "UTB_EXERCISES", {"value": 3, "version": 0})
    assert response.status_code == 200


def test_the_token_records_its_last_use(client, uppsala, anna):
    token = token_for(anna)
    call(client, "get", UPPSALA, token)
    assert ApiToken.objects.get(user=anna).last_used_at is not None


# --- writing -----------------------------------------------------------------------


def test_a_write_is_a_revision_from_the_api(client, uppsala, anna):
    token = token_for(anna)
    response = put(
        client,
        token,
        "KON_PLAN",
        {
            "value": "ja",
            "version": 0,
            "comment": " Antagen ",
            "evidence_reference": "Plan 2025",
            "evidence_date": "2025-01-10",
        },
        activity="sabo",
    )
    assert response.status_code == 200, response.content
    saved = response.json()
    assert (saved["value"], saved["version"], saved["saved"]) == ("ja", 1, True)
    assert (saved["question"], saved["activity"], saved["comment"]) == (
        "KON_PLAN",
        "sabo",
        "Antagen",
    )
    revision = AnswerRevision.objects.get()
    assert revision.source == Answer.Source.API
    assert revision.created_by == anna
    assert revision.evidence_date == datetime.date(2025, 1, 10)
    assert items(call(client, "get", UPPSALA, token))[("KON_PLAN", "sabo")]["version"] == 1

    again = put(
        client,
        token,
        "KON_PLAN",
        {
            "value": "ja",
            "version": 1,
            "comment": "Antagen",
            "evidence_reference": "Plan 2025",
            "evidence_date": "2025-01-10",
        },
        "sabo",
    )
    assert again.json()["saved"] is False  # the same answer: no new revision
    assert AnswerRevision.objects.count() == 1

    share = put(
        client, token, "KON_UNITS", {"value": {"numerator": 3, "denominator": 4}, "version": 0}
    )
    assert share.json()["value"] == {"numerator": 3, "denominator": 4}
    cleared = put(client, token, "KON_UNITS", {"value": None, "version": 1})
    assert (cleared.json()["value"], cleared.json()["version"]) == (None, 2)


@pytest.mark.parametrize(
    "question, activity, value",
    [
        ("UTB_EXERCISES", None, 501),
        ("UTB_EXERCISES", None, "många"),
        ("UTB_EXERCISES", None, 2.5),
        ("KON_PLAN", "sabo", "kanske"),
        ("KON_PARTS", "sabo", ["reserv", "okänd"]),
        ("KON_UNITS", None, {"numerator": 5, "denominator": 4}),
        ("KON_UNITS", None, 3),
    ],
)
def test_an_invalid_value_is_422_and_nothing_is_saved(
    client, uppsala, anna, question, activity, value
):
    response = put(client, token_for(anna), question, {"value": value, "version": 0}, activity)
    error(response, 422, "value")
    assert not Answer.objects.exists()
    assert not AnswerRevision.objects.exists()


@pytest.mark.parametrize(
    "body, parameter",
    [
        ({"value": 3}, "version"),
        ({"version": 0}, "value"),
        ({"value": 3, "version": -1}, "version"),
        ({"value": 3, "version": 0, "evidence_date": "igår"}, "evidence_date"),
    ],
)
def test_a_malformed_body_names_the_field(client, uppsala, anna, body, parameter):
    error(put(client, token_for(anna), "UTB_EXERCISES", body), 422, parameter)


def test_evidence_only_where_the_question_asks_for_it(client, uppsala, anna):
    body = {"value": 3, "version": 0, "evidence_reference": "Protokoll"}
    error(put(client, token_for(anna), "UTB_EXERCISES", body), 422, "evidence_reference")
    assert not Answer.objects.exists()


def test_a_stale_version_is_409_with_both_values(client, uppsala, anna, alva):
    answer(uppsala, "UTB_EXERCISES", "", 4, alva)  # version 1, by the approver
    response = put(client, token_for(anna), "UTB_EXERCISES", {"value": 7, "version": 0})
    body = error(response, 409, "version")
    assert (body["current"]["value"], body["current"]["version"]) == (4, 1)
    assert body["attempted"] == 7
    assert Answer.objects.get().value == 4
    assert AnswerRevision.objects.count() == 1
    # With the version read, the write goes through.
    assert (
        put(client, token_for(anna), "UTB_EXERCISES", {"value": 7, "version": 1}).json()["version"]
        == 2
    )


@pytest.mark.parametrize("status", [Response.Status.SUBMITTED, Response.Status.APPROVED])
def test_a_submitted_or_approved_response_is_locked(client, uppsala, anna, status):
    Response.objects.filter(pk=uppsala.pk).update(status=status, first_submitted_at=timezone.now())
    token = token_for(anna)
    error(put(client, token, "UTB_EXERCISES", {"value": 3, "version": 0}), 423, None)
    body = {"items": [{"question": "UTB_EXERCISES", "value": 3, "version": 0}]}
    error(call(client, "post", f"{UPPSALA}/answers", token, body), 423, None)
    assert not Answer.objects.exists()
    read = call(client, "get", UPPSALA, token).json()
    assert read["locked"] is True
    assert not any(i["editable"] for i in read["items"])


def test_a_returned_response_accepts_only_the_returned_questions(client, uppsala, anna):
    answer(uppsala, "UTB_EXERCISES", "", 4, anna)
    answer(uppsala, "KON_UNITS", "", {"numerator": 1, "denominator": 2}, anna)
    Answer.objects.filter(question__code="UTB_EXERCISES").update(reopened=True)
    Response.objects.filter(pk=uppsala.pk).update(status=Response.Status.RETURNED)
    token = token_for(anna)
    assert put(client, token, "UTB_EXERCISES", {"value": 5, "version": 1}).status_code == 200
    body = {"value": {"numerator": 2, "denominator": 2}, "version": 1}
    error(put(client, token, "KON_UNITS", body), 423, None)


@pytest.mark.parametrize(
    "question, activity, parameter",
    [
        ("NOPE", None, "question"),
        ("KON_PLAN", None, "activity"),  # asked per activity: say which
        ("KON_PLAN", "lss", "activity"),
        ("UTB_EXERCISES", "sabo", "activity"),  # municipality-wide
    ],
)
def test_an_unknown_answer_place_is_404(client, uppsala, anna, question, activity, parameter):
    response = put(client, token_for(anna), question, {"value": "ja", "version": 0}, activity)
    error(response, 404, parameter)
    assert not Answer.objects.exists()


# --- many at once ------------------------------------------------------------------


def test_many_answers_are_saved_together(client, uppsala, anna):
    token = token_for(anna)
    body = {
        "items": [
            {"question": "KON_PLAN", "activity": "sabo", "value": "ja", "version": 0},
            {"question": "KON_PLAN", "activity": "hemtjanst", "value": "nej", "version": 0},
            {"question": "UTB_EXERCISES", "value": "12", "version": 0},
            {"question": "KON_UNITS", "value": None, "version": 0},  # nothing to change
        ]
    }
    response = call(client, "post", f"{UPPSALA}/answers", token, body)
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["saved"] == 3
    assert [i["saved"] for i in result["items"]] == [True, True, True, False]
    assert result["items"][2]["value"] == 12
    assert set(AnswerRevision.objects.values_list("source", flat=True)) == {"api"}
    event = Event.objects.get(action="response.api_saved")
    assert event.actor == anna and event.details["answers"] == 3
    assert event.details["token"] == ApiToken.objects.get(user=anna).prefix

    again = call(client, "post", f"{UPPSALA}/answers", token, body).json()
    assert again["saved"] == 0  # a system may send everything every night
    assert AnswerRevision.objects.count() == 3


def test_one_bad_item_saves_nothing_and_every_problem_is_listed(client, uppsala, anna, alva):
    answer(uppsala, "UTB_EXERCISES", "", 4, alva)
    body = {
        "items": [
            {"question": "KON_PLAN", "activity": "sabo", "value": "ja", "version": 0},
            {"question": "KON_UNITS", "value": {"numerator": 9, "denominator": 4}, "version": 0},
            {"question": "UTB_EXERCISES", "value": 8, "version": 0},
            {"question": "NOPE", "value": 1, "version": 0},
            {"question": "KON_PLAN", "activity": "sabo", "value": "nej", "version": 0},
        ]
    }
    response = call(client, "post", f"{UPPSALA}/answers", token_for(anna), body)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["index"], e["status"], e["parameter"]) for e in errors] == [
        (1, 422, "items[1].value"),
        (2, 409, "items[2].version"),
        (3, 404, "items[3].question"),
        (4, 422, "items[4].question"),  # the same answer twice
    ]
    assert (
        errors[1]["current"]["value"],
        errors[1]["current"]["version"],
        errors[1]["attempted"],
    ) == (4, 1, 8)
    assert AnswerRevision.objects.count() == 1  # only the approver's
    assert not Answer.objects.filter(question__code="KON_PLAN").exists()
    assert not Event.objects.filter(action="response.api_saved").exists()


def test_an_empty_or_malformed_list_is_422(client, uppsala, anna):
    token = token_for(anna)
    error(call(client, "post", f"{UPPSALA}/answers", token, {"items": []}), 422, "items")
    body = {"items": [{"question": "KON_UNITS", "value": 1}]}
    error(call(client, "post", f"{UPPSALA}/answers", token, body), 422, "items[0].version")


# --- rate --------------------------------------------------------------------------


def test_tokens_have_their_own_rate_per_user(client, uppsala, anna, settings):
    settings.API_ANON_RATE = "1/m"
    settings.API_TOKEN_RATE = "3/m"
    cache.clear()
    try:
        first, second = token_for(anna), token_for(anna)
        statuses = [
            call(client, "get", UPPSALA, token).status_code
            for token in (first, second, first, second)
        ]
        assert statuses == [200, 200, 200, 429]  # both tokens count against anna
        assert client.get("/api/v1/counties").status_code == 200  # anonymous: its own count
    finally:
        cache.clear()


def test_a_question_not_asked_is_refused_and_a_moot_answer_cleared(client, uppsala, anna):
    token = token_for(anna)
    assert (
        put(client, token, "KON_PLAN", {"value": "nej", "version": 0}, "sabo").status_code == 200
    )
    body = error(
        put(client, token, "KON_PARTS", {"value": ["reserv"], "version": 0}, "sabo"), 422, "value"
    )
    assert "Finns en aktuell kontinuitetsplan?" in body["errors"][0]["message"]
    assert not Answer.objects.filter(question__code="KON_PARTS", value__isnull=False).exists()
    # With a plan the parts are asked; taking the plan back clears them, as a revision.
    assert put(client, token, "KON_PLAN", {"value": "ja", "version": 1}, "sabo").status_code == 200
    assert (
        put(client, token, "KON_PARTS", {"value": ["reserv"], "version": 0}, "sabo").status_code
        == 200
    )
    assert (
        put(client, token, "KON_PLAN", {"value": "nej", "version": 2}, "sabo").status_code == 200
    )
    parts = Answer.objects.get(question__code="KON_PARTS", activity_code="sabo")
    assert (parts.value, parts.revisions.order_by("version").last().source) == (None, "cleared")
    read = call(client, "get", UPPSALA, token).json()
    item = next(
        i for i in read["items"] if (i["question"], i["activity"]) == ("KON_PARTS", "sabo")
    )
    assert (item["asked"], item["editable"]) == (False, False)
    assert read["total"] == 5
