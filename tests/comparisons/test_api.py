"""The JSON API as a tool reads it: OpenRouter's shape, exact per-token prices, null for what is not
sourced, one endpoint per offering, Versus's facts under one key, caching, CORS, licences, limits, 404s."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from catalog.models import EXTRA_PRICE_FIELDS, LanguageModel, Offering, ProviderKind, Source, SourceFact
from tests.factories import make_model, make_offering, make_provider, make_vendor

pytestmark = pytest.mark.django_db

API_LIMIT = {**settings.RATE_LIMITS, "api": (1000, 60)}
MILLION = Decimal(1_000_000)
# OpenRouter's pricing keys and the catalog fields they come from (per 1M tokens, except the request fee).
PRICING = {
    "prompt": "input_price", "completion": "output_price", "input_cache_read": "cached_input_price",
    "input_cache_write": "cache_write_price", "input_cache_write_1h": "cache_write_1h_price",
    "internal_reasoning": "reasoning_output_price",
}


@pytest.fixture(autouse=True)
def api_limit():
    with override_settings(RATE_LIMITS=API_LIMIT):
        yield


@pytest.fixture
def gpt(db):
    vendor = make_vendor("OpenAI", slug="openai")
    model = make_model(
        "GPT Test", vendor=vendor, slug="gpt-test", context_window=128000, max_output_tokens=16384,
        input_modalities=["text", "image"], output_modalities=["text"], vision="yes", reasoning="no",
        function_calling="yes", source_url="https://openai.com/gpt-test",
        last_reviewed=datetime.date(2026, 10, 1),
    )
    openai = make_provider("OpenAI API", slug="openai-api")
    make_offering(model, openai, input_price=Decimal("1.250000"), output_price=Decimal("10.000000"),
                  cached_input_price=Decimal("0.125000"), request_price=Decimal("0.010000"),
                  price_as_of=datetime.date(2026, 11, 28), source_url="https://openai.com/pricing",
                  provider_model_id="gpt-test")
    azure = make_provider("Azure", slug="azure")
    make_offering(model, azure, region="eu", input_price=Decimal("1.375"), output_price=Decimal("11"),
                  retires_on=datetime.date(2026, 1, 1))
    # A source's $0/$0 nobody confirmed, and a free tier.
    make_offering(model, make_provider("Zero Cloud", slug="zero-cloud"), input_price=0, output_price=0)
    free = make_provider("Free Tier Co", slug="free-tier-co", kind=ProviderKind.FREE_TIER)
    make_offering(model, free, input_price=0, output_price=0)
    return model


def get_json(client, url, **headers):
    response = client.get(url, headers=headers)
    return response, json.loads(response.content)


def test_models_list_is_openrouter_shaped_with_the_cheapest_eligible_price(client, gpt):
    response, body = get_json(client, "/api/v1/models")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    [model] = body["data"]
    assert model["id"] == "openai/gpt-test"
    assert model["name"] == "OpenAI: GPT Test"
    assert model["context_length"] == 128000
    assert model["architecture"]["input_modalities"] == ["text", "image"]
    assert model["architecture"]["output_modalities"] == ["text"]
    assert model["architecture"]["modality"] == "text+image->text"
    # $1.25 per 1M tokens is $0.00000125 per token: a string, exactly.
    assert model["pricing"] == {
        "prompt": "0.00000125", "completion": "0.00001", "input_cache_read": "0.000000125",
        "input_cache_write": None, "input_cache_write_1h": None, "internal_reasoning": None,
        "request": "0.01",
    }
    versus = model["versus"]
    assert versus["price_from"]["provider"] == "OpenAI API"
    assert versus["price_from"]["price_as_of"] == "2026-11-28"
    assert versus["source_url"] == "https://openai.com/gpt-test"
    assert versus["last_reviewed"] == "2026-10-01"
    assert versus["url"].endswith("/models/gpt-test/")
    assert body["versus"]["license"]["name"] == "CC BY 4.0"
    assert {s["license"] for s in body["versus"]["sources"]} == {"MIT"}


def test_endpoints_list_every_offering_with_status_region_and_kind(client, gpt):
    response, body = get_json(client, "/api/v1/models/openai/gpt-test/endpoints")
    assert response.status_code == 200
    endpoints = {e["provider_name"]: e for e in body["data"]["endpoints"]}
    assert set(endpoints) == {"OpenAI API", "Azure", "Zero Cloud", "Free Tier Co"}
    assert endpoints["Azure"]["region"] == "eu"
    assert endpoints["Azure"]["status"] == "retired"
    assert endpoints["Azure"]["versus"]["retires_on"] == "2026-01-01"
    assert endpoints["OpenAI API"]["status"] == "live"
    assert endpoints["OpenAI API"]["versus"]["eligible"] is True
    # An unconfirmed $0 at a pay-as-you-go provider is not a price: null, never "0".
    assert endpoints["Zero Cloud"]["pricing"]["prompt"] is None
    assert endpoints["Zero Cloud"]["pricing"]["completion"] is None
    # A free tier's $0 is its price, listed with what kind of provider it is.
    assert endpoints["Free Tier Co"]["pricing"]["prompt"] == "0"
    assert endpoints["Free Tier Co"]["versus"]["provider_kind"] == "free_tier"
    assert endpoints["Free Tier Co"]["versus"]["eligible"] is False


def test_unsourced_values_are_null_never_zero(client):
    model = make_model("Bare Model", slug="bare-model")
    make_offering(model, input_price=None, output_price=None)
    _, body = get_json(client, "/api/v1/models")
    [row] = body["data"]
    assert row["context_length"] is None
    assert row["architecture"]["input_modalities"] is None
    assert set(row["pricing"].values()) == {None}
    assert row["versus"]["price_from"] is None
    _, detail = get_json(client, f"/api/v1/models/{model.vendor.slug}/bare-model/endpoints")
    assert set(detail["data"]["endpoints"][0]["pricing"].values()) == {None}


def test_every_price_string_is_the_stored_decimal_over_a_million_exactly(client):
    """Over the whole demo catalog: each endpoint's price strings, read back as decimals, times 1,000,000
    are the stored per-1M prices (no float on the way); the request fee is per request, as stored."""
    call_command("load_demo_catalog", stdout=StringIO())
    _, body = get_json(client, "/api/v1/models")
    checked = 0
    for model in body["data"]:
        vendor, slug = model["id"].split("/")
        _, detail = get_json(client, f"/api/v1/models/{vendor}/{slug}/endpoints")
        stored = {
            (o.provider.name, o.region or None): o
            for o in Offering.objects.filter(model__slug=slug).select_related("provider")
        }
        assert len(detail["data"]["endpoints"]) == len(stored)
        for endpoint in detail["data"]["endpoints"]:
            offering = stored[(endpoint["provider_name"], endpoint["region"])]
            for key, name in PRICING.items():
                value, text = getattr(offering, name), endpoint["pricing"][key]
                if text is None:
                    assert value is None or (value == 0 and not offering.free_confirmed)
                else:
                    assert "e" not in text.lower()
                    assert Decimal(text) * MILLION == value
                    checked += 1
            if endpoint["pricing"]["request"] is not None:
                assert Decimal(endpoint["pricing"]["request"]) == offering.request_price
    assert len(body["data"]) == LanguageModel.objects.published().count()
    assert checked > 100


def test_disagreements_and_facts_sit_under_one_versus_key(client, gpt):
    offering = Offering.objects.get(model=gpt, provider__slug="openai-api")
    for source, value in ((Source.LITELLM, "1.25"), (Source.MODELSDEV, "1.5")):
        SourceFact.objects.create(
            subject=f"offering:{offering.pk}", model=gpt, offering=offering, field="input_price",
            source=source, origin=f"{source}/gpt-test", value=value,
        )
    _, body = get_json(client, "/api/v1/models/openai/gpt-test/endpoints")
    [endpoint] = [e for e in body["data"]["endpoints"] if e["provider_name"] == "OpenAI API"]
    [disagreement] = endpoint["versus"]["disagreements"]
    assert disagreement["field"] == "input_price"
    assert {v["value"] for v in disagreement["values"]} == {"1.25", "1.5"}
    openrouter = {"name", "model_name", "provider_name", "tag", "region", "status", "context_length",
                  "max_completion_tokens", "pricing"}
    extra = set(endpoint) - openrouter
    assert extra == {"versus"}


def test_unpublished_models_are_not_in_the_api(client, gpt):
    make_model("Hidden Model", slug="hidden-model", published=False)
    _, body = get_json(client, "/api/v1/models")
    assert [m["id"] for m in body["data"]] == ["openai/gpt-test"]
    vendor = LanguageModel.objects.get(slug="hidden-model").vendor.slug
    response, _ = get_json(client, f"/api/v1/models/{vendor}/hidden-model/endpoints")
    assert response.status_code == 404


def test_cors_licence_etag_and_304_like_pages(client, gpt):
    first = client.get("/api/v1/models")
    assert first["Access-Control-Allow-Origin"] == "*"
    assert 'rel="license"' in first["Link"]
    assert first["Cache-Control"].startswith("public, max-age=")
    again = client.get("/api/v1/models", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/models")["X-Cache"] == "hit"


def test_an_editors_change_is_in_the_api_on_the_next_request(client, gpt):
    first = client.get("/api/v1/models")
    offering = Offering.objects.get(model=gpt, provider__slug="openai-api")
    offering.input_price = Decimal("1.000000")
    offering.save()
    second = client.get("/api/v1/models", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == 200
    assert json.loads(second.content)["data"][0]["pricing"]["prompt"] == "0.000001"
    _, detail = get_json(client, "/api/v1/models/openai/gpt-test/endpoints")
    [endpoint] = [e for e in detail["data"]["endpoints"] if e["provider_name"] == "OpenAI API"]
    assert endpoint["pricing"]["prompt"] == "0.000001"


def test_bad_paths_get_a_json_404_with_suggestions(client, gpt):
    response, body = get_json(client, "/api/v1/models/openai/gpt-tset/endpoints")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert body["error"]["code"] == 404
    assert "openai/gpt-test" in [s["id"] for s in body["error"]["suggestions"]]
    wrong_vendor, _ = get_json(client, "/api/v1/models/anthropic/gpt-test/endpoints")
    assert wrong_vendor.status_code == 404
    for path in ("/api/v1/nothing", "/api/v1/models/x", "/api/v1/models/%00/%3Cscript%3E/endpoints"):
        response, body = get_json(client, path)
        assert response.status_code == 404, path
        assert body["error"]["documentation"] == "/api/"


def test_clients_over_the_limit_get_429_with_retry_after_as_json(client, gpt):
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "api": (2, 60)}):
        codes = [client.get("/api/v1/models").status_code for _ in range(3)]
        response = client.get("/api/v1/api.json")
    assert codes == [200, 200, 429]
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert json.loads(response.content)["error"]["code"] == 429


def test_only_get_and_head(client, gpt):
    assert client.post("/api/v1/models").status_code == 405
    assert client.head("/api/v1/models").status_code == 200


def test_extra_price_fields_all_reach_the_api():
    """Every price field of an offering is somewhere in the API's shapes (a new one must be added)."""
    from comparisons.content.api_shapes import MODELSDEV_COST, PER_TOKEN_PRICES

    shown = set(PER_TOKEN_PRICES.values()) | set(MODELSDEV_COST.values()) | {"request_price"}
    assert set(EXTRA_PRICE_FIELDS) - shown <= {"batch_input_price", "batch_output_price"}


# /api/v1/changes ------------------------------------------------------------------------------------------


@pytest.fixture
def changed(db):
    from catalog.price_changes import record_changes

    openai, meta = make_vendor("OpenAI", slug="openai"), make_vendor("Meta", slug="meta")
    gpt = make_offering(
        make_model("GPT-5", openai, slug="gpt-5"), make_provider("OpenAI API", slug="openai-api"),
        input_price="1.25", output_price="10",
    )
    llama = make_offering(make_model("Llama 3.3 70B", meta, slug="llama-3-3-70b"), make_provider("Groq"),
                          input_price="0.59", output_price="0.79")
    record_changes()
    gpt.input_price = Decimal("1.00")
    gpt.save()
    llama.output_price = Decimal("0.99")
    llama.save()
    record_changes()
    return gpt


def test_changes_lists_price_changes_newest_first_with_exact_prices(client, changed):
    response, body = get_json(client, "/api/v1/changes")
    assert response.status_code == 200
    prices = [c for c in body["data"] if c["kind"] == "price"]
    by_model = {c["model"]: c for c in prices}
    gpt = by_model["openai/gpt-5"]
    assert (gpt["price"], gpt["old"], gpt["new"]) == ("input_price", "0.00000125", "0.000001")
    assert (gpt["old_per_million"], gpt["new_per_million"]) == ("1.25", "1")
    assert gpt["change_percent"] == "-20"
    assert gpt["direction"] == "down"
    assert gpt["provider_name"] == "OpenAI API"
    assert by_model["meta/llama-3-3-70b"]["direction"] == "up"
    assert {c["kind"] for c in body["data"]} >= {"price", "new"}
    assert body["page"] == 1 and body["next"] is None
    dates = [c["effective_on"] for c in body["data"]]
    assert dates == sorted(dates, reverse=True)


def test_changes_filters_as_the_page_does_and_bad_ones_are_a_400(client, changed):
    _, down = get_json(client, "/api/v1/changes?direction=down")
    assert [c["model"] for c in down["data"]] == ["openai/gpt-5"]
    _, meta = get_json(client, "/api/v1/changes?vendor=meta")
    assert {c["model"] for c in meta["data"]} == {"meta/llama-3-3-70b"}
    for query, words in (("direction=sideways", "up or down"), ("vendor=nobody", "No vendor"),
                         ("page=0", "No page"), ("page=abc", "No page"), ("page=99", "No page")):
        response, body = get_json(client, f"/api/v1/changes?{query}")
        assert response.status_code == 400, query
        assert words in body["error"]["message"], (query, body)


def test_an_editors_price_change_is_in_the_changes_api_on_the_next_request(
    client, editor_client, changed, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from tests.admin_forms import admin_form_data

    first = client.get("/api/v1/changes")
    assert client.get("/api/v1/changes")["X-Cache"] == "hit"
    url = reverse("admin:catalog_offering_change", args=[changed.pk])
    data = admin_form_data(editor_client.get(url))
    data["output_price"] = "8"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    editor_client.logout()
    response = client.get("/api/v1/changes", headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 200
    newest = json.loads(response.content)["data"][0]
    assert (newest["model"], newest["price"], newest["old"], newest["new"], newest["source"]) == (
        "openai/gpt-5", "output_price", "0.00001", "0.000008", "editor"
    )


# /api/ and /data/ ---------------------------------------------------------------------------------------


def test_the_api_page_documents_every_endpoint_with_curl_examples(client, gpt):
    response = client.get("/api/")
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/v1/models", "/api/v1/api.json", "/api/v1/changes", "/api/v1/openapi.json"):
        assert path in text
    assert "curl -s http" in text
    assert "/api/v1/models/openai/gpt-test/endpoints" in text
    limit, seconds = settings.RATE_LIMITS["api"]
    assert f"{limit} requests every {seconds} seconds" in text


def test_the_data_page_describes_the_dataset_in_json_ld(client, gpt):
    from tests.html import json_ld

    response = client.get("/data/")
    assert response.status_code == 200
    [dataset] = [d for d in json_ld(response.content) if d.get("@type") == "Dataset"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    downloads = {d["contentUrl"].split("/", 3)[-1] for d in dataset["distribution"]}
    assert downloads == {"api/v1/models", "api/v1/api.json", "api/v1/changes", "api/v1/openapi.json"}
    assert all(d["@type"] == "DataDownload" for d in dataset["distribution"])
    assert "CC BY 4.0" in response.content.decode()


def test_the_list_after_an_edit_rebuilds_one_model_in_a_fixed_number_of_queries(client, gpt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_after_an_edit() -> int:
        client.get("/api/v1/models")
        offering = Offering.objects.filter(model=gpt).first()
        offering.input_price += Decimal("0.01")
        offering.save()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/models")
        assert response["X-Cache"] == "miss"
        assert json.loads(response.content)["data"]
        return len(captured)

    few = queries_after_an_edit()
    for n in range(30):
        make_offering(make_model(f"Filler {n}", slug=f"filler-{n}"))
    assert queries_after_an_edit() == few


def test_each_endpoint_carries_its_dated_price_history(client, changed):
    _, body = get_json(client, "/api/v1/models/openai/gpt-5/endpoints")
    [endpoint] = body["data"]["endpoints"]
    history = endpoint["versus"]["price_history"]
    inputs = [(p["old_per_million"], p["new_per_million"]) for p in history if p["price"] == "input_price"]
    assert inputs == [(None, "1.25"), ("1.25", "1")]
    assert all(p["effective_on"] and p["source"] for p in history)
