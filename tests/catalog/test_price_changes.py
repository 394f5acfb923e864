"""Dated changes (catalog/price_changes.py): every change of an offering's price, by an editor or an
import, becomes one change with its date, source and who made it; published models and retirements too;
deriving twice stores nothing twice (issue 17 item 1)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import CatalogChange, ChangeCursor, ChangeKind, ChangeSource, Offering
from catalog.price_changes import record_changes
from tests.admin_forms import admin_form_data
from tests.catalog.test_import_publish import litellm_row, run
from tests.factories import make_model, make_offering, make_provider

pytestmark = pytest.mark.django_db

NOV_27 = datetime.date(2026, 11, 27)


def prices(**filters):
    return [
        (c.field, c.old_value, c.new_value)
        for c in CatalogChange.objects.prices().filter(**filters).order_by("history_id", "field")
    ]


def test_an_editors_price_change_in_the_admin_is_a_dated_change_by_that_editor(
    editor_client, editor, django_capture_on_commit_callbacks
):
    offering = make_offering(make_model("Llama 3.3 70B"), make_provider("Groq"), input_price=Decimal("0.59"),
                             output_price=Decimal("0.79"))
    record_changes()
    url = reverse("admin:catalog_offering_change", args=[offering.pk])
    data = admin_form_data(editor_client.get(url))
    data["input_price"] = "0.49"
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, data)
    assert response.status_code == 302
    change = CatalogChange.objects.prices().filter(old_value__isnull=False).get()
    assert (change.field, change.old_value, change.new_value) == ("input_price", Decimal("0.59"),
                                                                  Decimal("0.49"))
    assert (change.source, change.changed_by) == (ChangeSource.EDITOR, "edith")
    assert change.effective_on == timezone.localdate()  # the admin dates a new price today
    assert (change.offering, change.provider.name, change.model.name) == (offering, "Groq", "Llama 3.3 70B")
    assert change.history_id == offering.history.latest().history_id


def test_an_import_that_changes_three_prices_records_exactly_three(tmp_path):
    make_model("Llama 3.3 70B")  # published: an editor's model the import adds prices to
    rows = {
        "groq/llama-3.3-70b-versatile": litellm_row("groq"),
        "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo": litellm_row("together_ai"),
    }
    run(tmp_path, "litellm", rows)
    first = CatalogChange.objects.public().filter(kind=ChangeKind.PRICE).count()
    assert first == 0  # first prices start the history; they are not news
    rows["groq/llama-3.3-70b-versatile"] = litellm_row("groq", input_cost=1e-07, output_cost=3e-07)
    rows["together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo"] = litellm_row("together_ai", input_cost=3e-07)
    run(tmp_path, "litellm", rows)
    changes = CatalogChange.objects.public().filter(kind=ChangeKind.PRICE)
    assert sorted((c.provider.name, c.field, c.old_value, c.new_value) for c in changes) == [
        ("Groq", "input_price", Decimal("0.2"), Decimal("0.1")),
        ("Groq", "output_price", Decimal("0.4"), Decimal("0.3")),
        ("Together AI", "input_price", Decimal("0.2"), Decimal("0.3")),
    ]
    assert {c.source for c in changes} == {ChangeSource.LITELLM}
    assert all(c.changed_by.startswith("Import: LiteLLM") for c in changes)
    assert record_changes() == 0  # already derived at the end of the import


def test_deriving_twice_stores_each_change_once():
    offering = make_offering(input_price=Decimal("1"), output_price=Decimal("2"))
    assert record_changes() == 3  # the first prices, and the model published
    assert record_changes() == 0
    ChangeCursor.objects.update(last_id=0, pending=[])  # a cursor lost: everything is read again
    assert record_changes() == 0
    offering.output_price = Decimal("1.5")
    offering.save()
    assert record_changes() == 1
    assert prices()[-1] == ("output_price", Decimal("2"), Decimal("1.5"))


def test_a_change_is_dated_by_its_source_when_the_source_dates_it():
    offering = make_offering(input_price=Decimal("1"), output_price=Decimal("2"), price_as_of=NOV_27)
    offering.input_price, offering.price_as_of = Decimal("0.8"), datetime.date(2026, 11, 30)
    offering.save()
    # An edit that leaves the old date standing happened the day it was saved.
    offering.output_price = Decimal("1.6")
    offering.save()
    record_changes()
    days = [(c.field, c.old_value is None, c.effective_on) for c in
            CatalogChange.objects.prices().order_by("history_id", "field")]
    today = timezone.localdate()
    assert days == [
        ("input_price", True, NOV_27), ("output_price", True, NOV_27),
        ("input_price", False, datetime.date(2026, 11, 30)),
        ("output_price", False, today),
    ]


def test_a_source_date_in_the_future_of_the_save_is_not_believed():
    later = timezone.localdate() + datetime.timedelta(days=30)
    make_offering(price_as_of=later)
    record_changes()
    assert {c.effective_on for c in CatalogChange.objects.all()} == {timezone.localdate()}


def test_every_price_field_is_followed():
    offering = make_offering()
    record_changes()
    offering.cache_write_1h_price, offering.request_price = Decimal("3.75"), Decimal("0.005")
    offering.save()
    record_changes()
    assert prices(old_value__isnull=True)[-2:] == [
        ("cache_write_1h_price", None, Decimal("3.75")), ("request_price", None, Decimal("0.005")),
    ]


def test_published_models_and_retirements_are_changes():
    model = make_model("Kimi K2", published=False)
    offering = make_offering(model)
    record_changes()
    assert not CatalogChange.objects.filter(kind=ChangeKind.NEW_MODEL).exists()
    model.published = True
    model.save()
    offering.retires_on = datetime.date(2027, 1, 31)
    offering.save()
    model.name = "Kimi K2 Instruct"
    model.save()  # still published: not new again
    record_changes()
    # A retirement is news the day it is announced (seen), and says the day it takes effect.
    today = timezone.localdate()
    found = CatalogChange.objects.exclude(kind=ChangeKind.PRICE).order_by("kind")
    assert [(c.kind, c.effective_on, c.retires_on) for c in found] == [
        (ChangeKind.NEW_MODEL, today, None), (ChangeKind.RETIREMENT, today, datetime.date(2027, 1, 31)),
    ]


def test_a_history_row_committed_after_a_later_one_is_still_read():
    offering = make_offering(input_price=Decimal("1"))
    record_changes()
    for value in ("0.9", "0.8", "0.7"):
        offering.input_price = Decimal(value)
        offering.save()
    rows = list(offering.history.order_by("history_id"))
    late = rows[-2]  # as if its transaction had not committed yet when the derivation ran
    late_id = late.history_id
    late.delete()
    record_changes()
    assert prices(old_value__isnull=False) == [
        ("input_price", Decimal("1"), Decimal("0.9")), ("input_price", Decimal("0.9"), Decimal("0.7")),
    ]
    late.history_id = late_id
    late.save(force_insert=True)  # committed now, with the id it had: the change after it is derived again
    record_changes()
    assert prices(old_value__isnull=False) == [
        ("input_price", Decimal("1"), Decimal("0.9")), ("input_price", Decimal("0.9"), Decimal("0.8")),
        ("input_price", Decimal("0.8"), Decimal("0.7")),
    ]


def test_a_deleted_offering_keeps_its_changes():
    offering = make_offering(input_price=Decimal("1"))
    offering.input_price = Decimal("2")
    offering.save()
    record_changes()
    Offering.objects.filter(pk=offering.pk).delete()
    record_changes()
    change = CatalogChange.objects.prices().get(old_value=Decimal("1"))
    assert change.offering is None and change.provider == offering.provider


@pytest.mark.django_db(transaction=True)
def test_the_migration_dates_the_history_kept_before_it():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("catalog", "0017_unstated_text_only_inputs")]
    after = [("catalog", "0020_change_retirement_date")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    vendor = apps.get_model("catalog", "Vendor").objects.create(name="Meta", slug="meta")
    provider = apps.get_model("catalog", "Provider").objects.create(name="Groq", slug="groq")
    model = apps.get_model("catalog", "LanguageModel").objects.create(
        vendor=vendor, name="Llama", slug="llama", published=True
    )
    offering = apps.get_model("catalog", "Offering").objects.create(model=model, provider=provider)
    history = apps.get_model("catalog", "HistoricalOffering")
    fields = {f.attname: getattr(offering, f.attname) for f in offering._meta.concrete_fields}
    for day, price, reason in ((NOV_27, "0.59", "Import: LiteLLM model prices (x)"), (None, "0.49", "")):
        saved = datetime.datetime.combine(day or datetime.date(2026, 11, 30), datetime.time(9),
                                          tzinfo=datetime.UTC)
        history.objects.create(**{**fields, "input_price": Decimal(price), "price_as_of": day},
                               history_date=saved, history_type="~", history_change_reason=reason)
    retired = datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)
    last = {**fields, "input_price": Decimal("0.49"), "retires_on": datetime.date(2027, 6, 30)}
    history.objects.create(**last, history_date=retired, history_type="~", history_change_reason="")
    MigrationExecutor(connection).migrate(after)

    retirement = CatalogChange.objects.public().get(kind=ChangeKind.RETIREMENT)
    assert (retirement.effective_on, retirement.retires_on) == (datetime.date(2026, 12, 1),
                                                                datetime.date(2027, 6, 30))
    change = CatalogChange.objects.public().get(kind=ChangeKind.PRICE)
    assert (change.old_value, change.new_value, change.effective_on) == (
        Decimal("0.59"), Decimal("0.49"), datetime.date(2026, 11, 30)
    )
    assert change.source == ChangeSource.VERSUS
    first = CatalogChange.objects.prices().get(old_value__isnull=True)
    assert (first.source, first.effective_on) == (ChangeSource.LITELLM, NOV_27)


def test_a_change_derived_after_its_save_gives_the_models_pages_new_keys():
    from catalog.models import FactsRevision

    offering = make_offering(input_price=Decimal("1"))
    record_changes()
    offering.input_price = Decimal("2")
    offering.save()
    saved = FactsRevision.objects.get(model_id=offering.model_id).revision
    history = offering.model.history.count()
    assert record_changes() == 1
    assert FactsRevision.objects.get(model_id=offering.model_id).revision != saved
    assert offering.model.history.count() == history  # no edit recorded: nothing an editor did
    saved = FactsRevision.objects.get(model_id=offering.model_id).revision
    assert record_changes() == 0
    assert FactsRevision.objects.get(model_id=offering.model_id).revision == saved


def test_a_running_site_derives_after_every_save():
    """In a fresh process (no test module importing catalog.price_changes first), the app connects the
    after-save derivation itself."""
    import os
    import subprocess
    import sys

    code = (
        "import django; django.setup()\n"
        "from simple_history.signals import post_create_historical_record as signal\n"
        "print(any(entry[0][0] == 'catalog_changes_after_save' for entry in signal.receivers))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert out.stdout.strip() == "True", out.stderr[-2000:]
