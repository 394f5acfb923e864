"""The review queue (LanguageModel.queue_reasons, .rejected), vendor aliases, provider aliases for any
source, rerankers, and an offering's own price date (Offering.price_as_of, filled for existing prices from
the day their row last changed). On SQLite, changing constraints rebuilds tables, which drops the
data-revision triggers (0008, 0014): they are dropped first and put back after.
"""

import importlib


import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def sqlite_triggers():
    return [
        *importlib.import_module("catalog.migrations.0008_facts_revision").sqlite_triggers(),
        *importlib.import_module("catalog.migrations.0014_pricetier_revision").sqlite_triggers(),
    ]


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name, _ in sqlite_triggers():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        drop_sqlite_triggers(apps, schema_editor)
        for _, sql in sqlite_triggers():
            schema_editor.execute(sql)


def date_existing_prices(apps, schema_editor):
    Offering = apps.get_model("catalog", "Offering")
    rows = Offering.objects.filter(price_as_of__isnull=True).exclude(input_price__isnull=True, output_price__isnull=True)
    for offering in rows.only("pk", "updated_at").iterator():
        Offering.objects.filter(pk=offering.pk).update(price_as_of=offering.updated_at.date())


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0014_pricetier_revision'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, create_sqlite_triggers),
        migrations.CreateModel(
            name='HistoricalVendorAlias',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('key', models.CharField(db_index=True, help_text='The other name or slug, as written; it is matched on its letters and digits only.', max_length=100)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical vendor alias',
                'verbose_name_plural': 'historical vendor aliases',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='VendorAlias',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('key', models.CharField(help_text='The other name or slug, as written; it is matched on its letters and digits only.', max_length=100, unique=True)),
            ],
            options={
                'verbose_name_plural': 'vendor aliases',
                'ordering': ['key'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='languagemodel',
            name='languagemodel_purpose_valid',
        ),
        migrations.RemoveConstraint(
            model_name='provideralias',
            name='provideralias_source_valid',
        ),
        migrations.AddField(
            model_name='historicallanguagemodel',
            name='queue_reasons',
            field=models.JSONField(blank=True, default=list, editable=False, help_text='What an import could not settle (vendor unknown, name from an id, purpose, no price); empty once an editor publishes or rejects it.', verbose_name='waiting because'),
        ),
        migrations.AddField(
            model_name='historicallanguagemodel',
            name='rejected',
            field=models.BooleanField(default=False, help_text='An editor rejected it: imports keep matching its entries here and never publish it.'),
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='price_as_of',
            field=models.DateField(blank=True, help_text='When the source said this price, or the day it was imported or typed in; whether and when an editor checked it is "last reviewed".', null=True, verbose_name='price as of'),
        ),
        migrations.AddField(
            model_name='languagemodel',
            name='queue_reasons',
            field=models.JSONField(blank=True, default=list, editable=False, help_text='What an import could not settle (vendor unknown, name from an id, purpose, no price); empty once an editor publishes or rejects it.', verbose_name='waiting because'),
        ),
        migrations.AddField(
            model_name='languagemodel',
            name='rejected',
            field=models.BooleanField(default=False, help_text='An editor rejected it: imports keep matching its entries here and never publish it.'),
        ),
        migrations.AddField(
            model_name='offering',
            name='price_as_of',
            field=models.DateField(blank=True, help_text='When the source said this price, or the day it was imported or typed in; whether and when an editor checked it is "last reviewed".', null=True, verbose_name='price as of'),
        ),
        migrations.AlterField(
            model_name='historicallanguagemodel',
            name='purpose',
            field=models.CharField(choices=[('chat', 'Chat and instruction following'), ('code', 'Code generation'), ('safety_classifier', 'Safety classifier'), ('embedding', 'Embeddings'), ('reranker', 'Reranker'), ('base', 'Base (pre-trained) model')], default='chat', max_length=20),
        ),
        migrations.AlterField(
            model_name='historicalprovideralias',
            name='source',
            field=models.CharField(blank=True, choices=[('litellm', 'LiteLLM model prices'), ('modelsdev', 'models.dev')], max_length=20),
        ),
        migrations.AlterField(
            model_name='languagemodel',
            name='purpose',
            field=models.CharField(choices=[('chat', 'Chat and instruction following'), ('code', 'Code generation'), ('safety_classifier', 'Safety classifier'), ('embedding', 'Embeddings'), ('reranker', 'Reranker'), ('base', 'Base (pre-trained) model')], default='chat', max_length=20),
        ),
        migrations.AlterField(
            model_name='provideralias',
            name='source',
            field=models.CharField(blank=True, choices=[('litellm', 'LiteLLM model prices'), ('modelsdev', 'models.dev')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='languagemodel',
            constraint=models.CheckConstraint(condition=models.Q(('purpose__in', ['chat', 'code', 'safety_classifier', 'embedding', 'reranker', 'base'])), name='languagemodel_purpose_valid'),
        ),
        migrations.AddConstraint(
            model_name='provideralias',
            constraint=models.CheckConstraint(condition=models.Q(('source__in', ['litellm', 'modelsdev']), ('source', ''), _connector='OR'), name='provideralias_source_valid'),
        ),
        migrations.AddField(
            model_name='historicalvendoralias',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalvendoralias',
            name='vendor',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.vendor'),
        ),
        migrations.AddField(
            model_name='vendoralias',
            name='vendor',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='aliases', to='catalog.vendor'),
        ),
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers),
        migrations.RunPython(date_existing_prices, migrations.RunPython.noop),
    ]
