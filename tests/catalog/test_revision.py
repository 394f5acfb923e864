"""The data revision: database triggers bump it on every write path, ORM or not."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q

from catalog.models import (
    Benchmark,
    BenchmarkScore,
    FactsRevision,
    LanguageModel,
    Offering,
    PairNote,
    PairQuestion,
    PriceTier,
    Provider,
    Vendor,
)
from tests.factories import make_benchmark, make_model, make_offering, make_provider, make_score, make_vendor

pytestmark = pytest.mark.django_db


def revisions() -> dict[int, int]:
    return dict(FactsRevision.objects.values_list("model_id", "revision"))


def bumped(before: dict[int, int]) -> set[int]:
    """Rows whose revision moved; the any-change row moves on every change and is checked here."""
    after = revisions()
    moved = {key for key, value in after.items() if before.get(key) != value}
    assert FactsRevision.ANY_CHANGE in moved
    return moved - {FactsRevision.ANY_CHANGE}


@pytest.fixture
def catalog():
    vendor, other_vendor = make_vendor("Meta"), make_vendor("Mistral")
    groq, together = make_provider("Groq"), make_provider("Together")
    a = make_model("Llama A", vendor=vendor)
    b = make_model("Llama B", vendor=vendor)
    c = make_model("Mistral C", vendor=other_vendor)
    make_offering(a, groq)
    make_offering(b, together)
    make_offering(c, together)
    mmlu = make_benchmark("MMLU")
    make_score(a, mmlu)
    return {"a": a, "b": b, "c": c, "vendor": vendor, "groq": groq, "together": together, "mmlu": mmlu}


def test_every_model_gets_a_row_and_the_catalog_has_one(catalog):
    rows = revisions()
    assert {
        FactsRevision.CATALOG,
        FactsRevision.ANY_CHANGE,
        catalog["a"].pk,
        catalog["b"].pk,
        catalog["c"].pk,
    } <= set(rows)


def test_price_change_by_queryset_update_bumps_only_that_model(catalog):
    before = revisions()
    Offering.objects.filter(model=catalog["a"]).update(input_price=Decimal("0.5"))
    assert bumped(before) == {catalog["a"].pk}


def test_bulk_update_and_bulk_create_bump_their_models(catalog):
    before = revisions()
    offering = Offering.objects.get(model=catalog["b"])
    offering.output_price = Decimal("9")
    Offering.objects.bulk_update([offering], ["output_price"])
    assert bumped(before) == {catalog["b"].pk}
    before = revisions()
    BenchmarkScore.objects.bulk_create(
        [BenchmarkScore(model=catalog["c"], benchmark=catalog["mmlu"], score=70)]
    )
    assert bumped(before) == {catalog["c"].pk}
    before = revisions()
    Offering.objects.bulk_create(
        [Offering(model=catalog["c"], provider=catalog["groq"], input_price=1, output_price=1)]
    )
    # A new offering changes provider counts, which order other pages' lists: the catalog row too.
    assert bumped(before) == {catalog["c"].pk, FactsRevision.CATALOG}


def test_deletes_bump(catalog):
    before = revisions()
    BenchmarkScore.objects.filter(model=catalog["a"]).delete()
    assert bumped(before) == {catalog["a"].pk}
    before = revisions()
    Offering.objects.filter(model=catalog["b"]).delete()
    assert bumped(before) == {catalog["b"].pk, FactsRevision.CATALOG}
    before = revisions()
    pk = catalog["c"].pk
    LanguageModel.objects.filter(pk=pk).delete()
    assert bumped(before) == {pk, FactsRevision.CATALOG}


def test_raw_sql_bumps(catalog):
    before = revisions()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_offering SET input_price = 3 WHERE model_id = %s", [catalog["a"].pk])
    assert bumped(before) == {catalog["a"].pk}


def test_model_fields_shown_in_lists_bump_the_catalog_row(catalog):
    before = revisions()
    LanguageModel.objects.filter(pk=catalog["a"].pk).update(description="New words")
    assert bumped(before) == {catalog["a"].pk}
    before = revisions()
    LanguageModel.objects.filter(pk=catalog["a"].pk).update(name="Llama A2")
    assert bumped(before) == {catalog["a"].pk, FactsRevision.CATALOG}
    before = revisions()
    LanguageModel.objects.filter(pk=catalog["b"].pk).update(published=False)
    assert bumped(before) == {catalog["b"].pk, FactsRevision.CATALOG}


def test_vendor_provider_and_benchmark_changes_bump_the_models_they_touch(catalog):
    a, b, c = catalog["a"].pk, catalog["b"].pk, catalog["c"].pk
    before = revisions()
    Vendor.objects.filter(pk=catalog["vendor"].pk).update(name="Meta AI")
    assert bumped(before) == {a, b, FactsRevision.CATALOG}
    before = revisions()
    Provider.objects.filter(pk=catalog["together"].pk).update(name="Together AI")
    assert bumped(before) == {b, c, FactsRevision.CATALOG}
    before = revisions()
    Benchmark.objects.filter(pk=catalog["mmlu"].pk).update(name="MMLU (5-shot)")
    assert bumped(before) == {a}


def test_pair_notes_and_questions_bump_both_models(catalog):
    a, b = sorted([catalog["a"].pk, catalog["b"].pk])
    before = revisions()
    note = PairNote.objects.create(model_a_id=a, model_b_id=b, intro="Hello")
    assert bumped(before) == {a, b, FactsRevision.CATALOG}
    before = revisions()
    PairNote.objects.filter(pk=note.pk).update(intro="Hello again")
    assert bumped(before) == {a, b}
    before = revisions()
    question = PairQuestion.objects.create(note=note, question="Q?", answer="A.")
    assert bumped(before) == {a, b}
    before = revisions()
    question.delete()
    assert bumped(before) == {a, b}


def test_a_bump_never_reuses_a_value(catalog):
    seen = {FactsRevision.objects.get(pk=catalog["a"].pk).revision}
    for n in range(20):
        Offering.objects.filter(model=catalog["a"]).update(input_price=n)
        seen.add(FactsRevision.objects.get(pk=catalog["a"].pk).revision)
    assert len(seen) == 21


def test_lookup_reads_published_models_by_slug_and_scopes_in_one_query(catalog, django_assert_num_queries):
    LanguageModel.objects.filter(pk=catalog["c"].pk).update(published=False)
    with django_assert_num_queries(1):
        rows = FactsRevision.objects.lookup(["llama-a", "mistral-c"], scopes=(FactsRevision.CATALOG,))
    assert {(pk, slug) for pk, slug, _, _ in rows} == {
        (catalog["a"].pk, "llama-a"),
        (FactsRevision.CATALOG, None),
    }
    assert all(changed.tzinfo is not None for *_, changed in rows)


def test_summary_reads_catalog_and_selected_models_in_one_query(catalog, django_assert_num_queries):
    with django_assert_num_queries(1):
        summary = FactsRevision.objects.summary(Q(vendor__slug="meta"))
    assert summary["count"] == 2 and summary["catalog"] is not None
    before = summary["models"]
    Offering.objects.filter(model=catalog["b"]).update(input_price=7)
    assert FactsRevision.objects.summary(Q(vendor__slug="meta"))["models"] != before


def test_the_lookup_follows_renames_and_unpublishing(catalog):
    a = LanguageModel.objects.get(pk=catalog["a"].pk)
    a.name, a.slug = "Llama A Prime", "llama-a-prime"
    a.save()
    assert [slug for _, slug, _, _ in FactsRevision.objects.lookup(["llama-a", "llama-a-prime"])] == [
        "llama-a-prime"
    ]
    LanguageModel.objects.filter(pk=a.pk).delete()
    assert FactsRevision.objects.lookup(["llama-a-prime"]) == []


def test_a_long_context_tier_moves_only_its_model_on_every_write_path(catalog):
    """A tier is on the pages of its offering's model: inserting, updating (queryset or raw SQL) and deleting
    one moves that model's revision, with no offering saved."""
    offering = Offering.objects.get(model=catalog["a"])
    before = revisions()
    tier = PriceTier.objects.create(offering=offering, threshold=200_000, input_price=Decimal("2.5"))
    assert bumped(before) == {catalog["a"].pk}
    before = revisions()
    PriceTier.objects.filter(pk=tier.pk).update(output_price=Decimal("15"))
    assert bumped(before) == {catalog["a"].pk}
    before = revisions()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE catalog_pricetier SET threshold = 128000 WHERE id = %s", [tier.pk])
    assert bumped(before) == {catalog["a"].pk}
    # Moved to another model's offering: both pages change.
    other = Offering.objects.get(model=catalog["b"])
    before = revisions()
    PriceTier.objects.filter(pk=tier.pk).update(offering=other)
    assert bumped(before) == {catalog["a"].pk, catalog["b"].pk}
    before = revisions()
    PriceTier.objects.filter(pk=tier.pk).delete()
    assert bumped(before) == {catalog["b"].pk}
