"""Search and filters: Swedish full-text search on PostgreSQL, a plain match on SQLite,
and a query of any size or characters never an error (Hypothesis through the page)."""

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beredskap.library import queries

pytestmark = pytest.mark.django_db


def slugs(client, **params) -> list[str]:
    response = client.get(reverse("library:index"), params)
    assert response.status_code == 200
    return [i.slug for i in response.context["page"].object_list]


def test_the_filters_narrow_the_list(client, library):
    assert slugs(client, topic="continuity") == ["kontinuitetsplan", "msb-lank"]
    assert slugs(client, indicator="KON01") == ["ovning-elavbrott"]
    assert slugs(client, target_state="MB_B_CONTINUITY") == ["ovning-elavbrott"]
    assert slugs(client, assumption="GA_POWER", audience="respondent") == ["ovning-elavbrott"]
    assert slugs(client, topic="training", indicator="KON02") == []


def test_text_search_finds_titles_summaries_and_bodies(client, library):
    assert slugs(client, q="särskilt boende") == ["ovning-elavbrott"]
    assert "msb-lank" in slugs(client, q="MSB")
    assert slugs(client, q="sammanfattning", topic="continuity") == ["kontinuitetsplan"]
    assert slugs(client, q="utkast") == []  # unpublished, not for readers


def test_an_unknown_filter_value_is_a_message_not_an_error(client, library):
    response = client.get(reverse("library:index"), {"topic": "väder", "q": "x" * 500})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Rätta sökningen för att se objekt" in html
    assert not response.context["page"].object_list


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Swedish stemming is PostgreSQL full-text search; SQLite only matches plain text",
)
def test_swedish_inflected_forms_find_each_other_on_postgresql(client, library):
    assert slugs(client, q="övningar") == ["ovning-elavbrott"]  # the item says "Övning"
    assert slugs(client, q="elavbrotten") == ["ovning-elavbrott"]
    assert slugs(client, q="övningarna -msb") == ["ovning-elavbrott"]  # web search syntax
    assert slugs(client, q="övningarna -elavbrott") == []


def test_search_ranks_on_postgresql_and_matches_words_on_sqlite(library, nadia):
    found = [i.slug for i in queries.search(nadia, "övning särskilt")]
    assert found == ["ovning-elavbrott"]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(max_size=300), topic=st.sampled_from(["", "continuity", "x'; --"]))
def test_any_query_string_answers_without_an_error(client, library, text, topic):
    response = client.get(reverse("library:index"), {"q": text, "topic": topic})
    assert response.status_code == 200


def test_the_malbild_view_links_to_the_items_that_address_each_malbild(client, library):
    html = client.get(reverse("planning:detail", args=["2026.1"])).content.decode()
    link = f"{reverse('library:index')}?target_state=MB_B_CONTINUITY"
    assert f'<a href="{link}" id="library-MB_B_CONTINUITY">' in html
    response = client.get(link)
    assert [i.slug for i in response.context["page"].object_list] == ["ovning-elavbrott"]
