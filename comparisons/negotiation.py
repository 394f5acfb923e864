"""What a client accepts, read as HTTP defines it (no Django models here: middleware imports it early)."""

from django.http import HttpRequest


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether the client takes gzip: named, or covered by `*`, with a q-value above 0 (RFC 9110 12.5.3).
    `gzip;q=0` refuses it, which a plain search for "gzip" (as Django's GZipMiddleware does) misses."""
    star = False
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        coding, *params = (part.strip().lower() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding in ("gzip", "x-gzip"):
            return q > 0
        if coding == "*":
            star = q > 0
    return star
