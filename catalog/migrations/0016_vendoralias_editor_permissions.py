"""Editors may view, add, change and delete vendor aliases (0015), as they may every other catalog table:
merging vendors in the admin writes them."""

from django.db import migrations

from catalog.editors import sync_editor_permissions


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0015_review_queue_and_aliases"),
    ]

    operations = [
        migrations.RunPython(sync_editor_permissions, migrations.RunPython.noop),
    ]
