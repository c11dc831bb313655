"""Where every results page starts: the round and source it reads, and its cells.

A page's scope names the round, the basis (approved, or preliminary for those who may see
it), the viewer and the source of cells: the computed values here, a release's snapshot
on the public pages. A `Column` is an indicator with the activity whose cells a page
shows; `read_cells` reads the cells of many columns and units in one query, and `index`
keys them for joining in memory.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from beredskap.catalogue.models import Area, IndicatorVersion
from beredskap.registry.access import ValueViewer
from beredskap.surveys.models import Round

from .. import calculations as calc
from ..models import Value
from ..presentation import CELL_FIELDS, Cell, Shown, show
from .editions import edition_versions

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
        """Years of the rounds that have approved values, newest first.

        Asked of the rounds, one probe of the values' (round, basis) index each, rather than
        a DISTINCT over every stored value, which grew with each round (issue 12).
        """
        computed = Value.objects.final().filter(round=OuterRef("pk"))
        rounds = Round.objects.filter(Exists(computed)).order_by("-year")
        return list(rounds.values_list("year", flat=True))


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

    @property
    def earlier(self) -> Source:
        """Where the trends read the rounds before: final values, even on a preliminary page."""
        return Computed() if self.preliminary else self.source

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
    def activity_name(self) -> str:
        """The chosen activity's name ('' for none or the summary), never its code."""
        found = (a for a in self.version.activities.all() if a.code == self.activity)
        return next((a.name for a in found), "")

    @property
    def kind(self) -> str:
        return self.version.kind

    @property
    def sensitivity(self) -> str:
        return self.version.sensitivity

    @property
    def key(self) -> tuple[int, str]:
        return (self.version.pk, self.activity)

    def show(self, cell: Cell | None, viewer: ValueViewer, labels: dict | None = None) -> Shown:
        """`presentation.show` of a cell of this column (`labels`: `presentation.words()`)."""
        return show(
            cell, kind=self.kind, sensitivity=self.sensitivity, viewer=viewer, labels=labels
        )


def versions(survey_round: Round, area: str = "") -> list[IndicatorVersion]:
    """The round's indicator versions in page order (those of `area` only, if given), from
    this process's memo of the edition (`editions.py`)."""
    every = edition_versions(survey_round.edition_id)
    return [v for v in every if v.area.code == area] if area else list(every)


def columns(survey_round: Round, *, area: str = "", activity: str = "") -> list[Column]:
    """One column per indicator; with an activity, only indicators broken down by it."""
    return columns_of(versions(survey_round, area), activity=activity)


def columns_of(
    of: Iterable[IndicatorVersion], *, area: str = "", activity: str = ""
) -> list[Column]:
    """`columns` of versions already read (with their area and activities)."""
    result = []
    for version in of:
        if area and version.area.code != area:
            continue
        activities = [a.code for a in version.activities.all()]
        if activity:
            if activity in activities:
                result.append(Column(version, activity))
        else:
            result.append(Column(version, SUMMARY if activities else ""))
    return result


def read_cells(
    scope: Scope,
    *,
    keys: Iterable[tuple[int, str]],
    levels: Iterable[str] | None = None,
    units: Q | None = None,
    **filters,
) -> list[Cell]:
    """Cells of the levels (or the `units`) for the (version id, activity) keys, in one query."""
    keys = set(keys)
    if not keys:
        return []
    qs = scope.values().filter(
        indicator_id__in={k[0] for k in keys}, activity_code__in={k[1] for k in keys}, **filters
    )
    if levels is not None:
        qs = qs.filter(level__in=list(levels))
    if units is not None:
        qs = qs.filter(units)
    rows = qs.values_list(*CELL_FIELDS)
    return [c for c in (Cell(*row) for row in rows) if (c.indicator_id, c.activity_code) in keys]


def unit_filter(municipalities: Iterable[str] | None, aggregates: Iterable[tuple[str, str]]) -> Q:
    """The units a page reads, for the database to pick: municipalities (every one for None,
    else those codes) and aggregates as (level, unit code)."""
    units = Q(level=calc.MUNICIPALITY)
    if municipalities is not None:
        units &= Q(unit_code__in=list(municipalities))
    for level, code in aggregates:
        units |= Q(level=level, unit_code=code)
    return units


def index(cells: Iterable[Cell]) -> dict[tuple[int, str, str], Cell]:
    """Cells by (version id, activity, unit code)."""
    return {(c.indicator_id, c.activity_code, c.unit_code): c for c in cells}


def cells_by_key(cells: Iterable[Cell]) -> dict[tuple[int, str], list[Cell]]:
    """Cells by (version id, activity): the units under an aggregate, per column."""
    result: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for cell in cells:
        result[(cell.indicator_id, cell.activity_code)].append(cell)
    return result


# --- rows grouped by area ----------------------------------------------------------------


@dataclass
class AreaBlock:
    area: Area
    rows: list


def by_area(rows: list, area_of) -> list[AreaBlock]:
    """Rows in blocks of their area, in the order the areas first appear."""
    blocks: dict[int, AreaBlock] = {}
    for row in rows:
        area = area_of(row)
        blocks.setdefault(area.pk, AreaBlock(area, [])).rows.append(row)
    return list(blocks.values())
