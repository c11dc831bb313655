"""Guidance items: the starter set, loading all or nothing, lookup and the admin."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from beredskap.audit.models import Event
from beredskap.catalogue import services
from beredskap.catalogue.models import Area, GuidanceItem, Indicator

pytestmark = pytest.mark.django_db


def starter() -> list[dict]:
    return yaml.safe_load(services.GUIDANCE_STARTER.read_text(encoding="utf-8"))["items"]


def edition_file(year: int) -> dict:
    return yaml.safe_load((services.EDITIONS_DIR / f"{year}.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def edition_2025(db):
    return services.load_edition(path=services.EDITIONS_DIR / "2025.yaml").edition


def item(slug, **extra):
    """A valid guidance file entry against the small test edition (area B, KON01, KON02)."""
    return {
        "slug": slug,
        "title": {"sv": f"Stöd {slug}", "en": f"Support {slug}"},
        "url": f"https://example.org/{slug}",
        "area_codes": ["B"],
        "indicators": ["KON01"],
        **extra,
    }


def guidance_file(tmp_path, items, name="guidance.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"items": items}, allow_unicode=True, sort_keys=False))
    return path


# --- the starter set ------------------------------------------------------------------


def test_the_starter_set_loads_and_covers_every_2025_area(edition_2025, nadia):
    result = services.load_guidance(by=nadia)
    assert 9 <= result.created <= 12
    assert (result.updated, result.unchanged) == (0, 0)
    covered = {code for g in GuidanceItem.objects.all() for code in g.area_codes}
    assert covered >= set(edition_2025.areas.values_list("code", flat=True))
    for guidance in GuidanceItem.objects.all():
        assert (
            guidance.title_sv and guidance.title_en and guidance.summary_sv and guidance.summary_en
        )
        assert guidance.publisher and guidance.indicators.exists()
        assert guidance.url.startswith("https://")
    event = Event.objects.get(action="catalogue.guidance_loaded")
    assert event.actor == nadia
    assert event.details["created"] == result.created


@pytest.mark.parametrize("year", [2025, 2026])
def test_every_starter_indicator_and_area_exists_in_the_edition(year):
    data = edition_file(year)
    codes = {i["code"] for i in data["indicators"]}
    areas = {a["code"] for a in data["areas"]}
    for entry in starter():
        assert set(entry["indicators"]) <= codes, entry["slug"]
        assert set(entry["area_codes"]) <= areas, entry["slug"]


def test_a_rerun_keeps_admin_edits_unless_update(edition_2025):
    count = services.load_guidance().created
    edited = GuidanceItem.objects.get(slug="introduktion-till-beredskap")
    edited.title_sv = "Ändrad i admin"
    edited.save()
    edited.indicators.set([Indicator.objects.get(code="GOV01")])

    again = services.load_guidance()
    assert (again.created, again.updated, again.unchanged) == (0, 0, count)
    edited.refresh_from_db()
    assert edited.title_sv == "Ändrad i admin"
    assert [i.code for i in edited.indicators.all()] == ["GOV01"]

    updated = services.load_guidance(update=True)
    assert (updated.created, updated.updated, updated.unchanged) == (0, 1, count - 1)
    edited.refresh_from_db()
    assert edited.title_sv == "Webbutbildningen Introduktion till beredskap"
    assert sorted(i.code for i in edited.indicators.all()) == ["UTB01", "UTB05"]
    assert Event.objects.filter(action="catalogue.guidance_loaded").count() == 3


def test_an_admin_added_item_is_left_alone(edition_2025):
    GuidanceItem.objects.create(slug="egen", title_sv="Eget", title_en="Own", url="https://x.se")
    services.load_guidance(update=True)
    assert GuidanceItem.objects.get(slug="egen").title_sv == "Eget"


# --- bad files ------------------------------------------------------------------------


def test_a_bad_file_reports_every_row_and_writes_nothing(tmp_path, edition):
    GuidanceItem.objects.create(slug="a", title_sv="Före", title_en="Before", url="https://x.se")
    path = guidance_file(
        tmp_path,
        [
            item("a"),  # valid, but the file as a whole is not
            item("b", indicators=["KON01", "KON99"]),
            item("a"),
            item("c", url="ftp://example.org/c"),
            item("d", area_codes="B"),
            item("e", area_codes=["Q"], colour="red"),
            {"slug": "f", "title": {"sv": "Bara svenska"}},
        ],
    )
    with pytest.raises(services.GuidanceInvalid) as caught:
        services.load_guidance(path, update=True)
    errors = caught.value.errors
    assert "item 2 (slug b): unknown indicator KON99" in errors
    assert "item 3 (slug a): duplicate slug a" in errors
    assert any(e.startswith("item 4 (slug c): url: 'ftp://example.org/c' is not") for e in errors)
    assert any(e.startswith("item 5 (slug d): area_codes must be a list") for e in errors)
    assert "item 6 (slug e): unknown area Q" in errors
    assert "item 6 (slug e): colour: unknown field" in errors
    assert "item 7 (slug f): url: required" in errors
    assert "item 7 (slug f): title.en: required" in errors
    assert len(errors) == 8
    assert list(GuidanceItem.objects.values_list("slug", "title_sv")) == [("a", "Före")]
    assert not Event.objects.filter(action="catalogue.guidance_loaded").exists()


def test_guidance_needs_the_catalogue_loaded_first(tmp_path):
    with pytest.raises(services.GuidanceInvalid) as caught:
        services.load_guidance(guidance_file(tmp_path, [item("a")]))
    assert "load the catalogue first" in caught.value.errors[0]
    assert not GuidanceItem.objects.exists()


def test_a_file_that_is_not_a_list_of_items_is_refused(tmp_path, edition):
    path = tmp_path / "guidance.yaml"
    path.write_text("- slug: a\n")
    with pytest.raises(services.GuidanceInvalid) as caught:
        services.load_guidance(path)
    assert caught.value.errors == ["the file must be a mapping with a list of items"]


# --- the command ----------------------------------------------------------------------


def test_the_command_loads_and_prints_counts(capsys, tmp_path, edition):
    path = guidance_file(tmp_path, [item("a"), item("b")])
    call_command("load_guidance", str(path))
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    call_command("load_guidance", str(path), "--update")
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_the_command_lists_each_row_error(tmp_path, edition):
    path = guidance_file(tmp_path, [item("a", indicators=["KON98"]), item("a")])
    with pytest.raises(CommandError) as caught:
        call_command("load_guidance", str(path))
    message = str(caught.value)
    assert "2 error(s); nothing loaded" in message
    assert "item 1 (slug a): unknown indicator KON98" in message
    assert "item 2 (slug a): duplicate slug a" in message


# --- lookup ---------------------------------------------------------------------------


@pytest.fixture
def guidance(edition):
    kon01, kon02 = Indicator.objects.get(code="KON01"), Indicator.objects.get(code="KON02")

    def make(slug, areas, indicators, position=0, active=True):
        g = GuidanceItem.objects.create(
            slug=slug,
            title_sv=slug,
            title_en=slug,
            url=f"https://example.org/{slug}",
            area_codes=areas,
            position=position,
            active=active,
        )
        g.indicators.set(indicators)
        return g

    return {
        "plan": make("plan", ["B"], [kon01], position=2),
        "units": make("units", ["B", "H"], [kon02], position=1),
        "old": make("old", ["B"], [kon01], active=False),
        "training": make("training", ["H"], []),
    }


def test_guidance_for_keys_by_area_and_indicator(guidance, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        found = services.guidance_for(["B", "C"], ["KON01"])
        slugs = {key: [g.slug for g in items] for key, items in found.items()}
    assert slugs == {"B": ["units", "plan"], "KON01": ["plan"]}  # position order, no inactive


def test_guidance_for_an_indicator_and_an_area_of_the_same_item(guidance):
    found = services.guidance_for(["H"], ["KON02"])
    assert [g.slug for g in found["H"]] == ["training", "units"]
    assert found["KON02"] == [guidance["units"]]
    assert services.guidance_for([], []) == {}
    assert services.guidance_for(["A"], ["GOV01"]).get("A", []) == []


# --- the admin ------------------------------------------------------------------------


def test_the_admin_lists_and_adds_guidance(client, nadia, edition):
    GuidanceItem.objects.create(slug="a", title_sv="Stöd A", title_en="A", url="https://x.se")
    client.force_login(nadia)
    assert "Stöd A" in client.get("/admin/catalogue/guidanceitem/").content.decode()
    assert client.get("/admin/catalogue/guidanceitem/add/").status_code == 200
    kon01 = Indicator.objects.get(code="KON01")
    form = {
        "slug": "b",
        "title_sv": "Stöd B",
        "title_en": "Support B",
        "url": "https://example.org/b",
        "area_codes": '["B"]',
        "indicators": [kon01.pk],
        "active": "on",
        "position": "3",
    }
    response = client.post("/admin/catalogue/guidanceitem/add/", form)
    assert response.status_code == 302
    assert list(GuidanceItem.objects.get(slug="b").indicators.all()) == [kon01]


@pytest.mark.parametrize(
    "area_codes, error",
    [
        ('"B"', "must be a list of area codes"),
        ("[1]", "must be a list"),
        ('["Q"]', "unknown area Q"),
    ],
)
def test_the_admin_checks_area_codes(client, nadia, edition, area_codes, error):
    assert Area.objects.filter(code="B").exists()
    client.force_login(nadia)
    form = {
        "slug": "b",
        "title_sv": "Stöd B",
        "title_en": "Support B",
        "url": "https://example.org/b",
        "area_codes": area_codes,
        "position": "0",
    }
    response = client.post("/admin/catalogue/guidanceitem/add/", form)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not GuidanceItem.objects.exists()
