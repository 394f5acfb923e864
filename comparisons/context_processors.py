from django.conf import settings


def site(request):
    """The configured public address: canonical links never come from the request's Host header."""
    return {"SITE_URL": settings.SITE_URL}
