"""Whether a comparison says something: the one rule behind a pair page's robots tag, the sitemaps and the
lists that link comparisons.

A pair page is worth a search engine's time only when both models have a price anyone can pay (an eligible
offering) and the page makes at least one specific, sourced claim beyond how many providers serve each:
- a price difference of at least 5% on input, output or the blend (each basis between the two models'
  cheapest eligible offerings on it, as the page compares them);
- a benchmark both models were scored on with the same settings;
- a capability one model has and the other lacks, both sourced;
- context windows that read differently ("128K" vs "200K"; 128,000 and 131,072 both read "128K");
- different purposes (a chat model and a safety classifier do different jobs).

The rule works on a `Summary` of each model (a few values, built once per model by `summarize`), so that
deciding a pair costs a few comparisons and a sitemap over millions of candidate pairs never builds a page.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from .facts import CAPABILITY_LABELS, ModelFacts, OfferingFacts
from .price_mix import BASIS_SHARES
from .pricing import format_tokens

# The smallest price difference that counts as a claim, as a share of the dearer price.
PRICE_DIFFERENCE = Decimal("0.05")
_KEEP = 1 - PRICE_DIFFERENCE
BASES = ("input", "output", "blended")
_BITS = [1 << n for n, _ in enumerate(CAPABILITY_LABELS)]


class Summary(NamedTuple):
    """What the indexing rule needs to know of one model (a tuple: the sitemap caches thousands)."""

    slug: str
    purpose: str
    priced: bool  # has an eligible offering: a price anyone can pay
    live: bool  # some provider still offers it (priced or not)
    # The cheapest eligible price on each basis (BASES order), and the same times (1 - PRICE_DIFFERENCE).
    prices: tuple[Decimal | None, ...]
    kept: tuple[Decimal | None, ...]
    benchmarks: frozenset[tuple[str, str]]
    # Bit masks over CAPABILITY_LABELS of the capabilities sourced as yes and as no.
    has: int
    lacks: int
    context: str | None  # as pages say it


def summarize(facts: ModelFacts) -> Summary:
    """The summary of a model's facts: `summary_of` the few it reads."""
    return summary_of(
        facts.slug, facts.purpose, facts.context_window, [facts.capability(key) for key in CAPABILITY_LABELS],
        facts.offerings, (s.key for s in facts.scores),
    )


def summary_of(
    slug: str, purpose: str, context_window: int | None, capabilities: list[str],
    offerings: Iterable[OfferingFacts], benchmarks: Iterable[tuple[str, str]],
) -> Summary:
    """A summary from a model's slug, purpose, context window, capability states (in CAPABILITY_LABELS
    order, as `ModelFacts.capability` gives them), offerings (anything with OfferingFacts' `is_eligible`,
    `is_live` and `blended`) and benchmark keys (`ScoreFacts.key`)."""
    offerings = list(offerings)
    # Each basis's lowest price among eligible offerings: the price of `cheapest_on(offerings, basis)`.
    eligible = [o for o in offerings if o.is_eligible]
    prices = [min(o.blended(BASIS_SHARES[basis]) for o in eligible) if eligible else None for basis in BASES]
    has = lacks = 0
    for bit, state in zip(_BITS, capabilities, strict=True):
        has |= bit if state == "yes" else 0
        lacks |= bit if state == "no" else 0
    return Summary(
        slug=slug,
        purpose=str(purpose),
        priced=prices[2] is not None,
        live=any(o.is_live for o in offerings),  # ModelFacts.has_live_offering
        prices=tuple(prices),
        kept=tuple(p * _KEEP if p is not None else None for p in prices),
        benchmarks=frozenset(benchmarks),
        has=has,
        lacks=lacks,
        context=format_tokens(context_window) if context_window else None,
    )


def _price_differs(a: Summary, b: Summary) -> bool:
    for x, y, x_kept, y_kept in zip(a.prices, b.prices, a.kept, b.kept, strict=True):
        if x is not None and y is not None and ((x < y and x <= y_kept) or (y < x and y <= x_kept)):
            return True
    return False


def claims(a: Summary, b: Summary) -> list[str]:
    """The kinds of specific, sourced claim the pair's page makes beyond provider counts (either order)."""
    found = []
    if a.purpose != b.purpose:
        found.append("purpose")
    if a.priced and b.priced and _price_differs(a, b):
        found.append("price")
    if not a.benchmarks.isdisjoint(b.benchmarks):
        found.append("benchmark")
    if (a.has & b.lacks) or (a.lacks & b.has):
        found.append("capability")
    if a.context is not None and b.context is not None and a.context != b.context:
        found.append("context")
    return found


def indexable(a: Summary, b: Summary) -> bool:
    """Should search engines see the comparison of these two models? Both priced, and at least one claim.

    `claims` written for speed: the sitemaps ask it for every candidate pair of the catalog."""
    return a.priced and b.priced and (
        a.purpose != b.purpose
        or (a.has & b.lacks) != 0
        or (a.lacks & b.has) != 0
        or (a.context is not None and b.context is not None and a.context != b.context)
        or not a.benchmarks.isdisjoint(b.benchmarks)
        or _price_differs(a, b)
    )
