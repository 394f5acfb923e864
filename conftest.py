"""Rate-limit counters of a test run are its own (rootdir conftest: tests/conftest.py holds the rest).

On the embedded default the counters are files beside db.sqlite3 (config/settings.py), which would be
shared by every test run on the checkout and outlive them: a run gets a directory of its own, as it gets a
database of its own, and each test starts with no counts (the database is rolled back, the files are not).
With Redis the counters are in the default cache, which tests/conftest.py empties before each test.
"""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings


@pytest.fixture(scope="session", autouse=True)
def rate_limit_directory(tmp_path_factory):
    config = settings.CACHES.get("ratelimit")
    if config is None or not config["BACKEND"].endswith("FileCache"):
        yield
        return
    own = {**config, "LOCATION": str(tmp_path_factory.mktemp("ratelimit"))}
    with override_settings(CACHES={**settings.CACHES, "ratelimit": own}):
        yield


@pytest.fixture(autouse=True)
def no_counts(rate_limit_directory):
    if settings.RATELIMIT_USE_CACHE != "default":
        caches[settings.RATELIMIT_USE_CACHE].clear()
