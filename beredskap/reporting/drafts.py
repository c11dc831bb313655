"""Drafts of the annual reports, generated from data (docs/reports.md).

A county board's report on a year opens each of its five sections (`COUNTY_SECTIONS`) with
a draft: the survey's completeness and the county's results, the support log, the support
needs addressed and still open, what the municipalities gave Socialstyrelsen, and the open
needs as starting points. People write the narrative after it. Kronoberg's national
compilation is drafted from the county reports that have been sent.

A report leaves the county board (to Kronoberg, then to the Government Offices), so its
readers are outsiders to the municipalities (`Reader`): municipality values only of public
indicators, the county's own aggregates as its board sees them, every other aggregate as the
public sees it, and aggregates over fewer than 3 municipalities suppressed, as the pages do
for those who may not see the members.

Everything is read up front in a fixed number of queries (no query per municipality or
county); the rest is arithmetic on light rows. Texts are made in the active language.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from beredskap.catalogue.models import Area
from beredskap.catalogue.services import guidance_for
from beredskap.registry.access import PUBLIC, ValueViewer
from beredskap.registry.models import County, Municipality
from beredskap.results import calculations as calc
from beredskap.results import charts, maps, queries, support
from beredskap.results.models import Value
from beredskap.results.presentation import (
    CELL_FIELDS,
    HIDDEN_SHORT,
    SUPPRESSED,
    Cell,
    Shown,
    class_label,
    score,
    show,
)
from beredskap.support.models import SupportActivity
from beredskap.surveys.models import Response, Round

from .models import COUNTY_SECTIONS, CountyReport, county_report_deadline

#: The sections of the national compilation: (key, heading).
NATIONAL_SECTIONS = (
    ("overview", gettext_lazy("Overview of the county reports")),
    ("support", gettext_lazy("Regional support in the counties")),
    ("needs", gettext_lazy("Support needs across the counties")),
    ("development", gettext_lazy("Development needs reported by the counties")),
)

#: A unit's support needs are its most urgent ones, as many as the results pages show.
NEEDS_SHOWN = queries.NEEDS_SHOWN
#: Indicators drawn as trend charts, shown on the map and in the municipality table.
CHARTS, MAP_TABLE_COLUMNS = 3, 5
#: Rows of the development tables; characters of a county's development text quoted.
STARTING_POINTS, EXCERPT = 10, 700

PROGRESS = ("not_started", "draft", "submitted", "returned", "approved")
PROGRESS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    "draft": gettext_lazy("Draft"),
    "submitted": gettext_lazy("Submitted"),
    "returned": gettext_lazy("Returned"),
    "approved": gettext_lazy("Approved"),
}
NOT_REPORTED = gettext_lazy("Not reported")


# --- what a draft is -----------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A table as shown: every cell already text. The first column heads its row."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # columns of numbers (aligned right)


@dataclass(frozen=True)
class Figure:
    """An inline SVG (role="img", its title and description inside) and its caption.

    `alt` is the text alternative; the same numbers are in a table of the section.
    """

    svg: SafeString
    alt: str
    caption: str = ""


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


class Sheet(NamedTuple):
    """The numbers of one table for the XLSX annex: numbers as numbers, dates as dates."""

    name: str
    headers: list[str]
    rows: list[list[Any]]


@dataclass
class Draft:
    title: str
    year: int
    county: County | None
    sections: list[Section]
    numbers: list[Sheet] = field(default_factory=list)

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


# --- who reads a report ----------------------------------------------------------------

PUBLIC_VIEW = ValueViewer()


@dataclass(frozen=True)
class Reader:
    """The readers of a report outside the county board, as a `ValueViewer` stand-in.

    The county's own aggregates as its board sees them (restricted indicators too); every
    other value as the public sees it, so municipality values only of public indicators.
    No reader sees the municipalities under an aggregate: fewer than 3 are suppressed.
    """

    county: str = ""

    def may_see(self, *, sensitivity: str, level: str, unit_code: str) -> bool:
        if self.county and level == calc.COUNTY and unit_code == self.county:
            board = ValueViewer(boards=frozenset({self.county}))
            return board.may_see(sensitivity=sensitivity, level=level, unit_code=unit_code)
        return PUBLIC_VIEW.may_see(sensitivity=sensitivity, level=level, unit_code=unit_code)

    def sees_all_members(self, *, level: str, unit_code: str) -> bool:
        return level == calc.MUNICIPALITY

    may_see_preliminary = False


# --- cells of tables -----------------------------------------------------------------


@dataclass(frozen=True)
class Datum:
    """A table cell: the text shown, and what the spreadsheet holds."""

    text: str
    raw: Any


@dataclass(frozen=True)
class Col:
    header: str
    numeric: bool = False
    shown: bool = True  # in the document's table
    kept: bool = True  # in the spreadsheet


def _datum(value) -> Datum:
    if isinstance(value, Datum):
        return value
    if value is None:
        return Datum("–", None)
    if isinstance(value, bool):
        return Datum(str(_("Yes") if value else _("No")), value)
    if isinstance(value, int):
        return Datum(str(value), value)
    if isinstance(value, Decimal | float):
        return Datum(number_format(value, 1), value)
    if isinstance(value, datetime.datetime):
        day = timezone.localdate(value) if timezone.is_aware(value) else value.date()
        return Datum(day.isoformat(), day)
    if isinstance(value, datetime.date):
        return Datum(value.isoformat(), value)
    return Datum(str(value), str(value))


def _tabulate(
    numbers: list[Sheet],
    *,
    caption: str,
    sheet: str,
    cols: Sequence[Col],
    rows: Iterable[Sequence],
) -> Table:
    """The document's table of `rows`, and its numbers added to the spreadsheet's sheets."""
    data = [[_datum(v) for v in row] for row in rows]
    shown = [i for i, c in enumerate(cols) if c.shown]
    kept = [i for i, c in enumerate(cols) if c.kept]
    numbers.append(
        Sheet(sheet, [str(cols[i].header) for i in kept], [[r[i].raw for i in kept] for r in data])
    )
    return Table(
        str(caption),
        [str(cols[i].header) for i in shown],
        [[r[i].text for i in shown] for r in data],
        frozenset(n for n, i in enumerate(shown) if cols[i].numeric),
    )


def _keep(numbers: list[Sheet], *, sheet: str, cols: Sequence[Col], rows) -> None:
    """Numbers for the spreadsheet only (too long for the document)."""
    _tabulate(numbers, caption="", sheet=sheet, cols=cols, rows=rows)


ONE = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, one decimal; None of nothing."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(ONE, rounding=ROUND_HALF_UP)


def _whole(value: Decimal) -> str:
    """A number rounded half up to a whole (as the engine rounds), in the active locale."""
    return number_format(value.quantize(Decimal(1), rounding=ROUND_HALF_UP), 0)


def _percent(part: int, whole: int) -> Datum:
    value = percent(part, whole)
    return Datum("–" if value is None else f"{_whole(value)} %", value)


def _shown(shown: Shown, *, text_only: bool = False, dense: bool = False) -> Datum:
    """A value cell as the reader sees it: symbol, text and class (never colour alone).

    `text_only` keeps the text in the spreadsheet too; `dense` (tables of many columns)
    leaves out the class's word and says "hidden" for a value not shown.
    """
    if shown.css == "hidden":
        label = shown.label if shown.label == str(SUPPRESSED) else str(NOT_REPORTED)
        if dense:
            label = str(HIDDEN_SHORT)
        return Datum(label, label if text_only else None)
    text = f"{shown.symbol} {shown.text}".strip()
    if not dense and shown.label and shown.label not in (shown.text, "–") and shown.text != "–":
        text = f"{text} ({shown.label})"
    if text_only:
        return Datum(text, text)
    return Datum(text, shown.value)


def _gap_text(gap: Decimal | None) -> Datum:
    if gap is None:
        return Datum("–", None)
    rounded = gap.quantize(ONE, rounding=ROUND_HALF_UP)
    text = _whole(rounded)
    return Datum(f"+{text}" if rounded.quantize(Decimal(1), ROUND_HALF_UP) > 0 else text, rounded)


# --- reading ---------------------------------------------------------------------------


def round_of(year: int) -> Round | None:
    return Round.objects.select_related("edition").filter(year=year).first()


def _area_names(survey_round: Round | None, year: int) -> dict[str, str]:
    """Area code to name, from the round's edition (or the latest edition up to `year`)."""
    qs = Area.objects.select_related("edition")
    if survey_round is not None:
        qs = qs.filter(edition_id=survey_round.edition_id)
    else:
        qs = qs.filter(edition__year__lte=year).order_by("-edition__year", "position")
    names: dict[str, str] = {}
    for area in qs:
        names.setdefault(area.code, area.name)
    return names


def _area_label(code: str, names: dict[str, str]) -> str:
    if not code:
        return str(_("No particular area"))
    return f"{code} {names[code]}" if code in names else code


@dataclass(frozen=True)
class Progress:
    """One municipality's response to the round (or none)."""

    code: str
    name: str
    county: str
    status: str  # one of PROGRESS
    first_submitted: datetime.datetime | None
    submitted: datetime.datetime | None
    approved: datetime.datetime | None


def _progress(
    survey_round: Round, members: list[Municipality], *, county: County | None = None
) -> list[Progress]:
    """Every municipality's progress in the round; without a response, not started."""
    responses = Response.objects.filter(round=survey_round)
    if county is not None:
        responses = responses.filter(municipality__county=county)
    found = {
        code: row
        for code, *row in responses.with_progress().values_list(
            "municipality__code", "progress_status", "first_submitted_at", "submitted_at",
            "approved_at",
        )
    }  # fmt: skip
    result = []
    for m in members:
        status, first, submitted, approved = found.get(m.code, ("not_started", None, None, None))
        result.append(Progress(m.code, m.name, m.county.code, status, first, submitted, approved))
    return result


def _activities(year: int, counties: Iterable[County]) -> list[SupportActivity]:
    return list(
        SupportActivity.objects.of_year(year)
        .filter(county__in=list(counties))
        .select_related("county")
        .prefetch_related("municipalities", "indicators")
        .order_by("held_on", "id")
    )


@dataclass
class Results:
    """A round's values, read once: the columns and cells the drafts need."""

    round: Round
    columns: list[queries.Column]
    local: dict[tuple[int, str, str], Cell]  # (version, activity, municipality) → cell
    parts: dict[tuple[int, str], list[Cell]]  # (version, municipality) → activity cells
    rolled: dict[tuple[int, str, str], Cell]  # (version, activity, unit) → aggregate cell

    @property
    def empty(self) -> bool:
        return not self.local and not self.rolled


def _results(
    survey_round: Round, codes: list[str], units: set[tuple[str, str]], *, detail: bool = True
) -> Results:
    """The round's approved values of the municipalities `codes` and of the aggregate `units`
    ((level, code)), in two queries whatever their number (and the columns in two more).

    `detail` reads every activity of the municipalities (for their own support needs);
    otherwise only their headline cells (for the county needs).
    """
    cols = queries.columns(survey_round)
    ids = [c.version.pk for c in cols]
    values = Value.objects.filter(round=survey_round, basis=Value.Basis.APPROVED)
    local: dict[tuple[int, str, str], Cell] = {}
    parts: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    rows = values.filter(level=calc.MUNICIPALITY, unit_code__in=codes, indicator_id__in=ids)
    if not detail:
        rows = rows.filter(activity_code__in=["", calc.SUMMARY])
    for row in rows.values_list(*CELL_FIELDS):
        cell = Cell(*row)
        local[(cell.indicator_id, cell.activity_code, cell.unit_code)] = cell
        if cell.activity_code not in ("", calc.SUMMARY):
            parts[(cell.indicator_id, cell.unit_code)].append(cell)
    rolled = {}
    for row in values.filter(
        level__in={u[0] for u in units},
        unit_code__in={u[1] for u in units},
        indicator_id__in=ids,
        activity_code__in=["", calc.SUMMARY],
    ).values_list(*CELL_FIELDS):
        cell = Cell(*row)
        if (cell.level, cell.unit_code) in units:
            rolled[(cell.indicator_id, cell.activity_code, cell.unit_code)] = cell
    for cells in parts.values():
        cells.sort(key=lambda c: c.activity_code)
    return Results(survey_round, cols, local, dict(parts), rolled)


# --- support needs ---------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """A support need of the county (unit "") or of one of its municipalities."""

    indicator: str
    area: str
    title: str
    unit: str  # municipality code, or "" for the county itself
    unit_name: str
    priority: Decimal
    addressed_by: tuple[SupportActivity, ...] = ()

    @property
    def open(self) -> bool:
        return not self.addressed_by


def _visible(shown: Shown) -> bool:
    return shown.css != "hidden"


def county_needs(
    results: Results, county_code: str, members: list[str], reader: Reader
) -> list[tuple[support.IndicatorNeed, queries.Column]]:
    """The county's needs as its results page ranks them, for what the reader may see:
    the municipalities that fall short are counted only where the county's value shows."""
    items = []
    by_code = {}
    for column in results.columns:
        own = results.rolled.get((*column.key, county_code))
        if not _visible(column.show(own, reader)):
            continue
        nation = results.rolled.get((*column.key, calc.NATION_CODE))
        if not _visible(column.show(nation, reader)):
            nation = None
        parts = [results.local.get((*column.key, code)) for code in members]
        items.append(queries.need_input(column, own, group=None, nation=nation, parts=parts))
        by_code[column.code] = column
    ranked = support.rank(items).indicators[:NEEDS_SHOWN]
    return [(need, by_code[need.indicator]) for need in ranked]


def municipality_needs(
    results: Results, municipality: Municipality, reader: Reader
) -> list[tuple[support.IndicatorNeed, queries.Column]]:
    """A municipality's needs as its results page ranks them, among the indicators whose
    municipality values the reader may see (public ones)."""
    items = []
    by_code = {}
    for column in results.columns:
        own = results.local.get((*column.key, municipality.code))
        if not _visible(column.show(own, reader)):
            continue
        group = results.rolled.get((*column.key, municipality.group_code or ""))
        nation = results.rolled.get((*column.key, calc.NATION_CODE))
        if not _visible(column.show(group, reader)):
            group = None
        if not _visible(column.show(nation, reader)):
            nation = None
        parts = results.parts.get((column.version.pk, municipality.code)) or ([own] if own else [])
        items.append(queries.need_input(column, own, group=group, nation=nation, parts=parts))
        by_code[column.code] = column
    ranked = support.rank(items).indicators[:NEEDS_SHOWN]
    return [(need, by_code[need.indicator]) for need in ranked]


@dataclass(frozen=True)
class Reach:
    """What an activity named and whom it reached, as sets (read once per draft)."""

    activity: SupportActivity
    indicators: frozenset[str]
    municipalities: frozenset[str]


def reaches(activities: Iterable[SupportActivity]) -> list[Reach]:
    return [
        Reach(
            a,
            frozenset(i.code for i in a.indicators.all()),
            frozenset(m.code for m in a.municipalities.all()),
        )
        for a in activities
    ]


def addressing(
    reached: Iterable[Reach], *, indicator: str, area: str, municipality: str = ""
) -> tuple[SupportActivity, ...]:
    """The activities that addressed a need: naming its indicator or its area, and for a
    municipality's need, reaching that municipality."""
    return tuple(
        r.activity
        for r in reached
        if (indicator in r.indicators or (area and r.activity.area_code == area))
        and (not municipality or municipality in r.municipalities)
    )


def _needs(
    results: Results,
    county: County,
    members: list[Municipality],
    activities: list[SupportActivity],
    reader: Reader,
) -> list[Need]:
    """The county's needs and its municipalities', each with the activities addressing it."""
    found = []
    codes = [m.code for m in members]
    activities = reaches(activities)
    for need, column in county_needs(results, county.code, codes, reader):
        found.append(
            Need(
                need.indicator, need.area, column.version.title, "", county.name, need.priority,
                addressing(activities, indicator=need.indicator, area=need.area),
            )
        )  # fmt: skip
    for m in members:
        for need, column in municipality_needs(results, m, reader):
            found.append(
                Need(
                    need.indicator, need.area, column.version.title, m.code, m.name,
                    need.priority,
                    addressing(
                        activities, indicator=need.indicator, area=need.area, municipality=m.code
                    ),
                )
            )  # fmt: skip
    return found


def _activity_names(activities: Sequence[SupportActivity], limit: int = 3) -> str:
    names = [f"{a.held_on.isoformat()} {a.title}" for a in activities[:limit]]
    if len(activities) > limit:
        names.append(_("and %(count)s more") % {"count": len(activities) - limit})
    return "; ".join(names)


# --- figures ---------------------------------------------------------------------------

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
    alt = "; ".join(described + breaks) + "."
    series, x = [], charts.LEFT
    for i, s in enumerate(chart.series):
        colour, dash = SERIES[i % len(SERIES)]
        series.append({"series": s, "colour": colour, "dash": dash, "x": x})
        x += 48 + 7 * len(s.label)
    return _figure(
        "trend.svg", figure_id, alt=alt, caption=title, chart=chart, series=series,
        height=chart.height + 24, legend_y=chart.height + 8, break_label=_("series break"),
    )  # fmt: skip


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


# --- the county report -----------------------------------------------------------------


def county_draft(county: County, year: int) -> Draft:
    """The data-generated draft of the county's annual report on `year`."""
    survey_round = round_of(year)
    members = queries.municipalities(year, county=county.code)
    reader = Reader(county.code)
    names = _area_names(survey_round, year)
    activities = _activities(year, [county])
    progress = _progress(survey_round, members, county=county) if survey_round else []
    results = None
    if survey_round is not None:
        groups = {m.group_code for m in members if m.group_code}
        units = {(calc.COUNTY, county.code), (calc.NATION, calc.NATION_CODE)}
        units |= {(calc.GROUP, g) for g in groups}
        results = _results(survey_round, [m.code for m in members], units)
        if results.empty:
            results = None
    needs = _needs(results, county, members, activities, reader) if results else []
    numbers: list[Sheet] = []
    context = CountyContext(
        county, year, survey_round, members, reader, names, activities, progress, results, needs
    )
    builders = {
        "preparedness": _preparedness,
        "support": _support,
        "cooperation": _cooperation,
        "information": _information,
        "development": _development,
    }
    sections = []
    for key, heading in COUNTY_SECTIONS:
        section = Section(key, heading)
        builders[key](context, section, numbers)
        sections.append(section)
    title = _("County report %(year)s – %(name)s") % {"year": year, "name": county.name}
    return Draft(title, year, county, sections, numbers)


@dataclass
class CountyContext:
    county: County
    year: int
    round: Round | None
    members: list[Municipality]
    reader: Reader
    areas: dict[str, str]
    activities: list[SupportActivity]
    progress: list[Progress]
    results: Results | None
    needs: list[Need]

    @property
    def county_needs(self) -> list[Need]:
        return [n for n in self.needs if not n.unit]

    @property
    def municipality_needs(self) -> list[Need]:
        return [n for n in self.needs if n.unit]


def _no_round(year: int) -> str:
    return _(
        "There is no survey round for %(year)s, so this draft has no survey results or "
        "responses to draw on."
    ) % {"year": year}


def _completeness(progress: list[Progress]) -> tuple[Counter, int, int]:
    counts = Counter(p.status for p in progress)
    sent = sum(1 for p in progress if p.first_submitted is not None or p.status == "approved")
    return counts, sent, counts["approved"]


def _preparedness(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if c.round is None:
        section.paragraphs.append(_no_round(c.year))
        return
    total = len(c.members)
    counts, sent, approved = _completeness(c.progress)
    section.paragraphs.append(
        _(
            "%(county)s has %(total)s municipalities. In the %(year)s survey, %(sent)s of them "
            "submitted their response (a response rate of %(rate)s) and the county board "
            "approved %(approved)s."
        )
        % {
            "county": c.county.name,
            "total": total,
            "year": c.year,
            "sent": sent,
            "rate": _percent(sent, total).text,
            "approved": approved,
        }
    )
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("Survey completeness %(year)s") % {"year": c.year},
            sheet=_("Completeness"),
            cols=[Col(_("Status")), Col(_("Municipalities"), True), Col(_("Share"), True)],
            rows=[
                [str(PROGRESS_LABELS[s]), counts.get(s, 0), _percent(counts.get(s, 0), total)]
                for s in PROGRESS
            ]
            + [[_("Total"), total, _percent(total, total)]],
        )
    )
    if c.results is None:
        section.paragraphs.append(
            _("No results have been computed from approved responses to the %(year)s survey yet.")
            % {"year": c.year}
        )
        return
    _county_results(c, section, numbers)


def _county_results(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    results, reader, county = c.results, c.reader, c.county
    rows = []
    above = below = judged = 0
    suppressed = False
    for column in results.columns:
        own = results.rolled.get((*column.key, county.code))
        nation = results.rolled.get((*column.key, calc.NATION_CODE))
        own_shown, nation_shown = column.show(own, reader), column.show(nation, reader)
        suppressed |= own_shown.label == str(SUPPRESSED)
        gap = None
        if own_shown.has_value and nation_shown.has_value:
            higher = column.version.direction != "lower_is_better"
            if column.kind in ("yes_no", "share"):
                gap = support.gap(score(own, column.kind), score(nation, column.kind), higher)
            else:
                gap = support.gap(own.value, nation.value, higher)
            if gap is not None:
                judged += 1
                above += gap >= 0
                below += gap < 0
        rows.append(
            [
                column.code,
                column.version.title,
                _area_label(column.version.area.code, c.areas),
                _shown(own_shown),
                _shown(own_shown, text_only=True),
                _shown(nation_shown),
                _shown(nation_shown, text_only=True),
                _gap_text(gap),
            ]
        )
    section.paragraphs.append(
        ngettext(
            "Of the %(judged)s indicator where the county and the nation can be compared, the "
            "county is at or above the nation in %(above)s and below it in %(below)s.",
            "Of the %(judged)s indicators where the county and the nation can be compared, the "
            "county is at or above the nation in %(above)s and below it in %(below)s.",
            judged,
        )
        % {"judged": judged, "above": above, "below": below}
    )
    section.paragraphs.append(
        _(
            "Results are computed from approved responses only. The report is read outside the "
            "county board: it shows municipality values of public indicators only, and no "
            "aggregate over fewer than 3 municipalities."
        )
    )
    if suppressed:
        section.paragraphs.append(
            _("Some of the county's values rest on fewer than 3 municipalities and are not shown.")
        )
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("%(county)s and Sweden, %(year)s") % {"county": county.name, "year": c.year},
            sheet=_("County and nation"),
            cols=[
                Col(_("Indicator")),
                Col(_("Title")),
                Col(_("Area"), shown=False),
                Col(county.name, True),
                Col(_("%(unit)s as shown") % {"unit": county.name}, shown=False),
                Col(_("Sweden"), True),
                Col(_("%(unit)s as shown") % {"unit": _("Sweden")}, shown=False),
                Col(_("Difference, percentage points"), True),
            ],
            rows=rows,
        )
    )
    focus = _focus_columns(c)
    _trend(c, section, numbers, focus)
    _municipalities(c, section, numbers, focus)


def _focus_columns(c: CountyContext) -> list[queries.Column]:
    """The county's most urgent needs (else its first indicators with a value)."""
    by_code = {col.code: col for col in c.results.columns}
    chosen = [by_code[n.indicator] for n in c.county_needs]
    if not chosen:
        chosen = [
            col
            for col in c.results.columns
            if col.show(c.results.rolled.get((*col.key, c.county.code)), c.reader).has_value
        ]
    return chosen


def _trend(
    c: CountyContext, section: Section, numbers: list[Sheet], focus: list[queries.Column]
) -> None:
    """The county's values year by year, broken where an edition is not comparable."""
    results, reader, county = c.results, c.reader, c.county
    ids = [col.version.indicator_id for col in results.columns]
    revisions = queries.history(ids)
    units = [(calc.COUNTY, county.code), (calc.NATION, calc.NATION_CODE)]
    past = queries.trend_cells(
        units=units, indicator_ids=ids, until=c.year, source=queries.Computed()
    )
    years = sorted(
        {v.edition.year for vs in revisions.values() for v in vs if v.edition.year <= c.year}
    )
    if len(years) < 2:
        section.paragraphs.append(
            _("There are no earlier rounds to compare with, so there is no trend yet.")
        )
        return

    def visible(versions, cells) -> dict[int, Cell]:
        kinds = {v.edition.year: v for v in versions}
        return {
            y: cell
            for y, cell in cells.items()
            if y in kinds
            and _visible(
                show(cell, kind=kinds[y].kind, sensitivity=kinds[y].sensitivity, viewer=reader)
            )
        }

    rows, notes = [], []
    for column in results.columns:
        versions = [v for v in revisions[column.version.indicator_id] if v.edition.year <= c.year]
        cells = visible(versions, past.get((column.version.indicator_id, *units[0]), {}))
        if not cells:
            continue
        row = queries.trend_row(versions, cells, reader)
        by_year = {t.year: t for t in row}
        line = [column.code, column.version.title]
        for year in years:
            point = by_year.get(year)
            if point is None:
                line.append(Datum("", None))
                continue
            shown = _shown(point.shown)
            if point.break_note:
                shown = Datum(f"┆ {shown.text}", shown.raw)
                notes.append(
                    _("Series break for %(code)s in %(year)s: %(note)s")
                    % {"code": column.code, "year": year, "note": point.break_note}
                )
            line.append(shown)
        rows.append(line)
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("%(county)s year by year (┆ marks a series break)")
            % {"county": county.name},
            sheet=_("Trend"),
            cols=[Col(_("Indicator")), Col(_("Title"))] + [Col(str(y), True) for y in years],
            rows=rows,
        )
    )
    section.paragraphs.extend(notes)
    for n, column in enumerate(focus[:CHARTS], start=1):
        versions = [v for v in revisions[column.version.indicator_id] if v.edition.year <= c.year]
        named = []
        for (level, code), label in zip(units, (county.name, _("Sweden")), strict=True):
            cells = visible(versions, past.get((column.version.indicator_id, level, code), {}))
            if cells:
                named.append((label, queries.segments(versions, cells)))
        chart_years = [v.edition.year for v in versions]
        labels = [label for label, _segments in named]
        units_text = (
            _("%(first)s and %(second)s") % {"first": labels[0], "second": labels[1]}
            if len(labels) == 2
            else ", ".join(labels)
        )
        title = _("%(code)s %(title)s: %(units)s") % {
            "code": column.code,
            "title": column.version.title,
            "units": units_text,
        }
        figure = trend_figure(
            f"trend-{county.code}-{n}",
            title=title,
            named=named,
            years=chart_years,
            percent_axis=column.kind in ("yes_no", "share"),
        )
        if figure is not None:
            section.figures.append(figure)


def _municipalities(
    c: CountyContext, section: Section, numbers: list[Sheet], focus: list[queries.Column]
) -> None:
    """The county's municipalities on the public indicators among its needs: map and table."""
    public = [col for col in focus if col.sensitivity == PUBLIC]
    if len(public) < MAP_TABLE_COLUMNS:
        public += [
            col for col in c.results.columns if col.sensitivity == PUBLIC and col not in public
        ]
    public = public[:MAP_TABLE_COLUMNS]
    if not public or not c.members:
        return
    shown = {
        (col.code, m.code): col.show(c.results.local.get((*col.key, m.code)), c.reader)
        for col in public
        for m in c.members
    }
    first = public[0]
    units = []
    for m in c.members:
        s = shown[(first.code, m.code)]
        cell = c.results.local.get((*first.key, m.code))
        classed = s.css in calc.CLASSES and cell is not None
        units.append(
            maps.MapUnit(
                code=m.code,
                name=m.name,
                classification=s.css if classed else "",
                label=class_label(cell, first.kind) if classed else s.label,  # no "2/3"
                value_text=s.text,
            )
        )
    section.figures.append(
        map_figure(
            f"map-{c.county.code}",
            title=_("%(code)s %(title)s in %(county)s, %(year)s")
            % {
                "code": first.code,
                "title": first.version.title,
                "county": c.county.name,
                "year": c.year,
            },
            units=units,
            focus=c.county.code,
        )
    )
    cols = [Col(_("Municipality")), Col(_("Code"), shown=False)]
    for col in public:
        cols += [
            Col(col.code, True),
            Col(_("%(unit)s as shown") % {"unit": col.code}, shown=False),
        ]
    rows = []
    for m in c.members:
        row = [m.name, m.code]
        for col in public:
            s = shown[(col.code, m.code)]
            row += [_shown(s), _shown(s, text_only=True)]
        rows.append(row)
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("The municipalities on public indicators: %(codes)s")
            % {"codes": ", ".join(f"{col.code} {col.version.title}" for col in public)},
            sheet=_("Municipalities"),
            cols=cols,
            rows=rows,
        )
    )


def support_by_kind(activities: list[SupportActivity]) -> list[list]:
    """[kind label, activities, participants, municipalities reached] per kind used."""
    rows = []
    for kind in SupportActivity.Kind:
        chosen = [a for a in activities if a.kind == kind.value]
        if chosen:
            reached = {m.code for a in chosen for m in a.municipalities.all()}
            rows.append(
                [str(kind.label), len(chosen), sum(a.participants for a in chosen), len(reached)]
            )
    return rows


def support_by_area(activities: list[SupportActivity], names: dict[str, str]) -> list[list]:
    """[area, activities, participants, municipalities reached] per topic area used."""
    by_area: dict[str, list[SupportActivity]] = defaultdict(list)
    for a in activities:
        by_area[a.area_code].append(a)
    rows = []
    for code in _area_order(by_area, names):
        chosen = by_area[code]
        reached = {m.code for a in chosen for m in a.municipalities.all()}
        rows.append(
            [
                _area_label(code, names),
                len(chosen),
                sum(a.participants for a in chosen),
                len(reached),
            ]
        )
    return rows


def _support(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    activities = c.activities
    own = {m.code for m in c.members}
    reached = {m.code for a in activities for m in a.municipalities.all()} & own
    if not activities:
        section.paragraphs.append(
            _("The support log has no activities in %(year)s.") % {"year": c.year}
        )
    else:
        section.paragraphs.append(
            ngettext(
                "The county board logged %(count)s support activity in %(year)s. It reached "
                "%(reached)s of the county's %(total)s municipalities, with %(participants)s "
                "participants in all.",
                "The county board logged %(count)s support activities in %(year)s. They reached "
                "%(reached)s of the county's %(total)s municipalities, with %(participants)s "
                "participants in all.",
                len(activities),
            )
            % {
                "count": len(activities),
                "year": c.year,
                "reached": len(reached),
                "total": len(c.members),
                "participants": sum(a.participants for a in activities),
            }
        )
        reach_cols = [
            Col(_("Support activities"), True),
            Col(_("Participants"), True),
            Col(_("Municipalities reached"), True),
        ]
        kinds = support_by_kind(activities)
        section.tables.append(
            _tabulate(
                numbers,
                caption=_("Support activities by kind"),
                sheet=_("Support by kind"),
                cols=[Col(_("Kind")), *reach_cols],
                rows=kinds,
            )
        )
        section.tables.append(
            _tabulate(
                numbers,
                caption=_("Support activities by topic area"),
                sheet=_("Support by area"),
                cols=[Col(_("Topic area")), *reach_cols],
                rows=support_by_area(activities, c.areas),
            )
        )
        figure = bars_figure(
            f"kinds-{c.county.code}",
            title=_("Support activities by kind, %(year)s") % {"year": c.year},
            counts=[(row[0], row[1]) for row in kinds],
        )
        if figure is not None:
            section.figures.append(figure)
        section.tables.append(
            _tabulate(
                numbers,
                caption=_("The support activities of %(year)s") % {"year": c.year},
                sheet=_("Support activities"),
                cols=[
                    Col(_("Date")),
                    Col(_("Kind")),
                    Col(_("Topic")),
                    Col(_("Topic area")),
                    Col(_("Indicators addressed")),
                    Col(_("Municipalities reached"), True),
                    Col(_("Participants"), True),
                ],
                rows=[
                    [
                        a.held_on,
                        a.get_kind_display(),
                        a.title,
                        _area_label(a.area_code, c.areas),
                        ", ".join(sorted(i.code for i in a.indicators.all())),
                        len({m.code for m in a.municipalities.all()} & own),
                        a.participants,
                    ]
                    for a in activities
                ],
            )
        )
    _needs_addressed(c, section, numbers)


def _needs_addressed(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if c.results is None:
        return
    county_needs, local = c.county_needs, c.municipality_needs
    section.paragraphs.append(
        _(
            "Support needs are the indicators where the county or a municipality falls "
            "shortest, ranked as on the results pages (at most %(shown)s each). A need counts "
            "as addressed when an activity of the year named its indicator or its area and, "
            "for a municipality's need, reached that municipality."
        )
        % {"shown": NEEDS_SHOWN}
    )
    section.paragraphs.append(
        _(
            "Of the county's %(county)s support needs, %(county_addressed)s were addressed "
            "during the year. Of the municipalities' %(local)s support needs (public "
            "indicators), %(local_addressed)s were addressed and %(local_open)s remain open."
        )
        % {
            "county": len(county_needs),
            "county_addressed": sum(1 for n in county_needs if not n.open),
            "local": len(local),
            "local_addressed": sum(1 for n in local if not n.open),
            "local_open": sum(1 for n in local if n.open),
        }
    )
    if county_needs:
        section.tables.append(
            _tabulate(
                numbers,
                caption=_("The county's support needs and the support given"),
                sheet=_("County needs"),
                cols=[
                    Col(_("Indicator")),
                    Col(_("Title")),
                    Col(_("Priority"), True),
                    Col(_("Addressed by")),
                ],
                rows=[
                    [
                        n.indicator,
                        n.title,
                        n.priority,
                        _activity_names(n.addressed_by) if n.addressed_by else _("Still open"),
                    ]
                    for n in county_needs
                ],
            )
        )
    if local:
        by_indicator: dict[str, list[Need]] = defaultdict(list)
        for n in local:
            by_indicator[n.indicator].append(n)
        ranked = sorted(by_indicator.items(), key=lambda item: (-len(item[1]), item[0]))
        section.tables.append(
            _tabulate(
                numbers,
                caption=_("The municipalities' support needs and the support given"),
                sheet=_("Municipality needs"),
                cols=[
                    Col(_("Indicator")),
                    Col(_("Title")),
                    Col(_("Municipalities with the need"), True),
                    Col(_("Addressed"), True),
                    Col(_("Still open"), True),
                ],
                rows=[
                    [
                        code,
                        found[0].title,
                        len(found),
                        sum(1 for n in found if not n.open),
                        sum(1 for n in found if n.open),
                    ]
                    for code, found in ranked
                ],
            )
        )
        _keep(
            numbers,
            sheet=_("Needs by municipality"),
            cols=[
                Col(_("Municipality")),
                Col(_("Code")),
                Col(_("Indicator")),
                Col(_("Title")),
                Col(_("Priority")),
                Col(_("Addressed by")),
            ],
            rows=[
                [
                    n.unit_name,
                    n.unit,
                    n.indicator,
                    n.title,
                    n.priority,
                    _activity_names(n.addressed_by, limit=10)
                    if n.addressed_by
                    else _("Still open"),
                ]
                for n in local
            ],
        )


def _cooperation(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    meetings = [
        a
        for a in c.activities
        if a.kind
        in (
            SupportActivity.Kind.NETWORK,
            SupportActivity.Kind.CONFERENCE,
            SupportActivity.Kind.EXCHANGE,
        )
    ]
    shared = [a for a in c.activities if a.shared]
    section.paragraphs.append(
        _(
            "In %(year)s the county board held %(meetings)s network meetings, conferences and "
            "experience exchanges; %(shared)s activities were shared with all county boards as "
            "experience exchange."
        )
        % {"year": c.year, "meetings": len(meetings), "shared": len(shared)}
    )
    if shared:
        section.tables.append(
            _tabulate(
                numbers,
                caption=_("Experience exchange shared with all county boards"),
                sheet=_("Shared experience"),
                cols=[
                    Col(_("Date")),
                    Col(_("Kind")),
                    Col(_("Topic")),
                    Col(_("Participants"), True),
                    Col(_("Lessons learned")),
                ],
                rows=[
                    [
                        a.held_on,
                        a.get_kind_display(),
                        a.title,
                        a.participants,
                        _excerpt(a.lessons, 300),
                    ]
                    for a in shared
                ],
            )
        )


def _information(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if c.round is None:
        section.paragraphs.append(_no_round(c.year))
        return
    total = len(c.members)
    _counts, sent, approved = _completeness(c.progress)
    late = sum(
        1
        for p in c.progress
        if p.first_submitted is not None
        and timezone.localdate(p.first_submitted) > c.round.deadline
    )
    approvals = [p.approved for p in c.progress if p.approved is not None]
    text = _(
        "The %(year)s survey had its measurement date on %(measured)s and its deadline on "
        "%(deadline)s. %(sent)s of the county's %(total)s municipalities submitted their "
        "response to Socialstyrelsen through the platform, %(late)s of them after the "
        "deadline; the county board approved %(approved)s."
    ) % {
        "year": c.year,
        "measured": c.round.measurement_date.isoformat(),
        "deadline": c.round.deadline.isoformat(),
        "sent": sent,
        "total": total,
        "late": late,
        "approved": approved,
    }
    if approvals:
        text += " " + _("The last approval was on %(date)s.") % {
            "date": timezone.localdate(max(approvals)).isoformat()
        }
    section.paragraphs.append(text)
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("The municipalities' responses to the %(year)s survey") % {"year": c.year},
            sheet=_("Responses"),
            cols=[
                Col(_("Municipality")),
                Col(_("Code"), shown=False),
                Col(_("Status")),
                Col(_("First submitted")),
                Col(_("Last submitted")),
                Col(_("Approved")),
            ],
            rows=[
                [
                    p.name,
                    p.code,
                    str(PROGRESS_LABELS[p.status]),
                    p.first_submitted,
                    p.submitted,
                    p.approved,
                ]
                for p in c.progress
            ],
        )
    )


def _development(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if c.results is None:
        section.paragraphs.append(
            _no_round(c.year)
            if c.round is None
            else _("Without results there are no support needs to start from.")
        )
        return
    points = starting_points(c.needs)
    if not points:
        section.paragraphs.append(
            _("Every support need of the year was addressed by a support activity.")
        )
        return
    section.paragraphs.append(
        _(
            "The support needs still open after the year's support, the most common first: "
            "starting points for the coming year's support, with the guidance linked to them."
        )
    )
    guidance = guidance_for({p.area for p in points}, [p.indicator for p in points])
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("Open support needs, the most common first"),
            sheet=_("Development"),
            cols=[
                Col(_("Indicator")),
                Col(_("Title")),
                Col(_("Area")),
                Col(_("Municipalities with the need open"), True),
                Col(_("Open for the county"), True),
                Col(_("Guidance")),
            ],
            rows=[
                [
                    p.indicator,
                    p.title,
                    _area_label(p.area, c.areas),
                    p.municipalities,
                    p.county,
                    "; ".join(str(g.title) for g in guidance.get(p.indicator, [])[:3]) or None,
                ]
                for p in points
            ],
        )
    )


@dataclass(frozen=True)
class StartingPoint:
    indicator: str
    area: str
    title: str
    municipalities: int  # with the need open
    county: bool  # an open need of the county itself


def starting_points(needs: list[Need]) -> list[StartingPoint]:
    """The open needs, by indicator: most municipalities first, the county's own next."""
    by_indicator: dict[str, list[Need]] = defaultdict(list)
    for n in needs:
        if n.open:
            by_indicator[n.indicator].append(n)
    points = [
        StartingPoint(
            code,
            found[0].area,
            found[0].title,
            sum(1 for n in found if n.unit),
            any(not n.unit for n in found),
        )
        for code, found in by_indicator.items()
    ]
    points.sort(key=lambda p: (-p.municipalities, not p.county, p.indicator))
    return points[:STARTING_POINTS]


def _excerpt(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return f"{cut} …"


# --- the national compilation ----------------------------------------------------------


def key_columns(cols: list[queries.Column]) -> list[queries.Column]:
    """One headline indicator per area: its first public or aggregate-only yes/no or share."""
    chosen: dict[str, queries.Column] = {}
    for col in cols:
        if col.sensitivity == "restricted" or col.kind not in ("yes_no", "share"):
            continue
        chosen.setdefault(col.version.area.code, col)
    return list(chosen.values())


@dataclass
class CountyLine:
    """One county in the compilation: its report (if any) and what the data say."""

    county: County
    report: CountyReport | None
    included: bool
    municipalities: list[Municipality]
    progress: list[Progress]
    activities: list[SupportActivity]
    needs: list[Need]


@dataclass
class NationalContext:
    year: int
    round: Round | None
    lines: list[CountyLine]
    results: Results | None
    areas: dict[str, str]
    reader: Reader

    @property
    def included(self) -> list[CountyLine]:
        return [line for line in self.lines if line.included]

    @property
    def activities(self) -> list[SupportActivity]:
        return [a for line in self.included for a in line.activities]


def national_draft(year: int, *, progress: Callable[[str], None] | None = None) -> Draft:
    """Kronoberg's compilation on `year` from the county reports sent (submitted or accepted).

    `progress(step)` is called once before reading and once per county, for a display.
    """
    step = progress or (lambda _step: None)
    step(_("Reading the county reports and the data"))
    counties = list(County.objects.order_by("code"))
    reports = {
        r.county_id: r for r in CountyReport.objects.filter(year=year).select_related("county")
    }
    included = {r.county_id for r in reports.values() if r.revision > 0 and r.locked}
    survey_round = round_of(year)
    members = queries.municipalities(year)
    by_county: dict[str, list[Municipality]] = defaultdict(list)
    for m in members:
        by_county[m.county.code].append(m)
    activities: dict[int, list[SupportActivity]] = defaultdict(list)
    for a in _activities(year, [c for c in counties if c.pk in included]):
        activities[a.county_id].append(a)
    progress_by: dict[str, list[Progress]] = defaultdict(list)
    for p in _progress(survey_round, members) if survey_round else []:
        progress_by[p.county].append(p)
    results = None
    if survey_round is not None:
        units = {(calc.COUNTY, c.code) for c in counties} | {(calc.NATION, calc.NATION_CODE)}
        results = _results(survey_round, [m.code for m in members], units, detail=False)
        if results.empty:
            results = None
    reader = Reader()
    lines = []
    for county in counties:
        step(county.name)
        own = by_county[county.code]
        chosen = activities.get(county.pk, [])
        reached = reaches(chosen)
        needs = []
        if results is not None and county.pk in included:
            for need, column in county_needs(results, county.code, [m.code for m in own], reader):
                needs.append(
                    Need(
                        need.indicator, need.area, column.version.title, county.code,
                        county.name, need.priority,
                        addressing(reached, indicator=need.indicator, area=need.area),
                    )
                )  # fmt: skip
        lines.append(
            CountyLine(
                county, reports.get(county.pk), county.pk in included, own,
                progress_by.get(county.code, []), chosen, needs,
            )
        )  # fmt: skip
    context = NationalContext(
        year, survey_round, lines, results, _area_names(survey_round, year), reader
    )
    numbers: list[Sheet] = []
    builders = {
        "overview": _overview,
        "support": _national_support,
        "needs": _national_needs,
        "development": _national_development,
    }
    sections = []
    for key, heading in NATIONAL_SECTIONS:
        section = Section(key, heading)
        builders[key](context, section, numbers)
        sections.append(section)
    title = _("National report %(year)s") % {"year": year}
    return Draft(title, year, None, sections, numbers)


def _overview(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    included = [line.report for line in c.included]
    section.paragraphs.append(
        _(
            "%(submitted)s of the %(counties)s county boards have sent their report on "
            "%(year)s (%(accepted)s accepted); sent after the deadline: %(late)s."
        )
        % {
            "submitted": len(included),
            "counties": len(c.lines),
            "year": c.year,
            "accepted": sum(1 for r in included if r.status == CountyReport.Status.ACCEPTED),
            "late": sum(1 for r in included if r.late),
        }
    )
    missing = [line.county.name for line in c.lines if not line.included]
    if missing:
        section.paragraphs.append(
            _("Not sent, or returned for completion: %(names)s.") % {"names": ", ".join(missing)}
        )
    everyone = [p for line in c.lines for p in line.progress]
    if c.round is None:
        section.paragraphs.append(_no_round(c.year))
    else:
        _counts, sent, approved = _completeness(everyone)
        section.paragraphs.append(
            _(
                "In the %(year)s survey, %(sent)s of the %(total)s municipalities submitted "
                "their response (%(rate)s) and %(approved)s were approved by their county board."
            )
            % {
                "year": c.year,
                "sent": sent,
                "total": len(everyone),
                "rate": _percent(sent, len(everyone)).text,
                "approved": approved,
            }
        )
    overdue = timezone.localdate() > county_report_deadline(c.year)
    rows = []
    for line in c.lines:
        report = line.report
        _counts, sent, approved = _completeness(line.progress)
        whole = len(line.progress)
        rows.append(
            [
                line.county.name,
                str(report.get_status_display()) if report else str(_("Not started")),
                report.submitted_at if report else None,
                report.accepted_at if report else None,
                report.late if report else overdue,
                len(line.municipalities),
                _percent(sent, whole) if c.round else None,
                _percent(approved, whole) if c.round else None,
            ]
        )
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("County reports on %(year)s and survey responses") % {"year": c.year},
            sheet=_("Overview"),
            cols=[
                Col(_("County")),
                Col(_("Report")),
                Col(_("Submitted")),
                Col(_("Accepted")),
                Col(_("Late")),
                Col(_("Municipalities"), True),
                Col(_("Response rate"), True),
                Col(_("Approved"), True),
            ],
            rows=rows,
        )
    )
    keys = key_columns(c.results.columns) if c.results else []
    if not keys:
        return
    section.paragraphs.append(
        _(
            "Key values: one headline indicator per area, each county beside the nation. "
            "Values over fewer than 3 municipalities are not shown."
        )
    )

    def line_of(name: str, code: str) -> list:
        return [name] + [
            _shown(col.show(c.results.rolled.get((*col.key, code)), c.reader), dense=True)
            for col in keys
        ]

    section.tables.append(
        _tabulate(
            numbers,
            caption=_("Key values by county, %(year)s") % {"year": c.year},
            sheet=_("Key values"),
            cols=[Col(_("County"))] + [Col(col.code, True) for col in keys],
            rows=[line_of(_("Sweden"), calc.NATION_CODE)]
            + [line_of(line.county.name, line.county.code) for line in c.lines],
        )
    )
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("The key indicators"),
            sheet=_("Key indicators"),
            cols=[Col(_("Indicator")), Col(_("Title")), Col(_("Area"))],
            rows=[
                [col.code, col.version.title, _area_label(col.version.area.code, c.areas)]
                for col in keys
            ],
        )
    )


def _national_support(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    if not c.included:
        section.paragraphs.append(_("No county report has been sent yet."))
        return
    activities = c.activities
    rows = []
    for line in c.included:
        own = {m.code for m in line.municipalities}
        reached = {m.code for a in line.activities for m in a.municipalities.all()} & own
        rows.append(
            [
                line.county.name,
                len(line.activities),
                sum(a.participants for a in line.activities),
                len(reached),
                len(own),
            ]
        )
    section.paragraphs.append(
        _(
            "The county boards that sent their report logged %(count)s support activities in "
            "%(year)s with %(participants)s participants, reaching %(reached)s of their "
            "%(total)s municipalities."
        )
        % {
            "count": len(activities),
            "year": c.year,
            "participants": sum(a.participants for a in activities),
            "reached": sum(r[3] for r in rows),
            "total": sum(r[4] for r in rows),
        }
    )
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("Support activities by county"),
            sheet=_("Support by county"),
            cols=[
                Col(_("County")),
                Col(_("Support activities"), True),
                Col(_("Participants"), True),
                Col(_("Municipalities reached"), True),
                Col(_("Municipalities"), True),
            ],
            rows=rows,
        )
    )
    if not activities:
        return
    count_cols = [
        Col(_("Support activities"), True),
        Col(_("Participants"), True),
        Col(_("Counties"), True),
    ]

    def counted(label: str, chosen: list[SupportActivity]) -> list:
        return [
            label,
            len(chosen),
            sum(a.participants for a in chosen),
            len({a.county_id for a in chosen}),
        ]

    kinds = [
        counted(str(kind.label), chosen)
        for kind in SupportActivity.Kind
        for chosen in [[a for a in activities if a.kind == kind.value]]
        if chosen
    ]
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("Support activities by kind"),
            sheet=_("Support by kind"),
            cols=[Col(_("Kind")), *count_cols],
            rows=kinds,
        )
    )
    by_area: dict[str, list[SupportActivity]] = defaultdict(list)
    for a in activities:
        by_area[a.area_code].append(a)
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("Support activities by topic area"),
            sheet=_("Support by area"),
            cols=[Col(_("Topic area")), *count_cols],
            rows=[
                counted(_area_label(code, c.areas), by_area[code])
                for code in _area_order(by_area, c.areas)
            ],
        )
    )
    figure = bars_figure(
        "kinds-national",
        title=_("Support activities by kind, %(year)s") % {"year": c.year},
        counts=[(row[0], row[1]) for row in kinds],
    )
    if figure is not None:
        section.figures.append(figure)


def _area_order(by_area: dict[str, list], names: dict[str, str]) -> list[str]:
    """The areas used, in the edition's order; unknown codes next; no area last."""
    order = list(names) + sorted(set(by_area) - set(names) - {""}) + [""]
    return [code for code in order if by_area.get(code)]


def _national_needs(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    if c.results is None:
        section.paragraphs.append(
            _no_round(c.year)
            if c.round is None
            else _("No results have been computed from approved responses yet.")
        )
        return
    needs = [n for line in c.included for n in line.needs]
    if not needs:
        section.paragraphs.append(_("The counties that sent their report have no support needs."))
        return
    section.paragraphs.append(
        _(
            "Each county's support needs as its results page ranks them (at most %(shown)s, "
            "among public and aggregate-only indicators), and whether the county's support in "
            "the year named the indicator or its area. The needs most often still open first."
        )
        % {"shown": NEEDS_SHOWN}
    )
    by_indicator: dict[str, list[Need]] = defaultdict(list)
    for n in needs:
        by_indicator[n.indicator].append(n)
    ranked = sorted(
        by_indicator.items(),
        key=lambda item: (-sum(1 for n in item[1] if n.open), -len(item[1]), item[0]),
    )
    section.tables.append(
        _tabulate(
            numbers,
            caption=_("Support needs across the counties, the most often open first"),
            sheet=_("Needs"),
            cols=[
                Col(_("Indicator")),
                Col(_("Title")),
                Col(_("Area"), shown=False),
                Col(_("Counties with the need"), True),
                Col(_("Still open"), True),
                Col(_("Open in")),
            ],
            rows=[
                [
                    code,
                    found[0].title,
                    _area_label(found[0].area, c.areas),
                    len(found),
                    sum(1 for n in found if n.open),
                    ", ".join(n.unit_name for n in found if n.open) or None,
                ]
                for code, found in ranked[: 2 * STARTING_POINTS]
            ],
        )
    )


def _national_development(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    texts = [
        (line.county.name, _excerpt(line.report.development))
        for line in c.included
        if line.report.development.strip()
    ]
    if not texts:
        section.paragraphs.append(
            _("None of the county reports sent has a text on development needs yet.")
        )
        return
    section.paragraphs.append(
        _("Excerpts from the counties' own sections on development needs and proposals:")
    )
    section.paragraphs.extend(f"{name}: {text}" for name, text in texts)
