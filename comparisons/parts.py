"""Per-model parts of pages, cached under the model's data revision, so that a pair page nobody has
asked for yet is assembled from parts other pages already built.

- `ModelParts` (key: model id + its revision): the model's facts, its card (what "related" ranking and
  links need), which models it has pair notes with, its offerings table and when its cheapest price last
  changed.
- The catalog's cards (key: the catalog-wide revision): every published model's card, from which any
  page's "continue comparing" candidates are picked without a query.

Parts are read through local_cache.local_first, a small per-process LRU in front of the shared cache.
"""

import datetime
import functools
import heapq
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.template.loader import render_to_string

from catalog.models import FactsRevision, LanguageModel, PairNote

from .caching import RELEASE, day_started
from .content import ModelFacts, model_facts, offering_groups
from .content.ranking import Candidate, candidate
from .local_cache import local_first
from .price_history import last_change_sentences

# How many candidates a page's "continue comparing" list is ranked from.
PAIR_CANDIDATES = 60


@dataclass(frozen=True)
class Card:
    """What ranking related models and linking to them needs (duck-types a LanguageModel for rank_related)."""

    pk: int
    slug: str
    name: str
    vendor_id: int
    purpose: str
    parameters_billions: Decimal | None
    release_date: datetime.date | None
    offering_count: int

    @classmethod
    def of(cls, model: LanguageModel, offering_count: int) -> "Card":
        return cls(
            model.pk,
            model.slug,
            model.name,
            model.vendor_id,
            model.purpose,
            model.parameters_billions,
            model.release_date,
            offering_count,
        )


@dataclass(frozen=True)
class ModelParts:
    facts: ModelFacts
    card: Card
    note_partners: frozenset[int]
    # The model's offerings table on comparison pages: the same whichever model it is compared with.
    offering_table: str
    # When its cheapest price last changed and by how much ("" when it never has): the pair page says it.
    change_sentence: str = ""


def _offering_table(facts: ModelFacts) -> str:
    return render_to_string(
        "comparisons/compare.html#offering-table", {"model": facts, "groups": offering_groups(facts)}
    )


def model_parts(revisions: dict[int, int]) -> dict[int, ModelParts]:
    """Parts of these models ({id: revision}): from the caches, else built (three queries for facts and
    offering counts, one for pair notes, however many models are missing)."""
    # Facts say what was retired on the day they were built: a new day, new parts.
    today, _ = day_started()
    keys = {pk: f"parts:{RELEASE}:{today}:{pk}:{revision}" for pk, revision in revisions.items()}
    cached = local_first.get_many(list(keys.values()))
    parts = {pk: cached[key] for pk, key in keys.items() if key in cached}
    missing = [pk for pk in revisions if pk not in parts]
    if missing:
        models = LanguageModel.objects.filter(pk__in=missing).with_facts().with_offering_counts()
        partners: dict[int, set[int]] = {pk: set() for pk in missing}
        for a, b in PairNote.objects.filter(Q(model_a__in=missing) | Q(model_b__in=missing)).values_list(
            "model_a", "model_b"
        ):
            partners.get(a, set()).add(b)
            partners.get(b, set()).add(a)
        built = {}
        facts = {m.pk: model_facts(m) for m in models}
        sentences = last_change_sentences(list(facts.values()))  # one query for all of them
        for m in models:
            built[m.pk] = ModelParts(
                facts[m.pk], Card.of(m, m.offering_count), frozenset(partners[m.pk]),
                _offering_table(facts[m.pk]), sentences.get(facts[m.pk].slug, ""),
            )
        local_first.set_many({keys[pk]: part for pk, part in built.items()})
        parts.update(built)
    return parts


class Cards(list):
    """Every published model's card, most widely offered first (then by name), indexed by vendor and
    purpose so that a page's candidates are found without scanning the catalog."""

    @functools.cached_property
    def positions(self) -> dict[tuple, list[int]]:
        index: dict[tuple, list[int]] = {}
        for position, card in enumerate(self):
            index.setdefault(("vendor", card.vendor_id), []).append(position)
            index.setdefault(("purpose", card.purpose), []).append(position)
        return index


def catalog_cards(catalog_revision: int | None) -> Cards:
    """Every published model's card, most widely offered first (then by name).

    One query per catalog-wide revision (which moves whenever anything on a card changes), shared by
    every page's "related" list through the cache.
    """
    key = f"cards:{RELEASE}:{day_started()[0]}:{catalog_revision}"
    cards = local_first.get(key)
    if cards is None:
        rows = (
            LanguageModel.objects.published()
            .with_offering_counts()
            .order_by("-offering_count", "name")
            .only("slug", "name", "vendor_id", "purpose", "parameters_billions", "release_date")
        )
        cards = Cards(Card.of(m, m.offering_count) for m in rows)
        local_first.set(key, cards)
    return cards


def related_candidates(anchors: list[Card], cards: Cards, limit: int = PAIR_CANDIDATES) -> list[Card]:
    """The published models that share a vendor or a purpose with an anchor (the anchors excluded), most
    widely offered first, then by name: picked from the catalog's cards without a query."""
    keys = {("vendor", a.vendor_id) for a in anchors} | {("purpose", a.purpose) for a in anchors}
    exclude = {a.pk for a in anchors}
    lists = [cards.positions.get(key, []) for key in keys]
    found, last = [], None
    # Positions in the catalog's order, each once: the merged index lists, without scanning the catalog.
    for position in heapq.merge(*lists):
        if position == last:
            continue
        last = position
        card = cards[position]
        if card.pk not in exclude:
            found.append(card)
            if len(found) == limit:
                break
    return found


# Every published model's ranking candidate, for /best/: (key, any-change revision, candidates,
# {model id: (revision, Candidate)}, their providers for the form).
_candidates: tuple[str, int | None, list, dict, list] = ("", None, [], {}, [])
# More changed models than this are read again in one pass over the catalog rather than by id.
RELOAD_AT_MOST = 500


def ranking_candidates() -> list[Candidate]:
    """Every published model's facts with its eligible and free offerings picked out, kept in this process:
    nothing is read while the catalog-wide any-change revision stands (on PostgreSQL the worker's memo
    answers that without a query); after a change, one query of revisions, and only the models whose
    revision moved are read again (the whole catalog in one pass after a bulk change or on first use)."""
    global _candidates
    today, _ = day_started()
    key = f"candidates:{RELEASE}:{today}"
    scope = FactsRevision.objects.lookup(scopes=(FactsRevision.ANY_CHANGE,))
    any_change = scope[0][2] if scope else None
    if _candidates[0] == key and any_change is not None and _candidates[1] == any_change:
        return _candidates[2]
    known = _candidates[3] if _candidates[0] == key else {}
    rows = FactsRevision.objects.filter(slug__isnull=False).values_list("model_id", "revision")
    current, stale = {}, {}
    for pk, revision in rows:
        entry = known.get(pk)
        if entry is not None and entry[0] == revision:
            current[pk] = entry
        else:
            stale[pk] = revision
    if stale:
        models = LanguageModel.objects.published().with_facts()
        if len(stale) <= RELOAD_AT_MOST:
            models = models.filter(pk__in=list(stale))
        for m in models:
            if m.pk in stale:
                current[m.pk] = (stale[m.pk], candidate(model_facts(m)))
    found = [c for _, c in current.values()]
    _candidates = (key, any_change, found, current, _providers_of(found))
    return found


def ranking_providers(candidates: list[Candidate]) -> list[tuple[str, str]]:
    """(slug, name) of every provider with a live offering of these models, by name: /best/'s choices,
    worked out once with the kept candidates."""
    return _candidates[4] if candidates is _candidates[2] else _providers_of(candidates)


def _providers_of(candidates: list[Candidate]) -> list[tuple[str, str]]:
    names = {o.provider_slug: o.provider_name for c in candidates for o in c.model.offerings if o.is_live}
    return sorted(names.items(), key=lambda p: (p[1].lower(), p[0]))
