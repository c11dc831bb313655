"""The database cache table for shared counters (settings.CACHES["counters"] without
REDIS_URL), made by migrate so that no deployment, demo or test needs a manual
`createcachetable`."""

from django.core.management import call_command
from django.db import migrations

TABLE = "beredskap_counters"


def create(apps, schema_editor):
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_apitoken")]

    operations = [migrations.RunPython(create, drop)]
