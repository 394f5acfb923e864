"""`make faults`: load and failure drills against the production recipe: nginx (config/nginx/) in front of
gunicorn as configured for production, on PostgreSQL and Redis.

Run by bench/faults.sh, which starts a throwaway PostgreSQL and Redis and tells this script how to
restart and stop them. Builds a synthetic catalog, warms a mix of pages, then, through nginx:

1. 64 connections for 60 s over the warm mix: zero 5xx, p99 under 300 ms;
2. 256 connections for 30 s: zero 5xx and zero connection errors;
3. slowloris: 256 sockets that each send a partial request and one more header line every 5 s, for 60 s,
   while a steady client makes requests: its p99 under 1 s, zero errors; and once, as a reference,
   the same against gunicorn alone for 20 s, which must fail (so the drill is known to bite);
4. one gunicorn worker killed (SIGKILL) mid-load: at most the request it held fails;
5. PostgreSQL restarted mid-load: requests fail fast (no hang), and afterwards zero errors;
6. Redis stopped: zero 5xx;
7. backup and restore: pg_dump / pg_restore into a scratch database reproduces every row of every table;
8. sign-in lockout (bench/lockout_drill.py): an attacker retrying at every Retry-After never keeps the editor
   out at their own address; one address spraying usernames and a crowd of addresses are slowed;
9. on the embedded default (gunicorn + SQLite): an import while 4 clients read, and two stale admin saves
   at the same instant (bench/sqlite_drills.py).

Prints one table and writes bench/FAULTS.md; exits non-zero when a scenario fails.
"""

import datetime
import os
import platform
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lockout_drill  # noqa: E402
import slowloris  # noqa: E402
import sqlite_drills  # noqa: E402
from nginx import Nginx, nginx_binary  # noqa: E402
from run import PYTHON, RESULTS, ROOT, free_port, get, sh, wrk  # noqa: E402

LUA = str(ROOT / "bench" / "pairs.lua")


def in_background(function, *args):
    result = {}
    thread = threading.Thread(target=lambda: result.update(function(*args)))
    thread.start()
    return thread, result


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def pg_ctl(*args: str) -> float:
    start = time.perf_counter()
    data = os.environ["VERSUS_PG_DATA"]
    # The restarted server must not inherit our pipes (we would wait for it to exit): it logs to a file.
    subprocess.run(
        ["runuser", "-u", "postgres", "--", os.environ["VERSUS_PG_CTL"], "-D", data, "-w",
         "-l", str(Path(data).parent / "server.log"), *args],
        check=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def psql(database_url: str, sql: str) -> str:
    return subprocess.run(
        ["psql", database_url, "-Atc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def table_digests(database_url: str) -> dict[str, str]:
    tables = psql(
        database_url, "select tablename from pg_tables where schemaname = 'public' order by 1"
    ).split()
    return {
        t: psql(
            database_url,
            "select count(*) || ':' || coalesce(md5(string_agg(x::text, ',' order by x::text)), '') "
            f"from \"{t}\" x",
        )
        for t in tables
    }


def wait_until_serving(url: str, seconds: float = 60) -> None:
    """After the reference slowloris gunicorn's workers come back once the slow sockets close."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if get(url)[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            sys.exit(f"gunicorn did not serve {url} again within {seconds:.0f} s of the reference slowloris")
        time.sleep(0.5)


def main() -> None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or "VERSUS_REDIS_PID" not in os.environ:
        sys.exit("run through bench/faults.sh (make faults): it provides PostgreSQL and Redis")
    if not nginx_binary() or not sqlite_drills.LITELLM_JSON.exists():
        sys.exit(
            "run through bench/faults.sh (make faults): it installs nginx and fetches LiteLLM's price list"
        )
    RESULTS.mkdir(exist_ok=True)
    static_root = tempfile.mkdtemp(prefix="versus-faults-static-")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "STATIC_ROOT": static_root,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # The production recipe's client address: nginx sets X-Forwarded-For to the connection's address.
        "DJANGO_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        # One load generator is one client: lift the per-client limits for the drill.
        "RATE_LIMIT_SUGGEST": "1000000/60",
        "RATE_LIMIT_CALCULATOR": "1000000/60",
        # Short lockouts, so the lockout drill's attacker can wait out every Retry-After within a minute.
        **lockout_drill.LIMITS,
    }
    env.pop("GUNICORN_WORKERS", None)  # production's default: 2 x cores + 1
    print("faults: building the catalog", file=sys.stderr)
    sh(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    sh(
        PYTHON,
        "manage.py",
        "generate_synthetic_catalog",
        "--models",
        "300",
        "--providers",
        "30",
        "--seed",
        "2",
        env=env,
    )
    sh(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    lockout_drill.create_editor(env)
    slugs = sh(
        PYTHON,
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        "from catalog.models import LanguageModel\n"
        "print('\\n'.join(LanguageModel.objects.published().order_by('slug')"
        ".values_list('slug', flat=True)))",
        env=env,
    ).split()
    rng = random.Random(2)
    paths = ["/", "/models/", "/methodology/", "/robots.txt"]
    paths += [f"/models/{s}/" for s in rng.sample(slugs, 40)]
    paths += [f"/compare/{'-vs-'.join(sorted(rng.sample(slugs, 2)))}/" for _ in range(60)]
    mix = RESULTS / "faults-mix.txt"
    mix.write_text("\n".join(paths) + "\n")

    log = open(RESULTS / "faults-gunicorn.log", "w")
    gunicorn = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "config/gunicorn.py",
            "--access-logfile",
            "/dev/null",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    rows, failures = [], []
    nginx = None

    def record_slow(name, s, ok, note):
        slow = s["slow"]
        result = {"rps": 0, "p50": s["p50"], "p99": s["p99"], "non2xx": s["errors"], "errors": ""}
        record(
            name,
            result,
            ok,
            f"steady client: {s['requests']} requests, max {s['max']:.0f} ms, {s['statuses']}; "
            f"slow sockets opened {slow['opened']}, dropped by the server {slow['dropped']}; {note}",
        )

    def record(name, result, ok, note=""):
        rows.append((name, result, ok, note))
        if not ok:
            failures.append(name)
        print(
            f"faults: {name}: {result.get('rps', 0):.0f} req/s, p99 {result.get('p99', 0):.0f} ms, "
            f"non-2xx {result.get('non2xx', 0)}, socket errors {result.get('errors', 0)} {note}",
            file=sys.stderr,
        )

    try:
        for _ in range(200):
            try:
                get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                time.sleep(0.1)
        nginx = Nginx(f"127.0.0.1:{port}", static_root)
        base = nginx.base  # every drill goes through nginx, as production does
        for path in paths:  # warm: every page of the mix once
            assert get(base + path)[0] == 200, path

        r = wrk(base + "/", 60, 64, [LUA, str(mix), "0"])
        record(
            "64 connections, 60 s, warm mix",
            r,
            r["non2xx"] == 0 and r["p99"] < 300,
            "target: 0 non-2xx, p99 < 300 ms",
        )

        r = wrk(base + "/", 30, 256, [LUA, str(mix), "7"])
        record(
            "256 connections, 30 s",
            r,
            r["non2xx"] == 0 and r["errors"] == 0,
            "target: 0 non-2xx, 0 socket errors",
        )

        slow_paths = paths[:24]
        s = slowloris.drill(nginx.port, slow_paths, sockets=256, seconds=60)
        record_slow("slowloris through nginx: 256 sockets, 60 s", s, s["errors"] == 0 and s["p99"] < 1000,
                    "target: steady client p99 < 1 s, 0 errors")
        s = slowloris.drill(port, slow_paths, sockets=256, seconds=20)
        record_slow("reference: the same slowloris against gunicorn alone, 20 s", s, s["errors"] > 0,
                    "expected to fail (this row passes when gunicorn alone does fail)")
        wait_until_serving(f"http://127.0.0.1:{port}/")

        # Sign-in lockout through nginx, from several loopback addresses (the address nginx passes on).
        for name, result, ok in lockout_drill.drill(nginx.port, seconds=40):
            record(f"lockout: {name}", {}, ok, result)

        thread, r = in_background(wrk, base + "/", 20, 16, [LUA, str(mix), "11"])
        time.sleep(5)
        victim = workers_of(gunicorn.pid)[0]
        os.kill(victim, signal.SIGKILL)
        thread.join()
        failed = r["non2xx"] + r["errors"]
        record(
            "one worker killed mid-load",
            r,
            failed <= 1,
            f"failed requests: {failed} (target: at most the 1 it held)",
        )

        thread, r = in_background(wrk, base + "/", 25, 16, [LUA, str(mix), "13"])
        time.sleep(5)
        restart_seconds = pg_ctl("-m", "fast", "restart")
        thread.join()
        timeouts = re.search(r"timeout (\d+)", r["raw"])
        fast = r["p99"] < 2000 and (timeouts is None or timeouts.group(1) == "0")
        after = wrk(base + "/", 10, 16, [LUA, str(mix), "17"])
        record(
            "PostgreSQL restarted mid-load",
            r,
            fast,
            f"restart took {restart_seconds:.1f} s; {r['non2xx'] + r['errors']} requests failed during it, "
            f"p99 {r['p99']:.0f} ms",
        )
        record(
            "after the PostgreSQL restart",
            after,
            after["non2xx"] == 0 and after["errors"] == 0,
            "target: 0 errors",
        )

        os.kill(int(os.environ["VERSUS_REDIS_PID"]), signal.SIGTERM)
        time.sleep(1)
        r = wrk(base + "/", 20, 16, [LUA, str(mix), "19"])
        record("Redis stopped", r, r["non2xx"] == 0 and r["errors"] == 0, "target: 0 non-2xx")
    finally:
        if nginx is not None:
            nginx.stop()
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)
        log.close()

    dump = Path(tempfile.mkdtemp(prefix="versus-dump-")) / "versus.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), database_url], check=True)
    scratch_url = database_url.rsplit("/", 1)[0] + "/versus_restore"
    psql(database_url, "drop database if exists versus_restore")
    psql(database_url, "create database versus_restore")
    subprocess.run(["pg_restore", "--no-owner", "-d", scratch_url, str(dump)], check=True)
    original, restored = table_digests(database_url), table_digests(scratch_url)
    same = original == restored
    rows_total = sum(int(v.split(":")[0]) for v in original.values())
    rows.append(
        (
            "backup and restore drill",
            {},
            same,
            f"{len(original)} tables, {rows_total:,} rows, "
            + (
                "every row reproduced"
                if same
                else f"differ: {[t for t in original if original[t] != restored.get(t)]}"
            ),
        )
    )
    if not same:
        failures.append("backup and restore drill")

    for name, result, ok, note in sqlite_drills.run():
        rows.append((name, result, ok, note))
        if not ok:
            failures.append(name)

    lines = [
        "# Faults and load",
        "",
        f"`make faults`, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores): "
        "nginx (config/nginx/versus.conf.template) in front of gunicorn with config/gunicorn.py "
        "(production defaults: "
        "2 x cores + 1 sync workers) on PostgreSQL and Redis, "
        "a synthetic catalog of 300 models, wrk walking a warm mix of "
        f"{len(paths)} pages (home, directory, methodology, robots, model and comparison pages). "
        "Slowloris rows: p50/p99 and non-2xx are the steady client's (one request after another, "
        "5 s timeout; "
        "non-2xx counts its failures). SQLite rows: the embedded default (gunicorn, "
        "production's worker count, "
        "a SQLite file, the local-memory cache, the demo catalog); "
        "the stale-saves row's latencies are the saves'.",
        "",
        "| scenario | req/s | p50 ms | p99 ms | non-2xx | socket errors | result | notes |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, r, ok, note in rows:
        lines.append(
            f"| {name} | {r.get('rps', 0):.0f} | {r.get('p50', 0):.1f} | {r.get('p99', 0):.1f} | "
            f"{r.get('non2xx', '')} | "
            f"{r.get('errors', '')} | {'pass' if ok else 'FAIL'} | {note} |"
        )
    lines += [
        "",
        "Result: " + ("every scenario passed." if not failures else f"failed: {', '.join(failures)}."),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (ROOT / "bench" / "FAULTS.md").write_text(text)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
