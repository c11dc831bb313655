"""The survey reminders' records move to `notices.SentReminder`, as kind "survey.<kind>"
about "round:<year>", with their times; unapplied, they move back.

Plain SQL (the same on SQLite and PostgreSQL): one statement copies every row, and the
copies keep `created_at`, which the ORM would stamp anew (auto_now_add)."""

from django.db import migrations

TO_NOTICES = """
INSERT INTO notices_sentreminder (user_id, kind, scope, sent_on, created_at)
SELECT r.user_id, 'survey.' || r.kind, 'round:' || CAST(rd.year AS TEXT), r.sent_on,
       r.created_at
FROM surveys_reminder r JOIN surveys_round rd ON rd.id = r.round_id
"""

FROM_NOTICES = [
    """
    INSERT INTO surveys_reminder (round_id, user_id, kind, sent_on, created_at)
    SELECT rd.id, s.user_id, SUBSTR(s.kind, 8), s.sent_on, s.created_at
    FROM notices_sentreminder s
    JOIN surveys_round rd ON s.scope = 'round:' || CAST(rd.year AS TEXT)
    WHERE s.kind LIKE 'survey.%'
    """,
    """
    DELETE FROM notices_sentreminder
    WHERE kind LIKE 'survey.%'
    AND scope IN (SELECT 'round:' || CAST(year AS TEXT) FROM surveys_round)
    """,
]


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_reminders"),
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(TO_NOTICES, FROM_NOTICES),
        migrations.DeleteModel(name="Reminder"),
    ]
