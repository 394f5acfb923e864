"""The full price model: cache writes (5 minutes, 1 hour), batch, reasoning and per-request rates on an
offering, long-context tiers (PriceTier), and a provider's batch discount, seeded from
catalog/provider_kinds.py (BATCH_DISCOUNTS) where an editor has set none. On SQLite, adding constraints
rebuilds tables, which drops the data-revision triggers (0008): they are dropped first and put back after.
"""

import importlib

from catalog.editors import sync_editor_permissions
import catalog.bounds
import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def seed_batch_discounts(apps, schema_editor):
    from catalog.provider_kinds import BATCH_DISCOUNTS

    Provider = apps.get_model("catalog", "Provider")
    for provider in Provider.objects.filter(slug__in=BATCH_DISCOUNTS, batch_discount__isnull=True):
        provider.batch_discount = BATCH_DISCOUNTS[provider.slug]
        provider.save(update_fields=["batch_discount"])


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
        ('catalog', '0012_lifecycle'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, create_sqlite_triggers),
        migrations.CreateModel(
            name='HistoricalPriceTier',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('threshold', models.PositiveIntegerField(help_text="The tier's rates apply to a request whose prompt is longer than this.", validators=[catalog.bounds.PlausibleMinValidator(1, message='A tier threshold must be at least 1 token; leave it empty when not yet sourced.'), catalog.bounds.PlausibleMaxValidator(100000000, message='A tier threshold above 100 million tokens is not plausible; check for extra digits (the value is a number of tokens, not bytes or characters).')], verbose_name='above (prompt tokens)')),
                ('input_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='input $/1M tokens')),
                ('output_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier output price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='output $/1M tokens')),
                ('cached_input_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier cached input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='cached input $/1M tokens')),
                ('cache_write_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier cache write price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='cache write $/1M tokens')),
                ('batch_input_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier batch input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='batch input $/1M tokens')),
                ('batch_output_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier batch output price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='batch output $/1M tokens')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.TextField(null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical price tier',
                'verbose_name_plural': 'historical price tiers',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='PriceTier',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('threshold', models.PositiveIntegerField(help_text="The tier's rates apply to a request whose prompt is longer than this.", validators=[catalog.bounds.PlausibleMinValidator(1, message='A tier threshold must be at least 1 token; leave it empty when not yet sourced.'), catalog.bounds.PlausibleMaxValidator(100000000, message='A tier threshold above 100 million tokens is not plausible; check for extra digits (the value is a number of tokens, not bytes or characters).')], verbose_name='above (prompt tokens)')),
                ('input_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='input $/1M tokens')),
                ('output_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier output price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='output $/1M tokens')),
                ('cached_input_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier cached input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='cached input $/1M tokens')),
                ('cache_write_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier cache write price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='cache write $/1M tokens')),
                ('batch_input_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier batch input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='batch input $/1M tokens')),
                ('batch_output_price', models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A tier batch output price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='batch output $/1M tokens')),
            ],
            options={
                'ordering': ['offering', 'threshold'],
            },
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='batch_input_price',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A batch input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='batch input $/1M tokens'),
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='batch_output_price',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A batch output price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='batch output $/1M tokens'),
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='cache_write_1h_price',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A 1-hour cache write price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='cache write $/1M tokens (1 hour)'),
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='cache_write_price',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A cache write price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='cache write $/1M tokens (5 minutes)'),
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='reasoning_output_price',
            field=models.DecimalField(blank=True, decimal_places=6, help_text='Only where reasoning tokens have their own rate; empty: they are billed as output.', max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A reasoning output price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='reasoning output $/1M tokens'),
        ),
        migrations.AddField(
            model_name='historicaloffering',
            name='request_price',
            field=models.DecimalField(blank=True, decimal_places=6, help_text='A fee per request, on top of tokens.', max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('100'), message='A fee above $100 per request is not plausible; check the unit (dollars per request, not per 1K requests or in cents).')], verbose_name='$ per request'),
        ),
        migrations.AddField(
            model_name='historicalprovider',
            name='batch_discount',
            field=models.DecimalField(blank=True, decimal_places=2, help_text="What the provider's batch API takes off every rate, in percent (50: half price), for offerings whose source gives no batch price of their own. Empty: not yet sourced.", max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='batch discount (%)'),
        ),
        migrations.AddField(
            model_name='offering',
            name='batch_input_price',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A batch input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='batch input $/1M tokens'),
        ),
        migrations.AddField(
            model_name='offering',
            name='batch_output_price',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A batch output price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='batch output $/1M tokens'),
        ),
        migrations.AddField(
            model_name='offering',
            name='cache_write_1h_price',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A 1-hour cache write price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='cache write $/1M tokens (1 hour)'),
        ),
        migrations.AddField(
            model_name='offering',
            name='cache_write_price',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A cache write price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='cache write $/1M tokens (5 minutes)'),
        ),
        migrations.AddField(
            model_name='offering',
            name='reasoning_output_price',
            field=models.DecimalField(blank=True, decimal_places=6, help_text='Only where reasoning tokens have their own rate; empty: they are billed as output.', max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('10000'), message='A reasoning output price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per token or per 1K).')], verbose_name='reasoning output $/1M tokens'),
        ),
        migrations.AddField(
            model_name='offering',
            name='request_price',
            field=models.DecimalField(blank=True, decimal_places=6, help_text='A fee per request, on top of tokens.', max_digits=12, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), catalog.bounds.PlausibleMaxValidator(Decimal('100'), message='A fee above $100 per request is not plausible; check the unit (dollars per request, not per 1K requests or in cents).')], verbose_name='$ per request'),
        ),
        migrations.AddField(
            model_name='provider',
            name='batch_discount',
            field=models.DecimalField(blank=True, decimal_places=2, help_text="What the provider's batch API takes off every rate, in percent (50: half price), for offerings whose source gives no batch price of their own. Empty: not yet sourced.", max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='batch discount (%)'),
        ),
        migrations.AddConstraint(
            model_name='offering',
            constraint=models.CheckConstraint(condition=models.Q(('cache_write_price__gte', 0), ('cache_write_price__isnull', True), _connector='OR'), name='offering_cache_write_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='offering',
            constraint=models.CheckConstraint(condition=models.Q(('cache_write_1h_price__gte', 0), ('cache_write_1h_price__isnull', True), _connector='OR'), name='offering_cache_write_1h_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='offering',
            constraint=models.CheckConstraint(condition=models.Q(('batch_input_price__gte', 0), ('batch_input_price__isnull', True), _connector='OR'), name='offering_batch_input_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='offering',
            constraint=models.CheckConstraint(condition=models.Q(('batch_output_price__gte', 0), ('batch_output_price__isnull', True), _connector='OR'), name='offering_batch_output_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='offering',
            constraint=models.CheckConstraint(condition=models.Q(('reasoning_output_price__gte', 0), ('reasoning_output_price__isnull', True), _connector='OR'), name='offering_reasoning_output_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='offering',
            constraint=models.CheckConstraint(condition=models.Q(('request_price__gte', 0), ('request_price__isnull', True), _connector='OR'), name='offering_request_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='provider',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('batch_discount__gte', 0), ('batch_discount__lte', 100)), ('batch_discount__isnull', True), _connector='OR'), name='provider_batch_discount_percent'),
        ),
        migrations.AddField(
            model_name='historicalpricetier',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalpricetier',
            name='offering',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='catalog.offering'),
        ),
        migrations.AddField(
            model_name='pricetier',
            name='offering',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tiers', to='catalog.offering'),
        ),
        migrations.AddConstraint(
            model_name='pricetier',
            constraint=models.UniqueConstraint(fields=('offering', 'threshold'), name='pricetier_unique_offering_threshold', violation_error_message='This offering already has a tier at this threshold.'),
        ),
        migrations.AddConstraint(
            model_name='pricetier',
            constraint=models.CheckConstraint(condition=models.Q(('threshold__gt', 0), ('threshold__isnull', True), _connector='OR'), name='pricetier_threshold_positive'),
        ),
        migrations.AddConstraint(
            model_name='pricetier',
            constraint=models.CheckConstraint(condition=models.Q(('input_price__gte', 0), ('input_price__isnull', True), _connector='OR'), name='pricetier_input_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='pricetier',
            constraint=models.CheckConstraint(condition=models.Q(('output_price__gte', 0), ('output_price__isnull', True), _connector='OR'), name='pricetier_output_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='pricetier',
            constraint=models.CheckConstraint(condition=models.Q(('cached_input_price__gte', 0), ('cached_input_price__isnull', True), _connector='OR'), name='pricetier_cached_input_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='pricetier',
            constraint=models.CheckConstraint(condition=models.Q(('cache_write_price__gte', 0), ('cache_write_price__isnull', True), _connector='OR'), name='pricetier_cache_write_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='pricetier',
            constraint=models.CheckConstraint(condition=models.Q(('batch_input_price__gte', 0), ('batch_input_price__isnull', True), _connector='OR'), name='pricetier_batch_input_price_non_negative'),
        ),
        migrations.AddConstraint(
            model_name='pricetier',
            constraint=models.CheckConstraint(condition=models.Q(('batch_output_price__gte', 0), ('batch_output_price__isnull', True), _connector='OR'), name='pricetier_batch_output_price_non_negative'),
        ),
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers),
        migrations.RunPython(seed_batch_discounts, migrations.RunPython.noop),
        # Editors edit tiers as they edit every catalog model.
        migrations.RunPython(sync_editor_permissions, migrations.RunPython.noop),
    ]
