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


def test_template_check_finds_a_comment_that_spans_lines(tmp_path, settings):
    from comparisons.checks import no_multiline_comments

    (tmp_path / "fine.html").write_text("{# one line #}\n{% comment %}\nmany\nlines\n{% endcomment %}\n")
    (tmp_path / "page.html").write_text("<p>\n{# starts here\n   ends here #}\n</p>\n")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    errors = no_multiline_comments()
    assert [(e.id, e.msg.split(":")[:2]) for e in errors] == [("versus.E001", ["page.html", "2"])]


def test_project_templates_have_no_comment_spanning_lines():
    from comparisons.checks import no_multiline_comments

    assert no_multiline_comments() == []
