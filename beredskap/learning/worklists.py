"""The exercises' part of the start page's work lists: the actions of the user's own
organisations that are not done although their due date has passed. One query for the
actions (the organisations come from the user's grants, read once per request).
"""

import datetime

from beredskap.registry import access

from . import exercise_queries
from .models import Action


def overdue_actions(user, today: datetime.date) -> list[Action]:
    """Open or in-progress actions past due, of the organisations the user records
    exercises for; oldest due date first, each with its exercise and organisation."""
    organisation_ids = access.exercise_organisation_ids(user)
    if not organisation_ids:
        return []
    return exercise_queries.overdue_actions(organisation_ids, today)
