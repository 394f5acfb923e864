"""Every admin URL for anonymous visitors, editors and administrators, with the expected answer."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
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
    VendorAlias,
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
        "vendoralias": VendorAlias.objects.create(key="Meta AI", vendor=vendor),
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
    assert checked >= 14 * 5 * 3


def test_editor_sees_no_users_groups_or_permissions_on_the_index(admin_user):
    editor = clients(admin_user)["editor"]
    html = editor.get(reverse("admin:index")).content.decode()
    assert "Catalog" in html
    assert "/admin/auth/user/" not in html and "/admin/auth/group/" not in html


# The review queue's and the merges' actions: (the list they are on, the action).
QUEUE_ACTIONS = [
    ("languagemodel", "publish_models"), ("languagemodel", "reject_models"),
    ("languagemodel", "rename_models"),
    ("languagemodel", "merge_selected_models"), ("vendor", "merge_selected_vendors"),
    ("provider", "merge_selected_providers"),
]


def staff_clients(admin_user) -> dict[str, Client]:
    """The roles of the permission matrix: nobody signed in, staff with no catalog permission, staff who may
    only view the catalog, an editor (the Editors group), an administrator."""
    by_role = clients(admin_user)
    bare = User.objects.create_user("stan", password="x" * 12, is_staff=True)
    viewer = User.objects.create_user("vera", password="x" * 12, is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="catalog", codename__startswith="view_"
    ))
    for role, user in (("staff", bare), ("viewer", viewer)):
        by_role[role] = Client()
        by_role[role].force_login(user)
    return by_role


def test_who_may_publish_reject_rename_and_merge(objects, admin_user):
    """editors.ACTION_PERMISSIONS as the lists show it: an editor and an administrator are offered every
    action; a viewer sees the lists but none of these actions; staff without catalog permissions and
    anonymous visitors never see the lists."""
    allowed = {"anonymous": "login", "staff": 403, "viewer": False, "editor": True, "admin": True}
    for role, client in staff_clients(admin_user).items():
        for name, action in QUEUE_ACTIONS:
            response = client.get(reverse(f"admin:catalog_{name}_changelist"))
            want = allowed[role]
            if want == "login":
                assert response.status_code == 302 and "/admin/login/" in response["Location"]
            elif want == 403:
                assert response.status_code == 403, (role, action)
            else:
                offered = f'value="{action}"' in response.content.decode()
                assert offered is want, (role, action)


def test_a_viewer_cannot_publish_by_posting_the_action(objects, admin_user):
    model = objects["languagemodel"]
    model.published, model.queue_reasons = False, ["vendor unknown"]
    model.save()
    viewer = staff_clients(admin_user)["viewer"]
    viewer.post(reverse("admin:catalog_languagemodel_changelist"), {
        "action": "publish_models", "_selected_action": [str(model.pk)], "index": "0",
    })
    model.refresh_from_db()
    assert not model.published and model.queue_reasons == ["vendor unknown"]


def test_the_matrix_in_editors_py(admin_user):
    from catalog.editors import ACTION_PERMISSIONS, may

    editor = User.objects.create_user("eve", password="x" * 12, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    outsider = User.objects.create_user("otto", password="x" * 12, is_staff=False)
    outsider.groups.add(Group.objects.get(name="Editors"))  # in the group but not staff: no admin at all
    for action in ACTION_PERMISSIONS:
        assert may(editor, action) and may(admin_user, action), action
        assert not may(outsider, action), action
