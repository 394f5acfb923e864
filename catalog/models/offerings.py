"""Offerings: one model at one provider, with its full price sheet and its lifecycle.

Prices are USD per 1M tokens; empty is "not yet sourced", never 0. A long-context tier (`PriceTier`)
bills the whole request at its rates once the prompt passes its threshold.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from ..bounds import price_validators, token_validators
from .base import (
    ReviewQuerySet,
    Sourced,
    TimeStampedModel,
    http_url_validator,
    non_negative,
    positive,
    price_kwargs,
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
            positive("context_window", "offering_context_window_positive"),
        ]

    def __str__(self) -> str:
        region = f" ({self.region})" if self.region else ""
        return f"{self.model} at {self.provider}{region}"

    def get_absolute_url(self) -> str:
        return self.model.get_absolute_url()
