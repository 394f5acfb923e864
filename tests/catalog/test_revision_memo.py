"""Revisions read by page views: memoized per worker, and forgotten on the notification a commit sends
(PostgreSQL) or when the connection's data version or own change count moves (SQLite): catalog/revisions.py.

The writes here come from a second connection, as from another worker or machine, and commit before the
next read, which must see them.
"""

import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog import revisions
from catalog.models import FactsRevision, Offering
from tests.admin_forms import admin_form_data
from tests.databases import ON_POSTGRES
from tests.factories import make_model, make_offering, make_provider

pytestmark = pytest.mark.django_db(transaction=True)



@pytest.fixture(autouse=True)
def listening(settings):
    """A worker that has just started listening (and taken its checksum); no periodic check during a test
    unless it asks for one."""
    settings.REVISION_MEMO_CHECK_SECONDS = 60
    revisions.memo.close()
    revisions.memo.begin()


@pytest.fixture
def model():
    model = make_model("Llama A")
    make_offering(model, make_provider("Groq"), input_price=Decimal("1"))
    settle()
    return model


def settle(quiet: float = 0.2) -> None:
    """Take in the announcements of the fixtures' own commits: each commit sends one, and one that comes
    late would empty the memo in the middle of a test (a loaded CI host delays them by many ms)."""
    if not ON_POSTGRES:
        return
    memo = revisions.memo
    with memo.lock:
        while True:
            received = memo.notifications
            memo._poll(quiet)
            if memo.notifications == received:
                return


@pytest.fixture
def elsewhere():
    """A connection of another process: autocommit, so every statement is committed on return."""
    if ON_POSTGRES:
        other = connection.Database.connect(**connection.get_connection_params())
        other.autocommit = True
        yield lambda sql, params=(): other.execute(sql, params)
        other.close()
    else:
        import sqlite3

        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None, timeout=20)
        yield lambda sql, params=(): other.execute(sql.replace("%s", "?"), params)
        other.close()


def lookup(slug: str) -> tuple[int, int]:
    """(model revision, catalog revision) and the number of queries the lookup made."""
    with CaptureQueriesContext(connection) as queries:
        rows = FactsRevision.objects.lookup(slugs=[slug], scopes=(FactsRevision.CATALOG,))
    revision = {(slug is None): revision for _, slug, revision, _ in rows}
    return (revision.get(False), revision.get(True)), len(queries)


def test_repeated_reads_cost_a_query_only_when_not_memoized(model):
    first, queries = lookup(model.slug)
    assert queries == 1
    again, queries = lookup(model.slug)
    assert again == first
    # Nothing changed, so the worker answers from its memo.
    assert queries == 0


def test_a_reconnected_worker_sees_what_changed_while_it_was_away(model, elsewhere):
    """A new connection (CONN_MAX_AGE ran out, the server restarted) cannot know what was committed before
    it opened: the memo starts afresh."""
    before, _ = lookup(model.slug)
    connection.close()
    elsewhere("UPDATE catalog_offering SET input_price = 5 WHERE model_id = %s", (model.pk,))
    settle()
    (revision, _), queries = lookup(model.slug)
    assert queries == 1 and revision != before[0]
    assert revision == FactsRevision.objects.get(model_id=model.pk).revision


def test_a_write_by_another_thread_of_the_worker_is_seen_at_once(model):
    """Threaded workers: each thread has its own connection, and one memo serves them all."""
    import threading

    before, _ = lookup(model.slug)
    assert lookup(model.slug)[1] == 0

    def write():
        with revisions.memo.fence():
            Offering.objects.filter(model=model).update(input_price=Decimal("4"))
        connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    (revision, _), queries = lookup(model.slug)
    assert queries == 1 and revision != before[0]
    assert revision == FactsRevision.objects.get(model_id=model.pk).revision


def test_a_fenced_write_is_seen_by_the_very_next_read(model, elsewhere):
    """The fence (around every request that may write) returns once the commit's announcement is here."""
    offering = Offering.objects.get(model=model)
    seen, _ = lookup(model.slug)
    for n in range(1, 101):
        with revisions.memo.fence():
            Offering.objects.filter(pk=offering.pk).update(input_price=n)
        (revision, catalog), _ = lookup(model.slug)
        assert revision != seen[0], f"write {n} not seen"
        assert catalog == seen[1]  # a price is not a catalog-wide change
        assert revision == FactsRevision.objects.get(model_id=model.pk).revision
        seen = (revision, catalog)


@pytest.mark.postgresql
def test_the_fence_returns_only_once_the_notification_has_arrived(model):
    """What makes the next request on another worker see the write: by the time the writing request
    answers, its commit's notification has reached a listener (every listener was signalled together)."""
    for n in range(20):
        received = revisions.memo.notifications
        with revisions.memo.fence():
            Offering.objects.filter(model=model).update(input_price=n + 1)
        assert revisions.memo.notifications == received + 1, f"write {n}"
    # A request that writes nothing that moves a revision does not wait.
    start = time.monotonic()
    with revisions.memo.fence():
        FactsRevision.objects.filter(model_id=model.pk).exists()
    assert time.monotonic() - start < 0.05


def test_a_write_by_another_process_is_seen_within_milliseconds(model, elsewhere):
    """Writes outside any request (a shell, a script) have no fence: PostgreSQL delivers the announcement
    right after the commit, microseconds to a few milliseconds later; on SQLite the very next read sees
    the data version move."""
    offering = Offering.objects.get(model=model)
    seen, _ = lookup(model.slug)
    delays = []
    for n in range(1, 101):
        elsewhere("UPDATE catalog_offering SET input_price = %s WHERE id = %s", (n, offering.pk))
        start = time.monotonic()
        while (revision := lookup(model.slug)[0][0]) == seen[0]:
            assert time.monotonic() - start < 0.5, f"write {n} not seen after 0.5 s"
        delays.append(time.monotonic() - start)
        assert revision == FactsRevision.objects.get(model_id=model.pk).revision
        seen = (revision, None)
    assert sorted(delays)[94] < 0.01, sorted(delays)[-10:]
    if not ON_POSTGRES:
        assert max(delays) < 0.01  # the first read after the commit: no loop


def test_a_read_memoized_before_another_process_wrote_is_not_served_after(model, elsewhere):
    """Reads between writes come from the memo; every write elsewhere is seen by the first read after it."""
    offering = Offering.objects.get(model=model)
    for n in range(1, 21):
        seen, _ = lookup(model.slug)
        assert lookup(model.slug) == (seen, 0)
        elsewhere("UPDATE catalog_offering SET input_price = %s WHERE id = %s", (n + 10, offering.pk))
        settle()
        (revision, _), queries = lookup(model.slug)
        assert queries == 1 and revision != seen[0], f"write {n} not seen"


def test_a_model_published_after_being_missing_is_found_at_once(model):
    assert lookup("llama-b")[0][0] is None
    assert lookup("llama-b")[0][0] is None  # "no such model" is memoized too
    make_model("Llama B")  # committed at once (no transaction open)
    (revision, _), _ = lookup("llama-b")
    assert revision == FactsRevision.objects.get(slug="llama-b").revision


def test_uncommitted_writes_of_the_current_transaction_are_read_not_memoized(model):
    before, _ = lookup(model.slug)
    # Fenced, as every request that may write is (WriteFenceMiddleware): unfenced, the read right after the
    # commit can come before the commit's own announcement, and a loaded CI host once saw the memo's value.
    with revisions.memo.fence(), transaction.atomic():
        Offering.objects.filter(model=model).update(input_price=Decimal("2"))
        inside, queries = lookup(model.slug)
        assert queries == 1 and inside[0] != before[0]
    after, _ = lookup(model.slug)
    assert after == inside


def test_directory_summaries_follow_writes(model):
    from django.db.models import Q

    first = FactsRevision.objects.summary(Q(vendor=model.vendor))
    assert FactsRevision.objects.summary(Q(vendor=model.vendor)) == first
    with revisions.memo.fence():
        Offering.objects.filter(model=model).update(output_price=7)
    assert FactsRevision.objects.summary(Q(vendor=model.vendor))["models"] != first["models"]


@pytest.mark.postgresql
def test_a_lost_listening_connection_means_reading_the_database(model, elsewhere, caplog):
    lookup(model.slug)
    listener_pid = revisions.memo.listener.info.backend_pid
    elsewhere("SELECT pg_terminate_backend(%s)", (listener_pid,))
    time.sleep(0.2)  # the server closes the socket
    elsewhere("UPDATE catalog_offering SET input_price = 3 WHERE model_id = %s", (model.pk,))
    # (No notification can reach a closed connection: this read must notice it is closed.)
    (revision, _), queries = lookup(model.slug)
    assert queries == 1 and revision == FactsRevision.objects.get(model_id=model.pk).revision
    assert "revision listener lost" in caplog.text
    # The next read listens again (attempts are at most a second apart while the database is down), takes
    # a new checksum and fills the memo afresh.
    assert lookup(model.slug)[1] == 2
    assert lookup(model.slug)[1] == 0
    assert revisions.memo.listener.info.backend_pid != listener_pid


@pytest.mark.postgresql
def test_a_change_whose_announcement_never_came_is_caught_by_the_periodic_check(model, elsewhere, settings):
    settings.REVISION_MEMO_CHECK_SECONDS = 1
    revisions.memo.check_at = 0  # check now, then not for a second
    before, _ = lookup(model.slug)
    assert lookup(model.slug)[1] == 0
    # A write that announces nothing (its notification trigger switched off for the statement).
    elsewhere("BEGIN")
    elsewhere("ALTER TABLE catalog_factsrevision DISABLE TRIGGER catalog_factsrevision_notify")
    elsewhere("UPDATE catalog_offering SET input_price = 9 WHERE model_id = %s", (model.pk,))
    elsewhere("ALTER TABLE catalog_factsrevision ENABLE TRIGGER catalog_factsrevision_notify")
    elsewhere("COMMIT")
    assert lookup(model.slug) == (before, 0)  # not announced: the memo cannot know yet
    time.sleep(1.05)
    (revision, _), queries = lookup(model.slug)
    assert revision != before[0] and revision == FactsRevision.objects.get(model_id=model.pk).revision
    assert queries == 2  # the checksum, then the revision itself


@pytest.mark.postgresql
def test_the_fence_knows_every_table_with_revision_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relname LIKE 'catalog_%%'"
        )
        tables = {f'"{name}"' for (name,) in cursor.fetchall()}
    assert tables == set(revisions.REVISED_TABLES)


@pytest.mark.postgresql
def test_an_admin_save_answers_after_its_announcement(model, admin_client):
    offering = Offering.objects.get(model=model)
    lookup(model.slug)
    before, queries = lookup(model.slug)
    assert queries == 0
    url = f"/admin/catalog/offering/{offering.pk}/change/"
    page = admin_client.get(url)
    response = admin_client.post(url, {**admin_form_data(page), "input_price": "0.25"})
    assert response.status_code == 302
    after, queries = lookup(model.slug)
    assert queries == 1 and after[0] != before[0]
