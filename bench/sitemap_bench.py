"""The sitemap rows of `make bench` (bench/run.py calls `measure`): the sitemap index and the first
comparisons section, cold and warm, on the running gunicorn.

Cold is the state the issue was about: the catalog has just changed (a price edited in the database, as an
import or an editor does), so no page is cached under the new revisions and both workers learn of it on
their next request. Each cold request follows its own edit; the median of ROUNDS is reported, each one in
the row. Cold, every model changed: every model's row updated at once (as a bulk import does) and the
shared cache emptied, so the request reads the whole catalog again, as after a deploy; again the median of
ROUNDS, each after its own update. (Restarting the workers instead would load whatever the shared working
tree holds at that moment.) Warm: the same URL again, from the page cache (median of 20 requests).
"""

import statistics
import subprocess
import time
import urllib.request

ROUNDS = 3
# (index and section cold, warm) targets in seconds, by catalog size.
TARGETS = {2000: (1.0, 0.05), 10000: (2.0, 0.05)}
EDIT = (
    "from decimal import Decimal\n"
    "from catalog.models import Offering\n"
    "o = Offering.objects.filter(active=True, model__published=True, input_price__isnull=False)"
    ".order_by('?').first()\n"
    "o.input_price = o.input_price + Decimal('0.01')\n"
    "o.save()\n"
)
# Every model's revision moves (the triggers), and nothing is left in the shared cache.
EVERYTHING = (
    "from django.core.cache import cache\n"
    "from django.utils import timezone\n"
    "from catalog.models import LanguageModel\n"
    "LanguageModel.objects.update(updated_at=timezone.now())\n"
    "cache.clear()\n"
)


def _timed(url: str) -> tuple[float, str]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()
        elapsed = time.perf_counter() - started
        assert response.status == 200, (url, response.status)
        return elapsed, response.headers.get("X-Cache", "")


def _shell(manage: list[str], code: str, env: dict, root) -> None:
    subprocess.run([*manage, "shell", "--no-imports", "-c", code], cwd=root, env=env, check=True,
                   capture_output=True)


def _cold(url: str, change: str, manage: list[str], env: dict, root) -> list[float]:
    """Seconds of ROUNDS requests, each the first after its own `change` of the catalog (a cache miss)."""
    seconds = []
    for _ in range(ROUNDS):
        _shell(manage, change, env, root)
        elapsed, cache = _timed(url)
        assert cache == "miss", (url, cache)
        seconds.append(elapsed)
    return seconds


def measure(base: str, models: int, manage: list[str], env: dict, root) -> list[dict]:
    """Rows {page, models, state, seconds, each, target, met} for the index and comparisons section 1."""
    cold_target, warm_target = TARGETS.get(models, (None, None))
    rows = []
    pages = (("sitemap index", "/sitemap.xml"), ("comparisons section", "/sitemap-comparisons-1.xml"))
    for page, path in pages:
        cold = _cold(base + path, EDIT, manage, env, root)
        everything = _cold(base + path, EVERYTHING, manage, env, root)
        for _ in range(4):  # both workers have the page
            _timed(base + path)
        warm = [_timed(base + path)[0] for _ in range(20)]
        for state, values, target in (
            ("cold, after an edit", cold, cold_target),
            ("cold, every model changed", everything, cold_target),
            ("warm", warm, warm_target),
        ):
            seconds = statistics.median(values)
            rows.append({
                "page": page, "models": models, "state": state, "seconds": seconds,
                "each": values if len(values) <= ROUNDS else [], "target": target,
                "met": target is None or seconds <= target,
            })
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| page | models | state | seconds (median) | target | met | each |",
        "|---|---:|---|---:|---:|:-:|---|",
    ]
    for r in rows:
        target = f"<= {r['target']:g}" if r["target"] else ""
        each = ", ".join(f"{x:.3f}" for x in r["each"])
        lines.append(
            f"| {r['page']} | {r['models']:,} | {r['state']} | {r['seconds']:.3f} | {target} | "
            f"{'yes' if r['met'] else 'NO'} | {each} |"
        )
    return "\n".join(lines)
