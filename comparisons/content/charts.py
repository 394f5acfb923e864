"""Charts drawn from prices: the bar chart of a comparison's cheapest prices and the step chart of a
model's price history. Numbers and coordinates only;
comparisons/compare.html#price-chart and model_detail.html
draw them."""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from .pair import Pair
from .pricing import blend_label


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
