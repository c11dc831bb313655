"""The målbild view: each target state of the round's planning direction with maturity.

A round's edition names its planning direction (`Edition.direction`) and each maturity
question the target state it assesses (`Question.target_state`); the question's indicator
carries the maturity through the results engine like any other. For a municipality the
view shows its level with the linked indicators' values beside it, and for the unit (the
municipality's county, a county, the nation) the distribution of its municipalities over
the levels. Everything is read in a fixed number of queries, whatever the number of
municipalities: the target states, the links, the versions, the unit's cells and every
municipality's maturity cell (a municipality's county is the first two digits of its code).

What a viewer sees follows the results pages: the municipality's own cells through
`Column.show`; a distribution is an aggregate at its level, shown when the viewer may see
that level of the maturity indicator and, for outsiders, over at least three
municipalities; linked indicators only when the viewer may see the municipality's value.
Each target state links to the knowledge library's items for it (`library.items_for`, two
queries for all of them).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext

from beredskap.catalogue.models import Question
from beredskap.library.queries import items_for
from beredskap.planning.models import Direction, TargetState
from beredskap.registry.models import County, Municipality
from beredskap.surveys.models import Round

from .. import calculations as calc
from .. import maturity
from ..presentation import Shown
from .cells import Column, Scope, columns_of, read_cells, unit_filter, versions


@dataclass
class Spread:
    """A unit's distribution over the levels, or why it is not shown."""

    name: str
    distribution: maturity.Distribution | None  # None: hidden or too few to show

    @property
    def shown(self) -> bool:
        return self.distribution is not None and self.distribution.total > 0


@dataclass
class TargetRow:
    state: TargetState
    column: Column | None  # the maturity indicator; None if the edition has none
    own: Shown | None = None
    level: int | None = None
    gap: int | None = None
    indicators: list[tuple[Column, Shown]] = field(default_factory=list)
    spreads: list[Spread] = field(default_factory=list)
    guidance: list = field(default_factory=list)  # library items for the target state


def _with_guidance(rows: list[TargetRow]) -> list[TargetRow]:
    """Each row with the library items that address its target state."""
    found = items_for(target_states=[r.state.code for r in rows]) if rows else {}
    for row in rows:
        row.guidance = found.get(row.state.code, [])
    return rows


def target_links(survey_round: Round) -> dict[str, str]:
    """Indicator code → the target state its maturity question assesses, in one query
    (none for an edition that names no planning direction)."""
    if not survey_round.edition.direction:
        return {}
    rows = (
        Question.objects.filter(edition_id=survey_round.edition_id)
        .exclude(target_state="")
        .values_list("indicators__indicator__code", "target_state")
    )
    return {code: state for code, state in rows if code}


def _states(survey_round: Round) -> list[TargetState]:
    version = survey_round.edition.direction
    if not version:
        return []
    return list(
        TargetState.objects.filter(
            direction__version=version, direction__status__in=Direction.PUBLIC_STATUSES
        ).order_by("position")
    )


def _columns(scope: Scope, states: list[TargetState]) -> tuple[dict[str, Column], dict]:
    """Maturity column per target state, and every indicator's column by code."""
    by_code = {c.code: c for c in columns_of(versions(scope.round))}
    links = target_links(scope.round)
    maturity_of = {state: by_code[code] for code, state in links.items() if code in by_code}
    return maturity_of, by_code


def _spread(name: str, column: Column, level: str, unit: str, cells: list, scope: Scope):
    viewer = scope.viewer
    if not viewer.may_see(sensitivity=column.sensitivity, level=level, unit_code=unit):
        return Spread(name, None)
    found = maturity.distribution(c.value for c in cells)
    if found.total < calc.SMALL_N and not viewer.sees_all_members(level=level, unit_code=unit):
        return Spread(name, None)
    return Spread(name, found)


def _maturity_cells(scope: Scope, keys: list) -> dict[tuple, list]:
    """Every municipality's maturity cell, by column key, in one query."""
    found = defaultdict(list)
    for cell in read_cells(scope, keys=keys, levels=[calc.MUNICIPALITY]):
        found[(cell.indicator_id, cell.activity_code)].append(cell)
    return found


def municipality_targets(scope: Scope, place: Municipality) -> list[TargetRow]:
    """Each target state with the municipality's maturity, linked indicators and the
    distributions of its county and the nation."""
    states = _states(scope.round)
    maturity_of, by_code = _columns(scope, states)
    viewer = scope.viewer

    def visible(column: Column) -> bool:
        return viewer.may_see(
            sensitivity=column.sensitivity, level=calc.MUNICIPALITY, unit_code=place.code
        )

    linked = {
        s.code: [by_code[c] for c in s.indicators if c in by_code and visible(by_code[c])]
        for s in states
    }
    keys = {c.key for c in maturity_of.values()} | {c.key for cs in linked.values() for c in cs}
    own = {
        (c.indicator_id, c.activity_code): c
        for c in read_cells(scope, keys=keys, units=unit_filter([place.code], []))
    }
    spreads = _maturity_cells(scope, [c.key for c in maturity_of.values()])
    county = place.county
    rows = []
    for state in states:
        column = maturity_of.get(state.code)
        row = TargetRow(state, column)
        row.indicators = [(c, c.show(own.get(c.key), viewer)) for c in linked[state.code]]
        if column is not None:
            row.own = column.show(own.get(column.key), viewer)
            if row.own.css != "hidden":
                row.level = maturity.level_of(row.own.value)
                row.gap = maturity.gap(row.level)
            cells = spreads.get(column.key, [])
            in_county = [c for c in cells if c.unit_code[:2] == county.code]
            row.spreads = [
                _spread(county.name, column, calc.COUNTY, county.code, in_county, scope),
                _spread(_nation(), column, calc.NATION, calc.NATION_CODE, cells, scope),
            ]
        rows.append(row)
    return _with_guidance(rows)


def spread_targets(scope: Scope, county: County | None = None) -> list[TargetRow]:
    """Each target state with the distribution of a county (and the nation), or of the
    nation and every county when `county` is None."""
    states = _states(scope.round)
    maturity_of, _by_code = _columns(scope, states)
    spreads = _maturity_cells(scope, [c.key for c in maturity_of.values()])
    counties = [county] if county else list(County.objects.order_by("code"))
    rows = []
    for state in states:
        column = maturity_of.get(state.code)
        row = TargetRow(state, column)
        if column is not None:
            cells = spreads.get(column.key, [])
            nation = _spread(_nation(), column, calc.NATION, calc.NATION_CODE, cells, scope)
            by_county = [
                _spread(
                    c.name,
                    column,
                    calc.COUNTY,
                    c.code,
                    [m for m in cells if m.unit_code[:2] == c.code],
                    scope,
                )
                for c in counties
            ]
            row.spreads = [*by_county, nation] if county else [nation, *by_county]
        rows.append(row)
    return _with_guidance(rows)


def _nation() -> str:
    return gettext("Sweden")
