"""What a price is, checked on the real catalog (issue 15): LiteLLM 1.110.2 and the bundled models.dev data
imported into the demo catalog. Prints counts; every "now" count but the totals should be 0.

    pip download --no-deps litellm==1.110.2 -d /tmp/h5
    # unzip litellm/model_prices_and_context_window_backup.json
    export DATABASE_URL=sqlite:////tmp/h5/real.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_demo_catalog
    .venv/bin/python manage.py import_catalog litellm \\
        /tmp/h5/litellm/model_prices_and_context_window_backup.json
    .venv/bin/python manage.py import_catalog modelsdev
    .venv/bin/python bench/real_catalog_check.py [--url http://127.0.0.1:PORT]

The pairs are those the site links: each published model's "Compare" list on its model page (8 pairs,
ranked as the page ranks them), deduplicated. Each is built with the page builders (build_comparison), so
the verdict, FAQ and offering tables are what the page shows. "Before" recomputes the verdict's cheapest
with the old rule (any priced offering, whatever its provider) to show what the rule changed. With --url,
the seed pair and the home page's popular pairs are read over HTTP as a buyer reads them.
"""

import argparse
import os
import re
import sys
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SEED = "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"


def old_cheapest(offerings):
    """The rule before issue 15: the priced offering with the lowest blended price, at any provider."""
    priced = [o for o in offerings if o.input_price is not None and o.output_price is not None]
    return min(priced, key=lambda o: (o.blended(), o.input_price, o.provider_name.lower()), default=None)


def is_zero(o) -> bool:
    return o is not None and o.input_price == 0 and o.output_price == 0


# A model called free, or priced at $0 blended: only a confirmed $0 may read so.
FREE_WORDS = re.compile(r"\bis free:|\bfree of charge\b|cost the same: \$0\.0+ per|\$0\.0+ against")
# One basis at $0 where the other is priced (an embedding model's output): a real price, reported apart.
ONE_SIDED = re.compile(r"\bfree on (input|output)\b")
# Thousands of K ("1,000K" for 1,024,000 or 999,990): never how people say a token count. The other wrong
# way, 128,000 as "125K", is checked on every token count in the catalog (said_wrong), since every figure
# on a page is format_tokens of one of them.
THOUSANDS_K = re.compile(r"\b\d{1,3}(?:,\d{3})+K\b")


def said_wrong(n: int, said: str) -> bool:
    """A token count said as people would not say it: thousands of K, or a round count of thousands
    divided by 1,024 (format_tokens's rule: 128,000 -> 128K, 131,072 -> 128K, 1,024,000 -> 1M)."""
    if said == f"{n:,}":  # said exactly (below 10,000, or no round unit)
        return False
    match = re.fullmatch(r"([\d,]+(?:\.\d+)?)([KM])", said)
    if match is None:
        return True
    value = float(match.group(1).replace(",", ""))
    if match.group(2) == "K" and value >= 1000:
        return True
    return match.group(2) == "K" and n % 1000 == 0 and value != n / 1000


def linked_pairs(models, facts) -> set[tuple[int, int]]:
    """Every pair the model pages link to ("continue comparing"), as (pk, pk) in page order. `models` carry
    offering counts; Django is set up."""
    from comparisons.content import rank_related
    from comparisons.parts import Card, Cards, related_candidates

    ordered = sorted(models, key=lambda m: (-m.offering_count, m.name))
    cards = Cards(Card.of(m, m.offering_count) for m in ordered)
    by_pk = {card.pk: card for card in cards}
    pairs = set()
    for m in models:
        card = by_pk[m.pk]
        for suggestion in rank_related([card], related_candidates([card], cards), limit=8):
            pairs.add(tuple(sorted((m.pk, suggestion.other.pk), key=lambda pk: facts[pk].slug)))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", help="A server on this catalog, to read the seed pair and popular pairs.")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from catalog.models import LanguageModel, ProviderKind
    from comparisons.content import build_comparison, cheapest, model_facts, offering_groups
    from comparisons.content.pricing import format_tokens

    models = list(
        LanguageModel.objects.published().with_facts().with_cheapest_blended().with_offering_counts()
    )
    facts = {m.pk: model_facts(m) for m in models}
    count = Counter()
    # Printed in this order, zeros included.
    for key in ("models", "models priced", "models where the SQL sort and the page disagree",
                "offering tables with a provider shown twice, nothing to tell them apart",
                "cheapest badges on a free tier, subscription, local runtime or router",
                "cheapest badges on a retired offering", "models whose price is a retired offering",
                "token counts in the catalog said wrong ('125K' for 128,000)"):
        count[key] = 0

    # The directory's SQL annotation against the content chain's rule, for every published model.
    for m in models:
        best = cheapest(facts[m.pk].offerings)
        count["models"] += 1
        count["models priced"] += best is not None
        if (best.blended() if best else None) != m.cheapest_blended:
            count["models where the SQL sort and the page disagree"] += 1
        groups = offering_groups(facts[m.pk])
        for group in groups:
            labels = Counter(row.offering.label for row in group.rows)
            count["offering tables with a provider shown twice, nothing to tell them apart"] += any(
                n > 1 for n in labels.values()
            )
            count["cheapest badges on a free tier, subscription, local runtime or router"] += sum(
                row.cheapest for row in group.rows if group.kind != ProviderKind.PAY_AS_YOU_GO
            )
            count["cheapest badges on a retired offering"] += sum(
                row.cheapest for row in group.rows if row.offering.retired
            )
        count["models whose price is a retired offering"] += best is not None and best.retired
        count["models whose price is a $0 row (before)"] += is_zero(old_cheapest(facts[m.pk].offerings))
        count["models whose price is a $0 row (now)"] += is_zero(best)

    # Every token count a page may say: windows, output limits, offerings' windows, tier thresholds.
    counts = set()
    for f in facts.values():
        counts |= {f.context_window, f.max_output_tokens}
        for o in f.offerings:
            counts |= {o.context_window, *(t.threshold for t in o.tiers)}
    counts.discard(None)
    count["token counts in the catalog said wrong ('125K' for 128,000)"] = sum(
        said_wrong(n, format_tokens(n)) for n in counts
    )
    count["distinct token counts checked"] = len(counts)

    # Every pair the model pages link to.
    pairs = linked_pairs(models, facts)
    for a, b in sorted(pairs):
        page = build_comparison(facts[a], facts[b])
        count["pairs"] += 1
        count["pairs indexable"] += page.indexable
        old = [old_cheapest(facts[a].offerings), old_cheapest(facts[b].offerings)]
        count["pair verdicts calling a $0 row cheapest (before)"] += any(map(is_zero, old))
        count["pair verdicts calling a $0 row cheapest (now)"] += any(
            map(is_zero, (page.pair.cheapest_a, page.pair.cheapest_b))
        )
        count["pair verdicts calling a model free or $0.00 (now)"] += bool(FREE_WORDS.search(page.verdict))
        count["pair verdicts pricing a model at a retired offering"] += any(
            o is not None and o.retired for o in (page.pair.cheapest_a, page.pair.cheapest_b)
        )
        answers = [entry.answer for entry in page.faq if not entry.editorial]
        count["verdicts and FAQ answers with a '1,000K'-style figure"] += sum(
            bool(THOUSANDS_K.search(text)) for text in [page.verdict, *answers]
        )
        count["FAQ answers saying free or $0.00 (now)"] += sum(bool(FREE_WORDS.search(a)) for a in answers)
        count["verdicts and FAQ answers: free on one basis, priced on the other (now)"] += sum(
            bool(ONE_SIDED.search(text)) for text in [page.verdict, *answers]
        )
        same = page.pair.deltas.get("blended")
        count["indexable pairs that 'cost the same: $0.00' (now)"] += bool(
            page.indexable and same is not None and same.cheaper is None and same.a == 0
        )

    width = max(map(len, count))
    for key, value in count.items():
        print(f"{key:<{width}}  {value:>7,}")

    if args.url:
        home = urllib.request.urlopen(args.url + "/").read().decode()
        popular = list(dict.fromkeys(re.findall(r'href="(/compare/[a-z0-9-]+-vs-[a-z0-9-]+/)"', home)))[:5]
        for path in [SEED, *popular]:
            html = urllib.request.urlopen(args.url + path).read().decode()
            verdict = re.search(r'<section id="verdict"[^>]*>.*?<p>(.*?)</p>', html, re.S)
            text = re.sub(r"<[^>]+>", "", verdict.group(1)) if verdict else "(no verdict paragraph found)"
            print(f"\n{path}\n  {' '.join(text.split())}")
            for heading in (
                "Free tiers and trials",
                "Subscriptions",
                "Local runtimes",
                "Routers and gateways",
            ):
                if heading in html:
                    print(f"  lists a group: {heading}")


if __name__ == "__main__":
    main()
