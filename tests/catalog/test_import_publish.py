"""What an import publishes, what waits in the review queue and why, one row per company, price dates, and
what the command says (issue 16 items 1, 4, 7, 9)."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.importers import publishing
from catalog.models import (
    LanguageModel,
    Offering,
    Provider,
    ProviderAlias,
    Purpose,
    Vendor,
    VendorAlias,
)
from tests.factories import make_model, make_provider, make_vendor

pytestmark = pytest.mark.django_db


def run(tmp_path, source: str, data: dict, *args) -> str:
    path = tmp_path / f"{source}.json"
    path.write_text(json.dumps(data))
    out = io.StringIO()
    call_command("import_catalog", source, str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def litellm_row(provider: str, input_cost=2e-07, output_cost=4e-07, **extra) -> dict:
    return {"litellm_provider": provider, "mode": "chat", "input_cost_per_token": input_cost,
            "output_cost_per_token": output_cost, **extra}


def modelsdev_row(name: str, input_price=0.2, output_price=0.4, **extra) -> dict:
    return {"name": name, "cost": {"input": input_price, "output": output_price},
            "modalities": {"input": ["text"], "output": ["text"]}, **extra}


def provider(name: str, models: dict) -> dict:
    return {"name": name, "models": models}


LLAMA = {
    "deepinfra": provider("Deep Infra", {
        "meta-llama/Llama-3.3-70B-Instruct": modelsdev_row(
            "Llama 3.3 70B Instruct", last_updated="2025-01-15"
        ),
    }),
}


def test_a_named_model_with_a_known_vendor_and_a_live_price_is_published(tmp_path, client):
    output = run(tmp_path, "modelsdev", LLAMA)
    model = LanguageModel.objects.get(name="Llama 3.3 70B Instruct")
    assert (model.published, model.queue_reasons, model.vendor.name) == (True, [], "Meta")
    assert client.get(model.get_absolute_url()).status_code == 200
    assert "imported models: 1 published, 0 waiting in the review queue" in output
    # Created unpublished, then published by the rule: both in its history, with the import as reason.
    history = list(model.history.order_by("history_id"))
    assert (history[0].published, history[-1].published) == (False, True)
    assert history[-1].history_change_reason == "Import: models.dev (modelsdev.json)"


def test_imported_models_wait_with_reasons_an_editor_can_read(tmp_path, client, monkeypatch):
    run(tmp_path, "modelsdev", {
        "deepinfra": provider("Deep Infra", {"zorblax/zorblax-7b": modelsdev_row("Zorblax 7B")}),
        # A free tier only: no price anyone pays.
        "github-models": provider("GitHub Models", {"openai/gpt-4.1": modelsdev_row("GPT 4.1 Preview")}),
        "openrouter": provider("OpenRouter", {"openai/gpt-4.1": modelsdev_row("GPT 4.1 Preview")}),
    })
    output = run(tmp_path, "litellm", {"groq/llama-3.3-70b-versatile": litellm_row("groq")})

    unknown = LanguageModel.objects.get(name="Zorblax 7B")
    assert (unknown.published, unknown.queue_reasons) == (False, ["vendor unknown"])
    assert unknown.vendor.slug == "unattributed"
    # OpenRouter is a router and GitHub Models a free tier: neither is a pay-as-you-go price.
    unpriced = LanguageModel.objects.get(name="GPT 4.1 Preview")
    assert (unpriced.published, unpriced.queue_reasons) == (False, ["no priced pay-as-you-go offering"])
    from_id = LanguageModel.objects.get(offerings__provider_model_id="llama-3.3-70b-versatile")
    assert from_id.published is False
    assert from_id.queue_reasons == ["name made from an id: llama-3.3-70b-versatile"]
    for model in (unknown, unpriced, from_id):
        assert client.get(model.get_absolute_url()).status_code == 404
    assert "imported models: 0 published, 3 waiting in the review queue" in output
    assert "name made from an id: 1" in output and "vendor unknown: 1" in output

    # A purpose the pages do not describe waits too, whoever set it (every purpose has its words today:
    # one taken out of the list stands for a new purpose added before its wording).
    monkeypatch.setattr(publishing, "PUBLISHED_PURPOSES", publishing.PUBLISHED_PURPOSES - {Purpose.RERANKER})
    LanguageModel.objects.filter(pk=from_id.pk).update(purpose=Purpose.RERANKER)
    run(tmp_path, "litellm", {"groq/llama-3.3-70b-versatile": litellm_row("groq")})
    from_id.refresh_from_db()
    assert "purpose not compared on the site yet: Reranker" in from_id.queue_reasons


def test_a_model_named_from_an_id_takes_the_source_name_when_one_comes(tmp_path):
    ids = {"together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo": litellm_row("together_ai")}
    run(tmp_path, "litellm", ids)
    model = LanguageModel.objects.get()
    assert not model.published and model.queue_reasons[0].startswith("name made from an id")

    run(tmp_path, "modelsdev", LLAMA)
    model.refresh_from_db()
    assert (model.name, model.published, model.queue_reasons) == ("Llama 3.3 70B Instruct", True, [])
    assert LanguageModel.objects.count() == 1
    assert model.history.latest().history_change_reason.startswith("Import: models.dev")


def test_an_editors_decision_stands(tmp_path):
    run(tmp_path, "modelsdev", {
        "deepinfra": provider("Deep Infra", {"zorblax/zorblax-7b": modelsdev_row("Zorblax 7B")}),
    })
    waiting = LanguageModel.objects.get(name="Zorblax 7B")
    # An editor publishes it from the queue (the admin records "published" as curated).
    waiting.published, waiting.queue_reasons, waiting.curated_fields = True, [], ["published"]
    waiting.save()
    run(tmp_path, "modelsdev", LLAMA)
    rejected = LanguageModel.objects.get(name="Llama 3.3 70B Instruct")
    rejected.published, rejected.rejected, rejected.curated_fields = False, True, ["published", "rejected"]
    rejected.save()
    # An editor's own model, still a draft, that the next source entries land on.
    draft = make_model("Mistral Small 3", vendor=make_vendor("Mistral AI"), published=False)

    run(tmp_path, "modelsdev", {
        "deepinfra": provider("Deep Infra", {
            "zorblax/zorblax-7b": modelsdev_row("Zorblax 7B"),
            "meta-llama/Llama-3.3-70B-Instruct": modelsdev_row("Llama 3.3 70B Instruct"),
            "mistralai/Mistral-Small-3": modelsdev_row("Mistral Small 3"),
        }),
    })
    for model in (waiting, rejected, draft):
        model.refresh_from_db()
    assert waiting.published and waiting.queue_reasons == []
    assert not rejected.published and rejected.rejected
    assert not draft.published and draft.queue_reasons == []
    assert draft.offerings.count() == 1


def test_a_second_model_of_the_same_name_waits(tmp_path):
    run(tmp_path, "modelsdev", LLAMA | {
        "groq": provider("Groq", {"llama-3.1-8b-instant": modelsdev_row("Llama 3.1 8B Instant")}),
    })
    instant = LanguageModel.objects.get(name="Llama 3.1 8B Instant")
    assert instant.published
    # An editor renames the first model to a name that reads as the other's (not yet published by an editor).
    llama = LanguageModel.objects.get(name="Llama 3.3 70B Instruct")
    LanguageModel.objects.filter(pk=llama.pk).update(published=False)
    instant.name, instant.curated_fields = "Llama-3.3 70B Instruct", ["name"]
    instant.save()
    run(tmp_path, "modelsdev", LLAMA)
    llama.refresh_from_db()
    instant.refresh_from_db()
    # The one with a public page keeps it; the other waits for a merge.
    assert instant.published
    assert not llama.published
    assert llama.queue_reasons == [
        "same name as a published model: Llama-3.3 70B Instruct (Meta); merge them or rename one"
    ]


def test_vendors_are_found_by_alias_and_by_names_that_normalise_alike(tmp_path):
    mistral = make_vendor("Mistral", slug="mistral")
    zai = make_vendor("Z.ai", slug="z-ai")
    VendorAlias.objects.create(key="Zhipu AI", vendor=zai)
    VendorAlias.objects.create(key="zhipu", vendor=zai)
    vendors = Vendor.objects.count()
    run(tmp_path, "modelsdev", {"deepinfra": provider("Deep Infra", {
        "mistralai/Mistral-Small-3": modelsdev_row("Mistral Small 3"),
        "zai-org/GLM-4.6": modelsdev_row("GLM 4.6"),
    })})
    assert LanguageModel.objects.get(name="Mistral Small 3").vendor == mistral
    assert LanguageModel.objects.get(name="GLM 4.6").vendor == zai
    assert Vendor.objects.count() == vendors


def test_one_provider_row_per_company(tmp_path):
    run(tmp_path, "litellm", {
        "wandb/meta-llama/Llama-3.3-70B-Instruct": litellm_row("wandb"),
        "friendliai/meta-llama/Llama-3.3-70B-Instruct": litellm_row("friendliai"),
        "zai/glm-4.6": litellm_row("zai"),
    })
    run(tmp_path, "modelsdev", {
        "wandb": provider("Weights & Biases", {
            "meta-llama/Llama-3.3-70B-Instruct": modelsdev_row("Llama 3.3 70B Instruct"),
        }),
        "friendli": provider("Friendli", {
            "meta-llama/Llama-3.3-70B-Instruct": modelsdev_row("Llama 3.3 70B Instruct"),
        }),
        "zai": provider("Z.AI", {"glm-4.6": modelsdev_row("GLM-4.6")}),
        # A company with no entry in our tables: its models.dev name normalises like its LiteLLM key.
        "sarvam-ai": provider("Sarvam", {"sarvam-m": modelsdev_row("Sarvam M")}),
    })
    names = sorted(Provider.objects.values_list("name", flat=True))
    assert names == ["FriendliAI", "Sarvam", "Weights & Biases", "Z.ai"]
    assert Offering.objects.filter(provider__name="Weights & Biases").count() == 1


def test_an_alias_for_any_source_names_a_merged_provider(tmp_path):
    together = make_provider("Together AI", slug="together-ai")
    # What merging "Together" into "Together AI" leaves behind: aliases for any source.
    ProviderAlias.objects.create(source="", key="together", provider=together)
    ProviderAlias.objects.create(source="", key="togetherai-old", provider=together)
    run(tmp_path, "modelsdev", {"togetherai-old": provider("Together", {
        "meta-llama/Llama-3.3-70B-Instruct": modelsdev_row("Llama 3.3 70B Instruct"),
    })})
    assert list(Provider.objects.values_list("name", flat=True)) == ["Together AI"]


def test_price_dates_follow_the_source_or_the_import(tmp_path):
    today = timezone.localdate()
    run(tmp_path, "litellm", {"groq/llama-3.3-70b-versatile": litellm_row("groq")})
    offering = Offering.objects.get()
    assert offering.price_as_of == today
    # An editor's earlier date stays while the price does not change...
    Offering.objects.filter(pk=offering.pk).update(price_as_of=datetime.date(2024, 11, 27))
    run(tmp_path, "litellm", {"groq/llama-3.3-70b-versatile": litellm_row("groq")})
    offering.refresh_from_db()
    assert offering.price_as_of == datetime.date(2024, 11, 27)
    # ...and moves to the import's day when the import changes the price.
    run(tmp_path, "litellm", {"groq/llama-3.3-70b-versatile": litellm_row("groq", output_cost=5e-07)})
    offering.refresh_from_db()
    assert (offering.output_price, offering.price_as_of) == (Decimal("0.5"), today)


def test_an_unchanged_reimport_says_no_changes(tmp_path):
    first = run(tmp_path, "modelsdev", LLAMA)
    assert "created: 1 models, 1 offerings, 1 providers, 1 vendors" in first
    again = run(tmp_path, "modelsdev", LLAMA)
    assert "No changes." in again
    assert "created:" not in again and "changed:" not in again


def test_a_model_an_editor_renamed_keeps_its_entries(tmp_path):
    dated = {"anthropic/claude-3-5-haiku-20241022": litellm_row("anthropic")}
    run(tmp_path, "litellm", dated)
    model = LanguageModel.objects.get()
    # Renamed in the admin: neither the new name nor the new slug reads as the source's id any more.
    model.name, model.slug, model.curated_fields = "Claude Haiku (October 2024)", "claude-haiku-oct", ["name"]
    model.save()
    output = run(tmp_path, "litellm", dated)
    assert "created: nothing" in output
    assert list(LanguageModel.objects.values_list("name", flat=True)) == ["Claude Haiku (October 2024)"]
    # An editor named it: nothing else keeps it from its page.
    model.refresh_from_db()
    assert (model.published, model.queue_reasons) == (True, [])
    assert "No changes." in run(tmp_path, "litellm", dated)


def test_a_waiting_model_takes_the_vendor_a_later_entry_knows(tmp_path):
    unknown = {"deepinfra": provider("Deep Infra", {"zorblax/zorblax-7b": modelsdev_row("Zorblax 7B")})}
    run(tmp_path, "modelsdev", unknown)
    model = LanguageModel.objects.get()
    assert (model.vendor.slug, model.queue_reasons) == ("unattributed", ["vendor unknown"])
    # The lab's own API lists it: the lab made it.
    lab = {"xai": provider("xAI", {"zorblax-7b": modelsdev_row("Zorblax 7B")})}
    run(tmp_path, "modelsdev", unknown | lab)
    model.refresh_from_db()
    assert (model.vendor.name, model.published, model.queue_reasons) == ("xAI", True, [])
    assert LanguageModel.objects.count() == 1


def test_a_dated_snapshot_an_editor_gave_its_own_page_keeps_its_entries(tmp_path):
    """DeepSeek-V3-0324 (March 2025) is a release of its own beside DeepSeek-V3: an editor made both pages,
    so entries of the 0324 snapshot land on its page and the others on DeepSeek-V3's; Claude 3.5 Haiku's
    dated id, with no page of its own, lands on Claude 3.5 Haiku."""
    deepseek = make_vendor("DeepSeek")
    v3 = make_model("DeepSeek-V3", vendor=deepseek)
    v3_0324 = make_model("DeepSeek-V3-0324", vendor=deepseek)
    haiku = make_model("Claude 3.5 Haiku", vendor=make_vendor("Anthropic"))
    run(tmp_path, "litellm", {
        "deepinfra/deepseek-ai/DeepSeek-V3-0324": litellm_row("deepinfra"),
        "deepinfra/deepseek-ai/DeepSeek-V3": litellm_row("deepinfra"),
        "anthropic/claude-3-5-haiku-20241022": litellm_row("anthropic"),
    })
    landed = dict(Offering.objects.values_list("provider_model_id", "model_id"))
    assert landed == {
        "deepseek-ai/DeepSeek-V3-0324": v3_0324.pk, "deepseek-ai/DeepSeek-V3": v3.pk,
        "claude-3-5-haiku-20241022": haiku.pk,
    }
