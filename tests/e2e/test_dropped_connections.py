"""PostgreSQL drops a worker's connections (an idle timeout, a proxy, an administrator): the next requests,
cached or built, answer as usual; the worker reconnects (health-checked persistent connection) and listens
for revision changes again (catalog/revisions.py)."""

import pytest

from .servers import Gunicorn

pytestmark = pytest.mark.postgresql

PAGES = [
    "/compare/gpt-4o-vs-gpt-4o-mini/",  # cached before the drop
    # Built after the drop: its revisions are memoized (the directory was served before), so its first
    # query is an ordinary one, on a connection the server has closed.
    "/models/?vendor=openai",
    "/compare/claude-sonnet-4-5-vs-gpt-4o/",
    "/models/gpt-4o/",
]


def drop_connections(shared_db, keep_listener: bool) -> int:
    spare = " AND query NOT LIKE 'LISTEN %%'" if keep_listener else ""
    return int(shared_db.python(
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute(\"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        f"WHERE datname = current_database() AND pid <> pg_backend_pid(){spare}\")\n"
        "    print(c.fetchone()[0])"
    ))


@pytest.mark.parametrize("keep_listener", [False, True], ids=["all connections", "all but the listening one"])
def test_dropped_connections_cost_no_error(shared_db, keep_listener):
    server = Gunicorn(shared_db)
    try:
        assert server.get(PAGES[0]).status == 200
        assert server.get(PAGES[0]).headers["X-Cache"] == "hit"
        assert server.get("/models/").status == 200
        assert drop_connections(shared_db, keep_listener) >= 1
        for url in PAGES:
            reply = server.get(url)
            assert reply.status == 200, (url, reply.status, reply.text[:500])
        # Still answering from the memo and the cache afterwards, and still fresh after an edit.
        assert server.get(PAGES[0]).headers["X-Cache"] == "hit"
        shared_db.python(
            "from catalog.models import Offering; "
            "Offering.objects.filter(model__slug='gpt-4o-mini').update(input_price='0.0777')"
        )
        assert "$0.0777" in server.get(PAGES[0]).text
    finally:
        server.close()
