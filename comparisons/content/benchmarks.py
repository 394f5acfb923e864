"""What a pair's shared benchmarks say: the verdict's score-and-price sentence and its tally, the deep
dive's paragraph and the reasons to choose a model for its scores.

Only scores on the same benchmark run with the same settings are compared (`Pair.shared_scores`); which one
the verdict cites is `Pair.cited_score`'s rule. Prices come from the same blended delta as the price
sentences, through the same rounding helpers, so the verdict's "1.7 times" and "41.3% cheaper" agree with
every other number on the page.
"""

from catalog.models import Verification

from .facts import ScoreFacts
from .pair import Pair, SharedScore
from .pricing import HUNDRED, TIMES_THRESHOLD, PriceDelta, blend_label, format_number, format_percent
from .words import possessive


def score_text(score: ScoreFacts) -> str:
    """77.2, 12, 69.06: as the deep dive and the tables write it."""
    return score.score_text


def _verification(score: ScoreFacts) -> str:
    return Verification(score.verification).label.lower()


def _notes(pair: Pair, shared: SharedScore, first: str) -> str:
    """"(self-reported scores)", "(A's score independently verified, B's self-reported; lower is better)":
    a reader must know whether a number is the vendor's own claim. `first` is the side named first."""
    mine, theirs = shared.score(first), shared.score(pair.other(first))
    if mine.verification == theirs.verification:
        note = f"{_verification(mine)} scores"
    else:
        note = (
            f"{possessive(pair.model(first).name)} score {_verification(mine)}, "
            f"{possessive(pair.model(pair.other(first)).name)} {_verification(theirs)}"
        )
    if not mine.higher_is_better:
        note += "; lower is better"
    return f"({note})"


def _figures(blended: PriceDelta) -> str:
    """": $3.875 against $6.600 per 1M tokens blended at 70/30 input/output", as the verdict's price
    sentence gives them (which the score sentence then stands in for: `says_blended_price`)."""
    if blended.cheaper is None:
        return f": {blended.a_text} per 1M tokens each, blended at {blend_label()}"
    low, high = (blended.a_text, blended.b_text)[:: 1 if blended.cheaper == "a" else -1]
    return f": {low} against {high} per 1M tokens blended at {blend_label()}"


def says_blended_price(pair: Pair) -> bool:
    """Does the score sentence give the blended prices themselves? It does where the better score is not
    the dearer model (cheaper, the same price, or a tied score): one sentence then says it all, and the
    verdict leaves out its own "Blended at ..." sentence instead of repeating the percentage."""
    blended, shared = pair.deltas.get("blended"), pair.cited_score
    if blended is None or shared is None:
        return False
    return shared.leader is None or blended.cheaper in (None, shared.leader)


def _price_after_lead(pair: Pair, lead: str) -> str:
    """How the leader's blended price compares, ending the score sentence; "." when a price is missing
    (the price sentences that follow say whose price is not yet sourced)."""
    blended = pair.deltas.get("blended")
    if blended is None:
        return "."
    if blended.cheaper is None:
        return f", at the same price{_figures(blended)}."
    if blended.cheaper == lead:
        how = "free" if blended.free else f"{blended.percent_text} cheaper"
        return f" and is also {how}{_figures(blended)}."
    if blended.free:
        return f", where {pair.model(blended.cheaper).name} is free."
    ratio = blended.high / blended.low
    if ratio >= TIMES_THRESHOLD:
        return f", at {format_number(ratio)} times the blended price."
    return f", at a blended price {format_percent((ratio - 1) * HUNDRED)} higher."


def score_sentence(pair: Pair) -> str:
    """"Claude Sonnet 4.5 scores 77.2 on SWE-bench Verified against 74.9 for GPT-5 (self-reported scores),
    at 1.7 times the blended price." The score and the price together, so neither is read alone."""
    shared = pair.cited_score
    if shared is None:
        return ""
    if shared.leader is None:
        blended = pair.deltas.get("blended")
        price = ""
        if blended is not None:
            if blended.cheaper is None:
                price = f"; they cost the same{_figures(blended)}"
            else:
                how = "free" if blended.free else f"{blended.percent_text} cheaper"
                price = f"; {pair.model(blended.cheaper).name} is {how}{_figures(blended)}"
        return (
            f"{pair.a.name} and {pair.b.name} both score {score_text(shared.a)} on {shared.label} "
            f"{_notes(pair, shared, 'a')}{price}."
        )
    lead, trail = shared.leader, pair.other(shared.leader)
    return (
        f"{pair.model(lead).name} scores {score_text(shared.score(lead))} on {shared.label} against "
        f"{score_text(shared.score(trail))} for {pair.model(trail).name} {_notes(pair, shared, lead)}"
        f"{_price_after_lead(pair, lead)}"
    )


def tally_sentence(pair: Pair) -> str:
    """"Of the 8 benchmarks both report with the same settings, A leads on 5 and B on 3.": the verdict
    cites one benchmark, and this keeps the others from being hidden behind it."""
    shared = pair.shared_scores
    if len(shared) < 2:
        return ""
    wins = {side: sum(1 for s in shared if s.leader == side) for side in ("a", "b")}
    ties = len(shared) - wins["a"] - wins["b"]
    cited = pair.cited_score.leader
    first, second = sorted(("a", "b"), key=lambda side: (-wins[side], side != cited))
    opening = f"Of the {len(shared)} benchmarks both report with the same settings, "
    if ties == len(shared):
        return opening + "they tie on all of them."
    if wins[first] == len(shared):
        return opening + f"{pair.model(first).name} leads on all {len(shared)}."
    parts = f"{pair.model(first).name} leads on {wins[first]:,}"
    if wins[second]:
        parts += f" and {pair.model(second).name} on {wins[second]:,}"
    if ties:
        parts += f"{',' if wins[second] else ''} and they tie on {ties:,}"
    return opening + parts + "."


def benchmarks_paragraph(pair: Pair) -> str:
    """The deep dive's sentence per shared benchmark."""
    sentences = []
    for shared in pair.shared_scores:
        if shared.leader is None:
            sentences.append(f"On {shared.label} they tie at {score_text(shared.a)}.")
            continue
        lead, trail = shared.leader, pair.other(shared.leader)
        sentences.append(
            f"On {shared.label}, {pair.model(lead).name} scores {score_text(shared.score(lead))} against "
            f"{score_text(shared.score(trail))} for {pair.model(trail).name}, "
            f"{format_number(shared.points)} points ahead."
        )
    return " ".join(sentences)


def score_reasons(pair: Pair) -> dict[str, list[str]]:
    """"SWE-bench Verified results matter to you (77.2 against 74.9)", for the side that leads."""
    out: dict[str, list[str]] = {"a": [], "b": []}
    for shared in pair.shared_scores:
        if shared.leader is not None:
            lead, trail = shared.score(shared.leader), shared.score(pair.other(shared.leader))
            out[shared.leader].append(
                f"{shared.label} results matter to you ({score_text(lead)} against {score_text(trail)})"
            )
    return out
