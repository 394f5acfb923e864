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


# Who may settle the review queue and merge rows (catalog/admin/queue.py, merges.py): each action needs every
# permission it uses, so the Editors group (all catalog permissions) may do all of them, a staff user who may
# only view the catalog may do none, and an administrator may do everything. A merge deletes the merged row
# and moves what it held, so it needs the delete permission as well as the change permissions of what moves.
_MODEL_MERGE = (
    "catalog.change_languagemodel", "catalog.delete_languagemodel", "catalog.change_offering",
    "catalog.delete_offering", "catalog.change_benchmarkscore", "catalog.delete_benchmarkscore",
    "catalog.change_pairnote", "catalog.delete_pairnote", "catalog.add_modelalias",
)
ACTION_PERMISSIONS = {
    "publish": ("catalog.change_languagemodel",),
    "reject": ("catalog.change_languagemodel",),
    "rename": ("catalog.change_languagemodel",),
    "merge_models": _MODEL_MERGE,
    "merge_vendors": (
        "catalog.change_vendor", "catalog.delete_vendor", "catalog.add_vendoralias", *_MODEL_MERGE,
    ),
    "merge_providers": (
        "catalog.change_provider", "catalog.delete_provider", "catalog.add_provideralias",
        "catalog.change_offering", "catalog.delete_offering",
    ),
}


def may(user, action: str) -> bool:
    """May this user take this review-queue or merge action? (ACTION_PERMISSIONS)"""
    return bool(user and user.is_active and user.is_staff and user.has_perms(ACTION_PERMISSIONS[action]))
