"""The overview's heat map: municipalities by indicators, and how one compares in its group.

The nation (and the county or SKR group filtered on) sits on top of the municipalities'
rows; every cell is shown as the viewer may see it, and the legend counts the classes.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from beredskap.catalogue.models import Activity, Area
from beredskap.registry.models import County, Municipality, MunicipalityGroup
from beredskap.surveys.models import Round

from .. import calculations as calc
from ..presentation import Cell, Shown, words
from .cells import Column, Scope, columns, columns_of, index, read_cells, unit_filter, versions
from .county import needs_of_nation


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
    """Municipalities by indicators, with the nation (and the filtered county or group) on top.

    The values of the members and the rows on top come back in one query, filtered there.
    """
    cols = columns(scope.round, area=area, activity=activity)
    members = municipalities(scope.round.year, county=county, group=group)
    wanted = _aggregates(members, county=county, group=group)
    codes = [m.code for m in members] if county or group else None
    units = unit_filter(codes, [(level, code) for level, code, _name in wanted])
    return _draw(scope, cols, members, wanted, read_cells(scope, keys=_keys(cols), units=units))


def overview(
    scope: Scope, *, county: str = "", group: str = "", area: str = "", activity: str = ""
) -> tuple[Heatmap, dict]:
    """The national overview: the heat map and the nation's support needs, from one read.

    The needs rank every indicator over every municipality, so the page reads the values
    of all municipalities once, for the heat map's columns and the needs' together.
    """
    every = versions(scope.round)
    cols = columns_of(every, area=area, activity=activity)
    whole = columns_of(every)
    members = municipalities(scope.round.year, county=county, group=group)
    wanted = _aggregates(members, county=county, group=group)
    units = unit_filter(None, [(level, code) for level, code, _name in wanted])
    cells = read_cells(scope, keys=_keys(cols + whole), units=units)
    return _draw(scope, cols, members, wanted, cells), needs_of_nation(scope, whole, cells)


def _keys(cols: list[Column]) -> set[tuple[int, str]]:
    return {c.key for c in cols}


def _draw(
    scope: Scope, cols: list[Column], members: list[Municipality], wanted: list[tuple], cells
) -> Heatmap:
    """The heat map of the members' cells and the aggregates' cells, as the viewer may see them."""
    local = index(c for c in cells if c.level == calc.MUNICIPALITY)
    rolled = index(c for c in cells if c.level != calc.MUNICIPALITY)
    viewer, labels = scope.viewer, words()
    aggregates = [
        HeatRow(
            code,
            str(name),
            level,
            [c.show(rolled.get((*c.key, code)), viewer, labels) for c in cols],
        )
        for level, code, name in wanted
    ]
    rows = []
    legend: dict[str, int] = defaultdict(int)
    keyed = [(c, c.key) for c in cols]
    for m in members:
        shown = [c.show(local.get((*key, m.code)), viewer, labels) for c, key in keyed]
        for s in shown:
            legend[s.css] += 1
        rows.append(HeatRow(m.code, m.name, calc.MUNICIPALITY, shown, m.county.name, m.group_code))
    return Heatmap(cols, aggregates, rows, dict(legend))


def _aggregates(members: list[Municipality], *, county: str, group: str) -> list[tuple]:
    """[(level, code, name)] of the rows on top: the nation, and the county or group."""
    wanted = [(calc.NATION, calc.NATION_CODE, _("Sweden"))]
    if county and members:
        wanted.append((calc.COUNTY, county, members[0].county.name))
    if group:
        wanted.append((calc.GROUP, group, _("Municipality group %(code)s") % {"code": group}))
    return wanted


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
