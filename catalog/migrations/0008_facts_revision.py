"""The data revision (catalog.FactsRevision) and the database triggers that maintain it.

See FactsRevision's docstring for the rule. The triggers live in the database so that every write path
bumps the revision: the admin, importers, QuerySet.update(), bulk_create(), bulk_update(), deletes and
raw SQL. SQLite and PostgreSQL get the same rule in their own dialects.
"""

import django.db.models.deletion
from django.db import migrations, models

CATALOG = 0
ANY_CHANGE = -1
TABLE = "catalog_factsrevision"

# Fields of a model that other pages show in their links and lists (directory, home, "related").
MODEL_LIST_FIELDS = ["name", "slug", "published", "vendor_id", "purpose", "parameters_billions", "release_date"]
OFFERING_LIST_FIELDS = ["model_id", "provider_id", "active"]
NOTE_LIST_FIELDS = ["model_a_id", "model_b_id"]

# --- SQLite: one trigger per table and event; UPSERT keeps a missing row from being skipped. --------

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now')"
# 40 random bits: fresh for every bump, and a sum over thousands of rows cannot overflow.
SQLITE_REVISION = "abs(random() % 1099511627776)"
SQLITE_UPSERT = "ON CONFLICT (model_id) DO UPDATE SET revision = excluded.revision, changed_at = excluded.changed_at"


def sqlite_bump(expr: str) -> str:
    return f"INSERT INTO {TABLE} (model_id, revision, changed_at) VALUES ({expr}, {SQLITE_REVISION}, {SQLITE_NOW}) {SQLITE_UPSERT};"


ANY_BUMP = sqlite_bump(str(ANY_CHANGE))


def sqlite_bump_select(select_ids: str) -> str:
    # `WHERE true` settles the parsing ambiguity between INSERT ... SELECT and an UPSERT clause.
    return (
        f"INSERT INTO {TABLE} (model_id, revision, changed_at) SELECT id, {SQLITE_REVISION}, {SQLITE_NOW} "
        f"FROM ({select_ids}) WHERE true {SQLITE_UPSERT};"
    )


def sqlite_changed(fields: list[str]) -> str:
    return " OR ".join(f"OLD.{f} IS NOT NEW.{f}" for f in fields)


def sqlite_triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) pairs."""
    triggers = []

    def trigger(table, event, body, when=""):
        name = f"{table}_{event.lower()}_revision" + ("_list" if when else "")
        when_sql = f" WHEN {when}" if when else ""
        if not when:  # every change also moves the any-change row
            body = [*body, ANY_BUMP]
        triggers.append((name, f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when_sql} BEGIN {' '.join(body)} END"))

    catalog = sqlite_bump(str(CATALOG))
    lm = "catalog_languagemodel"
    # The row also carries the slug of a published model (NULL otherwise): pages find revisions by slug.
    set_slug = f"UPDATE {TABLE} SET slug = CASE WHEN NEW.published THEN NEW.slug END WHERE model_id = NEW.id;"
    clear_slug = f"UPDATE {TABLE} SET slug = NULL WHERE model_id = OLD.id;"
    trigger(lm, "INSERT", [sqlite_bump("NEW.id"), set_slug, catalog])
    trigger(lm, "UPDATE", [sqlite_bump("NEW.id"), sqlite_bump("OLD.id"), set_slug])
    trigger(lm, "UPDATE", [catalog], when=sqlite_changed(MODEL_LIST_FIELDS))
    trigger(lm, "DELETE", [sqlite_bump("OLD.id"), clear_slug, catalog])

    of = "catalog_offering"
    trigger(of, "INSERT", [sqlite_bump("NEW.model_id"), catalog])
    trigger(of, "UPDATE", [sqlite_bump("NEW.model_id"), sqlite_bump("OLD.model_id")])
    trigger(of, "UPDATE", [catalog], when=sqlite_changed(OFFERING_LIST_FIELDS))
    trigger(of, "DELETE", [sqlite_bump("OLD.model_id"), catalog])

    sc = "catalog_benchmarkscore"
    trigger(sc, "INSERT", [sqlite_bump("NEW.model_id")])
    trigger(sc, "UPDATE", [sqlite_bump("NEW.model_id"), sqlite_bump("OLD.model_id")])
    trigger(sc, "DELETE", [sqlite_bump("OLD.model_id")])

    pn = "catalog_pairnote"
    trigger(pn, "INSERT", [sqlite_bump("NEW.model_a_id"), sqlite_bump("NEW.model_b_id"), catalog])
    trigger(pn, "UPDATE", [sqlite_bump(f"{r}.{f}") for r in ("NEW", "OLD") for f in NOTE_LIST_FIELDS])
    trigger(pn, "UPDATE", [catalog], when=sqlite_changed(NOTE_LIST_FIELDS))
    trigger(pn, "DELETE", [sqlite_bump("OLD.model_a_id"), sqlite_bump("OLD.model_b_id"), catalog])

    def note_models(row):
        return (f"SELECT model_a_id AS id FROM catalog_pairnote WHERE id = {row}.note_id "
                f"UNION SELECT model_b_id FROM catalog_pairnote WHERE id = {row}.note_id")

    pq = "catalog_pairquestion"
    trigger(pq, "INSERT", [sqlite_bump_select(note_models("NEW"))])
    trigger(pq, "UPDATE", [sqlite_bump_select(note_models("NEW")), sqlite_bump_select(note_models("OLD"))])
    trigger(pq, "DELETE", [sqlite_bump_select(note_models("OLD"))])

    for table, select in (
        ("catalog_vendor", "SELECT id FROM catalog_languagemodel WHERE vendor_id = {row}.id"),
        ("catalog_provider", "SELECT DISTINCT model_id AS id FROM catalog_offering WHERE provider_id = {row}.id"),
        ("catalog_benchmark", "SELECT DISTINCT model_id AS id FROM catalog_benchmarkscore WHERE benchmark_id = {row}.id"),
    ):
        # Vendors and providers appear in lists (directory, hubs): the catalog-wide row too.
        extra = [] if table == "catalog_benchmark" else [catalog]
        trigger(table, "INSERT", [sqlite_bump_select(select.format(row="NEW")), *extra])
        trigger(table, "UPDATE", [sqlite_bump_select(select.format(row="NEW")), *extra])
        trigger(table, "DELETE", [sqlite_bump_select(select.format(row="OLD")), *extra])
    return triggers


# --- PostgreSQL: one plpgsql function per table; revisions come from a sequence (never rolled back). ---

PG_FUNCTIONS = f"""
CREATE SEQUENCE IF NOT EXISTS {TABLE}_seq;

CREATE OR REPLACE FUNCTION catalog_bump_revisions(ids bigint[]) RETURNS void AS $$
BEGIN
    INSERT INTO {TABLE} (model_id, revision, changed_at)
    SELECT id, nextval('{TABLE}_seq'), clock_timestamp()
    FROM (SELECT DISTINCT unnest(ids || {ANY_CHANGE}::bigint) AS id) AS s WHERE id IS NOT NULL
    ON CONFLICT (model_id) DO UPDATE SET revision = EXCLUDED.revision, changed_at = EXCLUDED.changed_at;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_languagemodel_revision() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM catalog_bump_revisions(ARRAY[NEW.id, {CATALOG}]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM catalog_bump_revisions(ARRAY[OLD.id, {CATALOG}]);
        UPDATE {TABLE} SET slug = NULL WHERE model_id = OLD.id;
        RETURN NULL;
    ELSIF ({' OR '.join(f'OLD.{f} IS DISTINCT FROM NEW.{f}' for f in MODEL_LIST_FIELDS)}) THEN
        PERFORM catalog_bump_revisions(ARRAY[NEW.id, OLD.id, {CATALOG}]);
    ELSE
        PERFORM catalog_bump_revisions(ARRAY[NEW.id, OLD.id]);
    END IF;
    -- The row also carries the slug of a published model (NULL otherwise): pages find revisions by slug.
    UPDATE {TABLE} SET slug = CASE WHEN NEW.published THEN NEW.slug END WHERE model_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_offering_revision() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM catalog_bump_revisions(ARRAY[NEW.model_id, {CATALOG}]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM catalog_bump_revisions(ARRAY[OLD.model_id, {CATALOG}]);
    ELSIF ({' OR '.join(f'OLD.{f} IS DISTINCT FROM NEW.{f}' for f in OFFERING_LIST_FIELDS)}) THEN
        PERFORM catalog_bump_revisions(ARRAY[NEW.model_id, OLD.model_id, {CATALOG}]);
    ELSE
        PERFORM catalog_bump_revisions(ARRAY[NEW.model_id]);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_benchmarkscore_revision() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM catalog_bump_revisions(ARRAY[NEW.model_id]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM catalog_bump_revisions(ARRAY[OLD.model_id]);
    ELSE
        PERFORM catalog_bump_revisions(ARRAY[NEW.model_id, OLD.model_id]);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_pairnote_revision() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM catalog_bump_revisions(ARRAY[NEW.model_a_id, NEW.model_b_id, {CATALOG}]);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM catalog_bump_revisions(ARRAY[OLD.model_a_id, OLD.model_b_id, {CATALOG}]);
    ELSIF ({' OR '.join(f'OLD.{f} IS DISTINCT FROM NEW.{f}' for f in NOTE_LIST_FIELDS)}) THEN
        PERFORM catalog_bump_revisions(ARRAY[NEW.model_a_id, NEW.model_b_id, OLD.model_a_id, OLD.model_b_id, {CATALOG}]);
    ELSE
        PERFORM catalog_bump_revisions(ARRAY[NEW.model_a_id, NEW.model_b_id]);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_pairquestion_revision() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM catalog_bump_revisions(ARRAY(
            SELECT unnest(ARRAY[model_a_id, model_b_id]) FROM catalog_pairnote WHERE id = NEW.note_id));
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM catalog_bump_revisions(ARRAY(
            SELECT unnest(ARRAY[model_a_id, model_b_id]) FROM catalog_pairnote WHERE id = OLD.note_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_vendor_revision() RETURNS trigger AS $$
DECLARE row_id bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
    PERFORM catalog_bump_revisions(ARRAY(SELECT id FROM catalog_languagemodel WHERE vendor_id = row_id) || {CATALOG}::bigint);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_provider_revision() RETURNS trigger AS $$
DECLARE row_id bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
    PERFORM catalog_bump_revisions(ARRAY(SELECT model_id FROM catalog_offering WHERE provider_id = row_id) || {CATALOG}::bigint);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION catalog_benchmark_revision() RETURNS trigger AS $$
DECLARE row_id bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
BEGIN
    PERFORM catalog_bump_revisions(ARRAY(SELECT model_id FROM catalog_benchmarkscore WHERE benchmark_id = row_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""

PG_TABLES = [
    "languagemodel", "offering", "benchmarkscore", "pairnote", "pairquestion", "vendor", "provider", "benchmark",
]


def pg_triggers() -> list[str]:
    return [
        f"CREATE TRIGGER catalog_{t}_revision AFTER INSERT OR UPDATE OR DELETE ON catalog_{t} "
        f"FOR EACH ROW EXECUTE FUNCTION catalog_{t}_revision()"
        for t in PG_TABLES
    ]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [sql for _, sql in sqlite_triggers()]
        now, revision = SQLITE_NOW, SQLITE_REVISION
    elif vendor == "postgresql":
        statements = [PG_FUNCTIONS, *pg_triggers()]
        now, revision = "clock_timestamp()", f"nextval('{TABLE}_seq')"
    else:
        raise NotImplementedError(f"Triggers for the data revision are written for SQLite and PostgreSQL, not {vendor}.")
    for sql in statements:
        schema_editor.execute(sql)
    # Rows for the catalog and for every model that already exists.
    schema_editor.execute(
        f"INSERT INTO {TABLE} (model_id, revision, changed_at) SELECT {CATALOG}, {revision}, {now} "
        f"UNION ALL SELECT {ANY_CHANGE}, {revision}, {now} "
        f"UNION ALL SELECT id, {revision}, {now} FROM catalog_languagemodel"
    )
    schema_editor.execute(
        f"UPDATE {TABLE} SET slug = (SELECT m.slug FROM catalog_languagemodel m WHERE m.id = {TABLE}.model_id AND m.published)"
    )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name, _ in sqlite_triggers():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif vendor == "postgresql":
        for t in PG_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS catalog_{t}_revision ON catalog_{t}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS catalog_{t}_revision()")
        schema_editor.execute("DROP FUNCTION IF EXISTS catalog_bump_revisions(bigint[])")
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {TABLE}_seq")


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0007_visible_text'),
    ]

    operations = [
        migrations.CreateModel(
            name='FactsRevision',
            fields=[
                ('model', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='facts_revision', serialize=False, to='catalog.languagemodel')),
                ('revision', models.BigIntegerField()),
                ('changed_at', models.DateTimeField()),
                ('slug', models.CharField(blank=True, db_index=True, editable=False, max_length=150, null=True)),
            ],
            options={
                'ordering': ['model_id'],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
