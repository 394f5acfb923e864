import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse


@functools.cache
def _site_links() -> dict[str, str]:
    # Every page's header and footer link to these: resolved once per process, not on every render
    # (reverse() and the static-files manifest cost more than the rest of rendering a link).
    return {
        "home": reverse("comparisons:home"),
        "models": reverse("comparisons:model_list"),
        "methodology": reverse("comparisons:methodology"),
        "css": static("css/site.css"),
        "favicon": static("favicon.svg"),
    }


def site(request):
    """The configured public address (canonical links never come from the request's Host header) and
    the links every page has."""
    return {"SITE_URL": settings.SITE_URL, "LINKS": _site_links()}
