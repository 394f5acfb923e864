from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog"

    def ready(self):
        # An editor's save derives its dated price changes once it commits (post_create_historical_record):
        # catalog/price_changes.py connects its receiver when imported.
        from . import price_changes  # noqa: F401
