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
    db = SharedDatabase.create(vendor, os.environ.get("DATABASE_URL"))
    db.manage("load_demo_catalog")
    db.python(
        "from django.contrib.auth.models import User; "
        "User.objects.create_superuser('editor', 'editor@example.com', 'correct horse battery staple')"
    )
    yield db
    db.drop()


@pytest.fixture(scope="session")
def redis_server(redis_binary):
    server = RedisServer().start()
    yield server
    server.close()
