from django.db import migrations

from catalog.editors import sync_editor_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_editor_permissions, migrations.RunPython.noop)]
