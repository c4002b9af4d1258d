"""The Open Inference Protocol (V2 REST, as KServe and Triton serve it) beside Leo's own contract.

    GET  /v2                                  server metadata
    GET  /v2/health/live, /v2/health/ready    200, or 400 when not ready (an empty body)
    GET  /v2/models/<name>[/versions/<v>]     model metadata: its tensors (tensors.py)
    GET  /v2/models/<name>[/versions/<v>]/ready
    POST /v2/models/<name>[/versions/<v>]/infer

An inference request takes the path /predict takes (`Service.admitted`, `infer`, `respond`):
readiness, MAX_IN_FLIGHT, the deadline, the body's size and JSON rules, MAX_BATCH_SIZE and the
model's own checks. Errors are the protocol's `{"error": "..."}` with the status Leo's contract
gives, except that input the model rejects is the protocol's 400 rather than a 422. Tensors
travel as JSON: the binary tensor data extension is not supported, and an output asked for as
binary comes back as JSON, which clients read alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from . import __version__, errors, tensors
from .interface import json_type
from .service import Service, dumps, non_finite
from .tensors import Tensor, TensorError, shown

PREFIX = "/v2"
JSON = "application/json"
#: The protocol's extensions this server implements (Triton's names).
EXTENSIONS = ("classification",)
_REQUEST_FIELDS = {"id", "parameters", "inputs", "outputs"}
_TENSOR_FIELDS = {"name", "datatype", "shape", "data", "parameters"}


class Reply(NamedTuple):
    body: bytes
    status: int = 200
    content_type: str = JSON


class Route(NamedTuple):
    method: str
    #: With {name} and {version} path parameters, as Falcon writes them.
    template: str
    #: Called with the WSGI environ and the path parameters.
    handler: Callable[..., Reply]


def owns(path: str) -> bool:
    """Whether `path` is the protocol's, whose errors take its form."""
    return path == PREFIX or path.startswith(PREFIX + "/")


def error_reply(path: str, error: errors.ApiError) -> tuple[int, bytes]:
    """The status and body of an error: the protocol's on its paths, Leo's envelope elsewhere."""
    if not owns(path):
        return error.status, errors.envelope(error)
    status = 400 if isinstance(error, errors.UnprocessableInput) else error.status
    return status, dumps({"error": error.message})


def _health(ok: bool) -> Reply:
    # The protocol's health answers are their status alone: 200 for true, a 4xx for false.
    return Reply(b"", 200 if ok else 400, "text/plain")


class InferenceProtocol:
    """The protocol's routes for the one model a service serves."""

    def __init__(self, service: Service) -> None:
        self._service = service
        self._model = service.model
        self._input = tensors.input_tensor(self._model)
        self._outputs = {spec.name: spec for spec in tensors.output_tensors(self._model, service.example[1])}
        self._server = dumps({"name": __package__, "version": __version__, "extensions": list(EXTENSIONS)})
        self._metadata = dumps(
            {
                "name": self._model.name,
                "versions": [service.version] if service.version else [],
                "platform": f"leo_{self._model.type}",
                "inputs": [self._input.metadata()],
                "outputs": [spec.metadata() for spec in self._outputs.values()],
            }
        )

    def routes(self) -> list[Route]:
        model, version = "/v2/models/{name}", "/v2/models/{name}/versions/{version}"
        return [
            Route("GET", "/v2", lambda environ: Reply(self._server)),
            Route("GET", "/v2/health/live", lambda environ: _health(True)),
            Route("GET", "/v2/health/ready", lambda environ: _health(self._service.routable)),
            *(
                route
                for prefix in (model, version)
                for route in (
                    Route("GET", prefix, self.model_metadata),
                    Route("GET", prefix + "/ready", self.model_ready),
                    Route("POST", prefix + "/infer", self.infer),
                )
            ),
        ]

    def _check_model(self, name: str, version: str | None) -> None:
        if name != self._model.name:
            raise errors.NotFound(f"unknown model {shown(name)}; this server serves {self._model.name!r}")
        if version is not None and version != self._service.version:
            served = repr(self._service.version) if self._service.version else "none yet"
            raise errors.NotFound(
                f"unknown version {shown(version)} of model {self._model.name!r}; its version is {served}"
            )

    def model_metadata(self, environ: dict[str, Any], name: str, version: str | None = None) -> Reply:
        self._check_model(name, version)
        return Reply(self._metadata)

    def model_ready(self, environ: dict[str, Any], name: str, version: str | None = None) -> Reply:
        self._check_model(name, version)
        return _health(self._service.routable)

    def infer(self, environ: dict[str, Any], name: str, version: str | None = None) -> Reply:
        self._check_model(name, version)
        if "HTTP_INFERENCE_HEADER_CONTENT_LENGTH" in environ:
            raise errors.BadRequest(
                "this server takes tensor data as JSON only (the binary tensor data extension "
                "is not supported): send the inputs with binary_data=False"
            )
        # The protocol's clients (tritonclient) send no Content-Type: without one, the body is JSON.
        if not environ.get("CONTENT_TYPE"):
            environ["CONTENT_TYPE"] = JSON
        service = self._service
        with service.admitted(environ) as (request, deadline):
            rows, outputs, request_id = self._parse(request)
            predictions = service.infer(rows, deadline)
        try:
            answer = [tensors.output(spec, predictions, classes) for spec, classes in outputs]
        except ValueError:  # a classification of non-finite predictions
            raise non_finite() from None
        response: dict[str, Any] = {"model_name": self._model.name, "model_version": service.version}
        if request_id is not None:
            response["id"] = request_id
        response["outputs"] = answer
        return Reply(service.respond(response, len(predictions)))

    def _parse(self, request: Any) -> tuple[list[Any], list[tuple[Tensor, int]], str | None]:
        """The rows, the outputs asked for (each with its classification count) and the request's id."""
        if not isinstance(request, dict):
            raise errors.BadRequest(
                f"the body must be a JSON object with an 'inputs' array of tensors, got a {json_type(request)}"
            )
        unknown = sorted(set(request) - _REQUEST_FIELDS)
        if unknown:
            raise errors.BadRequest(
                f"unknown field(s) {shown(unknown)}; a request has {', '.join(sorted(_REQUEST_FIELDS))}"
            )
        request_id = request.get("id")
        if request_id is not None and not isinstance(request_id, str):
            raise errors.BadRequest("'id' must be a string")
        _parameters(request, "the request")
        inputs = request.get("inputs")
        if not isinstance(inputs, list) or not inputs:
            raise errors.BadRequest(f"'inputs' must be an array holding the tensor {self._input.name!r}")
        if len(inputs) != 1 or not isinstance(inputs[0], dict) or inputs[0].get("name") != self._input.name:
            names = [tensor.get("name") if isinstance(tensor, dict) else tensor for tensor in inputs]
            raise errors.BadRequest(f"the model takes one input, {self._input.name!r}; got {shown(names)}")
        return self._rows(inputs[0]), self._requested(request.get("outputs")), request_id

    def _rows(self, tensor: dict[str, Any]) -> list[Any]:
        name = repr(self._input.name)
        unknown = sorted(set(tensor) - _TENSOR_FIELDS)
        if unknown:
            raise errors.BadRequest(f"input {name}: unknown field(s) {shown(unknown)}")
        parameters = _parameters(tensor, f"input {name}")
        if "binary_data_size" in parameters or "shared_memory_region" in parameters:
            raise errors.BadRequest(
                f"input {name}: this server takes tensor data as JSON only, in 'data' "
                "(no binary data, no shared memory)"
            )
        datatype, shape, data = tensor.get("datatype"), tensor.get("shape"), tensor.get("data")
        if datatype not in tensors.DATATYPES:
            raise errors.BadRequest(
                f"input {name}: 'datatype' must be one of {', '.join(tensors.DATATYPES)}, got {shown(datatype)}"
            )
        if not isinstance(shape, list) or not all(type(d) is int and d >= 0 for d in shape):
            raise errors.BadRequest(
                f"input {name}: 'shape' must be an array of non-negative integers, got {shown(shape)}"
            )
        if not isinstance(data, list):
            raise errors.BadRequest(f"input {name}: 'data' must be an array of the tensor's elements, flat or nested")
        try:
            return tensors.rows(self._input, datatype, shape, data)
        except TensorError as exc:
            raise errors.BadRequest(str(exc)) from None

    def _requested(self, outputs: Any) -> list[tuple[Tensor, int]]:
        if outputs is None or outputs == []:  # none asked for: all of them
            return [(spec, 0) for spec in self._outputs.values()]
        if not isinstance(outputs, list):
            raise errors.BadRequest("'outputs' must be an array of the outputs to return, by name")
        chosen: dict[str, tuple[Tensor, int]] = {}
        for output in outputs:
            name = output.get("name") if isinstance(output, dict) else None
            if name not in self._outputs:
                raise errors.BadRequest(
                    f"unknown output {shown(name)}; the model's outputs are {', '.join(map(repr, self._outputs))}"
                )
            if name in chosen:
                raise errors.BadRequest(f"output {name!r} is asked for twice")
            classes = _parameters(output, f"output {name!r}").get("classification", 0)
            spec = self._outputs[name]
            if type(classes) is not int or classes < 0:
                raise errors.BadRequest(f"output {name!r}: 'classification' must be a positive integer")
            if classes and spec.kind not in ("columns", "vector"):
                raise errors.BadRequest(f"output {name!r} is not a tensor of class scores: it cannot be classified")
            chosen[name] = (spec, classes)
        return list(chosen.values())


def _parameters(holder: dict[str, Any], what: str) -> dict[str, Any]:
    """Its `parameters` object; a parameter nobody here knows is ignored, as the protocol allows."""
    parameters = holder.get("parameters", {})
    if not isinstance(parameters, dict):
        raise errors.BadRequest(f"{what}: 'parameters' must be an object")
    return parameters
