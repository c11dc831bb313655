"""Geometry for server-drawn maps of Sweden: GeoJSON in, projected SVG path data out.

Pure functions over plain data, no database. Boundaries are projected once, at import, to
a fixed plane so that every map (the whole country or one county) draws stored path data
without further arithmetic.

The projection is equirectangular with its standard parallel at 62° N, the middle of
Sweden: x = (lon - 10.5) * cos 62° * 60 and y = (69.5 - lat) * 60. Longitude 10.5 to 24.7
and latitude 54.5 to 69.5, which hold all of Sweden, map onto the view box 0 0 400 900;
north is up and east is right. Shapes far from 62° N are stretched a little east-west
(Skåne narrower by about 18 %, Lapland wider by about 30 %), which is fine for a
choropleth and keeps the maths trivial and reversible.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MUNICIPALITY = "municipality"
COUNTY = "county"
LEVELS = (MUNICIPALITY, COUNTY)

LON_0, LAT_0 = 10.5, 69.5  # the view box's top-left corner
SCALE = 60.0  # view box units per degree of latitude
COS_62 = math.cos(math.radians(62))
WIDTH, HEIGHT = 400, 900
LON_MAX = LON_0 + WIDTH / (SCALE * COS_62)  # 24.70…
LAT_MIN = LAT_0 - HEIGHT / SCALE  # 54.5
#: Douglas-Peucker tolerance in view box units (0.3 ≈ 550 m north-south): below a pixel
#: on a whole-country map; it cuts the 290 test boundaries from 110 to 74 kB of path data.
TOLERANCE = 0.3
#: Rings smaller than this (square view box units, ≈ 0.3 km²) vanish at any useful zoom.
MIN_RING_AREA = 0.1

MUNICIPALITY_KEYS = ("id", "kom_kod", "kommunkod", "KnKod", "code")
COUNTY_KEYS = ("l_id", "lan_code", "lan_kod", "LnKod", "code")
NAME_KEYS = ("kom_namn", "KnNamn", "LnNamn", "name", "namn")

Point = tuple[float, float]  # (lon, lat) in degrees, or (x, y) in view box units
Ring = list[Point]
Polygon = list[Ring]  # the outer ring first, then holes


def project(lon: float, lat: float) -> Point:
    """View box coordinates (unrounded) of a WGS 84 position."""
    return (lon - LON_0) * COS_62 * SCALE, (LAT_0 - lat) * SCALE


def unproject(x: float, y: float) -> Point:
    """The (lon, lat) of a view box position: the inverse of `project`."""
    return x / (COS_62 * SCALE) + LON_0, LAT_0 - y / SCALE


def in_sweden(lon: float, lat: float) -> bool:
    """Whether a position falls inside the map's view box (all of Sweden does)."""
    return LON_0 <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_0


@dataclass(frozen=True)
class BBox:
    min_x: float
    min_y: float
    max_x: float
    max_y: float

    @classmethod
    def around(cls, points: Iterable[Point]) -> "BBox":
        xs, ys = zip(*points, strict=True)
        return cls(min(xs), min(ys), max(xs), max(ys))

    def union(self, other: "BBox") -> "BBox":
        return BBox(
            min(self.min_x, other.min_x),
            min(self.min_y, other.min_y),
            max(self.max_x, other.max_x),
            max(self.max_y, other.max_y),
        )

    def intersects(self, other: "BBox") -> bool:
        return not (
            other.min_x > self.max_x
            or other.max_x < self.min_x
            or other.min_y > self.max_y
            or other.max_y < self.min_y
        )

    @property
    def width(self) -> float:
        return self.max_x - self.min_x

    @property
    def height(self) -> float:
        return self.max_y - self.min_y


FULL = BBox(0, 0, WIDTH, HEIGHT)


# --- reading GeoJSON ---------------------------------------------------------------------


@dataclass
class Feature:
    """One feature as read: where it is in the file, what it names, and its geometry."""

    index: int
    level: str = ""
    code: str = ""
    name: str = ""
    polygons: list[Polygon] = field(default_factory=list)  # (lon, lat); empty for a Point
    point: tuple[float, float] | None = None  # (lat, lon): a Point, or `geo_point_2d`
    problems: list[str] = field(default_factory=list)

    @property
    def is_area(self) -> bool:
        return bool(self.polygons)

    def centroid(self) -> tuple[float, float] | None:
        """(lat, lon): the file's own point if it gives one, else the polygons' centroid."""
        return self.point or (area_centroid(self.polygons) if self.polygons else None)


@dataclass
class GeoFile:
    level: str
    features: list[Feature]
    problems: list[tuple[int | None, str]]  # (feature index or None for the file, message)


def _digits(value) -> str:
    """The digits of a code given as a string or a whole number; "" for anything else."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value) if value >= 0 else ""
    if isinstance(value, str) and value.strip().isdigit():
        return value.strip()
    return ""


def detect(properties: dict, level: str | None = None) -> tuple[str, str]:
    """(level, code) named by a feature's properties, or ("", "") if none is recognised.

    A four-digit `id`, `kom_kod`, `KnKod` or `code` (a number from 100 is zero-padded)
    names a municipality; a one- or two-digit `l_id`, `lan_code`, `LnKod` or `code` names
    a county, zero-padded. Municipality keys are tried first because municipality files
    also carry their county's `lan_code`.
    """
    if level in (None, MUNICIPALITY):
        for key in MUNICIPALITY_KEYS:
            value = properties.get(key)
            digits = _digits(value)
            if isinstance(value, int) and 100 <= int(digits or 0) <= 9999:
                return MUNICIPALITY, digits.zfill(4)
            if isinstance(value, str) and len(digits) == 4:
                return MUNICIPALITY, digits
    if level in (None, COUNTY):
        for key in COUNTY_KEYS:
            digits = _digits(properties.get(key))
            if 1 <= len(digits) <= 2 and int(digits):
                return COUNTY, digits.zfill(2)
    return "", ""


def _position(value) -> Point | None:
    if (
        isinstance(value, list | tuple)
        and len(value) >= 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value[:2])
        and all(math.isfinite(v) for v in value[:2])
    ):
        return float(value[0]), float(value[1])
    return None


def _ring(value) -> tuple[Ring | None, str]:
    if not isinstance(value, list):
        return None, "a ring is not a list of positions"
    points = [_position(p) for p in value]
    if any(p is None for p in points):
        return None, "a position is not [longitude, latitude]"
    if len(points) < 4:
        return None, "a ring has fewer than 4 positions"
    if points[0] != points[-1]:
        return None, "a ring is not closed (its first and last positions differ)"
    return points, ""


def _polygons(geometry) -> tuple[list[Polygon], Point | None, str]:
    """Polygons and/or a point from a GeoJSON geometry, or a reason it is unusable."""
    if not isinstance(geometry, dict):
        return [], None, "no geometry"
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        point = _position(coordinates)
        return ([], point, "") if point else ([], None, "the point is not [longitude, latitude]")
    if kind == "Polygon":
        raw = [coordinates]
    elif kind == "MultiPolygon":
        raw = coordinates if isinstance(coordinates, list) else None
    else:
        return [], None, f"geometry type {kind!r} is not Polygon, MultiPolygon or Point"
    if not raw or not all(isinstance(p, list) and p for p in raw):
        return [], None, "the geometry has no polygons"
    polygons = []
    for polygon in raw:
        rings = []
        for value in polygon:
            ring, reason = _ring(value)
            if ring is None:
                return [], None, reason
            rings.append(ring)
        polygons.append(rings)
    return polygons, None, ""


def _geo_point(properties: dict) -> tuple[float, float] | None:
    """`geo_point_2d` is [lat, lon] (OpenDataSoft's convention) or {"lat", "lon"}."""
    value = properties.get("geo_point_2d")
    if isinstance(value, dict):
        value = [value.get("lat"), value.get("lon")]
    point = _position(value)
    return point if point and in_sweden(point[1], point[0]) else None


def _looks_projected(features: list) -> bool:
    """True if the first coordinates are metres (SWEREF 99 TM and the like), not degrees."""
    for feature in features[:5]:
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        value = geometry.get("coordinates") if isinstance(geometry, dict) else None
        while isinstance(value, list) and value and isinstance(value[0], list):
            value = value[0]
        point = _position(value)
        if point:
            return abs(point[0]) > 180 or abs(point[1]) > 90
    return False


PROJECTED = (
    "coordinates are not WGS 84 longitude/latitude (a projected system such as SWEREF 99 "
    "TM?); convert the file first, for example with "
    "`ogr2ogr -t_srs EPSG:4326 out.geojson in.shp`"
)


def read(data, *, level: str | None = None) -> GeoFile:
    """Parse a GeoJSON FeatureCollection into features, listing every problem found.

    Problems are about one feature (its index) or the whole file (None). The level is
    `level` if given, else the one most features name; features of the other level are
    problems. Duplicate and unknown codes are for the caller, which knows the registry.
    """
    problem = _file_problem(data)
    if problem:
        return GeoFile(level or "", [], [(None, problem)])
    features = [_feature(index, item, level) for index, item in enumerate(data["features"])]
    levels = [f.level for f in features if f.level]
    chosen = level or (max(LEVELS, key=levels.count) if levels else "")
    _check_kinds(features, chosen)
    problems = [(f.index, p) for f in features for p in f.problems]
    return GeoFile(chosen, features, problems)


def _file_problem(data) -> str:
    """Why the whole file cannot be read, or ""."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return "not a GeoJSON FeatureCollection"
    raw = data.get("features")
    if not isinstance(raw, list) or not raw:
        return "the FeatureCollection has no features"
    return PROJECTED if _looks_projected(raw) else ""


def _feature(index: int, item, level: str | None) -> Feature:
    """One feature with what it names, its geometry if usable, and its problems."""
    feature = Feature(index)
    if not isinstance(item, dict) or item.get("type") != "Feature":
        feature.problems.append("not a GeoJSON Feature")
        return feature
    properties = item.get("properties") or {}
    if not isinstance(properties, dict):
        properties = {}
    feature.level, feature.code = detect(properties, level)
    feature.name = next(
        (str(properties[k]) for k in NAME_KEYS if isinstance(properties.get(k), str)), ""
    )
    if not feature.code:
        keys = {MUNICIPALITY: MUNICIPALITY_KEYS, COUNTY: COUNTY_KEYS}.get(
            level, dict.fromkeys((*MUNICIPALITY_KEYS, *COUNTY_KEYS))
        )
        feature.problems.append(f"no code: none of the properties {', '.join(keys)}")
    polygons, point, reason = _polygons(item.get("geometry"))
    reason = reason or _outside(polygons, point)
    if reason:
        feature.problems.append(f"invalid geometry: {reason}")
        return feature
    feature.polygons = polygons
    feature.point = (point[1], point[0]) if point else _geo_point(properties)
    return feature


def _outside(polygons: list[Polygon], point: Point | None) -> str:
    """Which position lies outside Sweden, or ""."""
    outside = [p for poly in polygons for ring in poly for p in ring if not in_sweden(*p)]
    if point and not in_sweden(*point):
        outside.append(point)
    if not outside:
        return ""
    lon, lat = outside[0]
    return (
        f"position ({lon:.4f}, {lat:.4f}) is outside Sweden "
        f"(longitude {LON_0}–{LON_MAX:.1f}, latitude {LAT_MIN}–{LAT_0})"
    )


def _check_kinds(features: list[Feature], chosen: str) -> None:
    """Add the problems of features that do not fit the file: another level, or a point
    where the file has shapes."""
    for feature in features:
        if feature.level and feature.level != chosen:
            feature.problems.append(f"names a {feature.level}, but this is a {chosen} file")
    areas = sum(f.is_area for f in features)
    if chosen == COUNTY and areas < len(features):
        for feature in features:
            if feature.point and not feature.is_area and not feature.problems:
                feature.problems.append("county files must have Polygon or MultiPolygon shapes")
    elif 0 < areas < len(features):
        for feature in features:
            if not feature.is_area and not feature.problems:
                feature.problems.append("a Point among polygons: a file has shapes or points")


# --- projecting, simplifying, measuring ----------------------------------------------------


def _simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on an open polyline; the end points are always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, worst_at = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, worst_at = distance, i
        if worst > tolerance:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Sequence[Point], tolerance: float = TOLERANCE) -> list[Point]:
    """A closed ring simplified: split at the point farthest from the start, so that the
    two halves are open lines Douglas-Peucker can handle. Returned open (no repeat)."""
    points = list(ring[:-1]) if len(ring) > 1 and ring[0] == ring[-1] else list(ring)
    if len(points) < 4:
        return points
    x0, y0 = points[0]
    far = max(range(len(points)), key=lambda i: math.dist(points[i], (x0, y0)))
    first = _simplify(points[: far + 1], tolerance)
    second = _simplify([*points[far:], points[0]], tolerance)
    return first[:-1] + second[:-1]


def _tenths(ring: Iterable[Point]) -> list[tuple[int, int]]:
    """Round to 0.1 units (as integers of tenths) and drop consecutive duplicates."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        point = (round(x * 10), round(y * 10))
        if not out or out[-1] != point:
            out.append(point)
    while len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return out


def _number(tenths: int) -> str:
    """The shortest SVG number for a count of tenths: 123 → "12.3", 5 → ".5", -5 → "-.5"."""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def _pair(a: int, b: int) -> str:
    second = _number(b)
    return _number(a) + ("" if second.startswith("-") else " ") + second


def _shoelace(ring: Sequence[tuple[float, float]]) -> float:
    return (
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True)
        )
        / 2
    )


def ring_path(points: Sequence[tuple[int, int]]) -> str:
    """One closed subpath: an absolute move, then relative lines (in tenths, so exact)."""
    (x, y), rest = points[0], points[1:]
    parts = ["M", _pair(x, y)]
    if rest:
        parts.append("l")
        steps = []
        for nx, ny in rest:
            step = _pair(nx - x, ny - y)
            steps.append(step if not steps or step.startswith("-") else " " + step)
            x, y = nx, ny
        parts.append("".join(steps))
    parts.append("z")
    return "".join(parts)


def shape(polygons: Sequence[Polygon], tolerance: float = TOLERANCE) -> tuple[str, BBox]:
    """SVG path data and bounding box (view box units) for polygons in (lon, lat).

    Each ring is projected, simplified, rounded to 0.1 and stripped of repeated points.
    Rings that shrink below `MIN_RING_AREA` (small islands, slivers) are dropped, with the
    holes of a dropped outer ring; the largest ring always stays, so nothing vanishes.
    """
    projected = [[[project(lon, lat) for lon, lat in ring] for ring in poly] for poly in polygons]
    kept: list[list[tuple[int, int]]] = []
    largest: tuple[float, list[tuple[int, int]]] = (-1.0, [])
    for polygon in projected:
        for number, ring in enumerate(polygon):
            simple = _tenths(simplify_ring(ring, tolerance))
            area = abs(_shoelace(simple)) / 100 if len(simple) >= 3 else 0.0
            if number == 0 and area > largest[0]:
                fallback = simple if len(simple) >= 3 else _tenths(ring)
                largest = (area, fallback)
            if area < MIN_RING_AREA:
                if number == 0:
                    break  # the outer ring is gone: so are its holes
                continue
            kept.append(simple)
    if not kept:
        kept = [largest[1]]
    bbox = BBox.around((x / 10, y / 10) for ring in kept for x, y in ring)
    return "".join(ring_path(ring) for ring in kept), bbox


def area_centroid(polygons: Sequence[Polygon]) -> tuple[float, float]:
    """(lat, lon) of the area-weighted centroid; holes count negative.

    Computed in degrees: the projection is affine, so the centroid is the same as in the
    view box. A degenerate shape falls back to the mean of its outer rings' vertices.
    """
    total = sx = sy = 0.0
    for polygon in polygons:
        for number, ring in enumerate(polygon):
            ox, oy = ring[0]  # work relative to a vertex for floating-point accuracy
            local = [(x - ox, y - oy) for x, y in ring[:-1]]
            if len(local) < 3:
                continue
            area = _shoelace(local)
            if not area:
                continue
            cx = cy = 0.0
            for (x1, y1), (x2, y2) in zip(local, [*local[1:], local[0]], strict=True):
                cross = x1 * y2 - x2 * y1
                cx += (x1 + x2) * cross
                cy += (y1 + y2) * cross
            cx, cy = cx / (6 * area) + ox, cy / (6 * area) + oy
            weight = abs(area) if number == 0 else -abs(area)
            total += weight
            sx += weight * cx
            sy += weight * cy
    if total <= 0:
        outer = [p for polygon in polygons for p in polygon[0]]
        return (
            sum(p[1] for p in outer) / len(outer),
            sum(p[0] for p in outer) / len(outer),
        )
    return sy / total, sx / total


def fit(box: BBox, *, padding: float = 0.06, minimum: float = 20.0) -> BBox:
    """A view box around `box` with padding on every side, at least `minimum` units wide and
    tall (a county of one small municipality should not fill the screen with three)."""
    width, height = max(box.width, minimum), max(box.height, minimum)
    cx, cy = (box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2
    pad = max(width, height) * padding
    return BBox(
        cx - width / 2 - pad, cy - height / 2 - pad, cx + width / 2 + pad, cy + height / 2 + pad
    )
