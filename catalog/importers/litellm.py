"""LiteLLM's model_prices_and_context_window.json:
{"<provider>/<model id>": {costs per token, limits, flags}}."""

from ..models import Source
from .entries import (
    Entry,
    Parsed,
    RowError,
    day,
    flag,
    free_variant,
    guess_name,
    guess_purpose,
    http_url,
    price_per_million,
    split_region,
    token_count,
)
from .tiers import LITELLM_FIELDS, is_litellm_tier_field, litellm_rates

SOURCE_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
# Entries of these modes are text generation; everything else (images, audio, embeddings, rerank...) is
# skipped.
TEXT_MODES = {"chat", "completion", "responses"}
READ_FIELDS = {
    "litellm_provider", "mode", "input_cost_per_token", "output_cost_per_token",
    "cache_read_input_token_cost", "max_input_tokens", "max_output_tokens", "max_tokens",
    "supports_function_calling", "supports_tool_choice", "supports_vision", "supports_response_schema",
    "supports_reasoning", "supports_pdf_input", "supports_audio_input", "source", "deprecation_date",
    "deprecation_source",
}
CAPABILITIES = {
    "supports_function_calling": "function_calling",
    "supports_tool_choice": "tool_use",
    "supports_vision": "vision",
    "supports_response_schema": "structured_outputs",
    "supports_reasoning": "reasoning",
}


def parse(data) -> Parsed:
    parsed = Parsed()
    if not isinstance(data, dict):
        raise ValueError("a LiteLLM price file is a JSON object of model entries")
    for key, row in data.items():
        if key == "sample_spec":  # the file's own documentation of its fields
            continue
        try:
            entry = _entry(key, row, parsed)
        except RowError as exc:
            parsed.rejected.append((key, str(exc)))
            continue
        if entry is not None:
            parsed.entries.append(entry)
    return parsed


def _entry(key: str, row, parsed: Parsed) -> Entry | None:
    if not isinstance(row, dict):
        raise RowError("entry is not an object")
    mode = row.get("mode")
    if mode not in TEXT_MODES:
        parsed.skipped[f"not a text model (mode: {mode or 'none'})"] += 1
        return None
    provider = row.get("litellm_provider")
    if not isinstance(provider, str) or not provider.strip():
        raise RowError("litellm_provider is missing")
    for name in row.keys() - READ_FIELDS - LITELLM_FIELDS:
        if not is_litellm_tier_field(name):
            parsed.ignored_fields[name] += 1
    model_id = key[len(provider) + 1:] if key.startswith(f"{provider}/") else key
    region, _ = split_region(model_id)
    offering: dict[str, object] = {
        "provider_model_id": model_id[:200], "source_url": http_url(row.get("source")) or SOURCE_URL,
    }
    for field, target in (("input_cost_per_token", "input_price"), ("output_cost_per_token", "output_price"),
                          ("cache_read_input_token_cost", "cached_input_price")):
        if row.get(field) is not None:
            offering[target] = price_per_million(row[field], field, per_token=True, parsed=parsed)
    litellm_rates(row, offering, parsed)
    if row.get("deprecation_date") is not None:
        # The provider's retirement date: from that day the offering is listed as retired.
        offering["retires_on"] = day(row["deprecation_date"], "deprecation_date")
        offering["retirement_source"] = http_url(row.get("deprecation_source"))
    facts: dict[str, object] = {}
    if row.get("max_input_tokens") is not None:
        window = token_count(row["max_input_tokens"], "max_input_tokens")
        offering["context_window"] = facts["context_window"] = window
    if row.get("max_output_tokens") is not None:
        facts["max_output_tokens"] = token_count(row["max_output_tokens"], "max_output_tokens")
    for field, target in CAPABILITIES.items():
        if row.get(field) is not None:
            facts[target] = flag(row[field], field)
    inputs = ["text"]
    modalities = (
        ("supports_vision", "image"), ("supports_audio_input", "audio"), ("supports_pdf_input", "pdf"),
    )
    for field, modality in modalities:
        if row.get(field) is True:
            inputs.append(modality)
    facts["input_modalities"] = inputs
    provider, model_id, _ = free_variant(provider, model_id, "")
    return Entry(
        source=Source.LITELLM, origin=key, provider_key=provider, provider_name="", model_id=model_id,
        name=guess_name(model_id), region=region, purpose=guess_purpose(model_id),
        model_facts=facts, offering_facts=offering,
    )
