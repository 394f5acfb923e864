"""Which comparisons search engines should see, decided from per-model data.

A pair is indexable when both models are published, each has a priced offering, and the pair page states
at least MIN_DIFFERENCES_TO_INDEX sourced differences (`pages.difference_count`, the same function the
page uses for its robots tag, so the sitemap and the page never disagree). Deciding needs only each
model's facts, loaded once; no pair page is rendered, so a sitemap of millions of candidate pairs costs
one pass over the models.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from catalog.models import FactsRevision, LanguageModel
from catalog.slugs import pair_slug

from .content import MIN_DIFFERENCES_TO_INDEX, ModelFacts, Pair, cheapest, difference_count, model_facts

# One sitemap page holds at most this many URLs (the sitemap protocol's limit is 50,000).
URLS_PER_SITEMAP = 50_000


@dataclass(frozen=True)
class IndexedModel:
    facts: ModelFacts
    changed_at: datetime.datetime | None

    @cached_property
    def priced(self) -> bool:
        return cheapest(self.facts.offerings) is not None


def indexable(a: ModelFacts, b: ModelFacts) -> bool:
    pair = Pair(a, b)
    return (
        pair.cheapest_a is not None
        and pair.cheapest_b is not None
        and difference_count(pair) >= MIN_DIFFERENCES_TO_INDEX
    )


class Catalog:
    """Every published model's facts, alphabetical by slug, with when they last changed."""

    def __init__(self, models: list[IndexedModel]):
        self.models = sorted(models, key=lambda m: m.facts.slug)
        self.position = {m.facts.slug: i for i, m in enumerate(self.models)}

    @classmethod
    def load(cls) -> "Catalog":
        models = list(LanguageModel.objects.published().with_facts())
        # When each model's facts last changed, as the database triggers record it (any write, bulk included).
        changed = dict(
            FactsRevision.objects.filter(pk__in=[m.pk for m in models]).values_list("pk", "changed_at")
        )
        return cls([IndexedModel(model_facts(m), changed.get(m.pk) or m.updated_at) for m in models])

    def pairs_of(self, slug: str) -> list[tuple[IndexedModel, str]]:
        """Every indexable pair with this model: (the other model, the pair's slug)."""
        me = self.models[self.position[slug]]
        if not me.priced:
            return []
        return [
            (other, pair_slug(me.facts.slug, other.facts.slug))
            for other in self.models
            if other is not me and other.priced and indexable(me.facts, other.facts)
        ]

    def chunks(self, limit: int = URLS_PER_SITEMAP) -> list[tuple[int, int]]:
        """Ranges of first models [start, stop) whose candidate pairs (with every later model) fit in one
        sitemap page, so each page is built from its own slice with bounded memory."""
        chunks, start, total, n = [], 0, 0, len(self.models)
        for i in range(n):
            candidates = n - 1 - i
            if total + candidates > limit and i > start:
                chunks.append((start, i))
                start, total = i, 0
            total += candidates
        if start < n - 1:
            chunks.append((start, n))
        return chunks

    def pairs_in_chunk(self, start: int, stop: int):
        """Indexable pairs (first, second, slug, lastmod) whose alphabetically first model is in
        [start, stop)."""
        for i in range(start, min(stop, len(self.models))):
            first = self.models[i]
            if not first.priced:
                continue
            for second in self.models[i + 1 :]:
                if second.priced and indexable(first.facts, second.facts):
                    changed = max(t for t in (first.changed_at, second.changed_at) if t)
                    yield first, second, pair_slug(first.facts.slug, second.facts.slug), changed
