"""Deployment settings, headers, error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x7#Lq2!vR9@pZ4$wN8^kT1&mB6*yF3(hJ5)cD0_gS-eU+aQ=iO[oP]lK{nM}",
    "DJANGO_DEBUG": "false",
    "DJANGO_ALLOWED_HOSTS": "versus.example",
    "SITE_URL": "https://versus.example",
    "DJANGO_HTTPS": "true",
}


def test_deploy_checks_are_clean_with_production_settings():
    env = {**os.environ, **PRODUCTION}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_security_headers_on_public_pages(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    # Every script is a file from our origin: no inline script for the policy to block.
    html = response.content.decode()
    assert "<script>" not in html and "<script src=" in html


@pytest.mark.django_db
def test_a_host_outside_allowed_hosts_gets_400(client):
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


@pytest.mark.django_db
def test_500_page_shows_no_internals_and_the_traceback_is_logged(client, monkeypatch, caplog):
    import comparisons.views as views

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(views, "build_model_page", broken)
    from tests.factories import make_model

    model = make_model("Llama 3.2 1B Instruct")
    client.raise_request_exception = False
    response = client.get(model.get_absolute_url())
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "secret internal detail" not in body and "Traceback" not in body
    assert any(
        "secret internal detail" in (r.exc_text or "")
        or (r.exc_info and "secret internal detail" in str(r.exc_info[1]))
        for r in caplog.records
    )


@pytest.mark.django_db
def test_unknown_url_gets_the_custom_404(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/admin/autocomplete/?app_label=catalog&model_name=offering&field_name=model&term=a%00b",
    "/admin/catalog/languagemodel/?q=%00",
    "/models/?q=gpt%00",
    "/models/suggest/?q=%00",
    "/compare/?models=a%00,b",
])
def test_a_nul_character_is_a_400_never_a_500(client, django_user_model, url):
    """PostgreSQL refuses NUL in text: the admin's autocomplete passed the term to a query and answered
    500."""
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_character_in_a_posted_form_is_a_400(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    response = client.post("/admin/catalog/vendor/add/", {"name": "Meta\x00", "slug": "meta"})
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["release_date__year=99999999999", "release_date__year=abc",
                                   "release_date__year=2024&release_date__month=99999999999999999999"])
def test_a_date_filter_out_of_range_is_the_list_again_not_a_500(client, django_user_model, query):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    response = client.get(f"/admin/catalog/languagemodel/?{query}")
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "1e3", "0", "-1", "99999999999999999999"])
def test_admin_autocomplete_with_a_nonsense_page_is_an_empty_list(client, django_user_model, page):
    client.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    url = "/admin/autocomplete/?app_label=catalog&model_name=offering&field_name=provider&term=a&page="
    response = client.get(url + page)
    assert response.status_code == 200
    assert response.json() == {"results": [], "pagination": {"more": False}}
    # Signed out it is still the admin's: a redirect to sign in.
    client.logout()
    assert client.get(url + page).status_code == 302
