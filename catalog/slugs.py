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


def pair_slug(*slugs: str) -> str:
    """The canonical comparison slug: model slugs in alphabetical order, joined by "-vs-"."""
    return PAIR_SEPARATOR.join(sorted(slugs))


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


# Characters that change how the text around them is displayed without being visible themselves:
# bidirectional overrides and isolates (a name could read backwards), zero-width spaces and joiners,
# and control characters.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def hidden_characters(text: str, *, allow_zero_width: bool = False) -> list[str]:
    import unicodedata

    found = []
    for ch in text:
        if ch in _BIDI or (ch in _ZERO_WIDTH and not allow_zero_width) or (
            unicodedata.category(ch) == "Cc" and ch not in "\n\r\t"
        ):
            found.append(f"U+{ord(ch):04X}")
    return found


def validate_visible_name(value: str) -> None:
    """Names are shown in titles, links and tables: no invisible or direction-changing characters."""
    found = hidden_characters(value)
    if found:
        raise ValidationError(
            _("Remove the invisible or direction-changing characters (%(chars)s)."),
            code="hidden_characters", params={"chars": ", ".join(dict.fromkeys(found))},
        )


def validate_visible_text(value: str) -> None:
    """Longer text may need zero-width joiners (emoji, some scripts) but never direction overrides."""
    found = hidden_characters(value, allow_zero_width=True)
    if found:
        raise ValidationError(
            _("Remove the direction-changing or control characters (%(chars)s)."),
            code="hidden_characters", params={"chars": ", ".join(dict.fromkeys(found))},
        )


def visible(text: str, *, allow_zero_width: bool = False) -> str:
    """The text without invisible or direction-changing characters (for data from outside sources)."""
    hidden = set(hidden_characters(text, allow_zero_width=allow_zero_width))
    return "".join(ch for ch in text if f"U+{ord(ch):04X}" not in hidden)
