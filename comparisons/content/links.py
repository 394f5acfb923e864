"""URLs of the pages a comparison links to most, from patterns resolved once per process.

reverse() costs more than the rest of rendering a link (about 15 microseconds); a never-seen pair page
makes several, so the hot links are built from the reversed pattern instead (same URL, tested).
"""

import functools

from django.urls import reverse

_MARKER = "slug-marker"


@functools.cache
def _around(name: str) -> tuple[str, str]:
    before, after = reverse(name, args=[_MARKER]).split(_MARKER)
    return before, after


def _url(name: str, slug: str) -> str:
    before, after = _around(name)
    return f"{before}{slug}{after}"


def pair_url(pair_slug: str) -> str:
    return _url("comparisons:compare_pair", pair_slug)


def model_url(slug: str) -> str:
    return _url("comparisons:model_detail", slug)
