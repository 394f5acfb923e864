"""Price claims true over every offering (issue 15, item 3): "A is cheaper on input/output", "costs N times
as much" and which model is cheaper at which share of output tokens hold for each model's cheapest
eligible offering at every share, checked against a brute force over all offerings (tests/price_claims.py).
"""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from catalog.models import ProviderKind
from comparisons.content.facts import ModelFacts, OfferingFacts
from comparisons.content.pages import build_comparison
from comparisons.content.pair import Pair
from comparisons.content.prose import crossover_sentence, price_summary, verdict
from tests.price_claims import false_claims


def offering(provider: str, input_price: str | None, output_price: str | None, **fields) -> OfferingFacts:
    return OfferingFacts(
        provider_name=provider, provider_slug=provider.lower().replace(" ", "-"),
        input_price=None if input_price is None else Decimal(input_price),
        output_price=None if output_price is None else Decimal(output_price), **fields,
    )


def model(name: str, *offerings: OfferingFacts) -> ModelFacts:
    return ModelFacts(name=name, slug=name.lower(), vendor_name="V", vendor_slug="v", offerings=offerings)


def claims_of(a: ModelFacts, b: ModelFacts) -> list[str]:
    page = build_comparison(a, b)
    cheaper = next(e.answer for e in page.faq if e.question.startswith("Which is cheaper"))
    return false_claims(a, b, page.price_summary, page.verdict, cheaper, page.reasons)


# The real failure: at 70/30 Alpha is cheapest at Groq and Beta at Ember, and those two cross at 50% output.
# But Alpha at Cirrus and Beta at Flux are cheaper at other shares: between 55% and 80% output Alpha is the
# cheaper one again, and on output Beta costs $0.70 (Flux), not $2.00.
ALPHA = model("Alpha", offering("Groq", "1.00", "3.00"), offering("Cirrus", "3.10", "1.10"))
BETA = model("Beta", offering("Ember", "2.00", "2.00"), offering("Flux", "4.70", "0.70"))
OLD_CROSSOVER = "Above a 50% share of output tokens, Beta becomes the cheaper one; below it, Alpha is."


def test_the_old_crossover_is_false_and_the_checker_says_so():
    (error,) = false_claims(ALPHA, BETA, [OLD_CROSSOVER])
    assert "not true at 55.0" in error  # 55.0...% output: Alpha at Cirrus beats Beta at Ember


def test_every_offering_counts_on_every_basis():
    assert price_summary(Pair(ALPHA, BETA)) == [
        "Alpha is 50% cheaper on input ($1.00 at Groq vs $2.00 at Ember per 1M tokens); "
        "Beta costs 2 times as much.",
        "Beta is 36.4% cheaper on output ($0.70 at Flux vs $1.10 at Cirrus per 1M tokens); "
        "Alpha costs 1.6 times as much.",
        "Alpha is 20% cheaper on a 70/30 blended basis ($1.60 at Groq vs $2.00 at Ember per 1M tokens); "
        "Beta costs 25% more.",
        "With each model at its cheapest provider for the mix, Alpha is cheaper below 50% output tokens, "
        "Beta is cheaper between 50% and 55%, Alpha is cheaper between 55% and 80%, "
        "and Beta is cheaper above 80%.",
    ]
    assert claims_of(ALPHA, BETA) == []


def test_a_single_crossing_is_stated_once_and_the_verdict_may_lean_on_it():
    a = model("Alpha", offering("Groq", "1.00", "3.00"))
    b = model("Beta", offering("Ember", "2.00", "2.00"), offering("Flux", "2.50", "2.50"))
    pair = Pair(a, b)
    assert pair.crossover == 50
    assert pair.output_cheaper_side == "b"
    assert crossover_sentence(pair) == (
        "With each model at its cheapest provider for the mix, Alpha is cheaper below 50% output tokens "
        "and Beta is cheaper above 50%."
    )
    assert "for workloads above 50% output tokens it is the better buy" in verdict(pair)
    assert claims_of(a, b) == []


def test_cheaper_on_input_and_output_yet_dearer_blended():
    """One model's price is concave in the share: Beta is cheaper at both ends and dearer in between."""
    a = model("Alpha", offering("Groq", "1.00", "1.00"))
    b = model("Beta", offering("Ember", "0.50", "3.00"), offering("Flux", "3.00", "0.50"))
    pair = Pair(a, b)
    assert pair.crossover is None  # more than one crossing: the verdict says nothing of "the" crossover
    assert crossover_sentence(pair) == (
        "With each model at its cheapest provider for the mix, Beta is cheaper below 20% output tokens, "
        "Alpha is cheaper between 20% and 80%, and Beta is cheaper above 80%."
    )
    assert claims_of(a, b) == []


def test_the_same_price_over_a_range_is_said():
    """The seed pair's shape: at Fireworks AI both cost $0.10/$0.10, so above 41.2% output they tie."""
    a = model("Instruct", offering("OpenRouter", "0.03", "0.20"), offering("Fireworks AI", "0.10", "0.10"),
              offering("Bitdeer AI", "0.09", "0.12"))
    b = model("Guard", offering("Fireworks AI", "0.10", "0.10"))
    assert price_summary(Pair(a, b))[1:] == [
        "On output they cost the same: $0.10 per 1M tokens each.",
        "Instruct is 19% cheaper on a 70/30 blended basis ($0.081 at OpenRouter vs $0.100 at Fireworks AI "
        "per 1M tokens); Guard costs 23.5% more.",
        "With each model at its cheapest provider for the mix, Instruct is cheaper below 41.2% output tokens "
        "and they cost the same above 41.2%.",
    ]
    assert Pair(a, b).crossover is None
    assert claims_of(a, b) == []


def test_a_tie_at_one_end_keeps_that_end_out_of_the_range():
    a = model("Alpha", offering("Groq", "1.00", "1.00"))
    b = model("Beta", offering("Ember", "1.00", "3.00"), offering("Flux", "2.00", "0.00"))
    assert crossover_sentence(Pair(a, b)) == (
        "With each model at its cheapest provider for the mix, Alpha is cheaper between 0% and 50% output "
        "tokens and Beta is cheaper above 50%."
    )
    assert Pair(a, b).crossover is None  # "Beta costs less on output" holds, "cheaper below 50%" does not
    assert claims_of(a, b) == []


def test_ineligible_offerings_never_count():
    trial = offering("NVIDIA NIM", "0", "0", provider_kind=ProviderKind.FREE_TIER)
    router = offering("OpenRouter", "0.01", "0.01", provider_kind=ProviderKind.ROUTER)
    a = model("Alpha", offering("Groq", "1.00", "3.00"), trial, router)
    b = model("Beta", offering("Ember", "2.00", "2.00"), offering("Dyno", "0", "0"))  # an unconfirmed $0
    assert crossover_sentence(Pair(a, b)) == (
        "With each model at its cheapest provider for the mix, Alpha is cheaper below 50% output tokens "
        "and Beta is cheaper above 50%."
    )
    assert claims_of(a, b) == []


def test_many_crossings_are_not_forced_into_a_sentence():
    a = model("Alpha", offering("Groq", "1.60", "0.10"), offering("Cirrus", "1.00", "0.30"),
              offering("Dyno", "0.30", "2.00"))
    b = model("Beta", offering("Ember", "1.20", "0.20"), offering("Flux", "0.50", "1.20"))
    pair = Pair(a, b)
    assert [r.side for r in pair.mix.ranges] == ["a", "b", "a", "b", "a"]
    assert crossover_sentence(pair) == ""
    assert pair.crossover is None
    assert claims_of(a, b) == []


# Random catalogs -------------------------------------------------------------------------------------

PROVIDERS = ["Acme Cloud", "Bolt AI", "Cirrus", "Dyno", "Ember", "Flux", "Groq"]
PRICES = [Decimal(p) for p in ["0", "0.01", "0.03", "0.1", "0.10", "0.2", "0.5", "1", "1.5", "2", "3", "15"]]
price = st.one_of(st.none(), st.sampled_from(PRICES), st.decimals(min_value=0, max_value=20, places=3))
KINDS = [ProviderKind.PAY_AS_YOU_GO] * 4 + list(ProviderKind.values)


@st.composite
def offerings(draw):
    rows = draw(st.lists(st.tuples(st.sampled_from(PROVIDERS), st.sampled_from(["", "us", "eu"])),
                         max_size=6, unique=True))
    return tuple(
        OfferingFacts(
            provider_name=name, provider_slug=name.lower().replace(" ", "-"), region=region,
            input_price=draw(price), output_price=draw(price), provider_kind=draw(st.sampled_from(KINDS)),
            free_confirmed=draw(st.booleans()), price_as_of=datetime.date(2026, 11, 1),
        )
        for name, region in rows
    )


@given(offerings(), offerings())
def test_every_price_claim_holds_at_every_share(a_offerings, b_offerings):
    assert claims_of(model("Alpha One", *a_offerings), model("Beta 2", *b_offerings)) == []


@given(offerings(), offerings())
def test_crossover_is_where_the_cheaper_side_changes_once(a_offerings, b_offerings):
    pair = Pair(model("Alpha One", *a_offerings), model("Beta 2", *b_offerings))
    if pair.crossover is not None:
        assert crossover_sentence(pair).count(" is cheaper ") == 2
        assert 0 < pair.crossover < 100
