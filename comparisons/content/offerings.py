"""A model's offerings as its tables show them: a row per offering, cheapest first, grouped by kind of
provider (pay-as-you-go APIs, then free tiers, subscriptions, local runtimes and routers), then the
offerings their providers have retired."""

from dataclasses import dataclass
from decimal import Decimal

from catalog.models import ProviderKind

from .facts import ModelFacts, OfferingFacts
from .pricing import cheapest, format_percent, format_tokens, format_usd
from .words import NOT_SOURCED


@dataclass(frozen=True)
class OfferingRow:
    offering: OfferingFacts
    input_text: str
    output_text: str
    blended_text: str
    cheapest: bool
    # The rest of its price sheet, one short line each ("Batch $1.50 / $7.50"); empty: none sourced.
    rates: tuple[str, ...] = ()


# Offerings that cannot be a model's price, each kind in its own group under these headings.
GROUP_HEADINGS = {
    ProviderKind.FREE_TIER: "Free tiers and trials",
    ProviderKind.SUBSCRIPTION: "Subscriptions",
    ProviderKind.LOCAL: "Local runtimes",
    ProviderKind.ROUTER: "Routers and gateways",
}
# Offerings retired by their providers, whatever the kind: listed for the record, last.
RETIRED = "retired"
RETIRED_HEADING = "Retired"
GROUP_NOTES = {
    ProviderKind.FREE_TIER: (
        "Rate- or time-limited access for trying the model: not a price for production use, "
        "so never its cheapest."
    ),
    ProviderKind.SUBSCRIPTION: (
        "Included in a monthly plan with a usage allowance: no per-token price, so never its cheapest."
    ),
    ProviderKind.LOCAL: (
        "Software that runs the model on your own hardware: the cost is your hardware, so never its cheapest."
    ),
    ProviderKind.ROUTER: "Resell other providers' offerings through one API: listed, but never its cheapest.",
    RETIRED: (
        "No longer offered by the provider since the date shown: listed for the record, never its price, "
        "its cheapest or one of its providers."
    ),
}


@dataclass(frozen=True)
class OfferingGroup:
    """Rows of one kind of provider: pay-as-you-go APIs first (no heading), then each other kind."""
    kind: str
    rows: list[OfferingRow]

    @property
    def heading(self) -> str:
        return RETIRED_HEADING if self.kind == RETIRED else GROUP_HEADINGS.get(self.kind, "")

    @property
    def note(self) -> str:
        return GROUP_NOTES.get(self.kind, "")

    @property
    def terms(self) -> list[tuple[str, str]]:
        """(provider, what it says of its terms) for the group's providers that have terms on record."""
        if self.kind == RETIRED:  # what a provider says of its terms no longer applies
            return []
        offerings = [r.offering for r in self.rows]
        seen = {o.provider_name: o.provider_terms for o in offerings if o.provider_terms}
        return sorted(seen.items(), key=lambda t: t[0].lower())


def price_text(value: Decimal | None) -> str:
    return format_usd(value) if value is not None else NOT_SOURCED


def _pair(first: Decimal | None, second: Decimal | None) -> str:
    """"$1.50 / $7.50" (input / output); a side not sourced says so."""
    return f"{price_text(first)} / {price_text(second)}"


def other_rates(o: OfferingFacts) -> tuple[str, ...]:
    """Every rate of an offering beyond input and output, as its table row lists them (per 1M tokens
    unless said): cache read and writes, batch (its own prices, or the provider's discount), reasoning
    output, a fee per request, and each long-context tier, which bills the whole request at its rates."""
    rates = []
    if o.cached_input_price is not None:
        rates.append(f"Cache read {format_usd(o.cached_input_price)}")
    writes = []
    if o.cache_write_price is not None:
        writes.append(f"{format_usd(o.cache_write_price)} (5 minutes)")
    if o.cache_write_1h_price is not None:
        writes.append(f"{format_usd(o.cache_write_1h_price)} (1 hour)")
    if writes:
        rates.append(f"Cache write {', '.join(writes)}")
    if o.batch_input_price is not None or o.batch_output_price is not None:
        rates.append(f"Batch {_pair(o.batch_input_price, o.batch_output_price)}")
    elif o.batch_discount:
        rates.append(f"Batch: {format_percent(o.batch_discount)} off (the provider's batch discount)")
    if o.reasoning_output_price is not None:
        rates.append(f"Reasoning output {format_usd(o.reasoning_output_price)}")
    if o.request_price is not None:
        rates.append(f"{format_usd(o.request_price)} per request")
    for tier in o.tiers:
        inp = tier.input_price if tier.input_price is not None else o.input_price
        out = tier.output_price if tier.output_price is not None else o.output_price
        rates.append(f"Prompts over {format_tokens(tier.threshold)} tokens: {_pair(inp, out)}, whole request")
    return tuple(rates)


def offering_row(o: OfferingFacts, is_cheapest: bool = False) -> OfferingRow:
    if not o.is_priced:  # an unconfirmed $0 is no price: "Not yet sourced", like a missing one
        # A source's unconfirmed $0 says nothing of the other rates either.
        rates = () if o.is_unconfirmed_zero else other_rates(o)
        return OfferingRow(o, NOT_SOURCED, NOT_SOURCED, NOT_SOURCED, False, rates)
    return OfferingRow(
        o, price_text(o.input_price), price_text(o.output_price), price_text(o.blended()),
        is_cheapest and o.is_eligible, other_rates(o),
    )


def offering_rows(model: ModelFacts) -> list[OfferingRow]:
    """Every offering of a model, cheapest (blended) first, unpriced ones last; only the cheapest eligible
    offering (pricing.cheapest) is marked cheapest."""
    best = cheapest(model.offerings)

    def sort_key(o: OfferingFacts):
        return (not o.is_priced, o.blended() if o.is_priced else 0, o.provider_name.lower(), o.region)

    return [offering_row(o, o is best) for o in sorted(model.offerings, key=sort_key)]


def offering_groups(model: ModelFacts) -> list[OfferingGroup]:
    """A model's offering table: pay-as-you-go rows, then free tiers and trials, subscriptions, local
    runtimes and routers, each group under its own heading, then retired offerings of any kind; empty
    groups are left out."""
    rows = offering_rows(model)
    kinds = [ProviderKind.PAY_AS_YOU_GO, *GROUP_HEADINGS]
    live = [r for r in rows if not r.offering.retired]
    groups = [OfferingGroup(kind, [r for r in live if r.offering.provider_kind == kind]) for kind in kinds]
    groups.append(OfferingGroup(RETIRED, [r for r in rows if r.offering.retired]))
    return [g for g in groups if g.rows]
