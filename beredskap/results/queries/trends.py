"""Trends: a unit's values over the rounds, split where an edition broke comparability.

An indicator keeps its code across editions; its versions are its revision history. The
cells of every round up to the page's come back in one query, and a series breaks where
a version is marked not comparable with the previous one (docs/results.md).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from beredskap.catalogue.models import IndicatorVersion
from beredskap.registry.access import ValueViewer

from .. import calculations as calc
from ..presentation import CELL_FIELDS, Cell, Shown, score, show
from .cells import SUMMARY, Source
from .editions import all_history


@dataclass(frozen=True)
class TrendCell:
    year: int
    shown: Shown
    break_note: str = ""  # set on the first year after a series break


def history(indicator_ids: Iterable[int]) -> dict[int, list[IndicatorVersion]]:
    """Every version of the indicators, oldest first (their revision history), from this
    process's memo of the editions (`editions.py`)."""
    every = all_history()
    return defaultdict(list, {pk: list(every[pk]) for pk in set(indicator_ids) if pk in every})


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
