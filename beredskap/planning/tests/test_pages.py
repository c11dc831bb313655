"""The planning pages: public adopted versions, restricted assumptions for signed-in
users of municipalities, county boards and Socialstyrelsen only, drafts for analysts only,
and the diff as a page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.planning import services
from beredskap.planning.models import Assumption, Parameter

pytestmark = pytest.mark.django_db

RESTRICTED_TITLE = "Störda leveranser av läkemedel och sjukvårdsprodukter"


@pytest.fixture
def draft(direction, nadia):
    """Version 2027.1: the power outage shortened, one assumption gone, one added."""
    copy = services.copy_direction(source=direction, version="2027.1", by=nadia)
    Parameter.objects.filter(assumption__direction=copy, name="duration_hours").update(value=120)
    copy.assumptions.filter(code="GA_PREMISES").delete()
    Assumption.objects.create(
        direction=copy, code="GA_CBRN", category="scenario", sensitivity="public",
        title_sv="CBRN-händelse", title_en="CBRN event", text_sv="Text.", text_en="Text.",
        position=20,
    )  # fmt: skip
    copy.starting_points.filter(code="UP_PROXIMITY").update(title_sv="Närhetsprincipen (ny)")
    return copy


def test_anonymous_visitors_see_the_adopted_version_listed_and_in_full(client, direction):
    listing = client.get("/planning/")
    assert listing.status_code == 200
    assert b'href="/planning/2026.1/"' in listing.content
    page = client.get("/planning/2026.1/").content.decode()
    assert page.index("Ansvarsprincipen") < page.index("Likhetsprincipen")
    assert "168 timmar" in page or "168 hours" in page
    assert "Personalen är utbildad och övad" in page
    assert "Preliminär text" in page or "Preliminary text" in page


def test_restricted_assumptions_are_hidden_from_anonymous_and_roleless_users(
    client, direction, olle
):
    page = client.get("/planning/2026.1/").content.decode()
    assert RESTRICTED_TITLE not in page
    assert 'id="hidden-assumptions"' in page
    client.force_login(olle)
    assert RESTRICTED_TITLE not in client.get("/planning/2026.1/").content.decode()


@pytest.mark.parametrize("who", ["anna", "bengt", "nadia"])
def test_municipal_county_and_national_users_see_restricted_assumptions(
    client, direction, cast, who
):
    client.force_login(cast[who])
    page = client.get("/planning/2026.1/").content.decode()
    assert RESTRICTED_TITLE in page
    assert 'id="hidden-assumptions"' not in page


def test_a_draft_is_a_404_for_everyone_but_analysts(client, draft, cast):
    for who in (None, "anna", "bengt", "karl", "olle"):
        client.logout()
        if who:
            client.force_login(cast[who])
        assert client.get("/planning/2027.1/").status_code == 404, who
        assert client.get("/planning/2026.1/diff/2027.1/").status_code == 404, who
        assert b"2027.1" not in client.get("/planning/").content, who
    client.force_login(cast["nadia"])
    assert client.get("/planning/2027.1/").status_code == 200
    assert b"2027.1" in client.get("/planning/").content


def test_the_diff_page_shows_added_removed_and_changed_items(client, draft, nadia):
    client.force_login(nadia)
    page = client.get("/planning/2026.1/diff/2027.1/").content.decode()
    assert "GA_CBRN" in page and "GA_PREMISES" in page
    assert "Närhetsprincipen (ny)" in page
    assert "168 timmar" in page and "120 timmar" in page
    assert '<th scope="row"><code>GA_POWER</code> <code>duration_hours</code></th>' in page
    assert page.count("<caption>") == 2  # starting points and assumptions changed


def test_the_diff_of_a_version_with_itself_says_nothing_changed(client, direction):
    response = client.get("/planning/2026.1/diff/2026.1/")
    assert response.status_code == 200
    assert b'id="no-changes"' in response.content


def test_the_version_page_reads_in_a_fixed_number_of_queries(client, direction, nadia, anna):
    copy = services.copy_direction(source=direction, version="2027.1", by=nadia)
    copy.status = "adopted"
    copy.save()
    client.get("/planning/2027.1/")  # warm caches (content types)
    with CaptureQueriesContext(connection) as few:
        client.get("/planning/2027.1/")
    for index in range(10):
        assumption = copy.assumptions.create(
            code=f"GA_EXTRA{index}", category="staff", sensitivity="public", title_sv="T",
            title_en="T", text_sv="T", text_en="T", position=30 + index,
        )  # fmt: skip
        assumption.parameters.create(name="days", unit="days", value=index)
        copy.target_states.create(
            code=f"MB_EXTRA{index}", area="A", criteria=[{"sv": "K", "en": "C"}],
            title_sv="T", title_en="T", text_sv="T", text_en="T", position=30 + index,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get("/planning/2027.1/")
    assert len(many) == len(few) == 5  # the version, its three kinds, the parameters
    client.force_login(anna)
    client.get("/planning/2027.1/")
    with CaptureQueriesContext(connection) as signed_in:
        client.get("/planning/2027.1/")
    # session, user, roles, the menu's municipalities, the header's unread notifications
    assert len(signed_in) == len(few) + 5


def test_the_diff_page_reads_in_a_fixed_number_of_queries(client, draft, nadia):
    draft.status = "adopted"
    draft.save()
    client.get("/planning/2026.1/diff/2027.1/")
    with CaptureQueriesContext(connection) as before:
        client.get("/planning/2026.1/diff/2027.1/")
    for index in range(10):
        draft.starting_points.create(
            code=f"UP_EXTRA{index}", title_sv="T", title_en="T", text_sv="T", text_en="T"
        )
    with CaptureQueriesContext(connection) as after:
        client.get("/planning/2026.1/diff/2027.1/")
    assert len(after) == len(before) == 10  # per version: itself and four reads of items


def test_the_pages_speak_english_when_asked(client, direction):
    client.cookies["django_language"] = "en"
    page = client.get("/planning/2026.1/").content.decode()
    assert "The principle of responsibility" in page
    assert "168 hours" in page
    assert "Planning assumptions" in page


def test_the_diff_does_not_reveal_a_restricted_assumption_to_the_public(
    client, draft, nadia, anna
):
    Parameter.objects.filter(assumption__direction=draft, name="days").update(value=30)
    draft.status = "adopted"
    draft.save()
    assert "GA_SUPPLIES" not in client.get("/planning/2026.1/diff/2027.1/").content.decode()
    client.force_login(anna)
    assert "GA_SUPPLIES" in client.get("/planning/2026.1/diff/2027.1/").content.decode()


def test_the_list_shows_the_newest_version_first(client, draft):
    draft.status = "superseded"
    draft.valid_from = datetime.date(2027, 10, 1)
    draft.save()
    page = client.get("/planning/").content.decode()
    assert page.index('href="/planning/2027.1/"') < page.index('href="/planning/2026.1/"')


def test_the_admin_shows_directions_read_only(client, direction, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    page = client.get("/admin/planning/direction/")
    assert page.status_code == 200 and b"2026.1" in page.content
    assert client.get("/admin/planning/assumption/").status_code == 200
    assert client.get("/admin/planning/direction/add/").status_code == 403
