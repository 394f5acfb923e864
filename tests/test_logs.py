"""Log lines carry the request id, and never a password or a session key."""

import io
import logging

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from config.middleware import RequestIdFilter


@pytest.fixture
def log_output():
    """The project's own log format and filter, on a handler the test can read."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s [%(request_id)s] %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


@pytest.mark.django_db
def test_sign_in_logs_neither_password_nor_session_key(client, log_output, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": (2, 900)}
    User.objects.create_superuser("admin", "a@example.com", "correct-horse-battery-staple-9")
    url = reverse("admin:login")
    for _ in range(3):  # two failures, then the lockout answers 429 (logged as a warning)
        wrong = {"username": "admin", "password": "wrong-secret-password-7"}
        client.post(url, wrong, HTTP_X_REQUEST_ID="req-12345678")
    client.get("/no/such/page/", HTTP_X_REQUEST_ID="req-87654321")
    logs = log_output.getvalue()
    assert "wrong-secret-password-7" not in logs and "correct-horse-battery-staple-9" not in logs
    assert "[req-12345678] django.request Too Many Requests: /admin/login/" in logs
    assert "[req-87654321] django.request Not Found: /no/such/page/" in logs
    # Every line written during a request carries that request's id.
    request_lines = [
        line for line in logs.splitlines() if "/admin/login/" in line or "/no/such/page/" in line
    ]
    assert request_lines and all("[req-" in line for line in request_lines)
    session_key = client.session.session_key
    assert not session_key or session_key not in logs
