"""Which model is cheaper at each mix of input and output tokens, over all of each model's offerings.

A model's price at output share s (0 = all input tokens, 1 = all output) is the lowest
(1 - s) x input + s x output among its eligible offerings (`OfferingFacts.is_eligible`): a different
offering can be the cheapest at different shares. That lowest price is piecewise linear and concave in s,
and the difference between two such prices can change sign more than once, so "which is cheaper" is a list
of ranges of shares (`price_mix`), not one crossover. Computed exactly with fractions: a tie must come out
as a tie, and a range's end must not move with rounding.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .facts import OfferingFacts
from .pricing import HUNDRED, OUTPUT_SHARE, cheapest

# The output share each basis of a price is read at: input-only, output-only, the 70/30 blend.
BASIS_SHARES = {"input": Decimal(0), "output": Decimal(1), "blended": OUTPUT_SHARE}

# A line of price against share: (price at share 0, change per unit of share).
Line = tuple[Fraction, Fraction]


def cheapest_on(offerings: Iterable[OfferingFacts], basis: str) -> OfferingFacts | None:
    """The eligible offering with the lowest price on a basis ("input", "output" or "blended"): the price
    that basis's claims compare. Ties go to the lower blended price, so the blended basis names the same
    offering as `cheapest` (the one the offering tables mark "cheapest")."""
    offerings = list(offerings)
    best = cheapest(offerings)
    if best is None or basis == "blended":
        return best
    share = BASIS_SHARES[basis]
    return min((o for o in offerings if o.is_eligible),
               key=lambda o: (o.blended(share), o is not best, o.blended(), o.provider_name.lower(), o.label))


def _lines(offerings: Iterable[OfferingFacts]) -> list[Line]:
    return sorted({
        (Fraction(o.input_price), Fraction(o.output_price) - Fraction(o.input_price))
        for o in offerings if o.is_eligible
    })


def lowest_price(lines: list[Line]) -> list[tuple[Fraction, Line]]:
    """The lower envelope of `lines` over shares 0 to 1: (share it starts at, line) for each piece."""
    current = min(lines)  # the lowest at share 0; of those, the one falling fastest
    start = Fraction(0)
    pieces = [(start, current)]
    while True:
        c0, m0 = current
        # The next line to undercut the current one: the earliest to cross it, then the steepest.
        crossings = [((c - c0) / (m0 - m), m, (c, m)) for c, m in lines if m < m0]
        nxt = min(crossings, default=None)
        if nxt is None or nxt[0] >= 1:
            return pieces
        start, _, current = nxt
        pieces.append((start, current))


def _at(pieces: list[tuple[Fraction, Line]], s: Fraction) -> Fraction:
    c, m = next(line for start, line in reversed(pieces) if start <= s)
    return c + m * s


def percent(share: Fraction) -> Decimal:
    return Decimal(share.numerator) * HUNDRED / Decimal(share.denominator)


@dataclass(frozen=True)
class MixRange:
    """Shares from `start` to `end` (fractions of 1) where `side` ("a" or "b") is strictly cheaper at every
    share strictly inside, or where the two cost the same (`side` None)."""

    start: Fraction
    end: Fraction
    side: str | None

    @property
    def start_percent(self) -> Decimal:
        return percent(self.start)

    @property
    def end_percent(self) -> Decimal:
        return percent(self.end)


@dataclass(frozen=True)
class PriceMix:
    """Which model is cheaper, share by share. `ranges` cover 0 to 1 in order, each side different from
    the next. `ties` are the shares, other than where one range meets the next, where the two cost the
    same; at 0 or 1 a tie keeps that end out of the range ("between 0% and 50%", not "below 50%")."""

    ranges: tuple[MixRange, ...]
    ties: frozenset[Fraction]

    @property
    def crossover(self) -> Decimal | None:
        """The one share (0-100) where the cheaper model changes, when the answer is that simple: two
        ranges, each strictly cheaper on one side, and no tie anywhere else (so the model cheaper above
        the crossover is also cheaper on output alone)."""
        if len(self.ranges) != 2 or self.ties or None in (r.side for r in self.ranges):
            return None
        return self.ranges[1].start_percent


def price_mix(a: Iterable[OfferingFacts], b: Iterable[OfferingFacts]) -> PriceMix | None:
    """Which of two models is cheaper at each output share, each at its cheapest eligible offering for that
    share; None where either has no eligible offering."""
    a_lines, b_lines = _lines(a), _lines(b)
    if not (a_lines and b_lines):
        return None
    a_env, b_env = lowest_price(a_lines), lowest_price(b_lines)

    def gap(s: Fraction) -> Fraction:
        return _at(a_env, s) - _at(b_env, s)

    # Between these shares both prices are linear, so their gap is too: add where it crosses zero.
    shares = sorted({Fraction(0), Fraction(1), *(s for s, _ in a_env), *(s for s, _ in b_env)})
    for p, q in zip(shares, shares[1:], strict=False):
        gp, gq = gap(p), gap(q)
        if gp * gq < 0:
            shares.append(p + (q - p) * gp / (gp - gq))
    shares.sort()

    def side(s: Fraction) -> str | None:
        g = gap(s)
        return "a" if g < 0 else "b" if g > 0 else None

    ranges: list[MixRange] = []
    for p, q in zip(shares, shares[1:], strict=False):
        here = side((p + q) / 2)
        if ranges and ranges[-1].side == here:
            ranges[-1] = MixRange(ranges[-1].start, q, here)
        else:
            ranges.append(MixRange(p, q, here))
    meets = {r.start for r in ranges[1:]}
    ties = frozenset(
        s for s in shares if s not in meets and gap(s) == 0 and _inside_a_cheaper_range(ranges, s)
    )
    return PriceMix(tuple(ranges), ties)


def _inside_a_cheaper_range(ranges: list[MixRange], s: Fraction) -> bool:
    """A tie at `s` inside (or at the open end of) a range where one side is cheaper: worth knowing, since
    the range is then not strictly cheaper all through. A tie inside a tied range is no news."""
    return next(r for r in ranges if r.start <= s <= r.end).side is not None
