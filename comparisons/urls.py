from django.urls import path, re_path

from . import directory, finding, sitemaps, views

app_name = "comparisons"

urlpatterns = [
    path("", views.home, name="home"),
    path("compare/", finding.compare, name="compare"),
    # Any case: the view answers 301 to the lower-case, alphabetical canonical form.
    re_path(r"^compare/(?P<pair>[^/]+)/$", views.compare_pair, name="compare_pair"),
    path("models/", directory.model_list, name="model_list"),
    path("models/suggest/", finding.suggest_models, name="suggest_models"),
    re_path(r"^models/(?P<slug>[^/]+)/$", views.model_detail, name="model_detail"),
    re_path(r"^models/(?P<slug>[^/]+)/comparisons/$", views.model_comparisons, name="model_comparisons"),
    re_path(r"^vendors/(?P<slug>[^/]+)/$", directory.vendor_detail, name="vendor_detail"),
    re_path(r"^providers/(?P<slug>[^/]+)/$", directory.provider_detail, name="provider_detail"),
    path("methodology/", views.methodology, name="methodology"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
]
