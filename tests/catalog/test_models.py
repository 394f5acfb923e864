import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from catalog.models import FormerSlug, LanguageModel, Offering, Support, blend_price
from tests.factories import make_benchmark, make_model, make_offering, make_provider, make_score, make_vendor

pytestmark = pytest.mark.django_db


def test_negative_price_is_rejected_by_the_database():
    offering = make_offering()
    with pytest.raises(IntegrityError), transaction.atomic():
        Offering.objects.filter(pk=offering.pk).update(input_price=Decimal("-0.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_offering(output_price=Decimal("-1"))


def test_duplicate_offering_is_rejected_by_the_database():
    offering = make_offering()
    with pytest.raises(IntegrityError), transaction.atomic():
        Offering.objects.create(model=offering.model, provider=offering.provider)


def test_offering_without_a_price_is_allowed():
    offering = make_offering(input_price=None, output_price=None)
    offering.refresh_from_db()
    assert offering.input_price is None and offering.output_price is None
    assert blend_price(offering.input_price, offering.output_price) is None


def test_blended_price_is_70_30_and_exact():
    offering = make_offering(input_price=Decimal("0.03"), output_price=Decimal("0.20"))
    assert blend_price(offering.input_price, offering.output_price) == Decimal("0.081")


def test_slug_with_vs_word_is_rejected_by_the_database():
    vendor = make_vendor()
    for slug in ["gpt-vs-claude", "vs-model", "model-vs", "vs"]:
        with pytest.raises(IntegrityError), transaction.atomic():
            LanguageModel.objects.create(vendor=vendor, name=slug, slug=slug)
    # "vs" inside a word is fine: only whole words would make a pair URL ambiguous.
    LanguageModel.objects.create(vendor=vendor, name="Canvas", slug="canvas-vsx")


def test_upper_case_slug_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_vendor("Shouty", slug="Shouty")


def test_duplicate_slugs_are_rejected_by_the_database():
    make_model("One", slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_model("Two", slug="same")


def test_capability_outside_the_three_states_is_rejected_by_the_database():
    model = make_model()
    with pytest.raises(IntegrityError), transaction.atomic():
        LanguageModel.objects.filter(pk=model.pk).update(vision="maybe")


def test_capabilities_default_to_not_yet_sourced():
    model = make_model()
    assert model.function_calling == Support.UNKNOWN
    assert model.get_function_calling_display() == "Not yet sourced"
    assert model.multimodal == Support.UNKNOWN


def test_score_must_be_a_percentage():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_score(score=Decimal("101"))


def test_one_score_per_benchmark_and_settings():
    model, benchmark = make_model(), make_benchmark()
    make_score(model, benchmark, settings="5-shot")
    make_score(model, benchmark, settings="0-shot")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_score(model, benchmark, settings="5-shot")


def test_renamed_model_keeps_its_old_slug():
    model = make_model("Llama 3.2 1B", slug="llama-3-2-1b")
    model = LanguageModel.objects.get(pk=model.pk)
    model.name, model.slug = "Llama 3.2 1B Instruct", "llama-3-2-1b-instruct"
    model.save()
    assert list(model.former_slugs.values_list("slug", flat=True)) == ["llama-3-2-1b"]
    # Renaming back reclaims the slug: it is current again, not a redirect.
    model.slug = "llama-3-2-1b"
    model.save()
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["llama-3-2-1b-instruct"]


def test_a_former_slug_cannot_be_taken_by_another_model():
    model = make_model("Old", slug="old-name")
    model = LanguageModel.objects.get(pk=model.pk)
    model.slug = "new-name"
    model.save()
    other = LanguageModel(vendor=model.vendor, name="Other", slug="old-name")
    with pytest.raises(Exception) as excinfo:
        other.full_clean()
    assert "used to belong to another model" in str(excinfo.value)


def test_due_for_review():
    today = datetime.date(2026, 11, 27)
    fresh = make_offering(last_reviewed=today - datetime.timedelta(days=10))
    stale = make_offering(last_reviewed=today - datetime.timedelta(days=91))
    never = make_offering(last_reviewed=None)
    assert set(Offering.objects.due_for_review(today)) == {stale, never}
    assert fresh not in Offering.objects.due_for_review(today)


def test_every_edit_keeps_a_history_row():
    offering = make_offering(input_price=Decimal("0.10"))
    offering.input_price = Decimal("0.08")
    offering.save()
    prices = list(offering.history.order_by("history_date").values_list("input_price", flat=True))
    assert prices == [Decimal("0.10"), Decimal("0.08")]


def test_published_queryset():
    shown, hidden = make_model(published=True), make_model(published=False)
    assert list(LanguageModel.objects.published()) == [shown]
    assert hidden.pk


def test_provider_with_offerings_cannot_be_deleted_by_accident():
    from django.db.models import ProtectedError

    provider = make_provider()
    make_offering(provider=provider)
    with pytest.raises(ProtectedError):
        provider.delete()
