"""Small hand-made GeoJSON for tests, and the shared public boundary files when present."""

import csv
import json
from pathlib import Path

import pytest

SHARED_GEO = Path(__file__).resolve().parents[4] / "shared" / "reference" / "geo"
CENTROIDS = Path(__file__).resolve().parents[1] / "data" / "centroids.csv"


def shared(name: str) -> Path:
    """A file of `../shared/reference/geo/`, or skip: the project does not copy them."""
    path = SHARED_GEO / name
    if not path.exists():
        pytest.skip(f"the public boundary file {path} is not present (it is not shipped)")
    return path


def square(lon: float, lat: float, half: float = 0.05) -> list[list[float]]:
    """A closed ring: a square of 2·half degrees around (lon, lat), counter-clockwise."""
    return [
        [lon - half, lat - half],
        [lon + half, lat - half],
        [lon + half, lat + half],
        [lon - half, lat + half],
        [lon - half, lat - half],
    ]


def polygon(properties: dict, *rings: list) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Polygon", "coordinates": list(rings)},
    }


def point(properties: dict, lon: float, lat: float) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def write(tmp_path: Path, data, name: str = "boundaries.geojson") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def centroids() -> dict[str, tuple[float, float]]:
    """The shipped centroids: code → (lat, lon)."""
    with CENTROIDS.open(encoding="utf-8", newline="") as handle:
        return {
            r["code"]: (float(r["latitude"]), float(r["longitude"]))
            for r in csv.DictReader(handle)
        }


def municipality_squares(codes=None, *, half: float = 0.02) -> dict:
    """A municipality file of small squares around the shipped centroids (all 290 by default)."""
    known = centroids()
    return collection(
        *(
            polygon({"id": code, "kom_namn": f"Kommun {code}"}, square(lon, lat, half))
            for code, (lat, lon) in sorted(known.items())
            if codes is None or code in codes
        )
    )
