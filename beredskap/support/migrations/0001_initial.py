"""The support log moves here from `reporting`, with its rows.

`reporting` created the table `reporting_supportactivity` (and its two many-to-many
tables) in its 0001. This migration takes the model over in Django's state only, as it
stands in that table, and then renames the tables to this app's names, so existing
databases keep every row and a fresh database ends up the same. `reporting`'s 0003 drops
the model from its own state after this has run.

Two things name the model by its app and are moved along: the content type (so its
permissions stay attached) and the `target_type` of the audit events about activities
(`audit.Event.objects.for_target` finds an activity's history by its label).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_LABEL, NEW_LABEL = "reporting.supportactivity", "support.supportactivity"


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    old_app, model = old.split(".")
    new_app, _model = new.split(".")
    if not ContentType.objects.filter(app_label=new_app, model=model).exists():
        ContentType.objects.filter(app_label=old_app, model=model).update(app_label=new_app)
    # The historical model has a plain manager: the application's append-only queryset
    # refuses updates, and this one changes what names the target, not what happened.
    Event = apps.get_model("audit", "Event")
    Event.objects.filter(target_type=old).update(target_type=new)


def forwards(apps, schema_editor):
    _relabel(apps, OLD_LABEL, NEW_LABEL)


def backwards(apps, schema_editor):
    _relabel(apps, NEW_LABEL, OLD_LABEL)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('audit', '0002_initial'),
        ('catalogue', '0003_guidanceitem'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('registry', '0003_apitoken'),
        ('reporting', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SupportActivity',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('held_on', models.DateField(verbose_name='date')),
                        ('kind', models.CharField(choices=[('network', 'Network meeting'), ('conference', 'Conference'), ('training', 'Training'), ('exercise', 'Exercise'), ('advice', 'Advice'), ('visit', 'Visit'), ('webinar', 'Webinar'), ('exchange', 'Experience exchange'), ('other', 'Other')], max_length=20, verbose_name='kind')),
                        ('title', models.CharField(max_length=200, verbose_name='topic')),
                        ('area_code', models.CharField(blank=True, max_length=10, verbose_name='topic area')),
                        ('participants', models.PositiveIntegerField(default=0, verbose_name='participants')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('lessons', models.TextField(blank=True, help_text='For experience exchange: what was learned.', verbose_name='lessons learned')),
                        ('shared', models.BooleanField(default=False, help_text='Experience exchange that every county board may read.', verbose_name='shared with all county boards')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('county', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='support_activities', to='registry.county')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('indicators', models.ManyToManyField(blank=True, related_name='support_activities', to='catalogue.indicator', verbose_name='indicators addressed')),
                        ('municipalities', models.ManyToManyField(blank=True, related_name='support_activities', to='registry.municipality', verbose_name='municipalities reached')),
                    ],
                    options={
                        'verbose_name': 'support activity',
                        'verbose_name_plural': 'support activities',
                        'ordering': ['-held_on', '-id'],
                        'indexes': [models.Index(fields=['county', 'held_on'], name='support_county_date')],
                        'db_table': 'reporting_supportactivity',
                    },
                ),
            ],
            database_operations=[],
        ),
        # Renames the table and its many-to-many tables (rows, keys and indexes stay).
        migrations.AlterModelTable(name='supportactivity', table=None),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
