"""Which comparisons to suggest next: related pairs, not random ones."""

from collections.abc import Iterable
from dataclasses import dataclass

from catalog.slugs import pair_slug

from . import links


@dataclass(frozen=True)
class Suggestion:
    anchor: object  # the model already on the page
    other: object  # the model to compare it with
    why: str

    @property
    def slug(self) -> str:
        return pair_slug(self.anchor.slug, self.other.slug)

    @property
    def url(self) -> str:
        return pair_url(self.slug)


def pair_url(slug: str) -> str:
    return links.pair_url(slug)


def _score(anchor, candidate) -> int:
    """Similarity: same vendor 3, same purpose 2, similar parameter count 2, released within a year 1."""
    score = 0
    if candidate.vendor_id == anchor.vendor_id:
        score += 3
    if candidate.purpose == anchor.purpose:
        score += 2
    x, y = anchor.parameters_billions, candidate.parameters_billions
    if x and y and max(x, y) <= min(x, y) * 2:
        score += 2
    if (
        anchor.release_date
        and candidate.release_date
        and abs((anchor.release_date - candidate.release_date).days) <= 365
    ):
        score += 1
    return score


def _reasons(anchor, candidate) -> str:
    why = []
    if candidate.vendor_id == anchor.vendor_id:
        why.append("same vendor")
    if candidate.purpose == anchor.purpose:
        why.append("same purpose")
    x, y = anchor.parameters_billions, candidate.parameters_billions
    if x and y and max(x, y) <= min(x, y) * 2:
        why.append("similar size")
    if (
        anchor.release_date
        and candidate.release_date
        and abs((anchor.release_date - candidate.release_date).days) <= 365
    ):
        why.append("released within a year")
    return ", ".join(why)


def rank_related(anchors: list, candidates: list, limit: int = 6) -> list[Suggestion]:
    """The most similar (anchor, candidate) pairs, each candidate once, best first.

    Similarity: same vendor, same purpose, similar parameter count, release within a year; ties go to the
    candidate offered by more providers (the caller orders candidates that way), then by name. Each
    candidate is paired with the anchor it is most similar to (the first anchor on a tie).
    """
    scored = []
    for index, candidate in enumerate(candidates):
        best, anchor = -1, None
        for a in anchors:
            score = _score(a, candidate)
            if score > best:
                best, anchor = score, a
        scored.append((-best, index, anchor))
    scored.sort(key=lambda t: (t[0], t[1]))
    # The reasons are spelled out only for the suggestions shown.
    return [
        Suggestion(anchor, candidates[index], _reasons(anchor, candidates[index]))
        for _, index, anchor in scored[:limit]
    ]


def sibling_pairs(models: list, taken: Iterable[frozenset] = (), tries: int = 1) -> list[tuple]:
    """Each of `models` with its closest sibling among them (`rank_related`), in the order given, each pair
    once: [(model, sibling), ...]. A model whose `tries` closest siblings are all in a pair already listed,
    or in `taken` (frozensets of two pks), is left out."""
    seen, pairs = set(taken), []
    for model in models:
        others = [m for m in models if m.pk != model.pk]
        for suggestion in rank_related([model], others, limit=tries):
            key = frozenset((model.pk, suggestion.other.pk))
            if key not in seen:
                seen.add(key)
                pairs.append((model, suggestion.other))
                break
    return pairs
