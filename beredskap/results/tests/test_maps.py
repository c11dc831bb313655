"""Choropleth maps: boundaries or centroid points, the focus zoom, the legend, the markup."""

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from beredskap.registry import geo, services
from beredskap.registry.models import Municipality, Shape
from beredskap.registry.tests.geofiles import (
    SHARED_GEO,
    collection,
    municipality_squares,
    polygon,
    square,
    write,
)
from beredskap.results import maps
from beredskap.tests.browser import BROWSER_MARKS, assert_no_axe_violations

pytestmark = pytest.mark.django_db

CLASSES = [("green", "Good"), ("yellow", "Fair"), ("red", "Weak"), ("", "Not answered")]
VOID = {"path", "circle", "rect", "input", "br", "img", "meta", "link", "hr"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def boundaries(reference, tmp_path):
    """Municipality boundaries: the public test file when present, else hand-made squares."""
    shared = SHARED_GEO / "swedish_municipalities.geojson"
    path = shared if shared.exists() else write(tmp_path, municipality_squares(half=0.03))
    services.import_geo(path)


def units(prefix: str = "") -> list[maps.MapUnit]:
    """Every municipality (or those whose code starts with `prefix`), classes in turn."""
    rows = Municipality.objects.filter(code__startswith=prefix).values_list("code", "name")
    return [
        maps.MapUnit(
            code=code,
            name=name,
            classification=CLASSES[i % 4][0],
            label=CLASSES[i % 4][1],
            value_text=f"{i % 100} %" if CLASSES[i % 4][0] else "–",
        )
        for i, (code, name) in enumerate(rows)
    ]


class Markup(HTMLParser):
    """Checks that tags balance, and collects ids, tags and attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.tags: Counter[str] = Counter()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)
        self.close()
        assert self.stack == [], f"unclosed: {self.stack}"

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags[tag] += 1
        self.elements.append((tag, attributes))
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags[tag] += 1
        self.elements.append((tag, dict(attrs)))
        if "id" in dict(attrs):
            self.ids.append(dict(attrs)["id"])

    def handle_endtag(self, tag):
        if tag in VOID and (not self.stack or self.stack[-1] != tag):
            return
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def first(self, tag: str) -> dict:
        return next(attrs for name, attrs in self.elements if name == tag)


def render(*maps_: maps.Map) -> str:
    return "".join(render_to_string("results/_map.html", {"map": m}) for m in maps_)


def test_with_boundaries_every_municipality_is_a_shape_with_a_tooltip(boundaries):
    the_map = maps.choropleth(units(), title="KON01 by municipality, 2025")
    assert (
        not the_map.fallback and the_map.points == 0 and the_map.view_box == "0.0 0.0 400.0 900.0"
    )
    assert len(the_map.areas) == 290 and the_map.context == ()
    html = render(the_map)
    markup = Markup(html)
    svg = markup.first("svg")
    prefix = the_map.id
    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == f"{prefix}-title {prefix}-desc"
    assert f'<title id="{prefix}-title">KON01 by municipality, 2025</title>' in html
    assert (
        f'<desc id="{prefix}-desc">Municipalities by class: Good 73; Fair 73; Weak 72; Not answered 72.</desc>'
        in html
    )
    assert (
        markup.tags["path"] == 290 and markup.tags["circle"] == 2
    )  # the yellow dots of map and key
    assert markup.tags["title"] == 1 + 290
    assert "<title>Uppsala: " in html and "<title>Upplands Väsby: 0 % (Good)</title>" in html
    assert "tabindex" not in html  # nothing in the map takes focus
    assert "Points at municipality centroids" not in html
    assert len(markup.ids) == len(set(markup.ids))
    assert all(i.startswith(prefix) for i in markup.ids)


def test_the_whole_country_stays_small(boundaries):
    html = render(maps.choropleth(units(), title="KON01"))
    assert len(html.encode()) < 120_000  # about 92 kB with the public file


def test_classes_have_patterns_and_the_legend_reuses_them(boundaries):
    the_map = maps.choropleth(units("03"), title="Uppsala", focus="03")
    markup = Markup(render(the_map))
    patterns = {attrs["id"] for tag, attrs in markup.elements if tag == "pattern"}
    prefix = the_map.id
    assert patterns == {
        f"{prefix}{key}-{css}"
        for key in ("", "-key")
        for css in ("green", "yellow", "red", "none")
    }
    fills = [
        attrs.get("fill")
        for tag, attrs in markup.elements
        if tag == "g" and "map-areas" in attrs.get("class", "")
    ]
    assert fills == [f"url(#{prefix}-{css})" for css in ("none", "green", "yellow", "red")]
    swatches = [
        attrs["fill"] for tag, attrs in markup.elements if tag == "rect" and attrs.get("x") == ".5"
    ]
    assert swatches == [f"url(#{prefix}-key-{css})" for css in ("green", "yellow", "red", "none")]
    legend = [
        attrs for tag, attrs in markup.elements if tag == "svg" and attrs.get("class") == "map-key"
    ]
    assert all(a["aria-hidden"] == "true" and a["focusable"] == "false" for a in legend)


def test_the_legend_counts_each_class_and_names_it(boundaries):
    mixed = [
        maps.MapUnit("0180", "Stockholm", "green", "Met (2/2)"),
        maps.MapUnit("0380", "Uppsala", "green", "Met (1/1)"),
        maps.MapUnit("0381", "Enköping", "red", "Not met"),
        maps.MapUnit("0382", "Östhammar", "", "Not shown to you"),
        maps.MapUnit("0360", "Tierp", "", "Not answered", "–"),
    ]
    legend = maps.choropleth(mixed, title="t").legend
    assert [(e.css, e.label, e.count) for e in legend] == [
        ("green", "Met / good", 2),  # the units' own labels differ: the generic words
        ("yellow", "Partly met / fair", 0),
        ("red", "Not met", 1),  # they agree: their own words
        ("none", "No value", 2),
    ]
    html = render(maps.choropleth(mixed, title="t"))
    assert "Met / good: 2</li>" in html and "Not met: 1</li>" in html


def test_units_without_a_value_are_drawn_in_the_no_value_class(boundaries):
    nothing = [
        maps.MapUnit("0380", "Uppsala", "", "Not answered", "–"),
        maps.MapUnit("0381", "Enköping", "hidden", "Not shown to you"),
    ]
    the_map = maps.choropleth(nothing, title="t")
    assert [(s.css, s.title) for s in the_map.shapes] == [
        ("none", "Uppsala: Not answered"),
        ("none", "Enköping: Not shown to you"),
    ]
    assert [e.count for e in the_map.legend] == [0, 0, 0, 2]
    assert len(the_map.context) == 288  # the others, without values
    assert 'class="map-areas map-none"' in render(the_map)


def test_focus_zooms_to_the_county_with_its_neighbours_for_orientation(boundaries):
    the_map = maps.choropleth(units("03"), title="Uppsala län", focus="03")
    box = the_map.box
    inside = [
        geo.BBox(*row)
        for row in Shape.objects.filter(code__startswith="03").values_list(
            "min_x", "min_y", "max_x", "max_y"
        )
    ]
    assert all(
        box.min_x < b.min_x and box.min_y < b.min_y and b.max_x < box.max_x and b.max_y < box.max_y
        for b in inside
    )
    assert box.width < 120 and box.height < 120  # a county, not the country
    assert len(the_map.areas) == 8
    assert 0 < len(the_map.context) < 282  # neighbours in view, not the whole country
    assert the_map.view_box == f"{box.min_x:.1f} {box.min_y:.1f} {box.width:.1f} {box.height:.1f}"
    assert the_map.patterns[0].tile < maps.choropleth(units(), title="x").patterns[0].tile


def test_an_unknown_focus_shows_the_whole_country(boundaries):
    assert maps.choropleth(units("03"), title="t", focus="99").box == geo.FULL


def test_without_boundaries_units_are_points_at_their_centroids(
    reference, django_assert_num_queries
):
    every = units()
    with django_assert_num_queries(2):  # the shapes (none), then the centroids
        the_map = maps.choropleth(every, title="KON01 by municipality, 2025")
    assert the_map.fallback and the_map.points == 290 and the_map.areas == ()
    uppsala = next(s for s in the_map.dots if s.code == "0380")
    lat, lon = Municipality.objects.values_list("latitude", "longitude").get(code="0380")
    assert (uppsala.cx, uppsala.cy) == tuple(round(v, 1) for v in geo.project(lon, lat))
    html = render(the_map)
    markup = Markup(html)
    assert markup.tags["circle"] == 290 + 2
    assert "Points at municipality centroids (no boundaries imported)." in html
    figcaption = html[html.index("<figcaption>") :]
    assert "Points at municipality centroids (no boundaries imported)." in figcaption
    assert "Points at municipality centroids" in html[html.index("<desc") : html.index("</desc>")]


def test_the_fallback_zooms_on_centroids_and_draws_county_outlines(reference, tmp_path):
    counties = collection(polygon({"l_id": 3, "name": "Uppsala"}, square(17.6, 60.0, 0.6)))
    services.import_geo(write(tmp_path, counties))
    the_map = maps.choropleth(units("03"), title="Uppsala län", focus="03")
    assert the_map.fallback and the_map.points == 8
    assert len(the_map.context) == 1  # the county outline under the points
    assert the_map.box.width < 60
    xs = [s.cx for s in the_map.dots]
    assert the_map.box.min_x < min(xs) and max(xs) < the_map.box.max_x


def test_units_missing_from_the_boundaries_become_points(reference, tmp_path):
    services.import_geo(write(tmp_path, municipality_squares({"0380", "0381"})))
    the_map = maps.choropleth(units("03"), title="Uppsala län")
    assert not the_map.fallback
    assert (len(the_map.areas), the_map.points) == (2, 6)
    assert (
        "6 municipalities have no boundary and are drawn as points at their centroids."
        in render(the_map)
    )


def test_a_unit_with_neither_boundary_nor_centroid_is_named(reference):
    Municipality.objects.filter(code="0380").update(latitude=None, longitude=None)
    the_map = maps.choropleth(units("038"), title="t")
    assert the_map.unplaced == ("Uppsala",)
    assert "Not on the map: Uppsala." in render(the_map)


def test_the_map_reads_one_query_with_boundaries(boundaries, django_assert_num_queries):
    every = units()
    with django_assert_num_queries(1):
        maps.choropleth(every, title="t", focus="03")


def test_the_map_is_a_picture_without_links_or_focus(boundaries):
    """axe-core refuses links inside role="img" (nested-interactive), even with tabindex=-1:
    the tables beside the map carry the links."""
    href = "/results/2025/municipalities/0380/"
    the_map = maps.choropleth(
        [maps.MapUnit("0380", "Uppsala", "green", "Good", href=href)], title="t"
    )
    assert the_map.shapes[0].href == href
    html = render(the_map)
    assert "<a " not in html and "tabindex" not in html


def test_two_maps_on_a_page_have_distinct_ids(boundaries):
    first = maps.choropleth(units("03"), title="KON01", focus="03")
    second = maps.choropleth(units("03"), title="KON02", focus="03")
    markup = Markup(render(first, second))
    assert first.id != second.id
    assert len(markup.ids) == len(set(markup.ids))
    assert maps.choropleth([], title="KON01", focus="03").id == first.id  # stable
    assert maps.choropleth([], title="KON01", id="own").id == "own"


def test_a_map_with_nothing_to_draw_says_so(reference):
    html = render(maps.choropleth([], title="Empty"))
    assert "No values to draw yet." in html and "<svg" not in html


def test_county_maps_use_county_shapes_or_centres(reference, tmp_path):
    county_units = [
        maps.MapUnit("03", "Uppsala län", "green", "Good"),
        maps.MapUnit("01", "Stockholms län", "red", "Weak"),
    ]
    fallback = maps.choropleth(county_units, level="county", title="t")
    assert fallback.fallback and fallback.points == 2
    assert "Points at county centres (no boundaries imported)." in render(fallback)
    services.import_geo(write(tmp_path, collection(polygon({"l_id": 3}, square(17.6, 60.0, 0.6)))))
    drawn = maps.choropleth(county_units, level="county", title="t", focus="03")
    assert [s.code for s in drawn.areas] == ["03"] and [s.code for s in drawn.dots] == ["01"]
    assert "1 county has no boundary and is drawn as a point at its centre." in render(drawn)
    assert drawn.box.width < 60


# --- in a browser: axe-core on a page with two maps ---------------------------------------


@pytest.mark.parametrize("with_boundaries", [True, False], ids=["boundaries", "points"])
@BROWSER_MARKS[0]
@BROWSER_MARKS[1]
def test_a_page_with_two_maps_passes_axe(request, reference, page, with_boundaries):
    if with_boundaries:
        request.getfixturevalue("boundaries")
    linked = [
        maps.MapUnit(u.code, u.name, u.classification, u.label, u.value_text, href=f"/m/{u.code}/")
        for u in units()
    ]
    body = render(
        maps.choropleth(linked, title="KON01 by municipality"),
        maps.choropleth(units("03"), title="KON01 in Uppsala län", focus="03"),
    )
    css = Path(maps.__file__).resolve().parents[1] / "static" / "beredskap" / "site.css"
    page.set_content(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Maps</title>'
        f"<style>{css.read_text(encoding='utf-8')}</style></head>"
        f'<body><main id="main"><h1>Maps</h1>{body}</main></body></html>'
    )
    assert page.locator("figure.map").count() == 2
    assert page.get_by_role("img", name="KON01 by municipality").count() == 1
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement === document.body")  # nothing to tab to
    assert_no_axe_violations(page)
