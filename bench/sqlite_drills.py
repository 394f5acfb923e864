"""The SQLite drills of `make faults`, on the embedded default: gunicorn (production's worker count) over
a SQLite file with the local-memory cache and the demo catalog.

1. LiteLLM's real price list imported while 4 clients read pages: zero 5xx, p99 under 1 s. A writer probe
   takes the write lock every 0.25 s meanwhile: the longest it waited is what an editor's save would have.
2. Two stale admin saves sent at the same instant, 20 times: one save and one conflict message each time,
   never a 500.

Returns rows for bench/FAULTS.md. bench/faults.sh fetches the LiteLLM file (pip download) when missing.
"""

import http.client
import itertools
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time

from run import ROOT
from slowloris import percentile

sys.path.insert(0, str(ROOT))
from tests.e2e.servers import Gunicorn, SharedDatabase, form_fields  # noqa: E402

LITELLM_JSON = ROOT / "bench" / ".cache" / "model_prices_and_context_window_backup.json"
CONFLICT = "after you opened it; your changes were not saved"
EDITOR = ("editor", "correct horse battery staple")


def readers(port: int, paths: list[str], clients: int, done: threading.Event) -> dict:
    latencies, statuses, lock = [], {}, threading.Lock()

    def read(offset: int) -> None:
        for path in itertools.islice(itertools.cycle(paths), offset, None):
            if done.is_set():
                return
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
                response = conn.getresponse()
                response.read()
                conn.close()
                status = response.status
            except OSError:
                status = "socket error"
            with lock:
                latencies.append((time.monotonic() - started) * 1000)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=read, args=(i * 7,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"latencies": latencies, "statuses": statuses}


def writer_probe(path: str, done: threading.Event) -> dict:
    """What an editor's save waits for: the write lock, taken as the app takes it (BEGIN IMMEDIATE, 5 s)."""
    waits, failures = [], 0
    conn = sqlite3.connect(path, timeout=5, isolation_level=None)
    while not done.wait(0.25):
        started = time.monotonic()
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            waits.append(time.monotonic() - started)
        except sqlite3.OperationalError:
            failures += 1
    conn.close()
    return {"max_wait": max(waits, default=0.0), "p99_wait": percentile(waits, 99), "probes": len(waits),
            "failures": failures}


def import_while_reading(db: SharedDatabase, server: Gunicorn, paths: list[str]) -> tuple:
    done = threading.Event()
    results: dict = {}
    workers = [
        threading.Thread(target=lambda: results.update(read=readers(server.port, paths, 4, done))),
        threading.Thread(
            target=lambda: results.update(probe=writer_probe(db.url.removeprefix("sqlite:///"), done))
        ),
    ]
    for w in workers:
        w.start()
    time.sleep(2)
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "manage.py", "import_catalog", "litellm", str(LITELLM_JSON)],
        cwd=ROOT,
        env=db.env(),
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - started
    time.sleep(2)
    done.set()
    for w in workers:
        w.join()
    read, probe = results["read"], results["probe"]
    lat, statuses = read["latencies"], read["statuses"]
    fivexx = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
    errors = statuses.get("socket error", 0)
    created = re.search(r"created: (.*)", out.stdout)
    ok = out.returncode == 0 and fivexx == 0 and errors == 0 and percentile(lat, 99) < 1000
    result = {"rps": len(lat) / (seconds + 4), "p50": percentile(lat, 50), "p99": percentile(lat, 99),
              "non2xx": sum(n for s, n in statuses.items() if s != 200), "errors": errors}
    note = (
        f"import of {LITELLM_JSON.name} took {seconds:.0f} s "
        f"({created.group(1) if created else out.stderr[-300:]}); "
        f"4 readers, {len(lat)} requests, max {max(lat, default=0):.0f} ms, 5xx {fivexx}; "
        f"writer probe: wait for the lock p99 {probe['p99_wait'] * 1000:.0f} ms, "
        f"longest {probe['max_wait'] * 1000:.0f} ms "
        f"over {probe['probes']} probes, "
        f"{probe['failures']} timed out (target: 0 5xx, p99 < 1 s)"
    )
    return "SQLite: LiteLLM import while 4 clients read", result, ok, note


def stale_saves(db: SharedDatabase, rounds: int = 20) -> tuple:
    pk = db.python("from catalog.models import Offering; "
                   "print(Offering.objects.filter(input_price__isnull=False).order_by('pk')[0].pk)").strip()
    path = f"/admin/catalog/offering/{pk}/change/"
    editors = [Gunicorn(db, workers=2), Gunicorn(db, workers=2)]  # two processes, as two machines would be
    outcomes: dict[str, int] = {}
    latencies = []
    try:
        for editor in editors:
            editor.login(*EDITOR)
        for n in range(rounds):
            forms = [form_fields(e.get(path).text) for e in editors]
            barrier, replies = threading.Barrier(2), [None, None]

            def save(i: int, forms=forms, n=n, barrier=barrier, replies=replies) -> None:
                data = {**forms[i], "input_price": f"0.0{n + 10}{i + 1}", "_save": "Save"}
                barrier.wait()
                replies[i] = editors[i].post(path, list(data.items()))

            threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            kinds = sorted(
                "saved"
                if r.status == 302
                else "conflict"
                if r.status == 200 and CONFLICT in r.text
                else f"HTTP {r.status}"
                for r in replies
            )
            outcome = " + ".join(kinds)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            latencies += [r.seconds * 1000 for r in replies]
    finally:
        for editor in editors:
            editor.close()
    good = outcomes.get("conflict + saved", 0)
    result = {"rps": 0, "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
              "non2xx": sum(n for o, n in outcomes.items() if "HTTP" in o), "errors": 0}
    note = f"{rounds} rounds: " + ", ".join(f"{o} x{n}" for o, n in sorted(outcomes.items())) + \
           " (target: one save and one conflict every time)"
    return "SQLite: two stale admin saves at the same instant", result, good == rounds, note


def run() -> list[tuple]:
    print("faults: SQLite drills (embedded default)", file=sys.stderr)
    db = SharedDatabase.create("sqlite", None)
    try:
        db.manage("load_demo_catalog")
        db.python(
            "from django.contrib.auth.models import User; "
            f"User.objects.create_superuser('{EDITOR[0]}', 'editor@example.com', '{EDITOR[1]}')"
        )
        slugs = db.python(
            "from catalog.models import LanguageModel\n"
            "print('\\n'.join(LanguageModel.objects.published().order_by('slug')"
            ".values_list('slug', flat=True)))"
        ).split()
        paths = ["/", "/models/", "/methodology/"] + [f"/models/{s}/" for s in slugs[::3]]
        paths += [f"/compare/{a}-vs-{b}/" for a, b in zip(slugs[::4], slugs[2::4], strict=False) if a < b]
        server = Gunicorn(db, workers=(os.cpu_count() or 1) * 2 + 1)  # production's default worker count
        try:
            for path in paths:
                server.get(path)
            rows = [import_while_reading(db, server, paths)]
        finally:
            server.close()
        rows.append(stale_saves(db))
        return rows
    finally:
        db.drop()
