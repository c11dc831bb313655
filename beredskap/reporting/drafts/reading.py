"""What a draft reads, and who reads a draft.

Everything is read up front in a fixed number of queries (no query per municipality or
county) into a context (`CountyContext`, `NationalContext`); the sections are arithmetic on
its light rows. A report leaves the county board, so its values are shown as its readers
outside the board may see them (`Reader`).
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap.catalogue.models import Area
from beredskap.continuity import calculations as continuity
from beredskap.continuity import scenarios
from beredskap.registry.access import ValueViewer
from beredskap.registry.models import County, Municipality
from beredskap.results import calculations as calc
from beredskap.results import queries, support
from beredskap.results.models import Value
from beredskap.results.presentation import CELL_FIELDS, Cell
from beredskap.support.models import SupportActivity
from beredskap.surveys.models import Response, Round

from ..models import CountyReport

# --- who reads a report ----------------------------------------------------------------

PUBLIC_VIEW = ValueViewer()


@dataclass(frozen=True)
class Reader:
    """The readers of a report outside the county board, as a `ValueViewer` stand-in.

    The county's own aggregates as its board sees them (restricted indicators too); every
    other value as the public sees it, so municipality values only of public indicators.
    No reader sees the municipalities under an aggregate: fewer than 3 are suppressed.
    """

    county: str = ""

    def may_see(self, *, sensitivity: str, level: str, unit_code: str) -> bool:
        if self.county and level == calc.COUNTY and unit_code == self.county:
            board = ValueViewer(boards=frozenset({self.county}))
            return board.may_see(sensitivity=sensitivity, level=level, unit_code=unit_code)
        return PUBLIC_VIEW.may_see(sensitivity=sensitivity, level=level, unit_code=unit_code)

    def sees_all_members(self, *, level: str, unit_code: str) -> bool:
        return level == calc.MUNICIPALITY

    may_see_preliminary = False


# --- the round and its areas -----------------------------------------------------------


def round_of(year: int) -> Round | None:
    return Round.objects.select_related("edition").filter(year=year).first()


def area_names(survey_round: Round | None, year: int) -> dict[str, str]:
    """Area code to name, from the round's edition (or the latest edition up to `year`)."""
    qs = Area.objects.select_related("edition")
    if survey_round is not None:
        qs = qs.filter(edition_id=survey_round.edition_id)
    else:
        qs = qs.filter(edition__year__lte=year).order_by("-edition__year", "position")
    names: dict[str, str] = {}
    for area in qs:
        names.setdefault(area.code, area.name)
    return names


def area_label(code: str, names: dict[str, str]) -> str:
    if not code:
        return str(_("No particular area"))
    return f"{code} {names[code]}" if code in names else code


def area_order(by_area: dict[str, list], names: dict[str, str]) -> list[str]:
    """The areas used, in the edition's order; unknown codes next; no area last."""
    order = list(names) + sorted(set(by_area) - set(names) - {""}) + [""]
    return [code for code in order if by_area.get(code)]


# --- the municipalities' responses -----------------------------------------------------

PROGRESS = ("not_started", "draft", "submitted", "returned", "approved")
PROGRESS_LABELS = {
    "not_started": gettext_lazy("Not started"),
    "draft": gettext_lazy("Draft"),
    "submitted": gettext_lazy("Submitted"),
    "returned": gettext_lazy("Returned"),
    "approved": gettext_lazy("Approved"),
}


@dataclass(frozen=True)
class Progress:
    """One municipality's response to the round (or none)."""

    code: str
    name: str
    county: str
    status: str  # one of PROGRESS
    first_submitted: datetime.datetime | None
    submitted: datetime.datetime | None
    approved: datetime.datetime | None


def read_progress(
    survey_round: Round, members: list[Municipality], *, county: County | None = None
) -> list[Progress]:
    """Every municipality's progress in the round; without a response, not started."""
    responses = Response.objects.filter(round=survey_round)
    if county is not None:
        responses = responses.filter(municipality__county=county)
    found = {
        code: row
        for code, *row in responses.with_progress().values_list(
            "municipality__code", "progress_status", "first_submitted_at", "submitted_at",
            "approved_at",
        )
    }  # fmt: skip
    result = []
    for m in members:
        status, first, submitted, approved = found.get(m.code, ("not_started", None, None, None))
        result.append(Progress(m.code, m.name, m.county.code, status, first, submitted, approved))
    return result


def completeness(progress: list[Progress]) -> tuple[Counter, int, int]:
    """Responses by status, those submitted at least once, and those approved."""
    counts = Counter(p.status for p in progress)
    sent = sum(1 for p in progress if p.first_submitted is not None or p.status == "approved")
    return counts, sent, counts["approved"]


def read_activities(year: int, counties: Iterable[County]) -> list[SupportActivity]:
    return list(
        SupportActivity.objects.of_year(year)
        .filter(county__in=list(counties))
        .select_related("county")
        .prefetch_related("municipalities", "indicators")
        .order_by("held_on", "id")
    )


# --- the values ------------------------------------------------------------------------


@dataclass
class Results:
    """A round's values, read once: the columns and cells the drafts need."""

    round: Round
    columns: list[queries.Column]
    local: dict[tuple[int, str, str], Cell]  # (version, activity, municipality) → cell
    parts: dict[tuple[int, str], list[Cell]]  # (version, municipality) → activity cells
    rolled: dict[tuple[int, str, str], Cell]  # (version, activity, unit) → aggregate cell
    targets: dict[str, str] = field(default_factory=dict)  # indicator → målbild it measures


def read_results(
    survey_round: Round, codes: list[str], units: set[tuple[str, str]], *, detail: bool = True
) -> Results | None:
    """The round's approved values of the municipalities `codes` and of the aggregate `units`
    ((level, code)), in two queries whatever their number (and the columns in two more, the
    målbild links in one); None without any.

    `detail` reads every activity of the municipalities (for their own support needs);
    otherwise only their headline cells (for the county needs).
    """
    cols = queries.columns(survey_round)
    ids = [c.version.pk for c in cols]
    values = Value.objects.filter(round=survey_round, basis=Value.Basis.APPROVED)
    rows = values.filter(level=calc.MUNICIPALITY, unit_code__in=codes, indicator_id__in=ids)
    if not detail:
        rows = rows.filter(activity_code__in=["", calc.SUMMARY])
    local, parts = _local(rows)
    rolled = _rolled(values, units, ids)
    if not local and not rolled:
        return None
    return Results(survey_round, cols, local, parts, rolled, queries.target_links(survey_round))


def _local(rows) -> tuple[dict, dict]:
    """The municipalities' cells by key, and each municipality's activity cells in order."""
    local: dict[tuple[int, str, str], Cell] = {}
    parts: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for row in rows.values_list(*CELL_FIELDS):
        cell = Cell(*row)
        local[(cell.indicator_id, cell.activity_code, cell.unit_code)] = cell
        if cell.activity_code not in ("", calc.SUMMARY):
            parts[(cell.indicator_id, cell.unit_code)].append(cell)
    for cells in parts.values():
        cells.sort(key=lambda c: c.activity_code)
    return local, dict(parts)


def _rolled(values, units: set[tuple[str, str]], ids: list[int]) -> dict:
    """The aggregate cells of the units (headline and summary cells) by key."""
    rolled = {}
    for row in values.filter(
        level__in={u[0] for u in units},
        unit_code__in={u[1] for u in units},
        indicator_id__in=ids,
        activity_code__in=["", calc.SUMMARY],
    ).values_list(*CELL_FIELDS):
        cell = Cell(*row)
        if (cell.level, cell.unit_code) in units:
            rolled[(cell.indicator_id, cell.activity_code, cell.unit_code)] = cell
    return rolled


# --- a county's report -----------------------------------------------------------------


@dataclass
class CountyContext:
    county: County
    year: int
    round: Round | None
    members: list[Municipality]
    reader: Reader
    areas: dict[str, str]
    activities: list[SupportActivity]
    progress: list[Progress]
    results: Results | None
    needs: list[support.Need]
    # each public grundantagande with the scenario summaries of the members (in order)
    scenarios: list = field(default_factory=list)

    @property
    def county_needs(self) -> list[support.Need]:
        return [n for n in self.needs if not n.unit]

    @property
    def municipality_needs(self) -> list[support.Need]:
        return [n for n in self.needs if n.unit]


def read_county(county: County, year: int) -> CountyContext:
    """What the county's draft on `year` draws on."""
    survey_round = round_of(year)
    members = queries.municipalities(year, county=county.code)
    reader = Reader(county.code)
    activities = read_activities(year, [county])
    progress = read_progress(survey_round, members, county=county) if survey_round else []
    results = None
    if survey_round is not None:
        groups = {m.group_code for m in members if m.group_code}
        units = {(calc.COUNTY, county.code), (calc.NATION, calc.NATION_CODE)}
        units |= {(calc.GROUP, g) for g in groups}
        results = read_results(survey_round, [m.code for m in members], units)
    needs = []
    if results is not None:
        reached = support.reaches(activities)
        needs = support.needs_of_county(results, county, members, reached, reader)
        needs += support.needs_of_municipalities(results, members, reached, reader)
    outcomes = scenarios.outcomes_by_assumption([m.pk for m in members])
    needs += scenario_needs(county, outcomes)
    return CountyContext(
        county, year, survey_round, members, reader, area_names(survey_round, year),
        activities, progress, results, needs, outcomes,
    )  # fmt: skip


def scenario_needs(county: County, outcomes: list) -> list[support.Need]:
    """The scenario gaps as the county's own support needs: each public grundantagande of
    the adopted direction under which some member with a continuity register has a
    function out beyond its tolerable downtime, its priority the share of those members
    in percentage points (as on the results pages). Aggregated only: suppressed below 3
    members with a register, and no municipality or unit named. The support log names
    indicators and areas, not grundantaganden, so these stay open."""
    found = []
    for choice, summaries in outcomes:
        total = continuity.aggregate(summaries)
        if total.suppressed or not total.with_gaps:
            continue
        share = continuity.share_points(total.with_gaps, total.municipalities)
        found.append(support.Need(choice.code, "", choice.title, "", county.name, share))
    return found


# --- the national compilation ----------------------------------------------------------


@dataclass
class CountyLine:
    """One county in the compilation: its report (if any) and what the data say."""

    county: County
    report: CountyReport | None
    included: bool
    municipalities: list[Municipality]
    progress: list[Progress]
    activities: list[SupportActivity]
    needs: list[support.Need] = field(default_factory=list)


@dataclass
class NationalContext:
    year: int
    round: Round | None
    lines: list[CountyLine]
    results: Results | None
    areas: dict[str, str]
    reader: Reader

    @property
    def included(self) -> list[CountyLine]:
        return [line for line in self.lines if line.included]

    @property
    def activities(self) -> list[SupportActivity]:
        return [a for line in self.included for a in line.activities]


def read_nation(year: int, step: Callable[[str], None]) -> NationalContext:
    """What the compilation on `year` draws on: every county, and the reports sent (submitted
    or accepted). `step(name)` is called once per county."""
    counties = list(County.objects.order_by("code"))
    reports = {
        r.county_id: r for r in CountyReport.objects.filter(year=year).select_related("county")
    }
    survey_round = round_of(year)
    members = queries.municipalities(year)
    results = None
    if survey_round is not None:
        units = {(calc.COUNTY, c.code) for c in counties} | {(calc.NATION, calc.NATION_CODE)}
        results = read_results(survey_round, [m.code for m in members], units, detail=False)
    lines = _county_lines(year, counties, reports, survey_round, members)
    reader = Reader()
    for line in lines:
        step(line.county.name)
        if results is not None and line.included:
            reached = support.reaches(line.activities)
            line.needs = support.needs_of_county(
                results, line.county, line.municipalities, reached, reader, unit=line.county.code
            )
    return NationalContext(
        year, survey_round, lines, results, area_names(survey_round, year), reader
    )


def _county_lines(
    year: int,
    counties: list[County],
    reports: dict[int, CountyReport],
    survey_round: Round | None,
    members: list[Municipality],
) -> list[CountyLine]:
    """Every county with its report, municipalities and their progress, and (of the counties
    whose report is sent) its support activities."""
    included = {pk for pk, r in reports.items() if r.revision > 0 and r.locked}
    municipalities = _grouped(members, lambda m: m.county.code)
    chosen = [c for c in counties if c.pk in included]
    activities = _grouped(read_activities(year, chosen), lambda a: a.county_id)
    progress = read_progress(survey_round, members) if survey_round else []
    by_county = _grouped(progress, lambda p: p.county)
    return [
        CountyLine(
            c, reports.get(c.pk), c.pk in included, municipalities.get(c.code, []),
            by_county.get(c.code, []), activities.get(c.pk, []),
        )
        for c in counties
    ]  # fmt: skip


def _grouped(items: Iterable, key: Callable) -> dict:
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return grouped
