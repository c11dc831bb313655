"""One answer's own page: its comment, document and history, opened from the questionnaire.

The questionnaire carries comment fields only for answers that have a comment; the others
link here. Without JavaScript the link is a page with a form; htmx fetches just the fields
into the questionnaire when the link is opened.
"""

import pytest

from beredskap.surveys import services
from beredskap.surveys.models import Answer

from .conftest import answer, complete

pytestmark = pytest.mark.django_db

URL = "/surveys/2025/0380/"
SLOT = f"{URL}answers/KON_PLAN.sabo/"


def test_the_questionnaire_links_to_comments_it_does_not_carry(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "hemtjanst", "ja", anna, comment="Beslutad i nämnden")
    client.force_login(anna)
    page = client.get(URL).content.decode()
    assert f'<a class="more" href="{SLOT}" hx-get="{SLOT}"' in page
    assert 'name="KON_PLAN.sabo-comment"' not in page
    assert "Beslutad i nämnden</textarea>" in page  # a stored comment stays in the form


def test_without_javascript_the_slot_page_saves_a_comment(client, uppsala, anna):
    answer(uppsala, "KON_PLAN", "sabo", "ja", anna)
    client.force_login(anna)
    page = client.get(SLOT).content.decode()
    assert 'name="KON_PLAN.sabo-comment"' in page and 'name="csrfmiddlewaretoken"' in page
    assert f"{SLOT}history/" in page
    reply = client.post(
        SLOT,
        {"KON_PLAN.sabo": "ja", "KON_PLAN.sabo-version": "1", "KON_PLAN.sabo-comment": "Ny"},
    )
    assert reply.status_code == 302 and reply["Location"] == f"{URL}?area=B#slot-KON_PLAN.sabo"
    stored = Answer.objects.get(response=uppsala, question__code="KON_PLAN", activity_code="sabo")
    assert (stored.value, stored.comment, stored.version) == ("ja", "Ny", 2)


def test_a_refused_plain_save_shows_the_slot_page_again(client, uppsala, anna):
    client.force_login(anna)
    reply = client.post(f"{URL}answers/UTB_EXERCISES/", {"UTB_EXERCISES": "många"})
    assert reply.status_code == 422
    assert "måste vara ett tal" in reply.content.decode()


def test_htmx_fetches_only_the_comment_fields(client, uppsala, anna):
    client.force_login(anna)
    reply = client.get(SLOT, HTTP_HX_REQUEST="true").content.decode()
    assert reply.lstrip().startswith('<details class="more" open>')
    assert 'name="KON_PLAN.sabo-comment"' in reply and "<html" not in reply


def test_others_get_no_slot_page(client, uppsala, cecilia):
    client.force_login(cecilia)
    assert client.get(SLOT).status_code == 404
    assert client.put(SLOT).status_code in (404, 405)


def test_the_county_reviewer_reads_the_slot_page_without_fields(
    client, uppsala, anna, alva, bengt
):
    complete(uppsala, anna)
    services.submit_response(response=uppsala, by=alva)
    client.force_login(bengt)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        page = client.get(SLOT, **headers).content.decode()
        assert "<textarea" not in page and f"{SLOT}history/" in page
    assert client.post(SLOT, {"KON_PLAN.sabo": "nej"}).status_code == 404
