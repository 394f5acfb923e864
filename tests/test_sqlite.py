"""SQLite as the embedded default serves while it writes: the pragmas in effect, and a locked database
answers 503 with Retry-After, never a 500 (the drills with real processes are in
tests/e2e/test_sqlite_busy.py)."""

import json
import subprocess
import sys
from pathlib import Path

from django.db import OperationalError
from django.test import RequestFactory

from config.middleware import DATABASE_BUSY_RETRY_AFTER, DatabaseBusyMiddleware, server_error

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json
from django.conf import settings
from django.db import connection, transaction
with connection.cursor() as c:
    pragmas = {p: c.execute(f"PRAGMA {p}").fetchone()[0]
               for p in ("journal_mode", "busy_timeout", "synchronous")}
with transaction.atomic():
    pass
print(json.dumps({**pragmas, "transaction_mode": connection.transaction_mode,
                  "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"]}))
"""


def test_sqlite_file_database_runs_in_wal_with_a_busy_timeout(tmp_path):
    """A file database (what `make run` and gunicorn use; the test run's own is in memory)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "DJANGO_DEBUG": "false",
    }
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    probe = json.loads(out.strip().splitlines()[-1])
    assert probe == {"journal_mode": "wal", "busy_timeout": 5000, "synchronous": 1,  # 1 is NORMAL
                     "transaction_mode": "IMMEDIATE", "conn_max_age": 600}


def _locked(request):
    raise OperationalError("database is locked")


def test_locked_database_in_a_view_answers_503_with_retry_after():
    request = RequestFactory().get("/models/")
    response = DatabaseBusyMiddleware(_locked).process_exception(
        request, OperationalError("database is locked")
    )
    assert response.status_code == 503
    assert response["Retry-After"] == str(DATABASE_BUSY_RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    assert "reload this page in 5 seconds" in response.content.decode()


def test_locked_database_in_an_admin_save_says_nothing_was_saved():
    request = RequestFactory().post("/admin/catalog/offering/1/change/")
    response = DatabaseBusyMiddleware(_locked).process_exception(
        request, OperationalError("database is locked")
    )
    assert response.status_code == 503
    assert "nothing was saved" in response.content.decode()


def test_other_database_errors_are_left_alone():
    request = RequestFactory().get("/models/")
    assert (
        DatabaseBusyMiddleware(_locked).process_exception(request, OperationalError("no such table: x"))
        is None
    )


def test_handler500_turns_a_lock_raised_outside_the_view_into_a_503():
    """A lock raised by a middleware (a session saved on the way out) reaches handler500, not the view's."""
    request = RequestFactory().get("/")
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == str(DATABASE_BUSY_RETRY_AFTER)
    try:
        raise ValueError("a bug")
    except ValueError:
        assert server_error(request).status_code == 500
