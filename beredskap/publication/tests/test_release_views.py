"""The analyst's release pages: access, the preview, release, correction and withdrawal."""

import pytest

from beredskap.audit.models import Event
from beredskap.publication import services
from beredskap.publication.models import Release
from beredskap.results import services as results
from beredskap.results.models import Value

pytestmark = pytest.mark.django_db

PAGE = "/releases/2025/"


@pytest.fixture
def computed(approved_round, nadia):
    results.compute_round(survey_round=approved_round, basis=Value.Basis.APPROVED, by=nadia)
    return approved_round


@pytest.mark.parametrize("who", ["anna", "alva", "bengt", "karl", "olle"])
def test_only_the_analyst_opens_the_release_pages(client, cast, computed, who):
    client.force_login(cast[who])
    for url in ["/releases/", PAGE]:
        assert client.get(url).status_code == 403
    assert client.post(PAGE + "release/", {"confirm": "on"}).status_code == 403
    assert not Release.objects.exists()


def test_the_page_previews_what_the_release_copies(client, nadia, computed):
    client.force_login(nadia)
    assert client.get("/releases/").status_code == 200
    page = client.get(PAGE)
    preview = page.context["preview"]
    assert preview.total > 0 and preview.total_withheld > 0
    assert f'id="preview-total">{preview.total}<' in page.content.decode()
    refused = client.post(PAGE + "release/", {"notes": "Första"})
    assert refused.status_code == 422 and not Release.objects.exists()
    assert "Kryssa i rutan" in refused.content.decode()
    response = client.post(PAGE + "release/", {"notes": "Första", "confirm": "on"})
    assert response.status_code == 302
    made = Release.objects.get()
    assert made.value_count == preview.total and made.notes == "Första"
    assert Event.objects.filter(action="release.made", actor=nadia).count() == 1


def test_a_correction_needs_errata_and_a_withdrawal_a_reason(client, nadia, computed):
    client.force_login(nadia)
    first = services.release_round(survey_round=computed, by=nadia)
    page = client.get(PAGE).content.decode()
    assert 'name="errata"' in page and 'id="withdraw-1"' in page
    refused = client.post(PAGE + "release/", {"confirm": "on"})
    assert refused.status_code == 422 and Release.objects.count() == 1
    assert "errata" in refused.content.decode()
    data = {"confirm": "on", "errata": "Enköpings svar rättat."}
    assert client.post(PAGE + "release/", data).status_code == 302
    assert Release.objects.get(number=2).errata == "Enköpings svar rättat."
    refused = client.post(PAGE + "1/withdraw/", {"reason": "  "})
    assert refused.status_code == 422 and 'role="alert"' in refused.content.decode()
    assert client.get(PAGE + "1/withdraw/").status_code == 405
    assert client.post(PAGE + "1/withdraw/", {"reason": "Fel underlag."}).status_code == 302
    first.refresh_from_db()
    assert first.withdrawn and first.withdrawal_reason == "Fel underlag."
    assert Event.objects.filter(action="release.withdrawn", actor=nadia).count() == 1
    assert client.post(PAGE + "1/withdraw/", {"reason": "Igen."}).status_code == 422


def test_the_release_page_reads_a_fixed_number_of_queries(
    client, nadia, computed, django_assert_max_num_queries
):
    client.force_login(nadia)
    services.release_round(survey_round=computed, by=nadia)
    with django_assert_max_num_queries(16):
        assert client.get(PAGE).status_code == 200
