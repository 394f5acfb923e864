"""Indexing by substance: a pair page is indexable only when it makes a specific, sourced claim beyond
provider counts, and the page's robots tag, the sitemap and the link lists agree (one function decides)."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from catalog.models import ProviderKind, Purpose, Support
from comparisons.content import build_comparison
from comparisons.content.facts import ModelFacts, OfferingFacts, ScoreFacts
from comparisons.content.price_mix import BASIS_SHARES, cheapest_on
from comparisons.content.substance import BASES, claims, indexable, summarize
from tests.factories import make_benchmark, make_model, make_offering, make_provider, make_score, make_vendor
from tests.html import parse

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def offer(provider="Host", i="1.00", o="2.00", **fields) -> OfferingFacts:
    return OfferingFacts(
        provider_name=provider, provider_slug=provider.lower(),
        input_price=Decimal(i) if i is not None else None, output_price=Decimal(o) if o is not None else None,
        **fields,
    )


def model(slug="a", offerings=None, **fields) -> ModelFacts:
    offerings = (offer(),) if offerings is None else offerings
    return ModelFacts(name=slug.upper(), slug=slug, vendor_name="Lab", vendor_slug="lab", offerings=offerings,
                      **fields)


def decide(a: ModelFacts, b: ModelFacts) -> tuple[bool, list[str]]:
    sa, sb = summarize(a), summarize(b)
    # A summary's prices are those the page compares: each basis at its cheapest eligible offering.
    for facts, summary in ((a, sa), (b, sb)):
        for basis, price in zip(BASES, summary.prices, strict=True):
            best = cheapest_on(facts.offerings, basis)
            assert price == (best.blended(BASIS_SHARES[basis]) if best else None)
    assert indexable(sa, sb) == indexable(sb, sa)
    assert sorted(claims(sa, sb)) == sorted(claims(sb, sa))
    # The page's robots tag is the same decision.
    assert build_comparison(a, b).indexable == indexable(sa, sb)
    return indexable(sa, sb), claims(sa, sb)


def test_provider_counts_alone_are_no_substance():
    a = model("a", offerings=(offer("One"),))
    b = model("b", offerings=(offer("One"), offer("Two"), offer("Three")))
    assert decide(a, b) == (False, [])


def test_both_free_of_charge_is_no_price_claim():
    free = offer(i="0", o="0", free_confirmed=True)
    assert decide(model("a", offerings=(free,)), model("b", offerings=(free,))) == (False, [])


def test_a_price_difference_counts_from_five_percent_on_any_basis():
    base = model("a", offerings=(offer(i="1.00", o="2.00"),))
    assert decide(base, model("b", offerings=(offer(i="1.04", o="2.00"),))) == (False, [])
    assert decide(base, model("b", offerings=(offer(i="1.05", o="2.00"),))) == (False, [])
    # Exactly 5% of the dearer price: $0.95 against $1.00 on input.
    assert decide(base, model("b", offerings=(offer(i="0.95", o="2.00"),))) == (True, ["price"])
    assert decide(base, model("b", offerings=(offer(i="1.00", o="1.80"),))) == (True, ["price"])
    # Against $0: any price is a difference (the page says "free" against a price).
    free = model("b", offerings=(offer(i="0", o="0", free_confirmed=True),))
    assert decide(base, free) == (True, ["price"])


def test_only_eligible_offerings_count_for_prices():
    a = model("a", offerings=(offer(i="1.00", o="2.00"),))
    trial = offer("Trial", i="0.10", o="0.10", provider_kind=ProviderKind.FREE_TIER)
    retired = offer("Old", i="0.10", o="0.10", retired=True, retires_on=datetime.date(2020, 1, 1))
    b = model("b", offerings=(offer(i="1.00", o="2.00"), trial, retired))
    assert decide(a, b) == (False, [])


def test_a_model_without_an_eligible_price_is_never_indexed():
    unpriced = model("b", offerings=(offer(i=None, o=None),), purpose=Purpose.SAFETY_CLASSIFIER)
    zero = model("c", offerings=(offer(i="0", o="0"),))  # an unconfirmed $0 is no price
    a = model("a", context_window=8192)
    assert decide(a, unpriced)[0] is False
    assert decide(a, zero)[0] is False
    assert decide(a, model("d", offerings=()))[0] is False


def test_a_shared_benchmark_counts_only_with_the_same_settings():
    def score(settings):
        return (ScoreFacts("MMLU", "mmlu", Decimal("70"), settings=settings),)

    assert decide(model("a", scores=score("5-shot")), model("b", scores=score("5-Shot "))) == (
        True, ["benchmark"],
    )
    assert decide(model("a", scores=score("5-shot")), model("b", scores=score("0-shot"))) == (False, [])


def test_a_capability_difference_counts_only_when_both_sides_are_sourced():
    yes, no, unknown = Support.YES, Support.NO, Support.UNKNOWN
    a = model("a", capabilities={"vision": yes})
    assert decide(a, model("b", capabilities={"vision": no})) == (True, ["capability"])
    assert decide(a, model("b", capabilities={"vision": unknown})) == (False, [])
    assert decide(a, model("b", capabilities={"vision": yes})) == (False, [])
    # Multimodality comes from the modalities a source states.
    assert decide(
        model("a", input_modalities=("text", "image"), output_modalities=("text",)),
        model("b", input_modalities=("text",), output_modalities=("text",)),
    ) == (True, ["capability"])


def test_context_windows_differ_only_when_they_read_differently():
    assert decide(model("a", context_window=128000), model("b", context_window=131072)) == (False, [])
    assert decide(model("a", context_window=128000), model("b", context_window=200000)) == (
        True, ["context"],
    )
    assert decide(model("a", context_window=128000), model("b")) == (False, [])


def test_different_purposes_count():
    assert decide(model("a"), model("b", purpose=Purpose.SAFETY_CLASSIFIER)) == (True, ["purpose"])


# Through the site: the page, the sitemap and the hub agree --------------------------------------------


@pytest.fixture
def thin_catalog(settings):
    settings.SITE_URL = "https://versus.example"
    lab = make_vendor("Lab")
    one, two = make_provider("One"), make_provider("Two")
    # Same price, same purpose, nothing else sourced: only provider counts differ.
    plain = make_model("Plain", vendor=lab)
    twin = make_model("Twin", vendor=lab)
    make_offering(plain, one, input_price="1.00", output_price="2.00")
    make_offering(twin, one, input_price="1.00", output_price="2.00")
    make_offering(twin, two, input_price="1.00", output_price="2.00")
    # Same price, but a benchmark both were scored on.
    scored = make_model("Scored", vendor=lab)
    make_offering(scored, two, input_price="1.00", output_price="2.00")
    mmlu = make_benchmark("MMLU")
    make_score(plain, mmlu, settings="5-shot")
    make_score(scored, mmlu, settings="5-shot", score=Decimal("60"))
    return plain, twin, scored


@pytest.mark.django_db
def test_thin_pair_is_noindex_and_out_of_the_sitemap_and_the_hub(client, thin_catalog):
    page = parse(client.get("/compare/plain-vs-twin/").content)
    assert page.meta["robots"] == "noindex, follow"
    assert "robots" not in parse(client.get("/compare/plain-vs-scored/").content).meta
    pairs = [e.text for e in ET.fromstring(client.get("/sitemap-comparisons-1.xml").content).findall(
        ".//s:loc", NS)]
    assert pairs == ["https://versus.example/compare/plain-vs-scored/"]
    hub = client.get("/models/plain/comparisons/").content.decode()
    assert "/compare/plain-vs-scored/" in hub
    assert "/compare/plain-vs-twin/" not in hub


# The placeholder vendor and models nobody offers -------------------------------------------------------


@pytest.mark.django_db
def test_the_placeholder_vendor_never_appears_on_a_public_page(client, thin_catalog):
    plain, _, _ = thin_catalog
    placeholder = make_vendor("Unattributed (needs an editor)", slug="unattributed")
    # Published by mistake (imports and the review queue never publish it): the pages still never name it.
    stray = make_model("Stray Model", vendor=placeholder, context_window=1_000_000)
    make_offering(stray, make_provider("Three"), input_price="5.00", output_price="9.00")
    for path in ("/", "/models/stray-model/", "/compare/plain-vs-stray-model/", "/sitemap-vendors.xml"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Unattributed" not in response.content.decode(), path
    page = client.get("/models/stray-model/").content.decode()
    assert "Stray Model is a chat model that follows instructions and writes text." in page


@pytest.mark.django_db
def test_a_model_nobody_offers_is_noindex_and_says_so(client, thin_catalog):
    lab = make_vendor("Other Lab")
    make_model("Lonely", vendor=lab)
    page = parse(client.get("/models/lonely/").content)
    assert page.meta["robots"] == "noindex, follow"
    text = client.get("/models/lonely/").content.decode()
    assert "No provider offering it is listed yet." in text
    assert "0 providers" not in text
    assert "Where to run it: no provider lists it yet" in text
    # A model with a live offering is indexed, and its heading counts its providers.
    assert "robots" not in parse(client.get("/models/plain/").content).meta
    assert "Where to run it: 1 provider with a price" in client.get("/models/plain/").content.decode()


# "Last reviewed": the oldest review among the facts a page shows --------------------------------------


def test_review_line_is_the_oldest_review_or_says_plainly_what_is_unreviewed():
    from comparisons.content.model_page import page_review

    day = datetime.date
    reviewed = offer(reviewed_on=day(2026, 11, 20))
    a = model("a", last_reviewed=day(2026, 11, 27), offerings=(reviewed,))
    b = model("b", last_reviewed=day(2026, 11, 25), offerings=(offer(reviewed_on=day(2026, 11, 26)),))
    assert page_review([a, b]).text == (
        "Last reviewed: November 20, 2026."
    )
    imported = model("c", last_reviewed=day(2026, 11, 27), offerings=(offer(), offer("Other")))
    assert page_review([a, imported]).text == (
        "2 of the 5 facts shown (model details and prices) are imported from their sources and not yet "
        "reviewed by an editor; the oldest review of the others is November 20, 2026."
    )
    never = model("d", offerings=(offer(),))
    assert page_review([never]).text == (
        "Imported from its sources and not yet reviewed by an editor."
    )


@pytest.mark.django_db
def test_pair_and_model_pages_say_what_is_unreviewed(client, thin_catalog):
    plain, twin, _ = thin_catalog
    plain.last_reviewed = datetime.date(2026, 11, 27)
    plain.save()
    text = client.get("/compare/plain-vs-twin/").content.decode()
    assert "Last reviewed: November 27" not in text
    assert "are imported from their sources and not yet reviewed by an editor" in text
    assert "Imported from its sources and not yet reviewed by an editor." in client.get(
        "/models/twin/").content.decode()
