"""Provider kinds (what a provider's price is) and editors' confirmation of a $0 price.

Seeds each existing provider's kind (and, where we have them, its terms) by slug from the table in
catalog/provider_kinds.py, the same one the importers use. On SQLite, adding a NOT NULL column or a
constraint rebuilds the table, which drops its data-revision triggers (migration 0008): they are put back.
"""

import importlib

import catalog.slugs
from django.db import migrations, models


def seed_kinds(apps, schema_editor):
    from catalog.provider_kinds import PROVIDER_TERMS, kind_for

    Provider = apps.get_model("catalog", "Provider")
    for provider in Provider.objects.all():
        kind, terms = kind_for(provider.slug), PROVIDER_TERMS.get(provider.slug, "")
        if provider.kind != kind or (terms and not provider.terms):
            provider.kind, provider.terms = kind, provider.terms or terms
            provider.save(update_fields=["kind", "terms"])


def sqlite_triggers():
    return importlib.import_module("catalog.migrations.0008_facts_revision").sqlite_triggers()


def drop_sqlite_triggers(apps, schema_editor):
    # Rebuilding catalog_offering renames tables that the triggers of other tables name: SQLite refuses.
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
        ('catalog', '0010_plausible_bounds'),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, create_sqlite_triggers),
        migrations.AddField(
            model_name='historicaloffering',
            name='free_confirmed',
            field=models.BooleanField(default=False, help_text='An editor checked that this $0 price is a generally available free offering. Unticked, a source\'s $0 reads "not yet sourced" (sources write 0 for unknown); imports never tick it.', verbose_name='free confirmed'),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='kind',
            field=models.CharField(choices=[('pay_as_you_go', 'Pay-as-you-go API'), ('free_tier', 'Free tier or trial'), ('subscription', 'Subscription'), ('local', 'Local runtime'), ('router', 'Router or gateway')], default='pay_as_you_go', help_text='Only a pay-as-you-go API\'s prices can be a model\'s price or "cheapest"; the other kinds are listed apart.', max_length=13),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='terms',
            field=models.TextField(blank=True, help_text="What the provider's own page says of its terms (rate limits, credits, plan), shown beside its rows.", validators=[catalog.slugs.validate_visible_text]),
        ),
        migrations.AddField(
            model_name='offering',
            name='free_confirmed',
            field=models.BooleanField(default=False, help_text='An editor checked that this $0 price is a generally available free offering. Unticked, a source\'s $0 reads "not yet sourced" (sources write 0 for unknown); imports never tick it.', verbose_name='free confirmed'),
        ),
        migrations.AddField(
            model_name='provider',
            name='kind',
            field=models.CharField(choices=[('pay_as_you_go', 'Pay-as-you-go API'), ('free_tier', 'Free tier or trial'), ('subscription', 'Subscription'), ('local', 'Local runtime'), ('router', 'Router or gateway')], default='pay_as_you_go', help_text='Only a pay-as-you-go API\'s prices can be a model\'s price or "cheapest"; the other kinds are listed apart.', max_length=13),
        ),
        migrations.AddField(
            model_name='provider',
            name='terms',
            field=models.TextField(blank=True, help_text="What the provider's own page says of its terms (rate limits, credits, plan), shown beside its rows.", validators=[catalog.slugs.validate_visible_text]),
        ),
        migrations.AddConstraint(
            model_name='provider',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['pay_as_you_go', 'free_tier', 'subscription', 'local', 'router'])), name='provider_kind_valid'),
        ),
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers),
        migrations.RunPython(seed_kinds, migrations.RunPython.noop),
    ]
