"""/changes/: the latest dated changes across the catalog, newest first, filtered by vendor, provider and
direction, paginated; new models and retirements listed too; bad filters answer 400 with a message; an
editor's change is on the page at the next request (issue 17 item 2)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Offering
from catalog.price_changes import record_changes
from comparisons import changes as changes_module
from comparisons.content.history import ChangeFacts, last_change_sentence, offering_history
from tests.admin_forms import admin_form_data
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import parse

pytestmark = pytest.mark.django_db
URL = "/changes/"


def change_price(offering: Offering, **prices) -> None:
    for field, value in prices.items():
        setattr(offering, field, Decimal(value))
    offering.save()


def table(response) -> list[list[str]]:
    return [t for t in parse(response.content).tables if t and t[0][:2] == ["Date", "Model"]][0][1:]


@pytest.fixture
def catalog():
    openai, meta = make_vendor("OpenAI"), make_vendor("Meta")
    groq, together = make_provider("Groq"), make_provider("Together AI")
    gpt = make_offering(make_model("GPT-5", openai), make_provider("OpenAI Platform", slug="openai"),
                        input_price="1.25", output_price="10")
    llama = make_model("Llama 3.3 70B", meta)
    llama_groq = make_offering(llama, groq, input_price="0.59", output_price="0.79")
    llama_together = make_offering(llama_groq.model, together, input_price="0.88", output_price="0.88")
    record_changes()
    change_price(gpt, input_price="1.00")
    change_price(llama_groq, output_price="0.99")
    change_price(llama_together, input_price="0.80", output_price="0.80")
    record_changes()
    return {"gpt": gpt, "groq": llama_groq, "together": llama_together}


def test_each_change_says_what_changed_by_how_much_when_and_who_says_so(client, catalog):
    response = client.get(URL)
    assert response.status_code == 200
    today = timezone.localdate()
    day = f"{today:%b} {today.day}, {today.year}"
    rows = table(response)
    assert ["GPT-5", "OpenAI Platform", "Input", "$1.25", "$1.00", "-20%", "Versus"] in [r[1:] for r in rows]
    assert [day, "Llama 3.3 70B", "Groq", "Output", "$0.79", "$0.99", "+25.3%", "Versus"] in rows
    prices = [r for r in rows if r[3] in ("Input", "Output")]
    assert len(prices) == 4  # first prices start a history; they are not changes
    assert "6 changes" in response.content.decode()  # and the two models published
    assert sum(r[3] == "New model" for r in rows) == 2


def test_newest_first(client, catalog):
    offering = Offering.objects.get(pk=catalog["gpt"].pk)
    offering.input_price, offering.price_as_of = Decimal("0.90"), datetime.date(2026, 1, 5)
    offering.save()  # a source that dates its new price in January
    record_changes()
    rows = table(client.get(URL))
    assert rows[-1][:6] == ["Jan 5, 2026", "GPT-5", "OpenAI Platform", "Input", "$1.00", "$0.90"]
    assert [r[0] for r in rows[:-1]] == [rows[0][0]] * (len(rows) - 1)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("vendor=meta", {("Llama 3.3 70B", "Output"), ("Llama 3.3 70B", "Input"),
                         ("Llama 3.3 70B", "New model")}),
        ("provider=groq", {("Llama 3.3 70B", "Output")}),
        ("direction=up", {("Llama 3.3 70B", "Output")}),
        ("direction=down&vendor=meta", {("Llama 3.3 70B", "Input"), ("Llama 3.3 70B", "Output")}),
    ],
)
def test_filters(client, catalog, query, expected):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert {(r[1], r[3]) for r in table(response)} == expected


@pytest.mark.parametrize(
    "query, message",
    [
        ("vendor=nobody", "No vendor with that name has published models."),
        ("provider=%3Cscript%3E", "No provider with that name."),
        ("direction=sideways", "Direction is up or down."),
        ("direction=" + "x" * 5000, "Direction is up or down."),
    ],
)
def test_a_bad_filter_is_a_400_that_says_why(client, catalog, query, message):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_unknown_parameters_and_bad_page_numbers_still_answer(client, catalog):
    assert client.get(f"{URL}?page=999999").status_code == 200
    assert client.get(f"{URL}?page=abc").status_code == 200
    assert client.get(f"{URL}?utm_source=x").status_code == 200


def test_paginated(client, catalog, monkeypatch):
    monkeypatch.setattr(changes_module, "CHANGES_PER_PAGE", 2)
    first = client.get(URL)
    assert "Page 1 of 3" in first.content.decode()
    assert len(table(first)) == 2
    third = client.get(f"{URL}?page=3")
    assert len(table(third)) == 2 and "Page 3 of 3" in third.content.decode()


def test_retirements_are_listed(client, catalog):
    offering = Offering.objects.get(pk=catalog["groq"].pk)
    offering.retires_on = datetime.date(2027, 3, 31)
    offering.save()
    record_changes()
    rows = table(client.get(URL))
    today = timezone.localdate()
    announced = f"{today:%b} {today.day}, {today.year}"
    assert rows[0] == [announced, "Llama 3.3 70B", "Groq", "Retirement date: Mar 31, 2027", "Versus"]


def test_unpublished_models_are_not_listed(client, catalog):
    make_offering(make_model("Secret", published=False), input_price="1")
    record_changes()
    assert "Secret" not in client.get(URL).content.decode()


def test_cached_and_an_editors_change_is_there_at_the_next_request(
    client, editor_client, catalog, django_capture_on_commit_callbacks
):
    first = client.get(URL)
    assert client.get(URL).headers["X-Cache"] == "hit"
    assert first.headers["ETag"]
    url = reverse("admin:catalog_offering_change", args=[catalog["gpt"].pk])
    data = admin_form_data(editor_client.get(url))
    data["output_price"] = "8"
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    editor_client.logout()
    rows = table(client.get(URL))
    expected = ["GPT-5", "OpenAI Platform", "Output", "$10.00", "$8.00", "-20%", "Editor"]
    assert expected in [r[1:] for r in rows]


# The model page's history and the pair page's sentence (builders; the pages include them) ------------

NOV_27, NOV_28 = datetime.date(2026, 11, 27), datetime.date(2026, 11, 28)


def point(pk, day, field, old, new, **extra) -> ChangeFacts:
    return ChangeFacts(
        id=pk, kind="price", model_name="GPT-5", model_slug="gpt-5", effective_on=day, source="litellm",
        provider_name="OpenAI", provider_slug="openai", field=field, price_label=field.split("_")[0],
        old_value=Decimal(old) if old else None, new_value=Decimal(new), **extra,
    )


def test_the_pair_sentence_says_when_the_cheapest_price_last_changed_and_by_how_much():
    changes = [
        point(1, NOV_27, "input_price", None, "1.25"),
        point(2, datetime.date(2026, 11, 1), "output_price", "12", "10"),
        point(3, NOV_28, "input_price", "1.25", "1.00"),
    ]
    assert last_change_sentence("GPT-5", changes) == (
        "GPT-5's cheapest price changed on November 28, 2026: input $1.25 → $1.00 (-20%) at OpenAI."
    )
    assert last_change_sentence("GPT-5", changes[:1]) == ""  # a first price is not a change


def test_an_offerings_history_is_a_step_chart_with_real_dates():
    points = [
        point(1, NOV_27, "input_price", None, "2"), point(2, NOV_27, "output_price", None, "8"),
        point(3, datetime.date(2026, 12, 7), "input_price", "2", "1"),
    ]
    history = offering_history("OpenAI", points, until=datetime.date(2026, 12, 17))
    assert (history.start, history.end) == (NOV_27, datetime.date(2026, 12, 17))
    assert [t.label for t in history.ticks] == [
        "Nov 27, 2026", "Dec 2, 2026", "Dec 7, 2026", "Dec 12, 2026", "Dec 17, 2026",
    ]
    inputs = history.lines[0]
    # $2 from Nov 27 to Dec 7 (half way), then $1 to the right edge; the top of the scale is $8.
    assert [tuple(map(float, xy.split(","))) for xy in inputs.points.split()] == [
        (0.0, 119.5), (320.0, 119.5), (320.0, 139.2), (640.0, 139.2),
    ]
    assert (inputs.label, inputs.last_text, history.top_text) == ("Input", "$1.00", "$8.00")
    assert [p.id for p in history.rows] == [3, 2, 1]


def test_the_model_pages_history_shows_each_offerings_prices_with_dates_and_sources(catalog):
    from django.template.loader import render_to_string

    from catalog.models import LanguageModel
    from comparisons.content import model_facts
    from comparisons.price_history import model_price_history

    model = LanguageModel.objects.with_facts().get(name="Llama 3.3 70B")
    histories = model_price_history(model.pk, model_facts(model).offerings)
    html = render_to_string("comparisons/_price_history.html", {
        "price_histories": histories, "model_name": model.name, "model_slug": model.slug,
    })
    tables = parse(html).tables
    assert [t[0] for t in tables] == [["Date", "Price", "Old", "New", "Change", "Source"]] * 2
    today = timezone.localdate()
    day = f"{today:%b} {today.day}, {today.year}"
    groq = [t for t in tables if ["Output", "$0.79", "$0.99", "+25.3%", "Versus"] in [r[1:] for r in t]]
    assert groq and [day, "Input", "First listed", "$0.59", "", "Versus"] in groq[0]
    assert "/models/llama-3-3-70b/changes/feed/" in html


def test_the_pair_sentences_name_each_models_cheapest_offering(catalog):
    from catalog.models import LanguageModel
    from comparisons.content import model_facts
    from comparisons.price_history import last_change_sentences

    facts = [model_facts(m) for m in LanguageModel.objects.with_facts().order_by("name")]
    today = timezone.localdate()
    day = f"{today:%B} {today.day}, {today.year}"
    assert list(last_change_sentences(facts).values()) == [
        f"GPT-5's cheapest price changed on {day}: input $1.25 → $1.00 (-20%) at OpenAI Platform.",
        f"Llama 3.3 70B's cheapest price changed on {day}: output $0.79 → $0.99 (+25.3%) at Groq.",
    ]
