import os
import time

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from hypothesis import HealthCheck, settings

from catalog.editors import EDITORS_GROUP

# CI keeps property tests quick and deterministic; `HYPOTHESIS_PROFILE=dev` explores more.
settings.register_profile(
    "ci", max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def expected_database(django_db_setup, django_db_blocker):
    """`make test` runs the suite twice; make sure the PostgreSQL pass really runs on PostgreSQL
    (and Redis)."""
    expected = os.environ.get("VERSUS_EXPECT_DB")
    if expected and connection.vendor != expected:
        pytest.exit(
            f"expected the {expected} backend, got {connection.vendor}: is DATABASE_URL set?", returncode=1
        )
    if os.environ.get("VERSUS_EXPECT_CACHE") == "redis":
        from django.conf import settings as django_settings

        backend = django_settings.CACHES["default"]["BACKEND"]
        if backend != "config.cache.ResilientRedisCache":
            pytest.exit(f"expected the Redis cache, got {backend}: is CACHE_URL set?", returncode=1)


@pytest.fixture(scope="session", autouse=True)
def revision_listener():
    """The workers' LISTEN connection (catalog/revisions.py) holds the test database open: close it before
    the database is dropped."""
    yield
    from catalog.revisions import memo

    memo.close()


@pytest.fixture(scope="session", autouse=True)
def rate_limit_directory(tmp_path_factory):
    """On the embedded default the rate-limit counters are files beside db.sqlite3 (config/settings.py),
    shared by every run on the checkout and outliving them: a run gets a directory of its own, as it gets
    a database of its own."""
    from django.conf import settings as django_settings
    from django.test import override_settings

    config = django_settings.CACHES.get("ratelimit")
    if config is None or not config["BACKEND"].endswith("FileCache"):
        yield
        return
    own = {**config, "LOCATION": str(tmp_path_factory.mktemp("ratelimit"))}
    with override_settings(CACHES={**django_settings.CACHES, "ratelimit": own}):
        yield


class RateLimitClock:
    """The rate limits' wall clock, held still: a test's requests all fall in one window, as they would
    not if a window ended halfway through it (a 60 s window ends during a 1 s test one run in 60).
    `advance` moves it on, to end windows on purpose."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return time.monotonic()

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(autouse=True)
def rate_limit_clock(monkeypatch):
    from comparisons import throttle

    clock = RateLimitClock(float(int(time.time())))
    monkeypatch.setattr(throttle, "time", clock)
    # The counters' own expiry is the cache's, on the real clock: keep them while the test's clock stands.
    monkeypatch.setattr(throttle, "EXPIRY_MARGIN", 3600)
    return clock


@pytest.fixture(autouse=True)
def empty_cache(rate_limit_directory):
    """Each test starts with empty caches: pages and rate-limit counters would otherwise carry over from
    one test to the next (the database is rolled back; Redis and the counter files are not)."""
    from django.conf import settings as django_settings
    from django.core.cache import caches

    from comparisons.throttle import forget_local_counts

    caches["default"].clear()
    if django_settings.RATE_LIMIT_CACHE != "default":
        caches[django_settings.RATE_LIMIT_CACHE].clear()
    forget_local_counts()


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user(
        "edith", password="correct horse battery", is_staff=True, first_name="Edith"
    )
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(scope="session", autouse=True)
def collected_static(tmp_path_factory):
    """Pages reference hashed static files, as in production: collect them once per test run."""
    from django.conf import settings as django_settings
    from django.core.management import call_command

    django_settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    call_command("collectstatic", interactive=False, verbosity=0)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` run in the PostgreSQL pass of `make test`; the SQLite pass leaves them out
    (deselected, not skipped: CI fails on any skip)."""
    from django.conf import settings as django_settings

    if django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker("postgresql") else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_sessionfinish(session, exitstatus):
    """In CI (VERSUS_NO_SKIPS=1) a skipped test fails the run: every service the suite needs is there."""
    if not os.environ.get("VERSUS_NO_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"VERSUS_NO_SKIPS: {len(skipped)} test(s) skipped; CI requires none.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
