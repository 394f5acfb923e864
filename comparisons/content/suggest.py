"""Find models by what a visitor typed: a slug, a name, a prefix, a few words, or a near miss."""

import difflib
from dataclasses import dataclass

from catalog.slugs import make_slug


@dataclass(frozen=True)
class Choice:
    name: str
    slug: str
    vendor: str = ""
    purpose: str = ""

    @property
    def key(self) -> str:
        return squash(self.name)


def squash(text: str) -> str:
    """"GPT-4o", "gpt4o" and "gpt 4o" all become "gpt4o"."""
    return make_slug(text).replace("-", "")


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def resolve(query: str, choices: list[Choice]) -> Choice | None:
    """The one model a query names without doubt: its slug, its name, or the only name it starts."""
    query = query.strip()
    if not query:
        return None
    slug, squashed = make_slug(query), squash(query)
    for choice in choices:
        if choice.slug == slug or choice.key == squashed:
            return choice
    starting = [c for c in choices if c.key.startswith(squashed)]
    return starting[0] if len(starting) == 1 else None


def search(query: str, choices: list[Choice], limit: int = 8) -> list[Choice]:
    """Suggestions for a type-ahead, best first: exact, prefix, every word found, then near spellings.

    "llama 3.2 1b" finds Llama 3.2 1B Instruct (every word is in the name, in any order); "gpt4o" finds
    GPT-4o and GPT-4o mini; "lamma guard" finds Llama Guard by similar spelling.
    """
    q = squash(query)
    if not q:
        return []
    words = [w for w in make_slug(query).split("-") if w]
    q_grams = _trigrams(q)
    scored = []
    for choice in choices:
        key = choice.key
        if key == q:
            score = 100.0
        elif key.startswith(q):
            score = 80.0
        elif all(w in key for w in words):
            score = 60.0 + (10.0 if key.startswith(words[0]) else 0.0)
        else:
            grams = _trigrams(key)
            similarity = len(q_grams & grams) / len(q_grams | grams)
            if similarity < 0.3:
                continue
            score = 50.0 * similarity
        scored.append((-score, len(choice.name), choice.name.lower(), choice))
    scored.sort(key=lambda t: t[:3])
    return [t[3] for t in scored[:limit]]


def closest(query: str, choices: list[Choice], limit: int = 5) -> list[Choice]:
    """Near misses for a 404 or a form error, best first."""
    found = search(query, choices, limit)
    if found:
        return found
    by_key = {c.key: c for c in choices}
    return [by_key[k] for k in difflib.get_close_matches(squash(query), list(by_key), n=limit, cutoff=0.5)]
