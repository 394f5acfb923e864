"""Every rate of an offering is in its row of the offerings tables (model and pair pages), not only in the
calculator, and each price says when its source gave it apart from when an editor checked it."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.models import LanguageModel, Offering
from comparisons.content import pair_url
from tests.factories import make_model, make_offering, make_provider
from tests.html import parse

pytestmark = pytest.mark.django_db
LITELLM = Path(__file__).parents[1] / "catalog" / "data" / "litellm_1.110.2_full_prices.json"


def _offering_rows(html: str) -> dict[str, list[str]]:
    """Rows of every offerings table on a page, by their first cell (the provider)."""
    rows = {}
    for table in parse(html).tables:
        if table and table[0][:1] == ["Provider"] and "Other rates" in table[0]:
            header = table[0]
            for cells in table[1:]:  # "Groq cheapest": the badge is in the provider's cell
                rows[cells[0].removesuffix(" cheapest")] = dict(zip(header, cells, strict=True))
    return rows


def _model_page(client, model_id: str) -> dict:
    model = Offering.objects.get(provider_model_id=model_id).model
    LanguageModel.objects.filter(pk=model.pk).update(published=True)
    return _offering_rows(client.get(model.get_absolute_url()).content.decode())


@pytest.fixture
def imported():
    call_command("import_catalog", "litellm", str(LITELLM), stdout=io.StringIO(), stderr=io.StringIO())


def test_claude_sonnet_45_row_lists_cache_writes_cache_read_and_batch(client, imported):
    rates = next(r for p, r in _model_page(client, "claude-sonnet-4-5").items() if p.startswith("Anthropic"))
    other = rates["Other rates"]
    assert "Cache read $0.30" in other
    assert "Cache write $3.75 (5 minutes), $6.00 (1 hour)" in other
    assert "Batch $1.50 / $7.50" in other


def test_gemini_25_pro_row_states_its_long_context_tier_for_the_whole_request(client, imported):
    rows = _model_page(client, "gemini-2.5-pro")
    rates = next(r for p, r in rows.items() if p.startswith("Google AI Studio"))
    assert "Prompts over 200K tokens: $2.50 / $15.00, whole request" in rates["Other rates"]
    assert "Batch $0.625 / $5.00" in rates["Other rates"]


def test_reasoning_rate_and_request_fee_are_listed(client, imported):
    qwen = next(iter(_model_page(client, "qwen-plus-latest").values()))
    assert "Reasoning output $4.00" in qwen["Other rates"]
    sonar = next(iter(_model_page(client, "sonar-medium-online").values()))
    assert "$0.005 per request" in sonar["Other rates"]


def test_a_provider_batch_discount_is_said_as_such_and_an_unconfirmed_zero_lists_no_rates(client):
    model = make_model("Llama 3.1 8B Instruct")
    make_offering(model, make_provider("Groq", batch_discount=Decimal(50)),
                  input_price=Decimal("0.05"), output_price=Decimal("0.08"))
    make_offering(model, make_provider("Zero Cloud"), input_price=Decimal(0), output_price=Decimal(0),
                  cached_input_price=Decimal(0))
    rows = _offering_rows(client.get(model.get_absolute_url()).content.decode())
    assert rows["Groq"]["Other rates"] == "Batch: 50% off (the provider's batch discount)"
    assert rows["Zero Cloud"]["Other rates"] == "Not yet sourced"
    assert rows["Zero Cloud"]["Input"] == "Not yet sourced"


def test_the_price_date_and_the_review_date_are_apart_on_model_and_pair_pages(client):
    """An import wrote the price on Dec 2; an editor last checked the offering on Nov 27."""
    model = make_model("Llama 3.1 8B Instruct")
    other = make_model("Llama 3.2 1B Instruct")
    make_offering(model, make_provider("Groq"), input_price=Decimal("0.05"), output_price=Decimal("0.08"),
                  price_as_of=datetime.date(2026, 12, 2), last_reviewed=datetime.date(2026, 11, 27))
    make_offering(model, make_provider("Together"), input_price=Decimal("0.18"),
                  output_price=Decimal("0.18"), price_as_of=datetime.date(2026, 12, 1))
    make_offering(other, make_provider("Fireworks"), input_price=Decimal("0.1"), output_price=Decimal("0.1"))
    for url in (model.get_absolute_url(), pair_url(f"{model.slug}-vs-{other.slug}")):
        rows = _offering_rows(client.get(url, follow=True).content.decode())
        dates = {p: (r["Price as of"], r["Reviewed"]) for p, r in rows.items()}
        assert dates["Groq"] == ("Dec 2, 2026", "Nov 27, 2026"), url
        assert dates["Together"] == ("Dec 1, 2026", "Not yet"), url
