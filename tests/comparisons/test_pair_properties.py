"""Properties of every pair page, over generated catalogs: built by the pure builders and rendered by
the real template, no database needed."""

import datetime
import re
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from catalog.models import CAPABILITY_FIELDS, Purpose, Verification
from comparisons.content.facts import ModelFacts, OfferingFacts, ScoreFacts
from comparisons.content.pages import build_comparison, faq_json_ld
from comparisons.forms import CalculatorForm
from tests.html import parse, visible_text
from tests.price_claims import false_claims

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
            name, slug, draw(st.decimals(0, 100, places=1)), settings=draw(st.sampled_from(["", "5-shot"])),
            verification=draw(st.sampled_from(Verification.values)), higher_is_better=slug != "gpqa",
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

    # Every price claim on the page holds at every share of output tokens, each model at its cheapest
    # eligible offering there: checked against a brute force over all offerings (tests/price_claims.py)...
    assert false_claims(a, b, [], text) == []
    # ...and every priced difference is said.
    phrases = {"input": "input", "output": "output", "blended": "a 70/30 blended basis"}
    for basis, delta in page.pair.deltas.items():
        said = re.search(rf"(?:cheaper|free) on {phrases[basis]} \(", text) is not None or (
            basis == "output" and "so it bills no output tokens;" in text  # an embedding model's $0 output
        )
        assert said == (delta.cheaper is not None), (basis, delta)

    # The verdict's benchmark: the one Pair.cited_score picks, its leader by higher_is_better, and the price
    # ratio it states the one the price sentences give.
    check_score_verdict(page)

    # A classifier or an embedding model is never chosen for outputs, tools or fresher knowledge.
    for side, m in (("a", a), ("b", b)):
        if m.purpose in (Purpose.SAFETY_CLASSIFIER, Purpose.EMBEDDING):
            said = " ".join(page.reasons[side])
            for wrong in ("longer outputs", "a longer context", "recent knowledge", "function calling",
                          "tool use", "structured outputs", "code execution", "reasoning"):
                assert wrong not in said, (m.purpose, said)

    # The FAQ JSON-LD holds the visible questions, in order.
    questions = [q["name"] for q in faq_json_ld(page)["mainEntity"]]
    assert questions == [entry.question for entry in page.faq]


def check_score_verdict(page) -> None:
    from decimal import ROUND_HALF_UP

    def round1(value: Decimal) -> Decimal:
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    pair, verdict = page.pair, page.verdict
    shared = pair.shared_scores
    if not shared:
        assert " on MMLU" not in verdict and " on GPQA" not in verdict
        return
    cited = pair.cited_score
    # Never a half- or un-verified benchmark where a fully verified one is shared.
    assert cited.verified or not any(s.verified for s in shared)
    m = re.search(
        r"(?P<lead>[\w .]+?) scores (?P<x>[\d.]+) on (?P<bench>MMLU|GPQA)(?: \(5-shot\))? against "
        r"(?P<y>[\d.]+) for (?P<trail>[\w .]+?) \(",
        verdict,
    )
    if cited.leader is None:
        assert m is None and " both score " in verdict
        return
    assert m, verdict
    assert m["bench"] == cited.name
    lead, trail = pair.model(cited.leader), pair.model(pair.other(cited.leader))
    assert lead.name in m["lead"] and m["trail"] == trail.name
    x, y = Decimal(m["x"]), Decimal(m["y"])
    assert (x > y) == cited.a.higher_is_better, verdict
    blended = pair.deltas.get("blended")
    times = re.search(r"at ([\d.]+) times the blended price", verdict)
    higher = re.search(r"at a blended price ([\d.]+)% higher", verdict)
    if blended is None or blended.cheaper in (None, cited.leader) or blended.free:
        assert not times and not higher
        return
    ratio = blended.high / blended.low
    if times:
        assert round1(ratio) == Decimal(times.group(1)) and ratio >= Decimal("1.5")
    else:
        assert higher and round1((ratio - 1) * 100) == Decimal(higher.group(1)), verdict
