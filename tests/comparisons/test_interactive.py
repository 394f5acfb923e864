"""The htmx parts without a browser: picker suggestions, N-way compare, directory filters, partials."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Purpose, Support
from comparisons.content.suggest import Choice, search
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import parse, visible_text

pytestmark = pytest.mark.django_db

CHOICES = [
    Choice(n, n.lower().replace(" ", "-").replace(".", "-"))
    for n in [
        "Llama 3.2 1B Instruct",
        "Llama 3.2 1B",
        "Llama Guard 3 1B",
        "Llama 3.1 8B Instruct",
        "GPT-4o",
        "GPT-4o mini",
        "GPT-4.1",
        "Claude Sonnet 4.5",
        "Gemma 3 27B IT",
    ]
]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("llama 3.2 1b", "Llama 3.2 1B"),
        ("llama 3.2 1b instruct", "Llama 3.2 1B Instruct"),
        ("gpt4o", "GPT-4o"),
        ("gpt 4o mini", "GPT-4o mini"),
        ("lamma guard", "Llama Guard 3 1B"),
        ("claude sonet", "Claude Sonnet 4.5"),
        ("1b instruct llama", "Llama 3.2 1B Instruct"),
    ],
)
def test_picker_matches_prefixes_words_and_typos(query, first):
    assert search(query, CHOICES)[0].name == first


def test_picker_never_suggests_nonsense():
    assert search("zzzz", CHOICES) == []
    assert search("", CHOICES) == []


@pytest.fixture
def catalog():
    meta, openai = make_vendor("Meta"), make_vendor("OpenAI")
    fireworks, groq = make_provider("Fireworks AI"), make_provider("Groq")
    small = make_model("Llama 3.2 1B Instruct", vendor=meta, context_window=131072, open_weights=Support.YES,
                       release_date=datetime.date(2024, 9, 25), function_calling=Support.YES)
    guard = make_model(
        "Llama Guard 3 1B", vendor=meta, purpose=Purpose.SAFETY_CLASSIFIER, open_weights=Support.YES
    )
    big = make_model("GPT-4o", vendor=openai, context_window=128000, open_weights=Support.NO,
                     release_date=datetime.date(2024, 5, 13), function_calling=Support.YES)
    make_offering(small, fireworks, input_price=Decimal("0.1"), output_price=Decimal("0.1"))
    make_offering(small, groq, input_price=Decimal("0.04"), output_price=Decimal("0.04"))
    make_offering(guard, fireworks, input_price=Decimal("0.2"), output_price=Decimal("0.2"))
    make_offering(
        big,
        make_provider("OpenAI API", slug="openai"),
        input_price=Decimal("2.5"),
        output_price=Decimal("10"),
    )
    return small, guard, big


def test_suggestion_endpoint_is_a_fragment_with_vendor_and_purpose(client, catalog):
    response = client.get(
        reverse("comparisons:suggest_models"),
        {"field": "a", "a": "llama 3.2"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert [o for o in parse(html).links][0] == ("/models/llama-3-2-1b-instruct/", "Llama 3.2 1B Instruct")
    assert "Meta · Chat and instruction following" in visible_text(html)
    empty = client.get(reverse("comparisons:suggest_models"), {"q": "qqqq"})
    assert "No model matches “qqqq”." in visible_text(empty.content)


def test_n_way_redirects_to_alphabetical_slugs_and_is_noindex(client, catalog):
    response = client.get("/compare/", {"models": "llama-guard-3-1b,gpt-4o,llama-3-2-1b-instruct"})
    assert response.status_code == 301
    assert response["Location"] == "/compare/gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
    # Exactly two go to the pair page.
    response = client.get("/compare/", {"models": "llama-guard-3-1b,gpt-4o"})
    assert response["Location"] == "/compare/gpt-4o-vs-llama-guard-3-1b/"
    # Another order of an N-way URL answers 301 too.
    response = client.get("/compare/llama-guard-3-1b-vs-gpt-4o-vs-llama-3-2-1b-instruct/")
    assert response["Location"] == "/compare/gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"

    page = client.get("/compare/gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/")
    assert page.status_code == 200
    parsed = parse(page.content)
    assert parsed.meta["robots"] == "noindex, follow"
    text = visible_text(page.content)
    assert (
        "Blended at 70/30 input/output, Llama 3.2 1B Instruct is the cheapest at $0.04 per 1M tokens, "
        in text
    )
    specs = [t for t in parsed.tables if t[0][:1] == ["Spec"]][0]
    assert specs[0] == ["Spec", "GPT-4o", "Llama 3.2 1B Instruct", "Llama Guard 3 1B"]
    assert (
        "Llama Guard 3 1B is a safety classifier that labels prompts and responses as safe or unsafe" in text
    )


def test_adding_a_model_from_a_pair_page(client, catalog):
    page = client.get("/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/")
    form = visible_text(page.content)
    assert "Add a model" in form
    response = client.get("/compare/", {"models": "llama-3-2-1b-instruct,llama-guard-3-1b", "add": "GPT-4o"})
    assert response["Location"] == "/compare/gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
    too_many = client.get("/compare/", {"models": "a,b,c,d", "add": "e"})
    assert too_many.status_code == 400


def test_n_way_calculator_ranks_every_model(client, catalog):
    url = "/compare/gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
    text = visible_text(client.get(url, {"input_tokens": "1000000", "output_tokens": "1000000"}).content)
    assert (
        "For 1,000,000 input and 1,000,000 output tokens a month, Llama 3.2 1B Instruct is the cheapest "
        "at $0.08 "
        "(Groq) and GPT-4o the dearest at $12.50 (OpenAI API): 99.4% less." in text
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"vendor": "meta"}, ["Llama 3.2 1B Instruct", "Llama Guard 3 1B"]),
        ({"provider": "groq"}, ["Llama 3.2 1B Instruct"]),
        ({"purpose": "safety_classifier"}, ["Llama Guard 3 1B"]),
        ({"capability": "function_calling"}, ["GPT-4o", "Llama 3.2 1B Instruct"]),
        ({"open_weights": "no"}, ["GPT-4o"]),
        ({"min_context": "130000"}, ["Llama 3.2 1B Instruct"]),
        ({"max_price": "0.1"}, ["Llama 3.2 1B Instruct"]),
        ({"sort": "price"}, ["Llama 3.2 1B Instruct", "Llama Guard 3 1B", "GPT-4o"]),
        ({"sort": "context"}, ["Llama 3.2 1B Instruct", "GPT-4o", "Llama Guard 3 1B"]),
        ({"sort": "release"}, ["Llama 3.2 1B Instruct", "GPT-4o", "Llama Guard 3 1B"]),
        ({"q": "llama", "sort": "price"}, ["Llama 3.2 1B Instruct", "Llama Guard 3 1B"]),
    ],
)
def test_directory_filters_and_sorting(client, catalog, params, expected):
    response = client.get(reverse("comparisons:model_list"), params)
    assert response.status_code == 200
    rows = [t for t in parse(response.content).tables if t[0][:1] == ["Model"]][0][1:]
    assert [r[0] for r in rows] == expected
    page = parse(response.content)
    assert page.meta["robots"] == "noindex, follow"
    assert page.canonical.endswith("/models/")


def test_directory_bad_filter_is_a_400_with_a_message(client, catalog):
    response = client.get(reverse("comparisons:model_list"), {"min_context": "lots", "vendor": "nobody"})
    assert response.status_code == 400
    html = response.content.decode()
    # Each message beside its field, the field marked invalid and pointing at it;
    # the results say why they are not filtered.
    field = re.search(r'<div class="field"><label for="id_min_context">.*?</div>', html, re.S)[0]
    assert "Enter the minimum context window as a whole number of tokens" in field
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_min_context-error"' in field
    vendor = re.search(r'<div class="field"><label for="id_vendor">.*?</div>', html, re.S)[0]
    assert "Select a valid choice. nobody is not one of the available choices." in vendor
    assert "These results are not filtered: correct the filter marked above." in visible_text(html)
    # With htmx only the results are swapped: the messages reach their fields out of band.
    fragment = client.get(
        reverse("comparisons:model_list"), {"min_context": "lots"}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 400
    assert re.search(
        r'<span class="error" id="id_min_context-error" data-hx-swap-oob="true">Enter the minimum',
        fragment.content.decode(),
    )


def test_partials_vary_are_private_and_history_restore_gets_the_page(client, catalog):
    url = reverse("comparisons:model_list")
    page = client.get(url, {"vendor": "meta"})
    fragment = client.get(url, {"vendor": "meta"}, headers={"HX-Request": "true"})
    restore = client.get(
        url, {"vendor": "meta"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    for response in (page, fragment, restore):
        assert {"HX-Request", "HX-History-Restore-Request"} <= {
            h.strip() for h in response["Vary"].split(",")
        }
    assert "<html" in page.content.decode() and "<html" in restore.content.decode()
    assert "<html" not in fragment.content.decode() and 'id="results"' in fragment.content.decode()
    assert "private" in fragment["Cache-Control"]
    assert "private" not in page.get("Cache-Control", "")
    # Public pages set no cookie: nothing here needs a CSRF token.
    assert not page.cookies and not fragment.cookies

    pair = "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
    calc = client.get(pair, {"input_tokens": "1000", "output_tokens": "1000"}, headers={"HX-Request": "true"})
    assert 'id="calculator-body"' in calc.content.decode() and "<html" not in calc.content.decode()
    assert "private" in calc["Cache-Control"]


def test_with_the_page_cache_on_a_cached_page_is_never_served_as_a_fragment_or_the_reverse(client, catalog):
    url = reverse("comparisons:model_list")
    first = client.get(url)
    again = client.get(url)
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")  # the page cache is on
    fragment = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode() and 'id="results"' in fragment.content.decode()
    assert "X-Cache" not in fragment and "private" in fragment["Cache-Control"]
    restore = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()
    after = client.get(url)
    assert after["X-Cache"] == "hit" and "<html" in after.content.decode()
    for response in (again, fragment, restore, after):
        assert {"HX-Request", "HX-History-Restore-Request"} <= {
            h.strip() for h in response["Vary"].split(",")
        }

    pair = "/compare/llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
    assert client.get(pair)["X-Cache"] == "miss" and client.get(pair)["X-Cache"] == "hit"
    calc = client.get(pair, {"input_tokens": "abc", "output_tokens": "1"}, headers={"HX-Request": "true"})
    assert calc.status_code == 400 and "<html" not in calc.content.decode()
    assert "<html" in client.get(pair).content.decode()


def test_each_visitor_sees_the_spelling_they_typed(client, catalog):
    url = reverse("comparisons:suggest_models")
    for query in ("Qqqq Model", "qqqq model", "QQQQ MODEL"):
        text = visible_text(client.get(url, {"q": query}).content)
        assert f"No model matches “{query}”." in text
