"""The catalogue's guidance rows become library items when the migrations run on a
database that has them (catalogue 0004 waits for library 0002, which copies them)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from beredskap.library.models import Dimension, Item

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("catalogue", "0003_guidanceitem"), ("library", "0001_initial")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_guidance_rows_move_into_the_library(edition):
    try:
        executor = migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        guidance = apps.get_model("catalogue", "GuidanceItem")
        indicator = apps.get_model("catalogue", "Indicator")
        old = guidance.objects.create(
            slug="gammal",
            title_sv="Gammal vägledning",
            title_en="Old guidance",
            summary_sv="Sammanfattning",
            url="https://example.org/gammal",
            publisher="MSB",
            area_codes=["B", "H"],
            active=False,
            position=7,
        )
        old.indicators.set(indicator.objects.filter(code__in=["KON01", "KON02"]))

        migrate(latest())
        item = Item.objects.get(slug="gammal")
        assert (item.kind, item.title_sv, item.url, item.publisher) == (
            "link",
            "Gammal vägledning",
            "https://example.org/gammal",
            "MSB",
        )
        assert (item.active, item.position, item.summary_sv) == (False, 7, "Sammanfattning")
        assert item.codes(Dimension.AREA) == ["B", "H"]
        assert item.codes(Dimension.INDICATOR) == ["KON01", "KON02"]
        revision = item.revisions.get()
        assert revision.number == 1 and revision.data["indicators"] == ["KON01", "KON02"]
        assert "catalogue_guidanceitem" not in connection.introspection.table_names()
    finally:
        migrate(latest())
