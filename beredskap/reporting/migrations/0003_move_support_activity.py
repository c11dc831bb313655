"""The support log moved to the `support` app: drop the model from this app's state only.

The table and its rows stay; `support`'s 0001 took the model over and renamed the table.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0002_deadline_reminders_to_notices'),
        ('support', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='SupportActivity')],
            database_operations=[],
        ),
    ]
