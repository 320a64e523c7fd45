"""drf-spectacular post-processing: every operation documents its client errors in the one
error shape, so a client (and the schemathesis run) knows what any 4xx body looks like."""

ERROR_REF = {"$ref": "#/components/schemas/ErrorOutput"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable, machine-readable error code."},
        "message": {"type": "string", "description": "For people, in the requested language."},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "Messages per input field; empty when no single field is at fault.",
        },
    },
    "required": ["code", "message", "fields"],
}


def document_client_errors(result: dict, generator, request, public) -> dict:
    """Adds a `4XX` response with the error schema to every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("ErrorOutput", ERROR_SCHEMA)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "4XX",
                {
                    "description": "Client error (see docs/api.md for the codes).",
                    "content": {"application/json": {"schema": ERROR_REF}},
                },
            )
    return result
