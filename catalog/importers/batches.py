"""How an import writes: in batches of BATCH_SIZE rows, each batch one transaction with its history rows."""

import time
from contextlib import contextmanager

from django.db import connection, transaction

# Rows per transaction: a batch with its history rows and revision triggers holds SQLite's write lock
# for well under a second, also with readers busy on a 2-core machine (at 100 rows a writer waited up to
# 1.2 s in the import drill; bench/FAULTS.md has what it waits at 50).
BATCH_SIZE = 50
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


def update_with_history(changed: dict, model, reason: str) -> None:
    """Save each object's changed fields (and `updated_at`), with one history row each, as
    bulk_update_with_history does, but one plain UPDATE a row: Django's bulk_update builds a CASE over
    every row for every field, and building it cost about 10 ms a row with the write lock held."""
    for obj, fields in changed.items():
        values = {name: getattr(obj, name) for name in (*fields, "updated_at")}
        model._default_manager.filter(pk=obj.pk).update(**values)
    if changed:
        model.history.bulk_history_create(list(changed), update=True, default_change_reason=reason)
