"""Importers: public data sets (LiteLLM's price list, models.dev) into catalog rows.

`entries` reads and validates a source into plain `Entry` records; `litellm` and `modelsdev` know each
source's shape; `apply` writes entries to the catalog, idempotently, in batches (`batches`), with the
documented precedence between sources and editors; `providers` maps a source's provider ids to ours and
`report` is what an import tells its caller.
"""
