"""Properties of every pair page, over generated catalogs: built by the pure builders and rendered by
the real template, no database needed."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from catalog.models import CAPABILITY_FIELDS, Purpose
from comparisons.content.facts import ModelFacts, OfferingFacts, ScoreFacts
from comparisons.content.pages import build_comparison, faq_json_ld
from comparisons.forms import CalculatorForm
from tests.html import parse, visible_text

NAMES = ["Alpha One", "Beta 2", "Gamma 3.5 Mini", "Delta", "Echo Pro 70B", "Foxtrot Guard", "Golf Coder"]
PROVIDERS = ["Acme Cloud", "Bolt AI", "Cirrus", "Dyno", "Ember", "Flux"]
PRICES = [
    Decimal(p) for p in ["0", "0.01", "0.027", "0.03", "0.1", "0.10", "0.2", "0.20", "1.5", "15", "0.000001"]
]

price = st.one_of(st.none(), st.sampled_from(PRICES), st.decimals(min_value=0, max_value=100, places=6))
support = st.sampled_from(["yes", "no", "unknown"])
maybe_int = st.one_of(
    st.none(), st.sampled_from([4096, 8192, 32768, 131072, 200000, 1_000_000]), st.integers(1, 2_000_000)
)
maybe_date = st.one_of(st.none(), st.dates(datetime.date(2022, 1, 1), datetime.date(2026, 11, 1)))


@st.composite
def offerings(draw):
    providers = draw(st.lists(st.sampled_from(PROVIDERS), min_size=0, max_size=6, unique=True))
    return tuple(
        OfferingFacts(
            provider_name=name, provider_slug=name.lower().replace(" ", "-"),
            input_price=draw(price), output_price=draw(price), price_as_of=datetime.date(2026, 11, 1),
        )
        for name in providers
    )


@st.composite
def scores(draw):
    picked = draw(st.lists(st.sampled_from([("mmlu", "MMLU"), ("gpqa", "GPQA")]), max_size=2, unique=True))
    return tuple(
        ScoreFacts(
            name, slug, draw(st.decimals(0, 100, places=1)), settings=draw(st.sampled_from(["", "5-shot"]))
        )
        for slug, name in picked
    )


@st.composite
def model(draw, name):
    return ModelFacts(
        name=name,
        slug=name.lower().replace(" ", "-").replace(".", "-"),
        vendor_name="Vendor",
        vendor_slug="vendor",
        purpose=draw(st.sampled_from(Purpose.values)),
        release_date=draw(maybe_date),
        context_window=draw(maybe_int),
        max_output_tokens=draw(maybe_int),
        parameters_billions=draw(
            st.one_of(
                st.none(), st.sampled_from([Decimal("1"), Decimal("1.23"), Decimal("8"), Decimal("70")])
            )
        ),
        license_name=draw(st.sampled_from(["", "Apache 2.0", "Proprietary"])),
        open_weights=draw(support),
        knowledge_cutoff=draw(maybe_date),
        input_modalities=tuple(draw(st.lists(st.sampled_from(["text", "image"]), unique=True))),
        capabilities={f: draw(support) for f in CAPABILITY_FIELDS},
        offerings=draw(offerings()),
        scores=draw(scores()),
        last_reviewed=draw(maybe_date),
    )


@st.composite
def pairs(draw):
    first, second = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=2, unique=True))
    return draw(model(first)), draw(model(second))


def render(page) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return render_to_string("comparisons/compare.html", {
        "page": page, "related": [], "faq_ld": faq_json_ld(page), "calculator_form": CalculatorForm(),
        "canonical_path": "/compare/x-vs-y/",
    }, request=request)


def round1(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def money(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@given(pairs())
def test_every_pair_page_is_clean_and_right(models):
    a, b = models
    page = build_comparison(a, b)
    html = render(page)
    text = visible_text(html)

    # No placeholders leaking out of Python, no negative money, no empty cell.
    assert not re.search(r"\bNone\b(?! shared yet)|\bnan\b|\bNaN\b|\binf\b|\bInfinity\b|\$-", text), text
    for cell in parse(html).cells:
        assert cell.strip(), "empty table cell"

    # No sentence said twice across verdict, deep dive, reasons and FAQ answers.
    sentences = [s for block in page.prose for s in SENTENCE_END.split(block)]
    assert len(sentences) == len(set(sentences)), [s for s in sentences if sentences.count(s) > 1]

    # A reason to choose one model is never also a reason to choose the other.
    assert not set(page.reasons["a"]) & set(page.reasons["b"])

    # Every percentage and ratio agrees with the prices shown next to it.
    names = "|".join(re.escape(m.name) for m in (a, b))
    shown = {}
    for m in re.finditer(
        rf"(?P<cheap>{names}) is (?P<pct>[\d.]+%|less than 0\.1%|more than 99\.9%) cheaper on "
        r"(?P<basis>input|output|a 70/30 blended basis) "
        r"\(\$(?P<lo>[\d,.]+) vs \$(?P<hi>[\d,.]+) per 1M tokens\); "
        rf"(?P<dear>{names}) costs (?P<rel>[^.;]+(?:\.\d+)?[^.;]*)\.",
        text,
    ):
        lo, hi = money(m["lo"]), money(m["hi"])
        exact = (hi - lo) / hi * 100
        if m["pct"] == "less than 0.1%":
            assert 0 < exact < Decimal("0.05")
        elif m["pct"] == "more than 99.9%":
            assert Decimal("99.95") <= exact < 100
        else:
            assert round1(exact) == Decimal(m["pct"].rstrip("%")), m.group(0)
        rel = m["rel"]
        if rel.endswith("times as much"):
            assert round1(hi / lo) == Decimal(rel.split()[0]), m.group(0)
        elif rel.endswith("% more"):
            number = rel.split("%")[0].replace("less than ", "")
            assert "less than" in rel or round1((hi / lo - 1) * 100) == Decimal(number), m.group(0)
        shown[m["basis"]] = (m["cheap"], lo, hi)
    for m in re.finditer(
        rf"(?P<cheap>{names}) is free on (?P<basis>input|output|a 70/30 blended basis) "
        rf"\(\$(?P<lo>[\d,.]+) vs \$(?P<hi>[\d,.]+) per 1M tokens\), where (?P<dear>{names}) charges\.",
        text,
    ):
        assert money(m["lo"]) == 0 < money(m["hi"]), m.group(0)
        shown[m["basis"]] = (m["cheap"], money(m["lo"]), money(m["hi"]))
    for m in re.finditer(
        rf"(?P<cheap>{names}) is (?P<pct>[\d.]+)% cheaper: "
        r"\$(?P<lo>[\d,.]+) against \$(?P<hi>[\d,.]+) per 1M",
        text,
    ):
        lo, hi = money(m["lo"]), money(m["hi"])
        assert round1((hi - lo) / hi * 100) == Decimal(m["pct"]), m.group(0)
    # ...and every priced difference was found and checked above.
    phrases = {"input": "input", "output": "output", "blended": "a 70/30 blended basis"}
    for basis, delta in page.pair.deltas.items():
        assert (phrases[basis] in shown) == (delta.cheaper is not None), (basis, delta)
    crossover = re.search(r"Above a ([\d.]+)% share of output tokens", text)
    if crossover:
        (in_cheap, in_lo, in_hi), (out_cheap, out_lo, out_hi) = shown["input"], shown["output"]
        assert in_cheap != out_cheap
        exact = (in_hi - in_lo) / ((in_hi - in_lo) + (out_hi - out_lo)) * 100
        assert round1(exact) == Decimal(crossover.group(1))

    # The FAQ JSON-LD holds the visible questions, in order.
    questions = [q["name"] for q in faq_json_ld(page)["mainEntity"]]
    assert questions == [entry.question for entry in page.faq]
