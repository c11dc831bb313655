"""The county report's first section, "State of preparedness in the county".

The survey's completeness; the county beside the nation on every indicator; the county's
values year by year with trend charts of its most urgent needs; and its municipalities on
public indicators, as a map and a table (docs/reports.md).
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beredskap.catalogue.models import IndicatorVersion
from beredskap.registry.access import PUBLIC
from beredskap.results import calculations as calc
from beredskap.results import maps, queries, support
from beredskap.results.presentation import SUPPRESSED, Cell, class_label, score, show

from .figures import map_figure, trend_figure
from .reading import (
    PROGRESS,
    PROGRESS_LABELS,
    CountyContext,
    Reader,
    area_label,
    completeness,
)
from .sections import no_round
from .tables import (
    Col,
    Datum,
    Figure,
    Section,
    Sheet,
    Table,
    gap_cell,
    indicator_cols,
    percent_cell,
    shown_cell,
    tabulate,
)

#: Indicators drawn as trend charts, shown on the map and in the municipality table.
CHARTS, MAP_TABLE_COLUMNS = 3, 5


def preparedness(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if c.round is None:
        section.paragraphs.append(no_round(c.year))
        return
    _completeness(c, section, numbers)
    if c.results is None:
        section.paragraphs.append(
            _("No results have been computed from approved responses to the %(year)s survey yet.")
            % {"year": c.year}
        )
        return
    _beside_nation(c, section, numbers)
    focus = _focus_columns(c)
    _trend(c, section, numbers, focus)
    _municipalities(c, section, numbers, focus)


def _completeness(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    total = len(c.members)
    counts, sent, approved = completeness(c.progress)
    section.paragraphs.append(
        ngettext(
            "%(county)s has %(total)s municipality. In the %(year)s survey, %(sent)s of them "
            "submitted their response (a response rate of %(rate)s) and the county board "
            "approved %(approved)s.",
            "%(county)s has %(total)s municipalities. In the %(year)s survey, %(sent)s of them "
            "submitted their response (a response rate of %(rate)s) and the county board "
            "approved %(approved)s.",
            total,
        )
        % {
            "county": c.county.name,
            "total": total,
            "year": c.year,
            "sent": sent,
            "rate": percent_cell(sent, total).text,
            "approved": approved,
        }
    )
    section.tables.append(_completeness_table(c, counts, numbers))


def _completeness_table(c: CountyContext, counts: Counter, numbers: list[Sheet]) -> Table:
    total = len(c.members)
    return tabulate(
        numbers,
        caption=_("Survey completeness %(year)s") % {"year": c.year},
        sheet=_("Completeness"),
        cols=[Col(_("Status")), Col(_("Municipalities"), True), Col(_("Share"), True)],
        rows=[
            [str(PROGRESS_LABELS[s]), counts.get(s, 0), percent_cell(counts.get(s, 0), total)]
            for s in PROGRESS
        ]
        + [[_("Total"), total, percent_cell(total, total)]],
    )


# --- the county beside the nation ------------------------------------------------------


def _beside_nation(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    rows, gaps, suppressed = _nation_rows(c)
    judged = [gap for gap in gaps if gap is not None]
    above = sum(1 for gap in judged if gap >= 0)
    section.paragraphs.append(
        ngettext(
            "Of the %(judged)s indicator where the county and the nation can be compared, the "
            "county is at or above the nation in %(above)s and below it in %(below)s.",
            "Of the %(judged)s indicators where the county and the nation can be compared, the "
            "county is at or above the nation in %(above)s and below it in %(below)s.",
            len(judged),
        )
        % {"judged": len(judged), "above": above, "below": len(judged) - above}
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
    section.tables.append(_nation_table(c, numbers, rows))


def _nation_rows(c: CountyContext) -> tuple[list[list], list[Decimal | None], bool]:
    """A row per indicator, the county's gap to the nation (None where not both show) and
    whether any of the county's values is suppressed."""
    rows, gaps, suppressed = [], [], False
    for column in c.results.columns:
        own = c.results.rolled.get((*column.key, c.county.code))
        nation = c.results.rolled.get((*column.key, calc.NATION_CODE))
        own_shown, nation_shown = column.show(own, c.reader), column.show(nation, c.reader)
        suppressed |= own_shown.label == str(SUPPRESSED)
        both = own_shown.has_value and nation_shown.has_value
        gap = _gap(column, own, nation) if both else None
        gaps.append(gap)
        rows.append(
            [
                column.code,
                column.version.title,
                area_label(column.version.area.code, c.areas),
                shown_cell(own_shown),
                shown_cell(own_shown, text_only=True),
                shown_cell(nation_shown),
                shown_cell(nation_shown, text_only=True),
                gap_cell(gap),
            ]
        )
    return rows, gaps, suppressed


def _gap(column: queries.Column, own: Cell, nation: Cell) -> Decimal | None:
    """How far the county lies above the nation in the good direction: in percentage points
    of score for shares and yes/no, in values for the rest."""
    higher = column.version.direction != "lower_is_better"
    if column.kind in ("yes_no", "share"):
        return support.gap(score(own, column.kind), score(nation, column.kind), higher)
    return support.gap(own.value, nation.value, higher)


def _nation_table(c: CountyContext, numbers: list[Sheet], rows: list[list]) -> Table:
    name = c.county.name
    return tabulate(
        numbers,
        caption=_("%(county)s and Sweden, %(year)s") % {"county": name, "year": c.year},
        sheet=_("County and nation"),
        cols=indicator_cols(
            Col(_("Area"), shown=False),
            Col(name, True),
            Col(_("%(unit)s as shown") % {"unit": name}, shown=False),
            Col(_("Sweden"), True),
            Col(_("%(unit)s as shown") % {"unit": _("Sweden")}, shown=False),
            Col(_("Difference, percentage points"), True),
        ),
        rows=rows,
    )


def _focus_columns(c: CountyContext) -> list[queries.Column]:
    """The county's most urgent indicator needs (else its first indicators with a value);
    its scenario gaps (needs named by a grundantagande) have no column to show."""
    by_code = {col.code: col for col in c.results.columns}
    chosen = [by_code[n.indicator] for n in c.county_needs if n.indicator in by_code]
    if not chosen:
        chosen = [
            col
            for col in c.results.columns
            if col.show(c.results.rolled.get((*col.key, c.county.code)), c.reader).has_value
        ]
    return chosen


# --- year by year ----------------------------------------------------------------------


@dataclass
class History:
    """The county's and the nation's values up to the year, and every indicator's versions."""

    until: int  # the report's year
    units: list[tuple[str, str]]  # the county, then the nation: (level, code)
    revisions: dict[int, list[IndicatorVersion]]
    past: dict  # (indicator, level, code) → {year: cell}
    years: list[int]  # the editions' years up to the report's

    def versions(self, column: queries.Column) -> list[IndicatorVersion]:
        revisions = self.revisions[column.version.indicator_id]
        return [v for v in revisions if v.edition.year <= self.until]

    def cells(
        self, column: queries.Column, versions: list[IndicatorVersion], reader: Reader, unit
    ) -> dict[int, Cell]:
        """The unit's cells by year that the reader may see, in years of a version."""
        by_year = {v.edition.year: v for v in versions}
        cells = self.past.get((column.version.indicator_id, *unit), {})
        return {
            year: cell
            for year, cell in cells.items()
            if year in by_year and _may_show(cell, by_year[year], reader)
        }


def _may_show(cell: Cell, version: IndicatorVersion, reader: Reader) -> bool:
    shown = show(cell, kind=version.kind, sensitivity=version.sensitivity, viewer=reader)
    return shown.css != "hidden"


def _history(c: CountyContext) -> History:
    ids = [col.version.indicator_id for col in c.results.columns]
    revisions = queries.history(ids)
    units = [(calc.COUNTY, c.county.code), (calc.NATION, calc.NATION_CODE)]
    past = queries.trend_cells(
        units=units, indicator_ids=ids, until=c.year, source=queries.Computed()
    )
    years = sorted(
        {v.edition.year for vs in revisions.values() for v in vs if v.edition.year <= c.year}
    )
    return History(c.year, units, revisions, past, years)


def _trend(
    c: CountyContext, section: Section, numbers: list[Sheet], focus: list[queries.Column]
) -> None:
    """The county's values year by year, broken where an edition is not comparable."""
    history = _history(c)
    if len(history.years) < 2:
        section.paragraphs.append(
            _("There are no earlier rounds to compare with, so there is no trend yet.")
        )
        return
    rows, notes = _trend_rows(c, history)
    section.tables.append(
        tabulate(
            numbers,
            caption=_("%(county)s year by year (┆ marks a series break)")
            % {"county": c.county.name},
            sheet=_("Trend"),
            cols=indicator_cols(*(Col(str(y), True) for y in history.years)),
            rows=rows,
        )
    )
    section.paragraphs.extend(notes)
    for n, column in enumerate(focus[:CHARTS], start=1):
        figure = _trend_chart(c, history, column, f"trend-{c.county.code}-{n}")
        if figure is not None:
            section.figures.append(figure)


def _trend_rows(c: CountyContext, history: History) -> tuple[list[list], list[str]]:
    """A row per indicator with a value the reader may see, and the series breaks' notes."""
    rows, notes = [], []
    for column in c.results.columns:
        versions = history.versions(column)
        cells = history.cells(column, versions, c.reader, history.units[0])
        if cells:
            rows.append(_trend_line(column, history.years, versions, cells, c.reader, notes))
    return rows, notes


def _trend_line(column, years, versions, cells, reader, notes: list[str]) -> list:
    """The indicator's row, a cell a year (┆ before a series break, its note in `notes`)."""
    by_year = {t.year: t for t in queries.trend_row(versions, cells, reader)}
    line = [column.code, column.version.title]
    for year in years:
        point = by_year.get(year)
        if point is None:
            line.append(Datum("", None))
            continue
        shown = shown_cell(point.shown)
        if point.break_note:
            shown = Datum(f"┆ {shown.text}", shown.raw)
            notes.append(
                _("Series break for %(code)s in %(year)s: %(note)s")
                % {"code": column.code, "year": year, "note": point.break_note}
            )
        line.append(shown)
    return line


def _trend_chart(
    c: CountyContext, history: History, column: queries.Column, figure_id: str
) -> Figure | None:
    """The county's and the nation's line of one indicator."""
    versions = history.versions(column)
    named = []
    for unit, label in zip(history.units, (c.county.name, _("Sweden")), strict=True):
        cells = history.cells(column, versions, c.reader, unit)
        if cells:
            named.append((label, queries.segments(versions, cells)))
    labels = [label for label, _segments in named]
    units_text = (
        _("%(first)s and %(second)s") % {"first": labels[0], "second": labels[1]}
        if len(labels) == 2
        else ", ".join(labels)
    )
    return trend_figure(
        figure_id,
        title=_("%(code)s %(title)s: %(units)s")
        % {"code": column.code, "title": column.version.title, "units": units_text},
        named=named,
        years=[v.edition.year for v in versions],
        percent_axis=column.kind in ("yes_no", "share"),
    )


# --- the municipalities ----------------------------------------------------------------


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
    section.figures.append(_map(c, public[0], shown))
    section.tables.append(_municipality_table(c, numbers, public, shown))


def _map(c: CountyContext, first: queries.Column, shown: dict) -> Figure:
    """The municipalities on the first of the indicators, classed as on the results map."""
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
    return map_figure(
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


def _municipality_table(
    c: CountyContext, numbers: list[Sheet], public: list, shown: dict
) -> Table:
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
            row += [shown_cell(s), shown_cell(s, text_only=True)]
        rows.append(row)
    return tabulate(
        numbers,
        caption=_("The municipalities on public indicators: %(codes)s")
        % {"codes": ", ".join(f"{col.code} {col.version.title}" for col in public)},
        sheet=_("Municipalities"),
        cols=cols,
        rows=rows,
    )
