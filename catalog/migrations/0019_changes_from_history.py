"""Dated changes for all the history kept so far: derived by migration 0020 (once CatalogChange has the
field a retirement needs); this step is kept so databases that ran it stay in step. A database that ran
it derived retirements dated by the retirement: 0020 dates them by when they were announced."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0018_catalog_changes"),
    ]

    operations = []
