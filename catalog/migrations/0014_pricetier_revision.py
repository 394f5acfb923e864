"""A long-context tier (catalog.PriceTier) moves its model's data revision, like every other fact a page
shows (migration 0008): the admin, an importer, QuerySet.update() or raw SQL that changes a tier changes the
pages that show it, with no offering re-saved.

A tier's model is its offering's. On SQLite the trigger reads catalog_offering, so a later migration that
rebuilds catalog_offering or catalog_pricetier drops and re-creates these triggers too (`sqlite_triggers`).
"""

import importlib

from django.db import migrations

m0008 = importlib.import_module("catalog.migrations.0008_facts_revision")
TABLE = "catalog_pricetier"
MODEL_OF = "SELECT model_id AS id FROM catalog_offering WHERE id = {row}.offering_id"


def sqlite_triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) pairs: every change of a tier bumps its model and the any-change row."""
    triggers = []
    for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["NEW", "OLD"]), ("DELETE", ["OLD"])):
        name = f"{TABLE}_{event.lower()}_revision"
        body = " ".join([*(m0008.sqlite_bump_select(MODEL_OF.format(row=r)) for r in rows), m0008.ANY_BUMP])
        triggers.append((name, f"CREATE TRIGGER {name} AFTER {event} ON {TABLE} FOR EACH ROW BEGIN {body} END"))
    return triggers


PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION catalog_pricetier_revision() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM catalog_bump_revisions(ARRAY(SELECT model_id FROM catalog_offering WHERE id = NEW.offering_id));
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM catalog_bump_revisions(ARRAY(SELECT model_id FROM catalog_offering WHERE id = OLD.offering_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER catalog_pricetier_revision AFTER INSERT OR UPDATE OR DELETE ON {TABLE}
FOR EACH ROW EXECUTE FUNCTION catalog_pricetier_revision();
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for _, sql in sqlite_triggers():
            schema_editor.execute(sql)
    elif vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name, _ in sqlite_triggers():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS catalog_pricetier_revision ON {TABLE}")
        schema_editor.execute("DROP FUNCTION IF EXISTS catalog_pricetier_revision()")


class Migration(migrations.Migration):

    dependencies = [
        ("catalog", "0013_full_price_model"),
    ]

    operations = [
        migrations.RunPython(create, drop),
    ]
