"""Every admin change page, submitted as a browser submits it (tests/admin_forms.py reads the rendered
HTML): saving unchanged is accepted and writes no history; one changed field is saved and named in the
history; a stale copy is refused without losing either editor's work."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db.models import Count
from django.test import Client, RequestFactory
from django.urls import reverse

from catalog.models import (
    FormerSlug,
    LanguageModel,
    ModelAlias,
    Offering,
    PairNote,
    PairQuestion,
    Provider,
    ProviderAlias,
    Source,
    Vendor,
    VendorAlias,
)
from tests.admin_forms import admin_form_data, form_pairs

pytestmark = pytest.mark.django_db


def _editable_admins() -> list:
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_active=True)
    return sorted(
        (model._meta.label_lower for model, model_admin in admin.site._registry.items()
         if model_admin.has_change_permission(request)),
    )


# One field per model that any editor may change freely, and the new value, from the old one.
CHANGES = {
    "auth.group": ("name", lambda old: f"{old} (renamed)"),
    "auth.user": ("first_name", lambda old: f"{old}x"),
    "catalog.vendor": ("name", lambda old: f"{old} Labs"),
    "catalog.provider": ("name", lambda old: f"{old} Cloud"),
    "catalog.benchmark": ("description", lambda old: f"{old} Edited."),
    "catalog.languagemodel": ("architecture", lambda old: f"{old} (edited)"),
    "catalog.offering": ("provider_model_id", lambda old: f"{old}-edited"),
    "catalog.benchmarkscore": ("score", lambda old: "12.34" if old != "12.34" else "12.35"),
    "catalog.formerslug": ("slug", lambda old: f"{old}-edited"),
    "catalog.pairnote": ("intro", lambda old: f"{old} Edited."),
    "catalog.provideralias": ("key", lambda old: f"{old}-edited"),
    "catalog.modelalias": ("key", lambda old: f"{old}-edited"),
    "catalog.vendoralias": ("key", lambda old: f"{old}-edited"),
}


def test_every_editable_admin_has_a_field_to_change():
    assert set(_editable_admins()) == set(CHANGES)


def _real_object(label: str):
    """An object of this model from the demo catalog; for models the demo leaves empty, a fresh one."""
    model_1, model_2 = LanguageModel.objects.order_by("pk")[:2]
    if label == "catalog.languagemodel":  # the one with the most inline rows
        return (
            LanguageModel.objects.annotate(n=Count("offerings") + Count("scores"))
            .order_by("-n", "pk")
            .first()
        )
    if label == "catalog.formerslug":
        return FormerSlug.objects.create(model=model_1, slug="an-old-name")
    if label == "catalog.pairnote":
        note = PairNote.objects.create(model_a=model_1, model_b=model_2, intro="Two of a kind.")
        PairQuestion.objects.create(note=note, question="Which is older?", answer="The first.")
        return note
    if label == "catalog.provideralias":
        return ProviderAlias.objects.create(
            source=Source.LITELLM, key="fireworks", provider=Provider.objects.first()
        )
    if label == "catalog.modelalias":
        return ModelAlias.objects.create(source=Source.LITELLM, key="some/model-id", model=model_1)
    if label == "catalog.vendoralias":
        return VendorAlias.objects.create(key="Meta AI", vendor=Vendor.objects.first())
    if label == "auth.user":
        return User.objects.create_user("walter", first_name="Walter", password="x" * 12)
    return apps.get_model(label).objects.order_by("pk").first()


@pytest.fixture
def demo_catalog(db):
    call_command("load_demo_catalog", verbosity=0)


def _client_for(label: str, editor_client, admin_client):
    return editor_client if label.startswith("catalog.") else admin_client


def _history_count(obj) -> int | None:
    return obj.history.count() if hasattr(obj, "history") else None


@pytest.mark.parametrize("label", _editable_admins())
def test_change_page_saved_as_rendered(label, demo_catalog, editor_client, admin_client):
    client = _client_for(label, editor_client, admin_client)
    obj = _real_object(label)
    assert obj is not None, label
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    data = admin_form_data(page)
    before = _history_count(obj)
    rows = [form.instance for inline in page.context["inline_admin_formsets"] for form in inline.formset.forms
            if form.instance.pk]
    rows_before = [(row.updated_at, _history_count(row)) for row in rows]

    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response

    if before is not None:
        assert _history_count(obj) == before, "an unchanged form wrote a history row"
    # Nor was any inline row saved.
    for row in rows:
        row.refresh_from_db()
    assert [(row.updated_at, _history_count(row)) for row in rows] == rows_before

    field, new_value = CHANGES[label]
    data = admin_form_data(client.get(url))
    data[field] = new_value(data[field])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response

    obj.refresh_from_db()
    assert str(getattr(obj, field)) == data[field]
    if before is not None:
        assert _history_count(obj) == before + 1
        latest = obj.history.first()
        assert latest.diff_against(latest.prev_record).changed_fields == [field]


def test_a_description_with_line_breaks_saved_unchanged_is_no_change(editor_client, demo_catalog):
    # Browsers send a textarea's line breaks as CRLF; text imported with LF must not read as edited.
    model = LanguageModel.objects.first()
    LanguageModel.objects.filter(pk=model.pk).update(description="First line.\nSecond line.")
    url = reverse("admin:catalog_languagemodel_change", args=[model.pk])
    data = admin_form_data(editor_client.get(url))
    assert data["description"] == "First line.\r\nSecond line."
    before = model.history.count()
    assert editor_client.post(url, data).status_code == 302
    assert model.history.count() == before


def test_the_model_page_renders_the_version_of_the_model_and_of_every_inline_row(editor_client, demo_catalog):
    model = _real_object("catalog.languagemodel")
    page = editor_client.get(reverse("admin:catalog_languagemodel_change", args=[model.pk]))
    names = {name for name, _ in form_pairs(page.content.decode(), "languagemodel_form")}
    assert "seen_version" in names
    offerings, scores = model.offerings.count(), model.scores.count()
    assert offerings and scores
    assert {f"offerings-{i}-seen_version" for i in range(offerings)} <= names
    assert {f"scores-{i}-seen_version" for i in range(scores)} <= names


def test_an_admin_with_a_plain_inline_fails_the_system_check():
    from django.contrib.admin import TabularInline

    from catalog.admin import LanguageModelAdmin

    class PlainInline(TabularInline):
        model = Offering

    class Careless(LanguageModelAdmin):
        inlines = [PlainInline]

    errors = Careless(LanguageModel, admin.site).check()
    assert [e.id for e in errors] == ["catalog.E001"]


# Two editors with stale copies --------------------------------------------------------------------

@pytest.fixture
def second_editor_client(editor):
    other = User.objects.create_user("otto", password="x" * 12, is_staff=True, first_name="Otto")
    other.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(other)
    return client


def test_two_editors_on_the_model_page_nothing_is_lost(editor_client, second_editor_client, demo_catalog):
    model = _real_object("catalog.languagemodel")
    url = reverse("admin:catalog_languagemodel_change", args=[model.pk])
    page = editor_client.get(url)
    offering = page.context["inline_admin_formsets"][0].formset.forms[0].instance
    first = admin_form_data(page)
    second = admin_form_data(second_editor_client.get(url))

    first["architecture"] = "Dense transformer, edited by Edith"
    assert editor_client.post(url, first).status_code == 302

    second["description"] = "Otto's new description."
    second["offerings-0-input_price"] = "0.123"
    response = second_editor_client.post(url, second)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{model.name} was changed by Edith" in html
    assert "your changes were not saved" in html
    model.refresh_from_db()
    offering.refresh_from_db()
    assert model.architecture == "Dense transformer, edited by Edith"  # Edith's change stays
    assert model.description != "Otto's new description."
    assert offering.input_price != Decimal("0.123")
    # Otto's values are still in the form in front of him, to save again after reloading.
    shown = admin_form_data(response)
    assert shown["description"] == "Otto's new description."
    assert shown["offerings-0-input_price"] == "0.123"
