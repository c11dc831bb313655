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

PDF = "/planning/2026.1/pdf/"
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
    assert client.get("/planning/2027.1/pdf/").status_code == 404
    client.force_login(anna)
    assert client.get("/planning/2027.1/pdf/").status_code == 404
    client.force_login(nadia)
    assert "2027.1" in _pdf(client, "/planning/2027.1/pdf/")


def test_the_permanent_page_links_the_pdf_and_the_diff_from_the_previous_version(
    client, direction, nadia
):
    newer = services.copy_direction(source=direction, version="2027.1", by=nadia)
    Direction.objects.filter(pk=newer.pk).update(status=Direction.Status.ADOPTED)
    page = client.get("/planning/2027.1/").content.decode()
    assert 'href="/planning/2027.1/pdf/"' in page
    assert 'href="/planning/2026.1/diff/2027.1/"' in page
    text = _pdf(client, "/planning/2027.1/pdf/")
    assert "Föregåendeversion2026.1" in text
