"""The survey's part of the start pages' work lists: a municipality's own response (what
remains, the deadline, what was returned) and the responses waiting for a county board's
review. Reads only, each in a fixed number of queries whatever the number of answers.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from beredskap.registry import access
from beredskap.registry.models import Municipality

from . import structure, validation
from .models import Answer, Response, Round
from .services import answers_by_activity, values_for

NOT_STARTED = "not_started"


@dataclass(frozen=True)
class ReturnedQuestion:
    """A question the county board returned for correction, with its comment."""

    question: str
    activity: str
    comment: str


@dataclass(frozen=True)
class OwnResponse:
    """One municipality's response in a round, as its respondents and approvers need it."""

    municipality: Municipality
    survey_round: Round
    response: Response | None
    asked: int
    unanswered: int
    days: int  # to the round's deadline (< 0: passed)
    returned: tuple[ReturnedQuestion, ...] = ()

    @property
    def status(self) -> str:
        return self.response.status if self.response else NOT_STARTED

    @property
    def status_label(self) -> str:
        return self.response.get_status_display() if self.response else ""

    @property
    def overdue(self) -> int:
        """Days past the deadline while the response has not been sent; else 0."""
        waiting = self.status in (NOT_STARTED, Response.Status.DRAFT, Response.Status.RETURNED)
        return -self.days if waiting and self.days < 0 else 0


def remaining(edition, answers: list[Answer]) -> tuple[int, int]:
    """(asked, unanswered) slots given the answers: a question the answers above say is not
    asked counts for neither (the questionnaire's own rule, `validation.is_asked`)."""
    shape = structure.of(edition)
    grouped = answers_by_activity(None, answers)
    values = {(a.question_id, a.activity_code): a.value for a in answers}
    asked = unanswered = 0
    for slot in shape.slots:
        value = values.get((slot.question.pk, slot.activity_code))
        seen = {**values_for(grouped, slot.activity_code), slot.question.code: value}
        if validation.is_asked(validation.Rule.of(slot.question), seen) is False:
            continue
        asked += 1
        unanswered += value is None
    return asked, unanswered


def _returned(edition, answers: list[Answer]) -> tuple[ReturnedQuestion, ...]:
    shape = structure.of(edition)
    found = []
    for answer in answers:
        if not answer.reopened:
            continue
        question = shape.by_code[answer.question.code]
        names = {a.code: a.name for a in question.activities.all()}
        found.append(
            ReturnedQuestion(
                question.text, names.get(answer.activity_code, ""), answer.review_comment
            )
        )
    return tuple(found)


def own_responses(user, survey_round: Round | None, today: datetime.date) -> list[OwnResponse]:
    """The user's municipalities' responses in the round (three queries)."""
    if survey_round is None:
        return []
    municipalities = list(access.own_municipalities(user).order_by("name"))
    if not municipalities:
        return []
    answers = Prefetch("answers", Answer.objects.select_related("question"))
    responses = {
        r.municipality_id: r
        for r in survey_round.responses.filter(municipality__in=municipalities).prefetch_related(
            answers
        )
    }
    edition = survey_round.edition
    items = []
    for municipality in municipalities:
        response = responses.get(municipality.pk)
        given = list(response.answers.all()) if response else []
        asked, unanswered = remaining(edition, given)
        returned = _returned(edition, given) if response and response.status == "returned" else ()
        days = (survey_round.deadline - today).days
        items.append(
            OwnResponse(municipality, survey_round, response, asked, unanswered, days, returned)
        )
    return items


def waiting_for_review(user) -> list[Response]:
    """Submitted responses in the counties the user reviews, oldest submission first."""
    return list(
        Response.objects.filter(
            status=Response.Status.SUBMITTED,
            municipality__county__in=access.support_counties(user),
        )
        .select_related("municipality", "round")
        .order_by("submitted_at", "municipality__name")
    )
