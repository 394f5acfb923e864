from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_system_checks_are_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_catalog_never_imports_comparisons():
    """The house's one rule of shape: comparisons reads catalog, never the other way round."""
    import pathlib

    catalog = pathlib.Path(__file__).resolve().parents[1] / "catalog"
    offenders = [
        str(path) for path in catalog.rglob("*.py")
        if "comparisons" in "\n".join(line for line in path.read_text().splitlines() if "import" in line)
    ]
    assert offenders == []
