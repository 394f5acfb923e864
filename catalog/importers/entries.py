"""What an importer reads from a source, before it touches the database: one `Entry` per model at one
provider, already validated and converted (USD per 1M tokens as exact Decimals, dates, tri-states).

Bad rows never raise: they become `Rejected` with a reason; entries that are not text models become
`Skipped`; both are counted in the report.
"""

import datetime
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from ..bounds import plausible_price, plausible_tokens
from ..models import Purpose
from .families import UNATTRIBUTED, VENDOR_BY_FAMILY, guess_purpose
from .names import (
    FREE_SUFFIX,
    free_variant,
    guess_name,
    model_key,
    not_a_model,
    split_region,
    split_snapshot,
)
from .vendors import guess_vendor

# Names and vendors live in names.py and families.py; importers and apply.py take them from here too.
__all__ = [
    "FREE_SUFFIX", "UNATTRIBUTED", "VENDOR_BY_FAMILY", "free_variant", "guess_name",
    "guess_purpose", "guess_vendor", "model_key", "not_a_model", "split_region", "split_snapshot",
    "Entry", "Parsed", "RowError",
]

MILLION = Decimal(1_000_000)
PRICE_PLACES = Decimal("0.000001")  # the catalog stores prices to a millionth of a dollar per 1M tokens


class RowError(ValueError):
    """A row that cannot be imported; its message is the reason shown in the report."""


@dataclass
class Entry:
    source: str
    origin: str  # the entry's own key in the source, for the report and for disagreements
    provider_key: str  # the source's provider id
    provider_name: str  # display name when the source gives one
    model_id: str  # the provider's model id, without the provider prefix
    name: str  # display name: the source's, or a guess from the id
    region: str = ""
    purpose: str = Purpose.CHAT
    model_facts: dict[str, object] = field(default_factory=dict)
    offering_facts: dict[str, object] = field(default_factory=dict)
    # True when no source named the model and `name` was made from its id (an editor should look at it).
    name_from_id: bool = False
    snapshot: str = ""  # the dated snapshot the id names ("2024-10-22"), kept out of the model's key
    vendor: tuple[str, str] = UNATTRIBUTED  # (slug, name) from guess_vendor, with the source's provider
    said_on: datetime.date | None = None  # the day the source says it last updated the entry
    model_hint: str = ""  # "<vendor slug>/<model slug>": a row of Versus's own export names its model

    @property
    def keys(self) -> list[str]:
        """What aliases and existing models are matched against, most specific first."""
        return [self.origin, self.model_id, self.name]

    @property
    def key(self) -> str:
        """The model's identity (names.model_key): from a source's display name, else from the id."""
        return model_key(self.model_id if self.name_from_id else self.name) or model_key(self.model_id)


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    rounded: int = 0  # prices with more than six decimal places per 1M tokens, rounded half-even
    ignored_fields: Counter = field(default_factory=Counter)


# Values ------------------------------------------------------------------------------------------

def number(value, what: str) -> Decimal:
    """A finite, non-negative number from JSON (parsed with Decimal for floats, so never rounded)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise RowError(f"{what} is not a number ({value!r})")
    if isinstance(value, float) and not math.isfinite(value):
        raise RowError(f"{what} is not a finite number ({value!r})")
    try:
        result = Decimal(value) if not isinstance(value, float) else Decimal(repr(value))
    except InvalidOperation as exc:
        raise RowError(f"{what} is not a number ({value!r})") from exc
    if not result.is_finite():
        raise RowError(f"{what} is not a finite number ({value!r})")
    if result < 0:
        raise RowError(f"{what} is negative ({value})")
    return result


def price_per_million(value, what: str, per_token: bool, parsed: Parsed) -> Decimal:
    amount = number(value, what) * (MILLION if per_token else 1)
    if not plausible_price(amount):
        raise RowError(f"{what} is absurd: ${amount.normalize():f} per 1M tokens")
    stored = amount.quantize(PRICE_PLACES, rounding=ROUND_HALF_EVEN)
    if stored != amount:
        parsed.rounded += 1
    return stored


def token_count(value, what: str) -> int:
    amount = number(value, what)
    if amount != amount.to_integral_value():
        raise RowError(f"{what} is not a whole number ({value})")
    if not plausible_tokens(amount):
        raise RowError(f"{what} is absurd ({value})")
    return int(amount)


def flag(value, what: str) -> str:
    if not isinstance(value, bool):
        raise RowError(f"{what} is not true or false ({value!r})")
    return "yes" if value else "no"


def day(value, what: str) -> datetime.date:
    """"2024-09-25", or a month "2023-12" (stored as its first day)."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", value):
        raise RowError(f"{what} is not a date ({value!r})")
    try:
        return datetime.date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    except ValueError as exc:
        raise RowError(f"{what} is not a date ({value!r})") from exc


def http_url(value) -> str:
    return value if isinstance(value, str) and re.match(r"https?://\S+$", value) and len(value) <= 500 else ""
