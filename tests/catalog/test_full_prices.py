"""The full price model from both importers: cache writes, batch, reasoning, request fees and long-context
tiers, read from entries copied from LiteLLM 1.110.2 and from the bundled models.dev data."""

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.importers import modelsdev
from catalog.importers.tiers import decode, encode
from catalog.models import Offering, Provider

pytestmark = pytest.mark.django_db
LITELLM = Path(__file__).parent / "data" / "litellm_1.110.2_full_prices.json"
D = Decimal


def _import(*args) -> None:
    call_command("import_catalog", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


def _offering(model_id: str) -> Offering:
    return Offering.objects.select_related("provider").get(provider_model_id=model_id)


def _tiers(o: Offering) -> list[tuple]:
    return [(t.threshold, t.input_price, t.output_price, t.cached_input_price) for t in o.tiers.all()]


def test_litellm_extra_rates_and_tiers():
    _import("litellm", LITELLM)
    sonnet = _offering("claude-sonnet-4-5")
    assert sonnet.provider.name == "Anthropic"
    assert (sonnet.input_price, sonnet.output_price, sonnet.cached_input_price) == (D(3), D(15), D("0.3"))
    assert (sonnet.cache_write_price, sonnet.cache_write_1h_price) == (D("3.75"), D(6))
    assert (sonnet.batch_input_price, sonnet.batch_output_price) == (D("1.5"), D("7.5"))
    assert sonnet.reasoning_output_price is None and sonnet.request_price is None  # not given: not 0
    assert sonnet.retires_on == datetime.date(2026, 11, 30)
    assert sonnet.provider.batch_discount == D(50)

    gemini = _offering("gemini-2.5-pro")
    assert gemini.provider.name == "Google AI Studio"
    assert _tiers(gemini) == [(200_000, D("2.5"), D(15), D("0.25"))]
    assert (gemini.batch_input_price, gemini.batch_output_price) == (D("0.625"), D(5))
    batch_tiers = [(t.batch_input_price, t.batch_output_price) for t in gemini.tiers.all()]
    assert batch_tiers == [(D("1.25"), D("7.5"))]
    assert gemini.cache_write_price is None

    qwen = _offering("qwen-plus-latest")
    assert (qwen.input_price, qwen.output_price) == (D("0.4"), D("1.2"))
    assert qwen.reasoning_output_price == D(4)
    assert _tiers(qwen) == [(256_000, D("1.2"), D("3.6"), None)]
    assert _offering("sonar-medium-online").request_price == D("0.005")


def test_tiers_are_replaced_by_a_new_import_and_kept_when_curated(tmp_path):
    _import("litellm", LITELLM)
    data = json.loads(LITELLM.read_text())
    data["gemini/gemini-2.5-pro"]["input_cost_per_token_above_200k_tokens"] = 3e-06
    changed = tmp_path / "prices.json"
    changed.write_text(json.dumps(data))
    _import("litellm", changed)
    gemini = _offering("gemini-2.5-pro")
    assert _tiers(gemini) == [(200_000, D(3), D(15), D("0.25"))]
    assert gemini.history.count() >= 2  # the offering is saved with its tiers: its pages are rebuilt
    gemini.curated_fields = ["price_tiers"]
    gemini.save()
    _import("litellm", LITELLM)
    assert _tiers(_offering("gemini-2.5-pro")) == [(200_000, D(3), D(15), D("0.25"))]


def test_a_second_identical_import_changes_no_tier():
    _import("litellm", LITELLM)
    ids = list(_offering("gemini-2.5-pro").tiers.values_list("pk", flat=True))
    _import("litellm", LITELLM)
    assert list(_offering("gemini-2.5-pro").tiers.values_list("pk", flat=True)) == ids


def test_tier_text_round_trips_and_fits_a_source_fact():
    tiers = [
        (200_000, D("2.5"), D(15), None, D("4.5"), None, None), (128_000, D(1), None, None, None, D(1), None),
    ]
    assert decode(encode(tiers)) == sorted(tiers, key=lambda t: t[0])
    rates = (D("123.456789"), D("234.567891"), D("1.234567"), D("9.876543"), D("61.728394"), D("117.283945"))
    many = [(n * 1000, *rates) for n in range(1, 20)]
    assert len(encode(many)) <= 300 and decode(encode(many)) == many[: len(decode(encode(many)))]


def test_models_dev_cache_write_reasoning_and_context_tiers():
    parsed = modelsdev.parse({
        "google": {"name": "Google", "models": {"gemini-2.5-pro": {"name": "Gemini 2.5 Pro", "cost": {
            "input": 1.25, "output": 10, "cache_read": 0.125,
            "context_over_200k": {"input": 2.5, "output": 15, "cache_read": 0.25},
        }}}},
        "anthropic": {"name": "Anthropic", "models": {"claude-sonnet-4-5": {"name": "Sonnet", "cost": {
            "input": 3, "output": 15, "cache_read": 0.3, "cache_write": 3.75,
            "tiers": [{"input": 6, "output": 22.5, "tier": {"size": 200000, "type": "context"}}],
        }}}},
        "alibaba": {"name": "Alibaba", "models": {"qwen-plus": {"name": "Qwen Plus", "cost": {
            "input": 0.4, "output": 1.2, "reasoning": 4,
        }}}},
    })
    facts = {e.model_id: e.offering_facts for e in parsed.entries}
    assert facts["gemini-2.5-pro"]["price_tiers"] == "200000:2.5:15:0.25:::"
    assert facts["claude-sonnet-4-5"]["cache_write_price"] == D("3.75")
    assert facts["claude-sonnet-4-5"]["price_tiers"] == "200000:6:22.5::::"
    assert facts["qwen-plus"]["reasoning_output_price"] == D(4)
    assert "price_tiers" not in facts["qwen-plus"]


def test_a_request_fee_beyond_the_bound_is_rejected():
    from catalog.importers import litellm

    parsed = litellm.parse({"x/y": {
        "litellm_provider": "x", "mode": "chat", "input_cost_per_token": 1e-06,
        "output_cost_per_token": 1e-06,
        "input_cost_per_request": 5000,
    }})
    assert parsed.entries == [] and "input_cost_per_request is absurd" in parsed.rejected[0][1]


def test_seeded_batch_discounts_are_the_providers_own():
    _import("litellm", LITELLM)
    discounts = dict(Provider.objects.values_list("slug", "batch_discount"))
    assert discounts["anthropic"] == discounts["google-ai-studio"] == D(50)
    assert discounts["perplexity"] is None


def test_an_editor_edits_tiers_on_the_offering_page_as_rendered(editor_client):
    from django.urls import reverse

    from tests.admin_forms import admin_form_data

    _import("litellm", LITELLM)
    gemini = _offering("gemini-2.5-pro")
    url = reverse("admin:catalog_offering_change", args=[gemini.pk])
    page = editor_client.get(url)
    assert "Prices (USD per 1M tokens; empty: not yet sourced)" in page.content.decode()
    history = gemini.history.count()
    data = admin_form_data(page)
    assert editor_client.post(url, data).status_code == 302  # unchanged: nothing written
    assert gemini.history.count() == history
    data = admin_form_data(editor_client.get(url))
    prefix = next(k for k in data if k.endswith("-0-input_price"))
    data[prefix] = "2.75"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    assert _tiers(gemini) == [(200_000, D("2.75"), D(15), D("0.25"))]
    gemini.refresh_from_db()
    assert gemini.history.count() == history + 1  # the offering is saved: its pages are rebuilt
    assert "price_tiers" in gemini.curated_fields  # and the next import keeps the editor's tiers
    _import("litellm", LITELLM)
    assert _tiers(_offering("gemini-2.5-pro"))[0][1] == D("2.75")
