"""The aggregates' pages: a county beside the nation, and the nation's support needs.

Both rank their needs over the municipalities under the aggregate (`results.support`);
the nation's are the overview's, under its heat map.
"""

from beredskap.registry.models import County, Municipality

from .. import calculations as calc
from .. import support
from ..presentation import Cell
from .cells import Column, Scope, by_area, cells_by_key, columns, index, read_cells
from .targets import target_links


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
    parts = cells_by_key(
        read_cells(scope, levels=[calc.MUNICIPALITY], keys=keys, unit_code__in=codes)
    )
    rows = []
    needs = []
    targets = target_links(scope.round)
    for column in cols:
        own = rolled.get((*column.key, county.code))
        shown = column.show(own, viewer)
        nation = rolled.get((*column.key, calc.NATION_CODE))
        rows.append((column, shown, column.show(nation, viewer)))
        if shown.css != "hidden":
            parts_of = parts[column.key]
            needs.append(
                support.need_input(
                    column,
                    own,
                    group=None,
                    nation=nation,
                    parts=parts_of,
                    target_state=targets.get(column.code, ""),
                )
            )
    return {
        "areas": by_area(rows, lambda r: r[0].version.area),
        "needs": support.support_needs(needs, cols),
    }


def nation_needs(scope: Scope) -> dict:
    """The nation's support needs: the indicators where most municipalities fall short."""
    cols = columns(scope.round)
    cells = read_cells(scope, levels=[calc.NATION, calc.MUNICIPALITY], keys=[c.key for c in cols])
    return needs_of_nation(scope, cols, cells)


def needs_of_nation(scope: Scope, cols: list[Column], cells: list[Cell]) -> dict:
    """`nation_needs` from cells already read: the nation's and every municipality's."""
    viewer = scope.viewer
    nation = index(c for c in cells if c.level == calc.NATION)
    parts = cells_by_key(c for c in cells if c.level == calc.MUNICIPALITY)
    needs = []
    targets = target_links(scope.round)
    for column in cols:
        own = nation.get((*column.key, calc.NATION_CODE))
        if column.show(own, viewer).css == "hidden":
            continue
        # How many municipalities fall short is what the visible aggregate already says.
        needs.append(
            support.need_input(
                column,
                own,
                group=None,
                nation=None,
                parts=parts[column.key],
                target_state=targets.get(column.code, ""),
            )
        )
    return support.support_needs(needs, cols)
