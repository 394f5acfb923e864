"""Plain, immutable facts about models: what the page builders work on.

The builders never see a request or the ORM; `model_facts()` is the one place that reads catalog
objects (already fetched with their offerings and scores) and turns them into these records.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils import timezone

from catalog.merging import PLACEHOLDER_VENDOR_SLUG
from catalog.models import (
    CAPABILITY_FIELDS,
    DEFAULT_OUTPUT_SHARE,
    EXTRA_PRICE_FIELDS,
    TIER_PRICE_FIELDS,
    LanguageModel,
    Offering,
    ProviderKind,
    Purpose,
    Support,
    Verification,
    blend_price,
    multimodal_support,
)

CAPABILITY_LABELS = {
    "vision": "Vision (image input)",
    "multimodal": "Multimodality",
    "reasoning": "Reasoning",
    "function_calling": "Function calling",
    "tool_use": "Tool use",
    "structured_outputs": "Structured outputs",
    "code_execution": "Code execution",
}
# What a model of each purpose is for, completing "X is ...".
PURPOSE_DESCRIPTIONS = {
    Purpose.CHAT: "a chat model that follows instructions and writes text",
    Purpose.CODE: "a code model built to write and complete code",
    Purpose.SAFETY_CLASSIFIER: "a safety classifier that labels prompts and responses as safe or unsafe",
    Purpose.EMBEDDING: "an embedding model that turns text into vectors for search and clustering",
    Purpose.RERANKER: (
        "a reranker that scores how well each document answers a query, to order search results"
    ),
    Purpose.BASE: "a base model, pre-trained but not tuned to follow instructions",
}
PURPOSE_NOUNS = {
    Purpose.CHAT: "chat model",
    Purpose.CODE: "code model",
    Purpose.SAFETY_CLASSIFIER: "safety classifier",
    Purpose.EMBEDDING: "embedding model",
    Purpose.RERANKER: "reranker",
    Purpose.BASE: "base model",
}


# How a region code reads after a provider's name: "AWS Bedrock, US".
REGION_LABELS = {
    "us": "US", "eu": "EU", "apac": "Asia Pacific", "ap": "Asia Pacific", "jp": "Japan", "au": "Australia",
    "ca": "Canada", "global": "Global", "us-gov": "US GovCloud",
}


def region_label(region: str) -> str:
    return REGION_LABELS.get(region.lower(), region) if region else ""


@dataclass(frozen=True)
class TierFacts:
    """A long-context rate: a prompt longer than `threshold` tokens bills the whole request at these rates
    (None: the offering's own rate)."""

    threshold: int
    input_price: Decimal | None = None
    output_price: Decimal | None = None
    cached_input_price: Decimal | None = None
    cache_write_price: Decimal | None = None
    batch_input_price: Decimal | None = None
    batch_output_price: Decimal | None = None


@dataclass(frozen=True)
class OfferingFacts:
    provider_name: str
    provider_slug: str
    provider_model_id: str = ""
    region: str = ""
    input_price: Decimal | None = None
    output_price: Decimal | None = None
    cached_input_price: Decimal | None = None
    context_window: int | None = None
    # When the source said the price (or it was imported or typed in), and when an editor last checked it.
    price_as_of: datetime.date | None = None
    reviewed_on: datetime.date | None = None
    source_url: str = ""
    provider_kind: str = ProviderKind.PAY_AS_YOU_GO
    provider_terms: str = ""
    free_confirmed: bool = False
    active: bool = True
    # Lifecycle: the provider's retirement date and where it is said, and whether it had passed on the day
    # these facts were built (pages that show them are keyed by day: caching.make_version).
    retires_on: datetime.date | None = None
    retirement_source: str = ""
    retired: bool = False
    # The full price sheet (catalog/models/offerings.py); None: not yet sourced. The calculator uses them.
    cache_write_price: Decimal | None = None
    cache_write_1h_price: Decimal | None = None
    batch_input_price: Decimal | None = None
    batch_output_price: Decimal | None = None
    reasoning_output_price: Decimal | None = None
    request_price: Decimal | None = None
    batch_discount: Decimal | None = None  # the provider's, in percent, where the offering has no batch price
    tiers: tuple["TierFacts", ...] = ()

    @property
    def region_text(self) -> str:
        return region_label(self.region)

    @property
    def label(self) -> str:
        """The provider's name with the region, so regional rows never read as duplicates."""
        return f"{self.provider_name}, {self.region_text}" if self.region else self.provider_name

    @property
    def is_pay_as_you_go(self) -> bool:
        return self.provider_kind == ProviderKind.PAY_AS_YOU_GO

    @property
    def is_unconfirmed_zero(self) -> bool:
        """A source's $0/$0 at a pay-as-you-go provider: sources write 0 for "unknown", so it is not a price
        until an editor confirms it (Offering.free_confirmed)."""
        return (
            self.is_pay_as_you_go and not self.free_confirmed
            and self.input_price == 0 and self.output_price == 0
        )

    @property
    def is_priced(self) -> bool:
        return self.input_price is not None and self.output_price is not None and not self.is_unconfirmed_zero

    @property
    def is_eligible(self) -> bool:
        """Can this offering be a model's price? The one rule behind "cheapest", "free", blends, verdicts,
        FAQ answers and indexing: live (not retired), priced, at a pay-as-you-go API, and not an
        unconfirmed $0.
        `LanguageModelQuerySet.with_cheapest_blended` is its SQL twin (a test keeps the two in step)."""
        return self.is_live and self.is_priced and self.is_pay_as_you_go

    @property
    def is_live(self) -> bool:
        """Still offered: not switched off by an editor, and not retired by its provider."""
        return self.active and not self.retired

    def blended(self, output_share: Decimal = DEFAULT_OUTPUT_SHARE) -> Decimal | None:
        return blend_price(self.input_price, self.output_price, output_share)


@dataclass(frozen=True)
class ScoreFacts:
    benchmark_name: str
    benchmark_slug: str
    score: Decimal
    settings: str = ""
    verification: str = Verification.SELF_REPORTED
    source_url: str = ""
    benchmark_url: str = ""
    higher_is_better: bool = True

    @property
    def key(self) -> tuple[str, str]:
        """Scores are comparable only on the same benchmark run the same way."""
        return (self.benchmark_slug, self.settings.strip().lower())

    @property
    def verification_label(self) -> str:
        return Verification(self.verification).label

    @property
    def score_text(self) -> str:
        """77.2, 12, 69.06: the same in tables and in sentences (a stored 77.20 is 77.2)."""
        return f"{self.score.normalize():f}"


@dataclass(frozen=True)
class ModelFacts:
    name: str
    slug: str
    vendor_name: str
    vendor_slug: str
    purpose: str = Purpose.CHAT
    release_date: datetime.date | None = None
    context_window: int | None = None
    max_output_tokens: int | None = None
    parameters_billions: Decimal | None = None
    architecture: str = ""
    license_name: str = ""
    open_weights: str = Support.UNKNOWN
    knowledge_cutoff: datetime.date | None = None
    input_modalities: tuple[str, ...] = ()
    output_modalities: tuple[str, ...] = ()
    capabilities: dict[str, str] = field(default_factory=dict)
    description: str = ""
    source_url: str = ""
    last_reviewed: datetime.date | None = None
    offerings: tuple[OfferingFacts, ...] = ()
    scores: tuple[ScoreFacts, ...] = ()
    # The model that replaces it (named by a source or an editor), when it has a public page.
    successor_name: str = ""
    successor_slug: str = ""

    @property
    def purpose_noun(self) -> str:
        return PURPOSE_NOUNS[Purpose(self.purpose)]

    @property
    def purpose_description(self) -> str:
        return PURPOSE_DESCRIPTIONS[Purpose(self.purpose)]

    @property
    def provider_count(self) -> int:
        """Pay-as-you-go providers with a sourced price, not offerings: regional variants at one provider
        count once. Free tiers, subscriptions, local runtimes and routers are not counted (they are listed
        apart); a provider listed without a price is not counted either: `unpriced_providers` names it."""
        return len({o.provider_slug for o in self.offerings if o.is_eligible})

    @property
    def unpriced_providers(self) -> tuple[str, ...]:
        """Names of pay-as-you-go providers that list the model with no sourced price, alphabetically."""
        priced = {o.provider_slug for o in self.offerings if o.is_eligible}
        return tuple(sorted({
            o.provider_name for o in self.offerings
            if o.is_pay_as_you_go and o.is_live and o.provider_slug not in priced
        }))

    @property
    def has_live_offering(self) -> bool:
        return any(o.is_live for o in self.offerings)

    @property
    def retired_on(self) -> datetime.date | None:
        """When its last offering was retired, for a model listed at providers that have all retired it
        (None while any offering is live, or when none is listed)."""
        if self.has_live_offering or not self.offerings:
            return None
        return max((o.retires_on for o in self.offerings if o.retires_on), default=None)

    @property
    def successor_url(self) -> str:
        from .links import model_url

        return model_url(self.successor_slug) if self.successor_slug else ""

    @property
    def url(self) -> str:
        from .links import model_url

        return model_url(self.slug)

    def capability(self, name: str) -> str:
        if name == "multimodal":
            return self._multimodal
        return self.capabilities.get(name, Support.UNKNOWN)

    @cached_property
    def _multimodal(self) -> str:
        # Asked for many times while a page is built; the facts are cached between pages (parts.py).
        return multimodal_support(self.input_modalities, self.output_modalities)


def offering_facts(o: Offering, today: datetime.date | None = None) -> OfferingFacts:
    """An offering's facts as of `today` (the local date by default): from its retirement date on, it is
    retired."""
    today = today or timezone.localdate()
    return OfferingFacts(
        provider_name=o.provider.name,
        provider_slug=o.provider.slug,
        provider_model_id=o.provider_model_id,
        region=o.region,
        input_price=o.input_price,
        output_price=o.output_price,
        cached_input_price=o.cached_input_price,
        context_window=o.context_window,
        price_as_of=o.price_as_of or o.last_reviewed or o.updated_at.date(),
        reviewed_on=o.last_reviewed,
        source_url=o.source_url,
        provider_kind=o.provider.kind,
        provider_terms=o.provider.terms,
        free_confirmed=o.free_confirmed,
        active=o.active,
        retires_on=o.retires_on,
        retirement_source=o.retirement_source,
        retired=o.retires_on is not None and o.retires_on <= today,
        **{name: getattr(o, name) for name in EXTRA_PRICE_FIELDS},
        batch_discount=o.provider.batch_discount,
        tiers=_tiers(o),
    )


def _tiers(o: Offering) -> tuple[TierFacts, ...]:
    # Only when prefetched (LanguageModelQuerySet.with_facts): a list of offerings that shows no cost
    # (a provider's page) must not cost a query a row.
    if "tiers" not in getattr(o, "_prefetched_objects_cache", {}):
        return ()
    return tuple(
        TierFacts(t.threshold, **{name: getattr(t, name) for name in TIER_PRICE_FIELDS})
        for t in o.tiers.all()
    )


def model_facts(model: LanguageModel) -> ModelFacts:
    """Facts of one catalog model; expects `offerings` (with provider) and `scores` (with benchmark)
    to be prefetched so that building a page costs a fixed number of queries."""
    today = timezone.localdate()
    offerings = tuple(offering_facts(o, today) for o in model.offerings.all() if o.active)
    # A successor without a public page is not named: there would be nothing to link.
    successor = model.successor if model.successor_id else None
    if successor is not None and not successor.published:
        successor = None
    scores = tuple(
        ScoreFacts(
            benchmark_name=s.benchmark.name,
            benchmark_slug=s.benchmark.slug,
            score=s.score,
            settings=s.settings,
            verification=s.verification,
            source_url=s.source_url,
            benchmark_url=s.benchmark.url,
            higher_is_better=s.benchmark.higher_is_better,
        )
        for s in model.scores.all()
    )
    return ModelFacts(
        name=model.name,
        slug=model.slug,
        # The placeholder of imports that need an editor is no vendor: pages say "not yet sourced".
        vendor_name="" if model.vendor.slug == PLACEHOLDER_VENDOR_SLUG else model.vendor.name,
        vendor_slug=model.vendor.slug,
        purpose=model.purpose,
        release_date=model.release_date,
        context_window=model.context_window,
        max_output_tokens=model.max_output_tokens,
        parameters_billions=model.parameters_billions,
        architecture=model.architecture,
        license_name=model.license_name,
        open_weights=model.open_weights,
        knowledge_cutoff=model.knowledge_cutoff,
        input_modalities=tuple(model.input_modalities or ()),
        output_modalities=tuple(model.output_modalities or ()),
        capabilities={name: getattr(model, name) for name in CAPABILITY_FIELDS},
        description=model.description,
        source_url=model.source_url,
        last_reviewed=model.last_reviewed,
        offerings=offerings,
        scores=scores,
        successor_name=successor.name if successor else "",
        successor_slug=successor.slug if successor else "",
    )


def page_sources(
    models: list[ModelFacts], scores: list[tuple[str, ScoreFacts, ModelFacts]]
) -> list[tuple[str, str]]:
    """(label, URL) of every source behind a page's numbers, each URL once: model cards, prices, and the
    benchmark scores the page shows, given as (benchmark name, score, model)."""
    seen: dict[str, str] = {}
    for model in models:
        if model.source_url:
            seen.setdefault(model.source_url, f"{model.name}: model card")
        for o in model.offerings:
            if o.source_url:
                seen.setdefault(o.source_url, f"{model.name} at {o.provider_name}: price")
    for name, score, model in scores:
        if score.source_url:
            seen.setdefault(score.source_url, f"{model.name}: {name} score")
    return [(label, url) for url, label in seen.items()]


def stalest_review(models: list[ModelFacts]) -> datetime.date | None:
    """A page is only as fresh as its stalest fact: the oldest of the models' review dates."""
    dates = [m.last_reviewed for m in models]
    return None if None in dates else min(dates)
