"""The indicator versions and their revision history read once per process and edition
(`results.queries.editions`): a results page drawn again does not read them, and an
edition loaded again is read again."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskap.catalogue.tests.factories import load_small_edition
from beredskap.results import services

pytestmark = pytest.mark.django_db

UPPSALA = "/results/2025/municipalities/0380/"


def _reads(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(UPPSALA)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def _reads_versions(queries: list[str]) -> int:
    return sum('FROM "catalogue_indicatorversion"' in sql for sql in queries)


@pytest.fixture
def computed(survey_round, uppsala, anna):
    from beredskap.surveys.tests.conftest import complete

    complete(uppsala, anna)
    uppsala.status = "approved"
    uppsala.save(update_fields=["status"])
    services.compute_round(survey_round=survey_round)
    return survey_round


def test_a_page_drawn_again_does_not_read_the_versions(client, computed, nadia):
    client.force_login(nadia)
    first, cold = _reads(client)
    second, warm = _reads(client)
    assert _reads_versions(cold) >= 2  # the round's versions and the revision history
    assert _reads_versions(warm) == 0
    assert len(warm) <= len(cold) - 3  # and the activities
    assert "KON01" in second and second.count("<tr") == first.count("<tr")


def test_an_edition_loaded_again_is_read_again(client, computed, nadia, tmp_path):
    client.force_login(nadia)
    _reads(client)
    load_small_edition(tmp_path, 2024)  # another year's edition: the history may grow
    _html, after = _reads(client)
    assert _reads_versions(after) == 1  # the history again; the round's edition is unchanged
