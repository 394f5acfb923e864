"""Plausible ranges for prices and token counts: the one home of the limits the importers and the admin
both apply (a value outside them is a unit mistake or extra digits, not a fact).

The importers call `plausible_price` and `plausible_tokens`; the model fields carry the validators, whose
messages name the limit in words. The admin's form fields check these bounds before the database's
digit limits, so an editor reads "above $10,000 per 1M tokens", not "no more than 6 digits".
"""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible

# No text model costs this much per 1M tokens: it is a price per token or per 1K entered per 1M.
MAX_PRICE_PER_MILLION = Decimal(10_000)
# No per-request fee is this high: a fee per 1K requests or in cents entered per request.
MAX_REQUEST_FEE = Decimal(100)
# No model reads or writes this many tokens at once: a context window this large has extra digits.
MAX_TOKENS = 100_000_000


def plausible_price(per_million: Decimal) -> bool:
    return 0 <= per_million <= MAX_PRICE_PER_MILLION


def plausible_tokens(count) -> bool:
    return 0 < count <= MAX_TOKENS


@deconstructible
class PlausibleMaxValidator(MaxValueValidator):
    """A MaxValueValidator whose message says what the limit means; being one, it also replaces the
    database's integer range check ("≤ 9223372036854775807") on integer fields."""

    code = "implausible"


@deconstructible
class PlausibleMinValidator(MinValueValidator):
    code = "implausible"


def price_validators(what: str) -> list:
    """Validators of a price per 1M tokens; `what` starts the message ("An input price")."""
    return [
        MinValueValidator(Decimal("0")),
        PlausibleMaxValidator(
            MAX_PRICE_PER_MILLION,
            message=f"{what} above ${MAX_PRICE_PER_MILLION:,} per 1M tokens is not plausible; "
            "check the unit (per 1M tokens, not per token or per 1K).",
        ),
    ]


def request_fee_validators() -> list:
    """Validators of a fee per request, in dollars."""
    return [
        MinValueValidator(Decimal("0")),
        PlausibleMaxValidator(
            MAX_REQUEST_FEE,
            message=f"A fee above ${MAX_REQUEST_FEE:,} per request is not plausible; check the unit "
            "(dollars per request, not per 1K requests or in cents).",
        ),
    ]


def plausible_request_fee(amount: Decimal) -> bool:
    return 0 <= amount <= MAX_REQUEST_FEE


def token_validators(what: str) -> list:
    """Validators of a token count; `what` starts the message ("A context window")."""
    return [
        PlausibleMinValidator(
            1, message=f"{what} must be at least 1 token; leave it empty when not yet sourced."
        ),
        PlausibleMaxValidator(
            MAX_TOKENS,
            message=f"{what} above {MAX_TOKENS // 1_000_000} million tokens is not plausible; "
            "check for extra digits (the value is a number of tokens, not bytes or characters).",
        ),
    ]


def bound_validators(db_field) -> list:
    return [v for v in db_field.validators if isinstance(v, (PlausibleMaxValidator, PlausibleMinValidator))]


class _BoundsFirst:
    """Checks the plausible bounds before the other validators: one message naming the limit instead
    of that plus "Ensure that there are no more than 6 digits before the decimal point"."""

    def run_validators(self, value):
        if value not in self.empty_values:
            for validator in self.validators:
                if isinstance(validator, (PlausibleMaxValidator, PlausibleMinValidator)):
                    validator(value)
        super().run_validators(value)


class PlausibleDecimalField(_BoundsFirst, forms.DecimalField):
    pass


class PlausibleIntegerField(_BoundsFirst, forms.IntegerField):
    pass


def bounded_form_class(db_field) -> type[forms.Field]:
    """The form field class for a model field with bounds; add `bound_validators(db_field)` to its
    validators."""
    return PlausibleDecimalField if db_field.get_internal_type() == "DecimalField" else PlausibleIntegerField
