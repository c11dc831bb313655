"""What the signed-in person can do next with a response, and who else can.

Every response page (the questionnaire and the review) says it in words, so that nobody
has to guess: a respondent learns that an approver submits, and who that is; an approver
who answers with them; the municipality who reviews at the county board; and everyone
what remains and when it is due. Names come from `registry.access` (one query).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from beredskap.registry import access

from .models import Response

Status = Response.Status
OPEN = (Status.DRAFT, Status.RETURNED)


@dataclass(frozen=True)
class NextSteps:
    you: str  # what the signed-in person can do next
    others: str  # who else acts on the response, by name ("" when nobody else)
    remaining: int | None  # asked questions still unanswered, while the response is open
    returned: int  # questions the county board returned, while it is returned
    deadline: datetime.date
    days_left: int

    @property
    def days_late(self) -> int:
        return max(-self.days_left, 0)


def _names(people, user) -> tuple[int, str]:
    named = [str(p) for p in people if p.pk != user.pk]
    return len(named), ", ".join(named)


def _municipal(user, response) -> tuple[str, str]:
    """A respondent or an approver of the municipality, on a draft or returned response."""
    returned = response.status == Status.RETURNED
    if access.may_submit(user, response):
        you = (
            _("Correct the returned questions, then submit the response to the county board.")
            if returned
            else _("Answer the questions, then submit the response to the county board.")
        )
        count, names = _names(access.municipal_people(response.municipality_id), user)
        others = _("Also answering for the municipality: %(names)s.") % {"names": names}
        return you, others if count else ""
    you = (
        _("Correct the returned questions. You cannot submit the response yourself.")
        if returned
        else _("Answer the questions. You cannot submit the response yourself.")
    )
    count, names = _names(access.approvers_of(response.municipality_id), user)
    if not count:
        return you, _("Your municipality has no approver in Beredskap yet; ask to have one added.")
    others = ngettext(
        "The response is submitted by an approver: %(names)s.",
        "The response is submitted by one of the approvers: %(names)s.",
        count,
    ) % {"names": names}
    return you, others


def _reviewers(user, response) -> str:
    count, names = _names(access.reviewers_of(response.municipality.county_id), user)
    if not count:
        return ""
    return ngettext(
        "Reviewer at the county board: %(names)s.",
        "Reviewers at the county board: %(names)s.",
        count,
    ) % {"names": names}


def _submitted(user, response) -> tuple[str, str]:
    if access.may_review(user, response):
        you = _("Review the response: return questions for completion, or approve it.")
    elif access.answers_for(user, response.municipality):
        you = _("The response is with the county board for review and locked meanwhile.")
    else:
        you = _("The response waits for the county board's review.")
    return you, _reviewers(user, response)


def _approved(user, response) -> tuple[str, str]:
    if access.may_reopen(user, response):
        return _("The response is approved and locked. You can reopen it, giving a reason."), ""
    return _("The response is approved and locked. Only Socialstyrelsen can reopen it."), ""


def _watching(user, response) -> tuple[str, str]:
    """A reviewer or analyst looking at a draft or returned response."""
    if response.status == Status.RETURNED:
        you = _("The response is returned to the municipality; it comes back when resubmitted.")
    else:
        you = _("The municipality is answering; the response comes to review when submitted.")
    count, names = _names(access.approvers_of(response.municipality_id), user)
    if not count:
        return you, ""
    others = ngettext(
        "Submitted by the approver: %(names)s.",
        "Submitted by one of the approvers: %(names)s.",
        count,
    ) % {"names": names}
    return you, others


def for_user(
    user, response: Response, *, answered: int, total: int, returned: int = 0
) -> NextSteps:
    """The next steps of `user` on `response`: `answered` of `total` asked questions,
    `returned` of them returned by the county board."""
    if response.status in OPEN:
        steps = _municipal if access.may_edit_answers(user, response) else _watching
    else:
        steps = _submitted if response.status == Status.SUBMITTED else _approved
    you, others = steps(user, response)
    deadline = response.round.deadline
    return NextSteps(
        you=you,
        others=others,
        remaining=max(total - answered, 0) if response.status in OPEN else None,
        returned=returned if response.status == Status.RETURNED else 0,
        deadline=deadline,
        days_left=(deadline - timezone.localdate()).days,
    )
