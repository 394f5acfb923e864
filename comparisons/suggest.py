"""Find models by what a visitor typed: a slug, a name, a prefix or a near miss."""

import difflib
from dataclasses import dataclass

from catalog.slugs import make_slug


@dataclass(frozen=True)
class Choice:
    name: str
    slug: str


def _squash(text: str) -> str:
    """"GPT-4o", "gpt4o" and "gpt 4o" all become "gpt4o"."""
    return make_slug(text).replace("-", "")


def resolve(query: str, choices: list[Choice]) -> Choice | None:
    """The one model a query names without doubt: its slug, its name, or the only name it starts."""
    query = query.strip()
    if not query:
        return None
    slug, squashed = make_slug(query), _squash(query)
    for choice in choices:
        if choice.slug == slug or _squash(choice.name) == squashed:
            return choice
    starting = [c for c in choices if _squash(c.name).startswith(squashed)]
    return starting[0] if len(starting) == 1 else None


def closest(query: str, choices: list[Choice], limit: int = 5) -> list[Choice]:
    """Near misses for a 404 or a form error, best first: prefix matches, then similar spellings."""
    squashed = _squash(query)
    if not squashed:
        return []
    by_key = {}
    for choice in choices:
        by_key.setdefault(_squash(choice.name), choice)
        by_key.setdefault(choice.slug.replace("-", ""), choice)
    found = [c for key, c in by_key.items() if key.startswith(squashed) or squashed.startswith(key)]
    for key in difflib.get_close_matches(squashed, list(by_key), n=limit * 2, cutoff=0.5):
        found.append(by_key[key])
    unique = list(dict.fromkeys(found))
    return unique[:limit]
