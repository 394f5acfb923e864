"""Who makes a model: its vendor from the words of its name and id (families.py's tables), the lab's prefix
in the id, the "Vendor: Name" a source writes, or a provider that is the lab itself.

Apart from families.py because it reads names with names.py, which itself uses the family list."""

import re

from ..slugs import make_slug
from .families import (
    LAB_PROVIDERS,
    UNATTRIBUTED,
    VENDOR_BY_PHRASE,
    VENDOR_WORDS,
    family_vendor,
    org_vendor,
)
from .names import model_part, model_words


def guess_vendor(model_id: str, name: str, provider_key: str = "") -> tuple[str, str]:
    """(slug, name) of the vendor that makes a model; UNATTRIBUTED when nothing says."""
    for text in (name, model_id):
        words = model_words(text)
        for word in words:
            if word in VENDOR_WORDS:
                return VENDOR_WORDS[word]
        if words and (found := family_vendor(words[0])):
            return found
        joined = "-".join(words)
        for phrase, slug, vendor_name in VENDOR_BY_PHRASE:
            if joined.startswith(phrase) and (len(phrase) > 3 or joined[len(phrase):][:1] in ("", "-")):
                return slug, vendor_name
    for part in model_id.split("/")[:-1]:
        if found := org_vendor(part):
            return found
    for text in (model_id, name):  # "cohere.embed-v4", "twelvelabs-marengo": the lab first
        first = re.split(r"[-.\s]", model_part(text), maxsplit=1)[0]
        if found := org_vendor(first):
            return found
    if ": " in name:  # "Arcee AI: Coder Large": the source names the maker
        maker = name.split(": ", 1)[0].strip()
        found = org_vendor(maker)
        if found:
            return found
        if make_slug(maker) and len(maker) <= 60:
            return make_slug(maker), maker
    lab = LAB_PROVIDERS.get(provider_key.removesuffix(":free"))
    if lab and (found := org_vendor(lab)):
        return found
    return UNATTRIBUTED
