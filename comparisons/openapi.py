"""The OpenAPI 3.1 description of /api/v1/ (served at /api/v1/openapi.json).

Its schemas are JSON Schema 2020-12, as OpenAPI 3.1 uses it: tests/comparisons/test_openapi.py validates
real responses against them, so the description cannot drift from what the API answers. Objects are open
(additional properties allowed) as OpenRouter's and models.dev's are; the keys we promise are required.
The data's licence lives here too: the description states it, and every response names it.
"""

# Licences --------------------------------------------------------------------------------------------

DATA_LICENSE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
SOURCE_LICENSES = (
    {"name": "LiteLLM model prices", "url": "https://github.com/BerriAI/litellm", "license": "MIT"},
    {"name": "models.dev", "url": "https://models.dev/", "license": "MIT"},
)


def license_header() -> str:
    """One Link header value naming the data's licence (RFC 8288 "license" relation, RFC 4946)."""
    return f'<{DATA_LICENSE["url"]}>; rel="license"'


def about() -> dict:
    """The licences as they appear in a response body that has room for them."""
    return {"license": DATA_LICENSE, "sources": list(SOURCE_LICENSES)}


# Schemas ----------------------------------------------------------------------------------------------

NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
NULLABLE_INT = {"type": ["integer", "null"], "minimum": 1}
NULLABLE_BOOL = {"type": ["boolean", "null"]}
# A USD amount as a decimal string, never in exponent form ("0.00000125").
DECIMAL_STRING = {"type": ["string", "null"], "pattern": r"^\d+(\.\d+)?$"}
NULLABLE_NUMBER = {"type": ["number", "null"], "minimum": 0}
PRICE_KEYS = ("prompt", "completion", "input_cache_read", "input_cache_write", "input_cache_write_1h",
              "internal_reasoning", "request")
STRINGS = {"type": "array", "items": {"type": "string"}}


def _object(properties: dict, required: list | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema_name: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref(schema_name)}}}


DISAGREEMENT = _object({
    "field": {"type": "string"},
    "values": {"type": "array", "items": _object({
        "source": {"type": "string"}, "entry": {"type": "string"}, "value": {"type": "string"},
    })},
})

SCHEMAS = {
    "Pricing": _object({key: DECIMAL_STRING for key in PRICE_KEYS}),
    "Architecture": _object({
        "modality": NULLABLE_STRING,
        "input_modalities": {"type": ["array", "null"], "items": {"type": "string"}},
        "output_modalities": {"type": ["array", "null"], "items": {"type": "string"}},
        "tokenizer": NULLABLE_STRING, "instruct_type": NULLABLE_STRING,
    }),
    "Disagreement": DISAGREEMENT,
    "ModelVersus": _object({
        "slug": {"type": "string"}, "url": {"type": "string", "format": "uri"}, "vendor": NULLABLE_STRING,
        "purpose": {"type": "string"}, "source_url": NULLABLE_STRING, "last_reviewed": NULLABLE_DATE,
        "price_from": {"oneOf": [{"type": "null"}, _object({
            "provider": {"type": "string"}, "provider_slug": {"type": "string"}, "region": NULLABLE_STRING,
            "price_as_of": NULLABLE_DATE,
        })]},
        "release_date": NULLABLE_DATE, "knowledge_cutoff": NULLABLE_DATE, "open_weights": NULLABLE_BOOL,
        "successor": NULLABLE_STRING, "disagreements": {"type": "array", "items": _ref("Disagreement")},
    }),
    "Model": _object({
        "id": {"type": "string", "pattern": r"^[a-z0-9-]+/[a-z0-9-]+$"}, "canonical_slug": {"type": "string"},
        "name": {"type": "string"}, "created": {"type": "integer"}, "description": {"type": "string"},
        "context_length": NULLABLE_INT, "architecture": _ref("Architecture"), "pricing": _ref("Pricing"),
        "top_provider": _object({"context_length": NULLABLE_INT, "max_completion_tokens": NULLABLE_INT,
                                 "is_moderated": NULLABLE_BOOL}),
        "per_request_limits": {"type": "null"}, "versus": _ref("ModelVersus"),
    }),
    "Licences": _object({
        "license": _object({"name": {"type": "string"}, "url": {"type": "string", "format": "uri"}}),
        "sources": {"type": "array", "items": _object({
            "name": {"type": "string"}, "url": {"type": "string"}, "license": {"type": "string"},
        })},
    }),
    "ModelList": _object({"data": {"type": "array", "items": _ref("Model")}, "versus": _ref("Licences")}),
    "Endpoint": _object({
        "name": {"type": "string"}, "model_name": {"type": "string"}, "provider_name": {"type": "string"},
        "tag": {"type": "string"}, "region": NULLABLE_STRING, "status": {"enum": ["live", "retired"]},
        "context_length": NULLABLE_INT, "max_completion_tokens": NULLABLE_INT, "pricing": _ref("Pricing"),
        "versus": _object({
            "provider_slug": {"type": "string"},
            "provider_kind": {"enum": ["pay_as_you_go", "free_tier", "subscription", "local", "router"]},
            "eligible": {"type": "boolean"}, "free_confirmed": {"type": "boolean"},
            "source_url": NULLABLE_STRING, "last_reviewed": NULLABLE_DATE, "price_as_of": NULLABLE_DATE,
            "retires_on": NULLABLE_DATE, "retirement_source": NULLABLE_STRING,
            "batch_input_per_million": DECIMAL_STRING, "batch_output_per_million": DECIMAL_STRING,
            "tiers": {"type": "array", "items": _object({
                "above_prompt_tokens": {"type": "integer"}, "input_per_million": DECIMAL_STRING,
                "output_per_million": DECIMAL_STRING, "cached_input_per_million": DECIMAL_STRING,
            })},
            "disagreements": {"type": "array", "items": _ref("Disagreement")},
            "price_history": {"type": "array", "items": _object({
                "price": {"type": "string"}, "old_per_million": DECIMAL_STRING,
                "new_per_million": DECIMAL_STRING, "effective_on": {"type": "string", "format": "date"},
                "source": {"type": "string"},
            })},
        }),
    }),
    "ModelEndpoints": _object({
        "data": _object({
            "id": {"type": "string"}, "name": {"type": "string"}, "created": {"type": "integer"},
            "description": {"type": "string"}, "architecture": _ref("Architecture"),
            "endpoints": {"type": "array", "items": _ref("Endpoint")}, "versus": _ref("ModelVersus"),
        }),
        "versus": _ref("Licences"),
    }),
    "ModelsDevModel": _object({
        "id": {"type": "string"}, "name": {"type": "string"}, "attachment": NULLABLE_BOOL,
        "reasoning": NULLABLE_BOOL, "tool_call": NULLABLE_BOOL, "structured_output": NULLABLE_BOOL,
        "temperature": NULLABLE_BOOL, "knowledge": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}$"},
        "release_date": NULLABLE_DATE, "last_updated": NULLABLE_DATE,
        "modalities": _object({"input": {"type": ["array", "null"], "items": {"type": "string"}},
                               "output": {"type": ["array", "null"], "items": {"type": "string"}}}),
        "open_weights": NULLABLE_BOOL,
        "cost": {"oneOf": [{"type": "null"}, {
            "type": "object",
            "properties": {
                **{key: {"type": "number", "minimum": 0}
                   for key in ("input", "output", "cache_read", "cache_write", "reasoning")},
                "tiers": {"type": "array", "items": {
                    "type": "object", "required": ["tier"],
                    "properties": {
                        "tier": _object({"type": {"const": "context"}, "size": {"type": "integer"}}),
                    },
                }},
            },
        }]},
        "limit": _object({"context": NULLABLE_INT, "output": NULLABLE_INT}),
        "versus": {"type": "object", "required": ["model", "provider_kind", "status"]},
    }),
    "ModelsDevProvider": _object({
        "id": {"type": "string"}, "name": {"type": "string"}, "env": STRINGS, "npm": NULLABLE_STRING,
        "doc": NULLABLE_STRING,
        "models": {"type": "object", "additionalProperties": _ref("ModelsDevModel")},
    }),
    "ModelsDev": {"type": "object", "additionalProperties": _ref("ModelsDevProvider")},
    "Change": _object({
        "id": {"type": "integer"}, "kind": {"enum": ["price", "new", "retired"]},
        "model": {"type": "string"}, "model_name": {"type": "string"},
        "provider_name": NULLABLE_STRING, "provider_slug": NULLABLE_STRING, "region": NULLABLE_STRING,
        "price": NULLABLE_STRING, "price_label": NULLABLE_STRING,
        "old": DECIMAL_STRING, "new": DECIMAL_STRING,
        "old_per_million": DECIMAL_STRING, "new_per_million": DECIMAL_STRING,
        "change_percent": {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d+)?$"},
        "direction": {"enum": ["up", "down", None]}, "effective_on": {"type": "string", "format": "date"},
        "source": {"type": "string"}, "source_url": NULLABLE_STRING, "changed_by": NULLABLE_STRING,
    }),
    "ChangeList": _object({
        "data": {"type": "array", "items": _ref("Change")}, "page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer"}, "next": NULLABLE_STRING, "versus": _ref("Licences"),
    }),
    "Error": _object({"error": _object({"code": {"type": "integer"}, "message": {"type": "string"}},
                                       ["code", "message"])}),
}

ERRORS = {
    "404": _json("Error", "Nothing at this path: the body suggests the closest models."),
    "429": _json("Error", "Too many requests from this client: see Retry-After."),
}


def description(server: str) -> dict:
    """The whole description, with `server` (the site's origin) as its one server."""
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Versus open data API",
            "version": "1",
            "description": "Read-only prices, limits and provenance of the published catalog. Prices in "
                           "OpenRouter's shape are USD per token as decimal strings; in models.dev's shape "
                           "USD per 1M tokens. Null means not yet sourced. Versus's own facts are under "
                           "`versus`.",
            "license": DATA_LICENSE,
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/models": {"get": {
                "operationId": "listModels", "summary": "Every published model (OpenRouter's shape)",
                "responses": {"200": _json("ModelList", "The models"), "429": ERRORS["429"]},
            }},
            "/api/v1/models/{vendor}/{slug}/endpoints": {"get": {
                "operationId": "listEndpoints", "summary": "One model's offerings (OpenRouter's shape)",
                "parameters": [
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                    for name in ("vendor", "slug")
                ],
                "responses": {"200": _json("ModelEndpoints", "The model and its endpoints"), **ERRORS},
            }},
            "/api/v1/changes": {"get": {
                "operationId": "listChanges",
                "summary": "Price changes, new models and retirements, newest first (as /changes/)",
                "parameters": [
                    {"name": "vendor", "in": "query", "schema": {"type": "string"}},
                    {"name": "provider", "in": "query", "schema": {"type": "string"}},
                    {"name": "direction", "in": "query", "schema": {"enum": ["up", "down"]}},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                ],
                "responses": {
                    "200": _json("ChangeList", "One page of changes"),
                    "400": _json("Error", "A filter or page that names nothing"), "429": ERRORS["429"],
                },
            }},
            "/api/v1/api.json": {"get": {
                "operationId": "modelsDev", "summary": "The catalog in models.dev's api.json shape",
                "responses": {"200": _json("ModelsDev", "Providers and their models"), "429": ERRORS["429"]},
            }},
        },
        "components": {"schemas": SCHEMAS},
    }
