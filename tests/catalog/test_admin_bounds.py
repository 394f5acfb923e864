"""Editors get the importers' sanity bounds (catalog/bounds.py): an absurd price or token count is
refused on every admin page that edits it, with a message naming the limit, and nothing is saved."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog import bounds
from catalog.importers import entries
from tests.admin_forms import admin_form_data
from tests.factories import make_model, make_offering

pytestmark = pytest.mark.django_db

PRICE_MESSAGE = (
    "An input price above $10,000 per 1M tokens is not plausible; check the unit (per 1M tokens, not per "
    "token or per 1K)."
)
WINDOW_MESSAGE = "A context window above 100 million tokens is not plausible"
DATABASE_LIMITS = ("9223372036854775807", "2147483647", "digits before the decimal point", "digits in total")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def assert_refused(response, message):
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert html.count(message) == 1  # once, next to its field
    assert not any(limit in html for limit in DATABASE_LIMITS)


@pytest.mark.parametrize("value", ["999999", "1000000", "99999999999999999999", "10000.000001"])
def test_absurd_price_on_the_offering_page(editor_client, value):
    offering = make_offering(input_price=Decimal("0.10"))
    data = admin_form_data(editor_client.get(change_url(offering))) | {"input_price": value}
    assert_refused(editor_client.post(change_url(offering), data), PRICE_MESSAGE)
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.10")
    assert offering.history.count() == 1


def test_the_limit_itself_is_accepted(editor_client):
    offering = make_offering()
    data = admin_form_data(editor_client.get(change_url(offering))) | {"output_price": "10000"}
    assert editor_client.post(change_url(offering), data).status_code == 302
    offering.refresh_from_db()
    assert offering.output_price == bounds.MAX_PRICE_PER_MILLION


@pytest.mark.parametrize("value", ["999999999999999", "100000001", "99999999999999999999999"])
def test_absurd_context_window_on_the_model_page(editor_client, value):
    model = make_model(context_window=128_000)
    make_offering(model=model)
    data = admin_form_data(editor_client.get(change_url(model))) | {"context_window": value}
    assert_refused(editor_client.post(change_url(model), data), WINDOW_MESSAGE)
    model.refresh_from_db()
    assert model.context_window == 128_000


def test_zero_tokens_names_the_lower_limit(editor_client):
    model = make_model(max_output_tokens=4096)
    data = admin_form_data(editor_client.get(change_url(model))) | {"max_output_tokens": "0"}
    assert_refused(editor_client.post(change_url(model), data), "A maximum output must be at least 1 token")
    model.refresh_from_db()
    assert model.max_output_tokens == 4096


def test_absurd_price_in_the_model_pages_offering_inline(editor_client):
    offering = make_offering(input_price=Decimal("0.10"))
    url = change_url(offering.model)
    data = admin_form_data(editor_client.get(url)) | {"offerings-0-input_price": "999999"}
    assert_refused(editor_client.post(url, data), PRICE_MESSAGE)
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.10")


def test_absurd_offering_context_window_in_the_inline(editor_client):
    offering = make_offering(context_window=8192)
    url = change_url(offering.model)
    data = admin_form_data(editor_client.get(url)) | {"offerings-0-context_window": "999999999999999"}
    assert_refused(editor_client.post(url, data), WINDOW_MESSAGE)
    offering.refresh_from_db()
    assert offering.context_window == 8192


def test_absurd_price_on_the_price_sheet(editor_client):
    offering = make_offering(input_price=Decimal("0.10"))
    url = reverse("admin:catalog_offering_changelist")
    data = admin_form_data(editor_client.get(url))
    assert data["form-0-id"] == str(offering.pk)
    data["form-0-input_price"] = "999999"
    assert_refused(editor_client.post(url, data), PRICE_MESSAGE)
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.10")


def test_the_importers_use_the_same_bounds():
    parsed = entries.Parsed()
    assert (
        entries.price_per_million(Decimal("0.01"), "input", per_token=True, parsed=parsed)
        == bounds.MAX_PRICE_PER_MILLION
    )
    with pytest.raises(entries.RowError, match="absurd"):
        entries.price_per_million(Decimal("0.010000001"), "input", per_token=True, parsed=parsed)
    assert entries.token_count(bounds.MAX_TOKENS, "limit.context") == bounds.MAX_TOKENS
    with pytest.raises(entries.RowError, match="absurd"):
        entries.token_count(bounds.MAX_TOKENS + 1, "limit.context")
    assert not hasattr(entries, "MAX_PRICE_PER_MILLION") and not hasattr(entries, "MAX_TOKENS")
