"""Reading the data revisions (catalog.FactsRevision): `FactsRevision.objects.lookup()` and `.summary()`
(the queryset at the end of this module), the per-worker memo that answers them without a database round
trip, and the write fence.

On SQLite the memo needs no listener: before each read, the connection's `PRAGMA data_version` (moved by
other connections' commits) and `total_changes` (moved by its own writes) say whether anything changed
since this connection last looked (`RevisionMemo._begin_sqlite`); they cost a few microseconds, the
revision query through the ORM's cursor a cached page's tenth. The rest of this docstring is PostgreSQL's.

Every public page view needs the current revisions of the data it shows (catalog.FactsRevision), and a
cached page costs little else: on a small machine the query was a third of a cached page's cost
(bench/RESULTS.md). So each worker process memoizes what it read, and the database tells it when to
forget: a statement trigger on the revision table sends `NOTIFY catalog_facts` in every transaction that
bumps a revision (migration 0009), and PostgreSQL delivers it to every listening session, in every worker
and on every machine, when that transaction commits.

A worker holds one extra connection that only LISTENs. Before it answers from the memo, a page view checks
that connection's socket without blocking (one `select` call) and empties the memo if a notification came
in. PostgreSQL signals the listening sessions during the commit, but each of them writes the notification
to its socket a moment later: a read made right after a commit elsewhere can miss it (a test saw 1 read in
about 35 do so when it came within microseconds of the commit). So a request that
writes answers only once its own commit's notification has reached its own worker (`fence`, used by
config.middleware.WriteFenceMiddleware): every other listener was signalled by the same commit, and the
editor's next request, on any worker or machine, comes a network round trip later still.

The memo is only used:
- unless REVISION_MEMO_CHECK_SECONDS = 0;
- outside transactions (a test's, or a view's own uncommitted writes, notify no one);
- while the listening connection is up: it is re-opened at most once a second, and the memo is emptied
  when it is (notifications sent meanwhile are lost);
- and, as a safety net should notifications stop arriving on a connection that looks alive (TCP keepalives
  notice a dead peer within about 10 s), a checksum of the revision table is read every
  REVISION_MEMO_CHECK_SECONDS (5 s): when it moved, everything is forgotten.
"""

import contextlib
import datetime
import logging
import os
import select
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections, models
from django.db.models import Q

log = logging.getLogger(__name__)

CHANNEL = "catalog_facts"
TABLE = "catalog_factsrevision"
# Bounded: a crawler asking for random slugs fills it with misses; when full it is simply emptied.
MAX_ENTRIES = 50_000
RECONNECT_SECONDS = 1.0


class RevisionMemo:
    """A per-process memo of revision reads, emptied whenever the database announces a new revision."""

    def __init__(self, alias: str = "default"):
        self.alias = alias
        self.lock = threading.RLock()
        self.entries: dict = {}
        # Moves whenever the memo is emptied: a read that started before it must not be stored after it.
        self.epoch = 0
        self.pid = None
        self.listener = None
        self.inherited = []
        self.database = None
        self.retry_at = 0.0
        # The revision table's checksum at the last check, and when to check next.
        self.checksum = None
        self.check_at = 0.0
        # How many notifications this process has received (for tests and whoever debugs it).
        self.notifications = 0

    # The page views' side ------------------------------------------------------------------------------

    def begin(self, alias: str = "default") -> int | None:
        """The epoch to read database `alias` under, or None when the memo must not be used for this read."""
        interval = settings.REVISION_MEMO_CHECK_SECONDS
        if alias != self.alias or not interval:
            return None
        connection = connections[alias]
        if connection.in_atomic_block:
            return None
        if connection.vendor == "sqlite":
            return self._begin_sqlite(connection)
        if connection.vendor != "postgresql":
            return None
        with self.lock:
            if not self._poll():
                return None
            if time.monotonic() >= self.check_at and not self._check(connection, interval):
                return None
            return self.epoch

    def _begin_sqlite(self, connection) -> int | None:
        """SQLite: the memo holds while this connection's stamp has not moved since its last read.

        `PRAGMA data_version` moves when another connection (another thread, worker or process) commits a
        change to the file, and the connection's `total_changes` when it writes itself (triggers included).
        Each connection compares with the stamp it saw last; a new connection knows nothing of what came
        before it, so it empties the memo too. Every commit thus empties the memo at the first read after
        it on every connection, and a read begun before that is not stored (the epoch moved).
        """
        try:
            connection.ensure_connection()
            raw = connection.connection
            (version,) = raw.execute("PRAGMA data_version").fetchone()
        except (DatabaseError, connection.Database.Error):
            return None  # the read that follows reports it
        stamp = (raw, version, raw.total_changes)
        with self.lock:
            seen = getattr(connection, "revision_stamp", None)
            if seen is None or seen[0] is not raw or seen[1:] != stamp[1:]:
                connection.revision_stamp = stamp
                self.clear()
            return self.epoch

    def get_many(self, epoch: int, keys: list) -> dict:
        """The entries for `keys` that are present (values may be None: "no such row" is remembered too)."""
        with self.lock:
            if epoch != self.epoch:
                return {}
            entries = self.entries
            return {key: entries[key] for key in keys if key in entries}

    def set_many(self, epoch: int, values: dict) -> None:
        """Remember what a read returned, unless the memo was emptied since `begin()` returned `epoch` (a
        notification, or on SQLite a moved stamp: the read may have seen the data from before it)."""
        with self.lock:
            # PostgreSQL: take in the notifications that came meanwhile (they move the epoch).
            if connections[self.alias].vendor == "postgresql" and not self._poll():
                return
            if epoch != self.epoch:
                return
            if len(self.entries) + len(values) > MAX_ENTRIES:
                self.entries.clear()
            self.entries.update(values)

    def _check(self, connection, interval: float) -> bool:
        """The safety net: every `interval` s, a checksum of the whole revision table; if it moved since
        the last check, forget everything (normally the notification did already). False if the database
        cannot answer (the read that follows reconnects)."""
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*), coalesce(sum(revision), 0) FROM {TABLE}")
                checksum = cursor.fetchone()
        except DatabaseError:
            return False
        if checksum != self.checksum:
            self.clear()
            self.checksum = checksum
        self.check_at = time.monotonic() + interval
        return True

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.epoch += 1

    # The listening connection ---------------------------------------------------------------------------

    def _poll(self, timeout: float = 0) -> bool:
        """Consume pending notifications (waiting up to `timeout` s for one); False when not listening (the
        memo is then unusable)."""
        if self.pid != os.getpid():
            # A forked worker inherits the parent's connection (if any): never use it, and never close it
            # either (closing would end the parent's session); keep a reference so that it is not freed.
            self.inherited.append(self.listener)
            self.pid, self.listener = os.getpid(), None
            self.clear()
        if self.listener is not None and self.database != connections[self.alias].settings_dict["NAME"]:
            self._drop()  # the database was switched under us (the test runner does): listen to the new one
        if self.listener is None and not self._listen():
            return False
        pgconn = self.listener.pgconn
        notified = False
        try:
            # A closed connection reads as readable: the server's goodbye, then end of file (an error).
            for _ in range(64):
                readable, _, _ = select.select([pgconn.socket], [], [], 0 if notified else timeout)
                if not readable:
                    break
                pgconn.consume_input()
                while pgconn.notifies() is not None:
                    notified = True
                    self.notifications += 1
            if pgconn.status != 0:  # CONNECTION_OK
                raise OSError("the listening connection is closed")
        except Exception as error:  # noqa: BLE001 - any failure of this connection means: not listening
            log.warning("revision listener lost (%s); reading revisions from the database", error)
            self._drop()
            self.retry_at = 0.0  # try to listen again at once (then at most once a second)
            return False
        if notified:
            self.clear()
        return True

    # The writers' side ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def fence(self, timeout: float = 0.2):
        """Run a block that may write catalog data; if it did, wait (up to `timeout` s) for the database's
        announcement of the new revision to reach this process before going on.

        Used around every request that may write (config.middleware.WriteFenceMiddleware): the editor's
        save answers only once the announcement is out, and every listening worker was signalled by the
        same commit, so the next request anywhere finds it. It also empties this process's memo itself.
        """
        connection = connections[self.alias]
        if not settings.REVISION_MEMO_CHECK_SECONDS or connection.vendor != "postgresql":
            yield
            return
        with self.lock:
            self._poll()  # listening before the commit, so that its notification reaches us
        watch = _WriteWatch()
        with connection.execute_wrapper(watch):
            yield
        if watch.wrote:
            with self.lock:
                if self.listener is not None:
                    deadline, epoch = time.monotonic() + timeout, self.epoch
                    # Until a notification empties the memo (the epoch moves), the listener is lost, or
                    # time is up.
                    while (
                        self.epoch == epoch and (left := deadline - time.monotonic()) > 0 and self._poll(left)
                    ):
                        pass
                self.clear()

    def _listen(self) -> bool:
        now = time.monotonic()
        if now < self.retry_at:
            return False
        self.retry_at = now + RECONNECT_SECONDS
        connection = connections[self.alias]
        try:
            params = connection.get_connection_params()
            params.setdefault("connect_timeout", 2)
            # Notice a silently dead peer (a network partition) in about 5 + 2 x 2 s.
            params.update(keepalives=1, keepalives_idle=5, keepalives_interval=2, keepalives_count=2)
            listener = connection.Database.connect(**params)
            listener.autocommit = True
            listener.execute(f"LISTEN {CHANNEL}")
        except Exception as error:  # noqa: BLE001 - the database is down or refuses: read it each time
            log.warning("cannot listen for revision changes (%s); reading revisions from the database", error)
            return False
        self.listener = listener
        self.database = connection.settings_dict["NAME"]
        # Whatever changed while nobody listened is unknown: forget everything, and take a new checksum
        # before anything is remembered.
        self.clear()
        self.checksum, self.check_at = None, 0.0
        return True

    def close(self) -> None:
        """Stop listening (the memo is unused until a page view listens again)."""
        with self.lock:
            self._drop()
            self.retry_at = 0.0  # not a failure: listen again on the next read

    def _drop(self) -> None:
        listener, self.listener = self.listener, None
        self.clear()
        if listener is not None:
            try:
                listener.close()
            except Exception:  # noqa: BLE001, S110 - closing a broken connection may fail too
                pass


class _WriteWatch:
    """A database execute wrapper that notes whether a statement wrote to a table whose triggers move the
    revisions (migration 0008)."""

    def __init__(self):
        self.wrote = False

    def __call__(self, execute, sql, params, many, context):
        if not self.wrote and sql.lstrip()[:6].upper() in _WRITES and any(t in sql for t in REVISED_TABLES):
            self.wrote = True
        return execute(sql, params, many, context)


_WRITES = {"INSERT", "UPDATE", "DELETE"}
# The tables with revision triggers (tests/catalog/test_revision_memo.py checks this against the database),
# as Django quotes them in SQL.
REVISED_TABLES = tuple(
    f'"catalog_{name}"'
    for name in (
        "languagemodel", "offering", "benchmarkscore", "pairnote", "pairquestion", "vendor", "provider",
        "benchmark", "factsrevision", "pricetier",
    )
)

memo = RevisionMemo()


class FactsRevisionQuerySet(models.QuerySet):
    """FactsRevision.objects: the reads every page view makes, through the memo where it may be used.
    Its model (catalog.models.FactsRevision) imports it; it reaches the models only through `self.model`."""

    def for_models(self, model_filter: Q):
        """The catalog-wide row plus the rows of the published models that `model_filter` (a Q over
        LanguageModel) selects: one query, for cache keys."""
        language_model = self.model._meta.get_field("model").related_model
        selected = language_model._default_manager.published().filter(model_filter).values("pk")
        return self.filter(Q(pk=self.model.CATALOG) | Q(pk__in=selected))

    def summary(self, model_filter: Q) -> dict:
        """Catalog revision, a digest of the selected models' revisions and the latest change, in one query.

        The digest is a sum: a bump replaces a revision with a fresh value (PostgreSQL: a larger one from a
        sequence), so the sum moves whenever any selected model changes.
        """
        key = ("summary", self.db, model_filter)
        epoch = memo.begin(self.db)
        if epoch is not None:
            try:
                found = memo.get_many(epoch, [key])
            except TypeError:  # a filter that cannot be a dictionary key: read it each time
                epoch, found = None, {}
            if key in found:
                return found[key]
        catalog = Q(pk=self.model.CATALOG)
        summary = self.for_models(model_filter).aggregate(
            catalog=models.Max("revision", filter=catalog),
            models=models.Sum("revision", filter=~catalog),
            count=models.Count("pk", filter=~catalog),
            changed_at=models.Max("changed_at"),
        )
        if epoch is not None:
            memo.set_many(epoch, {key: summary})
        return summary

    def lookup(self, slugs: list[str] = (), scopes: tuple[int, ...] = ()) -> list[tuple]:
        """(model_id, slug, revision, changed_at) of the published models with these slugs and of the rows
        `scopes` (CATALOG, ANY_CHANGE; their slug is None), in one query at most.

        It runs on every page view, cache hits included. On PostgreSQL the rows come from the worker's
        memo while the database has announced no change since they were read.
        """
        keys = [("scope", scope) for scope in scopes] + [("slug", slug) for slug in slugs]
        epoch = memo.begin(self.db)
        if epoch is not None:
            found = memo.get_many(epoch, keys)
            if len(found) == len(keys):
                return [row for row in found.values() if row is not None]
        rows = self._read(slugs, scopes)
        if epoch is not None:
            by_key = {key: None for key in keys}
            for row in rows:
                by_key[("slug", row[1]) if row[1] is not None else ("scope", row[0])] = row
            memo.set_many(epoch, by_key)
        return rows

    def _read(self, slugs, scopes) -> list[tuple]:
        # Hand-written SQL over this one table: the ORM's query compilation would cost more than the query.
        conditions, params = [], []
        if scopes:
            conditions.append(f"model_id IN ({', '.join(['%s'] * len(scopes))})")
            params += scopes
        if slugs:
            conditions.append(f"slug IN ({', '.join(['%s'] * len(slugs))})")
            params += slugs
        if not conditions:
            return []
        table, where = self.model._meta.db_table, " OR ".join(conditions)
        sql = f"SELECT model_id, slug, revision, changed_at FROM {table} WHERE {where}"
        connection = connections[self.db]
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        except (OperationalError, InterfaceError):
            # The first query of a page view: a persistent connection the server dropped (a restart, a
            # failover) fails here. Reconnect and ask again, instead of paying a health-check round trip
            # on every request (settings: CONN_HEALTH_CHECKS).
            if connection.in_atomic_block:
                raise
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        return [
            (model_id, slug, revision, _aware(changed_at)) for model_id, slug, revision, changed_at in rows
        ]


def _aware(value) -> datetime.datetime | None:
    # Raw SQL skips the field's converters: SQLite hands back text, PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value
