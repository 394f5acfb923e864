"""Dated changes as pages say them: a line of /changes/ and of its feeds, an offering's price over time
(a step chart with real dates and the same numbers in a table) and the pair page's "last changed"
sentence. Plain data in (`ChangeFacts`, built from catalog.CatalogChange by comparisons/changes.py),
plain data out; no request, no database."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .facts import region_label
from .offerings import price_text
from .pricing import HUNDRED, format_number, format_usd
from .words import format_date, possessive

PRICE = "price"
NEW_MODEL = "new"
RETIREMENT = "retired"
SOURCE_LABELS = {"editor": "Editor", "litellm": "LiteLLM", "modelsdev": "models.dev", "versus": "Versus"}


@dataclass(frozen=True)
class ChangeFacts:
    """One dated change, as stored (catalog.CatalogChange)."""
    id: int
    kind: str
    model_name: str
    model_slug: str
    effective_on: datetime.date
    source: str
    provider_name: str = ""
    provider_slug: str = ""
    region: str = ""
    field: str = ""
    price_label: str = ""  # "input", "cache write (1 h)"
    old_value: Decimal | None = None
    new_value: Decimal | None = None
    source_url: str = ""
    changed_by: str = ""
    vendor_name: str = ""
    retires_on: datetime.date | None = None

    @property
    def where(self) -> str:
        """"OpenAI", "Amazon Bedrock (EU)"."""
        return f"{self.provider_name} ({region_label(self.region)})" if self.region else self.provider_name

    @property
    def old_text(self) -> str:
        return price_text(self.old_value)

    @property
    def new_text(self) -> str:
        return price_text(self.new_value)

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of the old price; None from no price or from $0."""
        if self.old_value is None or self.new_value is None or self.old_value == 0:
            return None
        return (self.new_value - self.old_value) / self.old_value * HUNDRED

    @property
    def percent_text(self) -> str:
        """"-20%", "+5.3%" ("" when there is no percentage to give)."""
        p = self.percent
        if p is None:
            return "from $0" if self.old_value == 0 and self.new_value else ""
        sign = "+" if p > 0 else "-" if p < 0 else ""
        return f"{sign}{format_number(abs(p))}%"

    @property
    def direction(self) -> str:
        if self.kind != PRICE or self.old_value is None or self.new_value is None:
            return ""
        return "up" if self.new_value > self.old_value else "down" if self.new_value < self.old_value else ""

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def what(self) -> str:
        """"input $1.25 → $1.00 (-20%)"; "new model"; "retirement date March 31, 2027" (set on the day
        `effective_on`; no tense: the date may have passed when a source first gives it)."""
        if self.kind == NEW_MODEL:
            return "new model"
        if self.kind == RETIREMENT:
            return f"retirement date {format_date(self.retires_on or self.effective_on)}"
        percent = f" ({self.percent_text})" if self.percent_text else ""
        return f"{self.price_label} {self.old_text} → {self.new_text}{percent}"

    @property
    def title(self) -> str:
        """A feed entry's title: "GPT-5 at OpenAI: input $1.25 → $1.00 (-20%)"."""
        if self.kind == NEW_MODEL:
            return f"New model: {self.model_name}"
        return f"{self.model_name} at {self.where}: {self.what}"

    @property
    def summary(self) -> str:
        """A feed entry's text: what changed, when, and who says so."""
        by = f" ({self.changed_by})" if self.changed_by and self.source == "editor" else ""
        day = format_date(self.effective_on)
        return f"{self.title}, on {day}. Source: {self.source_label}{by}."


def last_change_sentence(model_name: str, changes: list[ChangeFacts]) -> str:
    """"GPT-5's cheapest price changed on November 28, 2026: input $1.25 → $1.00 (-20%) at OpenAI".
    `changes` are the price changes of the model's cheapest offering; the sentence names the latest day's
    (every price that changed that day); "" when none changed since it was first listed."""
    moved = [c for c in changes if c.kind == PRICE and c.old_value is not None and c.new_value is not None]
    if not moved:
        return ""
    day = max(c.effective_on for c in moved)
    latest = sorted((c for c in moved if c.effective_on == day), key=lambda c: (c.where, c.field))
    where = latest[0].where
    parts = ", ".join(
        f"{c.price_label} {c.old_text} → {c.new_text}" + (f" ({c.percent_text})" if c.percent_text else "")
        for c in latest
    )
    return f"{possessive(model_name)} cheapest price changed on {format_date(day)}: {parts} at {where}."


# An offering's price over time ---------------------------------------------------------------------

SERIES_FIELDS = (("input_price", "Input"), ("output_price", "Output"))


@dataclass(frozen=True)
class Tick:
    label: str  # "Nov 27, 2026"
    left: str  # percent of the chart's width, "37.5"

    @property
    def x(self) -> str:
        """Where the tick's grid line stands in the SVG (its viewBox is OfferingHistory.width wide)."""
        return f"{float(self.left) / 100 * OfferingHistory.width:.1f}"


@dataclass(frozen=True)
class Line:
    label: str
    points: str  # SVG polyline points
    last_text: str
    colour: int


@dataclass(frozen=True)
class OfferingHistory:
    """One offering's prices over time: input and output as steps, every change of every price as a
    table row (newest first)."""
    where: str
    start: datetime.date
    end: datetime.date
    lines: tuple[Line, ...]
    ticks: tuple[Tick, ...]
    top_text: str
    rows: tuple[ChangeFacts, ...]
    width: int = 640
    height: int = 160

    @property
    def bottom(self) -> int:
        return self.height - 1

    @property
    def changed(self) -> bool:
        """Has any of its prices changed since first listed? A flat line says nothing a table doesn't."""
        return any(p.old_value is not None for p in self.rows)

    @property
    def title(self) -> str:
        span = format_date(self.start) if self.start == self.end else \
            f"{format_date(self.start)} to {format_date(self.end)}"
        return f"Input and output price per 1M tokens at {self.where}, {span}"


def _ticks(start: datetime.date, end: datetime.date, most: int = 5) -> tuple[Tick, ...]:
    """Dates at equal intervals from the first day to the last (at most `most`; one a day on a short
    chart), so that labels spread evenly along the axis stand where their dates are."""
    span = (end - start).days
    count = min(most, span + 1)
    if count == 1:
        return (Tick(_short(start), "0.0"),)
    days = [start + datetime.timedelta(days=round(i * span / (count - 1))) for i in range(count)]
    return tuple(Tick(_short(d), f"{(d - start).days / span * 100:.1f}") for d in days)


def _short(day: datetime.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def offering_history(
    where: str, points: list[ChangeFacts], until: datetime.date | None = None
) -> OfferingHistory | None:
    """`points` are one offering's price changes, oldest first (first prices included). The chart runs
    from the first dated price to `until` (the last day the price is known to hold: its "price as of"
    or review date) or the last change, whichever is later."""
    priced = sorted((p for p in points if p.kind == PRICE), key=lambda p: (p.effective_on, p.id))
    if not priced:
        return None
    start = min(p.effective_on for p in priced)
    end = max(max(p.effective_on for p in priced), until or start)
    span = (end - start).days
    steps = {
        field: [(p.effective_on, p.new_value) for p in priced if p.field == field]
        for field, _ in SERIES_FIELDS
    }
    values = [v for series in steps.values() for _, v in series if v is not None]
    top = max(values, default=Decimal(0)) or Decimal(1)
    width, bottom = OfferingHistory.width, OfferingHistory.height - 1

    def x(day: datetime.date) -> float:
        return (day - start).days / span * width if span else 0.0

    def y(value: Decimal) -> float:
        return bottom - float(value / top) * (bottom - 1)

    lines = []
    for colour, (field, label) in enumerate(SERIES_FIELDS):
        coords, previous = [], None
        for day, value in steps[field]:
            if previous is not None:
                coords.append(f"{x(day):.1f},{y(previous):.1f}")  # the old price held until this day
            if value is not None:
                coords.append(f"{x(day):.1f},{y(value):.1f}")
            previous = value
        if previous is None or not coords:
            continue
        coords.append(f"{width},{y(previous):.1f}")
        lines.append(Line(label, " ".join(coords), format_usd(previous), colour))
    return OfferingHistory(
        where=where, start=start, end=end, lines=tuple(lines),
        ticks=_ticks(start, end),
        top_text=format_usd(top) if values else "",
        rows=tuple(sorted(priced, key=lambda p: (p.effective_on, p.id), reverse=True)),
    )
