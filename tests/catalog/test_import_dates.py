"""A price an import writes is dated by its source where the source says when (models.dev's last_updated),
else by the day of the import; a bad date in the source costs the date, never the row."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Offering, SourceFact
from tests.factories import make_model, make_vendor

pytestmark = pytest.mark.django_db


def _modelsdev(tmp_path, last_updated=None, cost=0.2) -> str:
    model = {
        "id": "llama-3.3-70b-instruct", "name": "Llama 3.3 70B Instruct",
        "cost": {"input": cost, "output": 0.6}, "limit": {"context": 131072, "output": 8192},
    }
    if last_updated is not None:
        model["last_updated"] = last_updated
    data = {"deepinfra": {"id": "deepinfra", "name": "DeepInfra", "models": {model["id"]: model}}}
    path = tmp_path / "api.json"
    path.write_text(json.dumps(data))
    out = io.StringIO()
    call_command("import_catalog", "modelsdev", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_models_dev_price_is_dated_when_the_source_last_updated_it(tmp_path):
    _modelsdev(tmp_path, "2025-01-15")
    assert Offering.objects.get().price_as_of == datetime.date(2025, 1, 15)
    # A new price with a newer date: dated by the source again.
    _modelsdev(tmp_path, "2025-03-02", cost=0.15)
    offering = Offering.objects.get()
    assert (offering.input_price, offering.price_as_of) == (Decimal("0.15"), datetime.date(2025, 3, 2))


def test_without_a_date_or_with_a_bad_one_the_import_day_and_the_row_stays(tmp_path):
    _modelsdev(tmp_path, "sometime in 2025")
    assert Offering.objects.get().price_as_of == timezone.localdate()  # the entry was imported, undated


def test_a_first_import_that_says_what_the_catalog_holds_changes_nothing(tmp_path):
    _modelsdev(tmp_path, "2025-01-15")
    # The catalog holds what the file says, but no source fact records it yet (an editor typed it, or the
    # site's own export is read back): the facts are recorded and the catalog does not change.
    SourceFact.objects.all().delete()
    text = _modelsdev(tmp_path, "2025-01-15")
    assert "No changes." in text and "created:" not in text
    assert "source facts recorded:" in text


def test_a_row_of_versus_own_export_lands_on_the_model_it_names_with_its_own_source(tmp_path):
    """/api/v1/api.json keeps, under "versus", the model a row belongs to and the offering's own source
    page: read back, DeepSeek-V3-0324's row lands on its own page however its name reads, and the
    offering keeps its source, not the provider's documentation page."""
    deepseek = make_vendor("DeepSeek")
    make_model("DeepSeek-V3", vendor=deepseek)
    own = make_model("DeepSeek V3 March", vendor=deepseek)
    row = {
        "id": "deepseek-v3", "name": "DeepSeek V3", "cost": {"input": 0.28, "output": 0.88},
        "versus": {"model": f"deepseek/{own.slug}", "source_url": "https://deepinfra.com/pricing"},
    }
    data = {"deepinfra": {"id": "deepinfra", "name": "DeepInfra", "doc": "https://deepinfra.com/docs",
                          "models": {"deepseek-v3": row}}}
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    call_command("import_catalog", "modelsdev", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    offering = Offering.objects.get()
    assert (offering.model_id, offering.source_url) == (own.pk, "https://deepinfra.com/pricing")
