import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django_htmx.jinja import htmx_script


@functools.cache
def site_links() -> dict[str, str]:
    # Every page's header and footer link to these: resolved once per process, not on every render
    # (reverse() and the static-files manifest cost more than the rest of rendering a link).
    return {
        "home": reverse("comparisons:home"),
        "models": reverse("comparisons:model_list"),
        "methodology": reverse("comparisons:methodology"),
        "compare": reverse("comparisons:compare"),
        "suggest": reverse("comparisons:suggest_models"),
        "css": static("css/site.css"),
        "js": static("js/site.js"),
        "favicon": static("favicon.svg"),
        # django-htmx's {% htmx_script %}, which differs only by CSP nonce: pages carry none (they are cached).
        "htmx_script": htmx_script(version=2, minified=True, extensions="", nonce=None),
    }


def site(request):
    """The configured public address (canonical links never come from the request's Host header) and
    the links every page has."""
    return {"SITE_URL": settings.SITE_URL, "LINKS": site_links()}
