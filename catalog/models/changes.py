"""The catalog's dated changes: every change of an offering's price, every model published, every
retirement date set, as readers of /changes/, its feeds and the model pages see them.

Rows are derived from the history django-simple-history keeps (catalog/price_changes.py), never written
by hand: the history stays the record, these rows are its public, dated reading. A row is unique for its
history row and price field, so deriving twice writes nothing new.
"""

from django.db import models
from django.db.models import Q

from .base import choices_constraint, http_url_validator, price_kwargs
from .offerings import EXTRA_PRICE_FIELDS

# Every price an offering has, in the order pages list them.
PRICE_FIELDS = ("input_price", "output_price", "cached_input_price", *EXTRA_PRICE_FIELDS)
PRICE_LABELS = {
    "input_price": "input", "output_price": "output", "cached_input_price": "cached input",
    "cache_write_price": "cache write (5 min)", "cache_write_1h_price": "cache write (1 h)",
    "batch_input_price": "batch input", "batch_output_price": "batch output",
    "reasoning_output_price": "reasoning output", "request_price": "per request",
}


class ChangeKind(models.TextChoices):
    PRICE = "price", "Price change"
    NEW_MODEL = "new", "New model"
    RETIREMENT = "retired", "Retirement"


class ChangeSource(models.TextChoices):
    """Who or what made a change: an editor in the admin, an import, or Versus itself (the demo catalog,
    a data migration)."""

    EDITOR = "editor", "Editor"
    LITELLM = "litellm", "LiteLLM"
    MODELSDEV = "modelsdev", "models.dev"
    VERSUS = "versus", "Versus"


class CatalogChangeQuerySet(models.QuerySet):
    def prices(self):
        return self.filter(kind=ChangeKind.PRICE)

    def public(self):
        """What /changes/ and the feeds list: price changes from one known price to another (a first price
        is where a chart starts, not news), published models, retirements; only of published models."""
        return self.filter(model__published=True).filter(
            ~Q(kind=ChangeKind.PRICE) | Q(old_value__isnull=False, new_value__isnull=False)
        )


class CatalogChange(models.Model):
    """One dated change. For a price: which price of which offering went from `old_value` to
    `new_value` (None: not sourced), effective on the day its source gave (the row's `price_as_of`) or the
    day we saw it. For a retirement: `effective_on` is the day it was announced (we saw the date set) and
    `retires_on` the day the offering retires."""

    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    field = models.CharField(max_length=40, blank=True, help_text="The price that changed (kind: price).")
    model = models.ForeignKey("LanguageModel", on_delete=models.CASCADE, related_name="changes")
    provider = models.ForeignKey(
        "Provider", on_delete=models.CASCADE, null=True, blank=True, related_name="changes"
    )
    region = models.CharField(max_length=30, blank=True)
    offering = models.ForeignKey(
        "Offering", on_delete=models.SET_NULL, null=True, blank=True, related_name="changes"
    )
    old_value = models.DecimalField(**price_kwargs)
    new_value = models.DecimalField(**price_kwargs)
    effective_on = models.DateField(help_text="The day the change took effect (a retirement: was announced).")
    retires_on = models.DateField(null=True, blank=True, help_text="A retirement's date.")
    source = models.CharField(max_length=10, choices=ChangeSource.choices)
    source_url = models.URLField(max_length=500, blank=True, validators=[http_url_validator])
    changed_by = models.CharField(max_length=150, blank=True, help_text="The editor, or the import's reason.")
    history_id = models.BigIntegerField(help_text="The history row this change was read from.")
    seen_at = models.DateTimeField(help_text="When the history row was saved.")

    objects = CatalogChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_on", "-seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "history_id", "field"], name="catalogchange_unique_history_field"
            ),
            choices_constraint("kind", ChangeKind, "catalogchange_kind_valid"),
            choices_constraint("source", ChangeSource, "catalogchange_source_valid"),
        ]
        indexes = [models.Index(fields=["-effective_on", "-seen_at", "-id"], name="catalogchange_newest")]

    def __str__(self) -> str:
        if self.kind == ChangeKind.PRICE:
            return f"{self.field} {self.old_value} -> {self.new_value} on {self.effective_on}"
        return f"{self.get_kind_display()} on {self.retires_on or self.effective_on}"

    @property
    def price_label(self) -> str:
        return PRICE_LABELS.get(self.field, self.field)


class ChangeCursor(models.Model):
    """How far the derivation has read one history table: the last history id, and the ids below it not
    yet seen (a transaction still open when a later one committed; forgotten after a while: rolled back)."""

    name = models.CharField(max_length=20, unique=True)
    last_id = models.BigIntegerField(default=0)
    pending = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}: {self.last_id}"

