"""Coverage pages: completions per training beside the survey's training indicators.

A municipality's page shows its counts per training and activity; a county's page one row
per municipality; the nation's page one row per county. Beside them stand the area H
indicators (training and exercises) of the newest survey round with final values up to
the year, read and shown the way the results pages do (`registry.access.ValueViewer`
decides each cell). Each page reads in a fixed number of queries, whatever the number of
municipalities and trainings.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, Sum

from beredskap.registry.access import ValueViewer
from beredskap.registry.models import County, Municipality
from beredskap.results import calculations as rcalc
from beredskap.results.presentation import words
from beredskap.results.queries.cells import (
    Column,
    Computed,
    columns,
    index,
    read_cells,
    scope,
)

from ..models import Completion, Training
from . import queries

#: The catalogue area of the survey's training and exercise indicators.
TRAINING_AREA = "H"


@dataclass
class Indicators:
    """The area H columns of one round, and their cells keyed (version, activity, unit)."""

    year: int | None = None
    columns: list[Column] = field(default_factory=list)
    cells: dict = field(default_factory=dict)
    viewer: ValueViewer | None = None

    def shown(self, column: Column, unit_code: str):
        cell = self.cells.get((*column.key, unit_code))
        return column.show(cell, self.viewer, words())

    def row(self, unit_code: str) -> list:
        return [self.shown(c, unit_code) for c in self.columns]


def _round_year(year: int) -> int | None:
    years = [y for y in Computed().years() if y <= year]
    return max(years) if years else None


def indicators(viewer: ValueViewer, year: int, units: Q) -> Indicators:
    """The area H indicators of the newest round up to `year`, for the `units`."""
    chosen = _round_year(year)
    if chosen is None:
        return Indicators(viewer=viewer)
    page_scope = scope(viewer, chosen, None)
    cols = columns(page_scope.round, area=TRAINING_AREA)
    cells = read_cells(page_scope, keys=[c.key for c in cols], units=units)
    return Indicators(chosen, cols, index(cells), viewer)


def _years(qs) -> list[int]:
    return sorted(set(qs.values_list("year", flat=True).distinct()), reverse=True)


def municipality_page(viewer: ValueViewer, municipality: Municipality, year: int) -> dict:
    trainings = list(queries.catalogue(municipality.county))
    activities = queries.activity_names()
    counts = defaultdict(dict)
    rows = Completion.objects.filter(municipality=municipality, year=year).values_list(
        "training_id", "activity_code", "count"
    )
    for training_id, activity, count in rows:
        counts[training_id][activity] = count
    staff = queries.staff([municipality]).get(municipality.pk, {})
    table = [
        {
            "training": t,
            "cells": [counts[t.pk].get(code) for code in ["", *activities]],
            "total": sum(counts[t.pk].values()),
        }
        for t in trainings
    ]
    units = (
        Q(level=rcalc.MUNICIPALITY, unit_code=municipality.code)
        | Q(level=rcalc.COUNTY, unit_code=municipality.county.code)
        | Q(level=rcalc.NATION)
    )
    found = indicators(viewer, year, units)
    return {
        "table": table,
        "activities": activities,
        "staff_total": staff.get(""),
        "indicators": found,
        "indicator_rows": [
            (
                c,
                found.shown(c, municipality.code),
                found.shown(c, municipality.county.code),
                found.shown(c, rcalc.NATION_CODE),
            )
            for c in found.columns
        ],
        "years": _years(Completion.objects.filter(municipality=municipality)),
    }


def _totals(rows) -> dict:
    """{unit id: {training id: count}} from (unit id, training id, sum) rows."""
    result = defaultdict(dict)
    for unit_id, training_id, total in rows:
        result[unit_id][training_id] = total or 0
    return result


def county_page(viewer: ValueViewer, county: County, year: int) -> dict:
    municipalities = list(Municipality.objects.filter(county=county).order_by("name"))
    trainings = list(queries.catalogue(county))
    totals = _totals(
        Completion.objects.filter(municipality__county=county, year=year)
        .values_list("municipality_id", "training_id")
        .annotate(total=Sum("count"))
        .order_by()
    )
    units = Q(level=rcalc.MUNICIPALITY, unit_code__in=[m.code for m in municipalities]) | Q(
        level=rcalc.COUNTY, unit_code=county.code
    )
    found = indicators(viewer, year, units)
    rows = [
        {
            "municipality": m,
            "counts": [totals[m.pk].get(t.pk, 0) for t in trainings],
            "indicators": found.row(m.code),
        }
        for m in municipalities
    ]
    sums = [sum(totals[m.pk].get(t.pk, 0) for m in municipalities) for t in trainings]
    reporting = sum(1 for m in municipalities if totals[m.pk])
    return {
        "trainings": trainings,
        "rows": rows,
        "sums": sums,
        "county_indicators": found.row(county.code),
        "indicators": found,
        "reporting": reporting,
        "years": _years(Completion.objects.filter(municipality__county=county)),
    }


def nation_page(viewer: ValueViewer, year: int) -> dict:
    counties = list(County.objects.order_by("code"))
    trainings = list(Training.objects.filter(scope=Training.Scope.NATIONAL))
    totals = _totals(
        Completion.objects.filter(year=year, training__scope=Training.Scope.NATIONAL)
        .values_list("municipality__county_id", "training_id")
        .annotate(total=Sum("count"))
        .order_by()
    )
    reporting = _reporting(year)
    units = Q(level=rcalc.COUNTY) | Q(level=rcalc.NATION)
    found = indicators(viewer, year, units)
    rows = [
        {
            "county": c,
            "counts": [totals[c.pk].get(t.pk, 0) for t in trainings],
            "reporting": reporting.get(c.pk, 0),
            "indicators": found.row(c.code),
        }
        for c in counties
    ]
    return {
        "trainings": trainings,
        "rows": rows,
        "sums": [sum(totals[c.pk].get(t.pk, 0) for c in counties) for t in trainings],
        "nation_indicators": found.row(rcalc.NATION_CODE),
        "indicators": found,
        "years": _years(Completion.objects.all()),
    }


def _reporting(year: int) -> dict[int, int]:
    """How many municipalities per county recorded any completion in `year`."""
    pairs = set(
        Completion.objects.filter(year=year).values_list(
            "municipality__county_id", "municipality_id"
        )
    )
    result: dict[int, int] = defaultdict(int)
    for county_id, _municipality in pairs:
        result[county_id] += 1
    return result
