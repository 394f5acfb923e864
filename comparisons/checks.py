"""System checks for the project's own templates (run by `manage.py check`, so by `make check` and CI)."""

import re
from pathlib import Path

from django.conf import settings
from django.core import checks

# Django strips a `{# #}` comment only when it opens and closes on one line; one that spans lines is
# printed on the page as text. Longer notes belong in `{% comment %}`.
UNCLOSED_COMMENT = re.compile(r"\{#(?![^\n]*#\})")


def template_dirs() -> list[Path]:
    dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    return [d for d in dirs if d.is_dir()]


@checks.register(checks.Tags.templates)
def no_multiline_comments(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for directory in template_dirs():
        for path in sorted(
            p for p in directory.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".txt"}
        ):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if UNCLOSED_COMMENT.search(line):
                    errors.append(
                        checks.Error(
                            f"{path.relative_to(directory)}:{number}: a {{# #}} comment spans lines; "
                            "Django prints it on "
                            "the page.",
                            hint="Close it on the same line, or use {% comment %} ... {% endcomment %}.",
                            id="versus.E001",
                        )
                    )
    return errors
