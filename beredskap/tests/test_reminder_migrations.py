"""The survey and deadline reminders' records move into `notices` and back, row for row.

`surveys.Reminder` and `reporting.DeadlineReminder` became `notices.SentReminder`; their
migrations copy the rows across (and back when unapplied), so that a run on the day of an
upgrade still knows what it sent earlier that day.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from beredskap.notices.models import SentReminder

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("surveys", "0002_reminders"),
    ("reporting", "0001_initial"),
    ("notices", "0001_initial"),
]
SENT_ON = datetime.date(2025, 3, 8)
SENT_AT = timezone.make_aware(datetime.datetime(2025, 3, 8, 7, 0, 12))


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_models(executor):
    apps = executor.loader.project_state(BEFORE).apps
    return apps.get_model("surveys", "Reminder"), apps.get_model("reporting", "DeadlineReminder")


def old_rows(executor) -> set[tuple]:
    reminder, deadline_reminder = old_models(executor)
    return {
        (r.round.year, r.user_id, r.kind, r.sent_on, r.created_at)
        for r in reminder.objects.select_related("round")
    } | {
        (r.year, r.user_id, r.kind, r.sent_on, r.created_at)
        for r in deadline_reminder.objects.all()
    }


def test_old_reminders_move_to_notices_and_back(survey_round, anna, bengt):
    try:
        executor = migrate(BEFORE)
        reminder, deadline_reminder = old_models(executor)
        for kind in ("deadline", "digest"):
            reminder.objects.create(
                round_id=survey_round.pk, user_id=anna.pk, kind=kind, sent_on=SENT_ON
            )
        deadline_reminder.objects.create(
            year=2024, user_id=bengt.pk, kind="county_report", sent_on=SENT_ON
        )
        reminder.objects.update(created_at=SENT_AT)
        deadline_reminder.objects.update(created_at=SENT_AT)
        before = old_rows(executor)

        migrate(latest())
        assert {
            (r.user_id, r.kind, r.scope, r.sent_on, r.created_at)
            for r in SentReminder.objects.all()
        } == {
            (anna.pk, "survey.deadline", "round:2025", SENT_ON, SENT_AT),
            (anna.pk, "survey.digest", "round:2025", SENT_ON, SENT_AT),
            (bengt.pk, "reporting.county_report", "year:2024", SENT_ON, SENT_AT),
        }

        executor = migrate(BEFORE)
        assert old_rows(executor) == before
        assert not SentReminder.objects.exists()
    finally:
        migrate(latest())
