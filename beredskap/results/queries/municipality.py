"""The municipality profile: every indicator the viewer may see, with its comparisons.

Each row sets the municipality beside its county, its SKR group and the nation, with its
standing in the group, its trend and its activities; the page ends with its support
needs. Everything is read up front in a fixed number of queries and joined in memory.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from beredskap.catalogue.models import Activity, IndicatorVersion
from beredskap.registry.models import Municipality

from .. import calculations as calc
from .. import support
from ..presentation import CELL_FIELDS, Cell, Shown
from .cells import (
    SUMMARY,
    Column,
    Scope,
    by_area,
    cells_by_key,
    columns,
    index,
    read_cells,
    unit_filter,
)
from .overview import group_standing
from .targets import target_links
from .trends import TrendCell, history, trend_cells, trend_row


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


@dataclass(frozen=True)
class Profile:
    """What the profile read, keyed for joining: cells by (version id, activity, unit)."""

    municipality: Municipality
    year: int
    group_code: str | None
    cells: dict[tuple[int, str, str], Cell]
    members: dict[tuple[int, str], list[Cell]]  # the group's municipalities, per column
    activities: dict[int, list[Cell]]  # the municipality's activities, per version id
    names: dict[str, str]  # activity names by code
    revisions: dict[int, list[IndicatorVersion]]
    past: dict[tuple[int, str, str], dict[int, Cell]]
    targets: dict[str, str]  # indicator code → the målbild its maturity measures

    def cell(self, column: Column, code: str | None) -> Cell | None:
        return self.cells.get((*column.key, code))

    def own(self, column: Column) -> Cell | None:
        return self.cell(column, self.municipality.code)

    def trend(self, column: Column) -> dict[int, Cell]:
        """Earlier rounds final; the page's round on the page's basis."""
        unit = (column.version.indicator_id, calc.MUNICIPALITY, self.municipality.code)
        trend = self.past.get(unit, {})
        own = self.own(column)
        return trend if own is None else {**trend, self.year: own}

    def activity_cells(self, column: Column) -> list[Cell]:
        return self.activities.get(column.version.pk, [])


def municipality_profile(scope: Scope, municipality: Municipality) -> dict:
    """Every indicator the viewer may see for the municipality, with its comparisons."""
    group_code = _group_code(municipality, scope.round.year)
    cols = _visible_columns(scope, municipality)
    profile = _read(scope, municipality, group_code, cols)
    rows = [_row(column, profile, scope) for column in cols]
    needs = [_need(column, profile) for column in cols]
    counts = _verdict_counts(r.own for r in rows)
    return {
        "group_code": group_code,
        "areas": by_area(rows, lambda r: r.column.version.area),
        "needs": support.support_needs(needs, cols),
        "counts": counts,
        # Nothing classified: "no support needs" would claim what cannot be judged.
        "nothing_judged": not any(counts.get(c) for c in calc.CLASSES),
    }


def _group_code(municipality: Municipality, year: int) -> str | None:
    return (
        Municipality.objects.with_group(year)
        .filter(pk=municipality.pk)
        .values_list("group_code", flat=True)
        .first()
    )


def _visible_columns(scope: Scope, municipality: Municipality) -> list[Column]:
    """The indicators whose values of this municipality the viewer may see."""
    return [
        c
        for c in columns(scope.round)
        if scope.viewer.may_see(
            sensitivity=c.sensitivity, level=calc.MUNICIPALITY, unit_code=municipality.code
        )
    ]


def _read(
    scope: Scope, municipality: Municipality, group_code: str | None, cols: list[Column]
) -> Profile:
    keys = [c.key for c in cols]
    year = scope.round.year
    return Profile(
        municipality=municipality,
        year=year,
        group_code=group_code,
        cells=_unit_cells(scope, municipality, group_code, keys),
        members=_group_members(scope, group_code, keys),
        activities=_activity_cells(scope, municipality, keys),
        names={a.code: a.name for a in Activity.objects.filter(edition_id=scope.round.edition_id)},
        revisions=history(c.version.indicator_id for c in cols),
        past=trend_cells(
            until=year,
            units=[(calc.MUNICIPALITY, municipality.code)],
            indicator_ids=[c.version.indicator_id for c in cols],
            source=scope.earlier,
        ),
        targets=target_links(scope.round),
    )


def _unit_cells(
    scope: Scope, municipality: Municipality, group_code: str | None, keys: list
) -> dict[tuple[int, str, str], Cell]:
    """The municipality's cells and its county's, group's and the nation's, in one query
    that reads those four units only (the database picks them, not Python)."""
    aggregates = [(calc.COUNTY, municipality.county.code), (calc.NATION, calc.NATION_CODE)]
    if group_code:
        aggregates.append((calc.GROUP, group_code))
    units = unit_filter([municipality.code], aggregates)
    return index(read_cells(scope, keys=keys, units=units))


def _group_members(
    scope: Scope, group_code: str | None, keys: list
) -> dict[tuple[int, str], list[Cell]]:
    """The cells of the municipalities of the SKR group, per column, in two queries."""
    member_codes = list(
        Municipality.objects.in_group(scope.round.year, group_code).values_list("code", flat=True)
    )
    return cells_by_key(
        read_cells(scope, levels=[calc.MUNICIPALITY], keys=keys, unit_code__in=member_codes)
    )


def _activity_cells(scope: Scope, municipality: Municipality, keys: list) -> dict[int, list[Cell]]:
    """The municipality's cells per activity, by version id, in activity code order."""
    rows = (
        scope.values()
        .filter(
            level=calc.MUNICIPALITY,
            unit_code=municipality.code,
            indicator_id__in=[k[0] for k in keys],
        )
        .exclude(activity_code__in=["", SUMMARY])
        .values_list(*CELL_FIELDS)
    )
    by_version: dict[int, list[Cell]] = defaultdict(list)
    for row in rows:
        cell = Cell(*row)
        by_version[cell.indicator_id].append(cell)
    return {pk: sorted(cells, key=lambda c: c.activity_code) for pk, cells in by_version.items()}


def _row(column: Column, profile: Profile, scope: Scope) -> ProfileRow:
    viewer = scope.viewer
    own = profile.own(column)
    revisions = profile.revisions[column.version.indicator_id]
    return ProfileRow(
        column,
        column.show(own, viewer),
        column.show(profile.cell(column, profile.municipality.county.code), viewer),
        column.show(profile.cell(column, profile.group_code), viewer),
        column.show(profile.cell(column, calc.NATION_CODE), viewer),
        group_standing(column, own, profile.members.get(column.key, [])),
        trend_row(revisions, profile.trend(column), viewer),
        [
            (profile.names.get(c.activity_code, c.activity_code), column.show(c, viewer))
            for c in profile.activity_cells(column)
        ],
    )


def _need(column: Column, profile: Profile) -> support.NeedInput:
    """The indicator for the ranking: its parts are the activities, else the whole."""
    own = profile.own(column)
    return support.need_input(
        column,
        own,
        group=profile.cell(column, profile.group_code),
        nation=profile.cell(column, calc.NATION_CODE),
        parts=profile.activity_cells(column) or ([own] if own else []),
        target_state=profile.targets.get(column.code, ""),
    )


def _verdict_counts(shown: Iterable[Shown]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for s in shown:
        counts[s.css] += 1
    return dict(counts)
