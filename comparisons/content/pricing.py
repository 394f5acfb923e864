"""Prices and the numbers derived from them, computed exactly with Decimal.

The methodology page states these rules; keep the two in step:
- a model's price is that of its cheapest eligible offering by blended price (live, priced, at a
  pay-as-you-go API, not an unconfirmed $0): one price anyone can pay, its input and output shown together
  in the tables; free tiers, trials, subscriptions, local runtimes and routers never win;
- a comparison on one basis (input, output, blended) takes each model at its cheapest eligible offering on
  that basis, and which model is cheaper at which share of output tokens takes each model at its cheapest
  offering for that share (price_mix.py), so a claim holds whichever offering anyone picks;
- blended = 70% input + 30% output price per 1M tokens by default;
- "X% cheaper" is (dearer - cheaper) / dearer; "N times as much" is dearer / cheaper;
- prices are shown exactly (no rounding), so every percentage can be recomputed from what is shown;
- percentages are rounded half-up to one decimal place.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from catalog.models import DEFAULT_OUTPUT_SHARE

from .facts import OfferingFacts

OUTPUT_SHARE = DEFAULT_OUTPUT_SHARE
HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")
# Below this ratio "N times as much" reads oddly ("1.1 times"); say "N% more" instead.
TIMES_THRESHOLD = Decimal("1.5")


def blend_shares(output_share: Decimal = OUTPUT_SHARE) -> tuple[int, int]:
    """(input %, output %) of a blended price: (70, 30) by default."""
    out = int(output_share * 100)
    return 100 - out, out


def blend_label(output_share: Decimal = OUTPUT_SHARE, *, short: bool = False) -> str:
    """How every page names the blend: "70/30 input/output", or "70/30" where the basis is clear."""
    ratio = "{}/{}".format(*blend_shares(output_share))
    return ratio if short else f"{ratio} input/output"


BASIS_LABELS = {"input": "input", "output": "output", "blended": f"blended {blend_label(short=True)}"}


def cheapest(
    offerings: Iterable[OfferingFacts], output_share: Decimal = OUTPUT_SHARE
) -> OfferingFacts | None:
    """The eligible offering (`OfferingFacts.is_eligible`: live, priced, pay-as-you-go, not an unconfirmed
    $0) with the lowest blended price (ties: lower input price, then provider name). A model's price."""
    priced = [o for o in offerings if o.is_eligible]
    if not priced:
        return None
    return min(priced, key=lambda o: (o.blended(output_share), o.input_price, o.provider_name.lower()))


def decimals_needed(*values: Decimal | None) -> int:
    """Decimal places that show every value exactly, at least 2 ($0.10, $0.027, $0.081)."""
    places = 2
    for value in values:
        if value is not None:
            exponent = value.normalize().as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
    return places


def format_usd(value: Decimal, decimals: int | None = None) -> str:
    places = decimals_needed(value) if decimals is None else decimals
    quantized = value.quantize(Decimal(1).scaleb(-places))
    return f"${quantized:,.{places}f}"


def round1(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def format_number(value: Decimal) -> str:
    """One decimal place, without a trailing ".0": 70, 41.2, 3.3."""
    text = f"{round1(value):f}"
    return text.removesuffix(".0")


def format_percent(value: Decimal) -> str:
    # Keep the sign of a tiny or near-total difference honest instead of rounding it to 0% or 100%.
    if 0 < value < Decimal("0.05"):
        return "less than 0.1%"
    if Decimal("99.95") <= value < HUNDRED:
        return "more than 99.9%"
    return f"{format_number(value)}%"


@dataclass(frozen=True)
class PriceDelta:
    """How two prices on one basis compare. `cheaper` is "a", "b" or None for a tie."""

    basis: str
    a: Decimal
    b: Decimal

    @property
    def label(self) -> str:
        return BASIS_LABELS[self.basis]

    @property
    def decimals(self) -> int:
        return decimals_needed(self.a, self.b)

    @property
    def a_text(self) -> str:
        return format_usd(self.a, self.decimals)

    @property
    def b_text(self) -> str:
        return format_usd(self.b, self.decimals)

    @property
    def cheaper(self) -> str | None:
        if self.a == self.b:
            return None
        return "a" if self.a < self.b else "b"

    @property
    def low(self) -> Decimal:
        return min(self.a, self.b)

    @property
    def high(self) -> Decimal:
        return max(self.a, self.b)

    @property
    def percent_cheaper(self) -> Decimal | None:
        if self.cheaper is None:
            return None
        return (self.high - self.low) / self.high * HUNDRED

    @property
    def percent_text(self) -> str:
        return format_percent(self.percent_cheaper) if self.percent_cheaper is not None else ""

    @property
    def free(self) -> bool:
        """The cheaper side costs nothing: "N times as much" would be a division by zero."""
        return self.cheaper is not None and self.low == 0

    @property
    def dearer_costs(self) -> str:
        """How much the dearer side costs relative to the cheaper one: "3.3 times as much", "10% more"."""
        if self.cheaper is None or self.free:
            return ""
        ratio = self.high / self.low
        if ratio >= TIMES_THRESHOLD:
            return f"{format_number(ratio)} times as much"
        return f"{format_percent((ratio - 1) * HUNDRED)} more"


def price_delta(basis: str, a: Decimal | None, b: Decimal | None) -> PriceDelta | None:
    if a is None or b is None:
        return None
    return PriceDelta(basis, a, b)


def format_tokens(n: int) -> str:
    """A token count as people say it: 128K for 128,000 and for 131,072; 1M for 1,000,000, 1,048,576
    and 1,024,000; 200K; 8K for 8,192. Decimal units come first: 128,000 is 125 x 1,024, not "125K"."""
    if n >= 1_000_000:
        for unit in (1_000_000, 1024 * 1024, 1000 * 1024):
            if n % unit == 0:
                return f"{n // unit:,}M"
        return f"{n / 1_000_000:,.1f}".removesuffix(".0") + "M"
    for unit in (1000, 1024):
        if n >= unit and n % unit == 0:
            return f"{n // unit:,}K"
    if n >= 10_000:
        thousands = round(n / 1000)
        return "1M" if thousands >= 1000 else f"{thousands:,}K"
    return f"{n:,}"


def format_token_pair(big: int, small: int) -> tuple[str, str]:
    """Two different token counts as two different texts: "128K" and "64K", but "131,072" and
    "128,000" where both would read "128K"."""
    if format_tokens(big) == format_tokens(small):
        return f"{big:,}", f"{small:,}"
    return format_tokens(big), format_tokens(small)


def format_token_count(n: int) -> str:
    """A number of tokens with its noun: "1 token", "500 tokens", "128K tokens"."""
    return f"{format_tokens(n)} {'token' if n == 1 else 'tokens'}"
