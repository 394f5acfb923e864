"""Lifecycle in the catalog: retirement dates and their sources, a model's successor, and the SQL rule
that a retired offering is never a model's price."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import LanguageModel, Offering
from tests.factories import make_model, make_offering, make_provider

pytestmark = pytest.mark.django_db


def test_a_retired_offering_is_not_a_models_price_in_sql():
    today = timezone.localdate()
    model = make_model("Alpha Model")
    make_offering(model, make_provider("Gone"), input_price="0.01", output_price="0.01", retires_on=today)
    make_offering(model, make_provider("Going"), input_price="0.50", output_price="0.50",
                  retires_on=today + datetime.timedelta(days=1))
    make_offering(model, make_provider("Staying"), input_price="0.90", output_price="0.90")
    (annotated,) = LanguageModel.objects.with_cheapest_blended()
    assert annotated.cheapest_blended == Decimal("0.5")
    Offering.objects.filter(provider__name="Going").update(retires_on=today - datetime.timedelta(days=3))
    (annotated,) = LanguageModel.objects.with_cheapest_blended()
    assert annotated.cheapest_blended == Decimal("0.9")


def test_a_successor_is_cleared_when_it_is_deleted():
    old, new = make_model("Old Model"), make_model("New Model")
    old.successor = new
    old.save()
    assert list(new.predecessors.all()) == [old]
    new.delete()
    old.refresh_from_db()
    assert old.successor is None


def test_litellm_deprecation_date_and_source_become_the_retirement(tmp_path):
    data = {
        "gemini/gemini-2.5-pro": {
            "litellm_provider": "gemini", "mode": "chat", "input_cost_per_token": 1.25e-06,
            "output_cost_per_token": 1e-05, "deprecation_date": "2026-12-01",
            "deprecation_source": "https://ai.google.dev/gemini-api/docs/deprecations",
        },
        "openai/gpt-5": {
            "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 1.25e-06,
            "output_cost_per_token": 1e-05, "deprecation_date": "2026-12-11",
        },
        "openai/gpt-4o": {
            "litellm_provider": "openai", "mode": "chat", "input_cost_per_token": 2.5e-06,
            "output_cost_per_token": 1e-05,
        },
    }
    path = tmp_path / "prices.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", "litellm", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    rows = {o.provider_model_id: o for o in Offering.objects.all()}
    assert rows["gemini-2.5-pro"].retires_on == datetime.date(2026, 12, 1)
    assert rows["gemini-2.5-pro"].retirement_source == "https://ai.google.dev/gemini-api/docs/deprecations"
    assert rows["gpt-5"].retires_on == datetime.date(2026, 12, 11)
    assert rows["gpt-5"].retirement_source == ""
    assert rows["gpt-4o"].retires_on is None
    # An editor's date is kept by the next import (curated), like any price.
    gpt5 = rows["gpt-5"]
    gpt5.retires_on, gpt5.curated_fields = datetime.date(2027, 1, 1), ["retires_on"]
    gpt5.save()
    call_command("import_catalog", "litellm", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    gpt5.refresh_from_db()
    assert gpt5.retires_on == datetime.date(2027, 1, 1)
