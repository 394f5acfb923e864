"""The /best/ rows of `make bench` (bench/run.py calls `measure`, and adds CASES to its wrk rows).

- Cached: a named workload's page (`/best/chatbot/`) from the page cache, measured by wrk in the same rounds
  as the floor (target CACHED_TARGET of the floor's requests per second, as the cached pair is).
- Never seen: workloads nobody asked for before (random token counts, caching, batch, capabilities, a
  minimum window, a region), one request at a time on the running gunicorn, each a different URL: every
  offering in the catalog is priced and the page rendered (target NEVER_SEEN_TARGET seconds at p50). Before
  them each worker has ranked once, as on a site in production. Without a target: the first ranking after
  an edit (the edited model's facts are read again).
- The profile: where a never-seen ranking's time goes, measured in one process (manage.py shell) on the
  same catalog: the candidates (read once per catalog change), the pricing and ranking, the rendering.
"""

import json
import random
import statistics
import subprocess
import time
import urllib.request

from sitemap_bench import EDIT, _shell, _timed

CACHED_TARGET = 0.7
NEVER_SEEN_TARGET = 0.050  # seconds, p50
ROUNDS = 30
CASES = [("best preset", "/best/chatbot/", None)]

PROFILE = r"""
import cProfile, io, json, pstats, random, time
from comparisons import parts
from comparisons.content.ranking import rank
from comparisons.best import BestForm
started = time.perf_counter(); candidates = parts.ranking_candidates(); load = time.perf_counter() - started
started = time.perf_counter(); parts.ranking_candidates(); again = time.perf_counter() - started
rng = random.Random(7)
queries = [{"requests": str(rng.randint(1000, 10**6)), "input_per_request": str(rng.randint(100, 50000)),
            "output_per_request": str(rng.randint(10, 4000)), "cache_hit": str(rng.choice([0, 30, 60]))}
           for _ in range(20)]
forms = [BestForm(q, providers=parts.ranking_providers(candidates)) for q in queries]
assert all(f.is_valid() for f in forms), [f.errors for f in forms if f.errors]
started = time.perf_counter()
for f in forms:
    rank(candidates, f.cleaned_data["workload"], f.cleaned_data["requirements"])
ranking = (time.perf_counter() - started) / len(forms)
profile = cProfile.Profile()
profile.enable()
for f in forms:
    rank(candidates, f.cleaned_data["workload"], f.cleaned_data["requirements"])
profile.disable()
out = io.StringIO()
pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(8)
top = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()][-9:]
print(json.dumps({"models": len(candidates), "offerings": sum(len(c.eligible) for c in candidates),
                  "load": load, "again": again, "ranking": ranking, "top": top}))
"""


def _never_seen(rng: random.Random) -> str:
    params = {
        "requests": rng.randint(1_000, 2_000_000),
        "input_per_request": rng.randint(100, 120_000),
        "output_per_request": rng.randint(10, 8_000),
    }
    if rng.random() < 0.5:
        params["cache_hit"] = rng.choice([10, 25, 50, 75, 90])
    if rng.random() < 0.3:
        params["cache_write"] = rng.choice([5, 10])
    if rng.random() < 0.3:
        params["pricing"] = "batch"
    if rng.random() < 0.3:
        params["capability"] = rng.choice(["vision", "function_calling", "reasoning", "structured_outputs"])
    if rng.random() < 0.3:
        params["min_context"] = rng.choice([32_000, 128_000, 200_000])
    return "&".join(f"{k}={v}" for k, v in params.items())


def _status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return response.status


def measure(base: str, models: int, manage: list[str], env: dict, root) -> tuple[list[dict], dict]:
    """Rows {page, models, state, seconds, each, target, met} (as sitemap_bench.table prints them) and the
    profile."""
    rng = random.Random(time.time_ns())
    for n in range(6):  # each worker has ranked once: the candidates are in its memory
        assert _status(f"{base}/best/?requests={n + 1}&input_per_request=1&output_per_request=1") == 200
    seen = []
    for _ in range(ROUNDS):
        seconds, cache = _timed(f"{base}/best/?{_never_seen(rng)}")
        assert cache == "miss", cache
        seen.append(seconds)
    edited = []
    for _ in range(5):
        _shell(manage, EDIT, env, root)
        seconds, cache = _timed(f"{base}/best/?{_never_seen(rng)}")
        edited.append(seconds)
    rows = [
        _row("/best/?… (a workload)", models, "never seen", seen, NEVER_SEEN_TARGET),
        _row("/best/?… (a workload)", models, "never seen, first after an edit", edited, None),
    ]
    output = subprocess.run([*manage, "shell", "--no-imports", "-c", PROFILE], cwd=root, env=env, check=True,
                            capture_output=True, text=True).stdout
    return rows, json.loads(output.strip().splitlines()[-1])


def profile_text(profile: dict) -> str:
    lines = [
        f"Profile of a never-seen ranking, in one process, {profile['models']:,} models with "
        f"{profile['offerings']:,} eligible offerings: reading every model's facts "
        f"{profile['load'] * 1000:.0f} ms once per catalog change (then {profile['again'] * 1000:.2f} ms), "
        f"pricing and ranking {profile['ranking'] * 1000:.1f} ms a workload. Top functions of 20 rankings "
        "(cProfile, by own time):",
        "",
        "```",
        *profile["top"],
        "```",
    ]
    return "\n".join(lines)


def _row(page: str, models: int, state: str, values: list[float], target: float | None) -> dict:
    seconds = statistics.median(values)
    return {
        "page": page, "models": models, "state": state, "seconds": seconds,
        "each": values if len(values) <= 5 else [], "target": target,
        "met": target is None or seconds <= target,
    }
