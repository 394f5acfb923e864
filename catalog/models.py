"""The facts editors curate: vendors, models, providers, offerings (prices) and benchmark scores.

Rules that hold for every fact (DESIGN section 1): unknown is not false (tri-state `Support`, nullable
specs), every fact carries its provenance, every change is kept in the history, and integrity is
enforced by the database, not only by forms.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import InterfaceError, OperationalError, connections, models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .bounds import price_validators, token_validators
from .revisions import memo as revision_memo
from .slugs import RESERVED_WORD, pair_slug, validate_slug, validate_visible_name, validate_visible_text

# A fact not reviewed for this long is "due for review" in the admin.
REVIEW_INTERVAL = datetime.timedelta(days=90)
# Visitors pay for input and output tokens; 70/30 is the default mix for a blended price.
DEFAULT_OUTPUT_SHARE = Decimal("0.3")

# Only web links: a javascript: or data: URL in an editor's source link must never reach a page.
http_url_validator = URLValidator(schemes=["http", "https"])


class Support(models.TextChoices):
    """Tri-state: a capability we have not sourced is not a capability the model lacks."""

    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not yet sourced"


class Purpose(models.TextChoices):
    CHAT = "chat", "Chat and instruction following"
    CODE = "code", "Code generation"
    SAFETY_CLASSIFIER = "safety_classifier", "Safety classifier"
    EMBEDDING = "embedding", "Embeddings"
    BASE = "base", "Base (pre-trained) model"


class Modality(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    PDF = "pdf", "PDF"


class ProviderKind(models.TextChoices):
    """What a provider's price is. Only a pay-as-you-go API's price is one anyone can pay per token: the
    others are listed apart and never set a model's price (see `Offering.is_eligible`)."""

    PAY_AS_YOU_GO = "pay_as_you_go", "Pay-as-you-go API"
    FREE_TIER = "free_tier", "Free tier or trial"
    SUBSCRIPTION = "subscription", "Subscription"
    LOCAL = "local", "Local runtime"
    ROUTER = "router", "Router or gateway"


class Verification(models.TextChoices):
    SELF_REPORTED = "self_reported", "Self-reported"
    INDEPENDENT = "independent", "Independently verified"


def choices_constraint(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    # Choices alone don't constrain data (a queryset update or an import can write anything).
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def slug_constraints(prefix: str, field: str = "slug") -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=Q(**{field: Lower(field)}) & ~Q(**{field: ""}), name=f"{prefix}_lowercase"),
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
    return models.CheckConstraint(condition=Q(**{f"{field}__gte": 0}) | Q(**{f"{field}__isnull": True}), name=name)


def positive(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__gt": 0}) | Q(**{f"{field}__isnull": True}), name=name)


def blend_price(input_price: Decimal | None, output_price: Decimal | None, output_share: Decimal = DEFAULT_OUTPUT_SHARE) -> Decimal | None:
    """Price per 1M tokens of a mix of input and output tokens; None unless both prices are known."""
    if input_price is None or output_price is None:
        return None
    return input_price * (1 - output_share) + output_price * output_share


def multimodal_support(inputs, outputs) -> str:
    """Multimodality is derived, not stored: more than text in or out; unknown without modalities."""
    if not inputs and not outputs:
        return Support.UNKNOWN
    return Support.YES if (set(inputs) | set(outputs)) - {Modality.TEXT} else Support.NO


def eligible_offering(prefix: str = "") -> Q:
    """The SQL twin of `comparisons.content.facts.OfferingFacts.is_eligible` (an offering that can be a model's
    price): active, priced, at a pay-as-you-go provider, and not a $0/$0 an editor has not confirmed.
    `prefix` reaches offerings through a relation ("offerings__"). Written without negation, which across
    a relation would become a subquery: prices are never negative, so "not both 0" is "either above 0"."""
    p = prefix
    return (
        Q(**{f"{p}active": True, f"{p}input_price__isnull": False, f"{p}output_price__isnull": False,
             f"{p}provider__kind": ProviderKind.PAY_AS_YOU_GO})
        & (Q(**{f"{p}input_price__gt": 0}) | Q(**{f"{p}output_price__gt": 0}) | Q(**{f"{p}free_confirmed": True}))
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
    last_reviewed = models.DateField(null=True, blank=True, help_text="When an editor last checked this against its source.")

    class Meta:
        abstract = True

    @property
    def is_due_for_review(self) -> bool:
        return self.last_reviewed is None or self.last_reviewed < timezone.localdate() - REVIEW_INTERVAL


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


class Provider(TimeStampedModel):
    """Who serves models over an API ("Fireworks AI", "AWS Bedrock")."""

    name = models.CharField(max_length=100, unique=True, validators=[validate_visible_name])
    slug = models.SlugField(max_length=100, unique=True, validators=[validate_slug])
    website = models.URLField(max_length=300, blank=True, validators=[http_url_validator])
    kind = models.CharField(
        max_length=13, choices=ProviderKind, default=ProviderKind.PAY_AS_YOU_GO,
        help_text="Only a pay-as-you-go API's prices can be a model's price or \"cheapest\"; the other kinds are "
                  "listed apart.",
    )
    terms = models.TextField(
        blank=True, validators=[validate_visible_text],
        help_text="What the provider's own page says of its terms (rate limits, credits, plan), shown beside its rows.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            *slug_constraints("provider_slug"),
            choices_constraint("kind", ProviderKind, "provider_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("comparisons:provider_detail", args=[self.slug])


class LanguageModelQuerySet(ReviewQuerySet):
    def published(self):
        return self.filter(published=True)

    def with_facts(self):
        """Everything a public page shows about a model, in a fixed number of queries (three)."""
        return self.select_related("vendor").prefetch_related(
            models.Prefetch("offerings", queryset=Offering.objects.select_related("provider")),
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

    def related_to(self, models_: list["LanguageModel"], limit: int = 60):
        """Candidates for "continue comparing": same vendor or same purpose, most widely offered first."""
        return (
            self.published()
            .filter(Q(vendor__in=[m.vendor_id for m in models_]) | Q(purpose__in=[m.purpose for m in models_]))
            .exclude(pk__in=[m.pk for m in models_])
            .select_related("vendor")
            .with_offering_counts()
            .order_by("-offering_count", "name")[:limit]
        )


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
    published = models.BooleanField(default=False, help_text="Only published models have public pages.")
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


class OfferingQuerySet(ReviewQuerySet):
    def active(self):
        return self.filter(active=True)


price_kwargs = dict(max_digits=12, decimal_places=6, null=True, blank=True)


def mark_curated(obj, fields) -> None:
    """Remember fields an editor changed by hand (called by the admin before saving)."""
    importable = {f.name for f in obj._meta.concrete_fields} - {"id", "created_at", "updated_at", "curated_fields"}
    obj.curated_fields = sorted(set(obj.curated_fields or []) | (set(fields) & importable))


class Offering(TimeStampedModel, Sourced):
    """One model at one provider, with its price in USD per 1M tokens (empty: not yet sourced)."""

    model = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="offerings")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="offerings")
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
        help_text="A regional or tier variant at this provider (\"us\", \"eu\"); empty for the provider's default.",
    )
    active = models.BooleanField(default=True)
    free_confirmed = models.BooleanField(
        "free confirmed", default=False,
        help_text="An editor checked that this $0 price is a generally available free offering. Unticked, a "
                  "source's $0 reads \"not yet sourced\" (sources write 0 for unknown); imports never tick it.",
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

    @property
    def is_priced(self) -> bool:
        return self.input_price is not None and self.output_price is not None

    def blended_price(self, output_share: Decimal = DEFAULT_OUTPUT_SHARE) -> Decimal | None:
        return blend_price(self.input_price, self.output_price, output_share)


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
        max_length=100, blank=True, help_text="How it was run (\"5-shot\", \"0-shot CoT\"); only equal settings are compared."
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
                violation_error_message="This model already has a score on this benchmark with these settings.",
            ),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="benchmarkscore_score_percent"),
            choices_constraint("verification", Verification, "benchmarkscore_verification_valid"),
        ]

    def __str__(self) -> str:
        settings = f" ({self.settings})" if self.settings else ""
        return f"{self.model} on {self.benchmark}{settings}: {self.score}"

    def get_absolute_url(self) -> str:
        return self.model.get_absolute_url()


class PairNoteQuerySet(ReviewQuerySet):
    def for_pair(self, a: LanguageModel, b: LanguageModel):
        low, high = sorted([a.pk, b.pk])
        return self.filter(model_a_id=low, model_b_id=high)


class PairNote(TimeStampedModel):
    """An editor's intro and extra FAQ entries for one comparison; shown before the generated text."""

    # Stored with the lower primary key first, so a pair has one note whichever order it was entered in.
    model_a = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="+")
    model_b = models.ForeignKey(LanguageModel, on_delete=models.CASCADE, related_name="+")
    intro = models.TextField(
        blank=True, validators=[validate_visible_text], help_text="Plain text, shown at the top of the comparison page."
    )
    last_reviewed = models.DateField(null=True, blank=True)

    objects = PairNoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_reviewed", "-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_a", "model_b"], name="pairnote_unique_pair",
                violation_error_message="This pair already has a note.",
            ),
            models.CheckConstraint(
                condition=Q(model_a__lt=models.F("model_b")), name="pairnote_models_ordered",
                violation_error_message="Choose two different models.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model_a} vs {self.model_b}"

    def clean(self) -> None:
        super().clean()
        if self.model_a_id and self.model_b_id:
            if self.model_a_id == self.model_b_id:
                raise ValidationError({"model_b": "Choose two different models."})
            if self.model_a_id > self.model_b_id:
                self.model_a_id, self.model_b_id = self.model_b_id, self.model_a_id

    def get_absolute_url(self) -> str:
        return reverse("comparisons:compare_pair", args=[pair_slug(self.model_a.slug, self.model_b.slug)])


class PairQuestion(TimeStampedModel):
    """A question an editor wrote for one pair; listed before the generated questions."""

    note = models.ForeignKey(PairNote, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(max_length=300, validators=[validate_visible_text])
    answer = models.TextField(validators=[validate_visible_text])
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["note", "position", "pk"]

    def __str__(self) -> str:
        return self.question


class Source(models.TextChoices):
    """Public data sets the importers read."""

    LITELLM = "litellm", "LiteLLM model prices"
    MODELSDEV = "modelsdev", "models.dev"


class ProviderAlias(TimeStampedModel):
    """Maps a source's provider id ("fireworks_ai") to our Provider, once, for every later import."""

    source = models.CharField(max_length=20, choices=Source)
    key = models.CharField(max_length=200, help_text="The provider id exactly as the source writes it.")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="aliases")
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "key"]
        verbose_name_plural = "provider aliases"
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="provideralias_unique_source_key"),
            choices_constraint("source", Source, "provideralias_source_valid"),
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
    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, null=True, blank=True, related_name="source_facts")
    field = models.CharField(max_length=50)
    source = models.CharField(max_length=20, choices=Source)
    origin = models.CharField(max_length=300, help_text="The source entry this value comes from.")
    value = models.CharField(max_length=300)

    objects = SourceFactQuerySet.as_manager()

    class Meta:
        ordering = ["subject", "field", "source", "origin"]
        permissions = [("run_import", "Can run catalog imports")]
        constraints = [
            models.UniqueConstraint(fields=["subject", "field", "source", "origin"], name="sourcefact_unique"),
            choices_constraint("source", Source, "sourcefact_source_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.field} = {self.value} ({self.source}: {self.origin})"


class FactsRevisionQuerySet(models.QuerySet):
    def for_models(self, model_filter: Q):
        """The catalog-wide row plus the rows of the published models that `model_filter` (a Q over
        LanguageModel) selects: one query, for cache keys."""
        selected = LanguageModel.objects.published().filter(model_filter).values("pk")
        return self.filter(Q(pk=FactsRevision.CATALOG) | Q(pk__in=selected))

    def summary(self, model_filter: Q) -> dict:
        """Catalog revision, a digest of the selected models' revisions and the latest change, in one query.

        The digest is a sum: a bump replaces a revision with a fresh value (PostgreSQL: a larger one from a
        sequence), so the sum moves whenever any selected model changes.
        """
        key = ("summary", self.db, model_filter)
        epoch = revision_memo.begin(self.db)
        if epoch is not None:
            try:
                found = revision_memo.get_many(epoch, [key])
            except TypeError:  # a filter that cannot be a dictionary key: read it each time
                epoch, found = None, {}
            if key in found:
                return found[key]
        catalog = Q(pk=FactsRevision.CATALOG)
        summary = self.for_models(model_filter).aggregate(
            catalog=models.Max("revision", filter=catalog),
            models=models.Sum("revision", filter=~catalog),
            count=models.Count("pk", filter=~catalog),
            changed_at=models.Max("changed_at"),
        )
        if epoch is not None:
            revision_memo.set_many(epoch, {key: summary})
        return summary

    def lookup(self, slugs: list[str] = (), scopes: tuple[int, ...] = ()) -> list[tuple]:
        """(model_id, slug, revision, changed_at) of the published models with these slugs and of the rows
        `scopes` (CATALOG, ANY_CHANGE; their slug is None), in one query at most.

        It runs on every page view, cache hits included. On PostgreSQL the rows come from the worker's
        memo while the database has announced no change since they were read (catalog/revisions.py).
        """
        keys = [("scope", scope) for scope in scopes] + [("slug", slug) for slug in slugs]
        epoch = revision_memo.begin(self.db)
        if epoch is not None:
            found = revision_memo.get_many(epoch, keys)
            if len(found) == len(keys):
                return [row for row in found.values() if row is not None]
        rows = self._read(slugs, scopes)
        if epoch is not None:
            by_key = {key: None for key in keys}
            for row in rows:
                by_key[("slug", row[1]) if row[1] is not None else ("scope", row[0])] = row
            revision_memo.set_many(epoch, by_key)
        return rows

    def _read(self, slugs, scopes) -> list[tuple]:
        # Hand-written SQL over this one table: the ORM's query compilation would cost more than the query.
        conditions, params = [], []
        if scopes:
            conditions.append(f"model_id IN ({', '.join(['%s'] * len(scopes))})")
            params += scopes
        if slugs:
            conditions.append(f"slug IN ({', '.join(['%s'] * len(slugs))})")
            params += slugs
        if not conditions:
            return []
        sql = f"SELECT model_id, slug, revision, changed_at FROM {self.model._meta.db_table} WHERE {' OR '.join(conditions)}"
        connection = connections[self.db]
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        except (OperationalError, InterfaceError):
            # The first query of a page view: a persistent connection the server dropped (a restart, a
            # failover) fails here. Reconnect and ask again, instead of paying a health-check round trip
            # on every request (settings: CONN_HEALTH_CHECKS).
            if connection.in_atomic_block:
                raise
            connection.close()
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        return [(model_id, slug, revision, _aware(changed_at)) for model_id, slug, revision, changed_at in rows]


def _aware(value) -> datetime.datetime | None:
    # Raw SQL skips the field's converters: SQLite hands back text, PostgreSQL an aware datetime.
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


class FactsRevision(models.Model):
    """The data revision: a value that changes whenever a fact a public page shows changes.

    One row per LanguageModel (`model_id` = its primary key), one catalog-wide row (`model_id` = 0) and
    one any-change row (`model_id` = -1).
    Database triggers (migration 0005, for SQLite and PostgreSQL) write these rows, never Python code, so
    that nothing escapes them: admin saves, imports, `QuerySet.update()`, `bulk_create()`, `bulk_update()`,
    deletes and raw SQL alike. The rule the triggers implement:

    - a change to a model's row, its offerings, its benchmark scores, or its pair notes and their questions
      bumps that model's row (both models' rows for a pair note);
    - a change to a Vendor, Provider or Benchmark bumps the rows of the models it touches (the vendor's
      models, the models offered by the provider, the models scored on the benchmark);
    - the catalog-wide row is bumped by anything that shows up in other pages' links and lists: a model
      added or deleted, or its name, slug, published flag, vendor, purpose, parameter count or release date
      changed; an offering added, deleted, moved or (de)activated (provider counts order "related" lists);
      a pair note added, deleted or moved (home page); any change to a vendor or provider;
    - the any-change row is bumped by every change at all (the directory, which shows every model, is
      keyed on it).

    A bump writes a value never used before for that row (PostgreSQL: `nextval` of a sequence, which is not
    rolled back; SQLite: a random 40-bit number), and `changed_at` (for Last-Modified). Cache keys carry
    these values, so a change makes new keys in every worker and on every machine at once, with no
    invalidation to send. The value is deliberately not a column of LanguageModel: a stale admin form
    saved later would write an old value back. Rows of deleted models stay (their bump is what evicts
    pages that listed them). A missing row (a fresh table, a TRUNCATE) reads as revision None.
    """

    CATALOG = 0
    ANY_CHANGE = -1

    # The model's primary key, or 0 for the catalog-wide row: no database constraint, so the
    # catalog-wide row and the rows of deleted models can exist.
    model = models.OneToOneField(
        LanguageModel, on_delete=models.DO_NOTHING, db_constraint=False, primary_key=True,
        related_name="facts_revision",
    )
    revision = models.BigIntegerField()
    changed_at = models.DateTimeField()
    # The model's slug while it is published, else NULL (kept by the triggers): the lookup every page
    # view makes is then one indexed read of this table.
    slug = models.CharField(max_length=150, null=True, blank=True, editable=False, db_index=True)

    objects = FactsRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["model_id"]

    def __str__(self) -> str:
        scope = {self.CATALOG: "catalog", self.ANY_CHANGE: "any change"}.get(self.model_id, f"model {self.model_id}")
        return f"{scope}: revision {self.revision}"
