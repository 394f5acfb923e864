"""The facts editors curate: vendors, models, providers, offerings (prices) and benchmark scores."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..bounds import token_validators
from ..slugs import validate_slug, validate_visible_name, validate_visible_text
from .base import (
    DEFAULT_OUTPUT_SHARE,
    ReviewQuerySet,
    Sourced,
    TimeStampedModel,
    choices_constraint,
    eligible_offering,
    http_url_validator,
    multimodal_support,
    pair_safe_slug_constraint,
    positive,
    slug_constraints,
)
from .choices import Modality, ProviderKind, Purpose, Support, Verification
from .offerings import Offering


class Vendor(TimeStampedModel):
    """The lab that makes models ("Meta")."""

    name = models.CharField(max_length=100, unique=True, validators=[validate_visible_name])
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_slug])
    website = models.URLField(max_length=300, blank=True, validators=[http_url_validator])
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = slug_constraints("vendor_slug")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("comparisons:vendor_detail", args=[self.slug])


class VendorAlias(TimeStampedModel):
    """Another name or slug of a vendor ("zai", "Zhipu AI" for Z.ai): imports attribute models to the vendor
    it names, and the old slug of a merged vendor answers 301 to the one it was merged into."""

    key = models.CharField(
        max_length=100, unique=True,
        help_text="The other name or slug, as written; it is matched on its letters and digits only.",
    )
    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta:
        ordering = ["key"]
        verbose_name_plural = "vendor aliases"

    def __str__(self) -> str:
        return f"{self.key} → {self.vendor}"


class Provider(TimeStampedModel):
    """Who serves models over an API ("Fireworks AI", "AWS Bedrock")."""

    name = models.CharField(max_length=100, unique=True, validators=[validate_visible_name])
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_slug])
    website = models.URLField(max_length=300, blank=True, validators=[http_url_validator])
    kind = models.CharField(
        max_length=13, choices=ProviderKind, default=ProviderKind.PAY_AS_YOU_GO,
        help_text="Only a pay-as-you-go API's prices can be a model's price or \"cheapest\"; the other "
                  "kinds are listed apart.",
    )
    batch_discount = models.DecimalField(
        "batch discount (%)", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="What the provider's batch API takes off every rate, in percent (50: half price), for "
                  "offerings whose source gives no batch price of their own. Empty: not yet sourced.",
    )
    terms = models.TextField(
        blank=True, validators=[validate_visible_text],
        help_text="What the provider's own page says of its terms (rate limits, credits, plan), shown beside "
                  "its rows.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            *slug_constraints("provider_slug"),
            choices_constraint("kind", ProviderKind, "provider_kind_valid"),
            models.CheckConstraint(
                condition=(Q(batch_discount__gte=0) & Q(batch_discount__lte=100))
                | Q(batch_discount__isnull=True),
                name="provider_batch_discount_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("comparisons:provider_detail", args=[self.slug])


class LanguageModelQuerySet(ReviewQuerySet):
    def published(self):
        return self.filter(published=True)

    def with_facts(self):
        """Everything a public page shows about a model, in a fixed number of queries (four)."""
        return self.select_related("vendor", "successor").prefetch_related(
            models.Prefetch(
                "offerings", queryset=Offering.objects.select_related("provider").prefetch_related("tiers")
            ),
            models.Prefetch("scores", queryset=BenchmarkScore.objects.select_related("benchmark")),
        )

    def with_cheapest_blended(self):
        """Annotate `cheapest_blended`: the lowest blended price among the model's eligible offerings."""
        share = DEFAULT_OUTPUT_SHARE
        blended = models.ExpressionWrapper(
            models.F("offerings__input_price") * models.Value(1 - share)
            + models.F("offerings__output_price") * models.Value(share),
            output_field=models.DecimalField(max_digits=14, decimal_places=7),
        )
        return self.annotate(cheapest_blended=models.Min(blended, filter=eligible_offering("offerings__")))

    def with_offering_counts(self):
        return self.annotate(offering_count=models.Count("offerings", filter=Q(offerings__active=True)))


CAPABILITY_FIELDS = (
    "vision",
    "reasoning",
    "function_calling",
    "tool_use",
    "structured_outputs",
    "code_execution",
)


def capability_field(verbose_name: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=7, choices=Support, default=Support.UNKNOWN)


class LanguageModel(TimeStampedModel, Sourced):
    """One model ("Llama 3.2 1B Instruct"), whoever serves it."""

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="models")
    name = models.CharField(max_length=150, validators=[validate_visible_name])
    slug = models.SlugField(
        max_length=150, unique=True, validators=[validate_slug],
        help_text="Used in URLs. Changing it keeps the old one as a redirect.",
    )
    purpose = models.CharField(max_length=20, choices=Purpose, default=Purpose.CHAT)
    release_date = models.DateField(null=True, blank=True)
    context_window = models.PositiveIntegerField(
        null=True, blank=True, validators=token_validators("A context window"), help_text="Tokens."
    )
    max_output_tokens = models.PositiveIntegerField(
        null=True, blank=True, validators=token_validators("A maximum output")
    )
    parameters_billions = models.DecimalField(
        "parameters (billions)", max_digits=9, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text="Leave empty when the vendor does not disclose it.",
    )
    architecture = models.CharField(max_length=100, blank=True)
    license_name = models.CharField("license", max_length=100, blank=True)
    open_weights = models.CharField(max_length=7, choices=Support, default=Support.UNKNOWN)
    knowledge_cutoff = models.DateField(
        null=True, blank=True, help_text="Month of the training data cutoff; use the first day of the month."
    )
    input_modalities = models.JSONField(default=list, blank=True)
    output_modalities = models.JSONField(default=list, blank=True)
    vision = capability_field("vision")
    reasoning = capability_field("reasoning")
    function_calling = capability_field("function calling")
    tool_use = capability_field("tool use")
    structured_outputs = capability_field("structured outputs")
    code_execution = capability_field("code execution")
    description = models.TextField(blank=True, validators=[validate_visible_text])
    successor = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="predecessors",
        help_text="The model that replaces it, linked where none of its offerings is live.",
    )
    published = models.BooleanField(default=False, help_text="Only published models have public pages.")
    # The review queue (admin): why an import left the model unpublished, for an editor to settle.
    queue_reasons = models.JSONField(
        "waiting because", default=list, blank=True, editable=False,
        help_text="What an import could not settle (vendor unknown, name from an id, purpose, no price); "
                  "empty once an editor publishes or rejects it.",
    )
    rejected = models.BooleanField(
        default=False,
        help_text="An editor rejected it: imports keep matching its entries here and never publish it.",
    )
    # Fields an editor set by hand in the admin: imports leave them alone unless told otherwise.
    curated_fields = models.JSONField(default=list, blank=True, editable=False)

    objects = LanguageModelQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["vendor", "name"], name="languagemodel_unique_vendor_name"),
            *slug_constraints("languagemodel_slug"),
            pair_safe_slug_constraint("languagemodel_slug"),
            choices_constraint("purpose", Purpose, "languagemodel_purpose_valid"),
            choices_constraint("open_weights", Support, "languagemodel_open_weights_valid"),
            *(choices_constraint(f, Support, f"languagemodel_{f}_valid") for f in CAPABILITY_FIELDS),
            positive("context_window", "languagemodel_context_window_positive"),
            positive("max_output_tokens", "languagemodel_max_output_positive"),
            positive("parameters_billions", "languagemodel_parameters_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("comparisons:model_detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        # Remember the slug as loaded, so a rename can keep the old one as a redirect.
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    def clean(self) -> None:
        super().clean()
        errors = {}
        for field in ("input_modalities", "output_modalities"):
            value = getattr(self, field)
            if not isinstance(value, list) or any(m not in Modality.values for m in value):
                errors[field] = f"Choose from: {', '.join(Modality.values)}."
        if self.slug and FormerSlug.objects.filter(slug=self.slug).exclude(model_id=self.pk).exists():
            errors["slug"] = "This slug used to belong to another model and still redirects there."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        # Bookkeeping, not business logic: a renamed model keeps its old URL as a redirect.
        old_slug = getattr(self, "_loaded_slug", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_slug and old_slug != self.slug:
                FormerSlug.objects.update_or_create(slug=old_slug, defaults={"model": self})
            FormerSlug.objects.filter(slug=self.slug).delete()
        self._loaded_slug = self.slug

    @property
    def multimodal(self) -> str:
        return multimodal_support(self.input_modalities, self.output_modalities)


class FormerSlug(TimeStampedModel):
    """A slug a model used to have: its old URLs answer 301 to the current ones."""

    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=150, unique=True, validators=[validate_slug])

    class Meta:
        ordering = ["slug"]
        constraints = [*slug_constraints("formerslug_slug"), pair_safe_slug_constraint("formerslug_slug")]

    def __str__(self) -> str:
        return f"{self.slug} → {self.model.slug}"


class Benchmark(TimeStampedModel):
    """A named benchmark ("MMLU"); scores are percentages."""

    name = models.CharField(max_length=100, unique=True, validators=[validate_visible_name])
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_slug])
    url = models.URLField("URL", max_length=300, blank=True, validators=[http_url_validator])
    description = models.TextField(blank=True)
    higher_is_better = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = slug_constraints("benchmark_slug")

    def __str__(self) -> str:
        return self.name


class BenchmarkScoreQuerySet(ReviewQuerySet):
    pass


class BenchmarkScore(TimeStampedModel, Sourced):
    """A model's score on a benchmark, under stated settings ("5-shot")."""

    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="scores")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="scores")
    score = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Percent, 0 to 100.",
    )
    settings = models.CharField(
        max_length=100, blank=True,
        help_text="How it was run (\"5-shot\", \"0-shot CoT\"); only equal settings are compared.",
    )
    verification = models.CharField(max_length=13, choices=Verification, default=Verification.SELF_REPORTED)

    objects = BenchmarkScoreQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["benchmark__name", "-score"]
        constraints = [
            models.UniqueConstraint(
                fields=["model", "benchmark", "settings"],
                name="benchmarkscore_unique_model_benchmark_settings",
                violation_error_message=(
                    "This model already has a score on this benchmark with these settings."
                ),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="benchmarkscore_score_percent"
            ),
            choices_constraint("verification", Verification, "benchmarkscore_verification_valid"),
        ]

    def __str__(self) -> str:
        settings = f" ({self.settings})" if self.settings else ""
        return f"{self.model} on {self.benchmark}{settings}: {self.score}"

    def get_absolute_url(self) -> str:
        return self.model.get_absolute_url()
