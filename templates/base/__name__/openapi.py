"""The OpenAPI 3.1 description of the API, built from the model it serves.

Row and prediction schemas come from the model's `input_schema` and
`output_schema`; the examples are its real example input and the warm-up
prediction on it, so the documentation cannot drift from what is served.
"""

from __future__ import annotations

from typing import Any

from . import __version__, errors
from .config import Settings
from .interface import LeoModel

_REF = "#/components/schemas/"
_REQUEST_ID_EXAMPLE = "9f1c2a4e0b7d4d0c8e5f3a2b1c0d9e8f"


def _json(schema_name: str, example: Any = None, examples: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"$ref": _REF + schema_name}}
    if example is not None:
        media["example"] = example
    if examples:
        media["examples"] = examples
    return {"application/json": media}


def _response(description: str, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {"X-Request-ID": {"$ref": "#/components/headers/RequestId"}},
        "content": content,
    }


def _error(*kinds: type[errors.ApiError]) -> dict[str, Any]:
    examples = {
        kind.code: {
            "summary": kind.description,
            "value": {"error": {"code": kind.code, "message": kind.description, "request_id": _REQUEST_ID_EXAMPLE}},
        }
        for kind in kinds
    }
    return _response(" ".join(kind.description for kind in kinds), _json("Error", examples=examples))


def _get(operation_id: str, summary: str, description: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "parameters": [
                {"$ref": "#/components/parameters/RequestId"},
                {"$ref": "#/components/parameters/RequestTimeout"},
            ],
            "responses": {**responses, "500": _error(errors.InternalError)},
        }
    }


def document(
    model: LeoModel, settings: Settings, version: str | None, example_input: Any, example_output: Any
) -> dict[str, Any]:
    """The examples are None while the model is not ready."""
    version = version or "sha256:0123456789ab"
    schemas = {
        "PredictRequest": {
            "type": "object",
            "required": ["inputs"],
            "additionalProperties": False,
            "properties": {
                "inputs": {
                    "type": "array",
                    "description": "A batch of input rows.",
                    "minItems": 1,
                    "maxItems": settings.max_batch_size,
                    "items": model.input_schema,
                }
            },
        },
        "PredictResponse": {
            "type": "object",
            "required": ["predictions", "model_version"],
            "properties": {
                "predictions": {
                    "type": "array",
                    "description": "One prediction per input row, in the same order.",
                    "items": model.output_schema,
                },
                "model_version": {"type": "string", "description": "The version that made these predictions."},
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "request_id"],
                    "properties": {
                        "code": {"type": "string", "enum": sorted({kind.code for kind in errors.ALL})},
                        "message": {"type": "string", "description": "Human-readable; never a stack trace."},
                        "request_id": {"type": ["string", "null"]},
                    },
                }
            },
        },
        "Status": {
            "type": "object",
            "required": ["status"],
            "properties": {"status": {"type": "string"}, "model_version": {"type": "string"}},
        },
        "Metadata": {
            "type": "object",
            "required": ["name", "version", "type", "framework", "ready", "example_input"],
            "properties": {
                "name": {"type": "string"},
                "version": {
                    "type": ["string", "null"],
                    "description": "MODEL_VERSION, else derived from the model's SHA-256.",
                },
                "type": {"type": "string", "description": "The kind of model, e.g. sklearn."},
                "framework": {"type": "string"},
                "ready": {"type": "boolean"},
                "reason": {"type": ["string", "null"], "description": "Why the model is not ready."},
                "loaded_at": {"type": ["string", "null"], "format": "date-time"},
                "load_seconds": {"type": ["number", "null"]},
                "example_input": {"type": ["array", "null"], "items": model.input_schema},
                "limits": {
                    "type": "object",
                    "properties": {
                        "max_batch_size": {"type": "integer"},
                        "max_body_bytes": {"type": "integer"},
                        "max_in_flight_per_worker": {"type": "integer"},
                        "request_timeout_seconds": {"type": "number"},
                    },
                },
            },
        },
    }
    request_example = response_example = None
    if example_input is not None:
        request_example = {"inputs": example_input}
        response_example = {"predictions": example_output, "model_version": version}
    predict = {
        "post": {
            "operationId": "predict",
            "summary": "Predict a batch of inputs",
            "description": (
                f"Send up to {settings.max_batch_size} rows in `inputs` as `application/json` "
                f"(at most {settings.max_body_bytes} bytes); get one prediction per row, in order."
            ),
            "parameters": [
                {"$ref": "#/components/parameters/RequestId"},
                {"$ref": "#/components/parameters/RequestTimeout"},
            ],
            "requestBody": {"required": True, "content": _json("PredictRequest", example=request_example)},
            "responses": {
                "200": _response("Predictions, one per input row.", _json("PredictResponse", example=response_example)),
                "400": _error(errors.MalformedJson, errors.BadRequest),
                "408": _error(errors.RequestTimeout),
                "413": _error(errors.PayloadTooLarge),
                "415": _error(errors.UnsupportedMediaType),
                "422": _error(errors.UnprocessableInput),
                "500": _error(errors.InternalError),
                "503": _error(errors.NotReady, errors.Overloaded),
                "504": _error(errors.DeadlineExceeded),
            },
        }
    }
    ready_example = {"status": "ready", "model_version": version}
    any_object = {"application/json": {"schema": {"type": "object"}}}
    html = {"text/html": {"schema": {"type": "string"}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{model.name} API",
            "version": __version__,
            "description": f"Predictions from the {model.type} model `{model.name}`. "
            "Every error uses the `Error` envelope and carries the request id.",
        },
        "paths": {
            "/predict": predict,
            "/health/live": _get(
                "live",
                "Liveness",
                "200 while the process runs.",
                {"200": _response("Alive.", _json("Status", example={"status": "alive"}))},
            ),
            "/health/ready": _get(
                "ready",
                "Readiness",
                "200 once the model is loaded and a warm-up prediction succeeded; 503 with the reason otherwise.",
                {"200": _response("Ready.", _json("Status", example=ready_example)), "503": _error(errors.NotReady)},
            ),
            "/metadata": _get(
                "metadata",
                "Model metadata",
                "Name, version, type, framework and an example input.",
                {"200": _response("Metadata.", _json("Metadata"))},
            ),
            "/openapi.json": _get(
                "openapi",
                "This document",
                "The OpenAPI description of this API.",
                {"200": _response("OpenAPI 3.1 document.", any_object)},
            ),
            "/docs": _get(
                "docs",
                "API documentation",
                "A self-contained page that renders this document; works offline.",
                {"200": _response("HTML page.", html)},
            ),
        },
        "components": {
            "schemas": schemas,
            "parameters": {
                "RequestId": {
                    "name": "X-Request-ID",
                    "in": "header",
                    "required": False,
                    "description": "Your id for this request, echoed and logged; "
                    "generated when absent or not matching.",
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$"},
                },
                "RequestTimeout": {
                    "name": "X-Request-Timeout",
                    "in": "header",
                    "required": False,
                    "description": f"Seconds you give the request, at most {settings.request_timeout} "
                    "(REQUEST_TIMEOUT, also the default); answered 504 when they pass.",
                    "schema": {"type": "number", "exclusiveMinimum": 0},
                },
            },
            "headers": {
                "RequestId": {
                    "description": "The request id, as sent or generated. It appears in every log line of the request.",
                    "schema": {"type": "string"},
                }
            },
        },
    }
