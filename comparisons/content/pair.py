"""The numbers of one comparison: what the prose, the FAQ and the tables are written from."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from catalog.models import Purpose, Support, Verification

from .facts import CAPABILITY_LABELS, ModelFacts, OfferingFacts, ScoreFacts
from .price_mix import BASIS_SHARES, PriceMix, cheapest_on, price_mix
from .pricing import HUNDRED, PriceDelta, cheapest, price_delta, round1

# Benchmarks that measure the job of a model of each purpose: a verdict cites one of these first when either
# model has that purpose. Chat models are measured on everything, so they bring no preference of their own.
PURPOSE_BENCHMARKS = {
    Purpose.CODE: {
        "swe-bench-verified", "humaneval", "humaneval-plus", "mbpp", "livecodebench", "aider-polyglot",
    },
}


@dataclass(frozen=True)
class SharedScore:
    a: ScoreFacts
    b: ScoreFacts

    @property
    def name(self) -> str:
        return self.a.benchmark_name

    @property
    def settings(self) -> str:
        return self.a.settings

    @property
    def label(self) -> str:
        return f"{self.name} ({self.settings})" if self.settings else self.name

    @property
    def leader(self) -> str | None:
        if self.a.score == self.b.score:
            return None
        a_ahead = self.a.score > self.b.score
        return "a" if a_ahead == self.a.higher_is_better else "b"

    @property
    def points(self) -> Decimal:
        return abs(self.a.score - self.b.score)

    @property
    def verified(self) -> bool:
        """Both scores independently verified: only then is neither a vendor's own claim."""
        return self.a.verification == self.b.verification == Verification.INDEPENDENT

    def score(self, side: str) -> ScoreFacts:
        return self.a if side == "a" else self.b


@dataclass(frozen=True)
class Pair:
    a: ModelFacts
    b: ModelFacts

    def model(self, side: str) -> ModelFacts:
        return self.a if side == "a" else self.b

    @staticmethod
    def other(side: str) -> str:
        return "b" if side == "a" else "a"

    @cached_property
    def cheapest_a(self) -> OfferingFacts | None:
        return cheapest(self.a.offerings)

    @cached_property
    def cheapest_b(self) -> OfferingFacts | None:
        return cheapest(self.b.offerings)

    def cheapest(self, side: str) -> OfferingFacts | None:
        return self.cheapest_a if side == "a" else self.cheapest_b

    def cheapest_on(self, side: str, basis: str) -> OfferingFacts | None:
        """The side's cheapest eligible offering on a basis: its lowest input price, its lowest output
        price, its cheapest at the blend; each basis at the offering that is cheapest there."""
        return cheapest_on(self.model(side).offerings, basis)

    @cached_property
    def deltas(self) -> dict[str, PriceDelta]:
        """Input, output and blended price deltas, each basis between the two models' cheapest eligible
        offerings on that basis (which can be three different offerings of one model), where both are
        priced."""
        if self.cheapest_a is None or self.cheapest_b is None:
            return {}
        deltas = {}
        for basis in ("input", "output", "blended"):
            a, b = self.cheapest_on("a", basis), self.cheapest_on("b", basis)
            deltas[basis] = price_delta(basis, a.blended(BASIS_SHARES[basis]), b.blended(BASIS_SHARES[basis]))
        return deltas

    @cached_property
    def mix(self) -> PriceMix | None:
        """Which model is cheaper at each share of output tokens, over all their eligible offerings."""
        return price_mix(self.a.offerings, self.b.offerings)

    @cached_property
    def crossover(self) -> Decimal | None:
        """The output share (0-100) above which the other model is the cheaper one, where a single share
        says it all (`PriceMix.crossover`) and it does not round to 0% or 100%."""
        share = self.mix.crossover if self.mix else None
        return share if share is not None and 0 < round1(share) < HUNDRED else None

    @property
    def output_cheaper_side(self) -> str | None:
        """With a crossover: the side cheaper above it, and on output alone."""
        return self.mix.ranges[-1].side if self.crossover is not None else None

    @property
    def same_purpose(self) -> bool:
        return self.a.purpose == self.b.purpose

    @cached_property
    def shared_scores(self) -> list[SharedScore]:
        b_scores = {s.key: s for s in self.b.scores}
        shared = [SharedScore(s, b_scores[s.key]) for s in self.a.scores if s.key in b_scores]
        return sorted(shared, key=lambda s: (s.name.lower(), s.settings))

    @cached_property
    def cited_score(self) -> SharedScore | None:
        """The shared benchmark the verdict cites: a verified one before any that is not (a self-reported
        score is never cited where a verified shared one exists); then one that measures the pair's purpose
        (PURPOSE_BENCHMARKS); then the first by name, as the table lists them. The choice never looks at who
        leads, so it cannot pick the benchmark that flatters one side; the verdict's tally names the rest."""
        relevant = set().union(*(PURPOSE_BENCHMARKS.get(m.purpose, set()) for m in (self.a, self.b)))
        ranked = sorted(
            self.shared_scores, key=lambda s: (not s.verified, s.a.benchmark_slug not in relevant)
        )  # sorted() is stable: ties keep the table's order
        return ranked[0] if ranked else None

    def capability_states(self) -> list[tuple[str, str, str]]:
        return [(key, self.a.capability(key), self.b.capability(key)) for key in CAPABILITY_LABELS]

    def capabilities_only(self, side: str) -> list[str]:
        """Capabilities this side has (yes) and the other lacks (no): sourced on both sides."""
        mine, theirs = (1, 2) if side == "a" else (2, 1)
        return [
            row[0] for row in self.capability_states()
            if row[mine] == Support.YES and row[theirs] == Support.NO
        ]

    def capabilities_unsourced(self, side: str) -> list[str]:
        """Capabilities the other side has but this side's support is not yet sourced."""
        mine, theirs = (1, 2) if side == "a" else (2, 1)
        return [
            row[0] for row in self.capability_states()
            if row[mine] == Support.UNKNOWN and row[theirs] == Support.YES
        ]
