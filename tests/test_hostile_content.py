"""Hostile text editors (or sources) might save: escaped everywhere it appears, or refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.admin_forms import admin_form_data
from tests.factories import make_model, make_offering, make_provider, make_vendor
from tests.html import json_ld

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile(settings):
    settings.SITE_URL = "https://versus.example"
    vendor = make_vendor(f"Evil {IMG} Labs", slug="evil-labs")
    provider = make_provider(f"Host {SCRIPT}", slug="evil-host")
    a = make_model(f"Model {SCRIPT}", vendor=vendor, slug="model-a", description=f"{IMG} " + "x" * 10_000)
    b = make_model(f"Model {IMG}", vendor=vendor, slug="model-b")
    for m in (a, b):
        make_offering(m, provider, input_price=Decimal("1"), output_price=Decimal("2"))
    return a, b


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/models/",
        "/models/model-a/",
        "/models/model-a/comparisons/",
        "/vendors/evil-labs/",
        "/providers/evil-host/",
        "/compare/model-a-vs-model-b/",
        "/compare/model-a-vs-model-b/?input_tokens=1000&output_tokens=1000",
        "/models/suggest/?q=model",
        "/sitemap-models.xml",
        "/sitemap-vendors.xml",
        "/sitemap-comparisons-1.xml",
    ],
)
def test_hostile_names_are_escaped_on_every_page(client, hostile, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html


def test_hostile_names_are_escaped_in_title_meta_and_json_ld(client, hostile):
    html = client.get("/compare/model-a-vs-model-b/").content.decode()
    head = html.split("</head>")[0]
    assert (
        "Model &lt;script&gt;alert(1)&lt;/script&gt; vs Model &quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        in head
    )
    assert 'content="Model &lt;script&gt;' in head or "og:title" in head
    blocks = json_ld(html)
    assert any(
        "Model <script>alert(1)</script>" in str(b) for b in blocks
    )  # the JSON holds the text itself...
    assert "\\u003Cscript\\u003E" in html  # ...escaped so it cannot close the <script> element


def test_hostile_text_in_the_admin_is_escaped(editor_client, hostile):
    a, _ = hostile
    for url in (
        reverse("admin:catalog_languagemodel_changelist"),
        reverse("admin:catalog_languagemodel_change", args=[a.pk]),
        reverse("admin:catalog_languagemodel_history", args=[a.pk]),
    ):
        html = editor_client.get(url).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "GPT\u202e4o", "Remove the invisible or direction-changing characters (U+202E)."),
        ("name", "GPT\u200b4o", "Remove the invisible or direction-changing characters (U+200B)."),
        (
            "description",
            "Fine text \u202d reversed",
            "Remove the direction-changing or control characters (U+202D).",
        ),
        ("source_url", "javascript:alert(1)", "Enter a valid URL."),
        ("name", "x" * 10_000, "Ensure this value has at most 150 characters"),
    ],
)
def test_the_admin_refuses_hidden_characters_and_script_urls(editor_client, hostile, field, value, message):
    a, _ = hostile
    url = reverse("admin:catalog_languagemodel_change", args=[a.pk])
    data = admin_form_data(editor_client.get(url)) | {field: value}
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_imports_drop_hidden_characters_from_names(tmp_path):
    import io
    import json

    from django.core.management import call_command

    from catalog.models import LanguageModel

    path = tmp_path / "api.json"
    path.write_text(json.dumps({"host": {"name": "Host\u202e", "models": {"m": {
        "name": "Tricky\u202e Model\u200b 1B", "cost": {"input": 1, "output": 2},
        "modalities": {"input": ["text"], "output": ["text"]},
    }}}}))
    call_command("import_catalog", "modelsdev", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert LanguageModel.objects.get().name == "Tricky Model 1B"
