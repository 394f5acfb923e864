import os
import shutil

import pytest
from django.db import connection

from .servers import RedisServer, SharedDatabase


@pytest.fixture(scope="session")
def redis_binary():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")


@pytest.fixture(scope="session")
def shared_db(django_db_blocker):
    """A migrated database with the demo catalog, shared by the server processes of the e2e tests."""
    with django_db_blocker.unblock():
        vendor = connection.vendor
    db = SharedDatabase.with_demo_and_editor(vendor, os.environ.get("DATABASE_URL"))
    yield db
    db.drop()


@pytest.fixture(scope="session")
def redis_server(redis_binary):
    server = RedisServer().start()
    yield server
    server.close()
