"""How an import writes: in batches of BATCH_SIZE rows, each batch one transaction with its history rows."""

import time
from contextlib import contextmanager

from django.db import connection, models, transaction
from django.utils import timezone

# Rows per transaction: a batch with its history rows and revision triggers holds SQLite's write lock
# for well under a second, also with readers busy on a 2-core machine (at 100 rows a writer waited up to
# 1.2 s in the import drill; bench/FAULTS.md has what it waits at 50). PostgreSQL locks only a batch's own
# rows, which 500 rows hold for about 0.3 s; fewer, larger batches made a first import 25% faster.
BATCH_SIZE = 50
POSTGRES_BATCH_SIZE = 500


def default_batch_size() -> int:
    return POSTGRES_BATCH_SIZE if connection.vendor == "postgresql" else BATCH_SIZE


# SQLite's lock is not a queue: a waiting writer polls for it (at most every 100 ms), and an import that
# began its next batch the moment it committed kept a writer out for 21 s. A pause of one poll interval
# between batches lets it in. PostgreSQL queues waiters for a row lock: no pause.
SQLITE_PAUSE = 0.1


def batches(items, size: int):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


@contextmanager
def batch_transaction():
    """One batch, committed on its own (inside a dry run's transaction: a savepoint, and no pause)."""
    with transaction.atomic():
        yield
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(SQLITE_PAUSE)


def insert_rows(model, rows: list[dict]) -> None:
    """Insert new rows (field name -> plain value, every concrete field but the key) of a model without
    history or signals of its own (source facts), as bulk_create does; on PostgreSQL through COPY, with no
    model instances: 124,000 facts took 10 s through bulk_create's INSERT building, 3 s this way
    (bench/IMPORT_RESULTS.md)."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows])
        return
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(n).column) for n in names)
    with connection.cursor() as cursor, cursor.copy(
        f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row([row[n] for n in names])


def update_with_history(changed: dict, model, reason: str) -> None:
    """Save each object's changed fields (and `updated_at`), with one history row each, as
    bulk_update_with_history does, but without Django's bulk_update, which builds a CASE over every row
    for every field (about 10 ms a row, with SQLite's write lock held). On SQLite one plain UPDATE a row;
    on PostgreSQL one UPDATE ... FROM (VALUES ...) for the rows that changed the same fields."""
    if connection.vendor == "postgresql":
        by_fields: dict[tuple, list] = {}
        for obj, fields in changed.items():
            by_fields.setdefault(tuple(sorted(fields)), []).append(obj)
        for fields, objs in by_fields.items():
            _update_from_values(model, objs, [*fields, "updated_at"])
    else:
        for obj, fields in changed.items():
            values = {name: getattr(obj, name) for name in (*fields, "updated_at")}
            model._default_manager.filter(pk=obj.pk).update(**values)
    if changed:
        _history(model, list(changed), "~", reason)


def create_with_history(objs: list, model, reason: str) -> None:
    """bulk_create_with_history: the rows, and a "+" history row each."""
    model.objects.bulk_create(objs)
    _history(model, objs, "+", reason)


def _history(model, objs: list, history_type: str, reason: str) -> None:
    """One history row for each of these saved objects, as simple-history's bulk_history_create writes it
    (no user: imports have none). On PostgreSQL copied from the rows as stored, in one INSERT ... SELECT:
    building thousands of historical instances in Python cost about 4 s of an import."""
    if connection.vendor != "postgresql":
        model.history.bulk_history_create(objs, update=history_type == "~", default_change_reason=reason)
        return
    history = model.history.model
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in history.tracked_fields]
    own = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns + [quote(c) for c in own])}) "
        f"SELECT {', '.join(columns)}, %s, %s, %s, NULL FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} = ANY(%s) ORDER BY {quote(model._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), reason, history_type, [o.pk for o in objs]])


def _update_from_values(model, objs: list, names: list[str]) -> None:
    """UPDATE these rows' fields to the objects' values in one statement (PostgreSQL)."""
    quote = connection.ops.quote_name
    meta = model._meta
    fields = [meta.get_field(name) for name in names]
    pk = meta.pk
    # Text as text: an explicit cast to varchar(n) would cut a long value where assigning it fails loudly.
    def cast(f) -> str:
        return "text" if isinstance(f, models.CharField | models.TextField) else f.db_type(connection)

    casts = [f"%s::{cast(pk)}", *(f"%s::{cast(f)}" for f in fields)]
    row = "(" + ", ".join(casts) + ")"
    params = []
    for obj in objs:
        params.append(pk.get_db_prep_save(obj.pk, connection))
        params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields)
    aliases = ["pk", *(f"v{n}" for n in range(len(fields)))]
    assignments = ", ".join(
        f"{quote(f.column)} = v.{alias}" for f, alias in zip(fields, aliases[1:], strict=True)
    )
    table = quote(meta.db_table)
    sql = (
        f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(objs))}) "
        f"AS v({', '.join(aliases)}) WHERE {table}.{quote(pk.column)} = v.pk"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
