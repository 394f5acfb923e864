"""The cost calculator on pair and N-way pages, used as a visitor uses it: the form as rendered, typed
numbers as people type them, every error once next to its field, never a 5xx."""

import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from catalog.models import Purpose
from comparisons.forms import CalculatorForm, DirectoryForm, parse_number
from tests.factories import make_benchmark, make_model, make_offering, make_provider, make_score, make_vendor
from tests.html import visible_text

pytestmark = pytest.mark.django_db

PAIR = "/compare/gpt-4o-vs-llama-3-2-1b-instruct/"
THREE = "/compare/gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
FOUR = "/compare/claude-haiku-4-5-vs-gpt-4o-vs-llama-3-2-1b-instruct-vs-llama-guard-3-1b/"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def catalog():
    meta, openai, anthropic = make_vendor("Meta"), make_vendor("OpenAI"), make_vendor("Anthropic")
    fireworks, groq = make_provider("Fireworks AI"), make_provider("Groq")
    small = make_model("Llama 3.2 1B Instruct", vendor=meta, last_reviewed=datetime.date(2026, 11, 1),
                       source_url="https://example.com/llama-card")
    guard = make_model("Llama Guard 3 1B", vendor=meta, purpose=Purpose.SAFETY_CLASSIFIER,
                       last_reviewed=datetime.date(2026, 10, 1))
    big = make_model("GPT-4o", vendor=openai, last_reviewed=datetime.date(2026, 11, 20))
    haiku = make_model("Claude Haiku 4.5", vendor=anthropic, last_reviewed=datetime.date(2026, 11, 2))
    make_offering(small, fireworks, input_price=Decimal("0.1"), output_price=Decimal("0.1"))
    make_offering(small, groq, input_price=Decimal("0.04"), output_price=Decimal("0.04"),
                  source_url="https://example.com/groq-prices")
    make_offering(guard, fireworks, input_price=Decimal("0.2"), output_price=Decimal("0.2"))
    make_offering(
        big,
        make_provider("OpenAI API", slug="openai"),
        input_price=Decimal("2.5"),
        output_price=Decimal("10"),
        cached_input_price=Decimal("1.25"),
    )
    make_offering(
        haiku,
        make_provider("Anthropic API", slug="anthropic"),
        input_price=Decimal("1"),
        output_price=Decimal("5"),
    )
    mmlu = make_benchmark("MMLU")
    for model, score in ((small, "49.3"), (guard, "30"), (big, "88.7")):
        make_score(model, mmlu, score=Decimal(score), source_url=f"https://example.com/mmlu/{model.slug}")
    return small, guard, big, haiku


class _Form(HTMLParser):
    """The calculator form as a browser sees it: its action, hx-get, fields with their labels and values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.labels: dict[str, str] = {}
        self._label: str | None = None
        self._inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "calculator" in (attrs.get("class") or ""):
            self.forms.append({"attrs": attrs, "inputs": []})
            self._inside = True
        elif tag == "input" and self._inside:
            self.forms[-1]["inputs"].append(attrs)
        elif tag == "select" and self._inside:
            # A select submits its selected option, else its first one.
            self.forms[-1]["inputs"].append({**attrs, "value": None})
        elif tag == "option" and self._inside:
            field = self.forms[-1]["inputs"][-1]
            if field["value"] is None or "selected" in attrs:
                field["value"] = attrs.get("value", "")
        elif tag == "label":
            self._label = attrs.get("for")
            self.labels[self._label] = ""

    def handle_data(self, data):
        if self._label is not None:
            self.labels[self._label] += data

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        elif tag == "form":
            self._inside = False


def calculator(html) -> tuple[dict, dict[str, str], dict[str, str]]:
    """(the form's attributes, {name: value} as a browser would submit it, {name: label})."""
    parser = _Form()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    (form,) = parser.forms
    values = {i["name"]: i.get("value", "") for i in form["inputs"] if i.get("name")}
    labels = {i["name"]: parser.labels.get(i.get("id"), "").strip() for i in form["inputs"] if i.get("name")}
    return form["attrs"], values, labels


@pytest.mark.parametrize("url", [PAIR, THREE, FOUR])
def test_every_calculator_input_is_named_and_labelled_and_the_form_as_rendered_works(client, catalog, url):
    response = client.get(url)
    assert response.status_code == 200
    attrs, values, labels = calculator(response.content)
    assert set(values) == set(CalculatorForm.base_fields)
    assert all(labels.values()), labels
    assert attrs["method"] == "get" and attrs["action"]  # works without JavaScript
    # htmx asks for the page's own path: an empty hx-get would repeat the current query string.
    assert attrs["data-hx-get"] == "."

    result = client.get(url, values)  # as a browser submits it, empty fields included
    assert result.status_code == 200
    text = visible_text(result.content)
    assert "For 1,000,000 input and 1,000,000 output tokens a month" in text
    for model in catalog if url == FOUR else catalog[:3] if url == THREE else (catalog[0], catalog[2]):
        assert f"\n{model.name}\nProvider\nPer month\n" in text


def test_three_way_result_per_model_at_its_cheapest_offering(client, catalog):
    response = client.get(THREE, {"input_tokens": "2,000,000", "output_tokens": "500 000"}, headers=HTMX)
    assert response.status_code == 200
    text = visible_text(response.content)
    # Groq: 2M x $0.04 + 0.5M x $0.04 = $0.10; Fireworks: 2.5M x $0.2 = $0.50;
    # OpenAI: 2M x $2.5 + 0.5M x $10 = $10.
    assert (
        "For 2,000,000 input and 500,000 output tokens a month, Llama 3.2 1B Instruct is the cheapest "
        "at $0.10 (Groq) "
        "and GPT-4o the dearest at $10.00 (OpenAI API): 99% less." in text
    )
    assert "Llama Guard 3 1B\nProvider\nPer month\nFireworks AI\n$0.50" in text
    # One line per model at its cheapest provider, cheapest first.
    assert (
        "\nLlama 3.2 1B Instruct: $0.10 a month at Groq\nLlama Guard 3 1B: $0.50 a month at Fireworks AI\n"
        "GPT-4o: $10.00 a month at OpenAI API\n" in text
    )
    assert "Llama 3.2 1B Instruct\nProvider\nPer month\nGroq\n$0.10\nFireworks AI\n$0.25" in text


@pytest.mark.parametrize("url", [THREE, FOUR])
def test_n_way_pages_have_sources_last_reviewed_and_continue_comparing(client, catalog, url):
    text = visible_text(client.get(url).content)
    # The stalest review among the facts shown, and how many of them no editor has reviewed.
    assert "are imported from their sources and not yet reviewed by an editor; the oldest review of the " \
        "others is October 1, 2026." in text
    assert "Llama 3.2 1B Instruct: model card" in text
    assert "Llama 3.2 1B Instruct at Groq: price" in text
    if url == THREE:
        assert "MMLU score" in text  # the benchmark all three share is shown, so is its source
        assert "Add a model" in text  # up to four
    else:
        assert "Add a model" not in text  # four is the most
    assert "Compare without GPT-4o" in text


def test_adding_a_fourth_model_from_a_three_way_page(client, catalog):
    html = client.get(THREE).content.decode()
    models = re.search(r'name="models" value="([^"]+)"', html)[1]
    response = client.get("/compare/", {"models": models, "add": "Claude Haiku 4.5"})
    assert response.status_code == 301 and response["Location"] == FOUR


@pytest.mark.parametrize("share", ["101", "100.5", "150", "1000", "100.01"])
@pytest.mark.parametrize("url", [PAIR, THREE])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_cached_share_above_100_is_a_400_with_one_message(client, catalog, share, url, htmx):
    response = client.get(url, {"input_tokens": "1000", "output_tokens": "1000", "cache_hit": share},
                          headers=HTMX if htmx else {})
    assert response.status_code == 400
    assert visible_text(response.content).count("The cached share cannot be more than 100 percent.") == 1


@pytest.mark.parametrize("share", ["100", "50%", "12.5", " 12.5 % ", "0"])
def test_a_cached_share_from_0_to_100_is_used(client, catalog, share):
    response = client.get(PAIR, {"input_tokens": "1000000", "output_tokens": "0", "cache_hit": share})
    assert response.status_code == 200


def test_the_cached_share_is_billed_at_the_cached_price(client, catalog):
    text = visible_text(
        client.get(PAIR, {"input_tokens": "1,000,000", "output_tokens": "0", "cache_hit": "50%"}).content
    )
    # GPT-4o: 0.5M x $2.50 + 0.5M x $1.25 = $1.875, rounded half up to $1.88; Llama at Groq: 1M x $0.04.
    assert "GPT-4o\nProvider\nPer month\nOpenAI API cached price\n$1.88" in text
    assert "50% of input cached" in text


@pytest.mark.parametrize(
    "typed",
    [
        "5,000,000",
        "5 000 000",
        "5\u202f000\u202f000",
        "5\u00a0000\u00a0000",
        "5_000_000",
        "5000000",
        " 5000000 ",
        "50,00,000",
        "٥٠٠٠٠٠٠",
        "５ ０００ ０００",
    ],
)
def test_numbers_as_people_type_them(client, catalog, typed):
    for url in (PAIR, THREE):
        response = client.get(url, {"input_tokens": typed, "output_tokens": "0"})
        assert response.status_code == 200, (url, typed)
        assert "For 5,000,000 input and 0 output tokens a month" in visible_text(response.content)
    by_request = client.get(PAIR, {"requests": typed, "input_per_request": "1", "output_per_request": "0"})
    assert "For 5,000,000 input and 0 output tokens a month" in visible_text(by_request.content)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,5", "Enter input tokens per month as a whole number"),  # a decimal comma is not read as 15
        ("1.000", "Enter input tokens per month as a whole number"),  # nor a German thousand as one
        ("12,34,5", "Enter input tokens per month as a whole number"),
        ("1e6", "Enter input tokens per month as a whole number"),
        ("-5", "Input tokens per month cannot be negative."),
        ("5,000,000,000,000", "Input tokens per month must be at most 1,000,000,000,000."),
    ],
)
def test_numbers_that_are_not_whole_token_counts_are_refused_once_next_to_the_field(
    client, catalog, typed, message
):
    for url, headers in ((PAIR, {}), (THREE, HTMX)):
        response = client.get(url, {"input_tokens": typed, "output_tokens": "1000"}, headers=headers)
        assert response.status_code == 400
        html = response.content.decode()
        assert visible_text(html).count(message) == 1, visible_text(html)
        # Next to its field: the input points at the message, and the message sits in the field's paragraph.
        field = re.search(r'<p class="field">\s*<label for="id_input_tokens">.*?</p>', html, re.S)[0]
        assert 'aria-describedby="id_input_tokens-error"' in field and message in field


def test_two_bad_fields_give_two_messages_each_once(client, catalog):
    response = client.get(THREE, {"input_tokens": "lots", "output_tokens": "1000", "cache_hit": "-3"})
    assert response.status_code == 400
    text = visible_text(response.content)
    assert text.count("Enter input tokens per month as a whole number") == 1
    assert text.count("The cached share cannot be negative.") == 1


def test_requests_missing_a_count_is_one_message(client, catalog):
    response = client.get(PAIR, {"requests": "100", "input_per_request": "10"}, headers=HTMX)
    assert response.status_code == 400
    assert (
        visible_text(response.content).count("Enter requests per month and both token counts per request.")
        == 1
    )


def test_no_error_message_can_break_on_a_percent_sign():
    """Django %-formats a field's error message with the validator's values: a bare "%" (as in "100%.")
    raised ValueError, a 500, on every share above 100."""
    for form in (CalculatorForm, DirectoryForm):
        for name, field in form.base_fields.items():
            for code, message in field.error_messages.items():
                assert not re.search(r"%(?!\(\w+\)[sd]|%)", str(message)), (
                    form.__name__,
                    name,
                    code,
                    message,
                )


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("5,000,000", 5_000_000),
        ("5 000 000", 5_000_000),
        ("5\u202f000\u202f000", 5_000_000),
        ("5_000_000", 5_000_000),
        ("5'000'000", 5_000_000),
        ("50,00,000", 5_000_000),
        ("1,000.5", Decimal("1000.5")),
        (".5", Decimal("0.5")),
        ("٣", 3),
        ("३४", 34),
        ("−2", -2),
        ("1,5", None),
        ("1,00", None),
        ("1 000,000", None),
        ("1e3", None),
        ("NaN", None),
        ("Infinity", None),
        ("0x10", None),
        ("5.", None),
        ("", None),
        ("9" * 100, None),
    ],
)
def test_parse_number(text, number):
    assert parse_number(text) == number


def test_directory_reads_numbers_the_same_way(client, catalog):
    response = client.get("/models/", {"min_context": "128,000", "max_price": "$0.5"})
    assert response.status_code == 200
    refused = client.get("/models/", {"min_context": "1.000"})
    assert refused.status_code == 400


@pytest.mark.parametrize("typed", ["5000", "5,000", "lots"])
@pytest.mark.parametrize("url", [PAIR, THREE])
def test_the_rate_limit_counts_every_calculation_however_it_is_typed(client, catalog, settings, typed, url):
    """Only plain digits were counted: "5,000" (not cached, since not plain) went round the limit."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "calculator": (2, 60)}
    for _ in range(2):
        assert client.get(url, {"input_tokens": typed, "output_tokens": "0"}).status_code in (200, 400)
    response = client.get(url, {"input_tokens": typed, "output_tokens": "0"}, headers=HTMX)
    assert response.status_code == 429
    assert visible_text(response.content).count("Too many calculations in a short time") == 1
    assert client.get(url).status_code == 200  # reading the page is not limited


@pytest.mark.parametrize("url", [PAIR, THREE])
def test_recalculating_with_every_field_cleared_says_what_to_enter(client, catalog, url):
    """Empty fields are not sent: clearing them all asks for the bare page URL as a fragment, which once
    swapped in a form with no fields at all."""
    response = client.get(url, headers=HTMX)
    assert response.status_code == 400
    attrs, values, labels = calculator(response.content)
    assert set(values) == set(CalculatorForm.base_fields) and all(labels.values())
    assert visible_text(response.content).count(
        "Enter input and output tokens per month, or requests and tokens per request."
    ) == 1
    assert client.get(url).status_code == 200  # the page itself is unchanged


def test_n_way_verdict_tells_alike_sizes_apart_and_counts_priced_providers(client):
    vendor = make_vendor("Meta")
    priced = [make_provider(f"Host {n}") for n in range(3)]
    a = make_model("Alpha", vendor=vendor, context_window=131072)
    b = make_model("Beta", vendor=vendor, context_window=128000)
    c = make_model("Gamma", vendor=vendor, context_window=8192)
    for host in priced:
        make_offering(a, host, input_price=Decimal("1"), output_price=Decimal("1"))
    make_offering(b, priced[0], input_price=Decimal("2"), output_price=Decimal("2"))
    make_offering(b, priced[1], input_price=None, output_price=None)  # listed without a price: not counted
    make_offering(b, priced[2], input_price=None, output_price=None)
    make_offering(c, priced[0], input_price=Decimal("3"), output_price=Decimal("3"))
    text = visible_text(client.get("/compare/alpha-vs-beta-vs-gamma/").content)
    # Both would read "128K": the exact numbers say which is larger.
    assert "Alpha has the largest context window, 131,072 tokens, against 128,000 for Beta." in text
    assert "Alpha is offered by the most providers with a sourced price (3)." in text


def test_n_way_verdict_names_every_model_with_the_largest_window(client):
    vendor = make_vendor("Meta")
    for name, window in (("Alpha", 200000), ("Beta", 200000), ("Gamma", 8192)):
        make_offering(make_model(name, vendor=vendor, context_window=window), make_provider(f"Host {name}"))
    text = visible_text(client.get("/compare/alpha-vs-beta-vs-gamma/").content)
    assert "Alpha and Beta share the largest context window, 200K tokens, against 8K for Gamma." in text
