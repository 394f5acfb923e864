import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog.importers.entries import guess_name, model_key
from catalog.importers.report import tty_progress
from catalog.models import (
    LanguageModel,
    ModelAlias,
    Offering,
    Provider,
    ProviderAlias,
    Source,
    SourceFact,
    Support,
)
from tests.factories import make_model, make_provider, make_vendor

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
LITELLM = DATA / "litellm_sample.json"
MODELSDEV = DATA / "modelsdev_sample.json"


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_catalog", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def offerings(slug: str) -> dict[tuple[str, str], Offering]:
    return {
        (o.provider.name, o.region): o
        for o in Offering.objects.filter(model__slug=slug).select_related("provider")
    }


def test_model_keys_join_one_model_and_keep_base_and_instruct_apart():
    instruct = [
        "fireworks_ai/accounts/fireworks/models/llama-v3p2-1b-instruct",
        "meta.llama3-2-1b-instruct-v1:0",
        "us.meta.llama3-2-1b-instruct-v1:0",
        "meta-llama/Llama-3.2-1B-Instruct-Turbo",
        "Meta: Llama 3.2 1B Instruct",
        "@cf/meta/llama-3.2-1b-instruct",
    ]
    assert len({model_key(text) for text in instruct}) == 1
    assert model_key("accounts/fireworks/models/llama-v3p2-1b") != model_key(instruct[0])
    assert model_key("gpt-3.5-turbo") != model_key("gpt-35-turbo-instruct")


def test_guessed_names_are_readable():
    assert guess_name("together_ai/meta-llama/Llama-3.2-1B-Instruct") == "Llama 3.2 1B Instruct"
    assert guess_name("gpt-4o-mini") == "GPT-4o Mini"


def test_litellm_import_one_model_many_providers_exact_prices():
    output = run("litellm", LITELLM)

    instruct = LanguageModel.objects.get(slug="llama-3-2-1b-instruct")
    base = LanguageModel.objects.get(slug="llama-3-2-1b")
    assert instruct.pk != base.pk  # the base model never merges with its instruct variant
    by_provider = offerings("llama-3-2-1b-instruct")
    assert set(by_provider) == {
        ("Fireworks AI", ""), ("AWS Bedrock", ""), ("AWS Bedrock", "us"), ("AWS Bedrock", "eu"),
        ("Together AI", ""), ("Cloudflare Workers AI", ""),
    }
    # Costs per token become exact USD per 1M tokens.
    cloudflare = by_provider[("Cloudflare Workers AI", "")]
    assert (cloudflare.input_price, cloudflare.output_price) == (Decimal("0.027"), Decimal("0.201"))
    assert by_provider[("AWS Bedrock", "eu")].input_price == Decimal("0.13")
    fireworks = by_provider[("Fireworks AI", "")]
    assert fireworks.provider_model_id == "accounts/fireworks/models/llama-v3p2-1b-instruct"
    assert by_provider[("Together AI", "")].source_url == "https://www.together.ai/pricing"
    # Model facts: the value most of a source's entries give (Bedrock's three entries say 128,000).
    assert instruct.context_window == 128000
    assert instruct.function_calling == Support.YES
    assert instruct.structured_outputs == Support.YES
    assert instruct.vision == Support.NO
    # LiteLLM has ids, not names: the model waits for an editor (or a source's name) in the review queue.
    assert not instruct.published
    assert instruct.queue_reasons[0].startswith("name made from an id: ")

    # Skipped non-text entries are counted; bad rows are rejected with their reason; the rest imported.
    assert "1 not a text model (mode: image_generation)" in output
    assert "rejected: 7" in output
    for origin, reason in [
        ("groq/negative-price", "input_cost_per_token is negative"),
        ("groq/nan-price", "input_cost_per_token is not a finite number"),
        ("groq/absurd-price", "input_cost_per_token is absurd: $5000000 per 1M tokens"),
        ("groq/absurd-context", "max_input_tokens is absurd"),
        ("groq/text-price", "input_cost_per_token is not a number"),
        ("groq/not-an-object", "entry is not an object"),
        ("groq/no-provider", "litellm_provider is missing"),
    ]:
        assert f"{origin}: {reason}" in output
    assert not Offering.objects.filter(provider__name="Groq").exists()
    # A field the importer does not read is reported, and does not cost the row.
    assert "fields not read: some_new_field (1)" in output


def test_regional_variants_are_kept_apart_and_the_cheapest_is_used(client):
    run("litellm", LITELLM)
    run("modelsdev", MODELSDEV)  # names it: published
    page = client.get("/models/llama-3-2-1b-instruct/").content.decode()
    assert "AWS Bedrock, EU" in page and "AWS Bedrock, US" in page  # regional rows name their region
    assert "AWS Bedrock" in page
    # Providers, not offerings, are counted: Bedrock's three variants are one provider.
    assert "Where to run it: 4 providers" in page


def test_second_identical_import_changes_nothing_and_history_is_attributed():
    run("litellm", LITELLM)
    run("modelsdev", MODELSDEV)
    offering = Offering.objects.get(model__slug="llama-3-2-1b-instruct", provider__name="Fireworks AI")
    latest = offering.history.latest()
    assert latest.history_user is None
    assert latest.history_change_reason == "Import: LiteLLM model prices (litellm_sample.json)"
    history_before = Offering.history.count() + LanguageModel.history.count()

    assert "No changes." in run("litellm", LITELLM)
    assert "No changes." in run("modelsdev", MODELSDEV)
    assert Offering.history.count() + LanguageModel.history.count() == history_before


def test_dry_run_reports_field_changes_and_writes_nothing():
    run("litellm", LITELLM)
    Offering.objects.filter(provider__name="Fireworks AI", model__slug="llama-3-2-1b-instruct").update(
        input_price=Decimal("0.5")
    )
    history = Offering.history.count()
    output = run("litellm", LITELLM, "--dry-run")
    assert "Dry run, nothing written" in output
    assert "Llama 3.2 1B Instruct at Fireworks AI: input_price: 0.5 -> 0.1" in output
    assert Offering.objects.get(
        provider__name="Fireworks AI", model__slug="llama-3-2-1b-instruct"
    ).input_price == Decimal("0.5")
    assert Offering.history.count() == history

    fresh = run("modelsdev", MODELSDEV, "--dry-run")
    assert "created:" in fresh and "providers" in fresh
    assert not Provider.objects.filter(name="Kilo Gateway").exists()


def test_editor_curated_fields_survive_unless_overwrite_is_asked(editor_client):
    run("litellm", LITELLM)
    offering = Offering.objects.get(model__slug="llama-3-2-1b-instruct", provider__name="Fireworks AI")
    from django.urls import reverse

    from tests.admin_forms import admin_form_data

    url = reverse("admin:catalog_offering_change", args=[offering.pk])
    data = admin_form_data(editor_client.get(url)) | {"input_price": "0.09"}
    assert editor_client.post(url, data).status_code == 302
    offering.refresh_from_db()
    assert offering.curated_fields == ["input_price"]

    output = run("litellm", LITELLM)
    assert "keeps 0.09 (source says 0.1)" in output
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.09")

    run("litellm", LITELLM, "--overwrite-curated")
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.1")


def test_sources_disagree_precedence_and_listing(editor_client):
    run("litellm", LITELLM)
    run("modelsdev", MODELSDEV)
    instruct = LanguageModel.objects.get(slug="llama-3-2-1b-instruct")
    # Model facts: models.dev before LiteLLM; within models.dev the value most entries give.
    assert instruct.knowledge_cutoff == datetime.date(2023, 12, 1)
    assert instruct.open_weights == Support.YES
    # Two models.dev entries say 2024-09-18, one says 2024-09-25: the majority wins, the disagreement is
    # listed.
    assert instruct.release_date == datetime.date(2024, 9, 18)
    disagreeing = SourceFact.objects.disagreeing().filter(model=instruct)
    assert {"release_date", "context_window"} <= set(disagreeing.values_list("field", flat=True))
    # An offering's price: LiteLLM before models.dev (both have Cloudflare Workers AI... and OpenRouter
    # only models.dev).
    openrouter = offerings("llama-3-2-1b-instruct")[("OpenRouter", "")]
    assert (openrouter.input_price, openrouter.output_price) == (Decimal("0.027"), Decimal("0.201"))

    from django.urls import reverse

    listing = editor_client.get(reverse("admin:catalog_sourcefact_changelist") + "?disagree=yes")
    assert listing.status_code == 200
    fields = {f.field for f in listing.context["cl"].result_list}
    assert "release_date" in fields

    # An editor's value comes first: set by hand, later imports keep it.
    instruct.release_date = datetime.date(2024, 9, 25)
    instruct.curated_fields = ["release_date"]
    instruct.save()
    run("modelsdev", MODELSDEV)
    instruct.refresh_from_db()
    assert instruct.release_date == datetime.date(2024, 9, 25)


def test_alias_tables_fix_a_mapping_for_every_later_import():
    meta = make_vendor("Meta")
    instruct = make_model("Llama 3.2 1B Instruct", vendor=meta)
    mine = make_provider("My Fireworks", slug="my-fireworks")
    ProviderAlias.objects.create(source=Source.LITELLM, key="fireworks_ai", provider=mine)
    # Fireworks' base model id, mapped by an editor to the instruct model (as if the source mislabelled it).
    ModelAlias.objects.create(source="", key="accounts/fireworks/models/llama-v3p2-1b", model=instruct)
    run("litellm", LITELLM)
    assert Offering.objects.filter(model=instruct, provider=mine).count() == 1
    assert not Provider.objects.filter(slug="fireworks-ai").exists()
    assert not LanguageModel.objects.filter(slug="llama-3-2-1b").exists()


def test_models_dev_import_carries_facts_and_skips_non_text():
    output = run("modelsdev", MODELSDEV)
    model = LanguageModel.objects.get(slug="llama-3-2-1b-instruct")
    assert model.name == "Llama 3.2 1B Instruct"
    assert model.vendor.name == "Meta"
    assert model.output_modalities == ["text"]
    assert model.function_calling == Support.YES
    assert "1 not a text model (no text output)" in output
    assert "kilo/broken/negative: cost.input is negative" in output
    assert "kilo/broken/bad-date: release_date is not a date ('sometime')" in output
    assert "nonsense: provider has no models object" in output
    # Vercel's id says base, its name says instruct: the name decides, one model.
    assert set(offerings("llama-3-2-1b-instruct")) == {
        ("OpenRouter", ""),
        ("Kilo Gateway", ""),
        ("Vercel AI Gateway", ""),
    }


def test_a_file_that_is_not_json_fails_clearly_and_writes_nothing(tmp_path):
    bad = tmp_path / "prices.json"
    bad.write_text("<html>rate limited</html>")
    with pytest.raises(CommandError, match="prices.json is not JSON .*nothing was imported"):
        run("litellm", bad)
    bad.write_text("[1, 2, 3]")
    with pytest.raises(CommandError, match="a LiteLLM price file is a JSON object"):
        run("litellm", bad)
    with pytest.raises(CommandError, match="Cannot read"):
        run("litellm", tmp_path / "missing.json")
    assert not LanguageModel.objects.exists()


def test_bundled_models_dev_data_is_found():
    from catalog.importers.modelsdev import bundled_data

    data = json.loads(bundled_data())
    assert "openrouter" in data and data["openrouter"]["models"]


def test_progress_is_shown_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    assert tty_progress(io.StringIO()) is None
    screen = Terminal()
    show = tty_progress(screen)
    show(250, 500)
    show(500, 500)
    assert screen.getvalue() == "\r  250/500 entries\r  500/500 entries\n"
