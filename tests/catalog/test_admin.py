import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from catalog.models import LanguageModel, Offering
from tests.admin_forms import admin_form_data
from tests.factories import make_model, make_offering, make_provider, make_vendor

pytestmark = pytest.mark.django_db


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def test_editor_changes_a_price_and_the_history_shows_who_and_what(editor_client):
    offering = make_offering(input_price=Decimal("0.10"), output_price=Decimal("0.10"))
    data = admin_form_data(editor_client.get(change_url(offering)))
    data["input_price"] = "0.08"

    response = editor_client.post(change_url(offering), data)

    assert response.status_code == 302
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.08")
    latest = offering.history.latest()
    assert latest.history_user.username == "edith"
    assert latest.prev_record.input_price == Decimal("0.10")

    page = editor_client.get(reverse("admin:catalog_offering_history", args=[offering.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Edith</a> (edith)" in html
    assert "Input $/1M tokens:</strong>" in html
    assert "0.100000" in html and "0.080000" in html
    assert timezone.localtime(latest.history_date).strftime("%Y") in html


def test_editor_edits_a_provider_price_sheet_in_place(editor_client):
    provider = make_provider("Fireworks AI")
    first = make_offering(provider=provider, input_price=Decimal("0.10"), output_price=Decimal("0.10"))
    second = make_offering(provider=provider, input_price=Decimal("0.20"), output_price=Decimal("0.20"))
    make_offering(input_price=Decimal("9"))  # another provider's row, filtered out

    url = reverse("admin:catalog_offering_changelist") + f"?provider__id__exact={provider.pk}"
    listing = editor_client.get(url)
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 2
    data = admin_form_data(listing)
    assert data["form-TOTAL_FORMS"] == "2"
    rows = {data[f"form-{i}-id"]: i for i in range(2)}
    assert data[f"form-{rows[str(first.pk)]}-seen_version"]  # each row's version is on the page
    data[f"form-{rows[str(first.pk)]}-input_price"] = "0.05"
    data[f"form-{rows[str(second.pk)]}-input_price"] = "0.15"
    response = editor_client.post(url, data)
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.input_price, second.input_price) == (Decimal("0.05"), Decimal("0.15"))
    assert first.history.latest().history_user.username == "edith"


def test_editor_cannot_touch_users_groups_or_permissions(editor_client, admin_user):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    group = Group.objects.get(name="Editors")
    assert editor_client.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 403


def test_editor_can_add_change_and_delete_catalog_data(editor):
    for model in ["vendor", "provider", "languagemodel", "offering", "benchmark", "benchmarkscore"]:
        for action in ["add", "change", "delete", "view"]:
            assert editor.has_perm(f"catalog.{action}_{model}")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.change_group")


def test_negative_price_is_a_form_error_in_the_admin(editor_client):
    offering = make_offering()
    data = admin_form_data(editor_client.get(change_url(offering)))
    data["input_price"] = "-0.01"
    response = editor_client.post(change_url(offering), data)
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.10")


def test_duplicate_offering_is_a_form_error_in_the_admin(editor_client):
    offering = make_offering()
    add_url = reverse("admin:catalog_offering_add")
    data = admin_form_data(editor_client.get(add_url)) | {
        "model": str(offering.model.pk), "provider": str(offering.provider.pk),
        "input_price": "0.20", "output_price": "0.20", "active": "on",
    }
    response = editor_client.post(add_url, data)
    assert response.status_code == 200
    assert "This model already has an offering at this provider (and region)." in response.content.decode()
    assert Offering.objects.count() == 1


def test_duplicate_inline_offering_is_a_form_error_on_the_model_page(editor_client):
    offering = make_offering()
    model = offering.model
    data = admin_form_data(editor_client.get(change_url(model)))
    data |= {
        "offerings-TOTAL_FORMS": "2",
        "offerings-1-provider": str(offering.provider.pk),
        "offerings-1-input_price": "0.3",
        "offerings-1-output_price": "0.3",
        "offerings-1-active": "on",
        "offerings-1-model": str(model.pk),
    }
    response = editor_client.post(change_url(model), data)
    assert response.status_code == 200
    assert "This model already has an offering at this provider (and region)." in response.content.decode()
    assert Offering.objects.count() == 1


def test_inline_offering_price_change_is_attributed(editor_client):
    offering = make_offering(input_price=Decimal("0.10"))
    data = admin_form_data(editor_client.get(change_url(offering.model)))
    data["offerings-0-input_price"] = "0.07"
    response = editor_client.post(change_url(offering.model), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.07")
    assert offering.history.latest().history_user.username == "edith"


def test_renaming_in_the_admin_keeps_the_old_slug(editor_client):
    model = make_model("Llama 3.2 1B", slug="llama-3-2-1b")
    data = admin_form_data(editor_client.get(change_url(model)))
    data |= {"name": "Llama 3.2 1B Instruct", "slug": "llama-3-2-1b-instruct"}
    assert editor_client.post(change_url(model), data).status_code == 302
    assert list(LanguageModel.objects.get(pk=model.pk).former_slugs.values_list("slug", flat=True)) == [
        "llama-3-2-1b"
    ]


def test_slug_with_vs_is_a_form_error(editor_client):
    vendor = make_vendor()
    add_url = reverse("admin:catalog_languagemodel_add")
    data = admin_form_data(editor_client.get(add_url)) | {
        "vendor": str(vendor.pk), "name": "GPT vs Claude", "slug": "gpt-vs-claude", "purpose": "chat",
    }
    response = editor_client.post(add_url, data)
    assert response.status_code == 200
    assert "cannot contain the word" in response.content.decode()


def test_mark_reviewed_action_and_due_filter(editor_client):
    stale = make_offering(last_reviewed=datetime.date(2020, 1, 1))
    make_offering(last_reviewed=timezone.localdate())
    changelist = reverse("admin:catalog_offering_changelist")

    due = editor_client.get(changelist + "?review=due")
    assert [o.pk for o in due.context["cl"].result_list] == [stale.pk]

    response = editor_client.post(
        changelist, {"action": "mark_reviewed", "_selected_action": [str(stale.pk)], "index": "0"}
    )
    assert response.status_code == 302
    stale.refresh_from_db()
    assert stale.last_reviewed == timezone.localdate()
    assert stale.history.latest().history_user.username == "edith"
    assert editor_client.get(changelist + "?review=due").context["cl"].result_count == 0


def test_admin_search_and_view_on_site_link(editor_client):
    model = make_model("Llama 3.2 1B Instruct")
    make_model("Gemma 2 9B")
    listing = editor_client.get(reverse("admin:catalog_languagemodel_changelist") + "?q=llama")
    assert [m.pk for m in listing.context["cl"].result_list] == [model.pk]
    change = editor_client.get(change_url(model)).content.decode()
    assert "View on site" in change


def test_autocomplete_for_providers(editor_client):
    make_provider("Fireworks AI")
    make_provider("Groq")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "fire", "app_label": "catalog", "model_name": "offering", "field_name": "provider"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Fireworks AI"]


def test_editor_writes_a_pair_note_in_either_order(editor_client):
    from catalog.models import PairNote

    first, second = make_model("Alpha"), make_model("Beta")
    add_url = reverse("admin:catalog_pairnote_add")
    data = admin_form_data(editor_client.get(add_url)) | {
        "model_a": str(second.pk),
        "model_b": str(first.pk),
        "intro": "Two of a kind.",
        "last_reviewed": "2026-11-20",
        "questions-0-question": "Which is older?",
        "questions-0-answer": "Alpha.",
        "questions-0-position": "0",
    }
    response = editor_client.post(add_url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    note = PairNote.objects.get()
    assert (note.model_a, note.model_b) == (first, second)
    assert [q.question for q in note.questions.all()] == ["Which is older?"]
    # The same pair again, in the other order, is a form error rather than a second note.
    data["model_a"], data["model_b"] = str(first.pk), str(second.pk)
    response = editor_client.post(add_url, data)
    assert response.status_code == 200
    assert "This pair already has a note." in response.content.decode()


# No lost updates ------------------------------------------------------------------------------------

@pytest.fixture
def second_editor_client(client, editor):
    from django.contrib.auth.models import User
    from django.test import Client

    other = User.objects.create_user("otto", password="x" * 12, is_staff=True, first_name="Otto")
    other.groups.add(Group.objects.get(name="Editors"))
    c = Client()
    c.force_login(other)
    return c


def test_second_editor_saving_a_stale_offering_gets_a_conflict(editor_client, second_editor_client):
    offering = make_offering(input_price=Decimal("0.10"))
    url = change_url(offering)
    first = admin_form_data(editor_client.get(url))
    second = admin_form_data(second_editor_client.get(url))

    first["input_price"] = "0.08"
    assert editor_client.post(url, first).status_code == 302
    second["input_price"] = "0.12"
    response = second_editor_client.post(url, second)

    assert response.status_code == 200
    assert "was changed by Edith" in response.content.decode()
    assert "your changes were not saved" in response.content.decode()
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.08")
    assert offering.history.count() == 2  # created, then Edith's change; nothing from the stale form


def test_stale_inline_offering_is_a_conflict(editor_client, second_editor_client):
    offering = make_offering(input_price=Decimal("0.10"))
    url = change_url(offering.model)
    first = admin_form_data(editor_client.get(url))
    second = admin_form_data(second_editor_client.get(url))
    first["offerings-0-input_price"] = "0.08"
    assert editor_client.post(url, first).status_code == 302
    second["offerings-0-input_price"] = "0.12"
    response = second_editor_client.post(url, second)
    assert response.status_code == 200
    assert "your changes were not saved" in response.content.decode()
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.08")


def test_stale_price_sheet_edited_in_place_is_a_conflict(editor_client, second_editor_client):
    offering = make_offering(input_price=Decimal("0.10"))
    url = reverse("admin:catalog_offering_changelist")

    def sheet(client, price):
        data = admin_form_data(client.get(url))
        assert data["form-0-id"] == str(offering.pk)
        return data | {"form-0-input_price": price}

    first, second = sheet(editor_client, "0.08"), sheet(second_editor_client, "0.12")
    assert editor_client.post(url, first).status_code == 302
    response = second_editor_client.post(url, second)
    assert response.status_code == 200
    assert "your changes were not saved" in response.content.decode()
    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.08")


def test_history_rows_equal_saved_objects_for_bulk_actions(editor_client):
    offerings = [make_offering(last_reviewed=datetime.date(2020, 1, 1)) for _ in range(3)]
    before = Offering.history.count()
    editor_client.post(reverse("admin:catalog_offering_changelist"), {
        "action": "mark_reviewed", "_selected_action": [str(o.pk) for o in offerings], "index": "0",
    })
    assert Offering.history.count() == before + 3
