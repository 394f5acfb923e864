"""PostgreSQL: announce every change to the data revisions (NOTIFY catalog_facts).

Page views memoize the revisions they read in each worker and forget them when this notification arrives
(catalog/revisions.py). A statement trigger on the revision table itself covers every way a revision moves
(the row triggers of migration 0008, a TRUNCATE, a hand-written UPDATE); PostgreSQL sends one notification
per transaction, at commit, and none for a rolled-back one. SQLite has no notifications: nothing to do.
"""

from django.db import migrations

CHANNEL = "catalog_facts"
TABLE = "catalog_factsrevision"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"""
CREATE OR REPLACE FUNCTION {TABLE}_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('{CHANNEL}', '');
    RETURN NULL;
END $$ LANGUAGE plpgsql
""")
    schema_editor.execute(
        f"CREATE TRIGGER {TABLE}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {TABLE} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_notify()"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_notify ON {TABLE}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {TABLE}_notify()")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0008_facts_revision"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
