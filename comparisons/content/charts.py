"""Charts drawn from prices: the bar chart of a comparison's cheapest prices and the step chart of a
model's price history. Numbers and coordinates only;
comparisons/compare.html#price-chart and model_detail.html
draw them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from catalog.models import blend_price

from .offerings import price_text
from .pair import Pair
from .pricing import blend_label, format_usd


class Bar(NamedTuple):
    """One model's bar; a tuple that templates unpack (see pages.Row)."""
    name: str
    side: str
    value_text: str
    width: str  # percent of the longest bar, to one decimal place: "62.5"


class BarGroup(NamedTuple):
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars drawn in HTML (comparisons/compare.html#price-chart): text stays at the page's size on
    every screen; each bar is an SVG stretched to its share of the row."""
    title: str
    groups: tuple[BarGroup, ...]


def bar_chart(title: str, names: list[str], rows: list[tuple[str, list[tuple[Decimal, str]]]]) -> BarChart:
    """Horizontal bars, one group per row (input, output, blended), one bar per model, one scale for all."""
    top = max((value for _, bars in rows for value, _ in bars), default=Decimal(0))
    groups = []
    for label, values in rows:
        bars = tuple(
            Bar(names[index], str(index), text, f"{float(value / top * 100) if top else 0.0:.1f}")
            for index, (value, text) in enumerate(values)
        )
        groups.append(BarGroup(label, bars))
    return BarChart(title=title, groups=tuple(groups))


# The chart's rows, one per basis, as the tables beside it name them.
BASIS_ROWS = (("input", "Input"), ("output", "Output"), ("blended", f"Blended {blend_label(short=True)}"))


def price_chart(pair: Pair) -> BarChart | None:
    deltas = pair.deltas
    if not deltas:
        return None
    rows = [
        (label, [(deltas[b].a, deltas[b].a_text), (deltas[b].b, deltas[b].b_text)]) for b, label in BASIS_ROWS
    ]
    return bar_chart(f"Price per 1M tokens: {pair.a.name} vs {pair.b.name}", [pair.a.name, pair.b.name], rows)


# Price history ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PricePoint:
    """One row of an offering's history: when it was saved, what it charged, and the date an editor or
    importer had last checked that price against its source."""
    when: datetime.datetime | datetime.date
    provider_name: str
    input_price: Decimal | None
    output_price: Decimal | None
    reviewed: datetime.date | None = None

    @property
    def blended(self) -> Decimal | None:
        return blend_price(self.input_price, self.output_price)

    @property
    def input_text(self) -> str:
        return price_text(self.input_price)

    @property
    def output_text(self) -> str:
        return price_text(self.output_price)


@dataclass(frozen=True)
class Series:
    provider_name: str
    points: str  # SVG polyline points
    last_text: str
    colour: int


@dataclass(frozen=True)
class HistoryChart:
    """A step chart: the SVG holds only lines (stretched to the page's width); its labels are HTML."""
    title: str
    series: tuple[Series, ...]
    changes: tuple[PricePoint, ...]
    top_text: str
    start: datetime.date
    end: datetime.date
    width: int = 640
    height: int = 160

    @property
    def bottom(self) -> int:
        return self.height - 1


def _day(when: datetime.datetime | datetime.date) -> datetime.date:
    return when.date() if isinstance(when, datetime.datetime) else when


def price_dates(points: list[PricePoint]) -> list[PricePoint]:
    """The price changes among history rows (oldest first), each dated by when its price held.

    A row that did not change a provider's price is not a change. A change is dated by its review date
    when that date is after the last day the old price is known to have held and not after the row was
    saved (a price sourced on Nov 27 and loaded on Dec 2 held from Nov 27, as "Price as of" says);
    otherwise by the day it was saved (an edit that left an older review date standing)."""
    changes, last, held = [], {}, {}
    for p in points:
        key, saved, provider = (p.input_price, p.output_price), _day(p.when), p.provider_name
        if last.get(provider) != key:
            known = held.get(provider)
            sourced = p.reviewed and p.reviewed <= saved and (known is None or p.reviewed > known)
            day = p.reviewed if sourced else saved
            changes.append(PricePoint(day, provider, p.input_price, p.output_price, p.reviewed))
            last[provider], held[provider] = key, day
        else:  # the same price, still there when this row was saved
            held[provider] = max(held[provider], saved)
    return sorted(changes, key=lambda p: p.when)


def price_history(
    points: list[PricePoint], as_of: datetime.date | None, model_name: str
) -> HistoryChart | None:
    """A step chart of each provider's blended price over time, from the audit history.

    `points` are history rows oldest first (see price_dates). The chart runs from the first dated price
    to the latest date a price is known for (`as_of`, the newest "Price as of" of the model's offerings,
    or the last change if that is later), never to a day nobody checked.
    """
    changes = price_dates(points)
    priced = [p for p in changes if p.blended is not None]
    if not priced:
        return None
    start = priced[0].when
    end = max(priced[-1].when, as_of or start)
    span = (end - start).days
    top = max(p.blended for p in priced) or Decimal(1)
    chart = HistoryChart(title="", series=(), changes=(), top_text="", start=start, end=end)

    def xy(when: datetime.date, value: Decimal) -> str:
        x = (when - start).days / span * chart.width if span else 0.0
        y = chart.bottom - float(value / top) * (chart.bottom - 1)
        return f"{x:.1f},{y:.1f}"

    series = []
    providers = sorted({p.provider_name for p in priced}, key=str.lower)
    for colour, provider in enumerate(providers):
        coords, previous = [], None
        for p in (p for p in priced if p.provider_name == provider):
            if previous is not None:
                coords.append(xy(p.when, previous))  # step: hold the old price until the change
            coords.append(xy(p.when, p.blended))
            previous = p.blended
        # Held to the chart's right edge (on a one-day chart, the line is the price on that day).
        coords.append(f"{chart.width},{xy(end, previous).split(',')[1]}")
        series.append(Series(provider, " ".join(coords), format_usd(previous), colour % 8))
    return HistoryChart(
        title=f"Blended {blend_label(short=True)} price per 1M tokens of {model_name}, by provider",
        series=tuple(series),
        changes=tuple(reversed(changes)),
        top_text=format_usd(top),
        start=start,
        end=end,
    )
