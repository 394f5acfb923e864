"""Is the real import a site an editor would sign? (issue 16) LiteLLM's price file and the bundled models.dev
data imported into the demo catalog in a scratch database, then the issue's counts, each with its target:

    .venv/bin/python bench/import_quality_check.py bench/.cache/litellm.json     # a scratch SQLite
    DATABASE_URL=postgres://... .venv/bin/python bench/import_quality_check.py PATH   # an empty PostgreSQL
    .venv/bin/python bench/import_quality_check.py --no-import     # the catalog DATABASE_URL already holds

Pages are fetched with Django's test client: every published model page, the directory, the vendor pages and
300 random comparisons. "Thin" is checked apart from the site's own rule (comparisons/content/substance.py):
every pair the sitemap would list is checked again here from the database, against the issue's words (a
price difference of at least 5% on input, output or the 70/30 blend between cheapest eligible offerings, a
shared benchmark with the same settings, a capability sourced yes on one side and no on the other, context
windows that read differently, or different purposes). Exits 1 when a target is missed.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
UNATTRIBUTED_NAME = "Unattributed (needs an editor)"
ZERO_PROVIDERS = "Where to run it: 0 providers"


def manage(*args) -> str:
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
                            check=True)
    return result.stdout


def import_everything(litellm_path: str) -> list[str]:
    lines = []
    manage("migrate", "--noinput")
    manage("load_demo_catalog")
    for args in (["litellm", litellm_path], ["modelsdev"]):
        start = time.perf_counter()
        output = manage("import_catalog", *args)
        summary = [line.strip() for line in output.splitlines() if line.strip().startswith("imported models")]
        lines.append(f"import_catalog {args[0]}: {time.perf_counter() - start:.1f} s; {'; '.join(summary)}")
    return lines


def cheapest(model_ids) -> dict[int, tuple[Decimal, Decimal, Decimal]]:
    """Each model's lowest input, output and 70/30 blended price among its eligible offerings."""
    from catalog.models import Offering, blend_price, eligible_offering

    best: dict[int, list] = {}
    rows = Offering.objects.filter(eligible_offering(), model__in=model_ids)
    for model_id, i, o in rows.values_list("model_id", "input_price", "output_price"):
        prices = (i, o, blend_price(i, o))
        now = best.setdefault(model_id, list(prices))
        best[model_id] = [min(a, b) for a, b in zip(now, prices, strict=True)]
    return {k: tuple(v) for k, v in best.items()}


def differs(a: Decimal, b: Decimal) -> bool:
    low, high = sorted((a, b))
    return high > 0 and (high - low) / high >= Decimal("0.05")


def thin_indexable_pairs(catalog) -> tuple[int, int, list[str]]:
    """(indexable pairs, those that make no claim by the issue's words, examples)."""
    from catalog.models import CAPABILITY_FIELDS, BenchmarkScore, LanguageModel
    from comparisons.content.words import format_tokens

    models = {m.slug: m for m in LanguageModel.objects.published()}
    prices = cheapest([m.pk for m in models.values()])
    benchmarks = defaultdict(set)  # (benchmark, settings): the same settings make a shared score
    scores = BenchmarkScore.objects.values_list("model_id", "benchmark__slug", "settings")
    for model_id, slug, settings in scores:
        benchmarks[model_id].add((slug, settings))

    def claims(a, b) -> bool:
        if a.purpose != b.purpose:
            return True
        pa, pb = prices.get(a.pk), prices.get(b.pk)
        if pa and pb and any(differs(x, y) for x, y in zip(pa, pb, strict=True)):
            return True
        if benchmarks[a.pk] & benchmarks[b.pk]:
            return True
        # Multimodality (more than text in or out) is a capability row of its own on the page.
        if any({getattr(a, f), getattr(b, f)} == {"yes", "no"} for f in (*CAPABILITY_FIELDS, "multimodal")):
            return True
        return bool(a.context_window and b.context_window
                    and format_tokens(a.context_window) != format_tokens(b.context_window))

    indexable = thin = 0
    examples = []
    for start, stop in catalog.chunks():  # what the sitemap's sections list
        for first, second, pair, _ in catalog.pairs_in_chunk(start, stop):
            indexable += 1
            if not claims(models[first.slug], models[second.slug]):
                thin += 1
                if len(examples) < 10:
                    examples.append(f"/compare/{pair}/")
    return indexable, thin, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("litellm", nargs="?", help="LiteLLM's model_prices_and_context_window JSON")
    parser.add_argument("--no-import", action="store_true", help="check the catalog DATABASE_URL holds")
    args = parser.parse_args()
    scratch = None
    if not os.environ.get("DATABASE_URL"):
        scratch = tempfile.mkdtemp(prefix="versus-quality-")
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/catalog.sqlite3"
    if not os.environ.get("STATIC_ROOT"):
        os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="versus-static-")
    manage("collectstatic", "--noinput")  # pages link hashed static files, as in production
    lines = []
    if not args.no_import:
        if not args.litellm:
            parser.error("give the LiteLLM file (or --no-import)")
        lines += import_everything(str(Path(args.litellm).resolve()))

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    from catalog.importers.entries import UNATTRIBUTED
    from catalog.importers.matching import identity
    from catalog.models import LanguageModel
    from comparisons.indexing import Catalog

    models = list(LanguageModel.objects.select_related("vendor"))
    published = [m for m in models if m.published]
    unattributed = [m for m in published if m.vendor.slug == UNATTRIBUTED[0]]
    by_key = defaultdict(list)
    for m in published:
        by_key[identity(m)].append(m)  # a snapshot's own page is a release of its own
    duplicates = {k: v for k, v in by_key.items() if len(v) > 1}
    waiting = [m for m in models if not m.published and not m.rejected and m.queue_reasons]
    reasons = Counter(r.split(":")[0] for m in waiting for r in m.queue_reasons)

    client = Client()
    urls = [m.get_absolute_url() for m in published] + ["/", "/models/"]
    urls += sorted({m.vendor.get_absolute_url() for m in published})
    slugs = sorted(m.slug for m in published)
    rng = random.Random(16)
    urls += [f"/compare/{'-vs-'.join(sorted(rng.sample(slugs, 2)))}/" for _ in range(300)]
    statuses, placeholder, zero = Counter(), [], []
    start = time.perf_counter()
    for url in urls:
        response = client.get(url, follow=True)
        statuses[response.status_code] += 1
        text = response.content.decode()
        if UNATTRIBUTED_NAME in text or "made by Unattributed" in text:
            placeholder.append(url)
        if ZERO_PROVIDERS in text:
            zero.append(url)
    fetch_seconds = time.perf_counter() - start
    placeholder_page = client.get(f"/vendors/{UNATTRIBUTED[0]}/").status_code
    indexable, thin, thin_examples = thin_indexable_pairs(Catalog.load())

    share = len(unattributed) / len(published) if published else 0
    checks = [
        ("published models", len(published), None),
        ("imported models waiting in the review queue", len(waiting), None),
        ("unattributed share among published", f"{share:.2%} ({len(unattributed)})", share < 0.02),
        ("duplicate normalised names among published", len(duplicates), not duplicates),
        ("pages naming the placeholder vendor", len(placeholder), not placeholder),
        (f"/vendors/{UNATTRIBUTED[0]}/ answers", placeholder_page, placeholder_page == 404),
        ('pages saying "Where to run it: 0 providers"', len(zero), not zero),
        ("indexable comparisons (the sitemap's)", indexable, None),
        ("indexable comparisons that make no claim", thin, thin == 0),
    ]
    lines += [
        f"{len(models):,} models: {len(published):,} published; waiting because: "
        + "; ".join(f"{why} {n:,}" for why, n in reasons.most_common()),
        f"fetched {len(urls):,} pages in {fetch_seconds:.0f} s: {dict(statuses)}",
    ]
    failed = False
    for label, value, ok in checks:
        mark = "" if ok is None else (" ok" if ok else " MISSED")
        failed |= ok is False
        lines.append(f"{label}: {value}{mark}")
    for key, group in list(duplicates.items())[:10]:
        made = "by editors" if all("published" in m.curated_fields for m in group) else "imported"
        lines.append(f"  duplicate {key!r} ({made}): " + ", ".join(f"{m.name} ({m.vendor})" for m in group))
    lines += [f"  names the placeholder: {url}" for url in placeholder[:10]]
    lines += [f"  0 providers: {url}" for url in zero[:10]]
    lines += [f"  thin: {url}" for url in thin_examples]
    if not all(status in (200, 404) for status in statuses):
        lines.append("some pages answered neither 200 nor 404 MISSED")
        failed = True
    print("\n".join(lines))
    if scratch:
        print(f"(scratch database: {scratch})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
