import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from .content import blend_label, blend_shares


@functools.cache
def site_links() -> dict[str, str]:
    # Every page's header and footer link to these: resolved once per process, not on every render
    # (reverse() and the static-files manifest cost more than the rest of rendering a link).
    return {
        "home": reverse("comparisons:home"),
        "models": reverse("comparisons:model_list"),
        "methodology": reverse("comparisons:methodology"),
        "best": reverse("comparisons:best"),
        "compare": reverse("comparisons:compare"),
        "suggest": reverse("comparisons:suggest_models"),
        "css": static("css/site.css"),
        "js": static("js/site.js"),
        "favicon": static("favicon.svg"),
        # The htmx that django-htmx vendors, without the debug error handler {% htmx_script %} adds under
        # DEBUG: that handler replaces the whole page with any 400, and our 400s are messages swapped in
        # place (the responseHandling in base.html), under `make run` as in production. No CSP nonce:
        # pages are cached.
        "htmx_script": format_html('<script src="{}" defer></script>', static("django_htmx/htmx-2.min.js")),
    }


@functools.cache
def blend() -> dict[str, object]:
    """How templates name the blended price ("Blended 70/30", "70% input + 30% output"): from the one
    constant behind every blended price (catalog.models.DEFAULT_OUTPUT_SHARE), never typed in a template."""
    input_share, output_share = blend_shares()
    return {
        "ratio": blend_label(short=True),
        "label": blend_label(),
        "input": input_share,
        "output": output_share,
    }


def site(request):
    """The configured public address (canonical links never come from the request's Host header), the
    links every page has and the blend every blended price is."""
    return {"SITE_URL": settings.SITE_URL, "LINKS": site_links(), "BLEND": blend()}
