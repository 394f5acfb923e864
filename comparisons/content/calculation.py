"""The cost calculator's answer: each model's monthly cost at every provider, and which is cheapest."""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from catalog.models import ProviderKind

from .facts import ModelFacts, OfferingFacts
from .pricing import format_percent, format_tokens, format_usd
from .prose import price_not_sourced
from .words import format_date

# Monthly cost -------------------------------------------------------------------------------------

MILLION = Decimal(1_000_000)
HUNDRED = Decimal(100)
ZERO = Decimal(0)


@dataclass(frozen=True)
class Workload:
    """A month's use: tokens, and how they are billed. Shares are fractions (0.5: half)."""

    input_tokens: int
    output_tokens: int
    cache_share: Decimal = ZERO  # of input, read from the cache
    requests: int | None = None  # a month, when the visitor gave requests
    prompt_tokens: int | None = None  # input tokens per request: decides a long-context tier
    cache_write_share: Decimal = ZERO  # of input, written to the cache
    cache_hour: bool = False  # cache writes kept for 1 hour instead of 5 minutes
    batch: bool = False
    reasoning_share: Decimal = ZERO  # of output, reasoning tokens

    @property
    def plain(self) -> bool:
        """Only input, output and cache reads: what the calculator always did."""
        return not (self.cache_write_share or self.batch or self.reasoning_share)


class Priced(NamedTuple):
    """A tuple: /best/ prices thousands of offerings a request, and a frozen dataclass costs more to build."""

    cost: Decimal
    cached: bool  # the cached-input price was used
    rates: str  # which rates were used, when more than input and output ("" otherwise)


def _usd(value: Decimal) -> str:
    return format_usd(value)


def price_workload(o: OfferingFacts, w: Workload, *, describe: bool = True) -> Priced | None:
    """An offering's cost for a month's workload, and which rates it used. Rules (the methodology page
    states them):
    - a long-context tier applies when the prompt (input tokens per request) is longer than its threshold,
      and then bills the WHOLE request at its rates; a rate the tier leaves empty is the offering's own;
    - cache reads at the cached price, cache writes at the 5-minute or 1-hour write price (unknown: the
      input price, said so), the rest of the input at the input price;
    - reasoning tokens at the reasoning rate where there is one, else as output;
    - batch: the offering's (or the tier's) batch price, else the provider's batch discount on every
      rate; with neither, the standard rates, said so;
    - a per-request fee is added for each request (with tokens per month, requests are unknown: said so).
    Without `describe`, only the cost (rates left empty): the ranking of /best/ prices every offering in
    the catalog and describes the few it shows.
    """
    # Written for speed as well as for reading: /best/ runs it over every offering in the catalog.
    inp, out = o.input_price, o.output_price
    if inp is None or out is None or (inp == 0 and out == 0 and o.is_unconfirmed_zero):  # not is_priced
        return None
    tier = None
    if w.prompt_tokens is not None and o.tiers:
        passed = [t for t in o.tiers if w.prompt_tokens > t.threshold]
        tier = max(passed, key=lambda t: t.threshold) if passed else None
    cached = o.cached_input_price
    write = o.cache_write_1h_price if w.cache_hour else o.cache_write_price
    if tier is not None:  # a rate the tier leaves empty is the offering's own
        inp = inp if tier.input_price is None else tier.input_price
        out = out if tier.output_price is None else tier.output_price
        cached = cached if tier.cached_input_price is None else tier.cached_input_price
        if not w.cache_hour and tier.cache_write_price is not None:
            write = tier.cache_write_price
    reasoning = o.reasoning_output_price
    notes: list[str] = []
    batch_priced = False
    if w.batch:
        discount = (1 - o.batch_discount / HUNDRED) if o.batch_discount is not None else None
        own_in = tier.batch_input_price if tier is not None else o.batch_input_price
        own_out = tier.batch_output_price if tier is not None else o.batch_output_price
        if own_in is None and own_out is None and discount is None:
            notes.append("no batch price sourced: standard rates")
        else:
            batch_priced = True
            inp = own_in if own_in is not None else (inp * discount if discount is not None else inp)
            out = own_out if own_out is not None else (out * discount if discount is not None else out)
            if discount is not None:
                cached, write = (cached and cached * discount), (write and write * discount)
                reasoning = reasoning and reasoning * discount
    used_cached = bool(w.cache_share) and cached is not None
    read = cached if cached is not None else inp
    if w.cache_write_share and write is None:
        notes.append("cache write price not yet sourced: billed as input")
    write_rate = write if write is not None else inp
    if w.cache_share or w.cache_write_share:
        fresh = 1 - w.cache_share - w.cache_write_share
        input_cost = w.input_tokens * (fresh * inp + w.cache_share * read + w.cache_write_share * write_rate)
    else:
        input_cost = w.input_tokens * inp
    if w.reasoning_share:
        reasoning_rate = reasoning if reasoning is not None else out
        output_cost = w.output_tokens * ((1 - w.reasoning_share) * out + w.reasoning_share * reasoning_rate)
    else:
        output_cost = w.output_tokens * out
    cost = (input_cost + output_cost) / MILLION
    if o.request_price:
        if w.requests is not None:
            cost += o.request_price * w.requests
        else:
            notes.append(f"plus {_usd(o.request_price)} a request (give requests to include it)")
    if not describe or (w.plain and tier is None and not o.request_price):
        return Priced(cost, used_cached, "")
    used = []
    if tier is not None:
        used.append(f"prompts over {format_tokens(tier.threshold)} tokens")
    if batch_priced:
        used.append("batch")
    used.append(f"input {_usd(inp)}, output {_usd(out)}")
    if w.cache_share:
        used.append(f"cache read {_usd(read)}")
    if w.cache_write_share and write is not None:
        used.append(f"cache write {_usd(write)} ({'1 hour' if w.cache_hour else '5 minutes'})")
    if w.reasoning_share and reasoning is not None:
        used.append(f"reasoning {_usd(reasoning)}")
    text = "; ".join(used) + " per 1M tokens"
    if o.request_price and w.requests is not None:
        text += f"; {_usd(o.request_price)} a request"
    return Priced(cost, used_cached, "; ".join([text, *notes]))


def monthly_cost(
    offering: OfferingFacts, input_tokens: int, output_tokens: int, cache_share: Decimal = ZERO
) -> Decimal | None:
    """Cost of a month's tokens; the cached share of input is billed at the cached price where there is
    one."""
    priced = price_workload(offering, Workload(input_tokens, output_tokens, cache_share))
    return None if priced is None else priced.cost


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
    # For a line that is not eligible, what it is: "free tier or trial", "router or gateway", "retired"...
    why_not: str = ""
    best: bool = False  # the model's cost: its cheapest eligible line (`best_line`)
    rates: str = ""  # the rates used, where more than input and output (`price_workload`)

    @property
    def text(self) -> str:
        return format_cost(self.cost)


def cost_lines(
    offerings: Iterable[OfferingFacts], input_tokens: int | Workload, output_tokens: int = 0,
    cache_share: Decimal = ZERO,
) -> list[CostLine]:
    """The monthly cost at every priced provider, cheapest first (free tiers, subscriptions, local runtimes,
    routers and retired offerings included, marked not `eligible`: `best_line` picks a model's cost). Takes a
    `Workload`, or input and output tokens and a cached share."""
    w = input_tokens
    if not isinstance(w, Workload):
        w = Workload(input_tokens, output_tokens, cache_share)
    lines = []
    for o in offerings:
        priced = price_workload(o, w)
        if priced is None:
            continue
        lines.append(CostLine(
            o.provider_name, o.provider_slug, priced.cost, o.region, cached=priced.cached, label=o.label,
            eligible=o.is_eligible, why_not="" if o.is_eligible else _why_not_eligible(o), rates=priced.rates,
        ))
    lines.sort(key=lambda line: (line.cost, line.provider_name.lower()))
    best = best_line(lines)
    return [replace(line, best=True) if line is best else line for line in lines]


def _why_not_eligible(offering: OfferingFacts) -> str:
    if offering.retired and offering.retires_on is not None:
        return f"retired on {format_date(offering.retires_on)}"
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
    models: list[ModelFacts], input_tokens: int = 0, output_tokens: int = 0, cache_share: Decimal = ZERO,
    *, workload: Workload | None = None,
) -> Calculation:
    """Each model's monthly cost at its cheapest provider and at every provider, and the difference. A
    `workload` (CalculatorForm's cleaned_data["workload"]) replaces the three numbers."""
    w = workload or Workload(input_tokens, output_tokens, cache_share)
    input_tokens, output_tokens, cache_share = w.input_tokens, w.output_tokens, w.cache_share
    tables = [(m, cost_lines(m.offerings, w)) for m in models]
    cached = f", {format_percent(cache_share * 100)} of input cached" if cache_share else ""
    if w.cache_write_share:
        kept = "1 hour" if w.cache_hour else "5 minutes"
        cached += f", {format_percent(w.cache_write_share * 100)} written to the cache for {kept}"
    if w.reasoning_share:
        cached += f", {format_percent(w.reasoning_share * 100)} of output reasoning"
    if w.batch:
        cached += ", at batch prices"
    workload = f"{input_tokens:,} input and {output_tokens:,} output tokens a month{cached}"
    priced = [(m, best_line(lines)) for m, lines in tables if best_line(lines)]
    unpriced = [m for m, lines in tables if not best_line(lines)]
    if len(priced) < 2:
        summary = f"For {workload}, no costs can be compared. {price_not_sourced(unpriced)}"
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
