"""The figures of a draft: trend lines, bars and maps as inline SVG.

Each is drawn from the same numbers as a table of its section and carries its own text
alternative. The colours are SVG attributes in our templates (no CSS, no inline style), so
a figure looks the same on the pages, under the content security policy, and in the PDF;
classes are never shown by colour alone (docs/reports.md).
"""

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from beredskap.results import calculations as calc
from beredskap.results import charts, maps

from .tables import Figure

FILLS = {calc.GREEN: "#2e7d32", calc.YELLOW: "#b07d00", calc.RED: "#c62828", "none": "#f3f2f1"}
SERIES = (("#0b3d62", ""), ("#8a3b00", "8 4"), ("#4a4a4a", "2 3"))


def _figure(template: str, figure_id: str, *, alt: str, caption: str, **context) -> Figure:
    svg = render_to_string(
        f"reporting/figures/{template}",
        {"id": figure_id, "alt": alt, "caption": caption, **context},
    )
    return Figure(mark_safe(svg.strip()), alt, caption)  # our own template, escaped


def _number(value, percent_axis: bool) -> str:
    text = number_format(value, 0 if percent_axis else 1)
    return f"{text} %" if percent_axis else text


def trend_figure(
    figure_id: str,
    *,
    title: str,
    named: list[tuple[str, list[calc.Segment]]],
    years: list[int],
    percent_axis: bool,
) -> Figure | None:
    """A line per series over the years, broken where the definition changed."""
    chart = charts.trend(named, years, percent=percent_axis)
    if chart.empty:
        return None
    series, x = [], charts.LEFT
    for i, s in enumerate(chart.series):
        colour, dash = SERIES[i % len(SERIES)]
        series.append({"series": s, "colour": colour, "dash": dash, "x": x})
        x += 48 + 7 * len(s.label)
    return _figure(
        "trend.svg", figure_id, alt=_trend_alt(named, percent_axis), caption=title, chart=chart,
        series=series, height=chart.height + 24, legend_y=chart.height + 8,
        break_label=_("series break"),
    )  # fmt: skip


def _trend_alt(named: list[tuple[str, list[calc.Segment]]], percent_axis: bool) -> str:
    """Each series' values by year, then the series breaks."""
    described = []
    for label, segments in named:
        points = [
            f"{p.year} {_number(p.value, percent_axis)}"
            for s in segments
            for p in s.points
            if p.value is not None
        ]
        if points:
            described.append(f"{label}: {', '.join(points)}")
    breaks = [_("series break before %(year)s") % {"year": year} for year in _break_years(named)]
    return "; ".join(described + breaks) + "."


def _break_years(named: list[tuple[str, list[calc.Segment]]]) -> list[int]:
    years = {s.points[0].year for _label, segs in named for s in segs[1:] if s.points}
    return sorted(years)


def bars_figure(figure_id: str, *, title: str, counts: list[tuple[str, int]]) -> Figure | None:
    """Vertical bars with their counts written on them and their labels under them."""
    if not counts or not any(n for _label, n in counts):
        return None
    chart = charts.bars([(label, n, "") for label, n in counts])
    slot = max(int(chart.bars[0].width / 0.7 / 6.2), 6)  # characters a label has room for
    bars = [
        {
            "bar": bar,
            "middle": round(bar.x + bar.width / 2, 1),
            "label": bar.label if len(bar.label) <= slot else f"{bar.label[: slot - 1]}…",
        }
        for bar in chart.bars
    ]
    alt = "; ".join(f"{label}: {n}" for label, n in counts) + "."
    return _figure(
        "bars.svg", figure_id, alt=alt, caption=title, chart=chart, bars=bars, fill=SERIES[0][0]
    )


MAP_WIDTH, MAP_HEIGHT, MAP_DRAWN = 560, 360, 330


def map_figure(figure_id: str, *, title: str, units: list[maps.MapUnit], focus: str) -> Figure:
    """A choropleth of the units (class by pattern and colour) with its legend at the side."""
    the_map = maps.choropleth(units, title=title, focus=focus, id=figure_id)
    box = the_map.box
    drawn = min(MAP_DRAWN, round(MAP_HEIGHT * box.width / box.height))
    per_pixel = max(box.width / drawn, box.height / MAP_HEIGHT)
    legend = [(entry, 24 + 28 * i) for i, entry in enumerate(the_map.legend)]
    return _figure(
        "map.svg",
        figure_id,
        alt=the_map.description,
        caption=title,
        map=the_map,
        patterns=the_map.patterns,
        fills=FILLS,
        legend=legend,
        legend_x=drawn + 24,
        map_width=drawn,
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        stroke=round(0.75 * per_pixel, 3),
    )
