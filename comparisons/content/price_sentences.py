"""The price sentences of a pair page: each basis compared, which model is cheaper at which share of output
tokens, and what is not sourced. Every claim holds for each model's cheapest eligible offering wherever it
applies (price_mix.py): a basis compares the offerings cheapest on that basis and names them; the mix of
input and output compares the offerings cheapest at each share. tests/price_claims.py checks each sentence
against a brute force over all offerings.
"""

from catalog.models import Purpose

from .facts import ModelFacts
from .pair import Pair
from .pricing import PriceDelta, blend_label, format_percent, format_usd, round1
from .words import format_date, possessive

BASIS_PHRASES = {
    "input": "input", "output": "output", "blended": f"a {blend_label(short=True)} blended basis",
}
# The most ranges of output shares a sentence lists ("A is cheaper below 50%, B between 50% and 55%, ...");
# where the cheaper model changes more often than this, no sentence tries to say it.
MAX_MIX_RANGES = 4


# Models that write no text: an embedding model returns vectors, a reranker scores. Their $0 output price is
# no price at all, never "free on output".
RETURNS = {Purpose.EMBEDDING: "vectors", Purpose.RERANKER: "scores"}


def _no_output(model: ModelFacts) -> str:
    """"returns vectors, not text" for a model that bills no output tokens because it writes none."""
    return f"returns {RETURNS[Purpose(model.purpose)]}, not text" if model.purpose in RETURNS else ""


def delta_sentence(pair: Pair, delta: PriceDelta) -> str:
    """"A is 70% cheaper on input ($0.03 at Groq vs $0.10 at Together AI per 1M tokens); B costs 3.3 times
    as much": each model at its cheapest eligible offering on that basis, named."""
    basis = BASIS_PHRASES[delta.basis]
    if delta.basis == "output" and delta.cheaper is None and delta.a == 0 and all(
        map(_no_output, (pair.a, pair.b))
    ):
        return "Neither bills output tokens: each returns vectors or scores, not text."
    if delta.cheaper is None:
        return f"On {basis} they cost the same: {delta.a_text} per 1M tokens each."
    cheap_side, dear_side = delta.cheaper, pair.other(delta.cheaper)
    cheap, dear = pair.model(cheap_side), pair.model(dear_side)
    low, high = (delta.a_text, delta.b_text) if delta.cheaper == "a" else (delta.b_text, delta.a_text)
    low_at, high_at = (pair.cheapest_on(side, delta.basis).label for side in (cheap_side, dear_side))
    per = f"({low} at {low_at} vs {high} at {high_at} per 1M tokens)"
    if delta.basis == "output" and delta.free and (writes_none := _no_output(cheap)):
        return (
            f"{cheap.name} {writes_none}, so it bills no output tokens; {dear.name} charges {high} per 1M "
            f"output tokens at {high_at}."
        )
    if delta.free:
        return f"{cheap.name} is free on {basis} {per}, where {dear.name} charges."
    return (
        f"{cheap.name} is {delta.percent_text} cheaper on {basis} {per}; "
        f"{dear.name} costs {delta.dearer_costs}."
    )


def crossover_sentence(pair: Pair) -> str:
    """Which model is cheaper at which share of output tokens, each at its cheapest provider for that share:
    "With each model at its cheapest provider for the mix, A is cheaper below 20% output tokens, B is
    cheaper between 20% and 80%, and A is cheaper above 80%." Said only when it can be said simply and
    truly: 2 to MAX_MIX_RANGES ranges, their ends shown apart and not as 0% or 100%, and no tie inside a
    range (a tie at 0% or 100% keeps that end out: "between 0% and 50%")."""
    mix = pair.mix
    if mix is None or not 2 <= len(mix.ranges) <= MAX_MIX_RANGES:
        return ""
    ends = [format_percent(r.start_percent) for r in mix.ranges[1:]]
    if len(set(ends)) < len(ends) or not all(0 < round1(r.start_percent) < 100 for r in mix.ranges[1:]):
        return ""
    if mix.ties - {0, 1}:
        return ""
    bounds = [
        f"between 0% and {ends[0]}" if 0 in mix.ties else f"below {ends[0]}",
        *(f"between {x} and {y}" for x, y in zip(ends, ends[1:], strict=False)),
        f"between {ends[-1]} and 100%" if 1 in mix.ties else f"above {ends[-1]}",
    ]
    parts = [
        f"{pair.model(r.side).name} is cheaper {where}" if r.side else f"they cost the same {where}"
        for r, where in zip(mix.ranges, bounds, strict=True)
    ]
    parts[0] += " output tokens"
    body = f"{parts[0]} and {parts[1]}" if len(parts) == 2 else f"{', '.join(parts[:-1])}, and {parts[-1]}"
    return f"With each model at its cheapest provider for the mix, {body}."


def is_gone(model: ModelFacts) -> bool:
    """Listed at providers that have all retired it: no longer offered, not "not yet sourced"."""
    return bool(model.offerings) and not model.has_live_offering


def gone_sentence(model: ModelFacts) -> str:
    """'X is no longer offered: its last provider retired it on December 1, 2026.'"""
    when = f" on {format_date(model.retired_on)}" if model.retired_on else ""
    return f"{model.name} is no longer offered: its last provider retired it{when}."


def _unpriced_sentence(model: ModelFacts) -> str:
    return gone_sentence(model) if is_gone(model) else f"{possessive(model.name)} price is not yet sourced."


def price_summary(pair: Pair) -> list[str]:
    """The pricing section's sentences: every basis, the crossover, what is not sourced."""
    deltas = pair.deltas
    if deltas:
        sentences = [delta_sentence(pair, deltas[basis]) for basis in ("input", "output", "blended")]
        if crossover := crossover_sentence(pair):
            sentences.append(crossover)
        return sentences
    priced = [m for m, o in ((pair.a, pair.cheapest_a), (pair.b, pair.cheapest_b)) if o is not None]
    if not priced:
        if is_gone(pair.a) and is_gone(pair.b):
            return [
                "Neither model is offered any more: every provider has retired both, so no price comparison "
                "can be made."
            ]
        if is_gone(pair.a) or is_gone(pair.b):
            both = f"{_unpriced_sentence(pair.a)} {_unpriced_sentence(pair.b)}"
            return [f"{both} No price comparison can be made."]
        return ["Neither model's price is sourced yet, so no price comparison can be made."]
    (known,) = priced
    missing = pair.b if known is pair.a else pair.a
    offer = pair.cheapest_a if known is pair.a else pair.cheapest_b
    return [(
        f"Only {known.name} has a sourced price: {format_usd(offer.input_price)} input and "
        f"{format_usd(offer.output_price)} output per 1M tokens at {offer.label}. "
        f"{_unpriced_sentence(missing)}"
    )]
