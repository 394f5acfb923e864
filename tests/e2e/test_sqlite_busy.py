"""SQLite under concurrent writers, with real gunicorn processes over one database file (the embedded
default): two stale admin saves at the same instant give one save and one conflict message, and a
database locked past the busy timeout answers 503 with Retry-After while pages keep being read."""

import re
import sqlite3
import threading
from decimal import Decimal

import pytest

from .servers import Gunicorn, SharedDatabase, form_fields

CONFLICT = "after you opened it; your changes were not saved"


@pytest.fixture(scope="module")
def sqlite_db():
    db = SharedDatabase.with_demo_and_editor("sqlite", None)
    yield db
    db.drop()


@pytest.fixture(scope="module")
def offering_path(sqlite_db):
    pk = sqlite_db.python(
        "from catalog.models import Offering; "
        "print(Offering.objects.filter(input_price__isnull=False).order_by('pk')"
        ".values_list('pk', flat=True)[0])"
    ).strip()
    return f"/admin/catalog/offering/{pk}/change/"


@pytest.fixture(scope="module")
def two_editors(sqlite_db):
    """Two servers, two processes, two signed-in editors."""
    servers = [
        Gunicorn(sqlite_db, DATABASE_SQLITE_TIMEOUT="0.5"),
        Gunicorn(sqlite_db, DATABASE_SQLITE_TIMEOUT="0.5"),
    ]
    for server in servers:
        server.login("editor", "correct horse battery staple")
    yield servers
    for server in servers:
        server.close()


def form_of(server, path) -> dict:
    page = server.get(path)
    assert page.status == 200, page.text[:500]
    return form_fields(page.text)


def save(server, path, fields, changes):
    return server.post(path, list({**fields, **changes, "_save": "Save"}.items()))


def test_two_stale_saves_at_the_same_instant_give_one_save_and_one_conflict(two_editors, offering_path):
    a, b = two_editors
    for attempt in range(5):
        forms = [form_of(a, offering_path), form_of(b, offering_path)]
        assert forms[0]["seen_version"] == forms[1]["seen_version"]
        barrier, replies = threading.Barrier(2), [None, None]

        def submit(i, server, forms=forms, barrier=barrier, replies=replies, attempt=attempt):
            barrier.wait()
            replies[i] = save(server, offering_path, forms[i], {"input_price": f"0.01{attempt}{i + 1}"})

        threads = [threading.Thread(target=submit, args=(i, s)) for i, s in enumerate(two_editors)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(r.status for r in replies)
        assert statuses == [200, 302], [(r.status, r.text[:300]) for r in replies]
        conflict = next(r for r in replies if r.status == 200)
        assert CONFLICT in conflict.text
        saved = replies.index(next(r for r in replies if r.status == 302))
        page = form_of(a, offering_path)
        assert Decimal(page["input_price"]) == Decimal(f"0.01{attempt}{saved + 1}")


def test_a_locked_database_answers_503_and_saves_nothing_while_pages_are_read(
    two_editors, sqlite_db, offering_path
):
    a, _ = two_editors
    fields = form_of(a, offering_path)
    before = fields["input_price"]
    path = re.sub(r"^sqlite:///", "", sqlite_db.url)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the 0.5 s timeout
    try:
        assert a.get("/models/").status == 200  # WAL: readers do not wait for the writer
        reply = save(a, offering_path, fields, {"input_price": "0.0199"})
        assert reply.status == 503
        assert reply.headers["Retry-After"] == "5"
        assert "nothing was saved" in reply.text
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert Decimal(form_of(a, offering_path)["input_price"]) == Decimal(before)
    fields = form_of(a, offering_path)
    assert save(a, offering_path, fields, {"input_price": "0.0199"}).status == 302
