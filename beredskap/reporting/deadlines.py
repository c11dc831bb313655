"""The deadlines of a calendar year as each role sees them (the page /deadlines/).

- the survey round: opening, measurement date and the last day to submit, for municipal
  users, county reviewers and analysts;
- the county reports on the year before, due to Länsstyrelsen i Kronobergs län on
  1 February: one line per own county for its reviewers (with the report's status), one
  line with how many have arrived for the national coordinator;
- the national compilation on the year before, due to Regeringskansliet on 1 March, for
  the coordinator and analysts (with its status);
- the due dates of the actions decided in the evaluations of exercises, for those who
  record exercises for the organisation (with the action's status; `learning`).

`for_user` reads a few rows and returns plain `Deadline`s in date order; `upcoming` gives
the next few from a day on, for a "next deadlines" box on the start page.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from beredskap.learning import exercise_queries
from beredskap.learning.models import Action
from beredskap.registry import access
from beredskap.registry.models import County, Role, User
from beredskap.surveys.models import Round

from .models import CountyReport, NationalReport, county_report_deadline, national_report_deadline

SURVEY_OPENS = "survey_opens"
MEASUREMENT_DATE = "measurement_date"
SURVEY_DEADLINE = "survey_deadline"
COUNTY_REPORT = "county_report"
COUNTY_REPORTS = "county_reports"  # the coordinator's line: all counties together
NATIONAL_REPORT = "national_report"
EXERCISE_ACTION = "exercise_action"  # an action of an exercise's evaluation (learning)
#: Order of deadlines on the same day.
KIND_ORDER = (
    SURVEY_OPENS,
    MEASUREMENT_DATE,
    SURVEY_DEADLINE,
    COUNTY_REPORT,
    COUNTY_REPORTS,
    NATIONAL_REPORT,
    EXERCISE_ACTION,
)

NOT_STARTED = "not_started"
SURVEY_ROLES = (Role.RESPONDENT, Role.APPROVER, Role.REVIEWER, Role.ANALYST)
NATIONAL_ROLES = (Role.COORDINATOR, Role.ANALYST)


#: Status codes shown in another status's colour (an exercise action's among them).
STATUS_CLASSES = {
    "accepted": "approved",
    "final": "approved",
    "done": "approved",
    "in_progress": "submitted",
    "open": "draft",
}


@dataclass(frozen=True)
class Deadline:
    """One dated item of the calendar, seen from `today` (`days` < 0: passed)."""

    date: datetime.date
    kind: str
    #: The survey year, or the reporting year a report is on.
    year: int
    title: str
    days: int
    #: A report's status code (draft, submitted, …, not_started), blank when none applies.
    status: str = ""
    status_label: str = ""
    #: Whether what is due has been done; None when nothing is to be done (a start date).
    done: bool | None = None
    url: str = ""
    county: County | None = None
    #: The coordinator's line: county reports received (submitted or accepted) of all.
    received: int | None = None
    expected: int | None = None

    @property
    def passed(self) -> bool:
        return self.days < 0

    @property
    def days_ago(self) -> int:
        return -self.days

    @property
    def overdue(self) -> bool:
        """Passed and not done: late."""
        return self.passed and self.done is False

    @property
    def status_class(self) -> str:
        """The site's status colour (status-…) for the status code."""
        return STATUS_CLASSES.get(self.status, self.status)


def for_user(user: User, year: int, *, today: datetime.date) -> list[Deadline]:
    """The deadlines falling in calendar year `year` that `user`'s roles are concerned with."""
    roles = access.roles(user)
    items: list[Deadline] = []
    if roles & set(SURVEY_ROLES):
        items += _survey(user, year, today=today)
    reporting_year = year - 1  # reports on the year before are due in February and March
    if Role.REVIEWER in roles:
        items += _county_reports(access.support_counties(user), reporting_year, today=today)
    if Role.COORDINATOR in roles:
        items.append(_all_county_reports(reporting_year, today=today))
    if roles & set(NATIONAL_ROLES):
        items.append(_national_report(user, reporting_year, today=today))
    items += _exercise_actions(user, year, today=today)
    return sorted(items, key=_order)


def upcoming(user: User, today: datetime.date, limit: int = 3) -> list[Deadline]:
    """The user's next `limit` deadlines from `today` on (today's included)."""
    items = for_user(user, today.year, today=today) + for_user(user, today.year + 1, today=today)
    return [d for d in items if d.date >= today][:limit]


def _order(deadline: Deadline) -> tuple:
    county = deadline.county.code if deadline.county else ""
    return deadline.date, KIND_ORDER.index(deadline.kind), county


# --- the survey ------------------------------------------------------------------------


def _survey(user: User, year: int, *, today: datetime.date) -> list[Deadline]:
    """The dates of the rounds that fall in `year` (normally those of the round `year`)."""
    rounds = Round.objects.filter(
        Q(opens_on__year=year) | Q(measurement_date__year=year) | Q(deadline__year=year)
    ).order_by("year")
    items = []
    for survey_round in rounds:
        url = _survey_url(user, survey_round.year)
        dates = (
            (SURVEY_OPENS, survey_round.opens_on, _("Survey %(year)s opens")),
            (
                MEASUREMENT_DATE,
                survey_round.measurement_date,
                _("Measurement date of the survey %(year)s"),
            ),
            (SURVEY_DEADLINE, survey_round.deadline, _("Survey %(year)s: last day to submit")),
        )
        for kind, date, title in dates:
            if date.year == year:
                items.append(
                    Deadline(
                        date=date,
                        kind=kind,
                        year=survey_round.year,
                        title=title % {"year": survey_round.year},
                        days=(date - today).days,
                        url=url,
                    )
                )
    return items


def _survey_url(user: User, year: int) -> str:
    """The own response for someone answering for one municipality; else the status board
    (reviewers, analysts) or the list of surveys."""
    own = list(access.own_municipalities(user).values_list("code", flat=True))
    if len(own) == 1:
        return reverse("surveys:response", args=[year, own[0]])
    if access.has_role(user, Role.REVIEWER, Role.ANALYST):
        return reverse("surveys:board", args=[year])
    return reverse("surveys:index")


# --- the reports -----------------------------------------------------------------------


def _county_reports(counties, year: int, *, today: datetime.date) -> list[Deadline]:
    """One line per county the user writes the report for, with its report's status."""
    reports = {r.county_id: r for r in CountyReport.objects.filter(county__in=counties, year=year)}
    date = county_report_deadline(year)
    items = []
    for county in counties.order_by("code"):
        report = reports.get(county.pk)
        status = report.status if report else NOT_STARTED
        items.append(
            Deadline(
                date=date,
                kind=COUNTY_REPORT,
                year=year,
                title=_("Report of %(county)s on %(year)s to Länsstyrelsen i Kronobergs län")
                % {"county": county.name, "year": year},
                days=(date - today).days,
                status=status,
                status_label=report.get_status_display() if report else _("Not started"),
                done=status in (CountyReport.Status.SUBMITTED, CountyReport.Status.ACCEPTED),
                url=report_url("county", county.code, year),
                county=county,
            )
        )
    return items


def _all_county_reports(year: int, *, today: datetime.date) -> Deadline:
    """The coordinator's line: how many county reports have been sent and not returned."""
    date = county_report_deadline(year)
    total = County.objects.count()
    sent = CountyReport.objects.filter(
        year=year, status__in=(CountyReport.Status.SUBMITTED, CountyReport.Status.ACCEPTED)
    ).count()
    return Deadline(
        date=date,
        kind=COUNTY_REPORTS,
        year=year,
        title=_("County reports on %(year)s due to Länsstyrelsen i Kronobergs län")
        % {"year": year},
        days=(date - today).days,
        done=bool(total) and sent >= total,
        url=report_url("board", year),
        received=sent,
        expected=total,
    )


def _national_report(user: User, year: int, *, today: datetime.date) -> Deadline:
    report = NationalReport.objects.filter(year=year).first()
    date = national_report_deadline(year)
    return Deadline(
        date=date,
        kind=NATIONAL_REPORT,
        year=year,
        title=_("National report on %(year)s due to the Government Offices") % {"year": year},
        days=(date - today).days,
        status=report.status if report else NOT_STARTED,
        status_label=report.get_status_display() if report else _("Not started"),
        done=report is not None and report.status == NationalReport.Status.FINAL,
        url=report_url("national", year) if access.may_see_national_report(user) else "",
    )


def report_url(page: str, *args) -> str:
    """The report pages' address: `county` (code, year), `board` and `national` (year)."""
    return reverse(f"reports:{page}", args=args)


# --- exercise actions (learning) -----------------------------------------------------------


def _exercise_actions(user: User, year: int, *, today: datetime.date) -> list[Deadline]:
    """The due dates in `year` of the actions of the user's organisations' exercises: a
    pending action past its due date is overdue."""
    organisation_ids = access.exercise_organisation_ids(user)
    if not organisation_ids:
        return []
    return [
        Deadline(
            date=action.due_on,
            kind=EXERCISE_ACTION,
            year=year,
            title=_("Action after the exercise %(title)s: %(action)s")
            % {"title": action.exercise.title, "action": Truncator(action.description).words(8)},
            days=(action.due_on - today).days,
            status=action.status,
            status_label=action.get_status_display(),
            done=action.status == Action.Status.DONE,
            url=reverse("exercises:detail", args=[action.exercise_id]),
        )
        for action in exercise_queries.actions_due_in(organisation_ids, year)
    ]
