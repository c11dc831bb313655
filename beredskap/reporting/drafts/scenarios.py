"""The county report's scenario outcomes: each public planning assumption of the adopted
direction run against the continuity registers of the county's municipalities, aggregated
(counts and shares only; fewer than 3 municipalities with a register are suppressed).
Nothing unit-level and no municipality is named: the report travels beyond the county.
"""

from django.utils.translation import gettext as _

from beredskap.continuity import calculations as calc

from .reading import CountyContext
from .tables import Col, Section, Sheet, percent, tabulate


def scenario_outcomes(c: CountyContext, section: Section, numbers: list[Sheet]) -> None:
    found = c.scenarios  # read once for the draft (`reading.read_county`)
    if not found:
        return
    section.paragraphs.append(
        _(
            "Scenario outcomes: each public planning assumption of the adopted direction, "
            "alone, run against the continuity registers of the county's municipalities. A "
            "municipality has a gap when a critical function is out longer than its tolerable "
            "downtime. Counts and shares only; fewer than 3 municipalities with a register "
            "are not shown."
        )
    )
    rows = []
    for choice, summaries in found:
        total = calc.aggregate(summaries)
        hidden = total.suppressed
        rows.append(
            [
                choice.title,
                total.municipalities,
                None if hidden else total.with_gaps,
                None if hidden else percent(total.with_gaps, total.municipalities),
                None if hidden else percent(total.gaps, total.functions),
            ]
        )
    section.tables.append(
        tabulate(
            numbers,
            caption=_("Scenario outcomes of the county's continuity registers"),
            sheet=_("Scenario outcomes"),
            cols=[
                Col(_("Planning assumption")),
                Col(_("Municipalities with a register"), True),
                Col(_("Municipalities with a gap"), True),
                Col(_("Share with a gap (%)"), True),
                Col(_("Share of functions with a gap (%)"), True),
            ],
            rows=rows,
        )
    )
