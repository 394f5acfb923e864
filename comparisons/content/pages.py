"""Assemble whole pages from facts: plain data in, plain data out, ready for a template."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.models import ProviderKind, Support, blend_price

from .facts import CAPABILITY_LABELS, ModelFacts, OfferingFacts
from .faq import FaqEntry, build_faq, where_to_run
from .pair import Pair, SharedScore
from .pricing import (
    PriceDelta,
    best_line,
    blend_label,
    cheapest,
    cost_lines,
    decimals_needed,
    format_percent,
    format_token_pair,
    format_usd,
)
from .prose import (
    NOT_SOURCED,
    SPEC_ROWS,
    deep_dive,
    join_words,
    plural,
    price_summary,
    reasons,
    spec_values,
    verdict,
)

TITLE_LIMIT = 60
DESCRIPTION_LIMIT = 160
# A pair page is worth indexing only when it states at least this many sourced differences.
MIN_DIFFERENCES_TO_INDEX = 3


@dataclass(frozen=True)
class EditorNote:
    intro: str = ""
    last_reviewed: datetime.date | None = None
    questions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Row:
    label: str
    a: str
    b: str

    @property
    def differs(self) -> bool:
        return self.a != self.b


@dataclass(frozen=True)
class OfferingRow:
    offering: OfferingFacts
    input_text: str
    output_text: str
    blended_text: str
    cached_text: str
    cheapest: bool


# Offerings that cannot be a model's price, each kind in its own group under these headings.
GROUP_HEADINGS = {
    ProviderKind.FREE_TIER: "Free tiers and trials",
    ProviderKind.SUBSCRIPTION: "Subscriptions",
    ProviderKind.LOCAL: "Local runtimes",
    ProviderKind.ROUTER: "Routers and gateways",
}
GROUP_NOTES = {
    ProviderKind.FREE_TIER: "Rate- or time-limited access for trying the model: not a price for production use, "
                            "so never its cheapest.",
    ProviderKind.SUBSCRIPTION: "Included in a monthly plan with a usage allowance: no per-token price, so never "
                               "its cheapest.",
    ProviderKind.LOCAL: "Software that runs the model on your own hardware: the cost is your hardware, so never "
                        "its cheapest.",
    ProviderKind.ROUTER: "Resell other providers' offerings through one API: listed, but never its cheapest.",
}


@dataclass(frozen=True)
class OfferingGroup:
    """Rows of one kind of provider: pay-as-you-go APIs first (no heading), then each other kind."""
    kind: str
    rows: list[OfferingRow]

    @property
    def heading(self) -> str:
        return GROUP_HEADINGS.get(self.kind, "")

    @property
    def note(self) -> str:
        return GROUP_NOTES.get(self.kind, "")

    @property
    def terms(self) -> list[tuple[str, str]]:
        """(provider, what it says of its terms) for the group's providers that have terms on record."""
        seen = {r.offering.provider_name: r.offering.provider_terms for r in self.rows if r.offering.provider_terms}
        return sorted(seen.items(), key=lambda t: t[0].lower())


@dataclass(frozen=True)
class Bar:
    name: str
    side: str
    value_text: str
    width: float  # percent of the longest bar

    # Computed here rather than with template filters (which cost more).
    @property
    def width_text(self) -> str:
        return f"{self.width:.1f}"


@dataclass(frozen=True)
class BarGroup:
    label: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars drawn in HTML (templatetags/versus.py chart_bars): text stays at the page's size
    on every screen; each bar is an SVG stretched to its share of the row."""
    title: str
    groups: tuple[BarGroup, ...]


@dataclass
class ComparisonPage:
    pair: Pair
    title: str
    description: str
    verdict: str
    price_summary: list[str]
    specs: list[Row]
    capabilities: list[Row]
    shared_scores: list[SharedScore]
    deep_dive: list[str]
    reasons: dict[str, list[str]]
    faq: list[FaqEntry]
    chart: BarChart | None
    sources: list[tuple[str, str]]
    last_reviewed: datetime.date | None
    indexable: bool
    differences: int
    note: EditorNote = field(default_factory=EditorNote)

    @property
    def a(self) -> ModelFacts:
        return self.pair.a

    @property
    def b(self) -> ModelFacts:
        return self.pair.b

    @property
    def offering_tables(self) -> list[tuple[ModelFacts, list[OfferingGroup]]]:
        """Each model's offerings by kind, cheapest first (the page renders them once per model: parts.py)."""
        return [(self.a, offering_groups(self.a)), (self.b, offering_groups(self.b))]

    @property
    def choose(self) -> list[tuple[ModelFacts, list[str]]]:
        return [(self.a, self.reasons["a"]), (self.b, self.reasons["b"])]

    @property
    def prose(self) -> list[str]:
        """Every generated sentence on the page, for checks that no sentence says the same thing twice."""
        return [
            self.verdict, *self.deep_dive, *self.reasons["a"], *self.reasons["b"],
            *(entry.answer for entry in self.faq if not entry.editorial),
        ]


def _price_text(value: Decimal | None) -> str:
    return format_usd(value) if value is not None else NOT_SOURCED


def offering_row(o: OfferingFacts, is_cheapest: bool = False) -> OfferingRow:
    if not o.is_priced:  # an unconfirmed $0 is no price: "Not yet sourced", like a missing one
        return OfferingRow(o, NOT_SOURCED, NOT_SOURCED, NOT_SOURCED, _price_text(o.cached_input_price), False)
    return OfferingRow(
        o, _price_text(o.input_price), _price_text(o.output_price), _price_text(o.blended()),
        _price_text(o.cached_input_price), is_cheapest and o.is_eligible,
    )


def offering_rows(model: ModelFacts) -> list[OfferingRow]:
    """Every offering of a model, cheapest (blended) first, unpriced ones last; only the cheapest eligible
    offering (pricing.cheapest) is marked cheapest."""
    best = cheapest(model.offerings)

    def sort_key(o: OfferingFacts):
        return (not o.is_priced, o.blended() if o.is_priced else 0, o.provider_name.lower(), o.region)

    return [offering_row(o, o is best) for o in sorted(model.offerings, key=sort_key)]


def offering_groups(model: ModelFacts) -> list[OfferingGroup]:
    """A model's offering table: pay-as-you-go rows, then free tiers and trials, subscriptions, local
    runtimes and routers, each group under its own heading; empty groups are left out."""
    rows = offering_rows(model)
    kinds = [ProviderKind.PAY_AS_YOU_GO, *GROUP_HEADINGS]
    groups = [OfferingGroup(kind, [r for r in rows if r.offering.provider_kind == kind]) for kind in kinds]
    return [g for g in groups if g.rows]


def bar_chart(title: str, names: list[str], rows: list[tuple[str, list[tuple[Decimal, str]]]]) -> BarChart:
    """Horizontal bars, one group per row (input, output, blended), one bar per model, one scale for all."""
    top = max((value for _, bars in rows for value, _ in bars), default=Decimal(0))
    groups = []
    for label, values in rows:
        bars = tuple(
            Bar(names[index], str(index), text, round(float(value / top * 100), 1) if top else 0.0)
            for index, (value, text) in enumerate(values)
        )
        groups.append(BarGroup(label, bars))
    return BarChart(title=title, groups=tuple(groups))


BASIS_ROWS = (("input", "Input"), ("output", "Output"), ("blended", f"Blended {blend_label().split()[0]}"))


def price_chart(pair: Pair) -> BarChart | None:
    deltas = pair.deltas
    if not deltas:
        return None
    rows = [(label, [(deltas[b].a, deltas[b].a_text), (deltas[b].b, deltas[b].b_text)]) for b, label in BASIS_ROWS]
    return bar_chart(f"Price per 1M tokens: {pair.a.name} vs {pair.b.name}", [pair.a.name, pair.b.name], rows)


def difference_count(pair: Pair) -> int:
    """How many sourced facts the page states a difference on (the indexing rule, see methodology)."""
    a, b = pair.a, pair.b
    count = 0
    deltas = pair.deltas
    count += any(d.cheaper is not None for d in deltas.values())
    count += not pair.same_purpose
    count += a.provider_count != b.provider_count
    for attr in ("context_window", "max_output_tokens", "parameters_billions", "knowledge_cutoff", "release_date"):
        x, y = getattr(a, attr), getattr(b, attr)
        count += x is not None and y is not None and x != y
    count += {a.open_weights, b.open_weights} == {Support.YES, Support.NO}
    count += len(pair.capabilities_only("a")) + len(pair.capabilities_only("b"))
    count += sum(1 for s in pair.shared_scores if s.leader is not None)
    return count


def _title(a: ModelFacts, b: ModelFacts) -> str:
    base = f"{a.name} vs {b.name}"
    for suffix in (": price, specs and benchmarks", ": price and specs"):
        if len(base + suffix) <= TITLE_LIMIT:
            return base + suffix
    return base


def shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """Cut at a sentence end if one fits, else at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    if end >= limit // 2:
        return cut[: end + 1]
    return cut[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _sources(pair: Pair) -> list[tuple[str, str]]:
    scores = [(shared.name, score, model) for shared in pair.shared_scores
              for score, model in ((shared.a, pair.a), (shared.b, pair.b))]
    return _model_sources([pair.a, pair.b], scores)


def _model_sources(models: list[ModelFacts], scores: list[tuple[str, object, ModelFacts]]) -> list[tuple[str, str]]:
    """(label, URL) of every source behind a page's numbers, each URL once: model cards, prices, the
    benchmark scores the page shows."""
    seen: dict[str, str] = {}
    for model in models:
        if model.source_url:
            seen.setdefault(model.source_url, f"{model.name}: model card")
        for o in model.offerings:
            if o.source_url:
                seen.setdefault(o.source_url, f"{model.name} at {o.provider_name}: price")
    for name, score, model in scores:
        if score.source_url:
            seen.setdefault(score.source_url, f"{model.name}: {name} score")
    return [(label, url) for url, label in seen.items()]


def _last_reviewed(pair: Pair) -> datetime.date | None:
    return _stalest_review([pair.a, pair.b])


def _stalest_review(models: list[ModelFacts]) -> datetime.date | None:
    """A page is only as fresh as its stalest fact: the oldest of the models' review dates."""
    dates = [m.last_reviewed for m in models]
    return None if None in dates else min(dates)


def build_comparison(a: ModelFacts, b: ModelFacts, note: EditorNote | None = None) -> ComparisonPage:
    note = note or EditorNote()
    pair = Pair(a, b)
    why = reasons(pair)
    editorial = [FaqEntry(q, ans, editorial=True) for q, ans in note.questions]
    text = verdict(pair)
    differences = difference_count(pair)
    a_specs, b_specs = spec_values(a), spec_values(b)
    return ComparisonPage(
        pair=pair,
        title=_title(a, b),
        description=shorten(text),
        verdict=text,
        price_summary=price_summary(pair),
        specs=[Row(label, a_specs[key], b_specs[key]) for key, label in SPEC_ROWS],
        capabilities=[
            Row(CAPABILITY_LABELS[key], Support(x).label, Support(y).label) for key, x, y in pair.capability_states()
        ],
        shared_scores=pair.shared_scores,
        deep_dive=deep_dive(pair),
        reasons=why,
        faq=build_faq(pair, why, editorial),
        chart=price_chart(pair),
        sources=_sources(pair),
        last_reviewed=_last_reviewed(pair),
        indexable=(
            pair.cheapest_a is not None and pair.cheapest_b is not None and differences >= MIN_DIFFERENCES_TO_INDEX
        ),
        differences=differences,
        note=note,
    )


def faq_json_ld(page: ComparisonPage) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": e.question, "acceptedAnswer": {"@type": "Answer", "text": e.answer}}
            for e in page.faq
        ],
    }


# Model pages ---------------------------------------------------------------------------------------

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
        return _price_text(self.input_price)

    @property
    def output_text(self) -> str:
        return _price_text(self.output_price)


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


def price_history(points: list[PricePoint], as_of: datetime.date | None, model_name: str) -> HistoryChart | None:
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
        title=f"Blended {blend_label().split()[0]} price per 1M tokens of {model_name}, by provider",
        series=tuple(series),
        changes=tuple(reversed(changes)),
        top_text=format_usd(top),
        start=start,
        end=end,
    )


@dataclass
class ModelPage:
    model: ModelFacts
    title: str
    description: str
    specs: list[tuple[str, str]]
    capabilities: list[tuple[str, str]]
    offerings: list[OfferingGroup]
    cheapest: OfferingFacts | None
    history: HistoryChart | None
    summary: str


def build_model_page(model: ModelFacts, history: HistoryChart | None = None) -> ModelPage:
    best = cheapest(model.offerings)
    summary = f"{model.name} is {model.purpose_description}, made by {model.vendor_name}."
    if best is not None:
        if best.input_price == best.output_price == 0:  # eligible, so an editor confirmed it
            charges = "serves it free of charge"
        else:
            charges = (f"charges {format_usd(best.input_price)} per 1M input and {format_usd(best.output_price)} "
                       f"per 1M output tokens")
        summary += (
            f" It is offered by {plural(model.provider_count, 'provider')} with a sourced price; the cheapest, "
            f"{best.label}, {charges}."
        )
        if model.unpriced_providers:
            summary += f" Also listed, price not yet sourced: {join_words(list(model.unpriced_providers))}."
    elif any(o.is_pay_as_you_go for o in model.offerings):
        summary += " Its prices are not yet sourced."
    elif model.offerings:
        summary += " No pay-as-you-go API offering it is listed yet, so it has no price here."
    else:
        summary += " No provider offering it is listed yet."
    specs = spec_values(model)
    title = f"{model.name}: price, specs and providers"
    if len(title) > TITLE_LIMIT:
        title = model.name
    return ModelPage(
        model=model,
        title=title,
        description=shorten(summary),
        specs=[(label, specs[key]) for key, label in SPEC_ROWS],
        capabilities=[(label, Support(model.capability(key)).label) for key, label in CAPABILITY_LABELS.items()],
        offerings=offering_groups(model),
        cheapest=best,
        history=history,
        summary=summary,
    )


# Cost calculator -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Calculation:
    input_tokens: int
    output_tokens: int
    cache_share: Decimal
    tables: list[tuple[ModelFacts, list]]
    summary: str

    @property
    def ranking(self) -> list[tuple[ModelFacts, object]]:
        """Each priced model with its cheapest provider's cost, cheapest first: a result per model."""
        best = [(m, best_line(lines)) for m, lines in self.tables]
        return sorted(((m, line) for m, line in best if line), key=lambda t: (t[1].cost, t[0].name))


def build_calculation(
    models: list[ModelFacts], input_tokens: int, output_tokens: int, cache_share: Decimal = Decimal(0)
) -> Calculation:
    """Each model's monthly cost at its cheapest provider and at every provider, and the difference."""
    tables = [(m, cost_lines(m.offerings, input_tokens, output_tokens, cache_share)) for m in models]
    cached = f", {format_percent(cache_share * 100)} of input cached" if cache_share else ""
    workload = f"{input_tokens:,} input and {output_tokens:,} output tokens a month{cached}"
    priced = [(m, best_line(lines)) for m, lines in tables if best_line(lines)]
    unpriced = [m.name for m, lines in tables if not best_line(lines)]
    if len(priced) < 2:
        summary = f"For {workload}, no costs can be compared: the price of {join_words(unpriced)} is not yet sourced."
    else:
        ranked = sorted(priced, key=lambda t: (t[1].cost, t[0].name))
        (cheap, lo), (dear, hi) = ranked[0], ranked[-1]
        if lo.cost == hi.cost:
            summary = f"For {workload}, they all cost {lo.text} at their cheapest providers."
        else:
            saving = format_percent((hi.cost - lo.cost) / hi.cost * 100)
            if len(priced) == 2:
                summary = (
                    f"For {workload}, {cheap.name} costs {lo.text} at {lo.provider_name} and {dear.name} "
                    f"{hi.text} at {hi.provider_name}: {cheap.name} is {saving} cheaper."
                )
            else:
                summary = (
                    f"For {workload}, {cheap.name} is the cheapest at {lo.text} ({lo.provider_name}) and "
                    f"{dear.name} the dearest at {hi.text} ({hi.provider_name}): {saving} less."
                )
        if unpriced:
            summary += f" The price of {join_words(unpriced)} is not yet sourced."
    return Calculation(input_tokens, output_tokens, cache_share, tables, summary)


# N-way comparison (3 or 4 models) ---------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One model's column: its cheapest offering's prices shown with a common precision."""

    model: ModelFacts
    cheapest: OfferingFacts | None
    input_text: str
    output_text: str
    blended_text: str


@dataclass
class NWayPage:
    models: list[ModelFacts]
    title: str
    description: str
    verdict: str
    columns: list[Column]
    specs: list[tuple[str, list[str]]]
    capabilities: list[tuple[str, list[str]]]
    benchmarks: list[tuple[str, list[str]]]
    pairs: list[tuple[ModelFacts, ModelFacts, str]]  # every pair among them, with its verdict
    faq: list[FaqEntry]
    chart: BarChart | None
    sources: list[tuple[str, str]] = field(default_factory=list)
    last_reviewed: datetime.date | None = None


def _aligned(values: list[Decimal | None]) -> list[str]:
    places = decimals_needed(*values)
    return [format_usd(v, places) if v is not None else NOT_SOURCED for v in values]


def build_nway(models: list[ModelFacts]) -> NWayPage:
    best = [cheapest(m.offerings) for m in models]
    ins = _aligned([o.input_price if o else None for o in best])
    outs = _aligned([o.output_price if o else None for o in best])
    blends = _aligned([o.blended() if o else None for o in best])
    columns = [Column(m, o, i, out, bl) for m, o, i, out, bl in zip(models, best, ins, outs, blends)]
    names = [m.name for m in models]

    sentences = []
    purposes = {m.purpose for m in models}
    if len(purposes) > 1:
        odd = [m for m in models if m.purpose != "chat"] or models[:1]
        sentences.append(
            f"They do not all do the same job: {join_words([f'{m.name} is {m.purpose_description}' for m in odd])}."
        )
    priced = [(o.blended(), m) for m, o in zip(models, best) if o is not None]
    if len(priced) >= 2:
        delta = PriceDelta("blended", min(p for p, _ in priced), max(p for p, _ in priced))
        if delta.cheaper is None:
            sentences.append(f"Blended at {blend_label()}, the priced models cost the same per 1M tokens.")
        else:
            # Every model at the lowest price is named (a tie is not a win), and so is every model at the highest.
            cheapest_names = [m.name for p, m in priced if p == delta.low]
            dearest = join_words([m.name for p, m in priced if p == delta.high])
            who = f"{cheapest_names[0]} is" if len(cheapest_names) == 1 else f"{join_words(cheapest_names)} are"
            than = (
                f"against {delta.b_text} for {dearest}" if delta.free
                else f"{delta.percent_text} less than {dearest} ({delta.b_text})"
            )
            sentences.append(
                f"Blended at {blend_label()}, {who} the cheapest at {delta.a_text} per 1M tokens, {than}."
            )
    unpriced = [m.name for m, o in zip(models, best) if o is None]
    if unpriced:
        sentences.append(f"The price of {join_words(unpriced)} is not yet sourced.")
    windows = [(m.context_window, m) for m in models if m.context_window]
    if len(windows) >= 2 and len({w for w, _ in windows}) > 1:
        # The largest against the next size down, told apart even where both read "128K".
        ranked = sorted(windows, key=lambda t: -t[0])
        big, big_model = ranked[0]
        next_size, next_model = next(t for t in ranked if t[0] < big)
        big_text, next_text = format_token_pair(big, next_size)
        largest = [m.name for w, m in ranked if w == big]
        who = f"{largest[0]} has" if len(largest) == 1 else f"{join_words(largest)} share"
        sentences.append(
            f"{who} the largest context window, {big_text} tokens, against {next_text} for {next_model.name}."
        )
    counts = [(m.provider_count, m) for m in models]
    most = max(counts, key=lambda t: t[0])
    if most[0] and sum(1 for c, _ in counts if c == most[0]) == 1:
        # The same count as the pair and model pages: providers with a sourced price.
        sentences.append(f"{most[1].name} is offered by the most providers with a sourced price ({most[0]}).")
    verdict_text = " ".join(sentences) or "The sourced data shows no difference in price, context or providers."

    shared_keys = set.intersection(*({s.key for s in m.scores} for m in models))
    benchmarks, shown_scores = [], []
    for key in sorted(shared_keys):
        scores = [next(s for s in m.scores if s.key == key) for m in models]
        label = scores[0].benchmark_name + (f" ({scores[0].settings})" if scores[0].settings else "")
        benchmarks.append((label, [f"{s.score.normalize():f}" for s in scores]))
        shown_scores += [(scores[0].benchmark_name, s, m) for s, m in zip(scores, models)]

    pairs = []
    for i, x in enumerate(models):
        for y in models[i + 1:]:
            first, second = sorted([x, y], key=lambda m: m.slug)
            pairs.append((first, second, verdict(Pair(first, second))))

    faq = [FaqEntry(f"Which is cheapest: {join_words(names, 'or')}?", verdict_text if priced else
                    "We cannot say yet: no price for these models is sourced.")]
    faq.append(FaqEntry(
        f"Which of {join_words(names)} have open weights?",
        " ".join(_open_line(m) for m in models),
    ))
    faq.extend(where_to_run(m, o) for m, o in zip(models, best))

    chart = None
    if all(o is not None for o in best):
        rows = [
            ("Input", list(zip([o.input_price for o in best], ins))),
            ("Output", list(zip([o.output_price for o in best], outs))),
            (f"Blended {blend_label().split()[0]}", list(zip([o.blended() for o in best], blends))),
        ]
        chart = bar_chart(f"Price per 1M tokens: {' vs '.join(names)}", names, rows)

    title = " vs ".join(names)
    return NWayPage(
        models=models,
        title=title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…",
        description=shorten(verdict_text),
        verdict=verdict_text,
        columns=columns,
        specs=[(label, [values[key] for values in map(spec_values, models)]) for key, label in SPEC_ROWS],
        capabilities=[
            (label, [Support(m.capability(key)).label for m in models]) for key, label in CAPABILITY_LABELS.items()
        ],
        benchmarks=benchmarks,
        pairs=pairs,
        faq=faq,
        chart=chart,
        sources=_model_sources(models, shown_scores),
        last_reviewed=_stalest_review(models),
    )


def _open_line(m: ModelFacts) -> str:
    if m.open_weights == Support.YES:
        return f"{m.name}: yes{f' ({m.license_name})' if m.license_name else ''}."
    if m.open_weights == Support.NO:
        return f"{m.name}: no."
    return f"{m.name}: not yet sourced."
