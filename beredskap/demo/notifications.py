"""The notifications the demo's review steps would have left for the demo users.

The demo writes its rounds in bulk, past the workflow services, so no step notified
anyone. This replays the steps of the demo users' county (Uppsala län: Anna, Alva,
Cecilia, Erik and Bengt) with the surveys app's own texts and recipients, dated when
they happened: the last closed round's as read, the open round's unread. No e-mail is
sent (`email=False`); one bulk insert per step.
"""

import datetime

from django.utils import timezone

from beredskap.notices.models import Notification
from beredskap.notices.services import notify
from beredskap.surveys import notifications as survey_notices
from beredskap.surveys.models import Response

from .surveys import OPEN_YEAR

COUNTY = "03"  # Uppsala län, where the demo cast works
Status = Response.Status


def _steps(response: Response) -> list[tuple[str, datetime.datetime]]:
    """The notified steps a response has been through, with when each happened."""
    if response.first_submitted_at is None:
        return []
    steps = [(survey_notices.SUBMITTED.code, response.first_submitted_at)]
    if response.status == Status.RETURNED:
        steps.append((survey_notices.RETURNED.code, response.last_activity_at))
    if response.status == Status.APPROVED:
        steps.append((survey_notices.APPROVED.code, response.approved_at))
    return steps


def _leave(response: Response) -> list[Notification]:
    made = []
    for kind, at in _steps(response):
        message = survey_notices.Message(kind, response)
        made += notify(
            kind=kind,
            recipients=survey_notices.recipients(kind, response),
            subject=message.subject,
            body=message.body,
            url=message.url,
            email=False,
            at=at,
        )
    return made


def leave_notifications() -> int:
    """Leave the notifications once (none when any exist); returns how many were made."""
    if Notification.objects.exists():
        return 0
    responses = (
        Response.objects.filter(
            round__year__in=(OPEN_YEAR - 1, OPEN_YEAR), municipality__county__code=COUNTY
        )
        .select_related("round__edition", "municipality__county")
        .order_by("round__year", "municipality__code")
    )
    made = [n for response in responses for n in _leave(response)]
    earlier = [n.pk for n in made if n.created_at.year < OPEN_YEAR]
    Notification.objects.filter(pk__in=earlier).update(read_at=timezone.now())
    return len(made)
