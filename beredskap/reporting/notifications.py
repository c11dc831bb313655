"""Who hears that a report was judged or made final, and what they are told.

`services` calls `tell` inside its transaction: a county report returned or accepted →
the county board's reviewers and whoever submitted it; the national report made final →
everyone at a county board and Socialstyrelsen's analysts. Recipients come from
`registry.access`; `notices.notify` writes the texts in each recipient's language and
queues the e-mail; the step's audit row keeps who was told (`notified`).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap.notices import kinds
from beredskap.notices.services import notify
from beredskap.registry import access

from .models import CountyReport, NationalReport

COUNTY_RETURNED = kinds.register(
    "county_report.returned", gettext_lazy("A county report is returned for completion")
)
COUNTY_ACCEPTED = kinds.register(
    "county_report.accepted", gettext_lazy("A county report is accepted")
)
NATIONAL_FINAL = kinds.register(
    "national_report.final", gettext_lazy("The national report is final")
)


def _county_subject(kind: str, report: CountyReport):
    def subject() -> str:
        names = {"year": report.year, "name": report.county.name}
        if kind == COUNTY_RETURNED.code:
            return _("County report %(year)s – %(name)s: returned for completion") % names
        return _("County report %(year)s – %(name)s: accepted") % names

    return subject


def _county_body(kind: str, report: CountyReport):
    def body() -> str:
        if kind == COUNTY_ACCEPTED.code:
            return _("Länsstyrelsen i Kronobergs län has accepted the county report.")
        return _(
            "Länsstyrelsen i Kronobergs län has returned the county report for completion:"
            "\n%(comment)s\nComplete it and submit it again."
        ) % {"comment": report.return_comment}

    return body


def county_report_judged(kind: str, report: CountyReport, *, by) -> list[str]:
    """Returned or accepted: the county's reviewers and the person who submitted it."""
    people = list(access.reviewers_of(report.county_id))
    if report.submitted_by is not None:
        people.append(report.submitted_by)
    return _tell(
        kind,
        by=by,
        recipients=people,
        subject=_county_subject(kind, report),
        body=_county_body(kind, report),
        url=reverse("reports:county", args=[report.county.code, report.year]),
    )


def national_report_final(report: NationalReport, *, by) -> list[str]:
    """Made final: everyone at a county board, and Socialstyrelsen's analysts.

    Only the coordinator opens the national report's page; the others are sent to their
    deadlines of the year it was due, which show it final (no link to a 404).
    """
    coordinators = list(access.coordinators())
    compiling = {p.pk for p in coordinators}
    others = [p for p in [*access.board_people(), *access.analysts()] if p.pk not in compiling]
    deadlines = f"{reverse('deadlines:index')}?year={report.year + 1}"
    notified = []
    for recipients, url in (
        (coordinators, reverse("reports:national", args=[report.year])),
        (others, deadlines),
    ):
        notified += _tell(
            NATIONAL_FINAL.code,
            by=by,
            recipients=recipients,
            subject=lambda: _("The national report %(year)s is final") % {"year": report.year},
            body=lambda: _("Länsstyrelsen i Kronobergs län has made the national report final."),
            url=url,
        )
    return sorted(notified)


def _tell(kind, *, by, **message) -> list[str]:
    """Notify; returns the usernames told, which the step's audit row keeps."""
    made = notify(kind=kind, by=by, **message)
    return sorted(n.recipient.get_username() for n in made)
