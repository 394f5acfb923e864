# Rate-limit counters moved to django-ratelimit's cache (comparisons/throttle.py): a public GET writes no row.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("comparisons", "0001_throttle"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Throttle",
        ),
    ]
