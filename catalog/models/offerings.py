"""Offerings: one model at one provider, with its full price sheet and its lifecycle.

Prices are USD per 1M tokens (a request fee: USD per request); empty is "not yet sourced", never 0. A
long-context tier (`PriceTier`) bills the whole request at its rates once the prompt passes its
threshold; a rate the tier leaves empty is the offering's own.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from ..bounds import price_validators, request_fee_validators, token_validators
from .base import (
    ReviewQuerySet,
    Sourced,
    TimeStampedModel,
    http_url_validator,
    non_negative,
    positive,
    price_kwargs,
)

# The rates beyond input, output and cache read, all optional (None: not yet sourced).
EXTRA_PRICE_FIELDS = (
    "cache_write_price", "cache_write_1h_price", "batch_input_price", "batch_output_price",
    "reasoning_output_price", "request_price",
)


TIER_PRICE_FIELDS = (
    "input_price", "output_price", "cached_input_price", "cache_write_price", "batch_input_price",
    "batch_output_price",
)


class OfferingQuerySet(ReviewQuerySet):
    def active(self):
        return self.filter(active=True)


class Offering(TimeStampedModel, Sourced):
    """One model at one provider, with its price in USD per 1M tokens (empty: not yet sourced)."""

    model = models.ForeignKey("LanguageModel", on_delete=models.CASCADE, related_name="offerings")
    provider = models.ForeignKey("Provider", on_delete=models.PROTECT, related_name="offerings")
    provider_model_id = models.CharField(
        "provider's model id", max_length=200, blank=True, help_text="The id used in the provider's API."
    )
    input_price = models.DecimalField(
        "input $/1M tokens", validators=price_validators("An input price"), **price_kwargs
    )
    output_price = models.DecimalField(
        "output $/1M tokens", validators=price_validators("An output price"), **price_kwargs
    )
    cached_input_price = models.DecimalField(
        "cached input $/1M tokens", validators=price_validators("A cached input price"), **price_kwargs
    )
    cache_write_price = models.DecimalField(
        "cache write $/1M tokens (5 minutes)", validators=price_validators("A cache write price"),
        **price_kwargs,
    )
    cache_write_1h_price = models.DecimalField(
        "cache write $/1M tokens (1 hour)", validators=price_validators("A 1-hour cache write price"),
        **price_kwargs,
    )
    batch_input_price = models.DecimalField(
        "batch input $/1M tokens", validators=price_validators("A batch input price"), **price_kwargs
    )
    batch_output_price = models.DecimalField(
        "batch output $/1M tokens", validators=price_validators("A batch output price"), **price_kwargs
    )
    reasoning_output_price = models.DecimalField(
        "reasoning output $/1M tokens", validators=price_validators("A reasoning output price"),
        help_text="Only where reasoning tokens have their own rate; empty: they are billed as output.",
        **price_kwargs,
    )
    request_price = models.DecimalField(
        "$ per request", validators=request_fee_validators(),
        help_text="A fee per request, on top of tokens.",
        **price_kwargs,
    )
    context_window = models.PositiveIntegerField(
        null=True, blank=True, validators=token_validators("A context window"),
        help_text="Tokens, when this provider limits the model below its own window.",
    )
    region = models.CharField(
        max_length=30, blank=True,
        help_text="A regional or tier variant at this provider (\"us\", \"eu\"); empty for the provider's "
                  "default.",
    )
    active = models.BooleanField(default=True)
    price_as_of = models.DateField(
        "price as of", null=True, blank=True,
        help_text="When the source said this price, or the day it was imported or typed in; whether and when "
                  "an editor checked it is \"last reviewed\".",
    )
    free_confirmed = models.BooleanField(
        "free confirmed", default=False,
        help_text="An editor checked that this $0 price is a generally available free offering. Unticked, "
                  "a source's $0 reads \"not yet sourced\" (sources write 0 for unknown); imports never "
                  "tick it.",
    )
    retires_on = models.DateField(
        "retires on", null=True, blank=True,
        help_text="The provider retires this offering on this date; from that day it is listed as retired "
                  "and is never a model's price.",
    )
    retirement_source = models.URLField(
        "retirement source", max_length=500, blank=True, validators=[http_url_validator],
        help_text="Where the retirement date comes from (the provider's deprecation page).",
    )
    curated_fields = models.JSONField(default=list, blank=True, editable=False)

    objects = OfferingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["model__name", "provider__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "provider", "region"],
                name="offering_unique_model_provider_region",
                violation_error_message="This model already has an offering at this provider (and region).",
            ),
            non_negative("input_price", "offering_input_price_non_negative"),
            non_negative("output_price", "offering_output_price_non_negative"),
            non_negative("cached_input_price", "offering_cached_input_price_non_negative"),
            *(non_negative(f, f"offering_{f}_non_negative") for f in EXTRA_PRICE_FIELDS),
            positive("context_window", "offering_context_window_positive"),
        ]

    def __str__(self) -> str:
        region = f" ({self.region})" if self.region else ""
        return f"{self.model} at {self.provider}{region}"

    def get_absolute_url(self) -> str:
        return self.model.get_absolute_url()


class PriceTier(TimeStampedModel):
    """A long-context rate: once a request's prompt passes `threshold` tokens, the WHOLE request is billed
    at these rates (Gemini 2.5 Pro at Google AI Studio: $2.50/$15.00 above 200,000)."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="tiers")
    threshold = models.PositiveIntegerField(
        "above (prompt tokens)", validators=token_validators("A tier threshold"),
        help_text="The tier's rates apply to a request whose prompt is longer than this.",
    )
    input_price = models.DecimalField(
        "input $/1M tokens", validators=price_validators("A tier input price"), **price_kwargs
    )
    output_price = models.DecimalField(
        "output $/1M tokens", validators=price_validators("A tier output price"), **price_kwargs
    )
    cached_input_price = models.DecimalField(
        "cached input $/1M tokens", validators=price_validators("A tier cached input price"), **price_kwargs
    )
    cache_write_price = models.DecimalField(
        "cache write $/1M tokens", validators=price_validators("A tier cache write price"), **price_kwargs
    )
    batch_input_price = models.DecimalField(
        "batch input $/1M tokens", validators=price_validators("A tier batch input price"), **price_kwargs
    )
    batch_output_price = models.DecimalField(
        "batch output $/1M tokens", validators=price_validators("A tier batch output price"), **price_kwargs
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["offering", "threshold"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "threshold"], name="pricetier_unique_offering_threshold",
                violation_error_message="This offering already has a tier at this threshold.",
            ),
            positive("threshold", "pricetier_threshold_positive"),
            *(non_negative(f, f"pricetier_{f}_non_negative") for f in TIER_PRICE_FIELDS),
        ]

    def __str__(self) -> str:
        return f"{self.offering} above {self.threshold:,} tokens"
