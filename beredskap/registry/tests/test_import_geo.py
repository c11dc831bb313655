"""Importing boundaries: validated against the registry, all or nothing, audited."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from beredskap.audit.models import Event
from beredskap.registry import services
from beredskap.registry.models import Municipality, Shape

from .geofiles import (
    centroids,
    collection,
    municipality_squares,
    point,
    polygon,
    shared,
    square,
    write,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def test_a_complete_file_imports_every_municipality_with_its_centroid(tmp_path, reference, nadia):
    Municipality.objects.update(latitude=None, longitude=None)
    report = services.import_geo(write(tmp_path, municipality_squares()), by=nadia)
    assert (report.level, report.imported, report.unknown, report.missing) == (
        "municipality",
        290,
        [],
        [],
    )
    assert report.centroids == 290
    uppsala = Shape.objects.get(level="municipality", code="0380")
    assert uppsala.path.startswith("M") and uppsala.source == "boundaries.geojson"
    assert 0 < uppsala.min_x < uppsala.max_x < 400 and 0 < uppsala.min_y < uppsala.max_y < 900
    lat, lon = centroids()["0380"]
    assert Municipality.objects.values_list("latitude", "longitude").get(
        code="0380"
    ) == pytest.approx((lat, lon))
    event = Event.objects.get(action="geo.imported")
    assert event.actor == nadia
    assert event.details == {
        "level": "municipality", "count": 290, "centroids": 290,
        "source": "boundaries.geojson", "missing": [],
    }  # fmt: skip


def test_missing_municipalities_are_a_warning_and_the_rest_is_imported(tmp_path, reference):
    report = services.import_geo(write(tmp_path, municipality_squares({"0180", "0380", "0381"})))
    assert report.imported == 3
    assert len(report.missing) == 287 and "0114" in report.missing and "0180" not in report.missing


def test_errors_are_listed_by_feature_and_nothing_is_imported(tmp_path, reference):
    services.import_geo(write(tmp_path, municipality_squares({"0180"}), "before.geojson"))
    bad = collection(
        polygon({"id": "0380", "kom_namn": "Uppsala"}, square(17.6, 59.9)),
        polygon({"id": "9999", "kom_namn": "Atlantis"}, square(17.0, 60.0)),
        polygon({"id": "0380", "kom_namn": "Uppsala igen"}, square(17.6, 59.9)),
        polygon({"kom_namn": "Utan kod"}, square(17.0, 61.0)),
        polygon({"id": "0381"}, square(17.0, 61.0)[:-1]),
    )
    path = write(tmp_path, bad)
    with pytest.raises(services.GeoInvalid) as caught:
        services.import_geo(path)
    assert caught.value.lines() == [
        f"{path}: features[1] (9999 Atlantis): unknown municipality code 9999",
        f"{path}: features[2] (0380 Uppsala igen): duplicate code 0380 (features[0])",
        f"{path}: features[3] (Utan kod): no code: none of the properties id, kom_kod, kommunkod, KnKod, code, l_id, lan_code, lan_kod, LnKod",
        f"{path}: features[4] (0381): invalid geometry: a ring is not closed (its first and last positions differ)",
    ]
    assert caught.value.unknown == ["9999"]
    assert len(caught.value.missing) == 290 - 2  # Uppsala, and 0381 despite its bad ring
    assert list(Shape.objects.values_list("code", "source")) == [("0180", "before.geojson")]
    assert not Event.objects.filter(
        action="geo.imported", details__source="boundaries.geojson"
    ).exists()


def test_unreadable_and_non_json_files_are_clear_errors(tmp_path, reference):
    with pytest.raises(services.GeoInvalid, match="cannot be read"):
        services.import_geo(tmp_path / "nope.geojson")
    with pytest.raises(services.GeoInvalid) as caught:
        services.import_geo(write(tmp_path, '{"type": "FeatureCollection", "features": [}'))
    assert "not valid JSON: Expecting value (line 1, column 44)" in caught.value.lines()[0]


def test_a_new_file_replaces_the_shapes_of_its_level_only(tmp_path, reference):
    services.import_geo(write(tmp_path, municipality_squares({"0180", "0380"}), "first.geojson"))
    counties = collection(polygon({"l_id": 3, "name": "Uppsala"}, square(17.6, 60.0, 0.5)))
    services.import_geo(write(tmp_path, counties, "counties.geojson"))
    services.import_geo(write(tmp_path, municipality_squares({"0381"}), "second.geojson"))
    assert sorted(Shape.objects.values_list("level", "code", "source")) == [
        ("county", "03", "counties.geojson"),
        ("municipality", "0381", "second.geojson"),
    ]


def test_a_county_file_sets_no_centroids_and_reports_missing_counties(tmp_path, reference):
    before = list(Municipality.objects.values_list("latitude", flat=True))
    counties = collection(
        polygon({"l_id": 3, "name": "Uppsala"}, square(17.6, 60.0, 0.5)),
        polygon({"l_id": 21, "name": "Gävleborg"}, square(16.3, 61.5, 0.5)),
    )
    report = services.import_geo(write(tmp_path, counties))
    assert (report.level, report.imported, report.centroids, len(report.missing)) == (
        "county",
        2,
        0,
        19,
    )
    assert "01" in report.missing
    assert list(Municipality.objects.values_list("latitude", flat=True)) == before


def test_without_a_point_the_centroid_is_the_polygons_centre(tmp_path, reference):
    # An L of three 0.2° squares: its centre is not the centre of its bounding box.
    ring = [
        [17.0, 60.0],
        [17.4, 60.0],
        [17.4, 60.2],
        [17.2, 60.2],
        [17.2, 60.4],
        [17.0, 60.4],
        [17.0, 60.0],
    ]
    services.import_geo(write(tmp_path, collection(polygon({"id": "0380"}, ring))))
    lat, lon = Municipality.objects.values_list("latitude", "longitude").get(code="0380")
    assert (lat, lon) == (60.167, 17.167)  # the mean of the three squares' centres


def test_a_file_of_points_updates_centroids_and_keeps_shapes(tmp_path, reference):
    services.import_geo(write(tmp_path, municipality_squares({"0180"}), "shapes.geojson"))
    points = collection(point({"code": "0380"}, 17.5, 59.8), point({"code": "0180"}, 18.0, 59.3))
    report = services.import_geo(write(tmp_path, points, "points.geojson"))
    assert (report.imported, report.centroids) == (0, 2)
    assert Municipality.objects.values_list("latitude", "longitude").get(code="0380") == (
        59.8,
        17.5,
    )
    assert list(Shape.objects.values_list("code", "source")) == [("0180", "shapes.geojson")]


def test_an_explicit_level_chooses_which_code_is_read(tmp_path, reference):
    path = write(
        tmp_path, collection(polygon({"id": "0180", "lan_code": "01"}, square(18.0, 59.3)))
    )
    assert services.import_geo(path).level == "municipality"
    assert services.import_geo(path, level="county").level == "county"
    assert sorted(Shape.objects.values_list("level", "code")) == [
        ("county", "01"),
        ("municipality", "0180"),
    ]


# --- the command ---------------------------------------------------------------------------


def test_the_command_prints_a_summary_with_the_missing_codes(tmp_path, reference):
    out = StringIO()
    call_command(
        "import_geo", str(write(tmp_path, municipality_squares({"0180", "0380"}))), stdout=out
    )
    text = out.getvalue()
    assert (
        "boundaries.geojson: municipality level: 2 municipalities with boundaries, 0 centroid(s) updated, 0 unknown, 288 missing."
        in text
    )
    assert "no feature for 288 registry municipalities: 0114, 0115," in text
    assert Shape.objects.count() == 2


def test_the_command_imports_nothing_if_any_file_has_errors(tmp_path, reference):
    good = write(tmp_path, municipality_squares({"0180"}), "good.geojson")
    bad = write(tmp_path, collection(polygon({"id": "9999"}, square(17.0, 60.0))), "bad.geojson")
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 file\(s\) had errors; nothing was imported"):
        call_command("import_geo", str(good), str(bad), stdout=StringIO(), stderr=err)
    assert f"{bad}: features[0] (9999): unknown municipality code 9999" in err.getvalue()
    assert f"{bad}: unknown codes: 9999" in err.getvalue()
    assert not Shape.objects.exists()
    assert not Event.objects.filter(action="geo.imported").exists()


def test_the_console_script_exits_non_zero_with_a_message(tmp_path):
    bad = write(tmp_path, "not json at all")
    result = subprocess.run(
        [sys.executable, "-m", "beredskap.cli", "import_geo", str(bad)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if k not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            },
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        },
        timeout=120,
    )
    assert result.returncode == 1
    assert f"{bad}: not valid JSON: Expecting value (line 1, column 1)" in result.stderr
    assert "CommandError: 1 file(s) had errors; nothing was imported." in result.stderr
    assert "Traceback" not in result.stderr


def test_the_admin_shows_boundaries_read_only(client, tmp_path, nadia):
    services.import_geo(write(tmp_path, municipality_squares({"0180"})))
    client.force_login(nadia)
    shape = Shape.objects.get()
    assert "boundaries.geojson" in client.get("/admin/registry/shape/").content.decode()
    assert client.get(f"/admin/registry/shape/{shape.pk}/change/").status_code == 200
    assert client.get("/admin/registry/shape/add/").status_code == 403
    assert (
        client.post(f"/admin/registry/shape/{shape.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )


# --- the public test files ------------------------------------------------------------------


def test_the_public_files_import_completely(reference):
    municipalities = services.import_geo(shared("swedish_municipalities.geojson"))
    counties = services.import_geo(shared("swedish_counties.geojson"))
    assert (municipalities.imported, municipalities.unknown, municipalities.missing) == (
        290,
        [],
        [],
    )
    assert (counties.imported, counties.unknown, counties.missing) == (21, [], [])
    assert Shape.objects.filter(level="municipality").count() == 290
    assert Shape.objects.filter(level="county").count() == 21
    # The shipped centroids came from this file: importing it changes none beyond rounding.
    lat, lon = centroids()["0180"]
    assert Municipality.objects.values_list("latitude", "longitude").get(code="0180") == (lat, lon)
