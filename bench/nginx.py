"""Our own nginx instance in front of a gunicorn, configured from config/nginx/ (the production recipe).

Started as `nginx -c PREFIX/nginx.conf -p PREFIX` in a temp dir, in the foreground so that it is stopped
by its own PID; never the system's nginx service. Used by `make faults` and tests/e2e/test_nginx.py.
"""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RENDER = ROOT / "config" / "nginx" / "render.sh"


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def readable(path: str) -> None:
    """nginx's workers run as an unprivileged user: let them into a temp dir made 0700 by mkdtemp."""
    for parent in [Path(path), *Path(path).parents]:
        if str(parent) in ("/", "/tmp"):
            break
        parent.chmod(parent.stat().st_mode | 0o755)


class Nginx:
    def __init__(self, upstream: str, static_root: str, port: int | None = None):
        self.port = port or _free_port()
        self.prefix = tempfile.mkdtemp(prefix="versus-nginx-")
        readable(self.prefix)
        readable(static_root)
        env = {**os.environ, "VERSUS_LISTEN": f"127.0.0.1:{self.port}", "VERSUS_SERVER_NAME": "_",
               "VERSUS_UPSTREAM": upstream, "STATIC_ROOT": str(static_root)}
        env.pop("VERSUS_TLS_CERTIFICATE", None)
        conf = Path(self.prefix) / "nginx.conf"
        conf.write_text(subprocess.run([str(RENDER), "--standalone", self.prefix], env=env, check=True,
                                       capture_output=True, text=True).stdout)
        self.error_log = Path(self.prefix) / "error.log"
        self.proc = subprocess.Popen(
            [
                nginx_binary(),
                "-c",
                str(conf),
                "-p",
                self.prefix,
                "-e",
                str(self.error_log),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"nginx exited with {self.proc.returncode}: {self.error_log.read_text()[-2000:]}"
                )
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # the master by its PID; it stops its workers
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)
