"""The review queue in the admin, as an editor uses it: the list of imported models waiting (with their
reasons and what each source says), and the bulk actions publish, reject, rename and merge, submitted as the
browser renders the forms; then the public pages and the histories."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import LanguageModel, Offering, Provider, Source, SourceFact, Vendor
from tests.admin_forms import admin_form_data
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import visible_text

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/catalog/languagemodel/"
QUEUE = CHANGELIST + "?queue=waiting"


@pytest.fixture
def editor():
    user = User.objects.create_user("edith", password="x" * 12, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def client_for(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def queued():
    anthropic = make_vendor("Anthropic")
    haiku = make_model(
        "Claude 3 5 Haiku 20241022", vendor=anthropic, slug="claude-3-5-haiku-20241022", published=False,
        queue_reasons=["name made from an id: claude-3-5-haiku-20241022", "no priced pay-as-you-go offering"],
    )
    for source, origin, value in (
        (Source.LITELLM, "anthropic/claude-3-5-haiku-20241022", "200000"),
        (Source.MODELSDEV, "anthropic/claude-3-5-haiku-20241022", "200001"),
    ):
        SourceFact.objects.create(subject=f"model:{haiku.pk}", model=haiku, field="context_window",
                                  source=source, origin=origin, value=value)
    return haiku


def run_action(client, action: str, models, url=CHANGELIST):
    """Tick the models on the list as rendered, choose the action, press Go."""
    data = admin_form_data(client.get(url), "changelist-form")
    data.pop("_save")
    data.update({"action": action, "_selected_action": [str(m.pk) for m in models], "index": "0"})
    return client.post(url, data, follow=False)


def page_text(response) -> str:
    return visible_text(response.content.decode())


def test_the_queue_lists_waiting_models_with_their_reasons_and_what_each_source_says(client_for, queued):
    make_model("Published One")
    make_model("Rejected One", published=False, rejected=True, queue_reasons=[])
    make_model("Draft", published=False)  # an editor's unpublished draft is not an import's question

    text = page_text(client_for.get(QUEUE))

    assert "Review queue: imported models waiting for an editor" in text
    assert "Claude 3 5 Haiku 20241022" in text
    assert "name made from an id: claude-3-5-haiku-20241022" in text
    assert "no priced pay-as-you-go offering" in text
    assert "context window" in text and "200000" in text and "200001" in text
    assert "LiteLLM model prices" in text and "models.dev" in text
    assert "anthropic/claude-3-5-haiku-20241022" in text
    assert "Published One" not in text and "Rejected One" not in text and "Draft" not in text
    # The admin's home page leads there.
    assert "Review queue" in page_text(client_for.get("/admin/"))


def test_the_model_page_shows_each_sources_values_per_offering(client_for, queued):
    offering = make_offering(queued, make_provider("AWS Bedrock"))
    SourceFact.objects.create(subject=f"offering:{offering.pk}", model=queued, offering=offering,
                              field="input_price", source=Source.LITELLM, origin="bedrock/x", value="0.8")

    text = page_text(client_for.get(reverse("admin:catalog_languagemodel_change", args=[queued.pk])))

    assert "input price at AWS Bedrock" in text and "0.8" in text
    assert "no priced pay-as-you-go offering" in text


def test_publishing_from_the_queue_publishes_records_it_and_the_page_answers(client_for, editor, queued):
    response = run_action(client_for, "publish_models", [queued], QUEUE)
    assert response.status_code == 302

    queued.refresh_from_db()
    assert queued.published and queued.queue_reasons == []
    assert "published" in queued.curated_fields
    latest = queued.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Published from the review queue", editor)
    assert queued.history.filter(history_change_reason="Published from the review queue").count() == 1
    assert Client().get(queued.get_absolute_url()).status_code == 200
    assert "Published 1: Claude 3 5 Haiku 20241022." in page_text(client_for.get(response["Location"]))


def test_a_model_under_the_placeholder_vendor_is_not_published(client_for, queued):
    placeholder = make_vendor("Unattributed (needs an editor)", slug="unattributed")
    orphan = make_model("Mystery 7B", vendor=placeholder, published=False, queue_reasons=["vendor unknown"])

    response = run_action(client_for, "publish_models", [orphan, queued], QUEUE)
    text = page_text(client_for.get(response["Location"]))

    orphan.refresh_from_db()
    assert not orphan.published and orphan.queue_reasons == ["vendor unknown"]
    assert "Not published: Mystery 7B." in text and "choose its vendor first" in text
    queued.refresh_from_db()
    assert queued.published


def test_the_model_page_refuses_publishing_under_the_placeholder_vendor(client_for):
    placeholder = make_vendor("Unattributed (needs an editor)", slug="unattributed")
    orphan = make_model("Mystery 7B", vendor=placeholder, published=False, queue_reasons=["vendor unknown"])
    url = reverse("admin:catalog_languagemodel_change", args=[orphan.pk])
    data = admin_form_data(client_for.get(url))
    data["published"] = "on"

    response = client_for.post(url, data)

    assert response.status_code == 200
    assert "Choose the model's vendor first" in page_text(response)
    orphan.refresh_from_db()
    assert not orphan.published


def test_rejecting_keeps_the_model_unpublished_for_good(client_for, editor, queued):
    run_action(client_for, "reject_models", [queued], QUEUE)

    queued.refresh_from_db()
    assert queued.rejected and not queued.published and queued.queue_reasons == []
    assert {"rejected", "published"} <= set(queued.curated_fields)
    assert queued.history.first().history_change_reason == "Rejected from the review queue"
    assert "Rejected 1: Claude 3 5 Haiku 20241022." in page_text(client_for.get(QUEUE))
    assert "Claude 3 5 Haiku" not in page_text(client_for.get(QUEUE))  # the message was shown once


def test_renaming_from_the_queue_through_its_form(client_for, editor, queued):
    page = run_action(client_for, "rename_models", [queued], QUEUE)
    assert page.status_code == 200 and "Rename models" in page_text(page)
    data = admin_form_data(page, "rename-form")
    data.pop("_save")
    prefix = f"m{queued.pk}"
    assert data[f"{prefix}-name"] == "Claude 3 5 Haiku 20241022"
    data[f"{prefix}-name"] = "Claude 3.5 Haiku (2024-10-22)"
    data[f"{prefix}-slug"] = "claude-3-5-haiku-2024-10-22"

    response = client_for.post(QUEUE, data)

    assert response.status_code == 302
    queued.refresh_from_db()
    assert (queued.name, queued.slug) == ("Claude 3.5 Haiku (2024-10-22)", "claude-3-5-haiku-2024-10-22")
    assert queued.queue_reasons == ["no priced pay-as-you-go offering"]
    assert {"name", "slug"} <= set(queued.curated_fields)
    assert queued.history.first().history_change_reason == (
        "Renamed from the review queue: Claude 3 5 Haiku 20241022 → Claude 3.5 Haiku (2024-10-22)"
    )


def test_a_bad_slug_in_the_rename_form_is_said_and_nothing_is_saved(client_for, queued):
    other = make_model("Taken", slug="taken")
    page = run_action(client_for, "rename_models", [queued], QUEUE)
    data = admin_form_data(page, "rename-form")
    data.pop("_save")
    data[f"m{queued.pk}-slug"] = other.slug

    response = client_for.post(QUEUE, data)

    assert response.status_code == 200
    assert "already exists" in page_text(response)
    queued.refresh_from_db()
    assert queued.slug == "claude-3-5-haiku-20241022"


def test_merging_from_the_list_moves_everything_and_the_old_page_redirects(client_for, editor):
    groq = make_provider("Groq")
    target = make_model("DeepSeek V3", slug="deepseek-v3")
    merged = make_model("Deepseek V3", slug="deepseek-v3-2", vendor=target.vendor)
    make_offering(merged, groq, input_price="0.59")

    page = run_action(client_for, "merge_selected_models", [merged, target])
    assert page.status_code == 200 and "Merge into" in page_text(page)
    data = admin_form_data(page, "merge-form")
    data.pop("_save")
    data["target"] = str(target.pk)  # what the autocomplete selects

    response = client_for.post(CHANGELIST, data)

    assert response.status_code == 302
    assert not LanguageModel.objects.filter(slug="deepseek-v3-2").exists()
    assert Offering.objects.get(provider=groq).model == target
    assert target.history.first().history_change_reason == "Merged Deepseek V3 into DeepSeek V3"
    redirect = Client().get("/models/deepseek-v3-2/")
    assert (redirect.status_code, redirect["Location"]) == (301, "/models/deepseek-v3/")
    text = page_text(client_for.get(response["Location"]))
    assert "Merged Deepseek V3 into DeepSeek V3; their pages now redirect to /models/deepseek-v3/." in text


def test_merging_a_model_into_itself_from_the_list_is_refused_with_a_message(client_for):
    model = make_model("Solo")
    page = run_action(client_for, "merge_selected_models", [model])
    data = admin_form_data(page, "merge-form")
    data.pop("_save")
    data["target"] = str(model.pk)

    response = client_for.post(CHANGELIST, data)

    assert response.status_code == 200
    assert "Choose a model other than the selected one." in page_text(response)
    assert LanguageModel.objects.filter(pk=model.pk).exists()


def test_merging_vendors_and_providers_from_their_lists(client_for):
    wandb, wb = make_vendor("Wandb"), make_vendor("Weights & Biases", slug="weights-biases")
    make_model("Thing", vendor=wandb)
    friendli, friendliai = make_provider("Friendli"), make_provider("FriendliAI")
    make_offering(make_model("Other"), friendli)

    for url, action, merged, target in (
        ("/admin/catalog/vendor/", "merge_selected_vendors", wandb, wb),
        ("/admin/catalog/provider/", "merge_selected_providers", friendli, friendliai),
    ):
        page = run_action(client_for, action, [merged], url)
        data = admin_form_data(page, "merge-form")
        data.pop("_save")
        data["target"] = str(target.pk)
        assert client_for.post(url, data).status_code == 302

    assert not Vendor.objects.filter(name="Wandb").exists()
    assert not Provider.objects.filter(name="Friendli").exists()
    assert wb.models.get().name == "Thing"
    assert friendliai.offerings.get().model.name == "Other"
    assert Client().get("/vendors/wandb/")["Location"] == "/vendors/weights-biases/"
    assert Client().get("/providers/friendli/")["Location"] == "/providers/friendliai/"


def test_an_editors_price_change_dates_the_price(client_for):
    offering = make_offering(make_model("Priced"), make_provider("Groq"), input_price="0.5",
                             price_as_of=datetime.date(2025, 11, 27))
    url = reverse("admin:catalog_offering_change", args=[offering.pk])
    data = admin_form_data(client_for.get(url))
    data["input_price"] = "0.4"

    assert client_for.post(url, data).status_code == 302

    offering.refresh_from_db()
    assert offering.input_price == Decimal("0.4")
    assert offering.price_as_of == timezone.localdate()


def test_a_price_changed_in_the_models_offerings_table_is_dated_and_other_rows_are_not(client_for):
    model = make_model("Priced")
    old = datetime.date(2025, 11, 27)
    changed = make_offering(model, make_provider("Groq"), input_price="0.5", price_as_of=old)
    untouched = make_offering(model, make_provider("Cerebras"), input_price="0.6", price_as_of=old)
    url = reverse("admin:catalog_languagemodel_change", args=[model.pk])
    data = admin_form_data(client_for.get(url))
    row = next(k.split("-")[1] for k, v in data.items() if k.endswith("-id") and v == str(changed.pk))
    data[f"offerings-{row}-input_price"] = "0.45"

    assert client_for.post(url, data).status_code == 302

    changed.refresh_from_db()
    untouched.refresh_from_db()
    assert (changed.input_price, changed.price_as_of) == (Decimal("0.45"), timezone.localdate())
    assert untouched.price_as_of == old
