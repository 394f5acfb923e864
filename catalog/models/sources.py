"""What the importers remember: which of our rows a source's ids mean, and every value each source gave."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .base import TimeStampedModel, choices_constraint
from .choices import Source
from .facts import LanguageModel, Offering, Provider


class ProviderAlias(TimeStampedModel):
    """Maps a source's provider id ("fireworks_ai") to our Provider, once, for every later import; an empty
    source matches any source (and the old slug of a merged provider answers 301 to the one it was merged
    into)."""

    source = models.CharField(max_length=20, choices=Source, blank=True)
    key = models.CharField(max_length=200, help_text="The provider id exactly as the source writes it.")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "key"]
        verbose_name_plural = "provider aliases"
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="provideralias_unique_source_key"),
            models.CheckConstraint(
                condition=Q(source__in=Source.values) | Q(source=""), name="provideralias_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.key} → {self.provider}"


class ModelAlias(TimeStampedModel):
    """Maps a source's model id (or a name) to our LanguageModel, for every later import.

    The key is matched against the entry's full id ("fireworks_ai/accounts/fireworks/models/llama-v3p2-1b"),
    its model id without the provider ("meta/llama-3.2-1b") and its name; an empty source matches any source.
    """

    source = models.CharField(max_length=20, choices=Source, blank=True)
    key = models.CharField(max_length=300)
    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "key"]
        verbose_name_plural = "model aliases"
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="modelalias_unique_source_key"),
            models.CheckConstraint(
                condition=Q(source__in=Source.values) | Q(source=""), name="modelalias_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} → {self.model}"


class SourceFactQuerySet(models.QuerySet):
    def disagreeing(self):
        """Facts on which another source (or another entry of the same source) gives a different value."""
        others = SourceFact.objects.filter(subject=models.OuterRef("subject"), field=models.OuterRef("field"))
        return self.filter(models.Exists(others.exclude(value=models.OuterRef("value"))))


class SourceFact(TimeStampedModel):
    """What one entry of one source says about one fact: kept so that disagreements can be listed and
    every import can apply the documented precedence across sources (see catalog/importers)."""

    subject = models.CharField(max_length=100, db_index=True, help_text="model:<id> or offering:<id>")
    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="source_facts")
    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, null=True, blank=True, related_name="source_facts"
    )
    field = models.CharField(max_length=50)
    source = models.CharField(max_length=20, choices=Source)
    origin = models.CharField(max_length=300, help_text="The source entry this value comes from.")
    value = models.CharField(max_length=300)

    objects = SourceFactQuerySet.as_manager()

    class Meta:
        ordering = ["subject", "field", "source", "origin"]
        permissions = [("run_import", "Can run catalog imports")]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "field", "source", "origin"], name="sourcefact_unique"
            ),
            choices_constraint("source", Source, "sourcefact_source_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.field} = {self.value} ({self.source}: {self.origin})"
