"""A retirement is dated by when it was announced and carries its own date; dated changes for all the
history kept so far (catalog/price_changes.py derives them; admin saves and imports derive theirs from
now on)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0019_changes_from_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="catalogchange",
            name="retires_on",
            field=models.DateField(blank=True, help_text="A retirement's date.", null=True),
        ),
        migrations.AlterField(
            model_name="catalogchange",
            name="effective_on",
            field=models.DateField(help_text="The day the change took effect (a retirement: was announced)."),
        ),
    ]


def announced(apps, schema_editor):
    # Retirements derived by 0019 were dated by the retirement itself: date them by when they were seen
    # (announced) and keep the retirement's own date beside it.
    from django.utils import timezone

    change = apps.get_model("catalog", "CatalogChange")
    for c in change.objects.filter(kind="retired", retires_on__isnull=True):
        c.retires_on, c.effective_on = c.effective_on, timezone.localdate(c.seen_at)
        c.save(update_fields=["retires_on", "effective_on"])


def derive(apps, schema_editor):
    from catalog.price_changes import record_changes

    record_changes(apps)


Migration.operations += [
    migrations.RunPython(announced, migrations.RunPython.noop),
    migrations.RunPython(derive, migrations.RunPython.noop),
]
