"""Lifecycle: an offering's retirement date and its source, a model's successor.

On SQLite, adding a foreign key rebuilds the table, which drops its data-revision triggers (migration
0008) and trips over the triggers of other tables: they are dropped first and put back after, as in 0011.
"""

import importlib

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


def sqlite_triggers():
    return importlib.import_module("catalog.migrations.0008_facts_revision").sqlite_triggers()


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name, _ in sqlite_triggers():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        drop_sqlite_triggers(apps, schema_editor)
        for _, sql in sqlite_triggers():
            schema_editor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0011_provider_kind_and_free_confirmed'),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, create_sqlite_triggers),
        migrations.AddField(
            model_name='historicallanguagemodel',
            name='successor',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The model that replaces it, linked where none of its offerings is live.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.languagemodel'),
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='retirement_source',
            field=models.URLField(blank=True, help_text="Where the retirement date comes from (the provider's deprecation page).", max_length=500, validators=[django.core.validators.URLValidator(schemes=['http', 'https'])], verbose_name='retirement source'),
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='retires_on',
            field=models.DateField(blank=True, help_text="The provider retires this offering on this date; from that day it is listed as retired and is never a model's price.", null=True, verbose_name='retires on'),
        ),
        migrations.AddField(
            model_name='languagemodel',
            name='successor',
            field=models.ForeignKey(blank=True, help_text='The model that replaces it, linked where none of its offerings is live.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='predecessors', to='catalog.languagemodel'),
        ),
        migrations.AddField(
            model_name='offering',
            name='retirement_source',
            field=models.URLField(blank=True, help_text="Where the retirement date comes from (the provider's deprecation page).", max_length=500, validators=[django.core.validators.URLValidator(schemes=['http', 'https'])], verbose_name='retirement source'),
        ),
        migrations.AddField(
            model_name='offering',
            name='retires_on',
            field=models.DateField(blank=True, help_text="The provider retires this offering on this date; from that day it is listed as retired and is never a model's price.", null=True, verbose_name='retires on'),
        ),
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers),
    ]
