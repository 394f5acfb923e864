"""The OpenAPI 3.1 description matches what the API answers: real responses, over the demo catalog and a
catalog with every kind of offering, validated against its schemas with jsonschema (the reference
implementation of JSON Schema 2020-12, the dialect OpenAPI 3.1 uses)."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import jsonschema
import pytest
import referencing
import referencing.jsonschema
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from catalog.models import Offering, ProviderKind
from catalog.price_changes import record_changes
from tests.factories import make_model, make_offering, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def api_limit():
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "api": (1000, 60)}):
        yield


@pytest.fixture
def catalog(db):
    call_command("load_demo_catalog", stdout=StringIO())
    # What the demo lacks: an unpriced offering, an unconfirmed $0, a free tier, a retired one with tiers.
    model = make_model("Odd Model", slug="odd-model")
    make_offering(model, input_price=None, output_price=None)
    make_offering(model, input_price=0, output_price=0)
    make_offering(model, make_provider("Free Co", kind=ProviderKind.FREE_TIER), input_price=0, output_price=0)
    retired = make_offering(model, region="eu", retires_on=datetime.date(2025, 1, 1),
                            request_price=Decimal("0.005"))
    retired.tiers.create(threshold=128000, input_price=Decimal("0.2"))
    priced = Offering.objects.filter(input_price__gt=0).first()
    priced.input_price += Decimal("0.01")
    priced.save()
    record_changes()
    priced.retires_on = datetime.date(2026, 6, 30)
    priced.save()
    record_changes()


def validator(client, path: str, status: str = "200"):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.content)
    jsonschema.Draft202012Validator.check_schema({"$defs": spec["components"]["schemas"]})
    operation = spec["paths"][path]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    registry = referencing.Registry().with_resource("urn:openapi", referencing.Resource.from_contents(
        spec, default_specification=referencing.jsonschema.DRAFT202012))
    return jsonschema.Draft202012Validator(
        {"$ref": "urn:openapi" + schema["$ref"]}, registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def check(client, spec_path: str, url: str, status: int = 200, limit: int = 1000) -> dict:
    schema = validator(client, spec_path, str(status))
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "api": (limit, 60)}):
        response = client.get(url)
    assert response.status_code == status, url
    body = json.loads(response.content)
    errors = sorted(schema.iter_errors(body), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    return body


def test_the_description_is_served_and_names_every_api_path(client, catalog):
    spec = json.loads(client.get("/api/v1/openapi.json").content)
    assert spec["openapi"].startswith("3.1")
    assert set(spec["paths"]) == {
        "/api/v1/models", "/api/v1/models/{vendor}/{slug}/endpoints", "/api/v1/api.json", "/api/v1/changes",
    }


def test_real_responses_match_the_description(client, catalog):
    models = check(client, "/api/v1/models", "/api/v1/models")
    assert len(models["data"]) > 10
    for model in models["data"]:
        vendor, slug = model["id"].split("/")
        check(client, "/api/v1/models/{vendor}/{slug}/endpoints", f"/api/v1/models/{vendor}/{slug}/endpoints")
    check(client, "/api/v1/api.json", "/api/v1/api.json")
    changes = check(client, "/api/v1/changes", "/api/v1/changes")
    assert {c["kind"] for c in changes["data"]} >= {"price", "new"}
    provider = Offering.objects.get(retires_on=datetime.date(2026, 6, 30)).provider.slug
    at_provider = check(client, "/api/v1/changes", f"/api/v1/changes?provider={provider}")
    assert {c["kind"] for c in at_provider["data"]} >= {"price", "retired"}
    check(client, "/api/v1/changes", "/api/v1/changes?direction=sideways", 400)


def test_errors_match_the_description(client, catalog):
    endpoints = "/api/v1/models/{vendor}/{slug}/endpoints"
    body = check(client, endpoints, "/api/v1/models/x/no-such/endpoints", 404)
    assert body["error"]["code"] == 404
    body = check(client, "/api/v1/models", "/api/v1/models", 429, limit=0)
    assert body["error"]["code"] == 429


def test_a_response_that_broke_the_description_would_be_caught(client, catalog):
    """The check can fail: a price as a float, or a missing key, is reported."""
    schema = validator(client, "/api/v1/models")
    body = json.loads(client.get("/api/v1/models").content)
    body["data"][0]["pricing"]["prompt"] = 1.25e-06
    del body["data"][1]["context_length"]
    assert len(list(schema.iter_errors(body))) == 2
