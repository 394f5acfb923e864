"""Imports commit in batches (catalog/importers/apply.py): the result, the history and a second run's
"No changes" do not depend on the batch size, and an import stopped half-way is finished by running it
again."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

import catalog.importers.apply as apply
from catalog.importers.apply import MODEL_FIELDS, OFFERING_FIELDS
from catalog.importers.tiers import TIERS_FACT
from catalog.models import LanguageModel, Offering, SourceFact

from .test_importers import LITELLM, MODELSDEV

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("import_catalog", *map(str, args), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> dict:
    """Everything an import writes, without primary keys (they differ between runs)."""
    return {
        "models": sorted(
            (m.slug, *(str(getattr(m, f)) for f in MODEL_FIELDS),
             tuple((h.history_type, h.history_change_reason) for h in m.history.order_by("history_id")))
            for m in LanguageModel.objects.all()
        ),
        "offerings": sorted(
            (o.model.slug, o.provider.slug, o.region,
             *(str(getattr(o, f)) for f in OFFERING_FIELDS if f != TIERS_FACT),
             tuple(o.tiers.values_list("threshold", "input_price", "output_price")),
             tuple((h.history_type, h.history_change_reason) for h in o.history.order_by("history_id")))
            for o in Offering.objects.select_related("model", "provider")
        ),
        "facts": sorted(SourceFact.objects.values_list("field", "source", "origin", "value")),
    }


class Rollback(Exception):
    pass


def imported(*runs) -> dict:
    """The catalog after `runs` (argument lists for import_catalog), then rolled back."""
    result = {}
    try:
        with transaction.atomic():
            for args in runs:
                run(*args)
            result = snapshot()
            raise Rollback
    except Rollback:
        return result


def test_batch_size_changes_neither_the_result_nor_the_history():
    whole = imported(
        ("litellm", LITELLM, "--batch-size", "100000"), ("modelsdev", MODELSDEV, "--batch-size", "100000")
    )
    assert whole["models"] and whole["offerings"]
    assert (
        imported(("litellm", LITELLM, "--batch-size", "1"), ("modelsdev", MODELSDEV, "--batch-size", "1"))
        == whole
    )
    run("litellm", LITELLM, "--batch-size", "2")
    assert "No changes." in run("litellm", LITELLM, "--batch-size", "2")


def test_every_write_of_rows_with_history_is_one_batch_at_most(monkeypatch):
    sizes = []
    for name in ("create_with_history", "update_with_history"):
        real = getattr(apply, name)

        def spy(objs, *args, real=real, **kwargs):
            sizes.append(len(objs))
            return real(objs, *args, **kwargs)

        monkeypatch.setattr(apply, name, spy)
    run("litellm", LITELLM, "--batch-size", "3")
    assert sizes and max(sizes) <= 3 and len(sizes) > 3


def test_each_history_row_an_import_writes_is_the_row_as_stored():
    """On PostgreSQL history is copied from the stored rows in SQL (importers/batches.py), on SQLite built
    from the objects: either way the latest history row of every object is the object, with no user and
    the import as its reason, and each object has one "+" row."""
    run("litellm", LITELLM)
    run("modelsdev", MODELSDEV)
    for model in (LanguageModel, Offering):
        tracked = [f.attname for f in model.history.model.tracked_fields]
        for obj in model.objects.all():
            rows = list(obj.history.order_by("history_id"))
            assert [r.history_type for r in rows][:1] == ["+"]
            assert all(r.history_type == "~" for r in rows[1:])
            latest = rows[-1]
            assert {f: getattr(latest, f) for f in tracked} == {f: getattr(obj, f) for f in tracked}
            assert latest.history_user_id is None and latest.history_change_reason.startswith("Import: ")


def test_the_default_batch_is_50_rows_on_sqlite_and_500_on_postgresql():
    from django.db import connection

    from catalog.importers.batches import default_batch_size

    assert default_batch_size() == (500 if connection.vendor == "postgresql" else 50)


def test_an_import_stopped_half_way_is_finished_by_running_it_again(monkeypatch):
    clean = imported(("litellm", LITELLM))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    real = apply.update_with_history
    monkeypatch.setattr(apply, "update_with_history", explode)
    with pytest.raises(RuntimeError):
        run("litellm", LITELLM, "--batch-size", "2")
    assert LanguageModel.objects.exists()  # the batches before the failure are committed
    monkeypatch.setattr(apply, "update_with_history", real)
    run("litellm", LITELLM)
    assert snapshot() == clean
    assert "No changes." in run("litellm", LITELLM)


def test_a_dry_run_still_writes_nothing():
    out = run("litellm", LITELLM, "--dry-run", "--batch-size", "1")
    assert "Dry run, nothing written" in out
    assert not LanguageModel.objects.exists() and not SourceFact.objects.exists()
