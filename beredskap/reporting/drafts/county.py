"""The county board's annual report on a year: a draft for each of its five sections.

`COUNTY_SECTIONS` names them; the first (the state of preparedness) is in
`preparedness.py`, the rest here: the support given and the needs it addressed, the
cooperation, the information the municipalities gave Socialstyrelsen, and the needs still
open as starting points for the coming year (docs/reports.md).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beredskap.library.queries import items_for
from beredskap.registry.models import County
from beredskap.results import support
from beredskap.support.models import SupportActivity

from ..models import COUNTY_SECTIONS
from .preparedness import preparedness
from .reading import PROGRESS_LABELS, CountyContext, area_label, completeness, read_county
from .scenarios import scenario_outcomes
from .sections import build_sections, excerpt, no_round, support_tables
from .tables import Col, Draft, Section, Sheet, Table, indicator_cols, keep, tabulate

MEETINGS = (
    SupportActivity.Kind.NETWORK,
    SupportActivity.Kind.CONFERENCE,
    SupportActivity.Kind.EXCHANGE,
)


def county_draft(county: County, year: int) -> Draft:
    """The data-generated draft of the county's annual report on `year`."""
    sections, numbers = build_sections(read_county(county, year), COUNTY_SECTIONS, BUILDERS)
    title = _("County report %(year)s – %(name)s") % {"year": year, "name": county.name}
    return Draft(title, year, county, sections, numbers)


# --- support given ---------------------------------------------------------------------


def _support(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if not c.activities:
        section.paragraphs.append(
            _("The support log has no activities in %(year)s.") % {"year": c.year}
        )
    else:
        section.paragraphs.append(_support_summary(c))
        support_tables(
            section,
            numbers,
            c.activities,
            areas=c.areas,
            reached=(_("Municipalities reached"), _municipalities_reached),
            figure_id=f"kinds-{c.county.code}",
            year=c.year,
        )
        section.tables.append(_activity_table(c, numbers))
    _needs_addressed(c, section, numbers)


def _municipalities_reached(activities: list[SupportActivity]) -> int:
    return len({m.code for a in activities for m in a.municipalities.all()})


def _support_summary(c: CountyContext) -> str:
    own = {m.code for m in c.members}
    reached = {m.code for a in c.activities for m in a.municipalities.all()} & own
    return ngettext(
        "The county board logged %(count)s support activity in %(year)s. It reached "
        "%(reached)s of the county's %(total)s municipalities, with %(participants)s "
        "participants in all.",
        "The county board logged %(count)s support activities in %(year)s. They reached "
        "%(reached)s of the county's %(total)s municipalities, with %(participants)s "
        "participants in all.",
        len(c.activities),
    ) % {
        "count": len(c.activities),
        "year": c.year,
        "reached": len(reached),
        "total": len(c.members),
        "participants": sum(a.participants for a in c.activities),
    }


def _activity_table(c: CountyContext, numbers: list[Sheet]) -> Table:
    own = {m.code for m in c.members}
    return tabulate(
        numbers,
        caption=_("The support activities of %(year)s") % {"year": c.year},
        sheet=_("Support activities"),
        cols=[
            Col(_("Date")),
            Col(_("Kind")),
            Col(_("Topic")),
            Col(_("Topic area")),
            Col(_("Indicators addressed")),
            Col(_("Municipalities reached"), True),
            Col(_("Participants"), True),
        ],
        rows=[
            [
                a.held_on,
                a.get_kind_display(),
                a.title,
                area_label(a.area_code, c.areas),
                ", ".join(sorted(i.code for i in a.indicators.all())),
                len({m.code for m in a.municipalities.all()} & own),
                a.participants,
            ]
            for a in c.activities
        ],
    )


# --- the needs it addressed ------------------------------------------------------------


def _needs_addressed(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if c.results is None and not c.needs:
        return
    county_needs, local = c.county_needs, c.municipality_needs
    section.paragraphs.append(
        _(
            "Support needs are the indicators where the county or a municipality falls "
            "shortest, ranked as on the results pages (at most %(shown)s each). A need counts "
            "as addressed when an activity of the year named its indicator or its area and, "
            "for a municipality's need, reached that municipality."
        )
        % {"shown": support.NEEDS_SHOWN}
    )
    if any(not n.area for n in county_needs):
        section.paragraphs.append(
            _(
                "The county's needs also count the scenario gaps: each public planning "
                "assumption under which some municipality's continuity register has a critical "
                "function out beyond its tolerable downtime, ranked by the share of the "
                "municipalities with a register that have such a gap (counts only; fewer than "
                "3 municipalities with a register are not shown). The support log does not "
                "name planning assumptions, so these needs stay open."
            )
        )
    section.paragraphs.append(_needs_counted(county_needs, local))
    if county_needs:
        section.tables.append(_county_needs_table(county_needs, numbers))
    if local:
        section.tables.append(_municipality_needs_table(local, numbers))
        _keep_needs_by_municipality(local, numbers)


def _needs_counted(county_needs: list[support.Need], local: list[support.Need]) -> str:
    return _(
        "Of the county's %(county)s support needs, %(county_addressed)s were addressed "
        "during the year. Of the municipalities' %(local)s support needs (public "
        "indicators), %(local_addressed)s were addressed and %(local_open)s remain open."
    ) % {
        "county": len(county_needs),
        "county_addressed": sum(1 for n in county_needs if not n.open),
        "local": len(local),
        "local_addressed": sum(1 for n in local if not n.open),
        "local_open": sum(1 for n in local if n.open),
    }


def _addressed_by(need: support.Need, limit: int = 3) -> str:
    """The activities that addressed the need (the first `limit`), or "Still open"."""
    activities = need.addressed_by
    if not activities:
        return _("Still open")
    names = [f"{a.held_on.isoformat()} {a.title}" for a in activities[:limit]]
    if len(activities) > limit:
        names.append(_("and %(count)s more") % {"count": len(activities) - limit})
    return "; ".join(names)


def _county_needs_table(needs: list[support.Need], numbers: list[Sheet]) -> Table:
    return tabulate(
        numbers,
        caption=_("The county's support needs and the support given"),
        sheet=_("County needs"),
        cols=indicator_cols(Col(_("Priority"), True), Col(_("Addressed by"))),
        rows=[[n.indicator, n.title, n.priority, _addressed_by(n)] for n in needs],
    )


def _municipality_needs_table(local: list[support.Need], numbers: list[Sheet]) -> Table:
    """The municipalities' needs by indicator, the most common first."""
    ranked = sorted(support.by_indicator(local).items(), key=lambda item: (-len(item[1]), item[0]))
    return tabulate(
        numbers,
        caption=_("The municipalities' support needs and the support given"),
        sheet=_("Municipality needs"),
        cols=indicator_cols(
            Col(_("Municipalities with the need"), True),
            Col(_("Addressed"), True),
            Col(_("Still open"), True),
        ),
        rows=[
            [
                code,
                found[0].title,
                len(found),
                sum(1 for n in found if not n.open),
                sum(1 for n in found if n.open),
            ]
            for code, found in ranked
        ],
    )


def _keep_needs_by_municipality(local: list[support.Need], numbers: list[Sheet]) -> None:
    keep(
        numbers,
        sheet=_("Needs by municipality"),
        cols=[
            Col(_("Municipality")),
            Col(_("Code")),
            Col(_("Indicator")),
            Col(_("Title")),
            Col(_("Priority")),
            Col(_("Addressed by")),
        ],
        rows=[
            [n.unit_name, n.unit, n.indicator, n.title, n.priority, _addressed_by(n, limit=10)]
            for n in local
        ],
    )


# --- cooperation -----------------------------------------------------------------------


def _cooperation(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    meetings = [a for a in c.activities if a.kind in MEETINGS]
    shared = [a for a in c.activities if a.shared]
    held = ngettext(
        "In %(year)s the county board held %(meetings)s network meeting, conference or "
        "experience exchange.",
        "In %(year)s the county board held %(meetings)s network meetings, conferences and "
        "experience exchanges.",
        len(meetings),
    ) % {"year": c.year, "meetings": len(meetings)}
    spread = ngettext(
        "%(shared)s activity was shared with all county boards as experience exchange.",
        "%(shared)s activities were shared with all county boards as experience exchange.",
        len(shared),
    ) % {"shared": len(shared)}
    section.paragraphs.append(f"{held} {spread}")
    if shared:
        section.tables.append(_shared_table(shared, numbers))


def _shared_table(shared: list[SupportActivity], numbers: list[Sheet]) -> Table:
    return tabulate(
        numbers,
        caption=_("Experience exchange shared with all county boards"),
        sheet=_("Shared experience"),
        cols=[
            Col(_("Date")),
            Col(_("Kind")),
            Col(_("Topic")),
            Col(_("Participants"), True),
            Col(_("Lessons learned")),
        ],
        rows=[
            [a.held_on, a.get_kind_display(), a.title, a.participants, excerpt(a.lessons, 300)]
            for a in shared
        ],
    )


# --- information provided to Socialstyrelsen -------------------------------------------


def _information(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if c.round is None:
        section.paragraphs.append(no_round(c.year))
        return
    section.paragraphs.append(_submissions(c))
    section.tables.append(_responses_table(c, numbers))


def _responses_table(c: CountyContext, numbers: list[Sheet]) -> Table:
    return tabulate(
        numbers,
        caption=_("The municipalities' responses to the %(year)s survey") % {"year": c.year},
        sheet=_("Responses"),
        cols=[
            Col(_("Municipality")),
            Col(_("Code"), shown=False),
            Col(_("Status")),
            Col(_("First submitted")),
            Col(_("Last submitted")),
            Col(_("Approved")),
        ],
        rows=[
            [
                p.name,
                p.code,
                str(PROGRESS_LABELS[p.status]),
                p.first_submitted,
                p.submitted,
                p.approved,
            ]
            for p in c.progress
        ],
    )


def _submissions(c: CountyContext) -> str:
    """The round's dates, and how many municipalities submitted, late, and were approved."""
    _counts, sent, approved = completeness(c.progress)
    late = sum(
        1
        for p in c.progress
        if p.first_submitted is not None
        and timezone.localdate(p.first_submitted) > c.round.deadline
    )
    text = _(
        "The %(year)s survey had its measurement date on %(measured)s and its deadline on "
        "%(deadline)s. %(sent)s of the county's %(total)s municipalities submitted their "
        "response to Socialstyrelsen through the platform, %(late)s of them after the "
        "deadline; the county board approved %(approved)s."
    ) % {
        "year": c.year,
        "measured": c.round.measurement_date.isoformat(),
        "deadline": c.round.deadline.isoformat(),
        "sent": sent,
        "total": len(c.members),
        "late": late,
        "approved": approved,
    }
    approvals = [p.approved for p in c.progress if p.approved is not None]
    if approvals:
        text += " " + _("The last approval was on %(date)s.") % {
            "date": timezone.localdate(max(approvals)).isoformat()
        }
    return text


# --- development needs and proposals ---------------------------------------------------


def _development(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    _open_needs(c, section, numbers)
    scenario_outcomes(c, section, numbers)  # the continuity registers' gaps (c16s)


def _open_needs(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    if c.results is None and not c.needs:
        section.paragraphs.append(
            no_round(c.year)
            if c.round is None
            else _("Without results there are no support needs to start from.")
        )
        return
    points = support.starting_points(c.needs)
    if not points:
        section.paragraphs.append(
            _("Every support need of the year was addressed by a support activity.")
        )
        return
    section.paragraphs.append(
        _(
            "The support needs still open after the year's support, the most common first: "
            "starting points for the coming year's support, with the guidance linked to them."
        )
    )
    section.tables.append(_starting_points_table(c, points, numbers))


def _starting_points_table(
    c: CountyContext, points: list[support.StartingPoint], numbers: list[Sheet]
) -> Table:
    codes = [p.indicator for p in points]  # indicators, and grundantaganden (scenario gaps)
    guidance = items_for(
        area_codes={p.area for p in points if p.area}, indicator_codes=codes, assumptions=codes
    )
    return tabulate(
        numbers,
        caption=_("Open support needs, the most common first"),
        sheet=_("Development"),
        cols=indicator_cols(
            Col(_("Area")),
            Col(_("Municipalities with the need open"), True),
            Col(_("Open for the county"), True),
            Col(_("Guidance")),
        ),
        rows=[
            [
                p.indicator,
                p.title,
                area_label(p.area, c.areas),
                p.municipalities,
                p.county,
                "; ".join(str(g.title) for g in guidance.get(p.indicator, [])[:3]) or None,
            ]
            for p in points
        ],
    )


BUILDERS = {
    "preparedness": preparedness,
    "support": _support,
    "cooperation": _cooperation,
    "information": _information,
    "development": _development,
}
