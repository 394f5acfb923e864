"""Sentences written from the facts: the verdict, the price summary, the deep dive and "choose X when".

Plain functions over a `Pair`; no network, no language model. Every sentence states a fact or a
difference from the data; where the data shows no difference, one sentence says so.
"""

from decimal import Decimal

from catalog.models import Support

from .benchmarks import benchmarks_paragraph, says_blended_price, score_sentence, tally_sentence
from .facts import ModelFacts
from .pair import Pair
from .price_sentences import crossover_sentence as crossover_sentence  # faq imports these from here
from .price_sentences import delta_sentence as delta_sentence
from .price_sentences import gone_sentence as gone_sentence
from .price_sentences import is_gone as is_gone
from .price_sentences import price_summary
from .pricing import PriceDelta, blend_label, format_percent, format_token_pair
from .reasons import reasons as reasons  # "Choose X when" lives in reasons.py; pages imports it from here
from .words import (
    capability_names,
    format_billions,
    format_context,
    format_date,
    format_month,
    how_much_more,
    join_words,
    months_between,
    plural,
    possessive,
)

# How every verdict names the blend it compares.
BLENDED_AT = f"Blended at {blend_label()}"


# Said the same way on pair, N-way and calculator pages ----------------------------------------------

def price_not_sourced(models: list[ModelFacts]) -> str:
    """Why models have no price: no longer offered (every provider retired it), or not yet sourced."""
    gone = [gone_sentence(m) for m in models if is_gone(m)]
    names = [m.name for m in models if not is_gone(m)]
    unsourced = [f"The price of {join_words(names)} is not yet sourced."] if names else []
    return " ".join([*gone, *unsourced])


def largest_context(models: list[ModelFacts]) -> tuple[list[ModelFacts], str, ModelFacts, str] | None:
    """(the models with the largest sourced context window, its size, the model at the next size down,
    that size): the sizes told apart even where both would read "128K". None without two sizes."""
    windows = sorted((m for m in models if m.context_window), key=lambda m: -m.context_window)
    if not windows or windows[0].context_window == windows[-1].context_window:
        return None
    big = windows[0].context_window
    runner_up = next(m for m in windows if m.context_window < big)
    big_text, next_text = format_token_pair(big, runner_up.context_window)
    return [m for m in windows if m.context_window == big], big_text, runner_up, next_text


# Prices ---------------------------------------------------------------------------------------------

def sorted_texts(delta: PriceDelta) -> tuple[str, str]:
    """(the lower price, the higher) as shown."""
    return (delta.a_text, delta.b_text) if delta.cheaper == "a" else (delta.b_text, delta.a_text)


# Verdict --------------------------------------------------------------------------------------------

def purpose_verdict(pair: Pair) -> str:
    if pair.same_purpose:
        return ""
    # Name the model whose job is the unusual one (not a chat model) first.
    special = pair.b if pair.a.purpose == "chat" else pair.a
    article = "an" if special.purpose_noun[0] in "aeiou" else "a"
    return (
        f"{special.name} is {article} {special.purpose_noun}, so the two do different jobs: "
        f"pick by the task before the price."
    )


def providers_sentence(pair: Pair) -> str:
    n, m = pair.a.provider_count, pair.b.provider_count
    if n == m == 0:
        if is_gone(pair.a) and is_gone(pair.b):
            return "Neither model is offered by any provider any more."
        gone = [x for x in (pair.a, pair.b) if is_gone(x)]
        if gone:
            (model,) = gone
            other = pair.b if model is pair.a else pair.a
            return (
                f"{model.name} is no longer offered by any provider; "
                f"no priced offering of {other.name} is listed yet."
            )
        return "No priced offering of either model is listed yet."
    if n == m:
        return f"Each is offered by {plural(n, 'provider')}."
    if m == 0 or n == 0:
        has, hasnt, count = (pair.a, pair.b, n) if m == 0 else (pair.b, pair.a, m)
        missing = (
            f"{hasnt.name} is no longer offered by any provider" if is_gone(hasnt)
            else f"no priced offering of {hasnt.name} is listed yet"
        )
        return f"{has.name} is offered by {plural(count, 'provider')}; {missing}."
    return f"{pair.a.name} is offered by {plural(n, 'provider')}, {pair.b.name} by {m:,}."


def verdict(pair: Pair) -> str:
    # What the two do, then how they score where a shared benchmark says, with the price, then the prices.
    sentences = [purpose_verdict(pair), score_sentence(pair), tally_sentence(pair)]
    blended = pair.deltas.get("blended")
    if blended is not None:
        if says_blended_price(pair):
            pass  # the score sentence gave the blended prices
        elif blended.cheaper is None:
            sentences.append(f"{BLENDED_AT}, they cost the same: {blended.a_text} per 1M tokens.")
        else:
            cheap = pair.model(blended.cheaper)
            low, high = sorted_texts(blended)
            how = "free" if blended.free else f"{blended.percent_text} cheaper"
            sentences.append(
                f"{BLENDED_AT}, {cheap.name} is {how}: {low} against {high} per 1M tokens."
            )
        if pair.crossover is not None:
            side = pair.output_cheaper_side
            sentences.append(
                f"That depends on the mix: {pair.model(side).name} costs less on output, "
                f"and for workloads above {format_percent(pair.crossover)} output tokens it is the better "
                f"buy."
            )
    else:
        sentences.extend(price_summary(pair))
    sentences.append(providers_sentence(pair))
    return " ".join(s for s in sentences if s)


# Deep dive ------------------------------------------------------------------------------------------

def _compare_sizes(pair: Pair, attr: str, what: str, same: list[str]) -> str:
    a, b = getattr(pair.a, attr), getattr(pair.b, attr)
    if a is None and b is None:
        return ""
    if a is None or b is None:
        known, unknown, value = (pair.a, pair.b, a) if b is None else (pair.b, pair.a, b)
        return (
            f"{possessive(known.name)} {what} is {format_context(value)}; "
            f"that of {unknown.name} is not yet sourced."
        )
    if a == b:
        same.append(what)
        return ""
    big, small = (pair.a, pair.b) if a > b else (pair.b, pair.a)
    big_v, small_v = max(a, b), min(a, b)
    small_text = format_token_pair(big_v, small_v)[1]
    return (
        f"{possessive(big.name)} {what} of {format_context(big_v)} is "
        f"{how_much_more(Decimal(big_v), Decimal(small_v))} the {small_text} of {small.name}."
    )


def deep_dive(pair: Pair) -> list[str]:
    """Paragraphs about where the two really differ; one closing sentence for what does not."""
    a, b = pair.a, pair.b
    same: list[str] = []
    paragraphs: list[str] = []

    if not pair.same_purpose:
        paragraphs.append(f"{a.name} is {a.purpose_description}, while {b.name} is {b.purpose_description}.")

    sizes = [
        _compare_sizes(pair, "context_window", "context window", same),
        _compare_sizes(pair, "max_output_tokens", "output limit", same),
    ]
    if a.parameters_billions is not None and b.parameters_billions is not None:
        if a.parameters_billions == b.parameters_billions:
            same.append("parameter count")
        else:
            sizes.append(
                f"By size, {a.name} has {format_billions(a.parameters_billions)} parameters "
                f"against {format_billions(b.parameters_billions)} for {b.name}."
            )
    paragraphs.append(" ".join(s for s in sizes if s))

    paragraphs.append(_licence_paragraph(pair, same))
    paragraphs.append(_dates_paragraph(pair, same))
    paragraphs.append(_capabilities_paragraph(pair, same))
    paragraphs.append(benchmarks_paragraph(pair))

    if same:
        paragraphs.append(f"They do not differ in {join_words(same, 'or')}.")
    return [p for p in paragraphs if p]


def _licence_paragraph(pair: Pair, same: list[str]) -> str:
    a, b = pair.a, pair.b
    if {a.open_weights, b.open_weights} == {Support.YES, Support.NO}:
        open_, closed = (a, b) if a.open_weights == Support.YES else (b, a)
        licence = f" under the {open_.license_name}" if open_.license_name else ""
        return (
            f"{open_.name} has open weights{licence}, so you can run and fine-tune it on your own hardware; "
            f"{closed.name} is available only through its providers' APIs."
        )
    if a.open_weights == b.open_weights == Support.YES:
        if a.license_name and b.license_name and a.license_name != b.license_name:
            return (
                f"Both have open weights, under different licenses: {a.name} under the {a.license_name}, "
                f"{b.name} under the {b.license_name}."
            )
        same.append("open weights")
        return ""
    if a.open_weights == b.open_weights == Support.NO:
        same.append("availability (API only, no open weights)")
        return ""
    unknown = [m.name for m in (a, b) if m.open_weights == Support.UNKNOWN]
    if len(unknown) == 1:
        return f"Whether {unknown[0]} has open weights is not yet sourced."
    return ""


def _dates_paragraph(pair: Pair, same: list[str]) -> str:
    a, b = pair.a, pair.b
    sentences = []
    if a.knowledge_cutoff and b.knowledge_cutoff:
        months = months_between(*sorted([a.knowledge_cutoff, b.knowledge_cutoff]))
        if months == 0:
            same.append("knowledge cutoff")
        else:
            later, earlier = (a, b) if a.knowledge_cutoff > b.knowledge_cutoff else (b, a)
            sentences.append(
                f"{possessive(later.name)} training data runs to {format_month(later.knowledge_cutoff)}, "
                f"{plural(months, 'month')} later than {possessive(earlier.name)} "
                f"({format_month(earlier.knowledge_cutoff)})."
            )
    elif a.knowledge_cutoff or b.knowledge_cutoff:
        known, unknown = (a, b) if a.knowledge_cutoff else (b, a)
        sentences.append(
            f"{possessive(known.name)} knowledge cutoff is {format_month(known.knowledge_cutoff)}; "
            f"{possessive(unknown.name)} is not yet sourced."
        )
    if a.release_date and b.release_date:
        if a.release_date == b.release_date:
            same.append("release date")
        else:
            newer, older = (a, b) if a.release_date > b.release_date else (b, a)
            months = months_between(older.release_date, newer.release_date)
            gap = f"{plural(months, 'month')} after" if months else "shortly after"
            sentences.append(
                f"{newer.name} came out on {format_date(newer.release_date)}, {gap} {older.name} "
                f"({format_date(older.release_date)})."
            )
    return " ".join(sentences)


def _capabilities_paragraph(pair: Pair, same: list[str]) -> str:
    sentences = []
    for side in ("a", "b"):
        if only := pair.capabilities_only(side):
            sentences.append(
                f"{pair.model(side).name} supports {capability_names(only)}; "
                f"{pair.model(pair.other(side)).name} does not."
            )
    for side in ("a", "b"):
        if unsourced := pair.capabilities_unsourced(side):
            sentences.append(
                f"{pair.model(pair.other(side)).name} supports {capability_names(unsourced)}; "
                f"for {pair.model(side).name} that is not yet sourced."
            )
    if not sentences and all(x == y != Support.UNKNOWN for _, x, y in pair.capability_states()):
        same.append("sourced capabilities")
    return " ".join(sentences)
