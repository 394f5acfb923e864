"""The production recipe's nginx (config/nginx/) in front of a real gunicorn: pages and /healthz pass
through, static files come from disk with far-future headers and pre-compressed, the client's address
reaches the app and cannot be forged, and slow clients do not hold up anyone else (the full slowloris
drill, 256 sockets for 60 s, is in `make faults`)."""

import re
import sys
import urllib.error
import urllib.request

import pytest

from .servers import ROOT, Gunicorn

sys.path.insert(0, str(ROOT / "bench"))
import slowloris  # noqa: E402
from nginx import Nginx, nginx_binary  # noqa: E402


@pytest.fixture(scope="module")
def stack(shared_db):
    if not nginx_binary():
        pytest.skip("nginx is not installed (apt-get install nginx; .ci/run installs it)")
    # One worker, so that a slow client reaching gunicorn would block every other request; three
    # suggestions a minute per client, so that a test can tell clients apart.
    server = Gunicorn(shared_db, workers=1, RATE_LIMIT_SUGGEST="3/60",
                      DJANGO_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", DJANGO_TRUSTED_PROXY_COUNT="1")
    nginx = Nginx(f"127.0.0.1:{server.port}", shared_db.static_root)
    yield server, nginx
    nginx.stop()
    server.close()


def fetch(url: str, headers: dict | None = None):
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=10
        ) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_pages_and_healthz_pass_through(stack):
    _, nginx = stack
    status, headers, body = fetch(nginx.base + "/models/")
    assert status == 200 and b"Llama" in body
    assert headers["Server"] == "nginx" and re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    status, headers, body = fetch(nginx.base + "/healthz")
    assert status == 200 and headers["Cache-Control"] == "no-store" and b'"ok": true' in body


def test_hashed_static_files_are_immutable_and_served_pre_compressed(stack):
    _, nginx = stack
    _, _, home = fetch(nginx.base + "/")
    css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1).decode()
    status, headers, body = fetch(nginx.base + css, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip" and body[:2] == b"\x1f\x8b"  # whitenoise's .gz, from disk
    assert "Accept-Encoding" in headers["Vary"]
    status, headers, _ = fetch(nginx.base + "/static/css/site.css")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=60"  # a name that may change


def test_the_client_address_comes_from_nginx_and_cannot_be_forged(stack):
    server, nginx = stack
    url = "/models/suggest/?q=llama"
    # A client that sends a new X-Forwarded-For each time is still one client: nginx replaces the header.
    statuses = [fetch(nginx.base + url, {"X-Forwarded-For": f"10.0.0.{n}"})[0] for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    # The app does tell clients apart by that header (here sent straight to gunicorn, as nginx would).
    assert fetch(server.base + url, {"X-Forwarded-For": "192.0.2.7"})[0] == 200


def test_slow_clients_wait_in_nginx_not_in_gunicorn(stack):
    """20 slow sockets would hold gunicorn's single worker; behind nginx a steady client does not notice."""
    _, nginx = stack
    result = slowloris.drill(nginx.port, ["/", "/models/", "/robots.txt"], sockets=20, seconds=8, interval=2)
    assert result["errors"] == 0 and result["requests"] > 10
    assert result["p99"] < 1000
