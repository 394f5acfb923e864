from django.urls import path, re_path

from . import api, best, changes, directory, finding, sitemaps, views

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
    # The cheapest models for a workload (issue 18): comparisons/best.py.
    path("best/", best.best, name="best"),
    re_path(r"^best/(?P<slug>[^/]+)/$", best.best, name="best_preset"),
    # Dated changes and their Atom feeds (issue 17): comparisons/changes.py.
    path("changes/", changes.changes, name="changes"),
    path("changes/feed/", changes.changes_feed, name="changes_feed"),
    re_path(r"^models/(?P<slug>[^/]+)/changes/feed/$", changes.model_changes_feed, name="model_changes_feed"),
    re_path(r"^providers/(?P<slug>[^/]+)/changes/feed/$", changes.provider_changes_feed,
            name="provider_changes_feed"),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    # The open data (issue 17): comparisons/api.py.
    path("api/", api.api_docs, name="api_docs"),
    path("api/v1/models", api.models, name="api_models"),
    re_path(
        r"^api/v1/models/(?P<vendor>[^/]+)/(?P<slug>[^/]+)/endpoints$", api.endpoints, name="api_endpoints"
    ),
    path("api/v1/api.json", api.modelsdev, name="api_modelsdev"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    path("api/v1/changes", api.changes, name="api_changes"),
    re_path(r"^api/v1/(?P<rest>.*)$", api.unknown, name="api_unknown"),
    path("data/", api.data_page, name="data"),
]
