"""Counts as a buyer reads them: providers are those with a price anyone can check, and one is one."""

from decimal import Decimal

import pytest

from comparisons.content.pricing import format_token_count, format_tokens
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import row, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def models():
    vendor = make_vendor("Meta")
    small = make_model("Llama 3.2 1B Instruct", vendor=vendor, max_output_tokens=1, context_window=131072)
    guard = make_model("Llama Guard 3 1B", vendor=vendor, context_window=8192)
    for name in ("Fireworks AI", "Together AI"):
        make_offering(small, make_provider(name), input_price=Decimal("0.1"), output_price=Decimal("0.2"))
    # Listed by two more providers, but without a sourced price: not counted, named apart.
    make_offering(small, make_provider("Groq"), input_price=None, output_price=None)
    make_offering(small, make_provider("AWS Bedrock"), input_price=Decimal("0.1"), output_price=None)
    make_offering(
        guard, make_provider("DeepInfra"), input_price=Decimal("0.05"), output_price=Decimal("0.05")
    )
    return small, guard


def test_model_page_counts_priced_providers_and_names_the_unpriced(client, models):
    text = visible_text(client.get(models[0].get_absolute_url()).content)
    assert "Where to run it: 2 providers with a price" in text
    assert "Also listed, price not yet sourced: AWS Bedrock, Groq." in text
    assert "offered by 2 providers with a sourced price" in text
    assert "4 providers" not in text


def test_pair_page_counts_priced_providers(client, models):
    html = client.get("/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/").content
    text = visible_text(html)
    assert "Llama 3.2 1B Instruct: 2 providers with a price" in text
    assert "Llama Guard 3 1B: 1 provider with a price" in text
    assert "Llama 3.2 1B Instruct is offered by 2 providers, Llama Guard 3 1B by 1." in text
    assert "Also listed, price not yet sourced: AWS Bedrock, Groq." in text


def test_one_token_is_singular(client, models):
    html = client.get(models[0].get_absolute_url()).content
    assert row(html, "Max output")[-1] == "1 token"
    assert "1 tokens" not in visible_text(html)


@pytest.mark.parametrize(("n", "text"), [
    (1, "1 token"), (2, "2 tokens"), (999, "999 tokens"), (8192, "8K tokens"), (200_000, "200K tokens"),
])
def test_format_token_count(n, text):
    assert format_token_count(n) == text


@pytest.mark.parametrize(("n", "text"), [
    (128_000, "128K"), (131_072, "128K"), (256_000, "256K"), (262_144, "256K"), (200_000, "200K"),
    (8192, "8K"), (32_768, "32K"), (1_000_000, "1M"), (1_048_576, "1M"), (1_024_000, "1M"), (2_000_000, "2M"),
    (2_097_152, "2M"), (1_500_000, "1.5M"), (12_345, "12K"), (999, "999"), (4096, "4K"), (1000, "1K"),
    # Rounded to thousands, a count just under a million is a million, never "1,000K" (999,990 in LiteLLM).
    (999_990, "1M"), (999_499, "999K"), (1_000_001, "1M"),
])
def test_token_counts_read_as_people_say_them(n, text):
    assert format_tokens(n) == text


def test_a_128000_token_window_reads_128k_on_the_page(client, models):
    models[1].context_window = 128_000
    models[1].save()
    html = client.get("/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/").content
    assert row(html, "Context window") == ["Context window", "128K (131,072 tokens)", "128K (128,000 tokens)"]
    text = visible_text(html)
    assert "125K" not in text
    # Two windows that both read "128K" are told apart by their exact sizes, never "128K against 128K".
    assert "you need a longer context (131,072 tokens against 128,000)" in text
    assert "with 131,072 tokens of context against 128,000 for Llama Guard 3 1B." in text
    assert "128K against 128K" not in text and "128K tokens against 128K" not in text


def _nway_verdict(client, prices):
    """A 3-way page whose models' cheapest blended prices are `prices` (input = output = price)."""
    vendor, provider = make_vendor("Lab"), make_provider("Cloud")
    models = []
    for name, price in zip(("Alpha", "Beta", "Gamma"), prices, strict=True):
        model = make_model(name, vendor=vendor)
        make_offering(model, provider, input_price=Decimal(price), output_price=Decimal(price))
        models.append(model)
    html = client.get("/compare/alpha-vs-beta-vs-gamma/").content
    return next(line for line in visible_text(html).splitlines() if line.startswith("Blended at"))


def test_nway_verdict_names_every_model_tied_for_cheapest(client):
    assert _nway_verdict(client, ["0.10", "0.10", "0.40"]) == (
        "Blended at 70/30 input/output, Alpha and Beta are the cheapest at $0.10 per 1M tokens, "
        "75% less than Gamma ($0.40)."
    )



def test_nway_verdict_names_every_model_tied_for_dearest(client):
    assert _nway_verdict(client, ["0.10", "0.40", "0.40"]) == (
        "Blended at 70/30 input/output, Alpha is the cheapest at $0.10 per 1M tokens, "
        "75% less than Beta and Gamma ($0.40)."
    )


def test_a_classifier_is_never_chosen_for_longer_outputs_or_tools(client):
    """Llama Guard 3 1B's 128K output limit is not a reason to pick a safety classifier over a chat model."""
    from catalog.models import Purpose, Support

    meta, fireworks = make_vendor("Meta"), make_provider("Fireworks AI")
    chat = make_model(
        "Llama 3.2 1B Instruct", vendor=meta, max_output_tokens=4096, function_calling=Support.NO
    )
    guard = make_model(
        "Llama Guard 3 1B",
        vendor=meta,
        purpose=Purpose.SAFETY_CLASSIFIER,
        max_output_tokens=131072,
        function_calling=Support.YES,
    )
    for model in (chat, guard):
        make_offering(model, fireworks, input_price=Decimal("0.1"), output_price=Decimal("0.1"))
    text = visible_text(client.get("/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/").content)
    assert "longer outputs" not in text
    assert "Pick Llama Guard 3 1B when you need a safety classifier" in text
    assert "when you need function calling" not in text


def test_a_provider_page_counts_models_not_regional_offerings(client):
    bedrock, meta = make_provider("AWS Bedrock"), make_vendor("Meta")
    llama, guard = (
        make_model("Llama 3.2 1B Instruct", vendor=meta),
        make_model("Llama Guard 3 1B", vendor=meta),
    )
    for region in ("", "us", "eu"):
        make_offering(llama, bedrock, region=region, provider_model_id=f"{region}.meta.llama".lstrip("."))
    make_offering(guard, bedrock)
    text = visible_text(client.get("/providers/aws-bedrock/").content)
    assert "2 models offered" in text
    assert "4 offerings: some models are offered in more than one region." in text
