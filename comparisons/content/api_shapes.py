"""The JSON API's shapes, built from the facts pages use (no request, no SQL).

Two shapes that existing tools already read, and one key of our own:
- OpenRouter's (`/api/v1/models`, `/api/v1/models/<vendor>/<slug>/endpoints`): prices are USD per token as
  decimal strings, the stored per-1M Decimal shifted six places exactly (never through a float); a
  request fee is USD per request, as stored.
- models.dev's (`/api/v1/api.json`): providers -> models, `cost` in USD per 1M tokens as JSON numbers. It
  is written so that `manage.py import_catalog modelsdev` reads back what the catalog holds
  (catalog/importers/modelsdev.py is the reader it must match).
- `versus`: Versus's own facts (provenance, review and price dates, kinds, retirement, disagreements), one
  namespaced key per object so that strict parsers of either shape ignore it.

A value not yet sourced is null, never 0; a source's $0 at a pay-as-you-go provider that no editor
confirmed is not a price either (OfferingFacts.is_priced) and is null too.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.models import Support

from .facts import ModelFacts, OfferingFacts

MILLION_PLACES = 6  # catalog prices are per 1M tokens: a per-token price is the same digits, 6 places on

# OpenRouter's pricing keys -> OfferingFacts fields (per 1M tokens in the catalog).
PER_TOKEN_PRICES = {
    "prompt": "input_price",
    "completion": "output_price",
    "input_cache_read": "cached_input_price",
    "input_cache_write": "cache_write_price",
    "input_cache_write_1h": "cache_write_1h_price",
    "internal_reasoning": "reasoning_output_price",
}
REQUEST_PRICE = "request_price"  # USD per request in the catalog and in OpenRouter's shape
# models.dev's cost keys -> OfferingFacts fields (per 1M tokens in both).
MODELSDEV_COST = {
    "input": "input_price",
    "output": "output_price",
    "cache_read": "cached_input_price",
    "cache_write": "cache_write_price",
    "reasoning": "reasoning_output_price",
}
# models.dev's capability flags -> our tri-state fields (unknown: null).
MODELSDEV_FLAGS = {
    "reasoning": "reasoning",
    "tool_call": "function_calling",
    "structured_output": "structured_outputs",
}
MODALITY_ORDER = ("text", "image", "audio", "video", "pdf")


@dataclass(frozen=True)
class Disagreement:
    """Sources that give different values for one fact (SourceFact.objects.disagreeing())."""

    field: str
    values: tuple[tuple[str, str, str], ...]  # (source, entry, value)

    def as_json(self) -> dict:
        return {
            "field": self.field,
            "values": [{"source": s, "entry": o, "value": v} for s, o, v in self.values],
        }


@dataclass(frozen=True)
class ApiModel:
    """One published model as the API shows it: its facts, every offering (live or not) and the facts
    on which sources disagree (keyed by offering: (provider slug, region); the model's own: None)."""

    facts: ModelFacts
    offerings: tuple[OfferingFacts, ...]
    created: datetime.datetime
    page_url: str
    disagreements: dict = field(default_factory=dict)
    # Dated prices of each offering, oldest first, keyed by (provider slug, region): (field, old, new,
    # effective_on, source), prices per 1M tokens (None: not sourced). Only the endpoints response has them.
    history: dict = field(default_factory=dict)


# Values --------------------------------------------------------------------------------------------


def per_token(price: Decimal | None) -> str | None:
    """USD per 1M tokens -> USD per token, exactly: "2.500000" -> "0.0000025"."""
    if price is None:
        return None
    return _plain(price.scaleb(-MILLION_PLACES))


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "0E-6") else text


def day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def tri_state(value: str) -> bool | None:
    return {Support.YES: True, Support.NO: False}.get(value)


def sourced(o: OfferingFacts, name: str) -> Decimal | None:
    """A price as the API states it: None when not yet sourced, or when it is an unconfirmed $0."""
    value = getattr(o, name)
    if value is not None and value == 0 and o.is_unconfirmed_zero:
        return None
    return value


def cheapest(offerings: Iterable[OfferingFacts]) -> OfferingFacts | None:
    """The model's price (DESIGN section 2): its cheapest eligible offering by blended price."""
    eligible = [o for o in offerings if o.is_eligible]
    return min(eligible, key=lambda o: (o.blended(), o.provider_name, o.region), default=None)


def status(o: OfferingFacts) -> str:
    return "live" if o.is_live else "retired"


# OpenRouter's shape -----------------------------------------------------------------------------------


def openrouter_pricing(o: OfferingFacts | None) -> dict:
    prices = {key: per_token(sourced(o, name)) if o else None for key, name in PER_TOKEN_PRICES.items()}
    fee = sourced(o, REQUEST_PRICE) if o else None
    return prices | {"request": None if fee is None else _plain(fee)}


def modality(m: ModelFacts) -> str | None:
    if not m.input_modalities or not m.output_modalities:
        return None
    return f"{'+'.join(m.input_modalities)}->{'+'.join(m.output_modalities)}"


def architecture(m: ModelFacts) -> dict:
    return {
        "modality": modality(m),
        # Not yet sourced is null, not an empty list (an empty list would say "none").
        "input_modalities": list(m.input_modalities) or None,
        "output_modalities": list(m.output_modalities) or None,
        "tokenizer": None,
        "instruct_type": None,
    }


def model_id(m: ModelFacts) -> str:
    return f"{m.vendor_slug}/{m.slug}"


def offering_versus(o: OfferingFacts, disagreements: dict) -> dict:
    return {
        "provider_slug": o.provider_slug,
        "provider_kind": o.provider_kind,
        "eligible": o.is_eligible,
        "free_confirmed": o.free_confirmed,
        "source_url": o.source_url or None,
        "last_reviewed": day(o.reviewed_on),
        "price_as_of": day(o.price_as_of),
        "retires_on": day(o.retires_on),
        "retirement_source": o.retirement_source or None,
        "batch_input_per_million": _text(sourced(o, "batch_input_price")),
        "batch_output_per_million": _text(sourced(o, "batch_output_price")),
        "tiers": [
            {
                "above_prompt_tokens": t.threshold, "input_per_million": _text(t.input_price),
                "output_per_million": _text(t.output_price),
                "cached_input_per_million": _text(t.cached_input_price),
            }
            for t in o.tiers
        ],
        "disagreements": [d.as_json() for d in disagreements.get((o.provider_slug, o.region), ())],
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else _plain(value)


def model_versus(api: ApiModel) -> dict:
    m, best = api.facts, cheapest(api.offerings)
    return {
        "slug": m.slug,
        "url": api.page_url,
        "vendor": m.vendor_name or None,
        "purpose": m.purpose,
        "source_url": m.source_url or None,
        "last_reviewed": day(m.last_reviewed),
        "price_from": None if best is None else {
            "provider": best.provider_name, "provider_slug": best.provider_slug,
            "region": best.region or None,
            "price_as_of": day(best.price_as_of),
        },
        "release_date": day(m.release_date),
        "knowledge_cutoff": day(m.knowledge_cutoff),
        "open_weights": tri_state(m.open_weights),
        "successor": m.successor_slug or None,
        "disagreements": [d.as_json() for d in api.disagreements.get(None, ())],
    }


def openrouter_model(api: ApiModel) -> dict:
    m = api.facts
    best = cheapest(api.offerings)
    return {
        "id": model_id(m),
        "canonical_slug": model_id(m),
        "name": f"{m.vendor_name}: {m.name}" if m.vendor_name else m.name,
        "created": int(api.created.timestamp()),
        "description": m.description,
        "context_length": m.context_window,
        "architecture": architecture(m),
        "pricing": openrouter_pricing(best),
        "top_provider": {
            "context_length": (best.context_window or m.context_window) if best else m.context_window,
            "max_completion_tokens": m.max_output_tokens,
            "is_moderated": None,
        },
        "per_request_limits": None,
        "versus": model_versus(api),
    }


def history_json(points) -> list[dict]:
    return [
        {"price": name, "old_per_million": _text(old), "new_per_million": _text(new),
         "effective_on": day(effective_on), "source": source}
        for name, old, new, effective_on, source in points
    ]


def openrouter_endpoint(m: ModelFacts, o: OfferingFacts, disagreements: dict, history: dict) -> dict:
    return {
        "name": f"{o.label} | {model_id(m)}",
        "model_name": m.name,
        "provider_name": o.provider_name,
        "tag": o.provider_slug + (f"/{o.region}" if o.region else ""),
        "region": o.region or None,
        "status": status(o),
        "context_length": o.context_window or m.context_window,
        "max_completion_tokens": m.max_output_tokens,
        "pricing": openrouter_pricing(o),
        "versus": offering_versus(o, disagreements)
        | {"price_history": history_json(history.get((o.provider_slug, o.region), ()))},
    }


def openrouter_endpoints(api: ApiModel) -> dict:
    m = api.facts
    return {
        "id": model_id(m),
        "name": m.name,
        "created": int(api.created.timestamp()),
        "description": m.description,
        "architecture": architecture(m),
        "endpoints": [openrouter_endpoint(m, o, api.disagreements, api.history) for o in api.offerings],
        "versus": model_versus(api),
    }


# models.dev's shape -----------------------------------------------------------------------------------


def _number(value: Decimal | None):
    """A price as a JSON number. A catalog price has at most 12 significant digits, so the float's
    shortest repr is the same decimal (the round-trip test reads it back with parse_float=Decimal)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def modelsdev_cost(o: OfferingFacts) -> dict | None:
    cost = {key: _number(sourced(o, name)) for key, name in MODELSDEV_COST.items()}
    cost = {key: value for key, value in cost.items() if value is not None}
    tiers = [
        {
            "tier": {"type": "context", "size": t.threshold},
            **{
                key: _number(getattr(t, name))
                for key, name in (("input", "input_price"), ("output", "output_price"),
                                  ("cache_read", "cached_input_price"), ("cache_write", "cache_write_price"))
                if getattr(t, name) is not None
            },
        }
        for t in o.tiers
    ]
    if tiers:
        cost["tiers"] = tiers
    return cost or None


def modelsdev_model(m: ModelFacts, o: OfferingFacts, key: str) -> dict:
    inputs = [x for x in MODALITY_ORDER if x in m.input_modalities]
    outputs = [x for x in MODALITY_ORDER if x in m.output_modalities]
    # The importer sets vision from whether "image" is an input: an input list that would contradict
    # what we know of vision (or that we don't know it) is left out.
    vision = tri_state(m.capabilities.get("vision", Support.UNKNOWN))
    show_inputs = bool(inputs) and vision is not None and vision == ("image" in inputs) \
        and inputs == [x for x in m.input_modalities]
    row = {
        "id": key,
        "name": m.name,
        "attachment": ("image" in inputs or "pdf" in inputs) if show_inputs else None,
        **{k: tri_state(m.capabilities.get(name, Support.UNKNOWN)) for k, name in MODELSDEV_FLAGS.items()},
        "temperature": None,
        "knowledge": m.knowledge_cutoff.strftime("%Y-%m") if m.knowledge_cutoff else None,
        "release_date": day(m.release_date),
        "last_updated": day(o.price_as_of),
        "modalities": {
            "input": inputs if show_inputs else None,
            "output": outputs if outputs == list(m.output_modalities) else None,
        },
        "open_weights": tri_state(m.open_weights),
        "cost": modelsdev_cost(o),
        "limit": {"context": o.context_window or m.context_window, "output": m.max_output_tokens},
        "versus": {
            "model": model_id(m),
            # What `limit.context` and the id above stand for, as the catalog holds them (null: none of
            # the offering's own), so that an import of this file changes nothing.
            "context_length": o.context_window, "model_context_length": m.context_window,
            "provider_model_id": o.provider_model_id or None,
            "provider_kind": o.provider_kind,
            "region": o.region or None,
            "status": status(o),
            "source_url": o.source_url or None,
            "last_reviewed": day(o.reviewed_on),
            "price_as_of": day(o.price_as_of),
            "retires_on": day(o.retires_on),
            "cache_write_1h": _number(sourced(o, "cache_write_1h_price")),
            "batch_input": _number(sourced(o, "batch_input_price")),
            "batch_output": _number(sourced(o, "batch_output_price")),
            "request": _number(sourced(o, "request_price")),
        },
    }
    return row


def modelsdev_key(o: OfferingFacts, m: ModelFacts) -> str:
    """The offering's id under its provider: the provider's own model id, which the importer keeps as
    `provider_model_id` (a region prefix, as Bedrock's "us.", tells the importer the region)."""
    return o.provider_model_id or m.slug


# Changes -----------------------------------------------------------------------------------------------


def change_json(c, vendor_slug: str) -> dict:
    """One dated change (content/history.py ChangeFacts) as /api/v1/changes lists it. A per-request fee is
    not divided: it is USD per request."""
    per_request = c.field == REQUEST_PRICE

    def price(value: Decimal | None) -> str | None:
        if value is None:
            return None
        return _plain(value) if per_request else per_token(value)

    percent = c.percent
    return {
        "id": c.id,
        "kind": c.kind,
        "model": f"{vendor_slug}/{c.model_slug}",
        "model_name": c.model_name,
        "provider_name": c.provider_name or None,
        "provider_slug": c.provider_slug or None,
        "region": c.region or None,
        "price": c.field or None,
        "price_label": c.price_label or None,
        "old": price(c.old_value),
        "new": price(c.new_value),
        "old_per_million": None if per_request else _text(c.old_value),
        "new_per_million": None if per_request else _text(c.new_value),
        "change_percent": None if percent is None else _plain(percent.quantize(Decimal("0.1"))),
        "direction": c.direction or None,
        "effective_on": day(c.effective_on),
        "source": c.source,
        "source_url": c.source_url or None,
        "changed_by": c.changed_by or None,
    }
