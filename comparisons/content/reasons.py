"""Reasons to choose each model of a pair ("Choose X when", and the FAQ's "When should I pick X"):
each from a difference that favours one side, and only where it fits that model's purpose. A classifier
or an embedding model answers with a label or a vector, so it is never chosen for its outputs, for what it
can do while writing (tools, structured outputs) or for fresher knowledge; a longer context is said as what
it lets such a model do.
"""

from decimal import Decimal

from catalog.models import Purpose, Support

from .benchmarks import score_reasons
from .pair import Pair
from .pricing import blend_label, format_percent, format_token_pair
from .words import capability_names, format_month, format_parameters, months_between

# Fewer parameters is a reason to pick a model to self-host only when the gap is real.
SIZE_RATIO_THAT_MATTERS = Decimal("1.5")
# Models whose job is to write text: only these are ever chosen for longer outputs or for what they can do
# while writing (tools, structured outputs...). A classifier or an embedding model answers with a label or
# a vector, so "pick it for its 128K outputs" would say nothing true.
WRITERS = {Purpose.CHAT, Purpose.CODE, Purpose.BASE}
# What a longer context lets the others do (a writer's is "a longer context").
CONTEXT_REASONS = {
    Purpose.SAFETY_CLASSIFIER: "to check longer prompts and conversations",
    Purpose.EMBEDDING: "to embed longer texts",
    Purpose.RERANKER: "to rerank longer documents",
}
# Capabilities about what a model reads fit any purpose (a classifier that reads images checks images).
INPUT_CAPABILITIES = {"vision", "multimodal"}


def fitting_capabilities(pair: Pair, side: str) -> list[str]:
    """Capabilities only this side has that fit its purpose: what it may be chosen for (reasons, FAQ)."""
    only = pair.capabilities_only(side)
    return only if pair.model(side).purpose in WRITERS else [k for k in only if k in INPUT_CAPABILITIES]


def reasons(pair: Pair) -> dict[str, list[str]]:
    """Concrete reasons to choose each model. Each reason is derived from a difference that favours
    one side, so the same reason can never be given for both."""
    out: dict[str, list[str]] = {"a": [], "b": []}

    if not pair.same_purpose:
        for side in ("a", "b"):
            out[side].append(f"you need {pair.model(side).purpose_description}")

    deltas = pair.deltas
    if pair.crossover is not None:
        o_side = pair.output_cheaper_side
        share = format_percent(pair.crossover)
        out[o_side].append(f"more than {share} of your tokens are output tokens (it costs less there)")
        out[pair.other(o_side)].append(
            f"less than {share} of your tokens are output tokens (it costs less there)"
        )
    elif deltas and deltas["blended"].cheaper is not None:
        blended = deltas["blended"]
        low, high = (blended.a_text, blended.b_text)[:: 1 if blended.cheaper == "a" else -1]
        out[blended.cheaper].append(
            f"price matters most: {low} against {high} per 1M tokens blended at {blend_label()}"
        )
    elif not deltas:
        for side in ("a", "b"):
            if pair.cheapest(side) is not None and pair.cheapest(pair.other(side)) is None:
                out[side].append(
                    "you need a price you can check before you commit: only its price is sourced"
                )

    n, m = pair.a.provider_count, pair.b.provider_count
    if n != m:
        more = "a" if n > m else "b"
        out[more].append(f"you want a choice of providers ({max(n, m):,} against {min(n, m):,})")

    for attr, what in (("context_window", "a longer context"), ("max_output_tokens", "longer outputs")):
        x, y = getattr(pair.a, attr), getattr(pair.b, attr)
        if x is not None and y is not None and x != y:
            side = "a" if x > y else "b"
            purpose = pair.model(side).purpose
            if attr == "max_output_tokens" and purpose not in WRITERS:
                continue
            big, small = format_token_pair(max(x, y), min(x, y))
            out[side].append(f"you need {CONTEXT_REASONS.get(purpose, what)} ({big} tokens against {small})")

    if {pair.a.open_weights, pair.b.open_weights} == {Support.YES, Support.NO}:
        side = "a" if pair.a.open_weights == Support.YES else "b"
        out[side].append("you want open weights to host or fine-tune it yourself")
    elif pair.a.open_weights == pair.b.open_weights == Support.YES:
        x, y = pair.a.parameters_billions, pair.b.parameters_billions
        if x is not None and y is not None and max(x, y) >= min(x, y) * SIZE_RATIO_THAT_MATTERS:
            side = "a" if x < y else "b"
            out[side].append(
                f"you want a smaller model to run yourself ({format_parameters(min(x, y))} against "
                f"{format_parameters(max(x, y))} parameters)"
            )

    x, y = pair.a.knowledge_cutoff, pair.b.knowledge_cutoff
    side = "a" if x and y and x > y else "b"
    if x and y and months_between(*sorted([x, y])) > 0 and pair.model(side).purpose in WRITERS:
        out[side].append(
            f"you need more recent knowledge (training data to {format_month(max(x, y))} "
            f"against {format_month(min(x, y))})"
        )

    for side in ("a", "b"):
        if only := fitting_capabilities(pair, side):
            out[side].append(f"you need {capability_names(only)}")

    for side, scored in score_reasons(pair).items():
        out[side].extend(scored)
    return out
