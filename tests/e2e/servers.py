"""Real processes for end-to-end tests: gunicorn instances and a redis-server, over a shared database.

Each gunicorn instance has its own process and so its own local-memory cache: two of them stand for two
workers (or two machines). Everything listens on 127.0.0.1 only and is stopped by its own PID.
"""

import http.cookiejar
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port}")


def stop(proc: subprocess.Popen | None, sig=signal.SIGTERM) -> None:
    if proc is not None and proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class RedisServer:
    """A throwaway redis-server on a free port in a temp dir; can be stopped, paused and restarted."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="versus-redis-")
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            [self.binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.dir, "--save", "",
             "--appendonly", "no", "--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, self.proc)
        return self

    def stop(self) -> None:
        stop(self.proc)
        self.proc = None

    def pause(self) -> None:
        """A hung Redis: the port accepts connections, nothing answers."""
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    def keys(self) -> int:
        import redis

        return redis.Redis.from_url(self.url).dbsize()

    def close(self) -> None:
        if self.proc is not None:
            self.resume()
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


EDITOR_PASSWORD = "correct horse battery staple"


@dataclass
class SharedDatabase:
    """A database of its own for the servers of a test module (SQLite file or a PostgreSQL database on the
    same server as the test run's), migrated, with static files collected once."""

    url: str
    static_root: str
    cleanup: list = field(default_factory=list)

    def env(self, **extra) -> dict:
        env = {
            **os.environ, "DATABASE_URL": self.url, "STATIC_ROOT": self.static_root, "DJANGO_DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "PYTHONUNBUFFERED": "1",
            # These tests send many requests from one address; rate limits have tests of their own.
            "RATE_LIMIT_SUGGEST": "100000/60", "RATE_LIMIT_CALCULATOR": "100000/60",
            "LOG_LEVEL": "WARNING",
        }
        env.pop("CACHE_URL", None)
        env.update(extra)
        return env

    def manage(self, *args: str, **extra_env) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=ROOT, env=self.env(**extra_env), capture_output=True, text=True,
            timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def python(self, code: str) -> str:
        """Run Django code in a separate process (like an editor's shell session or an import job)."""
        return self.manage("shell", "--no-imports", "-c", code)

    @classmethod
    def create(cls, vendor: str, test_url: str | None) -> "SharedDatabase":
        tmp = tempfile.mkdtemp(prefix="versus-e2e-")
        cleanup = [lambda: shutil.rmtree(tmp, ignore_errors=True)]
        if vendor == "postgresql":
            import psycopg

            name = f"versus_e2e_{uuid.uuid4().hex[:10]}"
            admin_url = test_url
            with psycopg.connect(_psycopg_url(admin_url), autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')

            def drop():
                with psycopg.connect(_psycopg_url(admin_url), autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

            cleanup.append(drop)
            parts = urllib.parse.urlsplit(admin_url)
            url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
        else:
            url = f"sqlite:///{tmp}/db.sqlite3"
        db = cls(url=url, static_root=f"{tmp}/static", cleanup=cleanup)
        db.manage("migrate", "--noinput", "-v0")
        db.manage("collectstatic", "--noinput", "-v0")
        return db

    @classmethod
    def with_demo_and_editor(cls, vendor: str, test_url: str | None) -> "SharedDatabase":
        """A new database holding the demo catalog and a superuser `editor` (password EDITOR_PASSWORD)."""
        db = cls.create(vendor, test_url)
        db.manage("load_demo_catalog")
        db.python(
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser('editor', 'editor@example.com', {EDITOR_PASSWORD!r})"
        )
        return db

    def drop(self) -> None:
        for step in reversed(self.cleanup):
            step()


def _psycopg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


class Gunicorn:
    """One gunicorn instance (one sync worker unless told otherwise) over the shared database."""

    def __init__(self, db: SharedDatabase, cache_url: str | None = None, workers: int = 1, **env_vars: str):
        self.port = free_port()
        env = db.env(GUNICORN_WORKERS=str(workers), GUNICORN_BIND=f"127.0.0.1:{self.port}", **env_vars)
        if cache_url:
            env["CACHE_URL"] = cache_url
        self.log = tempfile.NamedTemporaryFile(prefix="versus-gunicorn-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"], cwd=ROOT, env=env,
            stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.proc)
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, headers: dict | None = None, timeout: float = 10) -> "Reply":
        return self._open(urllib.request.Request(self.base + path, headers=headers or {}), timeout)

    def post(self, path: str, data: dict | list, timeout: float = 10) -> "Reply":
        body = urllib.parse.urlencode(data, doseq=True).encode()
        csrf = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path, "X-CSRFToken": csrf}
        )
        return self._open(request, timeout)

    def _open(self, request, timeout) -> "Reply":
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Reply(
                    response.status,
                    dict(response.headers),
                    response.read().decode(),
                    time.monotonic() - started,
                )
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read().decode(), time.monotonic() - started)

    def login(self, username: str, password: str) -> None:
        self.get("/admin/login/")
        reply = self.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
        assert reply.status == 302, reply.text[:500]

    def admin_change(self, path: str, changes: dict) -> "Reply":
        """Submit an admin change form as a browser would: every field as rendered, with `changes` applied."""
        page = self.get(path)
        assert page.status == 200, page.status
        data = form_fields(page.text)
        data.update(changes)
        data["_save"] = "Save"
        return self.post(path, list(data.items()))

    def close(self) -> None:
        stop(self.proc)
        self.log.close()
        os.unlink(self.log.name)


@dataclass
class Reply:
    status: int
    headers: dict
    text: str
    seconds: float


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _FormFields(HTMLParser):
    """The values a browser would submit from the page's forms (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[name] = a.get("value", "on")
            else:
                self.fields[name] = a.get("value") or ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    return parser.fields
