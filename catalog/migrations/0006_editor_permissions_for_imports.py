from django.db import migrations

from catalog.editors import sync_editor_permissions


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_importers")]

    operations = [migrations.RunPython(sync_editor_permissions, migrations.RunPython.noop)]
