"""Which comparisons to suggest next: related pairs, not random ones."""

from dataclasses import dataclass

from catalog.slugs import PAIR_SEPARATOR

from . import links


def pair_slug(*slugs: str) -> str:
    """The canonical comparison slug: model slugs in alphabetical order, joined by "-vs-"."""
    return PAIR_SEPARATOR.join(sorted(slugs))


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


def _similarity(anchor, candidate) -> tuple[int, list[str]]:
    score, why = 0, []
    if candidate.vendor_id == anchor.vendor_id:
        score += 3
        why.append("same vendor")
    if candidate.purpose == anchor.purpose:
        score += 2
        why.append("same purpose")
    x, y = anchor.parameters_billions, candidate.parameters_billions
    if x and y and max(x, y) <= min(x, y) * 2:
        score += 2
        why.append("similar size")
    if anchor.release_date and candidate.release_date and abs((anchor.release_date - candidate.release_date).days) <= 365:
        score += 1
        why.append("released within a year")
    return score, why


def rank_related(anchors: list, candidates: list, limit: int = 6) -> list[Suggestion]:
    """The most similar (anchor, candidate) pairs, each candidate once, best first.

    Similarity: same vendor, same purpose, similar parameter count, release within a year; ties go to the
    candidate offered by more providers (the caller orders candidates that way), then by name.
    """
    scored = []
    for index, candidate in enumerate(candidates):
        (score, why), anchor = max(((_similarity(a, candidate), a) for a in anchors), key=lambda t: t[0][0])
        scored.append((-score, index, anchor, why))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [Suggestion(anchor, candidates[index], ", ".join(why)) for _, index, anchor, why in scored[:limit]]
