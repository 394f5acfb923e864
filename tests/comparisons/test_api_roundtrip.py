"""The round trip: the site's models.dev-shaped /api/v1/api.json, fed to `import_catalog modelsdev` against
the same database, changes nothing: the export says what the catalog holds, as the importer reads it."""

import datetime
import io
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from catalog.importers import modelsdev
from catalog.importers.apply import PRICE_FIELDS, run_import
from catalog.models import Offering, Provider, Source
from tests.factories import make_model, make_offering, make_provider, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def api_limit():
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "api": (1000, 60)}):
        yield


def export(client, tmp_path):
    response = client.get("/api/v1/api.json")
    assert response.status_code == 200
    path = tmp_path / "api.json"
    path.write_bytes(response.content)
    return path


def import_report(path):
    data = json.loads(path.read_bytes(), parse_float=Decimal)
    return run_import(modelsdev.parse(data), Source.MODELSDEV, path.name)


def command_output(path) -> str:
    out = io.StringIO()
    call_command("import_catalog", "modelsdev", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_an_export_of_what_the_importer_can_say_imports_as_no_change(client, tmp_path):
    """Prices of every kind, tiers, regions, limits, dates, flags and modalities come back as they are."""
    vendor = make_vendor("Anthropic", slug="anthropic")
    model = make_model(
        "Claude Test 4", vendor=vendor, slug="claude-test-4", context_window=200000, max_output_tokens=64000,
        release_date=datetime.date(2026, 5, 1), knowledge_cutoff=datetime.date(2025, 3, 1),
        input_modalities=["text", "image", "pdf"], output_modalities=["text"], vision="yes", reasoning="yes",
        function_calling="yes", open_weights="no",
    )
    bedrock = make_provider("AWS Bedrock", slug="aws-bedrock", website="https://aws.amazon.com/bedrock/")
    direct = make_provider("Anthropic API", slug="anthropic-api", website="https://www.anthropic.com/pricing")
    offering = make_offering(
        model, direct, provider_model_id="claude-test-4", input_price=Decimal("3"),
        output_price=Decimal("15"), cached_input_price=Decimal("0.3"), cache_write_price=Decimal("3.75"),
        context_window=200000,
        reasoning_output_price=Decimal("15.000001"), source_url="https://www.anthropic.com/pricing",
    )
    offering.tiers.create(threshold=200000, input_price=Decimal("6"), output_price=Decimal("22.5"))
    make_offering(
        model, bedrock, region="eu", provider_model_id="eu.anthropic.claude-test-4-v1:0",
        input_price=Decimal("3.3"), output_price=Decimal("16.5"), context_window=200000,
        source_url="https://aws.amazon.com/bedrock/",
    )
    before = list(Offering.objects.order_by("pk").values())
    report = import_report(export(client, tmp_path))
    assert report.changes == []
    assert not report.created
    assert list(Offering.objects.order_by("pk").values()) == before
    # The import has now recorded what this file says: the command, run on it again, says so.
    assert "No changes." in command_output(tmp_path / "api.json")


def test_the_demo_catalogs_prices_survive_the_round_trip(client, tmp_path):
    """Over the whole demo catalog no price moves (the importer places each row on the model its
    versus.model names)."""
    call_command("load_demo_catalog", stdout=StringIO())
    providers = Provider.objects.count()
    path = export(client, tmp_path)
    exported = json.loads(path.read_bytes(), parse_float=Decimal)
    assert sum(len(p["models"]) for p in exported.values()) == Offering.objects.filter(
        model__published=True
    ).count()
    report = import_report(path)
    assert [c for c in report.changes if c.field in PRICE_FIELDS] == []
    assert not report.created
    assert Provider.objects.count() == providers


def test_the_demo_catalog_round_trips_as_no_changes(client, tmp_path):
    call_command("load_demo_catalog", stdout=StringIO())
    report = command_output(export(client, tmp_path))
    assert "No changes." in report, report
