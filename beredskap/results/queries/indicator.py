"""The indicator page: one indicator across the country.

Its distribution, the ranking of the municipalities the viewer may see, the map's data,
the counties and SKR groups, and its trend for the nation (and one chosen municipality).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _

from beredskap.catalogue.models import IndicatorVersion
from beredskap.registry.access import ValueViewer
from beredskap.registry.models import Municipality
from beredskap.surveys.models import Round

from .. import calculations as calc
from .. import charts
from ..presentation import REASON_LABELS, VERDICT_LABELS, Cell, Shown, format_value, score
from .cells import SUMMARY, Column, Scope, read_cells
from .overview import municipalities
from .trends import history, segments, trend_cells, trend_row


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
    revisions = history([version.indicator_id])[version.indicator_id]
    until_now = [v for v in revisions if v.edition.year <= scope.round.year]
    return {
        "column": column,
        "nation": column.show(rolled.get((calc.NATION, calc.NATION_CODE)), viewer),
        "visible": visible,
        "ranking": _ranking(visible, version),
        "counties": _rolled_up(rolled, calc.COUNTY, column, viewer),
        "groups": _rolled_up(rolled, calc.GROUP, column, viewer),
        "revisions": revisions,
        "trends": _trends(scope, column, until_now, _trend_units(everyone, version, unit, viewer)),
        "years": [v.edition.year for v in until_now],
        "hidden": len(everyone) - len(visible),
    }


def _sort_value(cell: Cell | None, kind: str) -> Decimal | None:
    """What the ranking orders by: the 0-100 score, else the value."""
    if cell is None:
        return None
    scored = score(cell, kind)
    return scored if scored is not None else cell.value


def _ranking(visible: list[tuple], version: IndicatorVersion) -> list[Ranked]:
    """The visible municipalities with a value, best first; equal values share a rank."""
    higher = version.direction != "lower_is_better"
    keyed = ((m, _sort_value(cell, version.kind), shown) for m, cell, shown in visible)
    ranked = sorted(
        (v for v in keyed if v[1] is not None),
        key=lambda v: (-v[1] if higher else v[1], v[0].code),
    )
    ranking: list[Ranked] = []
    previous = None
    for position, (m, value, shown) in enumerate(ranked, start=1):
        rank = ranking[-1].rank if previous == value else position
        ranking.append(Ranked(m, shown, rank))
        previous = value
    return ranking


def _rolled_up(
    rolled: dict[tuple[str, str], Cell], level: str, column: Column, viewer: ValueViewer
) -> list[tuple[str, Shown]]:
    """[(unit code, shown)] of one aggregate level, by code."""
    return sorted((k[1], column.show(c, viewer)) for k, c in rolled.items() if k[0] == level)


def _trend_units(
    everyone: list[Municipality], version: IndicatorVersion, unit: str, viewer: ValueViewer
) -> list[tuple[str, str, str]]:
    """[(level, code, name)]: the nation, and the chosen municipality if the viewer may see it."""
    units = [(calc.NATION, calc.NATION_CODE, str(_("Sweden")))]
    chosen = next((m for m in everyone if m.code == unit), None) if unit else None
    if chosen is not None and viewer.may_see(
        sensitivity=version.sensitivity, level=calc.MUNICIPALITY, unit_code=unit
    ):
        units.append((calc.MUNICIPALITY, unit, chosen.name))
    return units


def _trends(
    scope: Scope, column: Column, until_now: list[IndicatorVersion], units: list[tuple]
) -> list[tuple[str, list[calc.Segment], list]]:
    """[(name, segments, trend row)] of each unit, in one query."""
    indicator_id = column.version.indicator_id
    past = trend_cells(
        until=scope.round.year,
        units=[(level, code) for level, code, _name in units],
        indicator_ids=[indicator_id],
        activity=None if column.activity in ("", SUMMARY) else column.activity,
        source=scope.earlier,
    )
    trends = []
    for level, code, name in units:
        cells = past.get((indicator_id, level, code), {})
        row = trend_row(until_now, cells, scope.viewer)
        trends.append((name, segments(until_now, cells), row))
    return trends


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
