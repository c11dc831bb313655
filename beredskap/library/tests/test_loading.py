"""The library file: the starter set (the old guidance list), loading all or nothing, the
command, and `items_for`, the lookup the support needs and the county report use."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from beredskap.audit.models import Event
from beredskap.catalogue import services as catalogue
from beredskap.library import queries, services
from beredskap.library.models import Dimension, Item, Revision

pytestmark = pytest.mark.django_db


def starter() -> list[dict]:
    return yaml.safe_load(services.STARTER.read_text(encoding="utf-8"))["items"]


def edition_file(year: int) -> dict:
    path = catalogue.EDITIONS_DIR / f"{year}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def edition_2025(db):
    return catalogue.load_edition(path=catalogue.EDITIONS_DIR / "2025.yaml").edition


def entry(slug, **extra):
    """A valid file entry against the small test edition (area B, KON01, KON02)."""
    return {
        "slug": slug,
        "title": {"sv": f"Stöd {slug}", "en": f"Support {slug}"},
        "url": f"https://example.org/{slug}",
        "area_codes": ["B"],
        "indicators": ["KON01"],
        **extra,
    }


def library_file(tmp_path, items, name="library.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"items": items}, allow_unicode=True, sort_keys=False))
    return path


def test_the_starter_set_loads_and_covers_every_2025_area(edition_2025, nadia):
    result = services.load_library(by=nadia)
    assert result.created == len(starter()) >= 10
    assert (result.updated, result.unchanged) == (0, 0)
    items = list(Item.objects.prefetch_related("tags"))
    covered = {code for i in items for code in i.codes(Dimension.AREA)}
    assert covered >= set(edition_2025.areas.values_list("code", flat=True))
    for item in items:
        assert item.title_sv and item.title_en and item.summary_sv and item.summary_en
        assert item.publisher and item.codes(Dimension.INDICATOR) and item.codes(Dimension.TOPIC)
        assert item.url.startswith("https://") and item.last_reviewed
        assert [r.number for r in item.revisions.all()] == [1]
    event = Event.objects.get(action="library.loaded")
    assert event.actor == nadia and event.details["created"] == result.created


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_starter_indicator_and_area_exists_in_the_edition(year):
    data = edition_file(year)
    codes = {i["code"] for i in data["indicators"]}
    areas = {a["code"] for a in data["areas"]}
    for item in starter():
        assert set(item["indicators"]) <= codes, item["slug"]
        assert set(item["area_codes"]) <= areas, item["slug"]


def test_a_rerun_keeps_edits_unless_update_which_makes_a_revision(edition_2025, nadia):
    count = services.load_library().created
    item = Item.objects.get(slug="introduktion-till-beredskap")
    services.update_item(
        item=item,
        data={"title_sv": "Ändrad av redaktör", "indicators": ["GOV01"]},
        expected_version=1,
        by=nadia,
    )
    again = services.load_library()
    assert (again.created, again.updated, again.unchanged) == (0, 0, count)
    item.refresh_from_db()
    assert item.title_sv == "Ändrad av redaktör" and item.codes(Dimension.INDICATOR) == ["GOV01"]

    updated = services.load_library(update=True)
    assert (updated.created, updated.updated, updated.unchanged) == (0, 1, count - 1)
    item.refresh_from_db()
    assert item.title_sv == "Webbutbildningen Introduktion till beredskap"
    assert item.codes(Dimension.INDICATOR) == ["UTB01", "UTB05"]
    assert list(item.revisions.values_list("number", flat=True)) == [3, 2, 1]
    assert Event.objects.filter(action="library.loaded").count() == 3


def test_a_bad_file_reports_every_row_and_writes_nothing(tmp_path, edition):
    path = library_file(
        tmp_path,
        [
            entry("a"),  # valid, but the file as a whole is not
            entry("b", indicators=["KON01", "KON99"]),
            entry("a"),
            entry("c", url="ftp://example.org/c"),
            entry("d", area_codes="B"),
            entry("e", area_codes=["Q"], colour="red"),
            {"slug": "f", "title": {"sv": "Bara svenska"}},
            entry("g", kind="article", topics=["weather"], target_states=["MB_NOPE"]),
        ],
    )
    with pytest.raises(services.LibraryInvalid) as caught:
        services.load_library(path, update=True)
    errors = caught.value.errors
    assert "item 2 (slug b): indicators: Unknown code KON99." in errors
    assert "item 3 (slug a): duplicate slug a" in errors
    assert any(e.startswith("item 4 (slug c): url: 'ftp://example.org/c' is not") for e in errors)
    assert "item 5 (slug d): area_codes: must be a list of codes" in errors
    assert "item 6 (slug e): area_codes: Unknown code Q." in errors
    assert "item 6 (slug e): colour: unknown field" in errors
    assert "item 7 (slug f): url: A link needs an address." in errors
    assert "item 7 (slug f): title_en: required" in errors
    assert "item 8 (slug g): body_sv: An article needs a Swedish text." in errors
    assert "item 8 (slug g): topics: Unknown code weather." in errors
    assert "item 8 (slug g): target_states: Unknown code MB_NOPE." in errors
    assert len(errors) == 11
    assert not Item.objects.exists() and not Revision.objects.exists()
    assert not Event.objects.filter(action="library.loaded").exists()


def test_the_library_needs_the_catalogue_loaded_first(tmp_path):
    with pytest.raises(services.LibraryInvalid) as caught:
        services.load_library(library_file(tmp_path, [entry("a")]))
    assert "run load_catalogue first" in caught.value.errors[0]
    assert not Item.objects.exists()


def test_a_file_that_is_not_a_list_of_items_is_refused(tmp_path, edition):
    path = tmp_path / "library.yaml"
    path.write_text("- slug: a\n")
    with pytest.raises(services.LibraryInvalid) as caught:
        services.load_library(path)
    assert caught.value.errors == ["the file must be a mapping with a list of items"]


def test_the_command_loads_and_prints_counts(capsys, tmp_path, edition):
    path = library_file(tmp_path, [entry("a"), entry("b")])
    call_command("load_library", str(path))
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    call_command("load_library", str(path), "--update")
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_the_command_lists_each_row_error(tmp_path, edition):
    path = library_file(tmp_path, [entry("a", indicators=["KON98"]), entry("a")])
    with pytest.raises(CommandError) as caught:
        call_command("load_library", str(path))
    message = str(caught.value)
    assert "2 error(s); nothing loaded" in message
    assert "item 1 (slug a): indicators: Unknown code KON98." in message
    assert "item 2 (slug a): duplicate slug a" in message


# --- lookup ---------------------------------------------------------------------------


@pytest.fixture
def linked(tmp_path, edition):
    path = library_file(
        tmp_path,
        [
            entry("units", area_codes=["B", "H"], indicators=["KON02"], position=1),
            entry("plan", indicators=["KON01"], position=2),
            entry("old", active=False),
            entry("training", area_codes=["H"], indicators=[], position=3),
        ],
    )
    services.load_library(path)


def test_items_for_keys_by_area_and_indicator(linked, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        found = queries.items_for(area_codes=["B", "C"], indicator_codes=["KON01"])
        slugs = {key: [i.slug for i in items] for key, items in found.items()}
    assert slugs == {"B": ["units", "plan"], "KON01": ["plan"]}  # position order, no inactive


def test_items_for_an_indicator_and_an_area_of_the_same_item(linked):
    found = queries.items_for(area_codes=["H"], indicator_codes=["KON02"])
    assert [i.slug for i in found["H"]] == ["units", "training"]
    assert [i.slug for i in found["KON02"]] == ["units"]
    assert queries.items_for() == {}
    assert queries.items_for(area_codes=["A"], indicator_codes=["GOV01"]).get("A", []) == []
