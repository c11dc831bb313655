"""The learning app's part of the start page's work lists: the actions of the user's own
organisations that are not done although their due date has passed, and the upcoming
meetings those organisations arrange or registered for. One query each (the
organisations come from the user's grants, read once per request).
"""

import datetime

from django.db.models import Q

from beredskap.registry import access

from . import exercise_queries
from .models import Action, Event


def overdue_actions(user, today: datetime.date) -> list[Action]:
    """Open or in-progress actions past due, of the organisations the user records
    exercises for; oldest due date first, each with its exercise and organisation."""
    organisation_ids = access.exercise_organisation_ids(user)
    if not organisation_ids:
        return []
    return exercise_queries.overdue_actions(organisation_ids, today)


def upcoming_meetings(user, now: datetime.datetime, limit: int = 5) -> list[Event]:
    """The next meetings the user's organisations arranged or registered for (not
    cancelled), soonest first; one query, none without an organisation."""
    organisation_ids = {g.organisation_id for g in access.grants(user)}
    if not organisation_ids:
        return []
    return list(
        Event.objects.filter(
            Q(organiser_id__in=organisation_ids)
            | Q(registrations__organisation_id__in=organisation_ids),
            ends_at__gte=now,
            cancelled_at__isnull=True,
        )
        .distinct()
        .select_related("organiser")
        .order_by("starts_at", "id")[:limit]
    )
