"""Provider kinds: one table (catalog/provider_kinds.py) seeds existing providers (migration 0011) and
gives the providers an import creates their kind; an import never confirms a $0 price."""

import importlib
import io
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError

from catalog.models import Offering, Provider, ProviderKind
from catalog.provider_kinds import kind_for
from tests.factories import make_provider

pytestmark = pytest.mark.django_db


def run(*args) -> None:
    call_command("import_catalog", *map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize(
    "slug, kind",
    [
        ("nvidia-nim", ProviderKind.FREE_TIER),
        ("github-models", ProviderKind.FREE_TIER),
        ("openrouter-free", ProviderKind.FREE_TIER),
        ("github-copilot", ProviderKind.SUBSCRIPTION),
        ("gitlab-duo", ProviderKind.SUBSCRIPTION),
        ("z-ai-coding-plan", ProviderKind.SUBSCRIPTION),
        ("minimax-token-plan-minimax-io", ProviderKind.SUBSCRIPTION),
        ("ollama", ProviderKind.LOCAL),
        ("lmstudio", ProviderKind.LOCAL),
        ("openrouter", ProviderKind.ROUTER),
        ("vercel-ai-gateway", ProviderKind.ROUTER),
        ("cloudflare-ai-gateway", ProviderKind.ROUTER),
        ("kilo-gateway", ProviderKind.ROUTER),
        ("qihang", ProviderKind.ROUTER),
        ("fireworks-ai", ProviderKind.PAY_AS_YOU_GO),
        ("aws-bedrock", ProviderKind.PAY_AS_YOU_GO),
    ],
)
def test_kind_table(slug, kind):
    assert kind_for(slug) == kind


def test_seed_migration_sets_kinds_by_slug():
    nim, fireworks = make_provider("NVIDIA NIM", slug="nvidia-nim"), make_provider("Fireworks AI")
    migration = importlib.import_module("catalog.migrations.0011_provider_kind_and_free_confirmed")
    migration.seed_kinds(apps, None)  # the seed reads the app registry only
    nim.refresh_from_db(), fireworks.refresh_from_db()
    assert (nim.kind, fireworks.kind) == (ProviderKind.FREE_TIER, ProviderKind.PAY_AS_YOU_GO)
    assert "NVIDIA Developer Program" in nim.terms


def test_kind_is_constrained_in_the_database():
    with pytest.raises(IntegrityError):
        Provider.objects.create(name="Odd", slug="odd", kind="barter")


def test_modelsdev_import_kinds_and_free_variants(tmp_path):
    data = {
        "openrouter": {
            "name": "OpenRouter",
            "models": {
                "meta-llama/llama-3.2-3b-instruct": {
                    "name": "Meta: Llama 3.2 3B Instruct",
                    "cost": {"input": 0.02, "output": 0.02},
                },
                "meta-llama/llama-3.2-3b-instruct:free": {
                    "name": "Meta: Llama 3.2 3B Instruct (free)",
                    "cost": {"input": 0, "output": 0},
                },
            },
        },
        "github-copilot": {
            "name": "GitHub Copilot",
            "models": {
                "llama-3.2-3b-instruct": {"name": "Llama 3.2 3B Instruct", "cost": {"input": 0, "output": 0}},
            },
        },
        "zero-cloud": {
            "name": "Zero Cloud",
            "models": {
                "llama-3.2-3b-instruct": {"name": "Llama 3.2 3B Instruct", "cost": {"input": 0, "output": 0}},
            },
        },
    }
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data))
    run("modelsdev", path)
    kinds = dict(Provider.objects.values_list("slug", "kind"))
    assert kinds == {
        "openrouter": ProviderKind.ROUTER, "openrouter-free": ProviderKind.FREE_TIER,
        "github-copilot": ProviderKind.SUBSCRIPTION, "zero-cloud": ProviderKind.PAY_AS_YOU_GO,
    }
    # One model: the free variant is the same model at the router's free tier, with its own id.
    offerings = {o.provider.slug: o for o in Offering.objects.select_related("provider", "model")}
    assert len({o.model_id for o in offerings.values()}) == 1
    assert offerings["openrouter"].input_price == Decimal("0.02")
    assert offerings["openrouter-free"].provider_model_id == "meta-llama/llama-3.2-3b-instruct:free"
    assert not any(o.free_confirmed for o in offerings.values())  # imports never confirm a $0


def test_editor_confirms_a_free_offering_and_sets_a_kind(editor_client):
    from django.urls import reverse

    from tests.admin_forms import admin_form_data
    from tests.factories import make_model, make_offering
    from tests.html import visible_text

    model = make_model("Alpha Model")
    offering = make_offering(model, make_provider("Zero Cloud"), input_price="0", output_price="0")
    assert "Its prices are not yet sourced." in visible_text(
        editor_client.get(model.get_absolute_url()).content
    )

    url = reverse("admin:catalog_offering_change", args=[offering.pk])
    data = admin_form_data(editor_client.get(url))
    assert data.get("free_confirmed") is None  # rendered unticked: imports never tick it
    data["free_confirmed"] = "on"
    assert editor_client.post(url, data).status_code == 302
    latest = offering.history.latest()
    assert (latest.free_confirmed, latest.prev_record.free_confirmed) == (True, False)
    assert latest.history_user.username == "edith"
    text = visible_text(editor_client.get(model.get_absolute_url()).content)
    assert "the cheapest, Zero Cloud, serves it free of charge." in text

    provider_url = reverse("admin:catalog_provider_change", args=[offering.provider.pk])
    data = admin_form_data(editor_client.get(provider_url))
    assert data["kind"] == ProviderKind.PAY_AS_YOU_GO
    data["kind"] = ProviderKind.ROUTER
    assert editor_client.post(provider_url, data).status_code == 302
    assert offering.provider.history.latest().kind == ProviderKind.ROUTER
    text = visible_text(editor_client.get(model.get_absolute_url()).content)
    assert "Routers and gateways" in text and "free of charge" not in text
