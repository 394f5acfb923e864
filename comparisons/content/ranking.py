"""The cheapest models for a workload across the whole catalog (/best/).

Rules (the methodology page and /best/ state them):
- A model is ranked by its monthly cost at its cheapest eligible offering (live, priced, at a
  pay-as-you-go API: `OfferingFacts.is_eligible`), priced under the full price model
  (`calculation.price_workload`: long-context tiers, cache reads and writes, batch, reasoning, request fees).
- Requirements leave models out: a purpose, a minimum context window (the offering's own window where it
  states one, else the model's; an unknown window never passes), capabilities a source states as "yes"
  (not yet sourced never passes), open weights. Region and providers leave offerings out. A model whose
  sources say it takes no text (speech-to-text, say) is not ranked for a text workload, and an offering
  whose known window is smaller than one request (its prompt and its answer) cannot run the workload.
- Free tiers and trials are never ranked: the models that have one are listed apart, with no cost.
- Ties are broken by name, so a ranking is the same on every request.
"""

from bisect import insort
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from catalog.models import ProviderKind, Purpose, Support

from .calculation import MILLION, CostLine, Workload, _why_not_eligible, price_workload
from .facts import CAPABILITY_LABELS, ModelFacts, OfferingFacts, ScoreFacts
from .pricing import format_tokens

# Capabilities a visitor can require, in the order the form lists them.
REQUIRABLE = ("vision", "function_calling", "structured_outputs", "reasoning")
# Purposes ranked when the visitor chooses none: what a chat workload can run on.
TEXT_PURPOSES = (Purpose.CHAT, Purpose.CODE)
SHOWN = 25  # models shown in a ranking


@dataclass(frozen=True)
class Requirements:
    purposes: tuple[str, ...] = TEXT_PURPOSES
    min_context: int | None = None
    capabilities: tuple[str, ...] = ()
    open_weights: bool = False
    region: str = ""  # "eu": only offerings served from that region
    providers: tuple[str, ...] = ()  # only these providers (slugs); empty: any
    exclude: tuple[str, ...] = ()  # never these providers
    request_tokens: int | None = None  # one request's prompt and answer, when the workload gives them

    @property
    def filters_offerings(self) -> bool:
        return bool(self.region or self.providers or self.exclude or self.request_tokens) or (
            self.min_context is not None
        )

    def model_fits(self, m: ModelFacts) -> bool:
        if m.purpose not in self.purposes:
            return False
        if m.input_modalities and "text" not in m.input_modalities:
            return False
        if self.open_weights and m.open_weights != Support.YES:
            return False
        return all(m.capabilities.get(name) == Support.YES for name in self.capabilities)

    def offering_fits(self, m: ModelFacts, o: OfferingFacts) -> bool:
        if self.region and o.region.lower() != self.region:
            return False
        if self.providers and o.provider_slug not in self.providers:
            return False
        if o.provider_slug in self.exclude:
            return False
        window = o.context_window or m.context_window
        if self.min_context is not None and (window is None or window < self.min_context):
            return False
        # One request must fit; an unknown window is not held against a model unless a minimum is asked.
        return not (self.request_tokens and window is not None and window < self.request_tokens)


@dataclass(frozen=True)
class Candidate:
    """A model with the offerings that can be its price picked out once, not on every ranking, and the
    lowest rates any workload can be billed at by any of them (`floor`)."""

    model: ModelFacts
    eligible: tuple[OfferingFacts, ...]
    free: tuple[OfferingFacts, ...]  # live free tiers and trials
    floor_in: Decimal = Decimal(0)  # no input token of any workload costs less, at any eligible offering
    floor_out: Decimal = Decimal(0)  # nor any output token


def candidate(m: ModelFacts) -> Candidate:
    eligible = tuple(o for o in m.offerings if o.is_eligible)
    floors = [_floor(o) for o in eligible]
    return Candidate(
        m,
        eligible,
        tuple(o for o in m.offerings if o.provider_kind == ProviderKind.FREE_TIER and o.is_live),
        min((f[0] for f in floors), default=Decimal(0)),
        min((f[1] for f in floors), default=Decimal(0)),
    )


def _floor(o: OfferingFacts) -> tuple[Decimal, Decimal]:
    """The lowest input-side and output-side rates price_workload can bill at this offering: every input,
    cached, cache-write and batch rate, its own and its tiers', times the provider's batch discount (a rate
    is never raised by a discount). A workload's cost is at least its tokens at these rates."""
    ins = [
        o.input_price, o.cached_input_price, o.cache_write_price, o.cache_write_1h_price, o.batch_input_price
    ]
    outs = [o.output_price, o.reasoning_output_price, o.batch_output_price]
    for t in o.tiers:
        ins += [t.input_price, t.cached_input_price, t.cache_write_price, t.batch_input_price]
        outs += [t.output_price, t.batch_output_price]
    factor = 1 - o.batch_discount / 100 if o.batch_discount is not None else 1
    return (min(r for r in ins if r is not None) * min(factor, 1),
            min(r for r in outs if r is not None) * min(factor, 1))


@dataclass(frozen=True)
class Ranked:
    position: int
    model: ModelFacts
    offering: OfferingFacts
    line: CostLine  # the cost, with the rates it used
    context_window: int | None
    capabilities: tuple[str, ...]  # labels of the requirable capabilities a source states
    score: ScoreFacts | None  # on the ranking's shared benchmark

    @property
    def cost(self) -> Decimal:
        return self.line.cost

    @property
    def capabilities_text(self) -> str:
        """The requirable capabilities a source states; else whether none is stated or none is sourced."""
        if self.capabilities:
            return ", ".join(self.capabilities)
        known = all(self.model.capabilities.get(c, Support.UNKNOWN) != Support.UNKNOWN for c in REQUIRABLE)
        return "Lacks all four" if known else "Not yet sourced"

    @property
    def context_text(self) -> str:
        return format_tokens(self.context_window) if self.context_window else "Not yet sourced"


@dataclass(frozen=True)
class FreeOption:
    model: ModelFacts
    offering: OfferingFacts


@dataclass(frozen=True)
class Ranking:
    workload: Workload
    requirements: Requirements
    ranked: tuple[Ranked, ...]  # the cheapest SHOWN
    fitting: int  # models that fit and have an eligible price
    unpriced: int  # models that fit but have no eligible price for this workload
    free: tuple[FreeOption, ...]  # free tiers and trials of fitting models, not ranked
    benchmark: tuple[str, str] | None  # (name, slug) of the benchmark most ranked models share

    @property
    def top_slugs(self) -> list[str]:
        return [r.model.slug for r in self.ranked[:3]]


def _cheapest(offerings, w: Workload) -> tuple[Decimal, OfferingFacts] | None:
    best = None
    for o in offerings:
        priced = price_workload(o, w, describe=False)
        if priced is None:
            continue
        # Ties go to the offering's label (computed only for a tie: this runs for every offering).
        if best is None or priced.cost < best[0] or (priced.cost == best[0] and o.label < best[1].label):
            best = (priced.cost, o)
    return best


def _line(o: OfferingFacts, w: Workload) -> CostLine:
    priced = price_workload(o, w)
    return CostLine(
        o.provider_name, o.provider_slug, priced.cost, o.region, cached=priced.cached, label=o.label,
        eligible=o.is_eligible, why_not="" if o.is_eligible else _why_not_eligible(o), rates=priced.rates,
        best=True,
    )


def _shared_benchmark(models: list[ModelFacts]) -> tuple[tuple[str, str] | None, dict]:
    """The benchmark (and settings) most of these models have a score on (ties: the name), and each
    model's score on it; None when no two share one."""
    counts: Counter = Counter()
    names = {}
    for m in models:
        for s in {s.key: s for s in m.scores}.values():
            counts[s.key] += 1
            names[s.key] = s.benchmark_name
    if not counts:
        return None, {}
    key = min(counts, key=lambda k: (-counts[k], names[k], k))
    if counts[key] < 2:
        return None, {}
    scores = {m.slug: next((s for s in m.scores if s.key == key), None) for m in models}
    return (names[key], key[0]), scores


def rank(candidates: list[Candidate], w: Workload, req: Requirements, shown: int = SHOWN) -> Ranking:
    """The models that fit `req`, cheapest first for workload `w`, and the free options apart.

    Only the models that can still enter the first `shown` are priced: the others are visited cheapest
    floor first (a model's tokens at its floor rates, a lower bound of its cost), and the visit stops at a
    floor above the `shown`-th cost found. The result is that of pricing every offering (a test checks)."""
    fits, free, unpriced = [], [], 0
    filtered = req.filters_offerings
    for c in candidates:
        m = c.model
        if not req.model_fits(m):
            continue
        offerings = [o for o in c.eligible if req.offering_fits(m, o)] if filtered else c.eligible
        if offerings:
            floor = w.input_tokens * c.floor_in + w.output_tokens * c.floor_out
            fits.append((floor / MILLION, c, offerings))
        else:
            unpriced += 1
        if c.free:
            free.extend(FreeOption(m, o) for o in c.free if req.offering_fits(m, o))
    fits.sort(key=lambda t: t[0])
    found: list[tuple] = []  # the cheapest so far: (cost, name, slug, model, offering), in order
    for floor, c, offerings in fits:
        if len(found) >= shown and floor > found[-1][0]:
            break
        cost, o = _cheapest(offerings, w)
        m = c.model
        insort(found, (cost, m.name.lower(), m.slug, m, o), key=lambda t: t[:3])
        del found[shown:]
    top = found
    benchmark, scores = _shared_benchmark([t[3] for t in top])
    ranked = tuple(
        Ranked(
            position=n, model=m, offering=o, line=_line(o, w),
            context_window=o.context_window or m.context_window,
            capabilities=tuple(
                CAPABILITY_LABELS[c] for c in REQUIRABLE if m.capabilities.get(c) == Support.YES
            ),
            score=scores.get(m.slug),
        )
        for n, (_, _, _, m, o) in enumerate(top, 1)
    )
    free.sort(key=lambda f: (f.model.name.lower(), f.offering.label))
    return Ranking(w, req, ranked, len(fits), unpriced, tuple(free), benchmark)
