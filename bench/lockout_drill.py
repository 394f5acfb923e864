"""Sign-in lockout drill (issue 13): can an attacker keep an editor out, and is a sprayer slowed?

`make faults` runs it through nginx on the production recipe (bench/faults.py); alone, it starts its own
gunicorn (two workers) on a throwaway SQLite catalog. Either way the lockout windows are short so the
drill fits in a minute, and plays three clients from three loopback addresses (127.0.0.x, all on this
machine; traffic only ever goes to 127.0.0.1):

- an attacker guessing the editor's password, retrying the moment each Retry-After ends;
- the editor, signing in from the address they used before, once a second throughout;
- a sprayer trying many usernames from one address, and a crowd trying the editor's name from many.

Passes when the editor is never refused, the sprayer is refused after the per-address limit, and the crowd
is slowed at new addresses but not at the editor's own. Prints one table (markdown) and exits non-zero on
a failure. Usage: .venv/bin/python bench/lockout_drill.py [--seconds 40]
"""

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
EDITOR, ATTACKER, SPRAYER = "127.0.0.2", "127.0.0.3", "127.0.0.4"
LIMITS = {
    "RATE_LIMIT_LOGIN": "5/5", "RATE_LIMIT_LOGIN_ADDRESS": "20/900", "RATE_LIMIT_LOGIN_USERNAME": "60/900",
}


class Browser:
    """One client at one source address, with its own cookies: GET the sign-in form, POST it."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, dict, str]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=10, source_address=(self.address, 0)
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/admin/login/",
            }
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, dict(response.headers), text

    def sign_in(self, username: str, password: str) -> tuple[int, int]:
        """(status, Retry-After or 0): 302 signed in, 200 refused with the form, 429 locked or slowed."""
        _, _, form = self.request("GET", "/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"}
        )
        status, headers, _ = self.request("POST", "/admin/login/", body)
        self.cookies.pop("sessionid", None)  # signed out again: the next attempt starts afresh
        return status, int(headers.get("Retry-After", 0))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def create_editor(env: dict) -> None:
    """The editor the drill signs in as, in the database `env` names."""
    create = (
        "from django.contrib.auth.models import User; "
        "User.objects.filter(username='editor').exists() or "
        f"User.objects.create_superuser('editor', 'editor@example.com', {PASSWORD!r})"
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "shell", "-c", create], cwd=ROOT, env=env, check=True, capture_output=True)


def start_site(workdir: Path) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}", "DJANGO_DEBUG": "false",
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": str(workdir / "static"), **LIMITS}
    env.pop("CACHE_URL", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        [*manage, "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    create_editor(env)
    port = free_port()
    # Two workers: the limits hold only if they share their counters (comparisons/throttle.py).
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"]
    server = subprocess.Popen([*gunicorn, "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def drill(port: int, seconds: float) -> list[tuple[str, str, bool]]:
    editor, attacker, sprayer = Browser(port, EDITOR), Browser(port, ATTACKER), Browser(port, SPRAYER)
    assert editor.sign_in("editor", PASSWORD)[0] == 302, "the editor could not sign in at all"

    # 1. The attacker guesses, waits out each Retry-After, guesses again; the editor signs in meanwhile.
    editor_tries = editor_refused = guesses = lockouts = 0
    resume = 0.0
    end = time.monotonic() + seconds
    next_editor = time.monotonic()
    while time.monotonic() < end:
        now = time.monotonic()
        if now >= resume:
            status, retry_after = attacker.sign_in("editor", f"guess-{guesses}")
            guesses += 1
            if status == 429:
                lockouts += 1
                resume = now + retry_after
        if now >= next_editor:
            editor_tries += 1
            editor_refused += editor.sign_in("editor", PASSWORD)[0] != 302
            next_editor = now + 1.0
        time.sleep(0.05)
    rows = [
        ("attacker retrying at every Retry-After", f"{guesses} guesses, locked out {lockouts} times",
         lockouts > 0),
        ("editor at their own address meanwhile",
         f"{editor_tries - editor_refused} of {editor_tries} sign-ins succeeded",
         editor_tries > 0 and editor_refused == 0),
    ]

    # 2. One address spraying usernames: refused once the per-address limit is reached.
    first_refusal = None
    for n in range(40):
        if sprayer.sign_in(f"user{n}", "guess")[0] == 429:
            first_refusal = n + 1
            break
    limit = int(LIMITS["RATE_LIMIT_LOGIN_ADDRESS"].split("/")[0])
    rows.append(("one address spraying 40 usernames", f"refused from attempt {first_refusal} (limit {limit})",
                 first_refusal is not None and first_refusal <= limit + 1))

    # 3. A crowd: one guess at the editor's name from each of many addresses.
    crowd_limit = int(LIMITS["RATE_LIMIT_LOGIN_USERNAME"].split("/")[0])
    for n in range(crowd_limit + 5):
        Browser(port, f"127.0.1.{n + 1}").sign_in("editor", "guess")
    new_address = Browser(port, "127.0.2.1").sign_in("editor", PASSWORD)[0]
    own_address = editor.sign_in("editor", PASSWORD)[0]
    rows.append((f"{crowd_limit + 5} addresses guessing the editor's name",
                 f"editor at a new address: {new_address}; at their own: {own_address}",
                 new_address == 429 and own_address == 302))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=40.0, help="how long the attacker keeps guessing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="versus-lockout-") as workdir:
        server, port = start_site(Path(workdir))
        try:
            rows = drill(port, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Lockout drill: gunicorn + SQLite, limits {', '.join(f'{k}={v}' for k, v in LIMITS.items())}\n")
    print("| scenario | result | pass |\n|---|---|---|")
    for scenario, result, ok in rows:
        print(f"| {scenario} | {result} | {'yes' if ok else 'NO'} |")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
