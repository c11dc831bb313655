"""Both API doors answer every error in their JSON shape: an unknown route, and a fault.

A fault is made by breaking the query a view runs (the model's manager raises), and the
test client answers as a server would (`raise_request_exception=False`) instead of
re-raising into the test.
"""

import pytest
from django.test import Client

from beredskap.registry.models import County

pytestmark = pytest.mark.django_db


@pytest.fixture
def server():
    return Client(raise_request_exception=False)


@pytest.fixture
def broken_counties(monkeypatch):
    def fault(*args, **kwargs):
        raise RuntimeError("the database went away mid-query")

    for method in ("order_by", "values_list"):
        monkeypatch.setattr(County.objects, method, fault)


def _json(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_a_fault_in_api_v1_is_a_json_500(server, reference, broken_counties):
    body = _json(server.get("/api/v1/counties"), 500)
    assert body["errors"][0]["parameter"] is None
    assert "try again later" in body["errors"][0]["message"]
    assert "went away" not in str(body)  # the fault's details are logged, not shown


def test_an_unknown_api_v1_route_is_a_json_404(server, reference):
    body = _json(server.get("/api/v1/no-such-thing"), 404)
    assert body == {"errors": [{"parameter": None, "message": "Not found."}]}


def test_a_fault_in_kolada_is_a_json_500(server, reference, broken_counties):
    body = _json(server.get("/kolada/v3/municipality"), 500)
    assert "try again later" in body["error"]
    assert "went away" not in str(body)


def test_an_unknown_kolada_route_is_a_json_404(server, reference):
    body = _json(server.get("/kolada/v3/no-such-thing"), 404)
    assert body == {"error": "Not found."}


def test_pages_outside_the_api_doors_keep_their_html_errors(server, reference):
    response = server.get("/no-such-page")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_fault_is_still_logged(server, reference, broken_counties, caplog):
    server.get("/api/v1/counties")
    assert any("went away" in str(record.exc_info) for record in caplog.records)
