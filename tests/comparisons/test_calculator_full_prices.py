"""The calculator on the full price model: long-context tiers (the whole request at the tier's rates),
cache reads and writes, batch, reasoning tokens and request fees, per offering, saying which rates it
used. Small fixtures, then the acceptance numbers on entries copied from LiteLLM 1.110.2."""

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.models import LanguageModel, PairNote
from comparisons.content import model_facts
from comparisons.content.calculation import Workload, build_calculation, cost_lines, price_workload
from comparisons.content.facts import ModelFacts, OfferingFacts, TierFacts
from comparisons.forms import CalculatorForm
from tests.html import visible_text

D = Decimal
LITELLM = Path(__file__).parent.parent / "catalog" / "data" / "litellm_1.110.2_full_prices.json"

GEMINI = OfferingFacts(
    "Google AI Studio", "google-ai-studio", input_price=D("1.25"), output_price=D(10),
    cached_input_price=D("0.125"), batch_input_price=D("0.625"), batch_output_price=D(5),
    tiers=(TierFacts(
        200_000, D("2.5"), D(15), D("0.25"), batch_input_price=D("1.25"), batch_output_price=D("7.5"),
    ),),
)
SONNET = OfferingFacts(
    "Anthropic", "anthropic", input_price=D(3), output_price=D(15), cached_input_price=D("0.3"),
    cache_write_price=D("3.75"), cache_write_1h_price=D(6), batch_input_price=D("1.5"),
    batch_output_price=D("7.5"), batch_discount=D(50),
)


def requests(n, inp, out, **kw) -> Workload:
    return Workload(n * inp, n * out, requests=n, prompt_tokens=inp, **kw)


def test_a_prompt_over_the_threshold_bills_the_whole_request_at_the_tier():
    long = price_workload(GEMINI, requests(1000, 300_000, 1000))
    assert long.cost == D(765)
    assert "prompts over 200K tokens" in long.rates and "input $2.50, output $15.00" in long.rates
    short = price_workload(GEMINI, requests(1000, 200_000, 1000))  # at the threshold: not over it
    assert short.cost == D(260) and short.rates == ""
    # Tokens a month say nothing of a request's size: no tier.
    assert price_workload(GEMINI, Workload(300_000_000, 1_000_000)).cost == D(385)


def test_batch_uses_the_tiers_batch_price():
    assert price_workload(GEMINI, requests(1000, 300_000, 1000, batch=True)).cost == D("382.5")
    assert price_workload(GEMINI, requests(1000, 100_000, 1000, batch=True)).cost == D("67.5")


def test_batch_falls_back_to_the_providers_discount_then_to_standard_rates():
    discounted = OfferingFacts("P", "p", input_price=D(2), output_price=D(8), cached_input_price=D(1),
                               batch_discount=D(50))
    priced = price_workload(discounted, Workload(1_000_000, 1_000_000, D("0.5"), batch=True))
    assert priced.cost == D("0.5") + D("0.25") + D(4)
    assert "batch" in priced.rates and "cache read $0.50" in priced.rates
    plain = OfferingFacts("Q", "q", input_price=D(2), output_price=D(8))
    priced = price_workload(plain, Workload(1_000_000, 1_000_000, batch=True))
    assert priced.cost == D(10) and "no batch price sourced: standard rates" in priced.rates


def test_cache_writes_at_the_5_minute_or_1_hour_price():
    w = Workload(1_000_000, 0, D("0.5"), cache_write_share=D("0.25"))
    five = price_workload(SONNET, w)
    assert five.cost == D("0.75") + D("0.15") + D("0.9375")
    assert "cache read $0.30" in five.rates and "cache write $3.75 (5 minutes)" in five.rates
    hour = price_workload(SONNET, Workload(1_000_000, 0, cache_write_share=D(1), cache_hour=True))
    assert hour.cost == D(6) and "cache write $6.00 (1 hour)" in hour.rates
    unknown = price_workload(GEMINI, Workload(1_000_000, 0, cache_write_share=D(1)))
    assert unknown.cost == D("1.25") and "cache write price not yet sourced: billed as input" in unknown.rates


def test_reasoning_tokens_at_their_own_rate_where_there_is_one():
    qwen = OfferingFacts("Alibaba", "alibaba", input_price=D("0.4"), output_price=D("1.2"),
                         reasoning_output_price=D(4))
    priced = price_workload(qwen, Workload(0, 1_000_000, reasoning_share=D("0.5")))
    assert priced.cost == D("0.6") + D(2) and "reasoning $4.00" in priced.rates
    assert price_workload(SONNET, Workload(0, 1_000_000, reasoning_share=D("0.5"))).cost == D(15)


def test_a_request_fee_is_added_per_request_or_said():
    sonar = OfferingFacts(
        "Perplexity", "perplexity", input_price=D(1), output_price=D(1), request_price=D("0.005"),
    )
    assert price_workload(sonar, requests(10_000, 100, 100)).cost == D(2) + D(50)
    monthly = price_workload(sonar, Workload(1_000_000, 1_000_000))
    assert monthly.cost == D(2) and "plus $0.005 a request" in monthly.rates


def test_plain_workloads_cost_what_they_always_did():
    line, = cost_lines([SONNET], 1_000_000, 1_000_000, D("0.5"))
    assert (line.cost, line.cached, line.rates) == (D("1.65") + D(15), True, "")


def test_a_retired_offering_is_priced_and_marked_retired():
    gone = OfferingFacts("Google AI Studio", "google-ai-studio", input_price=D(1), output_price=D(1),
                         retires_on=datetime.date(2026, 12, 1), retired=True)
    line, = cost_lines([gone], Workload(1_000_000, 1_000_000))
    assert line.text == "$2.00" and not line.eligible and line.why_not == "retired on December 1, 2026"


def test_the_form_builds_the_workload_it_shows():
    form = CalculatorForm({
        "requests": "1,000", "input_per_request": "300000", "output_per_request": "1000", "pricing": "batch",
        "cache_hit": "10%", "cache_write": "5", "cache_ttl": "1h", "reasoning": "20",
    })
    assert form.is_valid(), form.errors
    assert form.cleaned_data["workload"] == Workload(
        300_000_000, 1_000_000, D("0.1"), requests=1000, prompt_tokens=300_000, cache_write_share=D("0.05"),
        cache_hour=True, batch=True, reasoning_share=D("0.2"),
    )
    too_much = CalculatorForm(
        {"input_tokens": "5", "output_tokens": "5", "cache_hit": "60", "cache_write": "50"}
    )
    assert not too_much.is_valid()
    assert "add up to more than 100 percent" in " ".join(too_much.non_field_errors())
    assert not CalculatorForm({"input_tokens": "5", "output_tokens": "5", "pricing": "cheap"}).is_valid()


@pytest.mark.django_db
def test_acceptance_numbers_on_litellm_1_110_2_entries():
    call_command("import_catalog", "litellm", str(LITELLM), stdout=io.StringIO(), stderr=io.StringIO())
    models = {m.slug: model_facts(m) for m in LanguageModel.objects.with_facts()}
    gemini = next(m for m in models.values() if m.name.lower().startswith("gemini 2.5 pro"))
    form = CalculatorForm({"requests": "1000", "input_per_request": "300000", "output_per_request": "1000"})
    assert form.is_valid()
    (_, lines), = build_calculation([gemini], workload=form.cleaned_data["workload"]).tables
    assert [(line.label, line.text) for line in lines] == [("Google AI Studio", "$765.00")]
    batch = CalculatorForm({**form.data, "pricing": "batch"})
    assert batch.is_valid()
    (_, lines), = build_calculation([gemini], workload=batch.cleaned_data["workload"]).tables
    assert [line.text for line in lines] == ["$382.50"]
    sonnet = next(m for m in models.values() if "sonnet" in m.name.lower())
    (o,) = sonnet.offerings
    assert (o.cache_write_price, o.cache_write_1h_price, o.cached_input_price) == (D("3.75"), D(6), D("0.3"))
    assert (o.batch_input_price, o.batch_output_price) == (D("1.5"), D("7.5"))


def test_summary_names_the_options():
    w = requests(1000, 300_000, 1000, batch=True, cache_write_share=D("0.1"))
    m = ModelFacts("Gemini 2.5 Pro", "gemini-2-5-pro", "Google", "google", offerings=(GEMINI,))
    summary = build_calculation([m, m], workload=w).summary
    assert "10% written to the cache for 5 minutes" in summary and "at batch prices" in summary


@pytest.mark.django_db
def test_the_pair_page_prices_the_workload_a_visitor_submits(client):
    """Through the page, as a visitor submits the form: the tier and batch rules reach the result."""
    call_command("import_catalog", "litellm", str(LITELLM), stdout=io.StringIO(), stderr=io.StringIO())
    gemini, sonnet = (
        LanguageModel.objects.get(name__istartswith="gemini 2.5 pro"),
        LanguageModel.objects.get(name__icontains="sonnet"),
    )
    LanguageModel.objects.filter(pk__in=[gemini.pk, sonnet.pk]).update(published=True)
    page = PairNote(model_a=gemini, model_b=sonnet).get_absolute_url()
    workload = "requests=1%2C000&input_per_request=300000&output_per_request=1000"
    text = " ".join(visible_text(client.get(f"{page}?{workload}").content).split())
    # Both offerings are retired by 2026-12-02: still priced, marked, not counted as the model's price.
    gemini_line = re.compile(
        r"Google AI Studio retired on December 1, 2026, not counted (.*? per 1M tokens) \$([\d,]+\.\d\d)"
    )
    rates, cost = gemini_line.search(text).groups()
    assert cost == "765.00" and "prompts over 200K tokens; input $2.50, output $15.00" in rates
    batch = " ".join(visible_text(client.get(f"{page}?{workload}&pricing=batch").content).split())
    assert gemini_line.search(batch).group(2) == "382.50"
