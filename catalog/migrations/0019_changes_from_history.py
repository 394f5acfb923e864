"""Dated changes for all the history kept so far (catalog/price_changes.py derives them; admin saves and
imports derive theirs from now on)."""

from django.db import migrations


def derive(apps, schema_editor):
    from catalog.price_changes import record_changes

    record_changes(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0018_catalog_changes"),
    ]

    operations = [
        migrations.RunPython(derive, migrations.RunPython.noop),
    ]
