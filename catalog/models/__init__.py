"""The catalog's models, one import away: `from catalog.models import LanguageModel` wherever needed.

Rules that hold for every fact (DESIGN section 1): unknown is not false (tri-state `Support`, nullable
specs), every fact carries its provenance, every change is kept in the history, and integrity is
enforced by the database, not only by forms.

choices.py: the vocabularies; base.py: what every model shares and the price rules; facts.py: vendors,
models, providers, benchmarks; offerings.py: offerings, their prices and lifecycle;
notes.py: editors' pair notes; sources.py: the importers' memory; revision.py: the data revision's
table (read through catalog/revisions.py).
"""

from .base import (
    DEFAULT_OUTPUT_SHARE,
    REVIEW_INTERVAL,
    ReviewQuerySet,
    Sourced,
    TimeStampedModel,
    blend_price,
    choices_constraint,
    eligible_offering,
    http_url_validator,
    live_offering,
    mark_curated,
    multimodal_support,
    non_negative,
    pair_safe_slug_constraint,
    positive,
    price_kwargs,
    slug_constraints,
)
from .changes import (
    PRICE_FIELDS,
    PRICE_LABELS,
    CatalogChange,
    CatalogChangeQuerySet,
    ChangeCursor,
    ChangeKind,
    ChangeSource,
)
from .choices import Modality, ProviderKind, Purpose, Source, Support, Verification
from .facts import (
    CAPABILITY_FIELDS,
    Benchmark,
    BenchmarkScore,
    BenchmarkScoreQuerySet,
    FormerSlug,
    LanguageModel,
    LanguageModelQuerySet,
    Provider,
    Vendor,
    VendorAlias,
    capability_field,
)
from .notes import PairNote, PairNoteQuerySet, PairQuestion
from .offerings import EXTRA_PRICE_FIELDS, TIER_PRICE_FIELDS, Offering, OfferingQuerySet, PriceTier
from .revision import FactsRevision
from .sources import ModelAlias, ProviderAlias, SourceFact, SourceFactQuerySet

__all__ = [
    "CAPABILITY_FIELDS",
    "DEFAULT_OUTPUT_SHARE",
    "EXTRA_PRICE_FIELDS",
    "REVIEW_INTERVAL",
    "Benchmark",
    "CatalogChange",
    "CatalogChangeQuerySet",
    "ChangeCursor",
    "ChangeKind",
    "ChangeSource",
    "BenchmarkScore",
    "BenchmarkScoreQuerySet",
    "FactsRevision",
    "FormerSlug",
    "LanguageModel",
    "LanguageModelQuerySet",
    "Modality",
    "ModelAlias",
    "Offering",
    "OfferingQuerySet",
    "PairNote",
    "PairNoteQuerySet",
    "PairQuestion",
    "PRICE_FIELDS",
    "PRICE_LABELS",
    "PriceTier",
    "Provider",
    "ProviderAlias",
    "ProviderKind",
    "Purpose",
    "ReviewQuerySet",
    "Source",
    "SourceFact",
    "SourceFactQuerySet",
    "TIER_PRICE_FIELDS",
    "Sourced",
    "Support",
    "TimeStampedModel",
    "Vendor",
    "VendorAlias",
    "Verification",
    "blend_price",
    "capability_field",
    "choices_constraint",
    "eligible_offering",
    "http_url_validator",
    "live_offering",
    "mark_curated",
    "multimodal_support",
    "non_negative",
    "pair_safe_slug_constraint",
    "positive",
    "price_kwargs",
    "slug_constraints",
]
