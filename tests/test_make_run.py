"""`make run` as a developer types it: the site it serves links to itself, whatever PORT is."""

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_run_on_another_port_links_to_that_port(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "DATABASE_URL", "CACHE_URL"}}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    server = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2) as response:
                    robots = response.read().decode()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                time.sleep(0.1)
        else:
            raise AssertionError("make run did not start serving")
        assert f"Sitemap: http://127.0.0.1:{port}/sitemap.xml" in robots
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            home = response.read().decode()
        assert f'<link rel="canonical" href="http://127.0.0.1:{port}/">' in home
        assert ":8000" not in home
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
