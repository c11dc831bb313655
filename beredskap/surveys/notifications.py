"""Who hears about a response's way through review, and what they are told.

The workflow services (`services.workflow`) call `tell` inside their transaction, with
the change made: submitted → the county board's reviewers; returned (with the returned
questions by name), approved, reopened → the municipality's respondents and approvers.
Recipients come from `registry.access`, the texts are written in each recipient's
language by `notices.notify`, and the step's own audit row keeps who was told. The demo calls
`message` and `recipients` to leave the same notifications without e-mail.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskap.catalogue.models import Activity
from beredskap.notices import kinds
from beredskap.notices.services import notify
from beredskap.registry import access

from .models import Response

SUBMITTED = kinds.register(
    "response.submitted", gettext_lazy("A response is submitted for review")
)
RETURNED = kinds.register(
    "response.returned", gettext_lazy("A response is returned for completion")
)
APPROVED = kinds.register("response.approved", gettext_lazy("A response is approved"))
REOPENED = kinds.register("response.reopened", gettext_lazy("An approved response is reopened"))


@dataclass(frozen=True)
class Message:
    """What a notification says; `subject` and `body` write it in the active language."""

    kind: str
    response: Response
    reason: str = ""

    def subject(self) -> str:
        names = {"year": self.response.round.year, "name": self.response.municipality.name}
        return {
            SUBMITTED.code: _("%(name)s has submitted its survey response %(year)s"),
            RETURNED.code: _("Survey %(year)s – %(name)s: questions returned for completion"),
            APPROVED.code: _("Survey %(year)s – %(name)s: the response is approved"),
            REOPENED.code: _("Survey %(year)s – %(name)s: the response is reopened"),
        }[self.kind] % names

    def body(self) -> str:
        if self.kind == SUBMITTED.code:
            return _("The response waits for your review: return questions or approve it.")
        if self.kind == APPROVED.code:
            return _("The county board has approved the response. It is now locked.")
        if self.kind == REOPENED.code:
            return _(
                "Socialstyrelsen has reopened the approved response as a draft. Reason: "
                "%(reason)s. Correct it and submit it again."
            ) % {"reason": self.reason}
        return returned_text(self.response)

    @property
    def url(self) -> str:
        response = self.response
        return reverse("surveys:response", args=[response.round.year, response.municipality.code])


def returned_questions(response: Response) -> list[tuple[str, str]]:
    """The returned questions by name (with the activity), each with the reviewer's note."""
    answers = list(
        response.answers.filter(reopened=True)
        .select_related("question")
        .order_by("question__position", "activity_code")
    )
    codes = {a.activity_code for a in answers if a.activity_code}
    activities = {
        a.code: a
        for a in Activity.objects.filter(edition_id=response.round.edition_id, code__in=codes)
    }
    named = []
    for answer in answers:
        name = answer.question.text
        if activity := activities.get(answer.activity_code):
            name = f"{name} – {activity.name}"
        named.append((name, answer.review_comment))
    return named


def returned_text(response: Response) -> str:
    lines = [_("The county board has returned questions for completion.")]
    if response.return_comment:
        lines += ["", _("Comment from the county board:"), response.return_comment]
    lines += ["", _("Returned questions:")]
    for name, note in returned_questions(response):
        lines.append(f"– {name}" + (f": {note}" if note else ""))
    lines += [
        "",
        _("Correct the returned questions; an approver then submits the response again."),
    ]
    return "\n".join(lines)


def recipients(kind: str, response: Response):
    """Submitted: the county board's reviewers; the rest: the municipality's people."""
    if kind == SUBMITTED.code:
        return access.reviewers_of(response.municipality.county_id)
    return access.municipal_people(response.municipality_id)


def tell(kind: str, response: Response, *, by, reason: str = "") -> list[str]:
    """Notify those concerned of a step the workflow is taking; returns their usernames,
    which the step's own audit row keeps (`notified`)."""
    message = Message(kind, response, reason)
    made = notify(
        kind=kind,
        recipients=recipients(kind, response),
        subject=message.subject,
        body=message.body,
        url=message.url,
        by=by,
    )
    return sorted(n.recipient.get_username() for n in made)
