"""The Editors group: editors curate catalog data but never touch users, groups or permissions.

Called from data migrations (each migration that adds catalog models calls it again), so it takes the
migration's app registry rather than importing models.
"""

EDITORS_GROUP = "Editors"
# Apps whose every permission (add, change, delete, view, and custom ones such as running imports)
# editors hold. Never "auth": editing users or groups would let an editor make themselves an admin.
EDITOR_APPS = ("catalog",)


def sync_editor_permissions(apps, schema_editor=None) -> None:
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations run; create them now so they can be granted.
    for label in EDITOR_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=EDITOR_APPS))
