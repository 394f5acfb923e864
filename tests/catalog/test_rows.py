"""catalog/rows.py: the sitemaps' bulk read gives exactly the rows `values_list` gives, on either database."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import F

from catalog.models import FactsRevision, LanguageModel, Offering
from catalog.rows import values_rows
from tests.factories import make_model, make_offering, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    prices = [("0.15", "0.6"), ("0.15", "0.6"), ("0.000001", "123456.123456"), (None, "2"), ("0", "0")]
    modalities = [["text"], ["text", "image"], ["text"], [], ["text", "audio"]]
    for n, ((i, o), inputs) in enumerate(zip(prices, modalities, strict=True)):
        model = make_model(f"Model {n}", input_modalities=inputs, context_window=128_000 if n % 2 else None)
        make_offering(model, make_provider(f"P {n}"), input_price=i and Decimal(i), output_price=Decimal(o),
                      retires_on=datetime.date(2027, 1, n + 1) if n % 2 else None)
        make_offering(model, make_provider(f"Q {n}"), input_price="0.15", output_price="0.6")


@pytest.mark.parametrize("read", [
    lambda: Offering.objects.values_list("model_id", "provider__kind", "input_price", "output_price",
                                         "retires_on", "free_confirmed"),
    lambda: LanguageModel.objects.values_list("pk", "slug", "input_modalities", "output_modalities",
                                              "context_window", "vision", "updated_at"),
    lambda: FactsRevision.objects.values_list("pk", "revision", "changed_at"),
])
def test_values_rows_are_the_rows_values_list_gives(rows, read):
    expected = list(read())
    assert len(expected) >= 5
    got = values_rows(read())
    assert got == expected
    assert [tuple(map(type, row)) for row in got] == [tuple(map(type, row)) for row in expected]


def test_only_plain_values_lists_are_read():
    for queryset in (
        Offering.objects.all(),
        Offering.objects.annotate(double=F("input_price") * 2).values_list("pk", "double"),
    ):
        with pytest.raises(ValueError, match="values_list"):
            values_rows(queryset)
