"""Every admin URL for anonymous visitors, editors and administrators, with the expected answer."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from catalog.models import (
    FormerSlug,
    ModelAlias,
    PairNote,
    PairQuestion,
    ProviderAlias,
    Source,
    SourceFact,
)
from tests.factories import make_benchmark, make_model, make_offering, make_provider, make_score, make_vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(admin_user):
    vendor, provider = make_vendor("Meta"), make_provider("Fireworks AI")
    model, other = make_model("Llama", vendor=vendor), make_model("Guard", vendor=vendor)
    offering = make_offering(model, provider, input_price=Decimal("0.1"))
    benchmark = make_benchmark("MMLU")
    first, second = sorted([model, other], key=lambda m: m.pk)
    note = PairNote.objects.create(model_a=first, model_b=second)
    return {
        "vendor": vendor, "provider": provider, "languagemodel": model, "offering": offering,
        "benchmark": benchmark,
        "benchmarkscore": make_score(model, benchmark), "pairnote": note,
        "pairquestion": PairQuestion.objects.create(note=note, question="Q?", answer="A."),
        "formerslug": FormerSlug.objects.create(model=model, slug="old-llama"),
        "provideralias": ProviderAlias.objects.create(
            source=Source.LITELLM, key="fireworks_ai", provider=provider
        ),
        "modelalias": ModelAlias.objects.create(key="llama", model=model),
        "sourcefact": SourceFact.objects.create(
            subject=f"model:{model.pk}", model=model, field="context_window", source=Source.LITELLM,
            origin="x", value="1",
        ),
        "user": admin_user, "group": Group.objects.get(name="Editors"),
    }


def clients(admin_user):
    editor = User.objects.create_user("edith", password="x" * 12, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    result = {"anonymous": Client(), "editor": Client(), "admin": Client()}
    result["editor"].force_login(editor)
    result["admin"].force_login(admin_user)
    return result


def expected(role: str, app: str, view: str, model_admin) -> int | str:
    if role == "anonymous":
        return "login"
    editable = app == "catalog"
    if role == "editor" and not editable:
        return 403
    if view == "add" and model_admin.model is SourceFact:
        return 403  # what sources said is recorded by imports, never typed in
    return 200


def test_permission_matrix_over_every_admin_url(objects, admin_user):
    by_role = clients(admin_user)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        app, name = model._meta.app_label, model._meta.model_name
        obj = objects.get(name)
        assert obj is not None, f"no object for {app}.{name}: add it to the fixture"
        urls = {
            "changelist": reverse(f"admin:{app}_{name}_changelist"),
            "add": reverse(f"admin:{app}_{name}_add"),
            "change": reverse(f"admin:{app}_{name}_change", args=[obj.pk]),
            "delete": reverse(f"admin:{app}_{name}_delete", args=[obj.pk]),
            "history": reverse(f"admin:{app}_{name}_history", args=[obj.pk]),
        }
        for role, client in by_role.items():
            for view, url in urls.items():
                response = client.get(url)
                want = expected(role, app, view, model_admin)
                if want == "login":
                    assert response.status_code == 302, (role, url)
                    assert "/admin/login/" in response["Location"], (role, url)
                else:
                    assert response.status_code == want, (role, url, response.status_code)
                checked += 1
    # Custom actions and the sign-in page.
    for role, client in by_role.items():
        response = client.post(reverse("admin:catalog_offering_changelist"), {
            "action": "mark_reviewed", "_selected_action": [str(objects["offering"].pk)], "index": "0",
        })
        assert response.status_code == {"anonymous": 302, "editor": 302, "admin": 302}[role]
        if role == "anonymous":
            assert "/admin/login/" in response["Location"]
    assert Client().get(reverse("admin:login")).status_code == 200
    assert checked >= 13 * 5 * 3


def test_editor_sees_no_users_groups_or_permissions_on_the_index(admin_user):
    editor = clients(admin_user)["editor"]
    html = editor.get(reverse("admin:index")).content.decode()
    assert "Catalog" in html
    assert "/admin/auth/user/" not in html and "/admin/auth/group/" not in html
