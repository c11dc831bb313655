"""Publication of a direction version: its PDF (read back), linked from its permanent page,
with restricted assumptions only for signed-in users at municipalities, county boards and
Socialstyrelsen, and drafts for analysts only."""

import io
import re

import pypdfium2
import pytest

from beredskap.audit.models import Event
from beredskap.planning import services
from beredskap.planning.models import Direction

pytestmark = pytest.mark.django_db

PDF = "/planning/2026.1.pdf"
RESTRICTED = ("GA_SUPPLIES", "GA_FOOD")


def pdf_text(data: bytes) -> str:
    """The PDF's text without whitespace (extraction may split words at line ends)."""
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    return re.sub(r"[\s\u00ad\ufffe]+", "", text)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf(client, url=PDF) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    return pdf_text(
        b"".join(response.streaming_content) if response.streaming else response.content
    )


def test_the_public_pdf_holds_every_public_item_and_no_restricted_one(client, direction):
    text = _pdf(client)
    assert squeezed(direction.title_sv) in text
    restricted = list(direction.assumptions.filter(sensitivity="restricted"))
    assert sorted(a.code for a in restricted) == sorted(RESTRICTED)
    for kind in ("starting_points", "assumptions", "target_states"):
        for item in getattr(direction, kind).all():
            if item.code in RESTRICTED:
                continue
            assert item.code in text and squeezed(item.title_sv) in text, item.code
    for item in restricted:
        assert item.code not in text and squeezed(item.title_sv) not in text
    assert "168timmar" in text  # the power outage's duration with its unit
    assert not Event.objects.filter(action="planning.direction_exported").exists()


def test_a_municipal_user_gets_the_restricted_assumptions_and_an_audit_row(
    client, direction, anna
):
    client.force_login(anna)
    text = _pdf(client)
    for item in direction.assumptions.filter(code__in=RESTRICTED):
        assert item.code in text and squeezed(item.title_sv) in text
    event = Event.objects.get(action="planning.direction_exported")
    assert (event.actor, event.details["restricted_assumptions"]) == (anna, 2)


def test_a_user_without_a_role_sees_what_the_public_sees(client, direction, olle):
    client.force_login(olle)
    text = _pdf(client)
    assert all(code not in text for code in RESTRICTED)


def test_a_drafts_pdf_is_for_analysts_only(client, direction, nadia, anna):
    services.copy_direction(source=direction, version="2027.1", by=nadia)
    assert client.get("/planning/2027.1.pdf").status_code == 404
    client.force_login(anna)
    assert client.get("/planning/2027.1.pdf").status_code == 404
    client.force_login(nadia)
    assert "2027.1" in _pdf(client, "/planning/2027.1.pdf")


def test_the_permanent_page_links_the_pdf_and_the_diff_from_the_previous_version(
    client, direction, nadia
):
    newer = services.copy_direction(source=direction, version="2027.1", by=nadia)
    Direction.objects.filter(pk=newer.pk).update(status=Direction.Status.ADOPTED)
    page = client.get("/planning/2027.1/").content.decode()
    assert 'href="/planning/2027.1.pdf"' in page
    assert 'href="/planning/2026.1/diff/2027.1/"' in page
    text = _pdf(client, "/planning/2027.1.pdf")
    assert "Föregåendeversion2026.1" in text


# --- API v1 ------------------------------------------------------------------------------


def test_the_api_lists_only_published_versions(client, direction, nadia):
    services.copy_direction(source=direction, version="2027.1", by=nadia)  # a draft
    client.force_login(nadia)  # even an analyst's session sees only published versions
    listed = client.get("/api/v1/planning/directions").json()["items"]
    assert [d["version"] for d in listed] == ["2026.1"]
    assert listed[0]["url"] == "http://testserver/planning/2026.1/"
    assert listed[0]["pdf"] == "http://testserver/planning/2026.1.pdf"
    assert client.get("/api/v1/planning/directions/2027.1").status_code == 404
    assert client.get("/api/v1/planning/directions/latest").status_code == 422


def test_the_api_serves_public_items_and_never_restricted_assumptions(client, direction, anna):
    client.force_login(anna)  # a member's session changes nothing: the API is public
    body = client.get("/api/v1/planning/directions/2026.1").json()
    codes = [a["code"] for a in body["assumptions"]]
    public = direction.assumptions.exclude(sensitivity="restricted")
    assert codes == [a.code for a in public.order_by("position")]
    assert not set(RESTRICTED) & set(codes)
    assert all(a["sensitivity"] != "restricted" for a in body["assumptions"])
    power = next(a for a in body["assumptions"] if a["code"] == "GA_POWER")
    assert {"name": "duration_hours", "unit": "hours", "value": 168.0, "note": None} in power[
        "parameters"
    ]
    assert len(body["starting_points"]) == direction.starting_points.count()
    target = body["target_states"][0]
    assert (target["code"], target["area"]) == ("MB_A_GOVERNANCE", "A")
    assert target["indicators"] == ["GOV01", "GOV02", "GOV03", "GOV05"]
    assert "Last-Modified" in client.get("/api/v1/planning/directions/2026.1")
