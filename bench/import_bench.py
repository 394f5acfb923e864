"""Time both importers on the real data sets into an empty PostgreSQL, twice each, then check pages.

Run by bench/import.sh (which starts a throwaway PostgreSQL); writes bench/IMPORT_RESULTS.md.
"""

import datetime
import os
import platform
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LIMIT = 20  # seconds for each import into an empty PostgreSQL (issue 16 item 9)


def manage(*args) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, result.stdout


def summary(output: str) -> str:
    keep = ("Imported", "created:", "changed:", "skipped:", "rejected:", "No changes", "facts on which",
            "imported models:")
    return "; ".join(line.strip() for line in output.splitlines() if line.strip().startswith(keep))


def main(litellm_path: str) -> None:
    assert os.environ.get("DATABASE_URL", "").startswith("postgres"), "run through bench/import.sh"
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")  # pages link hashed static files, as in production
    rows = []
    for label, args in [
        ("LiteLLM, first run", ["import_catalog", "litellm", litellm_path]),
        ("models.dev, first run", ["import_catalog", "modelsdev"]),
        ("LiteLLM, second run", ["import_catalog", "litellm", litellm_path]),
        ("models.dev, second run", ["import_catalog", "modelsdev"]),
    ]:
        seconds, output = manage(*args)
        rows.append((label, seconds, summary(output)))
        print(f"{label}: {seconds:.1f} s  {summary(output)}", flush=True)

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.test import Client

    from catalog.models import LanguageModel, Offering

    seed = LanguageModel.objects.get(slug="llama-3-2-1b-instruct")
    seed_offerings = sorted(
        f"{o.provider.name}{f' ({o.region})' if o.region else ''}"
        for o in Offering.objects.filter(model=seed).select_related("provider")
    )
    sources = sorted(set(seed.source_facts.values_list("source", flat=True)))
    client = Client()
    slugs = list(LanguageModel.objects.published().values_list("slug", flat=True))
    waiting = LanguageModel.objects.filter(published=False, rejected=False).exclude(queue_reasons=[]).count()
    start = time.perf_counter()
    model_statuses = {}
    for slug in slugs:
        status = client.get(f"/models/{slug}/").status_code
        model_statuses[status] = model_statuses.get(status, 0) + 1
    model_seconds = time.perf_counter() - start
    rng = random.Random(1)
    pair_statuses = {}
    for _ in range(300):
        a, b = sorted(rng.sample(slugs, 2))
        status = client.get(f"/compare/{a}-vs-{b}/").status_code
        pair_statuses[status] = pair_statuses.get(status, 0) + 1

    lines = [
        "# Import benchmark",
        "",
        f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}), "
        "into an empty PostgreSQL started by scripts/with-postgres. Command: `bash bench/import.sh`. "
        f"Target: each import under {LIMIT} s.",
        "",
        "| run | seconds | report |",
        "|---|---:|---|",
        *(f"| {label} | {seconds:.1f} | {text} |" for label, seconds, text in rows),
        "",
        f"After both imports: {LanguageModel.objects.count():,} models, "
        f"{Offering.objects.count():,} offerings; {len(slugs):,} published, {waiting:,} waiting in the "
        "review queue (an import publishes only what an editor would sign: catalog/importers/publishing.py).",
        f"Llama 3.2 1B Instruct is one model (sources: {', '.join(sources)}) "
        f"with {len(seed_offerings)} offerings: "
        f"{', '.join(seed_offerings)}.",
        f"Every published model page ({len(slugs):,}) answered: {model_statuses} in {model_seconds:.0f} s.",
        f"300 random comparison pages answered: {pair_statuses}.",
        "",
    ]
    (ROOT / "bench" / "IMPORT_RESULTS.md").write_text("\n".join(lines))
    print("\n".join(lines))
    if set(model_statuses) != {200} or set(pair_statuses) != {200}:
        sys.exit("some pages did not answer 200")
    if any(seconds >= LIMIT for _, seconds, _ in rows):
        sys.exit(f"an import took {LIMIT} seconds or more")
    if "No changes" not in rows[2][2] or "No changes" not in rows[3][2]:
        sys.exit("a second run changed something")


if __name__ == "__main__":
    main(sys.argv[1])
