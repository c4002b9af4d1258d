"""The OpenAPI 3.1 description of the API, built from the model it serves.

Row and prediction schemas come from the model's `input_schema` and
`output_schema`; the examples are its real example input and the warm-up
prediction on it, so the documentation cannot drift from what is served.
"""

from __future__ import annotations

from typing import Any

from . import __version__, errors, tensors
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


_TENSOR = {
    "type": "object",
    "required": ["name", "datatype", "shape", "data"],
    "properties": {
        "name": {"type": "string"},
        "datatype": {"type": "string", "enum": list(tensors.DATATYPES)},
        "shape": {"type": "array", "items": {"type": "integer", "minimum": 0}},
        "parameters": {"type": "object"},
        "data": {"type": "array", "description": "The elements in row-major order, flat or nested as the shape."},
    },
}
PROTOCOL_SCHEMAS: dict[str, Any] = {
    "InferenceRequest": {
        "type": "object",
        "required": ["inputs"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "description": "Echoed in the response."},
            "parameters": {"type": "object"},
            "inputs": {"type": "array", "items": {"$ref": _REF + "Tensor"}, "minItems": 1, "maxItems": 1},
            "outputs": {
                "type": "array",
                "description": "The outputs to return (all when absent).",
                "items": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "parameters": {
                            "type": "object",
                            "properties": {
                                "classification": {
                                    "type": "integer",
                                    "minimum": 1,
                                    "description": "The k most probable classes of each row, "
                                    'as "value:index:label" BYTES.',
                                }
                            },
                        },
                    },
                },
            },
        },
    },
    "InferenceResponse": {
        "type": "object",
        "required": ["model_name", "outputs"],
        "properties": {
            "model_name": {"type": "string"},
            "model_version": {"type": "string"},
            "id": {"type": "string"},
            "outputs": {"type": "array", "items": {"$ref": _REF + "Tensor"}},
        },
    },
    "Tensor": _TENSOR,
    "TensorMetadata": {
        "type": "object",
        "required": ["name", "datatype", "shape"],
        "properties": {
            "name": {"type": "string"},
            "datatype": {"type": "string"},
            "shape": {"type": "array", "items": {"type": "integer"}, "description": "-1: any size."},
            "parameters": {
                "type": "object",
                "properties": {"labels": {"type": "string", "description": "The columns' names, as a JSON array."}},
            },
        },
    },
    "ModelMetadata": {
        "type": "object",
        "required": ["name", "platform", "inputs", "outputs"],
        "properties": {
            "name": {"type": "string"},
            "versions": {"type": "array", "items": {"type": "string"}},
            "platform": {"type": "string"},
            "inputs": {"type": "array", "items": {"$ref": _REF + "TensorMetadata"}},
            "outputs": {"type": "array", "items": {"$ref": _REF + "TensorMetadata"}},
        },
    },
    "ServerMetadata": {
        "type": "object",
        "required": ["name", "version", "extensions"],
        "properties": {
            "name": {"type": "string"},
            "version": {"type": "string"},
            "extensions": {"type": "array", "items": {"type": "string"}},
        },
    },
    "ProtocolError": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
}


def _protocol_error(*kinds: type[errors.ApiError]) -> dict[str, Any]:
    examples = {kind.code: {"summary": kind.description, "value": {"error": kind.description}} for kind in kinds}
    return _response(" ".join(kind.description for kind in kinds), _json("ProtocolError", examples=examples))


def _protocol_get(operation_id: str, summary: str, description: str, responses: dict[str, Any]) -> dict[str, Any]:
    operation = _get(operation_id, summary, description, responses)
    operation["get"]["tags"] = ["Open Inference Protocol (V2)"]
    operation["get"]["responses"]["500"] = _protocol_error(errors.InternalError)
    return operation


def _protocol_paths(
    model: LeoModel, settings: Settings, version: str, example_input: Any, example_output: Any
) -> dict[str, Any]:
    """The Open Inference Protocol's routes (inference_protocol.py), for the model this server serves."""
    base = f"/v2/models/{model.name}"
    spec = tensors.input_tensor(model)
    outputs = tensors.output_tensors(model, example_output)
    health = {"200": {"description": "True: an empty body."}, "400": {"description": "False: an empty body."}}
    unknown = {"404": _protocol_error(errors.NotFound)}
    request_example = response_example = None
    if example_input is not None:
        request_example = {"id": "42", "inputs": [tensors.input_example(spec, example_input)]}
        try:
            response_example = {
                "model_name": model.name,
                "model_version": version,
                "id": "42",
                "outputs": [tensors.output(output, example_output) for output in outputs],
            }
        except (TypeError, ValueError):  # predictions unlike output_schema: the infer route says so, not the start
            response_example = None
    infer = {
        "post": {
            "operationId": "v2_infer",
            "summary": "Predict a batch of inputs as typed tensors",
            "tags": ["Open Inference Protocol (V2)"],
            "description": (
                f"The input `{spec.name}` is {spec.datatype} of shape {list(spec.shape)}"
                + (" (or any integer or float datatype)" if spec.kind == "numbers" else "")
                + f": up to {settings.max_batch_size} rows. The outputs: "
                + ", ".join(f"`{o.name}` ({o.datatype} {list(o.shape)})" for o in outputs)
                + f". Also at `{base}/versions/{{version}}/infer`. The same limits and checks as `/predict`; "
                "a body without a Content-Type is taken as JSON."
            ),
            "parameters": [
                {"$ref": "#/components/parameters/RequestId"},
                {"$ref": "#/components/parameters/RequestTimeout"},
            ],
            "requestBody": {"required": True, "content": _json("InferenceRequest", example=request_example)},
            "responses": {
                "200": _response("One tensor per output.", _json("InferenceResponse", example=response_example)),
                "400": _protocol_error(errors.BadRequest, errors.MalformedJson, errors.UnprocessableInput),
                "404": _protocol_error(errors.NotFound),
                "408": _protocol_error(errors.RequestTimeout),
                "413": _protocol_error(errors.PayloadTooLarge),
                "415": _protocol_error(errors.UnsupportedMediaType),
                "500": _protocol_error(errors.InternalError),
                "503": _protocol_error(errors.NotReady, errors.Overloaded),
                "504": _protocol_error(errors.DeadlineExceeded),
            },
        }
    }
    metadata_example = {
        "name": model.name,
        "versions": [version],
        "platform": f"leo_{model.type}",
        "inputs": [spec.metadata()],
        "outputs": [output.metadata() for output in outputs],
    }
    return {
        "/v2": _protocol_get(
            "v2_server_metadata",
            "Server metadata",
            "Name, version and protocol extensions.",
            {"200": _response("Server metadata.", _json("ServerMetadata"))},
        ),
        "/v2/health/live": _protocol_get("v2_live", "Server liveness", "200 while the process runs.", health),
        "/v2/health/ready": _protocol_get(
            "v2_ready", "Server readiness", "200 once the model is ready; 400 before.", health
        ),
        base: _protocol_get(
            "v2_model_metadata",
            "Model metadata",
            f"The model's tensors. Also at `{base}/versions/{{version}}`.",
            {"200": _response("Model metadata.", _json("ModelMetadata", example=metadata_example)), **unknown},
        ),
        base + "/ready": _protocol_get(
            "v2_model_ready", "Model readiness", "200 once the model is ready; 400 before.", {**health, **unknown}
        ),
        base + "/infer": infer,
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
        **PROTOCOL_SCHEMAS,
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
            "description": f"Predictions from the {model.type} model `{model.name}`, in two contracts: Leo's "
            "own (`/predict`), whose errors use the `Error` envelope and carry the request id, and "
            "the Open Inference Protocol (V2 REST, as KServe and Triton serve it, under `/v2`), "
            'whose errors are `{"error": "..."}` with the request id in X-Request-ID.',
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
            **_protocol_paths(model, settings, version, example_input, example_output),
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
