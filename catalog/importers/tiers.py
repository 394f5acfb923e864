"""Long-context tiers and the other extra rates, as the two sources give them.

A tier is kept in `SourceFact` as one text fact, `price_tiers` ("200000:2.5:15:0.25::1.25:7.5" - threshold,
input, output, cache read, cache write, batch input, batch output; empty: not given; tiers joined by ";",
lowest threshold first), so the
importers' precedence and curation rules apply to a tier set as to any price: one source's whole set,
never a mix. Applying it replaces the offering's `PriceTier` rows.
"""

import re
from decimal import Decimal

from django.utils import timezone

from ..bounds import plausible_request_fee
from ..models import TIER_PRICE_FIELDS, PriceTier
from .batches import create_with_history
from .entries import Parsed, RowError, number, price_per_million, token_count
from .report import Change

TIERS_FACT = "price_tiers"
FACT_LENGTH = 300
TIER_RATES = TIER_PRICE_FIELDS  # input, output, cache read, cache write, batch input, batch output
Tier = tuple  # (threshold, *rates in TIER_RATES order): a rate is a Decimal or None

# LiteLLM's flat rates beyond input/output/cache read: per-token field -> offering field.
LITELLM_RATES = {
    "cache_creation_input_token_cost": "cache_write_price",
    "cache_creation_input_token_cost_above_1hr": "cache_write_1h_price",
    "input_cost_per_token_batches": "batch_input_price",
    "output_cost_per_token_batches": "batch_output_price",
    "output_cost_per_reasoning_token": "reasoning_output_price",
}
# "input_cost_per_token_above_200k_tokens"; priority, flex and batch variants of a tier are not the price.
_LITELLM_TIER = re.compile(
    r"^(input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)"
    r"_above_(\d+)k_tokens(_batches)?$"
)
_LITELLM_TIER_RATE = {
    "input_cost_per_token": 0, "output_cost_per_token": 1, "cache_read_input_token_cost": 2,
    "cache_creation_input_token_cost": 3,
}
LITELLM_FIELDS = {*LITELLM_RATES, "input_cost_per_request", "tiered_pricing"}


def is_litellm_tier_field(name: str) -> bool:
    return bool(_LITELLM_TIER.match(name))


def encode(tiers: list[Tier]) -> str:
    def text(v):
        return "" if v is None else f"{v.normalize():f}"

    parts = [":".join([str(t[0]), *(text(v) for v in t[1:])]) for t in sorted(tiers, key=lambda t: t[0])]
    # A SourceFact holds 300 characters: a longer set (ten bands) keeps its lowest tiers whole.
    while len(";".join(parts)) > FACT_LENGTH:
        parts.pop()
    return ";".join(parts)


def decode(text: str) -> list[Tier]:
    tiers = []
    for part in filter(None, text.split(";")):
        threshold, *rates = part.split(":")
        tiers.append((int(threshold), *(Decimal(r) if r else None for r in rates)))
    return tiers


def litellm_rates(row: dict, offering: dict, parsed: Parsed) -> None:
    """The flat extra rates, the request fee and the tiers of one LiteLLM entry, into `offering`."""
    for field, target in LITELLM_RATES.items():
        if row.get(field) is not None:
            offering[target] = price_per_million(row[field], field, per_token=True, parsed=parsed)
    if row.get("input_cost_per_request") is not None:
        fee = number(row["input_cost_per_request"], "input_cost_per_request")
        if not plausible_request_fee(fee):
            raise RowError(f"input_cost_per_request is absurd: ${fee.normalize():f}")
        offering["request_price"] = fee.quantize(Decimal("0.000001"))
    tiers: dict[int, list] = {}
    for field, value in row.items():
        match = _LITELLM_TIER.match(field)
        if match and value is not None:
            index = _LITELLM_TIER_RATE[match[1]] + (4 if match[3] else 0)
            if index >= len(TIER_RATES):
                continue  # batch cache rates: not kept
            rates = tiers.setdefault(int(match[2]) * 1000, [None] * len(TIER_RATES))
            rates[index] = price_per_million(value, field, per_token=True, parsed=parsed)
    ranges = row.get("tiered_pricing")
    if isinstance(ranges, list):
        for n, band in enumerate(ranges):
            if not isinstance(band, dict) or not isinstance(band.get("range"), list) or not band["range"]:
                raise RowError("tiered_pricing has a band without a range")
            low = token_count(band["range"][0], "tiered_pricing range") if band["range"][0] else 0
            rates = [
                price_per_million(band[f], f"tiered_pricing {f}", per_token=True, parsed=parsed)
                if band.get(f) is not None else None
                for f in _LITELLM_TIER_RATE
            ] + [None, None]
            if low == 0 or n == 0:
                # The first band is the base price where the entry gives none of its own.
                base = ("input_price", "output_price", "cached_input_price")
                for target, rate in zip(base, rates, strict=False):
                    if rate is not None:
                        offering.setdefault(target, rate)
                if band.get("output_cost_per_reasoning_token") is not None:
                    offering.setdefault("reasoning_output_price", price_per_million(
                        band["output_cost_per_reasoning_token"], "tiered_pricing reasoning", per_token=True,
                        parsed=parsed,
                    ))
            else:
                tiers[low] = rates
    if tiers:
        offering[TIERS_FACT] = encode([(t, *rates) for t, rates in tiers.items()])


def modelsdev_rates(cost: dict, offering: dict, parsed: Parsed) -> None:
    """models.dev's cache_write, reasoning and context tiers (`tiers`, else `context_over_200k`)."""
    for field, target in (("cache_write", "cache_write_price"), ("reasoning", "reasoning_output_price")):
        if cost.get(field) is not None:
            offering[target] = price_per_million(cost[field], f"cost.{field}", per_token=False, parsed=parsed)
    bands = cost.get("tiers")
    if not isinstance(bands, list):
        over = cost.get("context_over_200k")
        bands = [{**over, "tier": {"size": 200000, "type": "context"}}] if isinstance(over, dict) else []
    tiers = []
    for band in bands:
        tier = band.get("tier") if isinstance(band, dict) else None
        if not isinstance(tier, dict) or tier.get("type") != "context":
            continue  # only context-length tiers are known to us
        rates = [
            price_per_million(band[f], f"cost.tiers.{f}", per_token=False, parsed=parsed)
            if band.get(f) is not None else None
            for f in ("input", "output", "cache_read", "cache_write")
        ] + [None, None]
        tiers.append((token_count(tier.get("size"), "cost.tiers.size"), *rates))
    if tiers:
        offering[TIERS_FACT] = encode(tiers)


def tier_texts() -> dict[int, str]:
    """Every offering's tiers as one text each (offerings without tiers are left out), in one query."""
    tiers: dict[int, list[Tier]] = {}
    for row in PriceTier.objects.values_list("offering_id", "threshold", *TIER_RATES):
        tiers.setdefault(row[0], []).append(row[1:])
    return {offering_id: encode(rows) for offering_id, rows in tiers.items()}


def set_tiers(importer, offering, text: str, changed: dict) -> None:
    """Replace an offering's tiers with a source's set, unless an editor curated them."""
    old = encode([(t.threshold, *(getattr(t, r) for r in TIER_RATES)) for t in offering.tiers.all()])
    if old == text:
        return
    if TIERS_FACT in (offering.curated_fields or []) and not importer.overwrite_curated:
        importer.report.kept_curated.append(Change(str(offering), TIERS_FACT, old, text))
        return
    offering.tiers.all().delete()
    rows = [
        PriceTier(offering=offering, threshold=t[0], **dict(zip(TIER_RATES, t[1:], strict=True)))
        for t in decode(text)
    ]
    create_with_history(rows, PriceTier, importer.reason)
    offering.updated_at = timezone.now()
    # Saving the offering (its updated_at) bumps its model's revision: tiers have no trigger of their own.
    changed.setdefault(offering, set())
    importer.report.changes.append(Change(str(offering), TIERS_FACT, old, text))
