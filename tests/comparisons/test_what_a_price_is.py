"""What a price is (issue 15, item 2): only a live, priced, pay-as-you-go offering that is not an
unconfirmed $0 can be a model's price. Free tiers, trials, subscriptions, local runtimes and routers are
listed apart, never "cheapest" and never make a model "free"; regional rows name their region."""

import datetime
import re
from decimal import Decimal

import pytest

from catalog.models import LanguageModel, ProviderKind, Purpose, Support
from comparisons.content.facts import offering_facts
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import faq, parse, visible_text

pytestmark = pytest.mark.django_db
SEED_URL = "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"


HEADINGS = ("Free tiers and trials", "Subscriptions", "Local runtimes", "Routers and gateways")


def groups(html, provider_label: str) -> dict[str, list[list[str]]]:
    """The offering tables of the model whose offerings include `provider_label`, by group heading ("" for
    pay-as-you-go): each group is its own table, named by its scroll region's label."""
    html = html.decode() if isinstance(html, bytes) else html
    tables = re.findall(r'aria-label="([^"]*)"[^>]*>\s*<table class="offerings">(.*?</table>)', html, re.S)
    by_model: dict[str, dict[str, list[list[str]]]] = {}
    for label, table_html in tables:
        heading = next((h for h in HEADINGS if label.endswith(h)), "")
        model = label[: -len(heading)] if heading else label.split(":")[0]
        (rows,) = parse("<table>" + table_html).tables
        by_model.setdefault(model.rstrip(": "), {})[heading] = rows[1:]
    for found in by_model.values():
        if any(cells[0].startswith(provider_label) for rows in found.values() for cells in rows):
            return {"": [], **found}
    raise AssertionError(f"no offerings table lists {provider_label!r}")


@pytest.fixture
def seed_pair():
    """The seed pair as imported from real data: NVIDIA NIM's trial at $0,
    the cheapest paid offering $0.01."""
    meta = make_vendor("Meta")
    instruct = make_model(
        "Llama 3.2 1B Instruct", vendor=meta, context_window=131072, open_weights=Support.YES,
        last_reviewed=datetime.date(2026, 11, 1),
    )
    guard = make_model(
        "Llama Guard 3 1B", vendor=meta, purpose=Purpose.SAFETY_CLASSIFIER, open_weights=Support.YES
    )
    nim = make_provider("NVIDIA NIM", kind=ProviderKind.FREE_TIER)
    make_offering(instruct, nim, input_price="0", output_price="0")
    make_offering(instruct, make_provider("Inference"), input_price="0.01", output_price="0.01")
    make_offering(guard, make_provider("Fireworks AI"), input_price="0.10", output_price="0.10")
    return instruct, guard


def test_seed_pair_verdict_names_the_paid_price_and_lists_the_trial_apart(client, seed_pair):
    html = client.get(SEED_URL).content
    text = visible_text(html)
    assert (
        "Blended at 70/30 input/output, Llama 3.2 1B Instruct is 90% cheaper: "
        "$0.01 against $0.10 per 1M tokens."
        in text
    )
    assert not re.search(r"\bis free\b|\bfree of charge\b|\bfree on\b", text)
    assert text.count("$0.00") == 3  # only in NVIDIA NIM's own row: input, output, blended
    table = groups(html, "NVIDIA NIM")
    assert [cells[0] for cells in table[""]] == ["Inference cheapest"]
    assert [cells[0] for cells in table["Free tiers and trials"]] == ["NVIDIA NIM"]
    assert "Llama 3.2 1B Instruct: 1 provider with a price" in text
    answers = dict(faq(html))
    assert "The cheapest" not in answers["Where can I run Llama 3.2 1B Instruct?"]
    assert answers["Where can I run Llama 3.2 1B Instruct?"] == (
        "Llama 3.2 1B Instruct is served only by Inference, "
        "at $0.01 per 1M input and $0.01 per 1M output tokens. "
        "It is also available through NVIDIA NIM, which does not set its price. "
        "With open weights, Llama 3.2 1B Instruct can also run on your own hardware."
    )


def test_unconfirmed_zero_at_pay_as_you_go_reads_not_yet_sourced(client):
    model = make_model("Solo Model")
    make_offering(model, make_provider("Zero Cloud"), input_price="0", output_price="0")
    html = client.get(model.get_absolute_url()).content
    text = visible_text(html)
    zero = groups(html, "Zero Cloud")[""][0]
    assert zero[1:4] == ["Not yet sourced"] * 3
    assert "cheapest" not in zero[0]
    assert "Its prices are not yet sourced." in text
    assert "Also listed, price not yet sourced: Zero Cloud." in text
    assert "free" not in text.lower()


def test_confirmed_zero_reads_free(client):
    a, b = make_model("Alpha Model"), make_model("Beta Model")
    make_offering(a, make_provider("Zero Cloud"), input_price="0", output_price="0", free_confirmed=True)
    make_offering(b, make_provider("Paid Cloud"), input_price="0.10", output_price="0.10")
    text = visible_text(client.get("/compare/alpha-model-vs-beta-model/").content)
    assert "Blended at 70/30 input/output, Alpha Model is free: $0.00 against $0.10 per 1M tokens." in text
    model_text = visible_text(client.get(a.get_absolute_url()).content)
    assert "the cheapest, Zero Cloud, serves it free of charge." in model_text


def test_a_router_never_wins_cheapest(client):
    a, b = make_model("Alpha Model"), make_model("Beta Model")
    router = make_provider("OpenRouter", kind=ProviderKind.ROUTER)
    make_offering(a, router, input_price="0.01", output_price="0.01")
    make_offering(a, make_provider("Direct API"), input_price="0.20", output_price="0.20")
    make_offering(b, make_provider("Other API"), input_price="0.10", output_price="0.10")
    html = client.get("/compare/alpha-model-vs-beta-model/").content
    text = visible_text(html)
    assert (
        "Blended at 70/30 input/output, Beta Model is 50% cheaper: $0.10 against $0.20 per 1M tokens." in text
    )
    table = groups(html, "OpenRouter")
    assert [cells[0] for cells in table[""]] == ["Direct API cheapest"]
    assert [cells[0] for cells in table["Routers and gateways"]] == ["OpenRouter"]


def test_each_basis_and_each_share_compares_every_eligible_offering(client):
    """Issue 15, item 3: input, output and the mix of the two each take a model at its cheapest eligible
    offering there (not the one cheapest at 70/30), named; the router's $0.01 is never one of them."""
    a, b = make_model("Alpha Model"), make_model("Beta Model")
    make_offering(a, make_provider("OpenRouter", kind=ProviderKind.ROUTER), input_price="0.01",
                  output_price="0.01")
    make_offering(a, make_provider("Direct API"), input_price="0.20", output_price="0.20")
    make_offering(a, make_provider("Batch Cloud"), input_price="0.50", output_price="0.05")
    make_offering(b, make_provider("Other API"), input_price="0.10", output_price="0.10")
    text = visible_text(client.get("/compare/alpha-model-vs-beta-model/").content)
    assert (
        "Beta Model is 50% cheaper on input ($0.10 at Other API vs $0.20 at Direct API per 1M tokens); "
        "Alpha Model costs 2 times as much." in text
    )
    assert (
        "Alpha Model is 50% cheaper on output ($0.05 at Batch Cloud vs $0.10 at Other API per 1M tokens); "
        "Beta Model costs 2 times as much." in text
    )
    # Alpha Model at Batch Cloud: 0.50 - 0.45 s < 0.10 above s = 8/9.
    assert (
        "With each model at its cheapest provider for the mix, Beta Model is cheaper below 88.9% output "
        "tokens and Alpha Model is cheaper above 88.9%." in text
    )


@pytest.mark.parametrize("kind", [ProviderKind.FREE_TIER, ProviderKind.SUBSCRIPTION, ProviderKind.LOCAL])
def test_no_other_kind_is_ever_the_price(client, kind):
    model = make_model("Alpha Model")
    make_offering(model, make_provider("Somewhere", kind=kind), input_price="0", output_price="0")
    html = client.get(model.get_absolute_url()).content
    text = visible_text(html)
    (rows,) = [rows for heading, rows in groups(html, "Somewhere").items() if heading]
    assert [cells[0] for cells in rows] == ["Somewhere"]  # no "cheapest" badge
    assert "the cheapest" not in text and "free of charge" not in text
    assert "No pay-as-you-go API offering it is listed yet, so it has no price here." in text


def test_regional_rows_name_their_region(client):
    model = make_model("Alpha Model")
    bedrock = make_provider("AWS Bedrock")
    make_offering(model, bedrock, input_price="0.10", output_price="0.10")
    make_offering(model, bedrock, region="us", input_price="0.10", output_price="0.10")
    make_offering(model, bedrock, region="eu", input_price="0.13", output_price="0.13")
    html = client.get(model.get_absolute_url()).content
    labels = [cells[0].split(" cheapest")[0] for cells in groups(html, "AWS Bedrock")[""]]
    assert labels == ["AWS Bedrock", "AWS Bedrock, US", "AWS Bedrock, EU"]
    assert "1 provider with a price" in visible_text(html)


def test_directory_sort_by_price_ignores_ineligible_offerings(client):
    trial, paid, router = (
        make_provider(n, kind=k)
        for n, k in (
            ("Trial", ProviderKind.FREE_TIER),
            ("Paid", ProviderKind.PAY_AS_YOU_GO),
            ("Router", ProviderKind.ROUTER),
        )
    )
    a, b, c = make_model("Alpha Model"), make_model("Beta Model"), make_model("Gamma Model")
    make_offering(a, trial, input_price="0", output_price="0")
    make_offering(a, paid, input_price="0.50", output_price="0.50")
    make_offering(b, paid, input_price="0.20", output_price="0.20")
    make_offering(b, router, input_price="0.01", output_price="0.01")
    make_offering(c, paid, input_price="0", output_price="0")  # unconfirmed: no price
    make_offering(c, make_provider("Retired"), input_price="0.001", output_price="0.001", active=False)
    annotated = {m.name: m.cheapest_blended for m in LanguageModel.objects.with_cheapest_blended()}
    assert annotated == {"Alpha Model": Decimal("0.5"), "Beta Model": Decimal("0.2"), "Gamma Model": None}
    text = visible_text(client.get("/models/", {"sort": "price"}).content)
    assert text.index("Beta Model") < text.index("Alpha Model") < text.index("Gamma Model")


def test_sql_annotation_agrees_with_is_eligible():
    """The SQL twin (eligible_offering, with_cheapest_blended) and OfferingFacts.is_eligible agree on every
    combination of kind, zero price, confirmation, activity and a missing price."""
    providers = {kind: make_provider(f"P {kind}", kind=kind) for kind in ProviderKind.values}
    prices = [("0", "0"), ("0", "0.30"), ("0.20", "0.40"), (None, "0.10")]
    n = 0
    for provider in providers.values():
        for i, o in prices:
            for confirmed in (False, True):
                for active in (False, True):
                    n += 1
                    make_offering(make_model(f"M{n}"), provider, input_price=i and Decimal(i),
                                  output_price=o and Decimal(o), free_confirmed=confirmed, active=active)
    models = LanguageModel.objects.with_cheapest_blended().prefetch_related("offerings__provider")
    for m in models:
        (offering,) = m.offerings.all()
        facts = offering_facts(offering)
        assert (m.cheapest_blended is not None) == facts.is_eligible, (offering, offering.provider.kind)
        if facts.is_eligible:
            assert m.cheapest_blended == facts.blended()


def test_methodology_states_the_rules(client):
    text = visible_text(client.get("/methodology/").content)
    for rule in (
        "An offering is eligible to be a model's price only when it is live, has both an input and an output "
        "price, is sold by a pay-as-you-go API, and is not a $0 price an editor has not confirmed.",
        "They never carry the “cheapest” badge and never make a model look free",
        "a $0 input and output price at a pay-as-you-go API reads “Not yet sourced” "
        "until an editor has checked",
        "each named with its region (“AWS Bedrock, US”)",
    ):
        assert rule in text


def test_calculator_costs_a_model_at_its_cheapest_eligible_offering(client, seed_pair):
    text = visible_text(
        client.get(SEED_URL, {"input_tokens": "10000000", "output_tokens": "2000000"}).content
    )
    # 12M x $0.01 = $0.12 at Inference; NVIDIA NIM's trial ($0.00) is listed but is not the cost.
    assert (
        "For 10,000,000 input and 2,000,000 output tokens a month, Llama 3.2 1B Instruct costs "
        "$0.12 at Inference "
        "and Llama Guard 3 1B $1.20 at Fireworks AI: Llama 3.2 1B Instruct is 90% cheaper." in text
    )
    # In the model's own table the trial is listed, says why it does not count, and is not marked cheapest.
    html = client.get(SEED_URL, {"input_tokens": "10000000", "output_tokens": "2000000"}).content
    table = next(t for t in parse(html).tables if t[0] == ["Provider", "Per month"] and "Inference" in str(t))
    assert table[1:3] == [["NVIDIA NIM free tier or trial, not counted", "$0.00"], ["Inference", "$0.12"]]
    marked = re.findall(r'<tr class="cheapest"><th scope="row">([^<]+)<', html.decode())
    assert "NVIDIA NIM" not in marked and "Inference" in marked


def test_n_way_pages_answer_where_to_run_as_pair_pages_do(client, seed_pair):
    make_offering(make_model("GPT-4o", vendor=make_vendor("OpenAI")), make_provider("OpenAI API"),
                  input_price="2.5", output_price="10")
    pair = dict(faq(client.get(SEED_URL).content))
    nway = dict(faq(client.get("/compare/gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/").content))
    question = "Where can I run Llama 3.2 1B Instruct?"
    assert nway[question] == pair[question]
    assert "NVIDIA NIM, which does not set its price" in nway[question]
