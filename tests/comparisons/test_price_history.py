"""The model page's price history: each offering's prices from the stored, dated changes, dated as the
"Price as of" column dates the current price (the source's date where it gave one, not the day we loaded it),
and an editor's change in the admin is on the page at the next request."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import Offering
from tests.factories import make_model, make_offering, make_provider
from tests.html import parse

pytestmark = pytest.mark.django_db
HEADER = ["Date", "Price", "Old", "New", "Change", "Source"]


def said(day: datetime.date) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def _history_and_as_of(html: str) -> tuple[list[list[str]], list[str], list[str]]:
    """(the history table's rows, its chart's date ticks, the offerings table's "Price as of" column)."""
    tables = parse(html).tables
    history = [t for t in tables if t and t[0] == HEADER][0]
    offerings = [t for t in tables if t and t[0][-2:] == ["Price as of", "Reviewed"]][0]
    ticks = re.findall(r'class="history-tick">([^<]+)<', html)
    return history[1:], ticks, [row[-2] for row in offerings[1:]]


def test_a_price_sourced_before_it_was_loaded_is_dated_by_its_source(
    client, django_capture_on_commit_callbacks
):
    sourced = timezone.localdate() - datetime.timedelta(days=5)
    model = make_model("Llama 3.1 8B Instruct")
    with django_capture_on_commit_callbacks(execute=True):  # changes are derived once a save commits
        make_offering(model, make_provider("Groq"), input_price=Decimal("0.05"),
                      output_price=Decimal("0.08"), price_as_of=sourced)
    rows, ticks, as_of = _history_and_as_of(client.get(model.get_absolute_url()).content.decode())
    assert {row[0] for row in rows} == {said(sourced)} and as_of == [said(sourced)]
    assert [row[1:4] for row in rows] == [
        ["Output", "First listed", "$0.08"], ["Input", "First listed", "$0.05"],
    ]


def test_an_editors_change_is_on_the_history_at_the_next_request(
    client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    model = make_model("Llama 3.1 8B Instruct")
    with django_capture_on_commit_callbacks(execute=True):
        offering = make_offering(model, make_provider("Groq"), input_price=Decimal("0.05"),
                                 output_price=Decimal("0.08"), price_as_of=today - datetime.timedelta(days=5))
    client.get(model.get_absolute_url())  # cached
    offering = Offering.objects.get(pk=offering.pk)
    offering.input_price, offering.price_as_of = Decimal("0.04"), today
    with django_capture_on_commit_callbacks(execute=True):
        offering.save()
    rows, ticks, as_of = _history_and_as_of(client.get(model.get_absolute_url()).content.decode())
    assert rows[0][:5] == [said(today), "Input", "$0.05", "$0.04", "-20%"]
    assert as_of == [said(today)] and ticks[-1] == said(today)


def test_an_offering_whose_price_never_changed_gets_its_table_but_no_flat_chart(
    client, django_capture_on_commit_callbacks
):
    model = make_model("Llama 3.1 8B Instruct")
    with django_capture_on_commit_callbacks(execute=True):
        make_offering(model, make_provider("Groq"), input_price=Decimal("0.05"), output_price=Decimal("0.08"))
    html = client.get(model.get_absolute_url()).content.decode()
    rows, ticks, as_of = _history_and_as_of(html)
    assert len(rows) == 2 and "<polyline" not in html.split('id="price-history"')[1].split("</section>")[0]
