"""What every catalog model shares: timestamps, provenance, the review queryset, the constraint helpers,
and the price rules a query and a page must agree on (the blended price, an eligible offering)."""

import datetime
from decimal import Decimal

from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from ..slugs import RESERVED_WORD
from .choices import Modality, ProviderKind, Support

# A fact not reviewed for this long is "due for review" in the admin.
REVIEW_INTERVAL = datetime.timedelta(days=90)
# Visitors pay for input and output tokens; 70/30 is the default mix for a blended price.
DEFAULT_OUTPUT_SHARE = Decimal("0.3")

# Only web links: a javascript: or data: URL in an editor's source link must never reach a page.
http_url_validator = URLValidator(schemes=["http", "https"])


def choices_constraint(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    # Choices alone don't constrain data (a queryset update or an import can write anything).
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def slug_constraints(prefix: str, field: str = "slug") -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(**{field: Lower(field)}) & ~Q(**{field: ""}), name=f"{prefix}_lowercase"
        ),
    ]


def pair_safe_slug_constraint(prefix: str, field: str = "slug") -> models.CheckConstraint:
    """No hyphen-separated word of the slug is `vs`, so `<a>-vs-<b>` splits one way only."""
    word = RESERVED_WORD
    return models.CheckConstraint(
        condition=~Q(**{f"{field}__contains": f"-{word}-"})
        & ~Q(**{f"{field}__startswith": f"{word}-"})
        & ~Q(**{f"{field}__endswith": f"-{word}"})
        & ~Q(**{field: word}),
        name=f"{prefix}_no_vs_word",
    )


def non_negative(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}) | Q(**{f"{field}__isnull": True}), name=name
    )


def positive(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gt": 0}) | Q(**{f"{field}__isnull": True}), name=name
    )


def blend_price(
    input_price: Decimal | None, output_price: Decimal | None, output_share: Decimal = DEFAULT_OUTPUT_SHARE
) -> Decimal | None:
    """Price per 1M tokens of a mix of input and output tokens; None unless both prices are known."""
    if input_price is None or output_price is None:
        return None
    return input_price * (1 - output_share) + output_price * output_share


def multimodal_support(inputs, outputs) -> str:
    """Multimodality is derived, not stored: more than text in or out; unknown without modalities."""
    if not inputs and not outputs:
        return Support.UNKNOWN
    return Support.YES if (set(inputs) | set(outputs)) - {Modality.TEXT} else Support.NO


def live_offering(prefix: str = "") -> Q:
    """The SQL twin of `comparisons.content.facts.OfferingFacts.is_live` (still offered): active, and not
    retired (no `retires_on`, or one after today). `prefix` reaches offerings through a relation."""
    p = prefix
    return Q(**{f"{p}active": True}) & (
        Q(**{f"{p}retires_on__isnull": True}) | Q(**{f"{p}retires_on__gt": timezone.localdate()})
    )


def eligible_offering(prefix: str = "") -> Q:
    """The SQL twin of `comparisons.content.facts.OfferingFacts.is_eligible` (an offering that can be a
    model's price): live, priced, at a pay-as-you-go provider, and not a $0/$0 an editor has not confirmed.
    `prefix` reaches offerings through a relation ("offerings__"). Written without negation, which across a
    relation would become a subquery: prices are never negative, so "not both 0" is "either above 0"."""
    p = prefix
    return (
        live_offering(p)
        & Q(**{f"{p}input_price__isnull": False, f"{p}output_price__isnull": False,
               f"{p}provider__kind": ProviderKind.PAY_AS_YOU_GO})
        & (
            Q(**{f"{p}input_price__gt": 0}) | Q(**{f"{p}output_price__gt": 0})
            | Q(**{f"{p}free_confirmed": True})
        )
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Sourced(models.Model):
    """Provenance: where a fact comes from and when an editor last checked it."""

    source_url = models.URLField(
        "source URL", max_length=500, blank=True, validators=[http_url_validator],
        help_text="Where this fact can be checked (vendor page, price sheet, model card).",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When an editor last checked this against its source."
    )

    class Meta:
        abstract = True


class ReviewQuerySet(models.QuerySet):
    def due_for_review(self, today: datetime.date | None = None):
        cutoff = (today or timezone.localdate()) - REVIEW_INTERVAL
        return self.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))

    def mark_reviewed(self, today: datetime.date | None = None) -> int:
        """Set last_reviewed on every row, saving each one so the history records who did it."""
        today = today or timezone.localdate()
        count = 0
        with transaction.atomic():
            for obj in self.select_for_update():
                obj.last_reviewed = today
                obj.save(update_fields=["last_reviewed", "updated_at"])
                count += 1
        return count


price_kwargs = dict(max_digits=12, decimal_places=6, null=True, blank=True)


def mark_curated(obj, fields) -> None:
    """Remember fields an editor changed by hand (called by the admin before saving)."""
    bookkeeping = {"id", "created_at", "updated_at", "curated_fields"}
    importable = {f.name for f in obj._meta.concrete_fields} - bookkeeping
    obj.curated_fields = sorted(set(obj.curated_fields or []) | (set(fields) & importable))
