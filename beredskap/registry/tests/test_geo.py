"""Pure geometry: the projection, reading GeoJSON, path data, simplification, centroids."""

import json
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beredskap.registry import geo

from .geofiles import collection, point, polygon, shared, square

# Sweden's extremes: Koster (10.96 E), Haparanda (24.17 E), Smygehuk (55.34 N), Treriksröset (69.06 N).
SWEDISH_LON = st.floats(10.9, 24.2)
SWEDISH_LAT = st.floats(55.3, 69.1)


def absolute(path: str) -> list[list[tuple[float, float]]]:
    """The rings of path data written by `geo.ring_path`, in absolute coordinates."""
    rings = []
    for sub in re.findall(r"M[^z]*z", path):
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", sub)]
        x, y = numbers[0], numbers[1]
        ring = [(x, y)]
        for dx, dy in zip(numbers[2::2], numbers[3::2], strict=True):
            x, y = round(x + dx, 1), round(y + dy, 1)
            ring.append((x, y))
        rings.append(ring)
    return rings


# --- projection ------------------------------------------------------------------------


def test_the_view_box_corners_are_the_documented_coordinates():
    assert geo.project(10.5, 69.5) == (0, 0)
    x, y = geo.project(geo.LON_MAX, geo.LAT_MIN)
    assert (round(x, 6), round(y, 6)) == (geo.WIDTH, geo.HEIGHT)
    assert round(geo.LON_MAX, 2) == 24.70 and geo.LAT_MIN == 54.5


@given(SWEDISH_LON, SWEDISH_LAT, SWEDISH_LON, SWEDISH_LAT)
def test_north_is_up_and_east_is_right(lon1, lat1, lon2, lat2):
    (x1, y1), (x2, y2) = geo.project(lon1, lat1), geo.project(lon2, lat2)
    if lon1 < lon2:
        assert x1 < x2
    if lat1 < lat2:
        assert y1 > y2  # further north is higher up, a smaller y
    # Rounded to the stored 0.1, order is kept (never reversed).
    if lon1 <= lon2:
        assert round(x1, 1) <= round(x2, 1)
    if lat1 <= lat2:
        assert round(y1, 1) >= round(y2, 1)


@given(SWEDISH_LON, SWEDISH_LAT)
def test_swedish_positions_stay_in_the_view_box_and_project_back(lon, lat):
    x, y = geo.project(lon, lat)
    assert 0 <= x <= geo.WIDTH and 0 <= y <= geo.HEIGHT
    assert geo.in_sweden(lon, lat)
    back = geo.unproject(x, y)
    assert math.isclose(back[0], lon, abs_tol=1e-9) and math.isclose(back[1], lat, abs_tol=1e-9)


# --- codes and levels -----------------------------------------------------------------


@pytest.mark.parametrize(
    "properties, level, expected",
    [
        (
            {"id": "0180", "kom_namn": "Stockholm", "lan_code": "01"},
            None,
            ("municipality", "0180"),
        ),
        ({"kom_kod": "2584"}, None, ("municipality", "2584")),
        ({"KnKod": "0380"}, None, ("municipality", "0380")),
        ({"code": "0114"}, None, ("municipality", "0114")),
        ({"code": 180}, None, ("municipality", "0180")),
        ({"l_id": 21, "name": "Gävleborg"}, None, ("county", "21")),
        ({"l_id": 1}, None, ("county", "01")),
        ({"lan_code": "3"}, None, ("county", "03")),
        ({"LnKod": "25"}, None, ("county", "25")),
        ({"code": "07"}, None, ("county", "07")),
        ({"code": 7}, None, ("county", "07")),
        ({"id": "0180", "lan_code": "01"}, "county", ("county", "01")),
        ({"l_id": 21}, "municipality", ("", "")),
        ({"id": "Stockholm"}, None, ("", "")),
        ({"id": "180"}, None, ("", "")),  # a string code must have its four digits
        ({"l_id": True}, None, ("", "")),
        ({"l_id": 0}, None, ("", "")),
        ({"name": "Nowhere"}, None, ("", "")),
    ],
)
def test_level_and_code_come_from_the_properties(properties, level, expected):
    assert geo.detect(properties, level) == expected


# --- reading a file -------------------------------------------------------------------


def test_a_small_file_is_read_with_names_and_points():
    data = collection(
        polygon({"id": "0180", "kom_namn": "Stockholm"}, square(18.0, 59.3)),
        polygon(
            {"id": "0380", "kom_namn": "Uppsala", "geo_point_2d": [59.86, 17.64]},
            square(17.6, 59.9),
        ),
    )
    read = geo.read(data)
    assert read.problems == []
    assert read.level == "municipality"
    first, second = read.features
    assert (first.code, first.name, first.point) == ("0180", "Stockholm", None)
    assert first.centroid() == pytest.approx((59.3, 18.0))
    assert second.centroid() == (59.86, 17.64)  # the file's own point wins


@pytest.mark.parametrize(
    "data, problem",
    [
        ([], (None, "not a GeoJSON FeatureCollection")),
        (
            {"type": "FeatureCollection", "features": []},
            (None, "the FeatureCollection has no features"),
        ),
        (
            collection(
                polygon(
                    {"id": "0180"},
                    [[674000, 6580000], [675000, 6580000], [675000, 6581000], [674000, 6580000]],
                )
            ),
            (None, "coordinates are not WGS 84 longitude/latitude"),
        ),
        (
            collection({"type": "Feature", "properties": {"id": "0180"}}),
            (0, "invalid geometry: no geometry"),
        ),
        (
            collection(
                {
                    "type": "Feature",
                    "properties": {"id": "0180"},
                    "geometry": {"type": "LineString", "coordinates": []},
                }
            ),
            (
                0,
                "invalid geometry: geometry type 'LineString' is not Polygon, MultiPolygon or Point",
            ),
        ),
        (
            collection(polygon({"id": "0180"}, square(18, 59.3)[:-1])),
            (0, "invalid geometry: a ring is not closed"),
        ),
        (
            collection(polygon({"id": "0180"}, [*square(18, 59.3)[:3], [18, 59.3]])),
            (0, "invalid geometry: a ring is not closed"),
        ),
        (
            collection(polygon({"id": "0180"}, [[18, 59], [18.1, 59], [18, 59]])),
            (0, "invalid geometry: a ring has fewer than 4 positions"),
        ),
        (
            collection(polygon({"id": "0180"}, [[18, "59"], [18.1, 59], [18, 59.1], [18, 59]])),
            (0, "invalid geometry: a position is not"),
        ),
        (
            collection(polygon({"id": "0180"}, square(2.35, 48.85))),
            (0, "invalid geometry: position (2.3000, 48.8000) is outside Sweden"),
        ),
        (
            collection(polygon({"kom_namn": "Stockholm"}, square(18, 59.3))),
            (0, "no code: none of the properties id, kom_kod"),
        ),
        (collection({"type": "Topology"}), (0, "not a GeoJSON Feature")),
    ],
)
def test_problems_are_reported_by_feature_index(data, problem):
    problems = geo.read(data).problems
    assert any(index == problem[0] and text.startswith(problem[1]) for index, text in problems), (
        problems
    )


def test_features_of_the_other_level_and_stray_points_are_problems():
    data = collection(
        polygon({"id": "0180"}, square(18, 59.3)),
        polygon({"id": "0380"}, square(17.6, 59.9)),
        polygon({"l_id": 3}, square(17.6, 60.0)),
        point({"id": "0381"}, 17.1, 59.6),
    )
    read = geo.read(data)
    assert read.level == "municipality"
    assert read.problems == [
        (2, "names a county, but this is a municipality file"),
        (3, "a Point among polygons: a file has shapes or points"),
    ]


def test_a_file_of_points_gives_centroids_only():
    read = geo.read(
        collection(point({"id": "0180"}, 18.07, 59.33), point({"id": "0380"}, 17.64, 59.86))
    )
    assert read.problems == []
    assert [(f.is_area, f.centroid()) for f in read.features] == [
        (False, (59.33, 18.07)),
        (False, (59.86, 17.64)),
    ]


def test_county_files_need_shapes():
    read = geo.read(collection(point({"l_id": 3}, 17.6, 60.0)))
    assert read.problems == [(0, "county files must have Polygon or MultiPolygon shapes")]


# --- path data ---------------------------------------------------------------------------


def test_path_data_is_projected_rounded_relative_and_closed():
    ring = [[12.0, 56.0], [12.0, 56.0], [13.0, 56.0], [13.0, 57.0], [12.0, 57.0], [12.0, 56.0]]
    data, box = geo.shape([[ring]])
    assert data.startswith("M") and data.endswith("z") and data.count("M") == 1
    corners = [tuple(round(v, 1) for v in geo.project(lon, lat)) for lon, lat in ring[1:-1]]
    assert absolute(data) == [corners]  # the repeated first position is gone
    assert re.fullmatch(r"[Mlz0-9 .\-]+", data)
    assert all(len(n.split(".")[-1]) <= 1 for n in re.findall(r"\d*\.\d+", data))
    assert (box.min_x, box.max_y) == (corners[0][0], corners[0][1])


def test_numbers_are_written_short():
    assert [geo._number(n) for n in (123, 120, 5, -5, 0, -123)] == [
        "12.3",
        "12",
        ".5",
        "-.5",
        "0",
        "-12.3",
    ]
    assert geo.ring_path([(10, 10), (15, 5), (15, 15)]) == "M1 1l.5-.5 0 1z"


def test_simplification_drops_points_on_a_line_and_keeps_corners():
    line = [(0.0, 0.0), (1.0, 0.05), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0), (0.0, 0.0)]
    assert geo.simplify_ring(line, 0.3) == [(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]
    assert (1.0, 0.05) in geo.simplify_ring(line, 0.01)


def test_slivers_vanish_but_a_unit_never_does():
    big, islet = square(17.6, 59.9, 0.2), square(18.5, 59.9, 0.001)
    data, _box = geo.shape([[big], [islet]])
    assert data.count("M") == 1
    alone, box = geo.shape([[islet]])
    assert alone.count("M") == 1 and box.width < 0.2


def test_holes_are_kept_as_subpaths():
    outer, hole = square(17.6, 59.9, 0.2), list(reversed(square(17.6, 59.9, 0.05)))
    data, _box = geo.shape([[outer, hole]])
    assert data.count("M") == 2


# --- centroids ---------------------------------------------------------------------------


def test_the_centroid_of_a_square_is_its_centre():
    assert geo.area_centroid([[square(17.0, 60.0, 0.5)]]) == pytest.approx((60.0, 17.0))


def test_the_centroid_weights_parts_by_area_and_subtracts_holes():
    big, small = square(16.0, 60.0, 0.3), square(18.0, 60.0, 0.1)  # 9:1 in area
    lat, lon = geo.area_centroid([[big], [small]])
    assert lon == pytest.approx((16.0 * 9 + 18.0) / 10) and lat == pytest.approx(60.0)
    hole = square(16.1, 60.0, 0.1)  # a hole east of the middle moves the centre west
    assert geo.area_centroid([[square(16.0, 60.0, 0.3), hole]])[1] < 16.0


def test_the_view_box_around_a_county_is_padded_and_never_tiny():
    box = geo.fit(geo.BBox(100, 100, 102, 101))
    assert box.width == box.height == pytest.approx(20 * 1.12)
    assert box.min_x < 100 and box.max_x > 102
    wide = geo.fit(geo.BBox(0, 0, 100, 50), padding=0.1)
    assert (wide.min_x, wide.width, wide.height) == (-10, 120, 70)


# --- the public test files ---------------------------------------------------------------


def test_the_public_municipality_file_reads_cleanly_and_draws_small():
    data = json.loads(shared("swedish_municipalities.geojson").read_text(encoding="utf-8"))
    read = geo.read(data)
    assert read.problems == []
    assert read.level == "municipality"
    assert len({f.code for f in read.features}) == 290
    shapes = [geo.shape(f.polygons) for f in read.features]
    assert sum(len(d) for d, _box in shapes) < 80_000  # about 74 kB: see TOLERANCE
    assert all(geo.FULL.intersects(box) and box.max_x <= geo.WIDTH for _d, box in shapes)
    for feature in read.features:  # the file's point and our centroid agree within ~3 km
        lat, lon = geo.area_centroid(feature.polygons)
        if len(feature.polygons) == 1:
            assert abs(lat - feature.point[0]) < 0.03 and abs(lon - feature.point[1]) < 0.06


def test_the_public_county_file_names_21_counties_by_number():
    read = geo.read(json.loads(shared("swedish_counties.geojson").read_text(encoding="utf-8")))
    assert read.problems == [] and read.level == "county"
    assert sorted(f.code for f in read.features)[:3] == ["01", "03", "04"]
    assert len(read.features) == 21
