"""Slugs that keep version numbers readable and can never make a pair URL ambiguous.

A pair URL is `/compare/<a>-vs-<b>/`. As long as no slug has `vs` as one of its hyphen-separated
words, splitting on `-vs-` gives exactly one answer.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_SLUG_RE = re.compile(rf"^{SLUG_PATTERN}$")
PAIR_SEPARATOR = "-vs-"
RESERVED_WORD = "vs"


def make_slug(name: str) -> str:
    """Turn a display name into a slug: "Llama 3.2 1B Instruct" -> "llama-3-2-1b-instruct".

    Unlike django's slugify, every run of non-alphanumerics (dots included) becomes one hyphen, so
    "3.2" and "32" stay different; a standalone "vs" becomes "versus".
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = re.split(r"[^a-z0-9]+", ascii_name.lower())
    return "-".join("versus" if word == RESERVED_WORD else word for word in words if word)


def is_slug(value: str) -> bool:
    """Could this be a slug at all? Checked before a URL's text reaches the database."""
    return bool(_SLUG_RE.match(value))


def validate_slug(value: str) -> None:
    if not _SLUG_RE.match(value or ""):
        raise ValidationError(
            _("Use lower-case letters, digits and single hyphens only (for example llama-3-2-1b-instruct)."),
            code="invalid_slug",
        )
    if RESERVED_WORD in value.split("-"):
        raise ValidationError(
            _("A slug cannot contain the word “vs”: it separates the models in comparison URLs."),
            code="reserved_word",
        )
