"""The JSON API rows of `make bench` (bench/run.py calls `measure`, and adds CASES to its wrk rows).

- Cached: `/api/v1/models` from the page cache, measured by wrk in the same rounds as the floor (CASES,
  target CACHED_TARGET of the floor's requests per second, as the cached pair is).
- Never seen: the list when the catalog has just changed (one offering's price edited in the database, as
  an import or an editor does): no response is cached under the new revision, each model's part is, but
  the edited model's. Each request follows its own edit; the median of ROUNDS is reported (target
  NEVER_SEEN_TARGET seconds). The same for one model's endpoints never asked for before (a different
  model each time, median of 20), and, without a target, for models.dev's `/api/v1/api.json` (4 MB at
  2,000 models: a tenth of its time is compressing it once for the cache).
"""

import random
import statistics
import urllib.request

from sitemap_bench import EDIT, _shell, _timed, table

ROUNDS = 5
CACHED_TARGET = 0.7
NEVER_SEEN_TARGET = 0.150  # seconds, p50
# Rows for run.py's wrk loop: (name, path, wrk script or None).
CASES = [("api models", "/api/v1/models", None)]
# The floor sending as many bytes as the cached list (bytes_floor): what its size alone costs here.
BYTES_FLOOR = "floor, api models' bytes"
# One load generator is one client: run.py lifts the API's per-client limit as it does the others'.
ENV = {"RATE_LIMIT_API": "100000000/60"}
LIST_ENDPOINTS = (
    "from catalog.models import LanguageModel\n"
    "for v, s in LanguageModel.objects.published().values_list('vendor__slug', 'slug'): print(v, s)\n"
)


def bytes_floor(base: str) -> tuple[str, str, None]:
    """The wrk row of the floor with a gzip body as large as the cached `/api/v1/models` one (asked for
    once here, which also caches it): the list's ratio against this row is what serving it costs beyond
    sending its bytes."""
    request = urllib.request.Request(base + "/api/v1/models", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=120) as response:
        size = len(response.read())
    return (BYTES_FLOOR, f"/-/floor-bytes/{size}", None)


def measure(base: str, models: int, manage: list[str], env: dict, root, endpoints: list[str]) -> list[dict]:
    """Rows {page, models, state, seconds, each, target, met}, as sitemap_bench.table prints them.

    `endpoints`: "vendor slug" lines of the published models (run.py lists them once)."""
    rows = []
    for page, path, target in (("/api/v1/models", "/api/v1/models", NEVER_SEEN_TARGET),
                               ("/api/v1/api.json", "/api/v1/api.json", None)):
        for _ in range(6):  # both workers have every model's part (each has its own on the local default)
            _timed(base + path)
        cold = []
        for _ in range(ROUNDS):
            _shell(manage, EDIT, env, root)
            seconds, cache = _timed(base + path)
            assert cache == "miss", (path, cache)
            cold.append(seconds)
        for _ in range(4):  # both workers have it
            _timed(base + path)
        warm = [_timed(base + path)[0] for _ in range(20)]
        rows += [
            _row(page, models, "never seen, after an edit", cold, target),
            _row(page, models, "warm", warm, None),
        ]
    picked = random.Random().sample(endpoints, min(20, len(endpoints)))
    seen = []
    for line in picked:
        vendor, slug = line.split()
        seconds, cache = _timed(f"{base}/api/v1/models/{vendor}/{slug}/endpoints")
        assert cache == "miss", (line, cache)
        seen.append(seconds)
    rows.append(_row("one model's endpoints", models, "never seen", seen, NEVER_SEEN_TARGET))
    return rows


def _row(page: str, models: int, state: str, values: list[float], target: float | None) -> dict:
    seconds = statistics.median(values)
    return {
        "page": page, "models": models, "state": state, "seconds": seconds,
        "each": values if len(values) <= ROUNDS else [], "target": target,
        "met": target is None or seconds <= target,
    }


__all__ = [
    "BYTES_FLOOR", "CACHED_TARGET", "CASES", "ENV", "LIST_ENDPOINTS", "bytes_floor", "measure", "table",
]
