"""Choropleth maps as inline SVG: one class per municipality (or county), never by colour alone.

Boundaries come from `registry.Shape`, imported with `beredskap import_geo` and already
projected to the view box of `registry.geo`; without them a map draws points at the
municipalities' centroids, over county outlines if those are imported. Each class has a
pattern as well as a colour, the legend names and counts the classes, and every shape has
a tooltip. The pages put a table of the same values beside the map.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from beredskap.registry import geo
from beredskap.registry.models import Municipality, Shape

from . import calculations as calc

NONE = "none"
#: Drawing and legend order: no value first, so that classed shapes' edges lie on top.
CLASS_ORDER = (NONE, calc.GREEN, calc.YELLOW, calc.RED)
GENERIC_LABELS = {  # the legend's words when the units of a class carry different labels
    calc.GREEN: gettext_lazy("Met / good"),
    calc.YELLOW: gettext_lazy("Partly met / fair"),
    calc.RED: gettext_lazy("Not met / weak"),
    NONE: gettext_lazy("No value"),
}
#: The map's largest size on screen in CSS pixels (site.css: .map-svg is at most 28rem
#: wide and 80vh tall), to size points and pattern tiles in pixels whatever the zoom.
SCREEN = (448, 720)
POINT_PX, POINT_MAX = 5.5, 4.5  # point radius in pixels, but at most 4.5 view box units
TILE_PX = 6.0  # pattern tile in pixels


@dataclass(frozen=True)
class MapUnit:
    """One municipality (or county) on a map, as the caller classified it."""

    code: str  # 4-digit municipality code (or 2-digit county code when level="county")
    name: str
    classification: str  # "green" | "yellow" | "red" | "" (no value)
    label: str  # text of the class, e.g. "Uppfyllt" / "No value" (never colour alone)
    value_text: str = ""  # e.g. "72 %"
    href: str = ""  # optional link; kept on the shape, not drawn (see `MapShape`)


@dataclass(frozen=True)
class MapShape:
    """A unit as drawn: an area (`path`) or a point (`cx`, `cy`).

    `href` is not drawn as a link: the SVG is one image (role="img"), and links inside
    it are unreachable for screen readers (axe-core: nested-interactive). The tables
    beside every map carry the same links.
    """

    code: str
    css: str  # green | yellow | red | none
    title: str  # the tooltip: name, value and class
    path: str = ""
    cx: float | None = None
    cy: float | None = None
    href: str = ""

    @property
    def is_point(self) -> bool:
        return self.cx is not None


@dataclass(frozen=True)
class LegendEntry:
    css: str
    label: str
    count: int


@dataclass(frozen=True)
class Patterns:
    """One set of class fills: `prefix`-green, -yellow, -red and -none, tiled every `tile`
    units. Yellow adds white dots, red white diagonal stripes; green and none are plain."""

    prefix: str
    tile: float

    @property
    def half(self) -> float:
        return round(self.tile / 2, 2)

    @property
    def dot(self) -> float:
        return round(self.tile * 0.22, 2)

    @property
    def stripe(self) -> float:
        return round(self.tile * 0.3, 2)


KEY_TILE = 5.0  # pattern tile in the legend's 24 by 16 swatches


@dataclass(frozen=True)
class Map:
    """Everything `results/_map.html` draws; ids in the SVG are prefixed with `id`."""

    id: str
    title: str
    level: str
    box: geo.BBox
    shapes: tuple[MapShape, ...]  # areas first, then points, each in `CLASS_ORDER`
    context: tuple[str, ...]  # path data drawn for orientation only (no value, no tooltip)
    legend: tuple[LegendEntry, ...]
    fallback: bool  # no boundaries for this level: every unit is a point
    points: int  # units drawn as points (all of them in the fallback)
    unplaced: tuple[str, ...]  # names of units with neither boundary nor centroid

    @property
    def view_box(self) -> str:
        b = self.box
        return f"{b.min_x:.1f} {b.min_y:.1f} {b.width:.1f} {b.height:.1f}"

    @property
    def units_per_pixel(self) -> float:
        """About how many view box units one CSS pixel shows when the map is at full size."""
        return max(self.box.width / SCREEN[0], self.box.height / SCREEN[1])

    @property
    def radius(self) -> float:
        """Points stay the same size on screen; on the whole country, small enough that
        Stockholm's neighbours can be told apart."""
        return round(min(POINT_PX * self.units_per_pixel, POINT_MAX), 2)

    @property
    def patterns(self) -> tuple[Patterns, Patterns]:
        """The fills of the map, scaled to its box, and of the legend's swatches."""
        tile = round(TILE_PX * self.units_per_pixel, 2)
        return Patterns(self.id, tile), Patterns(f"{self.id}-key", KEY_TILE)

    @property
    def areas(self) -> tuple[MapShape, ...]:
        return tuple(s for s in self.shapes if not s.is_point)

    @property
    def dots(self) -> tuple[MapShape, ...]:
        return tuple(s for s in self.shapes if s.is_point)

    @property
    def description(self) -> str:
        """The SVG's text alternative: how many units fall in each class."""
        counts = "; ".join(f"{e.label} {e.count}" for e in self.legend)
        if self.level == geo.COUNTY:
            text = _("Counties by class: %(counts)s.") % {"counts": counts}
        else:
            text = _("Municipalities by class: %(counts)s.") % {"counts": counts}
        return f"{text} {self.note}".strip()

    @property
    def note(self) -> str:
        """What the reader should know about how the map is drawn, or ""."""
        if self.fallback:
            if self.level == geo.COUNTY:
                note = _("Points at county centres (no boundaries imported).")
            else:
                note = _("Points at municipality centroids (no boundaries imported).")
        elif self.points and self.level == geo.COUNTY:
            note = ngettext(
                "%(count)s county has no boundary and is drawn as a point at its centre.",
                "%(count)s counties have no boundary and are drawn as points at their centres.",
                self.points,
            ) % {"count": self.points}
        elif self.points:
            note = ngettext(
                "%(count)s municipality has no boundary and is drawn as a point at its centroid.",
                "%(count)s municipalities have no boundary and are drawn as points at their "
                "centroids.",
                self.points,
            ) % {"count": self.points}
        else:
            note = ""
        if self.unplaced:
            missing = _("Not on the map: %(names)s.") % {"names": ", ".join(self.unplaced)}
            note = f"{note} {missing}".strip()
        return note

    @property
    def empty(self) -> bool:
        return not self.shapes


def _map_id(level: str, focus: str | None, title: str) -> str:
    """Stable across requests (for tests and caches), distinct for different maps."""
    digest = hashlib.sha1(f"{level}|{focus}|{title}".encode(), usedforsecurity=False)
    return f"map-{digest.hexdigest()[:8]}"


def _css(unit: MapUnit) -> str:
    return unit.classification if unit.classification in calc.CLASSES else NONE


def _tooltip(unit: MapUnit) -> str:
    value = unit.value_text.strip()
    if value and value not in ("–", "-") and value != unit.label:
        return f"{unit.name}: {value} ({unit.label})" if unit.label else f"{unit.name}: {value}"
    return f"{unit.name}: {unit.label}" if unit.label else unit.name


def _legend(units: list[MapUnit]) -> tuple[LegendEntry, ...]:
    """Every class, with its units' own label when they agree, else the generic one."""
    labels: dict[str, set[str]] = {css: set() for css in CLASS_ORDER}
    counts: Counter[str] = Counter()
    for unit in units:
        css = _css(unit)
        counts[css] += 1
        labels[css].add(unit.label)
    entries = []
    for css in (calc.GREEN, calc.YELLOW, calc.RED, NONE):
        own = labels[css]
        label = next(iter(own)) if len(own) == 1 and next(iter(own)) else str(GENERIC_LABELS[css])
        entries.append(LegendEntry(css, label, counts[css]))
    return tuple(entries)


def _centroids(level: str) -> dict[str, geo.Point]:
    """View box positions of municipality centroids, or of county centres (the mean of
    their municipalities' centroids) for a county map. One query."""
    rows = Municipality.objects.filter(latitude__isnull=False, longitude__isnull=False)
    points = {
        code: geo.project(lon, lat)
        for code, lat, lon in rows.values_list("code", "latitude", "longitude")
    }
    if level != geo.COUNTY:
        return points
    grouped: dict[str, list[geo.Point]] = {}
    for code, point in points.items():
        grouped.setdefault(code[:2], []).append(point)
    return {
        county: (
            sum(x for x, _y in members) / len(members),
            sum(y for _x, y in members) / len(members),
        )
        for county, members in grouped.items()
    }


def _in_focus(code: str, level: str, focus: str) -> bool:
    return code == focus if level == geo.COUNTY else code[:2] == focus


Outlines = dict[str, tuple[str, geo.BBox]]  # code: (path data, its box)


def choropleth(
    units: list[MapUnit],
    *,
    level: str = geo.MUNICIPALITY,
    title: str,
    focus: str | None = None,
    id: str | None = None,
) -> Map:
    """A map of `units` by class, with boundaries if imported, else points at centroids.

    `focus`, a county code, zooms to that county (the box around its municipalities'
    shapes or centroids, padded); neighbours inside the box are drawn without values for
    orientation. Reads at most two queries: shapes, then centroids only if needed.
    """
    own, counties = _shapes(level)
    unique = list({unit.code: unit for unit in units}.values())
    focus_shapes = bool(focus) and any(_in_focus(c, level, focus) for c in own)
    centroids: dict[str, geo.Point] = {}
    if any(unit.code not in own for unit in unique) or (focus and not focus_shapes):
        centroids = _centroids(level)
    box = _box(own, centroids, level, focus) if focus else geo.FULL
    areas, points, unplaced = _place(unique, own, centroids)
    return Map(
        id=id or _map_id(level, focus, title),
        title=title,
        level=level,
        box=box,
        shapes=tuple(s for group in (areas, points) for css in CLASS_ORDER for s in group[css]),
        context=_context(own, counties, {unit.code for unit in unique}, box),
        legend=_legend(unique),
        fallback=not own,
        points=sum(len(p) for p in points.values()),
        unplaced=tuple(unplaced),
    )


def _shapes(level: str) -> tuple[Outlines, Outlines]:
    """The level's own boundaries, and the counties' for context under a municipality map.
    One query."""
    levels = [level] if level == geo.COUNTY else [level, geo.COUNTY]
    own: Outlines = {}
    counties: Outlines = {}
    for shape_level, code, path, *box in Shape.objects.filter(level__in=levels).values_list(
        "level", "code", "path", "min_x", "min_y", "max_x", "max_y"
    ):
        (own if shape_level == level else counties)[code] = (path, geo.BBox(*box))
    return own, counties


def _box(own: Outlines, centroids: dict[str, geo.Point], level: str, focus: str) -> geo.BBox:
    """The padded box around the focus county's shapes and the centroids of the rest."""
    boxes = [b for code, (_path, b) in own.items() if _in_focus(code, level, focus)]
    boxes += [
        geo.BBox(x, y, x, y)
        for code, (x, y) in centroids.items()
        if _in_focus(code, level, focus) and code not in own
    ]
    if not boxes:
        return geo.FULL
    around = boxes[0]
    for other in boxes[1:]:
        around = around.union(other)
    return geo.fit(around)


def _place(
    units: list[MapUnit], own: Outlines, centroids: dict[str, geo.Point]
) -> tuple[dict[str, list[MapShape]], dict[str, list[MapShape]], list[str]]:
    """Each unit as an area where it has a boundary, else as a point at its centroid,
    by class; and the names of those with neither."""
    areas: dict[str, list[MapShape]] = {css: [] for css in CLASS_ORDER}
    points: dict[str, list[MapShape]] = {css: [] for css in CLASS_ORDER}
    unplaced = []
    for unit in units:
        css, title_text = _css(unit), _tooltip(unit)
        if unit.code in own:
            shape = MapShape(unit.code, css, title_text, path=own[unit.code][0], href=unit.href)
            areas[css].append(shape)
        elif unit.code in centroids:
            x, y = centroids[unit.code]
            shape = MapShape(
                unit.code, css, title_text, cx=round(x, 1), cy=round(y, 1), href=unit.href
            )
            points[css].append(shape)
        else:
            unplaced.append(unit.name)
    return areas, points, unplaced


def _context(own: Outlines, counties: Outlines, drawn: set[str], box: geo.BBox) -> tuple:
    """Path data inside the box drawn for orientation: neighbours, or county outlines
    under points."""
    background = own if own else counties
    return tuple(
        path
        for code, (path, shape_box) in background.items()
        if (code not in drawn or background is counties) and box.intersects(shape_box)
    )
