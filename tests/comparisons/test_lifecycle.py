"""Lifecycle on the public pages (issue 15, item 7): an offering's retirement date and its source are shown
("retires on ...", "retired on ..."); a retired offering is listed as retired, never "cheapest" and never
counted as a provider; a model with no live offering says so and links its successor. "Retired" depends on
the day: a date passing changes the pages, whatever was cached the day before."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import ProviderKind
from comparisons.content.facts import offering_facts
from tests.factories import make_model, make_offering, make_provider
from tests.html import faq, parse, visible_text

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
SOURCE = "https://example.com/deprecations"


def today() -> datetime.date:
    return timezone.localdate()


def said(day: datetime.date) -> str:
    """A date as the tables write it: "Dec 11, 2026"."""
    return f"{day:%b} {day.day}, {day.year}"


def written(day: datetime.date) -> str:
    """A date as sentences write it: "December 11, 2026"."""
    return f"{day:%B} {day.day}, {day.year}"


def tables(html) -> dict[str, list[list[str]]]:
    """Each offerings table's rows (header row left out), by its scroll region's label."""
    html = html.decode() if isinstance(html, bytes) else html
    found = re.findall(r'aria-label="([^"]*)"[^>]*>\s*<table class="offerings">(.*?</table>)', html, re.S)
    return {label: parse("<table>" + body).tables[0][1:] for label, body in found}


@pytest.fixture
def sonnet():
    """A model at three providers: the cheapest retired two days ago, one retiring in nine days (with its
    source), one with no date."""
    model = make_model("Claude Sonnet 4.5")
    make_offering(
        model,
        make_provider("Anthropic"),
        input_price="1.00",
        output_price="1.00",
        retires_on=today() - 2 * DAY,
        retirement_source=SOURCE,
    )
    make_offering(
        model,
        make_provider("Vertex AI"),
        input_price="3.00",
        output_price="15.00",
        retires_on=today() + 9 * DAY,
        retirement_source=SOURCE,
    )
    make_offering(model, make_provider("AWS Bedrock"), input_price="3.30", output_price="16.50")
    return model


def test_model_page_says_retires_on_and_retired_on_with_the_source(client, sonnet):
    html = client.get(sonnet.get_absolute_url()).content
    text = visible_text(html)
    rows = tables(html)
    assert [cells[0] for cells in rows["Offerings table"]] == [
        f"Vertex AI cheapest retires on {said(today() + 9 * DAY)}",
        "AWS Bedrock",
    ]
    assert [cells[0] for cells in rows["Retired"]] == [f"Anthropic retired on {said(today() - 2 * DAY)}"]
    links = parse(html).links
    assert (SOURCE, said(today() + 9 * DAY)) in links
    assert (SOURCE, said(today() - 2 * DAY)) in links
    # The retired offering is not a provider, however cheap it was.
    assert "Where to run it: 2 providers with a price" in text
    assert (
        "It is offered by 2 providers with a sourced price; the cheapest, Vertex AI, charges $3.00 per 1M "
        f"input and $15.00 per 1M output tokens. Vertex AI retires it on {written(today() + 9 * DAY)}."
        in text
    )
    assert "No longer offered by the provider" in text
    assert "Also listed, price not yet sourced" not in text


def test_an_offering_retiring_today_is_retired(client):
    model = make_model("Gemini 2.5 Pro")
    make_offering(
        model, make_provider("Google AI Studio"), input_price="1.25", output_price="10.00", retires_on=today()
    )
    make_offering(model, make_provider("Vertex AI"), input_price="1.25", output_price="10.00")
    html = client.get(model.get_absolute_url()).content
    assert [cells[0] for cells in tables(html)["Retired"]] == [f"Google AI Studio retired on {said(today())}"]
    assert "1 provider with a price" in visible_text(html)


def test_a_model_with_no_live_offering_says_so_and_links_its_successor(client):
    successor = make_model("GPT-5.1")
    make_offering(successor, make_provider("OpenAI Direct"), input_price="1.25", output_price="10.00")
    model = make_model("GPT-5", successor=successor)
    make_offering(
        model,
        make_provider("OpenAI"),
        input_price="1.25",
        output_price="10.00",
        retires_on=today() - 5 * DAY,
        retirement_source=SOURCE,
    )
    make_offering(
        model, make_provider("Azure"), input_price="1.25", output_price="10.00", retires_on=today() - DAY
    )
    html = client.get(model.get_absolute_url()).content
    text = visible_text(html)
    assert (
        "No provider offers it any more: every offering listed has been retired, the last on "
        f"{written(today() - DAY)}. Its successor is GPT-5.1."
    ) in text
    assert (successor.get_absolute_url(), "GPT-5.1") in parse(html).links
    assert not any("cheapest" in cells[0] for rows in tables(html).values() for cells in rows)
    assert "the cheapest" not in text
    assert "Where to run it: no provider offers it any more" in text
    assert "0 providers" not in text
    assert parse(html).meta["description"].startswith("GPT-5 is a chat model")


def test_no_successor_named_no_successor_said(client):
    model = make_model("Old Model")
    make_offering(model, make_provider("Gone Cloud"), retires_on=today() - DAY)
    text = visible_text(client.get(model.get_absolute_url()).content)
    assert (
        "No provider offers it any more: every offering listed has been retired, the last on "
        f"{written(today() - DAY)}."
    ) in text
    assert "successor" not in text.lower()


def test_an_unpublished_successor_is_not_linked(client):
    hidden = make_model("Hidden Next", published=False)
    model = make_model("Old Model", successor=hidden)
    make_offering(model, make_provider("Gone Cloud"), retires_on=today() - DAY)
    text = visible_text(client.get(model.get_absolute_url()).content)
    assert "Hidden Next" not in text


def test_only_a_free_tier_left_says_the_paid_offerings_are_retired(client):
    model = make_model("Llama Old")
    make_offering(model, make_provider("Paid Cloud"), retires_on=today() - 3 * DAY)
    make_offering(
        model, make_provider("Trial Cloud", kind=ProviderKind.FREE_TIER), input_price="0", output_price="0"
    )
    text = visible_text(client.get(model.get_absolute_url()).content)
    assert (
        "No pay-as-you-go API offers it any more (the last retired it on "
        f"{written(today() - 3 * DAY)}), so it has no price here."
    ) in text


def test_pair_page_never_prices_a_model_at_a_retired_offering(client):
    a, b = make_model("Alpha Model"), make_model("Beta Model")
    make_offering(
        a,
        make_provider("Gone Cloud"),
        input_price="0.01",
        output_price="0.01",
        retires_on=today() - DAY,
        retirement_source=SOURCE,
    )
    make_offering(
        a, make_provider("Live Cloud"), input_price="0.20", output_price="0.20", retires_on=today() + 30 * DAY
    )
    make_offering(b, make_provider("Other Cloud"), input_price="0.10", output_price="0.10")
    html = client.get("/compare/alpha-model-vs-beta-model/").content
    text = visible_text(html)
    assert (
        "Blended at 70/30 input/output, Beta Model is 50% cheaper: $0.10 against $0.20 per 1M tokens." in text
    )
    rows = tables(html)
    assert [cells[0] for cells in rows["Alpha Model: pay-as-you-go offerings"]] == [
        f"Live Cloud cheapest retires on {said(today() + 30 * DAY)}"
    ]
    assert [cells[0] for cells in rows["Alpha Model: Retired"]] == [
        f"Gone Cloud retired on {said(today() - DAY)}"
    ]
    assert "Alpha Model: 1 provider with a price" in text


def test_where_to_run_never_names_a_retired_provider(client):
    a, b = make_model("Alpha Model"), make_model("Beta Model")
    make_offering(a, make_provider("Gone Cloud"), retires_on=today() - DAY)
    make_offering(a, make_provider("Trial Gone", kind=ProviderKind.FREE_TIER), retires_on=today() - DAY)
    make_offering(a, make_provider("Live Cloud"), input_price="0.20", output_price="0.20")
    make_offering(b, make_provider("Other Cloud"))
    answers = dict(faq(client.get("/compare/alpha-model-vs-beta-model/").content))
    assert answers["Where can I run Alpha Model?"] == (
        "Alpha Model is served only by Live Cloud, at $0.20 per 1M input and $0.20 per 1M output tokens."
    )


def test_pair_of_a_model_with_only_retired_offerings_is_not_indexed(client):
    a, b = make_model("Alpha Model"), make_model("Beta Model")
    make_offering(a, make_provider("Gone Cloud"), retires_on=today() - DAY)
    make_offering(b, make_provider("Other Cloud"))
    html = client.get("/compare/alpha-model-vs-beta-model/").content
    assert "noindex" in parse(html).meta.get("robots", "")


def test_the_day_a_retirement_date_passes_the_cached_pages_change(client, sonnet, monkeypatch):
    url = sonnet.get_absolute_url()
    first = client.get(url)
    assert f"Vertex AI cheapest retires on {said(today() + 9 * DAY)}" in [
        cells[0] for cells in tables(first.content)["Offerings table"]
    ]
    assert client.get(url)["X-Cache"] == "hit"
    later = today() + 10 * DAY
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    second = client.get(url)
    assert second["X-Cache"] == "miss"
    assert second["ETag"] != first["ETag"]
    rows = tables(second.content)
    assert [cells[0] for cells in rows["Offerings table"]] == ["AWS Bedrock cheapest"]
    assert f"Vertex AI retired on {said(later - DAY)}" in [cells[0] for cells in rows["Retired"]]
    # A client holding yesterday's page by date alone is not told it is current.
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 200


def test_the_day_passing_changes_the_pair_page_too(client, monkeypatch):
    a, b = make_model("Alpha Model"), make_model("Beta Model")
    make_offering(
        a, make_provider("Going Cloud"), input_price="0.01", output_price="0.01", retires_on=today() + DAY
    )
    make_offering(a, make_provider("Staying Cloud"), input_price="0.20", output_price="0.20")
    make_offering(b, make_provider("Other Cloud"), input_price="0.10", output_price="0.10")
    url = "/compare/alpha-model-vs-beta-model/"
    assert "Alpha Model is 90% cheaper" in visible_text(client.get(url).content)
    tomorrow = today() + DAY
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    text = visible_text(client.get(url).content)
    assert "Beta Model is 50% cheaper: $0.10 against $0.20" in text
    assert f"Going Cloud retired on {said(tomorrow)}" in text


def test_provider_page_marks_retired_offerings(client):
    provider = make_provider("Google AI Studio")
    make_offering(make_model("Gemini 2.5 Pro"), provider, retires_on=today() - DAY, retirement_source=SOURCE)
    make_offering(make_model("Gemini 2.5 Flash"), provider, retires_on=today() + 20 * DAY)
    make_offering(make_model("Gemini 3 Pro"), provider)
    html = client.get(provider.get_absolute_url()).content
    rows = tables(html)
    # Live offerings first, then the retired ones, each marked.
    assert [cells[0] for cells in rows["Models offered"]] == [
        f"Gemini 2.5 Flash retires on {said(today() + 20 * DAY)}",
        "Gemini 3 Pro",
        f"Gemini 2.5 Pro retired on {said(today() - DAY)}",
    ]
    assert (SOURCE, said(today() - DAY)) in parse(html).links


def test_provider_page_does_not_count_retired_offerings(client):
    provider = make_provider("Google AI Studio")
    make_offering(make_model("Gemini 2.5 Pro"), provider, retires_on=today() - DAY)
    make_offering(make_model("Gemini 3 Pro"), provider)
    assert "1 model offered" in visible_text(client.get(provider.get_absolute_url()).content)


def test_facts_carry_what_was_true_on_the_day_they_were_built():
    going = make_offering(retires_on=today() + DAY, retirement_source=SOURCE)
    gone = make_offering(retires_on=today())
    assert (offering_facts(going).retired, offering_facts(going).is_eligible) == (False, True)
    assert offering_facts(going).retires_on == today() + DAY
    assert offering_facts(going).retirement_source == SOURCE
    assert (offering_facts(gone).retired, offering_facts(gone).is_eligible) == (True, False)


def test_a_successor_costs_no_query(client):
    def queries(model) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(model.get_absolute_url()).status_code == 200
        return len(captured)

    plain, other = make_model("Plain Old"), make_model("Other Old")
    succeeded = make_model("Old Model", successor=make_model("New Model"))
    for model in (plain, other, succeeded):
        make_offering(model, make_provider(), retires_on=today() - DAY)
    queries(other)  # the catalog's cards are read once, by the first page
    assert queries(succeeded) == queries(plain)


def _retired_pair(client, *, both: bool) -> tuple[str, dict[str, str]]:
    a, b = make_model("Alpha Model"), make_model("Beta Model")
    make_offering(a, make_provider("Gone Cloud"), input_price="0.10", output_price="0.10",
                  retires_on=today() - 3 * DAY, retirement_source=SOURCE)
    if both:
        make_offering(b, make_provider("Old Cloud"), input_price="0.20", output_price="0.20",
                      retires_on=today() - DAY)
    else:
        make_offering(b, make_provider("Live Cloud"), input_price="0.20", output_price="0.20")
    html = client.get("/compare/alpha-model-vs-beta-model/").content
    return visible_text(html), dict(faq(html))


def test_a_pair_of_two_retired_models_says_no_longer_offered_never_not_yet_sourced(client):
    text, answers = _retired_pair(client, both=True)
    assert (
        "Neither model is offered any more: every provider has retired both, so no price comparison can be "
        "made." in text
    )
    assert "Neither model is offered by any provider any more." in text
    assert answers["Which is cheaper, Alpha Model or Beta Model?"] == (
        "Neither: no provider offers either model any more."
    )
    for unsourced in ("price is sourced yet", "price is not yet sourced", "listed yet", "cannot say yet"):
        assert unsourced not in text


def test_a_retired_model_beside_a_live_one_says_when_it_was_retired(client):
    text, answers = _retired_pair(client, both=False)
    gone = f"Alpha Model is no longer offered: its last provider retired it on {written(today() - 3 * DAY)}."
    assert (
        "Only Beta Model has a sourced price: $0.20 input and $0.20 output per 1M tokens at Live Cloud. "
        + gone in text
    )
    assert "Beta Model is offered by 1 provider; Alpha Model is no longer offered by any provider." in text
    assert answers["Which is cheaper, Alpha Model or Beta Model?"] == f"We cannot compare them: {gone}"
    for unsourced in ("price is not yet sourced", "Alpha Model is listed yet", "cannot say yet"):
        assert unsourced not in text


def test_a_three_way_page_and_the_calculator_say_a_retired_model_is_no_longer_offered(client):
    a, b, c = make_model("Alpha Model"), make_model("Beta Model"), make_model("Gamma Model")
    make_offering(a, make_provider("Gone Cloud"), input_price="0.10", output_price="0.10",
                  retires_on=today() - 3 * DAY)
    make_offering(b, make_provider("Live Cloud"), input_price="0.20", output_price="0.20")
    make_offering(c, make_provider("Other Cloud"), input_price=None, output_price=None)
    gone = f"Alpha Model is no longer offered: its last provider retired it on {written(today() - 3 * DAY)}."
    text = visible_text(client.get("/compare/alpha-model-vs-beta-model-vs-gamma-model/", follow=True).content)
    assert f"{gone} The price of Gamma Model is not yet sourced." in text
    calculator = "/compare/alpha-model-vs-beta-model/?input_tokens=1000000&output_tokens=1000000"
    text = visible_text(client.get(calculator, follow=True).content)
    assert "no costs can be compared. " + gone in text
