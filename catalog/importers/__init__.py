"""Importers: public data sets (LiteLLM's price list, models.dev) into catalog rows.

`entries` reads and validates a source into plain `Entry` records; `litellm` and `modelsdev` know each
source's shape; `apply` writes entries to the catalog, idempotently, in one transaction, with the
documented precedence between sources and editors.
"""
