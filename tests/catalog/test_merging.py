"""Merging one model, vendor or provider into another (catalog/merging.py): everything the merged row held
moves onto the one that stays, nothing an editor saved is lost, both histories say so, imports land on the
row that stays, and the old URLs answer 301."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from catalog.importers.apply import run_import
from catalog.importers.entries import Entry, Parsed
from catalog.merging import MergeRefused, merge_models, merge_providers, merge_vendors
from catalog.models import (
    FormerSlug,
    LanguageModel,
    ModelAlias,
    Offering,
    PairNote,
    PairQuestion,
    Provider,
    ProviderAlias,
    Source,
    SourceFact,
    Support,
    Vendor,
    VendorAlias,
)
from tests.factories import make_benchmark, make_model, make_offering, make_provider, make_score, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return User.objects.create_user("edna", password="x" * 12)


def reasons(obj) -> list[str]:
    return list(type(obj).history.filter(id=obj.pk).values_list("history_change_reason", flat=True))


def test_offerings_move_and_a_clash_keeps_the_targets_values_and_fills_its_gaps(editor):
    vercel, groq, deepinfra = make_provider("Vercel"), make_provider("Groq"), make_provider("DeepInfra")
    target = make_model("Llama 3.3 70B Instruct")
    merged = make_model("Llama 3.3 70B")
    make_offering(target, vercel, input_price="0.72", output_price="0.72", cached_input_price=None)
    make_offering(merged, vercel, input_price="0", output_price="0", cached_input_price=Decimal("0.1"),
                  provider_model_id="meta/llama-3.3-70b")
    moved = make_offering(merged, groq, input_price="0.59", output_price="0.79")
    make_offering(merged, deepinfra, input_price="0.23", output_price="0.40", region="eu")

    merge_models(merged, target, user=editor)

    assert not LanguageModel.objects.filter(pk=merged.pk).exists()
    at_vercel = Offering.objects.get(model=target, provider=vercel)
    # The target's price stays ($0.72, not the other page's $0.00); its empty fields take the other's values.
    assert (at_vercel.input_price, at_vercel.output_price) == (Decimal("0.72"), Decimal("0.72"))
    assert at_vercel.cached_input_price == Decimal("0.1")
    assert at_vercel.provider_model_id == "meta/llama-3.3-70b"
    assert Offering.objects.get(pk=moved.pk).model == target
    assert Offering.objects.get(model=target, provider=deepinfra).region == "eu"
    assert target.offerings.count() == 3


def test_an_editors_value_on_the_merged_offering_wins_over_an_imported_one(editor):
    provider = make_provider("Fireworks AI")
    target, merged = make_model("Target"), make_model("Merged")
    make_offering(target, provider, input_price="0.90")
    make_offering(merged, provider, input_price="0.20", curated_fields=["input_price"])

    merge_models(merged, target, user=editor)

    kept = Offering.objects.get(model=target, provider=provider)
    assert kept.input_price == Decimal("0.20")
    assert "input_price" in kept.curated_fields


def test_when_both_editors_set_a_value_the_targets_stays_and_the_message_names_the_other(editor):
    provider = make_provider("Fireworks AI")
    target, merged = make_model("Target"), make_model("Merged")
    make_offering(target, provider, input_price="0.90", curated_fields=["input_price"])
    make_offering(merged, provider, input_price="0.20", curated_fields=["input_price"])

    messages = merge_models(merged, target, user=editor)

    assert Offering.objects.get(model=target, provider=provider).input_price == Decimal("0.90")
    assert any("input $/1M tokens" in m and "0.2" in m and "Fireworks AI" in m for m in messages), messages


def test_scores_move_and_a_clash_on_benchmark_and_settings_keeps_the_targets(editor):
    mmlu, gpqa = make_benchmark("MMLU"), make_benchmark("GPQA")
    target, merged = make_model("Target"), make_model("Merged")
    make_score(target, mmlu, score=Decimal("80"), settings="5-shot")
    make_score(merged, mmlu, score=Decimal("79"), settings="5-shot", source_url="https://example.org/card")
    make_score(merged, mmlu, score=Decimal("70"), settings="0-shot")
    make_score(merged, gpqa, score=Decimal("40"))

    messages = merge_models(merged, target, user=editor)

    scores = {(s.benchmark.name, s.settings): s for s in target.scores.all()}
    assert set(scores) == {("MMLU", "5-shot"), ("MMLU", "0-shot"), ("GPQA", "")}
    assert scores[("MMLU", "5-shot")].score == Decimal("80")
    assert scores[("MMLU", "5-shot")].source_url == "https://example.org/card"
    assert any("MMLU (5-shot)" in m and "79" in m for m in messages), messages


def test_model_facts_the_target_lacks_come_from_the_merged_model(editor):
    target = make_model("Target", context_window=None, vision=Support.UNKNOWN, description="Ours.")
    merged = make_model("Merged", context_window=128000, vision=Support.YES, description="Theirs.")

    merge_models(merged, target, user=editor)

    target.refresh_from_db()
    assert (target.context_window, target.vision, target.description) == (128000, Support.YES, "Ours.")


def test_pair_notes_move_to_the_target_and_one_that_would_compare_it_with_itself_is_dropped(editor):
    target, merged, other, third = (make_model(n) for n in ("Target", "Merged", "Other", "Third"))

    def note(a, b, intro):
        low, high = sorted([a, b], key=lambda m: m.pk)
        return PairNote.objects.create(model_a=low, model_b=high, intro=intro)

    moved = note(merged, other, "Merged against Other.")
    note(merged, target, "Would compare Target with itself.")
    kept = note(target, third, "")
    clash = note(merged, third, "Third intro.")
    PairQuestion.objects.create(note=clash, question="Which is faster?", answer="Third.")

    messages = merge_models(merged, target, user=editor)

    moved.refresh_from_db()
    assert {moved.model_a_id, moved.model_b_id} == {target.pk, other.pk}
    assert moved.model_a_id < moved.model_b_id
    kept.refresh_from_db()
    assert kept.intro == "Third intro."
    assert [q.question for q in kept.questions.all()] == ["Which is faster?"]
    assert PairNote.objects.count() == 2
    assert any("with itself" in m for m in messages), messages


def test_aliases_source_facts_and_former_slugs_move_and_the_old_slug_redirects(editor, client):
    target = make_model("DeepSeek V3", slug="deepseek-v3")
    merged = make_model("Deepseek V3", slug="deepseek-v3-2")
    FormerSlug.objects.create(model=merged, slug="deepseek-v3-old")
    ModelAlias.objects.create(key="deepseek/deepseek-chat", model=merged)
    SourceFact.objects.create(subject=f"model:{merged.pk}", model=merged, field="context_window",
                              source=Source.LITELLM, origin="deepseek/deepseek-v3", value="128000")

    merge_models(merged, target, user=editor)

    assert ModelAlias.objects.get(key="deepseek/deepseek-chat").model == target
    # Imports land on the target: the merged model's name, slug and the entries that made it are aliases.
    assert ModelAlias.objects.get(source="", key="Deepseek V3").model == target
    assert ModelAlias.objects.get(source="", key="deepseek-v3-2").model == target
    assert ModelAlias.objects.get(source=Source.LITELLM, key="deepseek/deepseek-v3").model == target
    fact = SourceFact.objects.get(origin="deepseek/deepseek-v3")
    assert (fact.model, fact.subject) == (target, f"model:{target.pk}")
    assert set(target.former_slugs.values_list("slug", flat=True)) == {"deepseek-v3-2", "deepseek-v3-old"}

    response = client.get("/models/deepseek-v3-2/")
    assert response.status_code == 301 and response["Location"] == "/models/deepseek-v3/"
    other = make_model("GPT-4o", slug="gpt-4o")
    response = client.get(f"/compare/deepseek-v3-2-vs-{other.slug}/")
    assert response.status_code == 301
    assert response["Location"] == "/compare/deepseek-v3-vs-gpt-4o/"


def test_both_histories_record_the_merge_with_the_editor(editor):
    target, merged = make_model("Target"), make_model("Merged")
    merged_pk = merged.pk

    merge_models(merged, target, user=editor)

    latest = target.history.first()
    assert latest.history_change_reason == "Merged Merged into Target"
    assert latest.history_user == editor
    deleted = LanguageModel.history.filter(id=merged_pk).first()
    assert deleted.history_type == "-"
    assert deleted.history_change_reason == "Merged Merged into Target"


def test_a_later_import_of_the_merged_models_entry_lands_on_the_target(editor):
    provider = make_provider("Groq", slug="groq")
    target = make_model("Llama 3.3 70B Instruct", slug="llama-3-3-70b-instruct")
    merged = make_model("Llama 3.3 70B Versatile", slug="llama-3-3-70b-versatile")
    make_offering(merged, provider, input_price="0.59", output_price="0.79")
    merge_models(merged, target, user=editor)

    entry = Entry(
        source=Source.LITELLM, origin="groq/llama-3.3-70b-versatile", provider_key="groq", provider_name="",
        model_id="llama-3.3-70b-versatile", name="Llama 3.3 70B Versatile",
        offering_facts={"input_price": Decimal("0.59"), "output_price": Decimal("0.79")},
    )
    run_import(Parsed(entries=[entry]), Source.LITELLM, "test")

    assert not LanguageModel.objects.filter(name="Llama 3.3 70B Versatile").exists()
    assert Offering.objects.get(provider=provider).model == target


def test_merging_a_model_into_itself_is_refused():
    model = make_model("Solo")
    with pytest.raises(MergeRefused):
        merge_models(model, model)


def test_vendor_merge_moves_models_adds_aliases_and_the_old_page_redirects(editor, client):
    target = make_vendor("Weights & Biases", slug="weights-biases")
    merged = make_vendor("Wandb", slug="wandb")
    model = make_model("Thing", vendor=merged)
    same_name_target = make_model("Llama", vendor=target, slug="llama-wb")
    same_name_merged = make_model("Llama", vendor=merged, slug="llama-wandb")
    VendorAlias.objects.create(key="W&B", vendor=merged)
    merged_pk = merged.pk

    messages = merge_vendors(merged, target, user=editor)

    assert not Vendor.objects.filter(pk=merged_pk).exists()
    model.refresh_from_db()
    assert model.vendor == target
    assert model.history.first().history_change_reason == "Merged vendor Wandb into Weights & Biases"
    # Two models of one name under one vendor are one model: merged too.
    assert not LanguageModel.objects.filter(pk=same_name_merged.pk).exists()
    assert FormerSlug.objects.get(slug="llama-wandb").model == same_name_target
    assert any("Llama" in m for m in messages), messages
    # The old name and slug ("Wandb", "wandb": one key, letters and digits) and the moved alias.
    assert set(VendorAlias.objects.filter(vendor=target).values_list("key", flat=True)) == {"W&B", "Wandb"}
    assert target.history.first().history_change_reason == "Merged vendor Wandb into Weights & Biases"

    response = client.get("/vendors/wandb/")
    assert response.status_code == 301 and response["Location"] == "/vendors/weights-biases/"
    assert client.get("/vendors/no-such-vendor/").status_code == 404


def test_the_placeholder_vendor_is_never_merged():
    placeholder = make_vendor("Unattributed (needs an editor)", slug="unattributed")
    real = make_vendor("Meta")
    for merged, target in ((placeholder, real), (real, placeholder)):
        with pytest.raises(MergeRefused):
            merge_vendors(merged, target)


def test_provider_merge_moves_offerings_adds_aliases_and_the_old_page_redirects(editor, client):
    target = make_provider("FriendliAI", slug="friendliai")
    merged = make_provider("Friendli", slug="friendli")
    ProviderAlias.objects.create(source=Source.MODELSDEV, key="friendli", provider=merged)
    only_merged, both = make_model("Only Merged"), make_model("Both")
    moved = make_offering(only_merged, merged, input_price="0.1")
    make_offering(both, target, input_price="0.3", output_price=None)
    make_offering(both, merged, input_price="0.2", output_price="0.4")
    merged_pk = merged.pk

    merge_providers(merged, target, user=editor)

    assert not Provider.objects.filter(pk=merged_pk).exists()
    assert Offering.objects.get(pk=moved.pk).provider == target
    kept = Offering.objects.get(model=both, provider=target)
    assert (kept.input_price, kept.output_price) == (Decimal("0.3"), Decimal("0.4"))
    assert ProviderAlias.objects.get(source=Source.MODELSDEV, key="friendli").provider == target
    assert set(ProviderAlias.objects.filter(source="").values_list("key", flat=True)) == {
        "friendli", "Friendli"
    }
    assert target.history.first().history_change_reason == "Merged provider Friendli into FriendliAI"
    deleted = Provider.history.filter(id=merged_pk).first()
    assert deleted.history_type == "-" and deleted.history_user == editor

    response = client.get("/providers/friendli/")
    assert response.status_code == 301 and response["Location"] == "/providers/friendliai/"
    assert client.get("/providers/nobody/").status_code == 404


def test_a_merge_that_fails_half_way_changes_nothing(editor, monkeypatch):
    provider = make_provider("Groq")
    target, merged = make_model("Target"), make_model("Merged")
    make_offering(merged, provider)
    import catalog.merging

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(catalog.merging, "_add_model_aliases", boom)
    with pytest.raises(RuntimeError):
        merge_models(merged, target, user=editor)
    assert LanguageModel.objects.filter(pk=merged.pk).exists()
    assert Offering.objects.get(provider=provider).model == merged
