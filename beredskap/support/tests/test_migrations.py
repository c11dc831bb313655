"""The support log moved from `reporting` to `support` without losing a row.

A database migrated before the move (reporting 0001) holds an activity with its
municipalities and indicators and an audit event about it; migrating forward keeps all of
it, under the new table names, and the activity's history still finds its event.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from beredskap.audit.models import Event
from beredskap.catalogue.models import Indicator
from beredskap.registry.models import County, Municipality
from beredskap.support.models import SupportActivity

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("reporting", "0001_initial"), ("support", None)]


def _migrate(targets):
    """Migrate to `targets`; the models as they were at the first one."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets[0]).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _log_before_the_move(old_apps) -> int:
    """An activity as the old `reporting` app stored it; its primary key."""
    Activity = old_apps.get_model("reporting", "SupportActivity")
    indicator = old_apps.get_model("catalogue", "Indicator").objects.create(code="KON99")
    activity = Activity.objects.create(
        county_id=County.objects.get(code="03").pk,
        held_on=datetime.date(2025, 3, 10),
        kind="exchange",
        title="Erfarenhetsutbyte om reservkraft",
        participants=12,
        shared=True,
        lessons="Öva tillsammans.",
    )
    activity.municipalities.set(
        Municipality.objects.filter(code__in=["0380", "0381"]).values_list("pk", flat=True)
    )
    activity.indicators.set([indicator.pk])
    Event.objects.create(
        action="support.created", target_type="reporting.supportactivity", target_id=activity.pk
    )
    return activity.pk


def test_rows_of_the_support_log_survive_the_move_to_the_support_app(reference):
    try:
        pk = _log_before_the_move(_migrate(BEFORE))
        assert "reporting_supportactivity" in connection.introspection.table_names()
    finally:
        _migrate(_leaves())

    tables = connection.introspection.table_names()
    assert "support_supportactivity" in tables
    assert "support_supportactivity_municipalities" in tables
    assert not [t for t in tables if t.startswith("reporting_supportactivity")]
    activity = SupportActivity.objects.get(pk=pk)
    assert (activity.title, activity.participants, activity.shared) == (
        "Erfarenhetsutbyte om reservkraft",
        12,
        True,
    )
    assert sorted(m.code for m in activity.municipalities.all()) == ["0380", "0381"]
    assert [i.code for i in activity.indicators.all()] == ["KON99"]
    assert [e.action for e in Event.objects.for_target(activity)] == ["support.created"]
    assert Indicator.objects.filter(code="KON99").exists()
