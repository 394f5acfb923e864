"""Price claims on the real catalog (issue 15, item 3): every pair page the site links, built in-process, its
price claims checked against a brute force over all offerings (tests/price_claims.py). Prints counts;
"pages with a false price claim" should be 0.

Set up the catalog as bench/real_catalog_check.py says (LiteLLM 1.110.2 and the bundled models.dev data
imported into the demo catalog), then:

    DATABASE_URL=sqlite:////tmp/h5/real.sqlite3 .venv/bin/python bench/price_claims_check.py [--show 5]

The pairs are those of real_catalog_check.py: each published model's "Compare" list (8 pairs), deduplicated.
The checker also reads the sentences pages said before issue 15 (prices without the offering named, "Above
a 50% share of output tokens, B becomes the cheaper one"), so running this script on an older checkout
(with tests/price_claims.py copied in) counts what was false then.
"""

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, default=5, help="How many false claims to print.")
    args = parser.parse_args()

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from real_catalog_check import linked_pairs

    from catalog.models import LanguageModel
    from comparisons.content import build_comparison, model_facts
    from tests.price_claims import WRONG_SIDE, check_page

    models = list(LanguageModel.objects.published().with_facts().with_offering_counts())
    facts = {m.pk: model_facts(m) for m in models}
    pairs = linked_pairs(models, facts)

    count: Counter = Counter()
    for key in ("pairs", "pages with both models priced", "price claims checked",
                "pages with a false price claim", "false price claims",
                "pages naming the wrong model as cheaper"):
        count[key] = 0
    shown = 0
    for a_pk, b_pk in sorted(pairs):
        a, b = facts[a_pk], facts[b_pk]
        page = build_comparison(a, b)
        count["pairs"] += 1
        count["pages with both models priced"] += bool(page.pair.deltas)
        cheaper = next((e.answer for e in page.faq if e.question.startswith("Which is cheaper")), "")
        # The FAQ repeats the price sentences: a false one counts once.
        checker = check_page(a, b, page.price_summary, page.verdict, cheaper, page.reasons)
        errors = list(dict.fromkeys(checker.errors))
        count["price claims checked"] += checker.checked
        count["pages with a false price claim"] += bool(errors)
        count["false price claims"] += len(errors)
        count["pages naming the wrong model as cheaper"] += any(WRONG_SIDE in e for e in errors)
        mix = getattr(page.pair, "mix", None)
        if mix is not None:
            ranges = len(mix.ranges)
            count["pages where the cheaper model changes with the share of output"] += ranges > 1
            count["  ... more than once"] += ranges > 2
            count["  ... a tie over a range of shares"] += any(r.side is None for r in mix.ranges)
            count["pages with a sentence on the mix"] += any("cheapest provider for the mix" in s
                                                             for s in page.price_summary)
        if count["pairs"] % 2000 == 0:
            print(f"{count['pairs']:,} pairs...", file=sys.stderr)
        for error in errors:
            if shown < args.show:
                print(f"{a.name} vs {b.name}: {error}\n")
                shown += 1

    width = max(map(len, count))
    for key, value in count.items():
        print(f"{key:<{width}}  {value:>7,}")


if __name__ == "__main__":
    main()
