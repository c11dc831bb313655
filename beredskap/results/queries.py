"""The read side of the results pages.

Every function here reads with a fixed number of queries, however many municipalities
there are: values come back as light `Cell` rows in one query per level, and the pages
join them in memory. What a viewer may see is decided by `presentation.show`.
"""

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.db.models import F, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from beredskap.catalogue.models import Activity, Area, IndicatorVersion
from beredskap.catalogue.services import guidance_for
from beredskap.registry.access import ValueViewer
from beredskap.registry.models import County, Municipality, MunicipalityGroup
from beredskap.surveys.models import Round

from . import calculations as calc
from . import charts, support
from .models import Value
from .presentation import (
    CELL_FIELDS,
    REASON_LABELS,
    VERDICT_LABELS,
    Cell,
    Shown,
    format_value,
    score,
    show,
)

#: The activity code of a municipality's all-activities summary of a per-activity indicator.
SUMMARY = calc.SUMMARY


class Source(Protocol):
    """Where a page's cells come from. Any model with `Value`'s cell fields will do.

    The internal pages read the values computed from the answers (`Computed`); the public
    pages read a release's snapshot (`publication.sources.Released`), which sits above
    this app, so it is handed in rather than imported.
    """

    basis: str

    def of_round(self, survey_round: Round) -> QuerySet:
        """The cells of one round."""

    def of_rounds(self) -> QuerySet:
        """The cells of every round the source covers, annotated with their `year`."""

    def years(self) -> list[int]:
        """The rounds the source covers, newest first."""


@dataclass(frozen=True)
class Computed:
    """The values the engine computed on a basis (approved or preliminary)."""

    basis: str = Value.Basis.APPROVED

    def of_round(self, survey_round: Round) -> QuerySet:
        return Value.objects.filter(round=survey_round, basis=self.basis)

    def of_rounds(self) -> QuerySet:
        return Value.objects.filter(basis=self.basis).annotate(year=F("round__year"))

    def years(self) -> list[int]:
        """Years that have approved values, newest first."""
        rounds = Value.objects.final().values_list("round__year", flat=True).distinct()
        return sorted(set(rounds), reverse=True)


@dataclass(frozen=True)
class Scope:
    """Which round a page shows, from which source, and to whom."""

    round: Round
    basis: str
    viewer: ValueViewer
    source: Source = field(default_factory=Computed)

    @property
    def preliminary(self) -> bool:
        return self.basis == Value.Basis.PRELIMINARY

    def values(self) -> QuerySet:
        return self.source.of_round(self.round)


def scope(viewer: ValueViewer, year: int, basis: str | None) -> Scope:
    """The round of `year` with computed values; preliminary only for those who may see it."""
    survey_round = round_of(year)
    if basis == Value.Basis.PRELIMINARY and viewer.may_see_preliminary:
        basis = Value.Basis.PRELIMINARY
    else:
        basis = Value.Basis.APPROVED
    return Scope(survey_round, basis, viewer, Computed(basis))


def round_of(year: int) -> Round:
    survey_round = Round.objects.select_related("edition").filter(year=year).first()
    if survey_round is None:
        raise Http404(_("There is no survey round %(year)s.") % {"year": year})
    return survey_round


# --- indicators as columns -------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """An indicator version with the activity whose cells a page shows for it."""

    version: IndicatorVersion
    activity: str  # "" municipality-wide, SUMMARY, or an activity code

    @property
    def code(self) -> str:
        return self.version.indicator.code

    @property
    def kind(self) -> str:
        return self.version.kind

    @property
    def sensitivity(self) -> str:
        return self.version.sensitivity

    @property
    def key(self) -> tuple[int, str]:
        return (self.version.pk, self.activity)

    def show(self, cell: Cell | None, viewer: ValueViewer) -> Shown:
        return show(cell, kind=self.kind, sensitivity=self.sensitivity, viewer=viewer)


def versions(survey_round: Round, area: str = "") -> list[IndicatorVersion]:
    qs = (
        IndicatorVersion.objects.filter(edition_id=survey_round.edition_id)
        .select_related("indicator", "area")
        .prefetch_related("activities")
        .order_by("area__position", "position")
    )
    if area:
        qs = qs.filter(area__code=area)
    return list(qs)


def columns(survey_round: Round, *, area: str = "", activity: str = "") -> list[Column]:
    """One column per indicator; with an activity, only indicators broken down by it."""
    result = []
    for version in versions(survey_round, area):
        activities = [a.code for a in version.activities.all()]
        if activity:
            if activity in activities:
                result.append(Column(version, activity))
        else:
            result.append(Column(version, SUMMARY if activities else ""))
    return result


def read_cells(
    scope: Scope, *, levels: Iterable[str], keys: Iterable[tuple[int, str]], **filters
) -> list[Cell]:
    """Cells of the levels for the (version id, activity) keys, in one query."""
    keys = set(keys)
    if not keys:
        return []
    rows = (
        scope.values()
        .filter(
            level__in=list(levels),
            indicator_id__in={k[0] for k in keys},
            activity_code__in={k[1] for k in keys},
            **filters,
        )
        .values_list(*CELL_FIELDS)
    )
    return [c for c in (Cell(*row) for row in rows) if (c.indicator_id, c.activity_code) in keys]


def index(cells: Iterable[Cell]) -> dict[tuple[int, str, str], Cell]:
    """Cells by (version id, activity, unit code)."""
    return {(c.indicator_id, c.activity_code, c.unit_code): c for c in cells}


# --- the heat map ----------------------------------------------------------------------


@dataclass
class HeatRow:
    code: str
    name: str
    level: str
    cells: list[Shown]
    county: str = ""
    group: str = ""


@dataclass
class Heatmap:
    columns: list[Column]
    aggregates: list[HeatRow]
    rows: list[HeatRow]
    legend: dict[str, int] = field(default_factory=dict)


def municipalities(year: int, *, county: str = "", group: str = "") -> list[Municipality]:
    qs = Municipality.objects.select_related("county").with_group(year).order_by("code")
    if county:
        qs = qs.filter(county__code=county)
    if group:
        qs = qs.filter(group_code=group)
    return list(qs)


def heatmap(
    scope: Scope, *, county: str = "", group: str = "", area: str = "", activity: str = ""
) -> Heatmap:
    """Municipalities by indicators, with the nation (and the filtered county or group) on top."""
    cols = columns(scope.round, area=area, activity=activity)
    keys = [c.key for c in cols]
    members = municipalities(scope.round.year, county=county, group=group)
    codes = {m.code for m in members}
    local = index(
        c for c in read_cells(scope, levels=[calc.MUNICIPALITY], keys=keys) if c.unit_code in codes
    )
    wanted = [(calc.NATION, calc.NATION_CODE, _("Sweden"))]
    if county and members:
        wanted.append((calc.COUNTY, county, members[0].county.name))
    if group:
        wanted.append((calc.GROUP, group, _("Municipality group %(code)s") % {"code": group}))
    rolled = index(
        c
        for c in read_cells(scope, levels={w[0] for w in wanted}, keys=keys)
        if (c.level, c.unit_code) in {(w[0], w[1]) for w in wanted}
    )
    viewer = scope.viewer
    aggregates = [
        HeatRow(code, str(name), level, [c.show(rolled.get((*c.key, code)), viewer) for c in cols])
        for level, code, name in wanted
    ]
    rows = []
    legend: dict[str, int] = defaultdict(int)
    for m in members:
        shown = [c.show(local.get((*c.key, m.code)), viewer) for c in cols]
        for s in shown:
            legend[s.css] += 1
        rows.append(HeatRow(m.code, m.name, calc.MUNICIPALITY, shown, m.county.name, m.group_code))
    return Heatmap(cols, aggregates, rows, dict(legend))


def filters(survey_round: Round) -> dict:
    """The choices of the overview's filters."""
    return {
        "counties": list(County.objects.order_by("code")),
        "groups": list(MunicipalityGroup.objects.order_by("code")),
        "areas": list(Area.objects.filter(edition_id=survey_round.edition_id)),
        "activities": list(Activity.objects.filter(edition_id=survey_round.edition_id)),
    }


# --- comparisons -------------------------------------------------------------------------


def group_standing(column: Column, own: Cell | None, members: list[Cell]) -> dict:
    """Rank within the SKR group (1 = best) and the group's median, from members' cells."""
    if column.kind == "yes_no":
        verdicts = [c.verdict for c in members if c.verdict in ("met", "partly", "not_met")]
        return {"met": verdicts.count("met"), "of": len(verdicts)}
    values = [c.value for c in members if c.value is not None]
    if not values:
        return {}
    higher = column.version.direction != "lower_is_better"
    standing = {"median": Decimal(statistics.median(values)), "of": len(values)}
    if own is not None and own.value is not None:
        better = sum(1 for v in values if (v > own.value if higher else v < own.value))
        standing["rank"] = better + 1
    return standing


# --- trends --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendCell:
    year: int
    shown: Shown
    break_note: str = ""  # set on the first year after a series break


def history(indicator_ids: Iterable[int]) -> dict[int, list[IndicatorVersion]]:
    """Every version of the indicators, oldest first (their revision history)."""
    result: dict[int, list[IndicatorVersion]] = defaultdict(list)
    for version in (
        IndicatorVersion.objects.filter(indicator_id__in=set(indicator_ids))
        .select_related("edition", "indicator")
        .order_by("edition__year")
    ):
        result[version.indicator_id].append(version)
    return result


def trend_cells(
    *,
    units: Iterable[tuple[str, str]],
    indicator_ids: Iterable[int],
    until: int,
    activity: str | None = None,
    source: Source,
) -> dict[tuple[int, str, str], dict[int, Cell]]:
    """{(indicator id, level, unit): {year: cell}} for the rounds up to `until`, in one query.

    `activity` None reads the headline cell of each version (municipality-wide or the
    all-activities summary); a code reads that activity.
    """
    units = set(units)
    activities = ["", SUMMARY] if activity is None else [activity]
    rows = (
        source.of_rounds()
        .filter(
            year__lte=until,
            indicator__indicator_id__in=set(indicator_ids),
            level__in={u[0] for u in units},
            unit_code__in={u[1] for u in units},
            activity_code__in=activities,
        )
        .values_list("year", "indicator__indicator_id", *CELL_FIELDS)
    )
    result: dict[tuple[int, str, str], dict[int, Cell]] = defaultdict(dict)
    for year, indicator_id, *fields in rows:
        cell = Cell(*fields)
        if (cell.level, cell.unit_code) in units:
            result[(indicator_id, cell.level, cell.unit_code)][year] = cell
    return result


def segments(versions: list[IndicatorVersion], cells: dict[int, Cell]) -> list[calc.Segment]:
    """The yearly values of one unit split where an edition broke comparability."""
    points = [
        calc.Point(
            year=v.edition.year,
            value=score(cells.get(v.edition.year), v.kind)
            if v.kind in ("yes_no", "share")
            else (cells[v.edition.year].value if v.edition.year in cells else None),
            comparable_with_previous=v.comparable_with_previous,
            change_note=v.change_note,
        )
        for v in versions
    ]
    return calc.series(points)


def trend_row(
    versions: list[IndicatorVersion], cells: dict[int, Cell], viewer: ValueViewer
) -> list[TrendCell]:
    """A unit's values year by year, each with the break note where the series broke."""
    notes = {s.points[0].year: s.break_note for s in segments(versions, cells)[1:] if s.points}
    return [
        TrendCell(
            v.edition.year,
            show(cells.get(v.edition.year), kind=v.kind, sensitivity=v.sensitivity, viewer=viewer),
            notes.get(v.edition.year, ""),
        )
        for v in versions
        if v.edition.year in cells
    ]


# --- the municipality profile -----------------------------------------------------------


@dataclass
class ProfileRow:
    column: Column
    own: Shown
    county: Shown
    group: Shown
    nation: Shown
    standing: dict
    trend: list[TrendCell]
    activities: list[tuple[str, Shown]]


@dataclass
class AreaBlock:
    area: Area
    rows: list


def _by_area(rows: list, area_of) -> list[AreaBlock]:
    blocks: dict[int, AreaBlock] = {}
    for row in rows:
        area = area_of(row)
        blocks.setdefault(area.pk, AreaBlock(area, [])).rows.append(row)
    return list(blocks.values())


def municipality_profile(scope: Scope, municipality: Municipality) -> dict:
    """Every indicator the viewer may see for the municipality, with its comparisons."""
    year = scope.round.year
    group_code = (
        Municipality.objects.with_group(year)
        .filter(pk=municipality.pk)
        .values_list("group_code", flat=True)
        .first()
    )
    viewer = scope.viewer
    cols = [
        c
        for c in columns(scope.round)
        if viewer.may_see(
            sensitivity=c.sensitivity, level=calc.MUNICIPALITY, unit_code=municipality.code
        )
    ]
    keys = [c.key for c in cols]
    units = {
        (calc.MUNICIPALITY, municipality.code),
        (calc.COUNTY, municipality.county.code),
        (calc.NATION, calc.NATION_CODE),
    }
    if group_code:
        units.add((calc.GROUP, group_code))
    cells = index(
        c
        for c in read_cells(scope, levels={u[0] for u in units}, keys=keys)
        if (c.level, c.unit_code) in units
    )
    member_codes = list(
        Municipality.objects.with_group(year)
        .filter(group_code=group_code)
        .values_list("code", flat=True)
    )
    members: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for cell in read_cells(
        scope, levels=[calc.MUNICIPALITY], keys=keys, unit_code__in=member_codes
    ):
        members[(cell.indicator_id, cell.activity_code)].append(cell)
    detail = [
        c
        for c in scope.values()
        .filter(
            level=calc.MUNICIPALITY,
            unit_code=municipality.code,
            indicator_id__in=[k[0] for k in keys],
        )
        .exclude(activity_code__in=["", SUMMARY])
        .values_list(*CELL_FIELDS)
    ]
    by_activity: dict[int, list[Cell]] = defaultdict(list)
    for row in detail:
        cell = Cell(*row)
        by_activity[cell.indicator_id].append(cell)
    names = {a.code: a.name for a in Activity.objects.filter(edition_id=scope.round.edition_id)}
    revisions = history(c.version.indicator_id for c in cols)
    past = trend_cells(
        until=year,
        units=[(calc.MUNICIPALITY, municipality.code)],
        indicator_ids=[c.version.indicator_id for c in cols],
        source=Computed() if scope.preliminary else scope.source,  # earlier rounds: final
    )
    rows = []
    needs = []
    for column in cols:
        own = cells.get((*column.key, municipality.code))
        trend = past.get((column.version.indicator_id, calc.MUNICIPALITY, municipality.code), {})
        if own is not None:
            trend = {**trend, year: own}  # the page's basis for the page's round
        activity_cells = sorted(
            by_activity.get(column.version.pk, []), key=lambda c: c.activity_code
        )
        rows.append(
            ProfileRow(
                column,
                column.show(own, viewer),
                column.show(cells.get((*column.key, municipality.county.code)), viewer),
                column.show(cells.get((*column.key, group_code)), viewer),
                column.show(cells.get((*column.key, calc.NATION_CODE)), viewer),
                group_standing(column, own, members.get(column.key, [])),
                trend_row(revisions[column.version.indicator_id], trend, viewer),
                [
                    (names.get(c.activity_code, c.activity_code), column.show(c, viewer))
                    for c in activity_cells
                ],
            )
        )
        needs.append(
            need_input(
                column,
                own,
                group=cells.get((*column.key, group_code)),
                nation=cells.get((*column.key, calc.NATION_CODE)),
                parts=activity_cells or ([own] if own else []),
            )
        )
    return {
        "group_code": group_code,
        "areas": _by_area(rows, lambda r: r.column.version.area),
        "needs": support_needs(needs, cols),
        "counts": _verdict_counts(r.own for r in rows),
    }


def _verdict_counts(shown: Iterable[Shown]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for s in shown:
        counts[s.css] += 1
    return dict(counts)


# --- support needs -----------------------------------------------------------------------

NEEDS_SHOWN = 10


def need_input(
    column: Column, own: Cell | None, *, group: Cell | None, nation: Cell | None, parts
) -> support.NeedInput:
    """One indicator of a unit for the ranking: its score, comparators and shortfalls.

    `parts` are the cells under the unit: a municipality's activities, or a county's or
    the nation's municipalities. Yes/no parts fall short when not met; others when red.
    """
    parts = [p for p in parts if p is not None]
    if column.kind == "yes_no":
        assessed = [p for p in parts if p.verdict in ("met", "partly", "not_met")]
        not_met = sum(1 for p in assessed if p.verdict == "not_met")
    else:
        assessed = [p for p in parts if p.classification]
        not_met = sum(1 for p in assessed if p.classification == calc.RED)
    return support.NeedInput(
        indicator=column.code,
        area=column.version.area.code,
        score=score(own, column.kind),
        group=score(group, column.kind),
        nation=score(nation, column.kind),
        classification=own.classification if own else "",
        not_met=not_met,
        assessed=len(assessed),
        higher_is_better=column.version.direction != "lower_is_better",
    )


def support_needs(items: list[support.NeedInput], cols: list[Column]) -> dict:
    """The ranked needs with each indicator's and area's column or area and its guidance."""
    ranked = support.rank(items)
    by_code = {c.code: c for c in cols}
    areas = {c.version.area.code: c.version.area for c in cols}
    shown = ranked.indicators[:NEEDS_SHOWN]
    guidance = guidance_for([a.area for a in ranked.areas], [n.indicator for n in shown])
    return {
        "indicators": [(n, by_code[n.indicator], guidance.get(n.indicator, [])) for n in shown],
        "areas": [
            (a, areas[a.area], guidance.get(a.area, [])) for a in ranked.areas if a.area in areas
        ],
        "total": len(ranked.indicators),
    }


# --- the indicator page ------------------------------------------------------------------


def indicator_version(survey_round: Round, code: str) -> IndicatorVersion:
    version = (
        IndicatorVersion.objects.filter(edition_id=survey_round.edition_id, indicator__code=code)
        .select_related("indicator", "area", "edition")
        .prefetch_related("activities", "questions")
        .first()
    )
    if version is None:
        raise Http404(
            _("Indicator %(code)s is not in the %(year)s edition.")
            % {"code": code, "year": survey_round.year}
        )
    return version


@dataclass
class Ranked:
    municipality: Municipality
    shown: Shown
    rank: int | None


def indicator_page(scope: Scope, version: IndicatorVersion, activity: str, unit: str) -> dict:
    """Distribution, ranking, map data, county table and trend of one indicator."""
    viewer = scope.viewer
    column = Column(version, activity)
    everyone = municipalities(scope.round.year)
    local = {
        c.unit_code: c for c in read_cells(scope, levels=[calc.MUNICIPALITY], keys=[column.key])
    }
    rolled = {
        (c.level, c.unit_code): c
        for c in read_cells(
            scope, levels=[calc.COUNTY, calc.GROUP, calc.NATION], keys=[column.key]
        )
    }
    visible = [(m, local.get(m.code), column.show(local.get(m.code), viewer)) for m in everyone]
    visible = [v for v in visible if v[2].css != "hidden"]
    higher = version.direction != "lower_is_better"

    def key(cell: Cell | None) -> Decimal | None:
        if cell is None:
            return None
        scored = score(cell, version.kind)
        return scored if scored is not None else cell.value

    ranked = sorted(
        ((m, key(cell), shown) for m, cell, shown in visible if key(cell) is not None),
        key=lambda v: (-v[1] if higher else v[1], v[0].code),
    )
    ranking = []
    previous = None
    for position, (m, value, shown) in enumerate(ranked, start=1):
        rank = ranking[-1].rank if previous == value else position
        ranking.append(Ranked(m, shown, rank))
        previous = value
    counties = sorted(
        ((k[1], column.show(c, viewer)) for k, c in rolled.items() if k[0] == calc.COUNTY),
    )
    groups = sorted(
        ((k[1], column.show(c, viewer)) for k, c in rolled.items() if k[0] == calc.GROUP),
    )
    revisions = history([version.indicator_id])[version.indicator_id]
    until_now = [v for v in revisions if v.edition.year <= scope.round.year]
    trend_units = [(calc.NATION, calc.NATION_CODE)]
    unit_name = ""
    if unit:
        chosen = next((m for m in everyone if m.code == unit), None)
        if chosen is not None and viewer.may_see(
            sensitivity=version.sensitivity, level=calc.MUNICIPALITY, unit_code=unit
        ):
            trend_units.append((calc.MUNICIPALITY, unit))
            unit_name = chosen.name
    past = trend_cells(
        until=scope.round.year,
        units=trend_units,
        indicator_ids=[version.indicator_id],
        activity=None if activity in ("", SUMMARY) else activity,
        source=Computed() if scope.preliminary else scope.source,  # earlier rounds: final
    )
    trends = []
    for level, code in trend_units:
        cells = past.get((version.indicator_id, level, code), {})
        name = str(_("Sweden")) if level == calc.NATION else unit_name
        trends.append((name, segments(until_now, cells), trend_row(until_now, cells, viewer)))
    return {
        "column": column,
        "nation": column.show(rolled.get((calc.NATION, calc.NATION_CODE)), viewer),
        "visible": visible,
        "ranking": ranking,
        "counties": counties,
        "groups": groups,
        "revisions": revisions,
        "trends": trends,
        "years": [v.edition.year for v in until_now],
        "hidden": len(everyone) - len(visible),
    }


def distribution(column: Column, visible: list[tuple]) -> list[tuple[str, int, str]]:
    """[(label, count, css)]: verdicts for yes/no, equal bins of the values otherwise."""
    if column.kind == "yes_no":
        counts: dict[str, int] = defaultdict(int)
        for _m, cell, _shown in visible:
            counts[cell.verdict if cell and cell.verdict else (cell.reason if cell else "")] += 1
        order = [
            ("met", VERDICT_LABELS["met"], calc.GREEN),
            ("partly", VERDICT_LABELS["partly"], calc.YELLOW),
            ("not_met", VERDICT_LABELS["not_met"], calc.RED),
            ("not_applicable", REASON_LABELS["not_applicable"], "none"),
            ("not_answered", REASON_LABELS["not_answered"], "none"),
        ]
        return [(str(label), counts.get(key, 0), css) for key, label, css in order]
    values = [s.value for _m, _c, s in visible if s.value is not None]
    if not values:
        return []
    lo = Decimal(0) if column.kind == "share" else min(values)
    hi = Decimal(100) if column.kind == "share" else max(values)
    return [
        (f"{_bound(a, column)}–{_bound(b, column)}", n, "none")
        for a, b, n in charts.histogram(values, lo=lo, hi=hi)
    ]


def _bound(value: Decimal, column: Column) -> str:
    return format_value(value, column.kind, calc.NATION)


# --- the county overview -------------------------------------------------------------------


def county_page(scope: Scope, county: County, members: list[Municipality]) -> dict:
    """The county beside the nation for every indicator, and the county's support needs.

    Counting the county's municipalities that fall short says no more than the county's
    own value, so it is used only where that value is visible.
    """
    viewer = scope.viewer
    cols = columns(scope.round)
    keys = [c.key for c in cols]
    rolled = index(
        c
        for c in read_cells(scope, levels=[calc.COUNTY, calc.NATION], keys=keys)
        if c.unit_code in (county.code, calc.NATION_CODE)
    )
    codes = [m.code for m in members]
    parts: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for cell in read_cells(scope, levels=[calc.MUNICIPALITY], keys=keys, unit_code__in=codes):
        parts[(cell.indicator_id, cell.activity_code)].append(cell)
    rows = []
    needs = []
    for column in cols:
        own = rolled.get((*column.key, county.code))
        shown = column.show(own, viewer)
        nation = rolled.get((*column.key, calc.NATION_CODE))
        rows.append((column, shown, column.show(nation, viewer)))
        if shown.css != "hidden":
            parts_of = parts[column.key]
            needs.append(need_input(column, own, group=None, nation=nation, parts=parts_of))
    return {
        "areas": _by_area(rows, lambda r: r[0].version.area),
        "needs": support_needs(needs, cols),
    }


def nation_needs(scope: Scope) -> dict:
    """The nation's support needs: the indicators where most municipalities fall short."""
    viewer = scope.viewer
    cols = columns(scope.round)
    keys = [c.key for c in cols]
    nation = index(read_cells(scope, levels=[calc.NATION], keys=keys))
    parts: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for cell in read_cells(scope, levels=[calc.MUNICIPALITY], keys=keys):
        parts[(cell.indicator_id, cell.activity_code)].append(cell)
    needs = []
    for column in cols:
        own = nation.get((*column.key, calc.NATION_CODE))
        if column.show(own, viewer).css == "hidden":
            continue
        # How many municipalities fall short is what the visible aggregate already says.
        needs.append(need_input(column, own, group=None, nation=None, parts=parts[column.key]))
    return support_needs(needs, cols)
