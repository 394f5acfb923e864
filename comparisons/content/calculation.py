"""The cost calculator's answer: each model's monthly cost at every provider, and which is cheapest."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from catalog.models import ProviderKind

from .facts import ModelFacts, OfferingFacts
from .pricing import format_percent, format_usd
from .prose import price_not_sourced
from .words import join_words

# Monthly cost -------------------------------------------------------------------------------------

MILLION = Decimal(1_000_000)


def monthly_cost(
    offering: OfferingFacts, input_tokens: int, output_tokens: int, cache_share: Decimal = Decimal(0)
) -> Decimal | None:
    """Cost of a month's tokens; the cached share of input is billed at the cached price where there is
    one."""
    if not offering.is_priced:
        return None
    cached_price = offering.cached_input_price
    if cached_price is None:
        cached_price = offering.input_price
    input_cost = input_tokens * ((1 - cache_share) * offering.input_price + cache_share * cached_price)
    return (input_cost + offering.output_price * output_tokens) / MILLION


def format_cost(value: Decimal) -> str:
    """Cents for amounts of a dollar or more; enough digits to show a small amount as non-zero."""
    if value == 0 or value >= Decimal("0.01"):
        return format_usd(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), 2)
    places = 1 - value.adjusted()  # two significant digits: $0.00012
    return format_usd(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), places)


@dataclass(frozen=True)
class CostLine:
    provider_name: str
    provider_slug: str
    cost: Decimal
    region: str = ""
    cached: bool = False  # the cached-input price was used
    label: str = ""  # "AWS Bedrock, US": the offering's own label (OfferingFacts.label)
    # A price anyone can pay (OfferingFacts.is_eligible): only these can be a model's cost.
    eligible: bool = True
    # For a line that is not eligible, what it is: "free tier or trial", "router or gateway"...
    why_not: str = ""
    best: bool = False  # the model's cost: its cheapest eligible line (`best_line`)

    @property
    def text(self) -> str:
        return format_cost(self.cost)


def cost_lines(
    offerings: Iterable[OfferingFacts], input_tokens: int, output_tokens: int,
    cache_share: Decimal = Decimal(0),
) -> list[CostLine]:
    """The monthly cost at every priced provider, cheapest first (free tiers, subscriptions, local runtimes
    and routers included, marked not `eligible`: `best_line` picks a model's cost)."""
    lines = sorted((
        CostLine(
            o.provider_name, o.provider_slug, monthly_cost(o, input_tokens, output_tokens, cache_share),
            o.region, cached=bool(cache_share) and o.cached_input_price is not None, label=o.label,
            eligible=o.is_eligible,
            why_not="" if o.is_eligible else _why_not_eligible(o),
        )
        for o in offerings
        if o.is_priced
    ), key=lambda line: (line.cost, line.provider_name.lower()))
    best = best_line(lines)
    return [replace(line, best=True) if line is best else line for line in lines]


def _why_not_eligible(offering: OfferingFacts) -> str:
    if not offering.is_pay_as_you_go:
        return ProviderKind(offering.provider_kind).label.lower()
    return "$0 not confirmed" if offering.input_price == offering.output_price == 0 else "not a live offering"


def best_line(lines: list[CostLine]) -> CostLine | None:
    """A model's cost for a workload: its cheapest eligible line, never a free tier's or a router's."""
    return next((line for line in lines if line.eligible), None)


# The calculation --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Calculation:
    input_tokens: int
    output_tokens: int
    cache_share: Decimal
    tables: list[tuple[ModelFacts, list[CostLine]]]
    summary: str

    @property
    def ranking(self) -> list[tuple[ModelFacts, CostLine]]:
        """Each priced model with its cheapest provider's cost, cheapest first: a result per model."""
        best = [(m, best_line(lines)) for m, lines in self.tables]
        return sorted(((m, line) for m, line in best if line), key=lambda t: (t[1].cost, t[0].name))


def build_calculation(
    models: list[ModelFacts], input_tokens: int, output_tokens: int, cache_share: Decimal = Decimal(0)
) -> Calculation:
    """Each model's monthly cost at its cheapest provider and at every provider, and the difference."""
    tables = [(m, cost_lines(m.offerings, input_tokens, output_tokens, cache_share)) for m in models]
    cached = f", {format_percent(cache_share * 100)} of input cached" if cache_share else ""
    workload = f"{input_tokens:,} input and {output_tokens:,} output tokens a month{cached}"
    priced = [(m, best_line(lines)) for m, lines in tables if best_line(lines)]
    unpriced = [m.name for m, lines in tables if not best_line(lines)]
    if len(priced) < 2:
        summary = (
            f"For {workload}, no costs can be compared: "
            f"the price of {join_words(unpriced)} is not yet sourced."
        )
    else:
        ranked = sorted(priced, key=lambda t: (t[1].cost, t[0].name))
        (cheap, lo), (dear, hi) = ranked[0], ranked[-1]
        if lo.cost == hi.cost:
            summary = f"For {workload}, they all cost {lo.text} at their cheapest providers."
        else:
            saving = format_percent((hi.cost - lo.cost) / hi.cost * 100)
            if len(priced) == 2:
                summary = (
                    f"For {workload}, {cheap.name} costs {lo.text} at {lo.provider_name} and {dear.name} "
                    f"{hi.text} at {hi.provider_name}: {cheap.name} is {saving} cheaper."
                )
            else:
                summary = (
                    f"For {workload}, {cheap.name} is the cheapest at {lo.text} ({lo.provider_name}) and "
                    f"{dear.name} the dearest at {hi.text} ({hi.provider_name}): {saving} less."
                )
        if unpriced:
            summary += f" {price_not_sourced(unpriced)}"
    return Calculation(input_tokens, output_tokens, cache_share, tables, summary)
