"""The pair page: everything a comparison of two models says, as plain data ready for compare.html."""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from catalog.models import Support

from .charts import BarChart, price_chart
from .facts import CAPABILITY_LABELS, ModelFacts, page_sources, stalest_review
from .faq import FaqEntry, build_faq
from .model_page import Review, page_review, public_specs
from .pair import Pair, SharedScore
from .prose import deep_dive, price_summary, reasons, verdict
from .substance import claims, indexable, summarize
from .words import SPEC_ROWS, TITLE_LIMIT, shorten


@dataclass(frozen=True)
class EditorNote:
    intro: str = ""
    last_reviewed: datetime.date | None = None
    questions: tuple[tuple[str, str], ...] = ()


class Row(NamedTuple):
    """A row of a two-model table. A tuple so that templates unpack it (`{% for label, a, b, differs in
    ... %}`): the template engine reads a loop variable several times faster than an attribute."""
    label: str
    a: str
    b: str
    differs: bool


def row(label: str, a: str, b: str) -> Row:
    return Row(label, a, b, a != b)


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
    review: Review
    # Whether search engines see it (content/substance.py), and the kinds of claim that make it worth it.
    indexable: bool
    claims: list[str]
    note: EditorNote = field(default_factory=EditorNote)

    @property
    def a(self) -> ModelFacts:
        return self.pair.a

    @property
    def b(self) -> ModelFacts:
        return self.pair.b

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


def _title(a: ModelFacts, b: ModelFacts) -> str:
    base = f"{a.name} vs {b.name}"
    for suffix in (": price, specs and benchmarks", ": price and specs"):
        if len(base + suffix) <= TITLE_LIMIT:
            return base + suffix
    return base


def _sources(pair: Pair) -> list[tuple[str, str]]:
    scores = [(shared.name, score, model) for shared in pair.shared_scores
              for score, model in ((shared.a, pair.a), (shared.b, pair.b))]
    return page_sources([pair.a, pair.b], scores)


def build_comparison(a: ModelFacts, b: ModelFacts, note: EditorNote | None = None) -> ComparisonPage:
    note = note or EditorNote()
    pair = Pair(a, b)
    why = reasons(pair)
    editorial = [FaqEntry(q, ans, editorial=True) for q, ans in note.questions]
    text = verdict(pair)
    summary_a, summary_b = summarize(a), summarize(b)
    a_specs, b_specs = public_specs(a), public_specs(b)
    return ComparisonPage(
        pair=pair,
        title=_title(a, b),
        description=shorten(text),
        verdict=text,
        price_summary=price_summary(pair),
        specs=[row(label, a_specs[key], b_specs[key]) for key, label in SPEC_ROWS],
        capabilities=[
            row(CAPABILITY_LABELS[key], Support(x).label, Support(y).label)
            for key, x, y in pair.capability_states()
        ],
        shared_scores=pair.shared_scores,
        deep_dive=deep_dive(pair),
        reasons=why,
        faq=build_faq(pair, why, editorial),
        chart=price_chart(pair),
        sources=_sources(pair),
        last_reviewed=stalest_review([a, b]),
        review=page_review([a, b]),
        indexable=indexable(summary_a, summary_b),
        claims=claims(summary_a, summary_b),
        note=note,
    )


def faq_json_ld(page: ComparisonPage) -> dict:
    return faq_page_ld([(e.question, e.answer) for e in page.faq])


def faq_page_ld(entries: list[tuple[str, str]]) -> dict:
    """schema.org FAQPage JSON-LD of (question, answer) pairs, as the page shows them."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}}
            for q, a in entries
        ],
    }
