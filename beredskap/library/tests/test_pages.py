"""The library's pages through the web client: reading, editing with revisions and
optimistic locking, who may do what, and the list's query count."""

import pytest
from django.urls import reverse

from beredskap.audit.models import Event
from beredskap.library import services
from beredskap.library.models import Dimension, Item

from .conftest import article

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_list_and_a_published_item(client, library):
    html = client.get(reverse("library:index")).content.decode()
    assert "Övning vid elavbrott" in html and "MSB om kontinuitet" in html
    assert "Artikel utkast" not in html  # unpublished
    html = client.get(reverse("library:item", args=["ovning-elavbrott"])).content.decode()
    assert "Så planerar ni en övning för särskilt boende." in html
    assert "Verksamheten fortsätter vid störningar" in html  # the målbild by name
    assert "Långvarigt elavbrott" in html  # the assumption by name
    assert 'id="revision-1"' in html
    assert "Nadia" not in html  # who edited is for editors


def test_an_unpublished_item_is_a_404_except_to_editors(client, library, anna, bengt):
    url = reverse("library:item", args=["utkast"])
    assert client.get(url).status_code == 404
    client.force_login(anna)
    assert client.get(url).status_code == 404
    client.force_login(bengt)
    assert client.get(url).status_code == 200


def test_the_text_is_shown_as_text_never_as_html(client, library, nadia):
    services.create_item(
        data=article("farlig", body_sv="<script>alert(1)</script>\n\nStycke två"), by=nadia
    )
    html = client.get(reverse("library:item", args=["farlig"])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<p>Stycke två</p>" in html


@pytest.mark.parametrize("name", ["library:new", "library:edit"])
def test_editing_is_for_editors_only(client, library, anna, cecilia, name):
    args = ["kontinuitetsplan"] if name == "library:edit" else []
    url = reverse(name, args=args)
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(anna)
    assert client.get(url).status_code == 403
    assert client.post(url, {"slug": "x"}).status_code == 403
    assert Item.objects.count() == 4


def form_data(item: Item, **changes) -> dict:
    data = services.fields_of(item)
    data = {k: v for k, v in data.items() if v not in (None, False)}
    for field in ("area_codes", "indicators", "target_states", "assumptions"):
        data[field] = " ".join(data.get(field, []))
    data["last_reviewed"] = ""
    data["version"] = item.version
    if item.active:
        data["active"] = "on"
    return data | changes


def test_bengt_edits_an_item_as_a_new_revision(client, library, bengt):
    item = library["kontinuitetsplan"]
    client.force_login(bengt)
    assert client.get(reverse("library:edit", args=[item.slug])).status_code == 200
    response = client.post(
        reverse("library:edit", args=[item.slug]),
        form_data(
            item,
            title_sv="Kontinuitetsplanen steg för steg",
            target_states="mb_b_continuity",
            note="Ny rubrik",
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_sv == "Kontinuitetsplanen steg för steg" and item.version == 2
    assert item.codes(Dimension.TARGET_STATE) == ["MB_B_CONTINUITY"]
    revision = item.revisions.get(number=2)
    assert revision.by == bengt and revision.note == "Ny rubrik"
    assert revision.data["title_sv"] == "Kontinuitetsplanen steg för steg"
    assert Event.objects.filter(action="library.item_revised", actor=bengt).exists()
    html = client.get(reverse("library:item", args=[item.slug])).content.decode()
    assert "reviderat av Bengt" in html  # editors see who


def test_a_stale_edit_is_refused_and_keeps_the_other_save(client, library, bengt, nadia):
    item = library["kontinuitetsplan"]
    stale = form_data(item, title_sv="Bengts rubrik")
    services.update_item(
        item=item, data={"title_sv": "Nadias rubrik"}, expected_version=1, by=nadia
    )
    client.force_login(bengt)
    response = client.post(reverse("library:edit", args=[item.slug]), stale)
    assert response.status_code == 200
    assert 'id="conflict"' in response.content.decode()
    item.refresh_from_db()
    assert item.title_sv == "Nadias rubrik" and item.version == 2


def test_nadia_creates_an_item_and_bad_codes_are_named(client, library, nadia):
    client.force_login(nadia)
    data = {
        "slug": "ny-artikel",
        "kind": "article",
        "title_sv": "Ny artikel",
        "title_en": "New article",
        "body_sv": "Text.",
        "indicators": "KON01 KON77",
        "topics": ["training"],
        "active": "on",
    }
    response = client.post(reverse("library:new"), data)
    assert response.status_code == 200
    assert "Okänd kod KON77." in response.content.decode()
    assert not Item.objects.filter(slug="ny-artikel").exists()
    response = client.post(reverse("library:new"), data | {"indicators": "KON01"})
    assert response.status_code == 302
    item = Item.objects.get(slug="ny-artikel")
    assert item.codes(Dimension.INDICATOR) == ["KON01"] and item.codes("topic") == ["training"]
    assert item.revisions.get().by == nadia


def test_a_reserved_or_taken_slug_is_refused(client, library, nadia):
    client.force_login(nadia)
    base = {"kind": "link", "title_sv": "T", "title_en": "T", "url": "https://x.se"}
    for slug in ("feed", "kontinuitetsplan"):
        response = client.post(reverse("library:new"), base | {"slug": slug})
        assert response.status_code == 200 and 'id="errors"' in response.content.decode()
    assert Item.objects.count() == 4


def test_the_list_reads_in_a_fixed_number_of_queries(
    client, library, nadia, django_assert_num_queries
):
    url = reverse("library:index") + "?topic=continuity"

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(12):
        services.create_item(
            data=article(f"extra-{n}", topics=["continuity"], indicators=["KON01"]), by=nadia
        )
    assert count() == few
    client.force_login(nadia)
    signed_in = count()
    for n in range(12, 20):
        services.create_item(data=article(f"extra-{n}", topics=["continuity"]), by=nadia)
    assert count() == signed_in
