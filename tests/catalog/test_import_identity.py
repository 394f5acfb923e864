"""Import identity (issue 16): one key per model across snapshots, prefixes and id styles; names people
use; what is no model of its own; who makes a model; purposes beyond chat; only stated modalities."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.importers import litellm, modelsdev
from catalog.importers.apply import run_import
from catalog.importers.entries import (
    UNATTRIBUTED,
    guess_name,
    guess_purpose,
    guess_vendor,
    model_key,
    not_a_model,
    split_snapshot,
)
from catalog.models import LanguageModel, Offering, Purpose, Source

DATA = Path(__file__).parent / "data"


def parsed_litellm():
    return litellm.parse(json.loads((DATA / "identity_litellm.json").read_text(), parse_float=Decimal))


def parsed_modelsdev():
    return modelsdev.parse(modelsdev.load((DATA / "identity_modelsdev.json").read_bytes()))


def by_origin(parsed):
    return {e.origin: e for e in parsed.entries}


# Keys ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "group",
    [
        [  # the example: snapshots, Bedrock, Vertex, OpenRouter ids and both word orders
            "claude-3-5-haiku-20241022", "anthropic.claude-3-5-haiku-20241022-v1:0",
            "us.anthropic.claude-3-5-haiku-20241022-v1:0", "vertex_ai/claude-3-5-haiku@20241022",
            "anthropic/claude-3.5-haiku", "Claude 3.5 Haiku", "Claude Haiku 3.5",
            "Anthropic: Claude 3.5 Haiku",
            "claude-3-5-haiku-latest", "Claude Haiku 3.5 (latest)", "anthropic-claude-3.5-haiku",
        ],
        ["DeepSeek-V3", "Deepseek V3", "deepseek-ai/DeepSeek-V3", "deepseek-v3"],
        [  # Llama 3.3 70B was released only as an instruct model: "Instruct" names no second model
            "Llama 3.3 70B", "Llama 3.3 70B Instruct", "groq/llama-3.3-70b-versatile",
            "meta-llama/Llama-3.3-70B-Instruct-Turbo", "us.meta.llama3-3-70b-instruct-v1:0",
            "accounts/fireworks/models/llama-v3p3-70b-instruct", "nvidia/Llama-3.3-70B-Instruct-FP8",
        ],
        [
            "llama3-2-11b-instruct", "Llama 3.2 11B Instruct", "llama-v3p2-11b-instruct",
            "meta.llama3-2-11b-instruct-v1:0",
        ],
        ["gpt-oss:120b", "openai/gpt-oss-120b", "GPT OSS 120B", "gpt-oss-120b"],
        ["gpt-4o-2024-08-06", "gpt-4o", "GPT-4o", "openai.gpt-4o"],
        ["gpt-35-turbo", "gpt-3.5-turbo-0125", "GPT-3.5 Turbo"],
        ["zai-glm-4.6", "zai-org/GLM-4.6", "GLM 4.6", "z-ai/glm-4.6", "Z.AI GLM-4.6"],
        ["mistral-large-2411", "mistral-large-latest", "Mistral Large"],
        ["gemini-2.0-flash-001", "gemini/gemini-2.0-flash", "Gemini 2.0 Flash"],
        ["Cohere Command A (08/2025)", "command-a-08-2025", "Command A"],  # a date in a display name
    ],
)
def test_one_model_has_one_key_across_snapshots_prefixes_and_id_styles(group):
    keys = {text: model_key(text) for text in group}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("qwen3-32b", "qwen-3.2-3b"),  # 3.2 is never 32
        ("model-3.2", "model-32"),
        ("llama-3.2-1b", "llama-3.2-1b-instruct"),  # a base model and its instruct variant: both released
        ("deepseek-v3", "deepseek-v3.2"),
        ("claude-3-5-haiku", "claude-3-5-sonnet"),
        ("gpt-4o", "gpt-4o-mini"),
        ("llama-3-70b", "llama-3.70b"),
    ],
)
def test_different_models_keep_different_keys(one, other):
    assert model_key(one) != model_key(other)


@pytest.mark.parametrize(
    ("text", "rest", "snapshot"),
    [
        ("claude-3-5-haiku-20241022", "claude-3-5-haiku", "2024-10-22"),
        ("claude-3-5-haiku@20241022", "claude-3-5-haiku", "2024-10-22"),
        ("gpt-4o-2024-08-06", "gpt-4o", "2024-08-06"),
        ("mistral-large-2411", "mistral-large", "2024-11"),
        ("qwen3-235b-a22b-instruct-2507", "qwen3-235b-a22b-instruct", "2025-07"),
        ("gpt-4-0613", "gpt-4", "0613"),
        ("command-r-08-2024", "command-r", "2024-08"),
        ("doubao-seed-2-0-lite-260428", "doubao-seed-2-0-lite", "2026-04-28"),
        ("gemini-1.5-pro-002", "gemini-1.5-pro", "002"),
        ("llama-3.3-70b", "llama-3.3-70b", ""),
        ("gemma-2-9b-it-8192", "gemma-2-9b-it-8192", ""),  # 8192 is no date
    ],
)
def test_dated_snapshots_are_split_off_the_id(text, rest, snapshot):
    assert split_snapshot(text) == (rest, snapshot)


# Names --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("model_id", "name"),
    [
        ("claude-3-5-haiku-20241022", "Claude 3.5 Haiku (2024-10-22)"),
        ("llama3-2-11b-instruct", "Llama 3.2 11B Instruct"),
        ("us.meta.llama3-2-11b-instruct-v1:0", "Llama 3.2 11B Instruct"),
        ("gpt-oss:120b-cloud", "GPT-OSS 120B Cloud"),
        ("codestral-2@001", "Codestral 2 (001)"),
        ("doubao-seed-2-0-lite-260428", "Doubao Seed 2.0 Lite (2026-04-28)"),
        ("accounts/fireworks/models/qwen2p5-72b-instruct", "Qwen2.5 72B Instruct"),
        ("gpt-4o-mini", "GPT-4o Mini"),
        ("glm-4.6", "GLM-4.6"),
        ("deepseek-v3", "DeepSeek V3"),
    ],
)
def test_names_made_from_ids_restore_dots_and_dates(model_id, name):
    assert guess_name(model_id) == name


def test_litellm_names_are_marked_as_made_from_ids_and_models_dev_names_are_not():
    entries = by_origin(parsed_litellm())
    assert all(e.name_from_id for e in entries.values())
    assert entries["claude-3-5-haiku-20241022"].snapshot == "2024-10-22"
    named = by_origin(parsed_modelsdev())
    haiku = named["anthropic/claude-3-5-haiku-20241022"]
    assert (haiku.name, haiku.name_from_id) == ("Claude Haiku 3.5", False)
    assert named["anthropic/claude-3-5-haiku-latest"].name == "Claude Haiku 3.5"  # "(latest)" is no name
    assert named["kilo/arcee-ai/coder-large"].name == "Coder Large"  # the vendor before the name goes
    # A provider whose "name" is the id: a name made from an id, rewritten by the rule.
    copied = named["302ai/claude-3-5-haiku-20241022"]
    assert (copied.name, copied.name_from_id) == ("Claude 3.5 Haiku (2024-10-22)", True)
    # All of them are one model.
    assert len({e.key for e in [haiku, copied, named["anthropic/claude-3-5-haiku-latest"]]}) == 1


# Not models of their own ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("model_id", "reason"),
    [
        ("ft:babbage-002", "fine-tune (not a model of its own)"),
        ("ft:gpt-4o-mini-2024-07-18", "fine-tune (not a model of its own)"),
        ("openrouter/auto", "router (picks a model per request)"),
        ("accounts/fireworks/routers/auto", "router (picks a model per request)"),
        ("model_router", "router (picks a model per request)"),
        ("chat-latest", "alias of no fixed model"),
        ("together-ai-21.1b-41b", "price band (by model size), not a model"),
        ("claude-3-5-haiku-latest", ""),  # an alias of a model: the model's key, not skipped
        ("gpt-4o", ""),
    ],
)
def test_fine_tunes_routers_and_floating_aliases_are_no_models(model_id, reason):
    assert not_a_model(model_id) == reason


def test_skipped_entries_are_counted_with_their_reason():
    parsed = parsed_litellm()
    assert parsed.skipped["fine-tune (not a model of its own)"] == 1
    assert parsed.skipped["router (picks a model per request)"] == 1
    assert parsed.skipped["alias of no fixed model"] == 1
    assert parsed.skipped["priced per query, not per token"] == 1  # Cohere's rerank: $2 per 1,000 searches
    assert parsed.skipped["priced per second, not per token"] == 1  # Pegasus reads video by the second
    assert parsed.skipped["not a text model (mode: image_generation)"] == 1
    origins = set(by_origin(parsed))
    assert not origins & {"ft:babbage-002", "twelvelabs.pegasus-1-2-v1:0", "cohere/rerank-english-v3.0"}
    # An entry with token prices keeps them even when it also has a per-second audio rate.
    assert "gemini/gemini-2.0-flash-001" in origins
    assert not parsed.rejected  # an embedding's "max_output_tokens": 0 is no absurd limit
    assert parsed_modelsdev().skipped["router (picks a model per request)"] == 1


# Vendors ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("model_id", "name", "provider", "vendor"),
    [
        ("zai-org/GLM-4.6", "GLM 4.6", "togetherai", ("z-ai", "Z.ai")),
        ("kimi-k2-0905-preview", "Kimi K2 0905", "moonshotai", ("moonshot-ai", "Moonshot AI")),
        ("MiniMaxAI/MiniMax-M2", "MiniMax M2", "", ("minimax", "MiniMax")),
        ("Qwen/Qwen3-235B-A22B", "Qwen3 235B A22B", "", ("alibaba", "Alibaba")),
        ("nvidia/llama-3.1-nemotron-70b-instruct", "", "", ("nvidia", "NVIDIA")),  # NVIDIA's fine-tune
        ("databricks-claude-sonnet-4", "", "databricks", ("anthropic", "Anthropic")),
        ("inclusionai/ling-3.0-flash", "", "novita", ("inclusionai", "inclusionAI")),
        ("cohere.embed-english-v3", "", "bedrock", ("cohere", "Cohere")),
        ("arcee-ai/coder-large", "Arcee AI: Coder Large", "kilo", ("arcee-ai", "Arcee AI")),
        ("thedrummer/rocinante-12b", "TheDrummer: Rocinante 12B", "kilo", ("thedrummer", "TheDrummer")),
        ("mystery-model-7b", "Perceptron: Mk1", "", ("perceptron", "Perceptron")),
        ("text-embedding-3-small", "", "azure", ("openai", "OpenAI")),  # a family written in two words
        ("accounts/fireworks/models/code-llama-13b-instruct", "", "fireworks_ai", ("meta", "Meta")),
        ("sonic-1", "", "inception", ("inception", "Inception")),  # the provider is the lab
        ("sonic-1", "", "deepinfra", UNATTRIBUTED),  # a host is not the maker
        ("shisa-v2-llama3.3-70b", "", "", UNATTRIBUTED),  # a fine-tune of Llama is not Meta's
    ],
)
def test_vendors_from_families_lab_prefixes_source_names_and_lab_providers(model_id, name, provider, vendor):
    assert guess_vendor(model_id, name, provider) == vendor


def test_entries_carry_their_vendor():
    named = by_origin(parsed_modelsdev())
    assert named["kilo/thedrummer/rocinante-12b"].vendor == ("thedrummer", "TheDrummer")
    assert named["togetherai/zai-org/GLM-4.6"].vendor == ("z-ai", "Z.ai")
    assert by_origin(parsed_litellm())["bedrock/zai.glm-4.6"].vendor == ("z-ai", "Z.ai")


# Purposes and modalities -------------------------------------------------------------------------

def test_embeddings_rerankers_and_moderation_get_their_purpose_from_both_sources():
    entries = by_origin(parsed_litellm())
    assert entries["text-embedding-3-small"].purpose == Purpose.EMBEDDING
    assert entries["jina-reranker-v2-base-multilingual"].purpose == Purpose.RERANKER
    assert entries["omni-moderation-latest"].purpose == Purpose.SAFETY_CLASSIFIER
    assert entries["claude-3-5-haiku-20241022"].purpose == Purpose.CHAT
    named = by_origin(parsed_modelsdev())
    assert named["togetherai/BAAI/bge-reranker-v2-m3"].purpose == Purpose.RERANKER
    assert named["togetherai/meta-llama/Llama-Guard-4-12B"].purpose == Purpose.SAFETY_CLASSIFIER
    assert named["togetherai/intfloat/multilingual-e5-large-instruct"].purpose == Purpose.EMBEDDING
    assert guess_purpose("shieldgemma-2b") == Purpose.SAFETY_CLASSIFIER
    assert guess_purpose("qwen3-coder-480b") == Purpose.CODE


def test_modalities_are_recorded_only_when_a_source_states_them():
    entries = by_origin(parsed_litellm())
    assert "input_modalities" not in entries["groq/llama-3.3-70b-versatile"].model_facts
    assert "input_modalities" not in entries["gemini/gemini-2.0-flash-001"].model_facts  # vision: false only
    assert entries["gemini/gemini-2.0-flash-001"].model_facts["vision"] == "no"
    assert entries["claude-3-5-haiku-20241022"].model_facts["input_modalities"] == ["text", "image"]
    haiku = by_origin(parsed_modelsdev())["anthropic/claude-3-5-haiku-20241022"]
    assert haiku.model_facts["input_modalities"] == ["text", "image"]


# Through the import ---------------------------------------------------------------------------------

@pytest.mark.django_db
def test_both_sources_land_one_claude_haiku_with_every_provider(client):
    run_import(parsed_litellm(), Source.LITELLM, "identity fixture")
    run_import(parsed_modelsdev(), Source.MODELSDEV, "identity fixture")
    haikus = LanguageModel.objects.filter(name__icontains="haiku")
    assert haikus.count() == 1
    providers = set(Offering.objects.filter(model=haikus.get()).values_list("provider__name", flat=True))
    assert {"Anthropic", "AWS Bedrock", "Google Vertex AI"} <= providers
    llamas = LanguageModel.objects.filter(name__icontains="llama 3.3")
    assert llamas.count() == 1
    assert Offering.objects.filter(model=llamas.get()).count() == 2  # Groq and Together AI
    assert not LanguageModel.objects.filter(name__icontains="babbage").exists()
    assert not LanguageModel.objects.filter(name__icontains="pegasus").exists()
