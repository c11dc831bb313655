"""API v1's OpenAPI document: complete, documented in docs/api.md, and true (schemathesis)."""

import re
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from beredskap.planning import services as planning
from beredskap.publication import services
from beredskap.registry.services import create_api_token

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[3] / "docs" / "api.md"
ENDPOINT = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`\s?]*)`")


@pytest.fixture(autouse=True)
def _unthrottled(settings):
    settings.API_ANON_RATE = None
    settings.API_TOKEN_RATE = None


def _operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def test_every_operation_is_described_and_documented(client, reference):
    docs = DOCS.read_text(encoding="utf-8")
    documented = set(ENDPOINT.findall(docs))
    operations = list(_operations(client))
    assert len(operations) >= 10
    for method, path, operation in operations:
        assert operation.get("summary", "").strip(), f"{method} {path} has no summary"
        assert operation.get("description", "").strip(), f"{method} {path} has no description"
        assert (method, path) in documented, f"`{method} {path}` is not in docs/api.md"
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), f"{method} {path}: {parameter['name']}"
            assert f"`{parameter['name']}`" in docs, f"{parameter['name']} is not in docs/api.md"
    # ...and the documentation names no endpoint that does not exist.
    assert documented <= {(method, path) for method, path, _ in operations}


@pytest.fixture
def wsgi_app():
    """The project's WSGI app in this test's transaction: like Django's test client, keep
    request signals from closing the connection the test data lives in."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


def test_the_api_keeps_to_its_schema(wsgi_app, approved_round, nadia, anna):
    services.release_round(survey_round=approved_round, notes="Första", by=nadia)
    planning.load_direction(path=planning.DIRECTIONS_DIR / "2026.1.yaml")  # a published one
    # Every call carries a respondent's token: the answers endpoints then answer past the
    # 401 (public endpoints ignore it).
    _token, plaintext = create_api_token(user=anna, name="schemathesis", by=anna)
    headers = {"Authorization": f"Bearer {plaintext}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, examples in ((GenerationMode.POSITIVE, 40), (GenerationMode.NEGATIVE, 15)):

            @hypothesis.settings(
                max_examples=examples,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(hypothesis.HealthCheck),
            )
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def check(case):
                response = case.call(headers=headers)
                case.validate_response(response, checks=CHECKS)

            try:
                check()
            except hypothesis.errors.Unsatisfiable:
                assert mode == GenerationMode.NEGATIVE  # no parameters to get wrong
            tested += 1
    assert tested == 30  # 15 operations, each in both modes
