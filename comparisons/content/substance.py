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

from catalog.models import blend_price

from .facts import CAPABILITY_LABELS, ModelFacts
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
        live=facts.has_live_offering,
        eligible=[(o.input_price, o.output_price) for o in facts.offerings if o.is_eligible],
        benchmarks=(s.key for s in facts.scores),
    )


def summary_of(
    slug: str, purpose: str, context_window: int | None, capabilities: list[str], *, live: bool,
    eligible: list[tuple[Decimal, Decimal]], benchmarks: Iterable[tuple[str, str]],
) -> Summary:
    """A summary from a model's slug, purpose, context window, capability states (in CAPABILITY_LABELS
    order, as `ModelFacts.capability` gives them), whether some provider still offers it, the (input,
    output) prices of its eligible offerings (`OfferingFacts.is_eligible`; the sitemaps read them with its
    SQL twin) and its benchmark keys (`ScoreFacts.key`)."""
    # Each basis's lowest price among eligible offerings: the price of `cheapest_on(offerings, basis)`.
    prices = [_lowest(eligible, BASIS_SHARES[basis]) for basis in BASES]
    has = lacks = 0
    for bit, state in zip(_BITS, capabilities, strict=True):
        has |= bit if state == "yes" else 0
        lacks |= bit if state == "no" else 0
    return Summary(
        slug=slug,
        purpose=str(purpose),
        priced=prices[2] is not None,
        live=live,
        prices=tuple(prices),
        kept=tuple(p * _KEEP if p is not None else None for p in prices),
        benchmarks=frozenset(benchmarks),
        has=has,
        lacks=lacks,
        context=format_tokens(context_window) if context_window else None,
    )


def _lowest(eligible: list[tuple[Decimal, Decimal]], share: Decimal) -> Decimal | None:
    """The lowest `blend_price` at this output share. At share 0 a blend is the input price (i x 1 + o x 0,
    exactly), at 1 the output price: those are read as they are (the sitemaps summarize every offering)."""
    if not eligible:
        return None
    if share == 0:
        return min(i for i, _ in eligible)
    if share == 1:
        return min(o for _, o in eligible)
    return min(blend_price(i, o, share) for i, o in eligible)


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
