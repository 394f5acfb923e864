"""A comparison of 3 or 4 models: side-by-side columns, a verdict across all of them, every pair among
them with its own verdict, and the FAQ (faq.nway_faq). Its sentences are the N-model forms of the pair
page's (prose.py), sharing their wording: "Blended at 70/30 input/output", "The price of X is not yet
sourced", the context windows told apart."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.models import Support

from .charts import BarChart, bar_chart
from .facts import CAPABILITY_LABELS, ModelFacts, OfferingFacts, page_sources, stalest_review
from .faq import FaqEntry, nway_faq
from .model_page import Review, page_review, public_specs
from .pair import Pair
from .pricing import PriceDelta, blend_label, cheapest, decimals_needed, format_usd
from .prose import BLENDED_AT, largest_context, price_not_sourced, verdict
from .words import NOT_SOURCED, SPEC_ROWS, fit_title, join_words, shorten, subject


@dataclass(frozen=True)
class Column:
    """One model's column: its cheapest offering's prices shown with a common precision."""

    model: ModelFacts
    cheapest: OfferingFacts | None
    input_text: str
    output_text: str
    blended_text: str


@dataclass
class NWayPage:
    models: list[ModelFacts]
    title: str
    description: str
    verdict: str
    columns: list[Column]
    specs: list[tuple[str, list[str]]]
    capabilities: list[tuple[str, list[str]]]
    benchmarks: list[tuple[str, list[str]]]
    pairs: list[tuple[ModelFacts, ModelFacts, str]]  # every pair among them, with its verdict
    faq: list[FaqEntry]
    chart: BarChart | None
    sources: list[tuple[str, str]] = field(default_factory=list)
    last_reviewed: datetime.date | None = None
    review: Review | None = None  # what the page's footer says of editors' reviews


def _aligned(values: list[Decimal | None]) -> list[str]:
    places = decimals_needed(*values)
    return [format_usd(v, places) if v is not None else NOT_SOURCED for v in values]


def _columns(models: list[ModelFacts], best: list[OfferingFacts | None]) -> list[Column]:
    ins = _aligned([o.input_price if o else None for o in best])
    outs = _aligned([o.output_price if o else None for o in best])
    blends = _aligned([o.blended() if o else None for o in best])
    rows = zip(models, best, ins, outs, blends, strict=True)
    return [Column(m, o, i, out, bl) for m, o, i, out, bl in rows]


# Verdict: one sentence per kind of difference, each left out where there is none -------------------

def different_jobs(models: list[ModelFacts]) -> str:
    if len({m.purpose for m in models}) == 1:
        return ""
    odd = [m for m in models if m.purpose != "chat"] or models[:1]
    what = join_words([f"{m.name} is {m.purpose_description}" for m in odd])
    return f"They do not all do the same job: {what}."


def cheapest_sentence(models: list[ModelFacts], best: list[OfferingFacts | None]) -> str:
    """The cheapest against the dearest, blended; every model tied at either end is named (a tie is not
    a win)."""
    priced = [(o.blended(), m) for m, o in zip(models, best, strict=True) if o is not None]
    if len(priced) < 2:
        return ""
    delta = PriceDelta("blended", min(p for p, _ in priced), max(p for p, _ in priced))
    if delta.cheaper is None:
        return f"{BLENDED_AT}, the priced models cost the same per 1M tokens."
    who = subject([m.name for p, m in priced if p == delta.low], "is", "are")
    dearest = join_words([m.name for p, m in priced if p == delta.high])
    than = (
        f"against {delta.b_text} for {dearest}" if delta.free
        else f"{delta.percent_text} less than {dearest} ({delta.b_text})"
    )
    return f"{BLENDED_AT}, {who} the cheapest at {delta.a_text} per 1M tokens, {than}."


def context_sentence(models: list[ModelFacts]) -> str:
    """The largest context window against the next size down."""
    if (lead := largest_context(models)) is None:
        return ""
    largest, big_text, runner_up, next_text = lead
    who = subject([m.name for m in largest], "has", "share")
    return f"{who} the largest context window, {big_text} tokens, against {next_text} for {runner_up.name}."


def most_providers_sentence(models: list[ModelFacts]) -> str:
    # The same count as the pair and model pages: providers with a sourced price.
    most = max(models, key=lambda m: m.provider_count)
    if not most.provider_count or sum(m.provider_count == most.provider_count for m in models) > 1:
        return ""
    return f"{most.name} is offered by the most providers with a sourced price ({most.provider_count})."


def nway_verdict(models: list[ModelFacts], best: list[OfferingFacts | None]) -> str:
    unpriced = [m for m, o in zip(models, best, strict=True) if o is None]
    sentences = [
        different_jobs(models),
        cheapest_sentence(models, best),
        price_not_sourced(unpriced) if unpriced else "",
        context_sentence(models),
        most_providers_sentence(models),
    ]
    return (
        " ".join(s for s in sentences if s)
        or "The sourced data shows no difference in price, context or providers."
    )


# Tables ---------------------------------------------------------------------------------------------

def _benchmarks(models: list[ModelFacts]) -> tuple[list[tuple[str, list[str]]], list[tuple]]:
    """Rows of the benchmarks every model has a score on (same settings), and those scores for the sources."""
    shared_keys = set.intersection(*({s.key for s in m.scores} for m in models))
    rows, shown = [], []
    for key in sorted(shared_keys):
        scores = [next(s for s in m.scores if s.key == key) for m in models]
        label = scores[0].benchmark_name + (f" ({scores[0].settings})" if scores[0].settings else "")
        rows.append((label, [s.score_text for s in scores]))
        shown += [(scores[0].benchmark_name, s, m) for s, m in zip(scores, models, strict=True)]
    return rows, shown


def _pairs(models: list[ModelFacts]) -> list[tuple[ModelFacts, ModelFacts, str]]:
    """Every pair among the models, in its canonical order, with the pair page's verdict."""
    pairs = []
    for i, x in enumerate(models):
        for y in models[i + 1:]:
            first, second = sorted([x, y], key=lambda m: m.slug)
            pairs.append((first, second, verdict(Pair(first, second))))
    return pairs


def _chart(
    models: list[ModelFacts], best: list[OfferingFacts | None], columns: list[Column]
) -> BarChart | None:
    if any(o is None for o in best):
        return None
    names = [m.name for m in models]
    cheapest = list(zip(best, columns, strict=True))
    rows = [
        ("Input", [(o.input_price, c.input_text) for o, c in cheapest]),
        ("Output", [(o.output_price, c.output_text) for o, c in cheapest]),
        (f"Blended {blend_label(short=True)}", [(o.blended(), c.blended_text) for o, c in cheapest]),
    ]
    return bar_chart(f"Price per 1M tokens: {' vs '.join(names)}", names, rows)


def build_nway(models: list[ModelFacts]) -> NWayPage:
    best = [cheapest(m.offerings) for m in models]
    columns = _columns(models, best)
    verdict_text = nway_verdict(models, best)
    benchmarks, shown_scores = _benchmarks(models)
    return NWayPage(
        models=models,
        title=fit_title(" vs ".join(m.name for m in models)),
        description=shorten(verdict_text),
        verdict=verdict_text,
        columns=columns,
        specs=[(label, [values[key] for values in map(public_specs, models)]) for key, label in SPEC_ROWS],
        capabilities=[
            (label, [Support(m.capability(key)).label for m in models])
            for key, label in CAPABILITY_LABELS.items()
        ],
        benchmarks=benchmarks,
        pairs=_pairs(models),
        faq=nway_faq(models, best, verdict_text),
        chart=_chart(models, best, columns),
        sources=page_sources(models, shown_scores),
        last_reviewed=stalest_review(models),
        review=page_review(models),
    )
