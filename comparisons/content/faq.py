"""The FAQ of a comparison: questions the data can answer, after any an editor wrote for the pair; and
the FAQ of a comparison of 3 or 4 models, which answers "where can I run it" as pair pages do."""

from typing import NamedTuple

from catalog.models import Support

from .facts import CAPABILITY_LABELS, ModelFacts, OfferingFacts
from .pair import Pair
from .pricing import blend_label, format_usd
from .prose import crossover_sentence, delta_sentence, gone_sentence, is_gone, largest_context
from .reasons import fitting_capabilities
from .words import format_context, format_date, format_month, join_words, plural, possessive


class FaqEntry(NamedTuple):
    """A tuple so that templates unpack it (`{% for question, answer, editorial in ... %}`), as pages.Row."""
    question: str
    answer: str
    editorial: bool = False


def _cheaper(pair: Pair) -> FaqEntry:
    question = f"Which is cheaper, {pair.a.name} or {pair.b.name}?"
    deltas = pair.deltas
    if not deltas:
        missing = [m for m, o in ((pair.a, pair.cheapest_a), (pair.b, pair.cheapest_b)) if o is None]
        gone = [m for m in missing if is_gone(m)]
        if len(gone) == 2:
            return FaqEntry(question, "Neither: no provider offers either model any more.")
        if gone:
            rest = [m for m in missing if m not in gone]
            unsourced = f" The price of {rest[0].name} is not yet sourced." if rest else ""
            return FaqEntry(question, f"We cannot compare them: {gone_sentence(gone[0])}{unsourced}")
        if len(missing) == 2:
            return FaqEntry(question, "We cannot say yet: no price for either model is sourced.")
        return FaqEntry(question, f"We cannot say yet: the price of {missing[0].name} is not yet sourced.")
    blended = deltas["blended"]
    winners = {d.cheaper for d in deltas.values()}
    if len(winners) == 1 and None not in winners:
        lead = f"{pair.model(blended.cheaper).name}, on input, output and blended price alike."
    elif blended.cheaper is None:
        lead = f"Neither, on a {blend_label(short=True)} blended basis."
    else:
        cheap = pair.model(blended.cheaper).name
        lead = f"It depends on the basis; blended at {blend_label(short=True)}, {cheap}."
    parts = [lead, delta_sentence(pair, deltas["input"]), delta_sentence(pair, deltas["output"])]
    if crossover := crossover_sentence(pair):
        parts.append(crossover)
    return FaqEntry(question, " ".join(parts))


def _open_source(model: ModelFacts) -> str:
    licence = f"the {model.license_name}" if model.license_name else "a license not yet sourced"
    if model.open_weights == Support.YES:
        return f"{model.name}: yes, its weights are open under {licence}, so you can download and run it."
    if model.open_weights == Support.NO:
        terms = f" ({model.license_name})" if model.license_name else ""
        return f"{model.name}: no, it is closed{terms} and reachable only through an API."
    return f"{model.name}: whether its weights are open is not yet sourced."


def _price_words(offering) -> str:
    if offering.input_price == offering.output_price == 0:  # eligible, so an editor confirmed it
        return "free of charge"
    return (
        f"at {format_usd(offering.input_price)} per 1M input and {format_usd(offering.output_price)} "
        f"per 1M output tokens"
    )


def where_to_run(model: ModelFacts, cheapest) -> FaqEntry:
    """"Where can I run X?": pay-as-you-go providers, the cheapest, then the other kinds (pair and N-way
    pages)."""
    question = f"Where can I run {model.name}?"
    # Retired offerings are listed on the page, but nobody can run the model there any more.
    live = [o for o in model.offerings if o.is_live]
    names = sorted({o.provider_name for o in live if o.is_pay_as_you_go}, key=str.lower)
    others = sorted({o.provider_name for o in live if not o.is_pay_as_you_go}, key=str.lower)
    if not names and not others and model.retired_on:
        when = format_date(model.retired_on)
        answer = f"No provider offers {model.name} any more: the last retired it on {when}."
        if model.successor_name:
            answer += f" Its successor is {model.successor_name}."
    elif not names and not others:
        answer = f"No provider offering {model.name} is listed yet."
    elif not names:
        answer = f"No pay-as-you-go API offering {model.name} is listed yet."
    else:
        answer = f"{model.name} is served by {plural(len(names), 'provider')}: {join_words(names)}."
        if len(names) == 1 and cheapest is not None:
            answer = f"{model.name} is served only by {names[0]}, {_price_words(cheapest)}."
        elif cheapest is not None:
            answer += f" The cheapest for {model.name} is {cheapest.label}, {_price_words(cheapest)}."
    if others:
        # Free tiers, subscriptions, local runtimes and routers: where it runs, never its price.
        verb = "do" if len(others) > 1 else "does"
        answer += f" It is also available through {join_words(others)}, which {verb} not set its price."
    if model.open_weights == Support.YES:
        answer += f" With open weights, {model.name} can also run on your own hardware."
    return FaqEntry(question, answer)


def _when(pair: Pair, side: str, reasons: list[str]) -> FaqEntry:
    me, other = pair.model(side), pair.model(pair.other(side))
    question = f"When should I pick {me.name} over {other.name}?"
    if not reasons:
        return FaqEntry(
            question, f"The sourced data gives no reason to prefer {me.name} over {other.name} yet."
        )
    if len(reasons) == 1:
        return FaqEntry(question, f"Pick {me.name} when {reasons[0]}.")
    return FaqEntry(question, f"Pick {me.name} when {'; when '.join(reasons[:-1])}; or when {reasons[-1]}.")


def build_faq(pair: Pair, reasons: dict[str, list[str]], editorial: list[FaqEntry] = ()) -> list[FaqEntry]:
    a, b = pair.a, pair.b
    entries = list(editorial)
    entries.append(_cheaper(pair))

    if not pair.same_purpose:
        entries.append(FaqEntry(
            f"Do {a.name} and {b.name} do the same job?",
            f"No. {a.name} works as {a.purpose_description}; {b.name} works as {b.purpose_description}.",
        ))

    same_licence = a.license_name == b.license_name and a.license_name
    if a.open_weights == b.open_weights == Support.YES and same_licence:
        answer = f"Both have open weights under the {a.license_name}, so you can download and run either."
    else:
        answer = f"{_open_source(a)} {_open_source(b)}"
    entries.append(FaqEntry(f"Are {a.name} and {b.name} open source?", answer))

    for side in ("a", "b"):
        for key in fitting_capabilities(pair, side):  # a classifier is never "better for tool use"
            label = CAPABILITY_LABELS[key].lower()
            me, other = pair.model(side), pair.model(pair.other(side))
            entries.append(FaqEntry(
                f"Which is better for {label}, {a.name} or {b.name}?",
                f"{me.name}: it supports {label}, which {other.name} does not.",
            ))

    if a.context_window or b.context_window:
        entries.append(_context(pair))

    if a.knowledge_cutoff or b.knowledge_cutoff:
        parts = [
            f"{possessive(m.name)} is {format_month(m.knowledge_cutoff)}" if m.knowledge_cutoff
            else f"{possessive(m.name)} is not yet sourced"
            for m in (a, b)
        ]
        entries.append(
            FaqEntry(f"What are the knowledge cutoffs of {a.name} and {b.name}?", f"{'; '.join(parts)}.")
        )

    entries.append(where_to_run(a, pair.cheapest_a))
    entries.append(where_to_run(b, pair.cheapest_b))
    entries.append(_when(pair, "a", reasons["a"]))
    entries.append(_when(pair, "b", reasons["b"]))
    return entries


def _context(pair: Pair) -> FaqEntry:
    a, b = pair.a, pair.b
    question = f"Which has the larger context window, {a.name} or {b.name}?"
    if a.context_window and b.context_window:
        if a.context_window == b.context_window:
            answer = f"Neither: both take {format_context(a.context_window)}."
        else:
            (big,), big_text, small, small_text = largest_context([a, b])
            answer = f"{big.name}, with {big_text} tokens of context against {small_text} for {small.name}."
    else:
        known, unknown = (a, b) if a.context_window else (b, a)
        answer = (
            f"We cannot say yet: {known.name} takes {format_context(known.context_window)}, "
            f"but the context window of {unknown.name} is not yet sourced."
        )
    return FaqEntry(question, answer)


# 3 or 4 models ------------------------------------------------------------------------------------

def _open_line(m: ModelFacts) -> str:
    if m.open_weights == Support.YES:
        return f"{m.name}: yes{f' ({m.license_name})' if m.license_name else ''}."
    if m.open_weights == Support.NO:
        return f"{m.name}: no."
    return f"{m.name}: not yet sourced."


def nway_faq(models: list[ModelFacts], best: list[OfferingFacts | None], verdict: str) -> list[FaqEntry]:
    """Which is cheapest (answered by the page's verdict), which have open weights, and where each runs;
    `best` is each model's cheapest offering."""
    names = [m.name for m in models]
    priced = any(o is not None for o in best)
    return [
        FaqEntry(f"Which is cheapest: {join_words(names, 'or')}?",
                 verdict if priced else "We cannot say yet: no price for these models is sourced."),
        FaqEntry(f"Which of {join_words(names)} have open weights?", " ".join(_open_line(m) for m in models)),
        *(where_to_run(m, o) for m, o in zip(models, best, strict=True)),
    ]
