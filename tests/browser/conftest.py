"""Browser tests: a real gunicorn serving the demo catalog, driven by Debian's headless Chromium.

The server runs on its own SQLite file (the browser tests check what a visitor does, not the database;
the rest of the suite covers PostgreSQL), with static files collected and served by whitenoise as in
production.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# The browser server's environment, for fixtures that prepare its database (an editor's account).
SERVER_ENV: dict[str, str] = {}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(env: dict, setup: list[list[str]], server: list[str], workdir: Path, quiet: bool = False):
    """Run `manage.py` setup commands, start `server` (an argv with {port}), yield its URL once it answers,
    stop it and remove `workdir` afterwards. `quiet` drops its error output too
    (runserver logs every request)."""
    for command in setup:
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )
    port = _free_port()
    process = subprocess.Popen([arg.format(port=port) for arg in server], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL if quiet else None)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"{server[:3]} did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def site_url():
    workdir = Path(tempfile.mkdtemp(prefix="versus-browser-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "CACHE_URL": "locmemcache://browser",
    }
    SERVER_ENV.update(env)
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "-b",
        "127.0.0.1:{port}",
        "-w",
        "2",
        "--log-level",
        "warning",
        # Chromium, still open when this fixture ends, keeps idle connections a sync worker waits on: on
        # SIGTERM the workers get 3 s, not the default 30, so teardown never outlasts its 10 s wait.
        "--graceful-timeout",
        "3",
    ]
    with serving(
        env,
        [["migrate", "--noinput"], ["collectstatic", "--noinput"], ["load_demo_catalog"]],
        gunicorn,
        workdir,
    ) as url:
        yield url


@pytest.fixture(scope="session")
def editor_login(site_url) -> tuple[str, str]:
    """(username, password) of a superuser in the browser server's database."""
    username, password = "eddie", "a browser editor's password"
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "createsuperuser",
            "--noinput",
            "--username",
            username,
            "--email",
            "eddie@example.org",
        ],
        cwd=ROOT,
        env={**SERVER_ENV, "DJANGO_SUPERUSER_PASSWORD": password},
        check=True,
        capture_output=True,
    )
    return username, password


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("needs Debian's chromium and chromium-driver (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="versus-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
        "--window-size=1280,1024",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def browser(chromium, site_url):
    chromium.delete_all_cookies()
    return chromium
