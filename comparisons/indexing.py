"""Which pages search engines should see, decided from a summary of each published model.

The rule is content/substance.py (`indexable`), the same function the pair page uses for its robots tag and
the hub of a model's comparisons uses for its links, so the sitemap and the pages never disagree. Deciding
needs only each model's summary (a few values), built without building a page: in three queries for the
whole catalog, and kept in the cache under each model's revision, so that after an edit only the edited
models are read again. A sitemap section then costs a pass over its candidate pairs (at most 50,000), the
index a few pair checks per section (`Catalog.latest_in_chunk`).
"""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django.core.cache import cache
from django.utils import timezone

from catalog.models import (
    CAPABILITY_FIELDS,
    BenchmarkScore,
    FactsRevision,
    LanguageModel,
    Offering,
    Support,
    eligible_offering,
    live_offering,
    multimodal_support,
)
from catalog.rows import values_rows
from catalog.slugs import PAIR_SEPARATOR, pair_slug

from .caching import RELEASE
from .content import Summary, indexable
from .content.facts import CAPABILITY_LABELS, ScoreFacts
from .content.substance import summary_of
from .local_cache import PART_TIMEOUT, cache_is_shared

# One sitemap page holds at most this many URLs (the sitemap protocol's limit is 50,000).
URLS_PER_SITEMAP = 50_000
# More changed models than this are read again in one pass over the catalog rather than by id.
RELOAD_AT_MOST = 1000


class IndexedModel(NamedTuple):
    """A tuple: thousands are pickled into the shared cache, much faster than dataclasses."""

    slug: str
    name: str
    summary: Summary
    changed_at: datetime.datetime | None


class _Score(NamedTuple):
    benchmark_slug: str
    settings: str
    key = ScoreFacts.key


def _summaries(pks: list[int] | None = None) -> dict[int, IndexedModel]:
    """The summaries of these published models (None: all of them), in four queries: what
    `content.facts.model_facts` would read, and only that (the offerings through the SQL twins of
    `OfferingFacts.is_live` and `is_eligible`)."""
    published = LanguageModel.objects.published()
    if pks is not None:
        published = published.filter(pk__in=pks)
    models = values_rows(published.values_list(
        "pk", "slug", "name", "purpose", "context_window", "input_modalities", "output_modalities",
        *CAPABILITY_FIELDS,
    ))
    # Unordered: Meta.ordering would join models and providers only to sort what is grouped here anyway.
    theirs = Offering.objects.filter(model__in=published.values("pk")).order_by()
    live = set(theirs.filter(live_offering()).values_list("model_id", flat=True).distinct())
    eligible: dict[int, list[tuple[Decimal, Decimal]]] = {}
    for model_id, i, o in values_rows(theirs.filter(eligible_offering()).values_list(
        "model_id", "input_price", "output_price"
    )):
        eligible.setdefault(model_id, []).append((i, o))
    scores: dict[int, list[tuple[str, str]]] = {}
    keys: dict[tuple[str, str], tuple[str, str]] = {}  # the few distinct (benchmark, settings)
    for model_id, *score in values_rows(BenchmarkScore.objects.filter(
        model__in=published.values("pk")
    ).order_by().values_list("model_id", "benchmark__slug", "settings")):
        score = tuple(score)
        key = keys.get(score) or keys.setdefault(score, _Score(*score).key)
        scores.setdefault(model_id, []).append(key)
    # As ModelFacts.capability: a capability field's value, multimodality from the modalities.
    fields = {field: column for column, field in enumerate(CAPABILITY_FIELDS)}
    columns = [fields.get(key) for key in CAPABILITY_LABELS]
    found = {}
    for pk, slug, name, purpose, context, inputs, outputs, *values in models:
        multimodal = multimodal_support(tuple(inputs or ()), tuple(outputs or ()))
        states = [
            values[column] if column is not None else multimodal if key == "multimodal" else Support.UNKNOWN
            for key, column in zip(CAPABILITY_LABELS, columns, strict=True)
        ]
        summary = summary_of(slug, purpose, context, states, live=pk in live, eligible=eligible.get(pk, []),
                             benchmarks=scores.get(pk, ()))
        found[pk] = IndexedModel(slug, name, summary, None)
    return found


# The summaries in this process: (cache key, {model id: (revision, IndexedModel)}), so that a revision
# change costs no unpickling of the whole catalog from the shared cache.
_known: tuple[str, dict] = ("", {})


def _compare(rows: list[tuple], known: dict) -> tuple[dict, dict]:
    """The known summaries still current, and the (revision, changed_at) of the models to read again."""
    current, stale = {}, {}
    for pk, revision, changed_at in rows:
        entry = known.get(pk)
        if entry is not None and entry[0] == revision:
            current[pk] = entry
        else:
            stale[pk] = (revision, changed_at)
    return current, stale


def _current_summaries() -> list[IndexedModel]:
    """Every published model's summary at its current revision. A summary is built once per change of the
    model's facts (its revision: the triggers bump it for any change of the model, its offerings, scores,
    provider or benchmark): after an edit, only the edited models are read again."""
    global _known
    key = f"index-summaries:{RELEASE}:{timezone.localdate()}"
    revisions = FactsRevision.objects.filter(slug__isnull=False).order_by()
    rows = values_rows(revisions.values_list("pk", "revision", "changed_at"))
    current, stale = _compare(rows, _known[1] if _known[0] == key else {})
    # Shared with other workers and machines only through a shared cache (local memory is this process's).
    share = len(stale) > RELOAD_AT_MOST and cache_is_shared()
    if share:
        # Many changed since this process last looked (a bulk import, a new worker): another worker may have
        # read them already and shared the result.
        shared = cache.get(key) or {}
        if shared:
            current, stale = _compare(rows, shared)
    if stale:
        # Read the few that changed; after a bulk change (or with nothing cached), all in one pass.
        loaded = _summaries(list(stale) if len(stale) <= RELOAD_AT_MOST else None)
        for pk, (revision, changed_at) in stale.items():
            if pk in loaded:
                m = loaded[pk]
                current[pk] = (revision, IndexedModel(m.slug, m.name, m.summary, changed_at))
    if share:
        # Shared only after a pass over the whole catalog: a worker that starts from an older copy reads
        # what changed since (storing the catalog costs 0.2 s at 10,000).
        cache.set(key, current, PART_TIMEOUT)
    _known = (key, current)
    return [m for _, m in current.values()]


class Catalog:
    """Every published model's summary, alphabetical by slug, with when its facts last changed; the pairs
    that can be indexed are those of `priced` models (both sides need a price)."""

    def __init__(self, models: list[IndexedModel]):
        self.models = sorted(models, key=lambda m: m.slug)
        self.position = {m.slug: i for i, m in enumerate(self.models)}
        self.priced = [m for m in self.models if m.summary.priced]
        # Positions in `priced`, the most recently changed model first (latest_in_chunk).
        never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        self.by_change = sorted(
            range(len(self.priced)), key=lambda p: self.priced[p].changed_at or never, reverse=True
        )

    @classmethod
    def load(cls) -> "Catalog":
        """The catalog at its current revisions."""
        return cls(_current_summaries())

    @property
    def indexable_models(self) -> list[IndexedModel]:
        """Model pages worth indexing: some provider still offers the model."""
        return [m for m in self.models if m.summary.live]

    def pairs_of(self, slug: str) -> list[tuple[IndexedModel, str]]:
        """Every indexable pair with this model: (the other model, the pair's slug), by the other's slug."""
        me = self.models[self.position[slug]]
        return [
            (other, pair_slug(me.slug, other.slug))
            for other in self.priced
            if other is not me and indexable(me.summary, other.summary)
        ]

    def chunks(self, limit: int = URLS_PER_SITEMAP) -> list[tuple[int, int]]:
        """Ranges [start, stop) of first models (positions in `priced`) whose candidate pairs (with every
        later priced model) fit in one sitemap page, so each page is built from its own slice."""
        chunks, start, total, n = [], 0, 0, len(self.priced)
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
        """Indexable pairs (first, second, slug, lastmod) whose alphabetically first model is at [start,
        stop) of `priced`."""
        priced = self.priced
        for i in range(start, min(stop, len(priced))):
            first = priced[i]
            mine = first.summary
            # `priced` is alphabetical: the first's slug comes first in the pair's, as pair_slug orders them.
            prefix = first.slug + PAIR_SEPARATOR
            for second in priced[i + 1 :]:
                if indexable(mine, second.summary):
                    yield first, second, prefix + second.slug, _later(first, second)

    def latest_in_chunk(self, start: int, stop: int) -> datetime.datetime | None:
        """The latest lastmod among the chunk's indexable pairs (None: it has none), without listing them:
        the most recently changed model that is in one of them. Models are tried latest first, and a
        model's pairs in a chunk are found among the chunk's first models, or the later ones."""
        priced = self.priced
        for p in self.by_change:
            if p < start:
                continue  # the first model of any pair in the chunk is at start or later
            me = priced[p].summary
            partners = range(start, len(priced)) if p < stop else range(start, min(stop, len(priced)))
            if any(q != p and indexable(me, priced[q].summary) for q in partners):
                return priced[p].changed_at
        return None


def _later(a: IndexedModel, b: IndexedModel) -> datetime.datetime | None:
    x, y = a.changed_at, b.changed_at
    return x if y is None or (x is not None and x >= y) else y
