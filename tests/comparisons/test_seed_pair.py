"""The page that started it all, priced as on the page we set out to do better than."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Purpose, Support
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import faq, json_ld, row, visible_text

pytestmark = pytest.mark.django_db
URL = "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"


@pytest.fixture
def seed_pair():
    meta = make_vendor("Meta")
    providers = {
        name: make_provider(name)
        for name in ["OpenRouter", "Fireworks AI", "NVIDIA NIM", "Bitdeer AI", "AWS Bedrock"]
    }
    instruct = make_model(
        "Llama 3.2 1B Instruct", vendor=meta, release_date=datetime.date(2024, 9, 25), context_window=131072,
        parameters_billions=Decimal("1.23"), architecture="Decoder-only transformer",
        license_name="Llama 3.2 Community License", open_weights=Support.YES,
        knowledge_cutoff=datetime.date(2023, 12, 1), last_reviewed=datetime.date(2026, 11, 1),
    )
    guard = make_model(
        "Llama Guard 3 1B",
        vendor=meta,
        purpose=Purpose.SAFETY_CLASSIFIER,
        release_date=datetime.date(2024, 9, 25),
        parameters_billions=Decimal("1"),
        license_name="Llama 3.2 Community License",
        open_weights=Support.YES,
        last_reviewed=datetime.date(2026, 10, 1),
    )
    prices = {
        "OpenRouter": ("0.03", "0.20"),  # the cheapest blended: $0.081
        "Fireworks AI": ("0.10", "0.10"),
        "NVIDIA NIM": ("0.04", "0.30"),
        "Bitdeer AI": ("0.09", "0.12"),
        "AWS Bedrock": ("0.10", "0.10"),
    }
    for name, (i, o) in prices.items():
        make_offering(instruct, providers[name], input_price=Decimal(i), output_price=Decimal(o))
    make_offering(guard, providers["Fireworks AI"], input_price=Decimal("0.10"), output_price=Decimal("0.10"))
    return instruct, guard


def test_seed_pair_numbers_are_right(client, seed_pair):
    response = client.get(URL)
    assert response.status_code == 200
    text = visible_text(response.content)

    assert (
        "Llama 3.2 1B Instruct is 70% cheaper on input ($0.03 at OpenRouter vs $0.10 at Fireworks AI per 1M "
        "tokens); Llama Guard 3 1B costs 3.3 times as much."
        in text
    )
    # Instruct's cheapest output is $0.10 too (Fireworks AI, AWS Bedrock): "Guard is 50% cheaper on output"
    # compared only OpenRouter's row and was false.
    assert "On output they cost the same: $0.10 per 1M tokens each." in text
    assert (
        "Blended at 70/30 input/output, Llama 3.2 1B Instruct is 19% cheaper: "
        "$0.081 against $0.100 per 1M tokens."
        in text
    )
    assert (
        "With each model at its cheapest provider for the mix, Llama 3.2 1B Instruct is cheaper below 41.2% "
        "output tokens and they cost the same above 41.2%."
    ) in text
    assert "Llama 3.2 1B Instruct is offered by 5 providers, Llama Guard 3 1B by 1." in text
    assert "Llama Guard 3 1B is a safety classifier, so the two do different jobs" in text


def test_seed_pair_tables(client, seed_pair):
    html = client.get(URL).content
    assert row(html, "Context window") == ["Context window", "128K (131,072 tokens)", "Not yet sourced"]
    assert row(html, "Purpose") == ["Purpose", "Chat model", "Safety classifier"]
    assert row(html, "Blended 70/30") == ["Blended 70/30", "$0.081", "$0.100"]  # the chart's table
    cheapest = row(html, "OpenRouter cheapest")
    assert cheapest[1:4] == ["$0.03", "$0.20", "$0.081"]
    assert "Llama Guard 3 1B: 1 provider" in visible_text(html)
    assert "Llama 3.2 1B Instruct: 5 providers" in visible_text(html)


def test_seed_pair_last_reviewed_and_calculator(client, seed_pair):
    text = visible_text(client.get(URL).content)
    # The seed pair's six prices were never reviewed: the footer says so, never "Last reviewed: October 1".
    assert (
        "6 of the 8 facts shown (model details and prices) are imported from their sources and not yet "
        "reviewed by an editor; the oldest review of the others is October 1, 2026." in text
    )
    assert "Last reviewed: October 1, 2026." not in text

    response = client.get(URL, {"input_tokens": "10000000", "output_tokens": "2000000"})
    text = visible_text(response.content)
    # 10M x $0.03 + 2M x $0.20 = $0.70 at OpenRouter; 12M x $0.10 = $1.20 at Fireworks AI
    assert (
        "For 10,000,000 input and 2,000,000 output tokens a month, Llama 3.2 1B Instruct costs "
        "$0.70 at OpenRouter "
        "and Llama Guard 3 1B $1.20 at Fireworks AI: Llama 3.2 1B Instruct is 41.7% cheaper." in text
    )


WHOLE = "Enter input tokens per month as a whole number, such as 2000000."


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("abc", WHOLE),
        ("-5", "Input tokens per month cannot be negative."),
        ("NaN", WHOLE),
        ("1e309", WHOLE),
        ("9" * 10_000, WHOLE),
        ("10000000000000", "Input tokens per month must be at most 1,000,000,000,000."),
        ("", "Enter input and output tokens per month, or requests and tokens per request."),
    ],
)
def test_calculator_bad_input_is_a_400_with_a_message(client, seed_pair, bad, message):
    response = client.get(URL, {"input_tokens": bad, "output_tokens": "1000"})
    assert response.status_code == 400
    assert message in visible_text(response.content)
    # With htmx, the same message comes back in the calculator fragment, still a 400.
    fragment = client.get(URL, {"input_tokens": bad, "output_tokens": "1000"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 400
    assert message in visible_text(fragment.content)
    assert "<html" not in fragment.content.decode()


def test_calculator_by_requests_with_a_cached_share(client, seed_pair):
    from catalog.models import Offering

    Offering.objects.filter(provider__name="OpenRouter").update(cached_input_price=Decimal("0.01"))
    response = client.get(
        URL,
        {"requests": "10000", "input_per_request": "1000", "output_per_request": "200", "cache_hit": "50"},
    )
    text = visible_text(response.content)
    # 10M input (5M cached at $0.01, 5M at $0.03) + 2M output at $0.20 = $0.05 + $0.15 + $0.40 = $0.60
    assert (
        "For 10,000,000 input and 2,000,000 output tokens a month, 50% of input cached, "
        "Llama 3.2 1B Instruct costs "
        "$0.60 at OpenRouter and Llama Guard 3 1B $1.20 at Fireworks AI: "
        "Llama 3.2 1B Instruct is 50% cheaper."
        in text
    )
    # Every provider, cheapest first (NVIDIA NIM: 10M x $0.04 + 2M x $0.30 = $1.00).
    table = text.split("Llama 3.2 1B Instruct\nProvider\nPer month\n", 1)[1].split("\n")[:10]
    assert table == [
        "OpenRouter cached price", "$0.60", "NVIDIA NIM", "$1.00", "Bitdeer AI", "$1.14",
        "AWS Bedrock", "$1.20", "Fireworks AI", "$1.20",
    ]


def test_faq_on_the_page_matches_the_json_ld(client, seed_pair):
    html = client.get(URL).content
    (faq_ld,) = [block for block in json_ld(html) if block["@type"] == "FAQPage"]
    questions = [q["name"] for q in faq_ld["mainEntity"]]
    answers = [q["acceptedAnswer"]["text"] for q in faq_ld["mainEntity"]]
    on_page = faq(html)
    assert [q for q, _ in on_page] == questions
    assert [a for _, a in on_page] == answers
    assert "Which is cheaper, Llama 3.2 1B Instruct or Llama Guard 3 1B?" in questions
    assert "Are Llama 3.2 1B Instruct and Llama Guard 3 1B open source?" in questions


def test_editor_intro_and_questions_come_first(client, seed_pair):
    from catalog.models import PairNote, PairQuestion

    instruct, guard = seed_pair
    note = PairNote(
        model_a=guard,
        model_b=instruct,
        intro="Meta ships these two together.",
        last_reviewed=datetime.date(2026, 11, 20),
    )
    note.full_clean()  # puts the pair in canonical order
    note.save()
    PairQuestion.objects.create(
        note=note,
        question="Can Llama Guard 3 1B moderate Llama 3.2 1B Instruct?",
        answer="Yes: that is what it is for.",
    )

    html = client.get(URL).content
    text = visible_text(html)
    assert text.index("Meta ships these two together.") < text.index("Verdict")
    assert "Editor's note, reviewed November 20, 2026." in text
    (faq_ld,) = [block for block in json_ld(html) if block["@type"] == "FAQPage"]
    assert faq_ld["mainEntity"][0]["name"] == "Can Llama Guard 3 1B moderate Llama 3.2 1B Instruct?"
    assert "(Editor, reviewed Nov 20, 2026)" in text


def test_hostile_model_name_is_escaped_everywhere(client, seed_pair):
    instruct, _ = seed_pair
    evil = make_model("</script><script>alert(1)</script>", vendor=instruct.vendor)
    make_offering(evil, input_price=Decimal("1"), output_price=Decimal("2"))
    low, high = sorted([evil.slug, instruct.slug])
    response = client.get(reverse("comparisons:compare_pair", args=[f"{low}-vs-{high}"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)" not in html
    title = html.split("</title>")[0]
    assert "Llama 3.2 1B Instruct vs &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in title
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in html  # inside the JSON-LD
    (faq_ld,) = [b for b in json_ld(html) if b["@type"] == "FAQPage"]
    assert "</script><script>alert(1)</script>" in faq_ld["mainEntity"][0]["name"]
