"""The deadline reminders' records move to `notices.SentReminder`, as kind
"reporting.<kind>" about "year:<reporting year>", with their times; unapplied, they move
back (see `surveys/migrations/0003_reminders_to_notices.py` for why plain SQL)."""

from django.db import migrations

TO_NOTICES = """
INSERT INTO notices_sentreminder (user_id, kind, scope, sent_on, created_at)
SELECT user_id, 'reporting.' || kind, 'year:' || CAST(year AS TEXT), sent_on, created_at
FROM reporting_deadlinereminder
"""

FROM_NOTICES = [
    """
    INSERT INTO reporting_deadlinereminder (year, user_id, kind, sent_on, created_at)
    SELECT CAST(SUBSTR(scope, 6) AS INTEGER), user_id, SUBSTR(kind, 11), sent_on, created_at
    FROM notices_sentreminder
    WHERE kind LIKE 'reporting.%' AND scope LIKE 'year:%'
    """,
    "DELETE FROM notices_sentreminder WHERE kind LIKE 'reporting.%' AND scope LIKE 'year:%'",
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(TO_NOTICES, FROM_NOTICES),
        migrations.DeleteModel(name="DeadlineReminder"),
    ]
