"""LiteLLM's model_prices_and_context_window.json:
{"<provider>/<model id>": {costs per token, limits, flags}}.

LiteLLM has ids, not names: every entry's name is made from its id (`Entry.name_from_id`). Flags it
leaves out stay unknown: a missing `supports_vision` is no "text only".
"""

import re
from decimal import Decimal

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
    guess_vendor,
    http_url,
    not_a_model,
    price_per_million,
    split_region,
    split_snapshot,
    token_count,
)
from .families import PURPOSE_BY_MODE
from .tiers import LITELLM_FIELDS, is_litellm_tier_field, litellm_rates

SOURCE_URL = "https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json"
# Entries of these modes are text generation; embeddings, rerankers and moderation get their purpose
# (families.PURPOSE_BY_MODE); everything else (images, audio, video, search, OCR...) is skipped.
TEXT_MODES = {"chat", "completion", "responses"}
# Rates per something other than a token: an entry priced only so is never shown with token prices.
_UNIT_RATE = re.compile(
    r"^(input_|output_)?cost_per_(video_per_second|audio_per_second|second|image|character|query|pixel|page)"
)
_UNITS = {
    "video_per_second": "second", "audio_per_second": "second", "second": "second", "image": "image",
    "character": "character", "query": "query", "pixel": "image", "page": "page",
}
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
    if mode not in TEXT_MODES and mode not in PURPOSE_BY_MODE:
        parsed.skipped[f"not a text model (mode: {mode or 'none'})"] += 1
        return None
    provider = row.get("litellm_provider")
    if not isinstance(provider, str) or not provider.strip():
        raise RowError("litellm_provider is missing")
    model_id = key[len(provider) + 1:] if key.startswith(f"{provider}/") else key
    if reason := not_a_model(model_id):
        parsed.skipped[reason] += 1
        return None
    if unit := _priced_per_unit(row):
        parsed.skipped[f"priced per {unit}, not per token"] += 1
        return None
    for name in row.keys() - READ_FIELDS - LITELLM_FIELDS:
        if not is_litellm_tier_field(name):
            parsed.ignored_fields[name] += 1
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
    if row.get("max_input_tokens") not in (None, 0):  # 0: not stated (embedding entries)
        window = token_count(row["max_input_tokens"], "max_input_tokens")
        offering["context_window"] = facts["context_window"] = window
    if row.get("max_output_tokens") not in (None, 0):
        facts["max_output_tokens"] = token_count(row["max_output_tokens"], "max_output_tokens")
    for field, target in CAPABILITIES.items():
        if row.get(field) is not None:
            facts[target] = flag(row[field], field)
    # LiteLLM never lists a model's inputs: only a flag that says yes states one (with text, which every
    # entry of these modes reads); with none, the inputs stay unknown, never "text only".
    inputs = ["text"]
    modalities = (
        ("supports_vision", "image"), ("supports_audio_input", "audio"), ("supports_video_input", "video"),
        ("supports_pdf_input", "pdf"),
    )
    for field, modality in modalities:
        if row.get(field) is True:
            inputs.append(modality)
    if len(inputs) > 1:
        facts["input_modalities"] = inputs
    provider, model_id, _ = free_variant(provider, model_id, "")
    _, snapshot = split_snapshot(model_id.lower())
    name = guess_name(model_id)
    return Entry(
        source=Source.LITELLM, origin=key, provider_key=provider, provider_name="", model_id=model_id,
        name=name, region=region, purpose=guess_purpose(model_id, mode or ""),
        model_facts=facts, offering_facts=offering, name_from_id=True, snapshot=snapshot,
        vendor=guess_vendor(model_id, name, provider),
    )


def _priced_per_unit(row: dict) -> str:
    """The unit ("second", "image", "query"...) of an entry priced by something other than tokens and not
    by input tokens too; "" when its prices are per token (or it has none)."""
    units = [
        _UNITS[m[2]] for field, value in row.items()
        if (m := _UNIT_RATE.match(field)) and isinstance(value, (int, float, Decimal))
        and not isinstance(value, bool) and value > 0
    ]
    per_token = row.get("input_cost_per_token")
    if not units or (isinstance(per_token, (int, float, Decimal)) and not isinstance(per_token, bool)
                     and per_token > 0):
        return ""
    return units[0]
