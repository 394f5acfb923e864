"""The price-history chart spans the dates its prices held, and agrees with the "Price as of" column."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from comparisons.content.charts import PricePoint, price_dates, price_history
from tests.factories import make_model, make_offering, make_provider
from tests.html import parse

NOV_27, DEC_2, DEC_5 = datetime.date(2026, 11, 27), datetime.date(2026, 12, 2), datetime.date(2026, 12, 5)


def saved(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(11, 20), tzinfo=datetime.UTC)


def test_a_price_sourced_before_it_was_loaded_is_dated_by_its_source():
    points = [PricePoint(saved(DEC_2), "Groq", Decimal("0.05"), Decimal("0.08"), reviewed=NOV_27)]
    chart = price_history(points, NOV_27, "M")
    assert (chart.start, chart.end) == (NOV_27, NOV_27)  # not "Dec 2 -> Dec 2" beside "Price as of Nov 27"
    assert [p.when for p in chart.changes] == [NOV_27]


def test_an_edit_that_leaves_an_old_review_date_is_dated_when_saved():
    points = [
        PricePoint(saved(DEC_2), "Groq", Decimal("0.05"), Decimal("0.08"), reviewed=NOV_27),
        # Reviewed, the same price:
        PricePoint(saved(DEC_2), "Groq", Decimal("0.05"), Decimal("0.08"), reviewed=DEC_2),
        PricePoint(saved(DEC_5), "Groq", Decimal("0.04"), Decimal("0.08"), reviewed=DEC_2),
    ]
    changes = [(p.when, p.input_price) for p in price_dates(points)]
    assert changes == [(NOV_27, Decimal("0.05")), (DEC_5, Decimal("0.04"))]
    chart = price_history(points, DEC_2, "M")
    assert (chart.start, chart.end) == (NOV_27, DEC_5)
    # The step: $0.071 held from the left edge until Dec 5 (the right edge), then $0.052.
    xs = [float(xy.split(",")[0]) for xy in chart.series[0].points.split()]
    assert xs == [0, chart.width, chart.width, chart.width]


def test_the_chart_runs_to_the_latest_price_as_of_date():
    points = [PricePoint(saved(NOV_27), "Groq", Decimal("0.05"), Decimal("0.08"))]
    chart = price_history(points, DEC_5, "M")
    assert (chart.start, chart.end) == (NOV_27, DEC_5)


def _shown_dates(html: str) -> tuple[list[str], list[str], list[str]]:
    """(the chart's date labels, the history table's dates, the offerings table's "Price as of" column)."""
    labels = re.findall(r'class="history-(?:start|end)">([^<]+)<', html)
    tables = parse(html).tables
    history = [t for t in tables if t and t[0][:2] == ["Date", "Provider"]][0]
    offerings = [t for t in tables if t and t[0][-2:] == ["Price as of", "Reviewed"]][0]
    return labels, [row[0] for row in history[1:]], [row[-2] for row in offerings[1:]]


@pytest.mark.django_db
def test_model_page_history_agrees_with_price_as_of(client):
    today = timezone.localdate()
    reviewed = today - datetime.timedelta(days=5)
    model = make_model("Llama 3.1 8B Instruct")
    offering = make_offering(model, make_provider("Groq"),
                             input_price=Decimal("0.05"), output_price=Decimal("0.08"),
                             last_reviewed=reviewed)
    labels, changes, as_of = _shown_dates(client.get(model.get_absolute_url()).content.decode())
    shown = f"{reviewed:%b} {reviewed.day}, {reviewed.year}"
    assert labels == [shown] and changes == [shown] and as_of == [shown]

    offering.input_price, offering.last_reviewed = Decimal("0.04"), today  # an editor's checked change
    offering.save()
    labels, changes, as_of = _shown_dates(client.get(model.get_absolute_url()).content.decode())
    now = f"{today:%b} {today.day}, {today.year}"
    assert labels == [shown, now]  # from the first sourced price to the latest "Price as of"
    assert changes == [now, shown] and as_of == [now]
