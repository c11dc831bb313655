"""Kronoberg's national compilation on a year, drafted from the county reports sent.

Only reports submitted or accepted count (not drafts, not those returned for completion);
every county still has a line in the overview. The compilation goes to the Government
Offices, so it shows no municipality values and no restricted indicator (docs/reports.md).
"""

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from beredskap.results import calculations as calc
from beredskap.results import queries, support
from beredskap.support.models import SupportActivity

from ..models import CountyReport, county_report_deadline
from .reading import CountyLine, NationalContext, area_label, completeness, read_nation
from .sections import build_sections, excerpt, no_round, support_tables
from .tables import (
    Col,
    Draft,
    Section,
    Sheet,
    Table,
    indicator_cols,
    percent_cell,
    shown_cell,
    tabulate,
)

#: The sections of the national compilation: (key, heading).
NATIONAL_SECTIONS = (
    ("overview", gettext_lazy("Overview of the county reports")),
    ("support", gettext_lazy("Regional support in the counties")),
    ("needs", gettext_lazy("Support needs across the counties")),
    ("development", gettext_lazy("Development needs reported by the counties")),
)


def national_draft(year: int, *, progress: Callable[[str], None] | None = None) -> Draft:
    """Kronoberg's compilation on `year` from the county reports sent (submitted or accepted).

    `progress(step)` is called once before reading and once per county, for a display.
    """
    step = progress or (lambda _step: None)
    step(_("Reading the county reports and the data"))
    sections, numbers = build_sections(read_nation(year, step), NATIONAL_SECTIONS, BUILDERS)
    return Draft(_("National report %(year)s") % {"year": year}, year, None, sections, numbers)


# --- overview of the county reports ----------------------------------------------------


def _overview(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    section.paragraphs.extend(_reports_sent(c))
    everyone = [p for line in c.lines for p in line.progress]
    if c.round is None:
        section.paragraphs.append(no_round(c.year))
    else:
        _counts, sent, approved = completeness(everyone)
        section.paragraphs.append(
            _(
                "In the %(year)s survey, %(sent)s of the %(total)s municipalities submitted "
                "their response (%(rate)s) and %(approved)s were approved by their county board."
            )
            % {
                "year": c.year,
                "sent": sent,
                "total": len(everyone),
                "rate": percent_cell(sent, len(everyone)).text,
                "approved": approved,
            }
        )
    section.tables.append(_reports_table(c, numbers))
    _key_values(c, section, numbers)


def _reports_sent(c: NationalContext) -> list[str]:
    included = [line.report for line in c.included]
    paragraphs = [
        _(
            "%(submitted)s of the %(counties)s county boards have sent their report on "
            "%(year)s; accepted: %(accepted)s; sent after the deadline: %(late)s."
        )
        % {
            "submitted": len(included),
            "counties": len(c.lines),
            "year": c.year,
            "accepted": sum(1 for r in included if r.status == CountyReport.Status.ACCEPTED),
            "late": sum(1 for r in included if r.late),
        }
    ]
    missing = [line.county.name for line in c.lines if not line.included]
    if missing:
        paragraphs.append(
            _("Not sent, or returned for completion: %(names)s.") % {"names": ", ".join(missing)}
        )
    return paragraphs


def _reports_table(c: NationalContext, numbers: list[Sheet]) -> Table:
    overdue = timezone.localdate() > county_report_deadline(c.year)
    return tabulate(
        numbers,
        caption=_("County reports on %(year)s and survey responses") % {"year": c.year},
        sheet=_("Overview"),
        cols=[
            Col(_("County")),
            Col(_("Report")),
            Col(_("Submitted")),
            Col(_("Accepted")),
            Col(_("Late")),
            Col(_("Municipalities"), True),
            Col(_("Response rate"), True),
            Col(_("Approved"), True),
        ],
        rows=[
            _report_row(line, overdue=overdue, surveyed=c.round is not None) for line in c.lines
        ],
    )


def _report_row(line: CountyLine, *, overdue: bool, surveyed: bool) -> list:
    report = line.report
    _counts, sent, approved = completeness(line.progress)
    whole = len(line.progress)
    return [
        line.county.name,
        str(report.get_status_display()) if report else str(_("Not started")),
        report.submitted_at if report else None,
        report.accepted_at if report else None,
        report.late if report else overdue,
        len(line.municipalities),
        percent_cell(sent, whole) if surveyed else None,
        percent_cell(approved, whole) if surveyed else None,
    ]


def key_columns(cols: list[queries.Column]) -> list[queries.Column]:
    """One headline indicator per area: its first public or aggregate-only yes/no or share."""
    chosen: dict[str, queries.Column] = {}
    for col in cols:
        if col.sensitivity == "restricted" or col.kind not in ("yes_no", "share"):
            continue
        chosen.setdefault(col.version.area.code, col)
    return list(chosen.values())


def _key_values(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    keys = key_columns(c.results.columns) if c.results else []
    if not keys:
        return
    section.paragraphs.append(
        _(
            "Key values: one headline indicator per area, each county beside the nation. "
            "Values over fewer than 3 municipalities are not shown."
        )
    )
    section.tables.append(_key_values_table(c, keys, numbers))
    section.tables.append(
        tabulate(
            numbers,
            caption=_("The key indicators"),
            sheet=_("Key indicators"),
            cols=indicator_cols(Col(_("Area"))),
            rows=[
                [col.code, col.version.title, area_label(col.version.area.code, c.areas)]
                for col in keys
            ],
        )
    )


def _key_values_table(
    c: NationalContext, keys: list[queries.Column], numbers: list[Sheet]
) -> Table:
    """The nation's value of each key indicator, then each county's."""

    def line_of(name: str, code: str) -> list:
        return [name] + [
            shown_cell(col.show(c.results.rolled.get((*col.key, code)), c.reader), dense=True)
            for col in keys
        ]

    return tabulate(
        numbers,
        caption=_("Key values by county, %(year)s") % {"year": c.year},
        sheet=_("Key values"),
        cols=[Col(_("County"))] + [Col(col.code, True) for col in keys],
        rows=[line_of(_("Sweden"), calc.NATION_CODE)]
        + [line_of(line.county.name, line.county.code) for line in c.lines],
    )


# --- regional support in the counties --------------------------------------------------


def _support(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    if not c.included:
        section.paragraphs.append(_("No county report has been sent yet."))
        return
    rows = [_county_support(line) for line in c.included]
    section.paragraphs.append(_support_summary(c, rows))
    section.tables.append(_support_table(rows, numbers))
    if c.activities:
        support_tables(
            section,
            numbers,
            c.activities,
            areas=c.areas,
            reached=(_("Counties"), _counties_reached),
            figure_id="kinds-national",
            year=c.year,
        )


def _support_summary(c: NationalContext, rows: list[list]) -> str:
    activities = c.activities
    return ngettext(
        "The county boards that sent their report logged %(count)s support activity in "
        "%(year)s with %(participants)s participants, reaching %(reached)s of their "
        "%(total)s municipalities.",
        "The county boards that sent their report logged %(count)s support activities in "
        "%(year)s with %(participants)s participants, reaching %(reached)s of their "
        "%(total)s municipalities.",
        len(activities),
    ) % {
        "count": len(activities),
        "year": c.year,
        "participants": sum(a.participants for a in activities),
        "reached": sum(r[3] for r in rows),
        "total": sum(r[4] for r in rows),
    }


def _support_table(rows: list[list], numbers: list[Sheet]) -> Table:
    return tabulate(
        numbers,
        caption=_("Support activities by county"),
        sheet=_("Support by county"),
        cols=[
            Col(_("County")),
            Col(_("Support activities"), True),
            Col(_("Participants"), True),
            Col(_("Municipalities reached"), True),
            Col(_("Municipalities"), True),
        ],
        rows=rows,
    )


def _county_support(line: CountyLine) -> list:
    """[county, activities, participants, its municipalities reached, its municipalities]."""
    own = {m.code for m in line.municipalities}
    reached = {m.code for a in line.activities for m in a.municipalities.all()} & own
    participants = sum(a.participants for a in line.activities)
    return [line.county.name, len(line.activities), participants, len(reached), len(own)]


def _counties_reached(activities: list[SupportActivity]) -> int:
    return len({a.county_id for a in activities})


# --- support needs across the counties -------------------------------------------------


def _needs(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    if c.results is None:
        section.paragraphs.append(
            no_round(c.year)
            if c.round is None
            else _("No results have been computed from approved responses yet.")
        )
        return
    needs = [n for line in c.included for n in line.needs]
    if not needs:
        section.paragraphs.append(_("The counties that sent their report have no support needs."))
        return
    section.paragraphs.append(
        _(
            "Each county's support needs as its results page ranks them (at most %(shown)s, "
            "among public and aggregate-only indicators), and whether the county's support in "
            "the year named the indicator or its area. The needs most often still open first."
        )
        % {"shown": support.NEEDS_SHOWN}
    )
    section.tables.append(_needs_table(c, needs, numbers))


def _needs_table(c: NationalContext, needs: list[support.Need], numbers: list[Sheet]) -> Table:
    """The needs by indicator, the most often open first."""
    ranked = sorted(
        support.by_indicator(needs).items(),
        key=lambda item: (-sum(1 for n in item[1] if n.open), -len(item[1]), item[0]),
    )
    return tabulate(
        numbers,
        caption=_("Support needs across the counties, the most often open first"),
        sheet=_("Needs"),
        cols=indicator_cols(
            Col(_("Area"), shown=False),
            Col(_("Counties with the need"), True),
            Col(_("Still open"), True),
            Col(_("Open in")),
        ),
        rows=[
            [
                code,
                found[0].title,
                area_label(found[0].area, c.areas),
                len(found),
                sum(1 for n in found if n.open),
                ", ".join(n.unit_name for n in found if n.open) or None,
            ]
            for code, found in ranked[: 2 * support.STARTING_POINTS]
        ],
    )


# --- development needs reported by the counties ----------------------------------------


def _development(c: NationalContext, section: Section, numbers: list[Sheet]) -> None:
    texts = [
        (line.county.name, excerpt(line.report.development))
        for line in c.included
        if line.report.development.strip()
    ]
    if not texts:
        section.paragraphs.append(
            _("None of the county reports sent has a text on development needs yet.")
        )
        return
    section.paragraphs.append(
        _("Excerpts from the counties' own sections on development needs and proposals:")
    )
    section.paragraphs.extend(f"{name}: {text}" for name, text in texts)


BUILDERS = {
    "overview": _overview,
    "support": _support,
    "needs": _needs,
    "development": _development,
}
