import datetime
import itertools
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.models import BenchmarkScore, LanguageModel, Offering, Provider, Purpose, Support, Vendor

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo_catalog", stdout=out)
    return out.getvalue()


def history_rows() -> int:
    return sum(m.history.count() for m in (Vendor, Provider, LanguageModel, Offering, BenchmarkScore))


def test_demo_catalog_is_real_and_large_enough():
    load()
    assert LanguageModel.objects.published().count() >= 40
    assert Vendor.objects.filter(models__isnull=False).distinct().count() >= 10
    priced = Offering.objects.filter(input_price__isnull=False, output_price__isnull=False)
    assert priced.values("provider").distinct().count() >= 10
    assert BenchmarkScore.objects.count() >= 25
    # Every fact carries its source.
    assert not LanguageModel.objects.filter(source_url="").exists()
    assert not priced.filter(source_url="").exists()
    assert not BenchmarkScore.objects.filter(source_url="").exists()


def test_demo_catalog_holds_the_seed_pair():
    load()
    instruct = LanguageModel.objects.get(slug="llama-3-2-1b-instruct")
    assert (instruct.name, instruct.vendor.name) == ("Llama 3.2 1B Instruct", "Meta")
    assert instruct.release_date == datetime.date(2024, 9, 25)
    assert instruct.context_window == 131072
    assert instruct.parameters_billions == Decimal("1.23")
    assert instruct.open_weights == Support.YES
    assert instruct.license_name == "Llama 3.2 Community License"
    assert instruct.knowledge_cutoff == datetime.date(2023, 12, 1)
    providers = set(instruct.offerings.values_list("provider__name", flat=True))
    assert {"OpenRouter", "Fireworks AI", "NVIDIA NIM", "Bitdeer AI", "AWS Bedrock"} <= providers

    guard = LanguageModel.objects.get(slug="llama-guard-3-1b")
    assert guard.purpose == Purpose.SAFETY_CLASSIFIER
    assert guard.release_date == datetime.date(2024, 9, 25)
    assert guard.parameters_billions == Decimal("1")
    assert list(guard.offerings.values_list("provider__name", flat=True)) == ["Fireworks AI"]


def test_loading_again_changes_nothing_and_keeps_editors_changes():
    load()
    rows = history_rows()
    offering = Offering.objects.get(model__slug="llama-guard-3-1b")
    offering.input_price = Decimal("0.09")
    offering.save()

    output = load()

    assert "0 created, 0 updated" in output
    assert history_rows() == rows + 1  # only the editor's change
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.09")


def test_reset_puts_demo_values_back_in_the_history():
    load()
    offering = Offering.objects.get(model__slug="llama-guard-3-1b")
    offering.input_price = Decimal("0.09")
    offering.save()
    call_command("load_demo_catalog", "--reset", stdout=StringIO())
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.10")
    assert offering.history.latest().history_change_reason == "Demo catalog"


def test_every_demo_pair_page_renders(client):
    load()
    models = list(LanguageModel.objects.published().order_by("slug").values_list("slug", flat=True))
    for slug in models:
        assert client.get(f"/models/{slug}/").status_code == 200
    for a, b in itertools.pairwise(models):
        response = client.get(f"/compare/{a}-vs-{b}/")
        assert response.status_code == 200, (a, b)
