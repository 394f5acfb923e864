"""/best/: the cheapest models for a workload, read as a visitor reads the page (issue 18).

The fixture's workload: 1,000 requests of 1,000 input and 100 output tokens (1,000,000 and 100,000 a
month). Each model's cost is worked out by hand in the comment beside it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from catalog.models import PriceTier, ProviderKind, Support
from tests.factories import make_benchmark, make_model, make_offering, make_provider, make_score
from tests.html import ranked, visible_text

pytestmark = pytest.mark.django_db

WORKLOAD = "requests=1000&input_per_request=1000&output_per_request=100"


@pytest.fixture(autouse=True)
def _clear():
    cache.clear()


@pytest.fixture
def catalog():
    alpha = make_provider("Alpha Cloud")
    beta = make_provider("Beta AI", batch_discount=Decimal(50))
    free = make_provider("Gamma Free", kind=ProviderKind.FREE_TIER, terms="1,000 requests a day")
    delta = make_provider("Delta Hosting")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # Apex: 1.00 x 1 + 2.00 x 0.1 = $1.20; over 200K-token prompts the whole request at 2.00 / 4.00.
    apex = make_model("Apex One", context_window=400_000, function_calling=Support.YES)
    o = make_offering(apex, alpha, input_price="1.00", output_price="2.00",
                      cached_input_price=Decimal("0.10"), cache_write_price=Decimal("1.25"))
    PriceTier.objects.create(offering=o, threshold=200_000, input_price=Decimal("2.00"),
                             output_price=Decimal("4.00"))
    # Brisk: 0.50 + 0.15 = $0.65; batch at Beta's 50% discount: $0.325, shown $0.33.
    brisk = make_model("Brisk Two", context_window=32_000)
    make_offering(brisk, beta, input_price="0.50", output_price="1.50")
    # Calm: its $0.011 offering was retired yesterday; live: 3.00 + 0.60 = $3.60.
    calm = make_model("Calm Three", context_window=128_000)
    make_offering(calm, alpha, input_price="0.01", output_price="0.01", retires_on=yesterday)
    make_offering(calm, beta, input_price="3.00", output_price="6.00")
    # Dawn: a free tier (never ranked) and 4.00 + 0.80 = $4.80 at Alpha.
    dawn = make_model("Dawn Four", context_window=128_000)
    make_offering(dawn, free, input_price="0", output_price="0")
    make_offering(dawn, alpha, input_price="4.00", output_price="8.00")
    # Echo: 0.20 + 0.02 = $0.22 at Alpha (no region); 2.00 + 0.20 = $2.20 at Delta's EU endpoint.
    echo = make_model("Echo Five", context_window=64_000)
    make_offering(echo, alpha, input_price="0.20", output_price="0.20")
    make_offering(echo, delta, region="eu", input_price="2.00", output_price="2.00")
    # An embedding model is not ranked for a chat workload.
    make_offering(make_model("Vector Six", purpose="embedding"), alpha, input_price="0.01", output_price="0")
    mmlu = make_benchmark("MMLU-Pro")
    make_score(apex, mmlu, score=Decimal("71.2"))
    make_score(brisk, mmlu, score=Decimal("55.0"))
    return {"apex": apex, "brisk": brisk, "calm": calm, "dawn": dawn, "echo": echo}


def ranking(client, query: str) -> list[tuple[str, str]]:
    """(model, monthly cost) of each ranked row, in order, as the page shows them."""
    response = client.get(f"/best/?{query}")
    assert response.status_code == 200, visible_text(response.content.decode())
    return ranked(response.content.decode())


def test_models_are_ranked_by_monthly_cost_at_their_cheapest_eligible_offering(client, catalog):
    assert ranking(client, WORKLOAD) == [
        ("Echo Five", "$0.22"), ("Brisk Two", "$0.65"), ("Apex One", "$1.20"), ("Calm Three", "$3.60"),
        ("Dawn Four", "$4.80"),
    ]


def test_a_retired_offering_is_never_the_price(client, catalog):
    text = visible_text(client.get(f"/best/?{WORKLOAD}").content.decode())
    assert "Calm Three" in text and "$0.011" not in text and "$0.01 " not in text


def test_a_long_prompt_crosses_the_tier_and_bills_the_whole_request(client, catalog):
    # 4 requests of 250,000 input and 1,000 output: 1,000,000 x 2.00 + 4,000 x 4.00 = $2.016 -> $2.02.
    long_prompts = "requests=4&input_per_request=250000&output_per_request=1000"
    assert dict(ranking(client, long_prompts))["Apex One"] == "$2.02"
    text = visible_text(client.get(f"/best/?{long_prompts}").content)
    assert "prompts over 200K tokens" in text


def test_cache_reads_and_writes(client, catalog):
    # Apex: 40% fresh x 1.00 + 50% x 0.10 + 10% x 1.25 = 0.575, + 0.20 output = $0.775 -> $0.78.
    rows = dict(ranking(client, f"{WORKLOAD}&cache_hit=50&cache_write=10"))
    assert rows["Apex One"] == "$0.78"


def test_batch_at_the_providers_discount_else_standard_rates(client, catalog):
    rows = dict(ranking(client, f"{WORKLOAD}&pricing=batch"))
    assert rows["Brisk Two"] == "$0.33"  # 50% of $0.65
    assert rows["Apex One"] == "$1.20"  # Alpha has no batch price: standard rates, said so
    assert "no batch price sourced: standard rates" in visible_text(
        client.get(f"/best/?{WORKLOAD}&pricing=batch").content
    )


def test_free_tiers_are_shown_apart_never_ranked(client, catalog):
    text = visible_text(client.get(f"/best/?{WORKLOAD}").content.decode())
    free = text.split("Free tiers and trials (not ranked)", 1)[1]
    assert "Dawn Four at Gamma Free: 1,000 requests a day" in free
    assert ("Dawn Four", "$4.80") in ranking(client, WORKLOAD)


def test_a_capability_filter_keeps_only_models_a_source_says_have_it(client, catalog):
    assert ranking(client, f"{WORKLOAD}&capability=function_calling") == [("Apex One", "$1.20")]


def test_a_region_filter_keeps_only_offerings_in_that_region(client, catalog):
    assert ranking(client, f"{WORKLOAD}&region=eu") == [("Echo Five", "$2.20")]


def test_a_minimum_context_window_and_providers_left_out(client, catalog):
    assert [m for m, _ in ranking(client, f"{WORKLOAD}&min_context=100000")] == [
        "Apex One", "Calm Three", "Dawn Four"
    ]
    assert ("Echo Five", "$2.20") in ranking(client, f"{WORKLOAD}&exclude=alpha-cloud")
    assert ranking(client, f"{WORKLOAD}&provider=beta-ai") == [
        ("Brisk Two", "$0.65"), ("Calm Three", "$3.60")
    ]


def test_other_purposes_are_ranked_only_when_asked_for(client, catalog):
    assert "Vector Six" not in [m for m, _ in ranking(client, WORKLOAD)]
    assert [m for m, _ in ranking(client, f"{WORKLOAD}&purpose=embedding")] == ["Vector Six"]
    # Requirements without a workload (a model page's link): the default workload, the chatbot's.
    response = client.get("/best/?purpose=embedding")
    assert response.status_code == 200
    assert [m for m, _ in ranking(client, "purpose=embedding")] == ["Vector Six"]
    assert "200,000,000 input and 40,000,000 output tokens a month" in visible_text(response.content)


def test_the_shared_benchmark_and_links_to_compare_the_top(client, catalog):
    html = client.get(f"/best/?{WORKLOAD}").content.decode()
    text = visible_text(html)
    assert "MMLU-Pro" in text and "71.2" in text
    assert 'href="/compare/brisk-two-vs-echo-five/"' in html
    assert 'href="/compare/apex-one-vs-brisk-two-vs-echo-five/"' in html


def test_bad_input_is_a_400_with_the_message_beside_the_field(client, catalog):
    response = client.get(f"/best/?{WORKLOAD}&min_context=lots")
    assert response.status_code == 400
    assert "Enter the minimum context window as a whole number of tokens" in visible_text(response.content)
    response = client.get(f"/best/?{WORKLOAD}&provider=nobody")
    assert response.status_code == 400
    assert "nobody is not a provider we list" in visible_text(response.content)


def test_an_unknown_preset_is_a_404_that_lists_the_named_workloads(client, catalog):
    response = client.get("/best/chat-bot/")
    assert response.status_code == 404
    text = visible_text(response.content)
    assert "We have no workload called “chat-bot”" in text and "The cheapest models for a chatbot" in text


def test_presets_are_indexable_pages_in_the_sitemap_and_other_workloads_are_noindex(client, catalog):
    for slug in ("chatbot", "long-document-retrieval", "batch-classification", "agentic-coding"):
        response = client.get(f"/best/{slug}/")
        html = response.content.decode()
        assert response.status_code == 200 and "noindex" not in html
        assert re.search(rf'<link rel="canonical" href="[^"]*/best/{slug}/">', html)
        assert "FAQPage" in html and "What is the cheapest model for" in html
    assert "noindex" in client.get(f"/best/?{WORKLOAD}").content.decode()
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "/best/</loc>" in pages and "/best/agentic-coding/</loc>" in pages


def test_the_chatbot_preset_states_its_workload_and_answers_from_its_ranking(client, catalog):
    # 100,000 x 2,000 input, half cached; 100,000 x 400 output. Echo has no cached price: 200M x 0.20 +
    # 40M x 0.20 = $48.00.
    text = visible_text(client.get("/best/chatbot/").content)
    assert "100,000 conversation turns a month" in text
    assert "What is the cheapest model for a chatbot?\nEcho Five at Alpha Cloud: $48.00 a month" in text


def test_an_htmx_change_gets_the_ranking_only_and_says_it_varies(client, catalog):
    response = client.get(f"/best/?{WORKLOAD}&region=eu", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="ranking"')
    assert "Echo Five" in html and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_the_page_is_linked_from_home_model_pages_and_the_pair_calculator(client, catalog):
    assert 'href="/best/chatbot/"' in client.get("/").content.decode()
    assert 'href="/best/"' in client.get("/models/apex-one/").content.decode()
    pair = client.get(f"/compare/apex-one-vs-brisk-two/?{WORKLOAD}").content.decode()
    assert f'href="/best/?{WORKLOAD.replace("&", "&amp;")}"' in pair


def test_an_edit_is_in_the_ranking_on_the_next_request(client, catalog):
    assert ranking(client, WORKLOAD)[0] == ("Echo Five", "$0.22")
    assert [client.get("/best/chatbot/")["X-Cache"] for _ in range(2)] == ["miss", "hit"]
    offering = catalog["brisk"].offerings.get()
    offering.input_price, offering.output_price = Decimal("0.05"), Decimal("0.10")
    offering.save()
    # 0.05 + 0.01: Brisk Two is now the cheapest, on the workload page and on the cached preset page.
    assert ranking(client, WORKLOAD)[0] == ("Brisk Two", "$0.06")
    assert "Brisk Two at Beta AI" in visible_text(client.get("/best/chatbot/").content)
    catalog["echo"].published = False
    catalog["echo"].save()
    assert "Echo Five" not in [m for m, _ in ranking(client, WORKLOAD)]


def test_a_request_must_fit_the_window_and_a_text_workload_needs_text_input(client, catalog):
    # Brisk's window is 32,000 tokens: a request of 40,000 + 100 cannot run on it; Echo's 64,000 can.
    long = "requests=25&input_per_request=40000&output_per_request=100"
    assert "Brisk Two" not in [m for m, _ in ranking(client, long)]
    assert "Echo Five" in [m for m, _ in ranking(client, long)]
    # A window nobody sourced is not held against a model, unless a minimum is asked for.
    make_offering(make_model("Fog Seven"), make_provider("Epsilon"), input_price="0.30", output_price="0.30")
    assert "Fog Seven" in [m for m, _ in ranking(client, long)]
    assert "Fog Seven" not in [m for m, _ in ranking(client, f"{long}&min_context=1000")]
    # Speech to text is not ranked for a text workload, however cheap.
    whisper = make_model("Whisper Eight", input_modalities=["audio"], output_modalities=["text"])
    make_offering(whisper, make_provider("Zeta"), input_price="0.001", output_price="0.001")
    assert "Whisper Eight" not in [m for m, _ in ranking(client, WORKLOAD)]


def test_the_long_context_answer_says_whether_a_tier_applies_to_the_models_shown(client, catalog):
    from comparisons.content.calculation import Workload
    from comparisons.content.presets import PRESETS, preset_faq
    from comparisons.content.ranking import Requirements, rank
    from comparisons.parts import ranking_candidates

    candidates = ranking_candidates()

    def answer(prompt: int) -> str:
        w = Workload(prompt * 10, 1000, requests=10, prompt_tokens=prompt)
        return dict(preset_faq(PRESETS["chatbot"], rank(candidates, w, Requirements())))[
            "Do long-context prices apply?"
        ]

    assert answer(2_000).startswith("Not for the models shown: a prompt of 2K tokens is shorter")
    assert answer(250_000).startswith("Yes, for 1 of the 5 models shown: a prompt of 250K tokens")


def test_a_preset_with_a_query_is_that_workload_at_best(client, catalog):
    response = client.get("/best/chatbot/?requests=5&input_per_request=10&output_per_request=10")
    assert response.status_code == 302
    assert response["Location"] == "/best/?requests=5&input_per_request=10&output_per_request=10"
    html = client.get("/best/").content.decode()
    assert '<span aria-current="page">Cheapest for a workload</span>' in html  # the page itself is no link
