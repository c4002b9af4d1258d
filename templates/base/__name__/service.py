"""The framework-agnostic core of the API.

The Flask or Falcon adapter in `app.py` only routes requests here and turns
the results (JSON bytes) or `ApiError`s into responses. Everything else —
loading and verifying the model, reading and validating bodies, metadata, the
OpenAPI document, request ids, access logs and the observers' hooks (`observers/`) —
lives here, once.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import math
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import resources
from typing import Any

import orjson

from . import artifacts, errors, logs, observers, openapi
from .batching import Batcher
from .config import Settings
from .interface import Batch, InvalidInput, LeoModel, is_batch, json_type, prediction_rows
from .model import Model
from .observers import NO_HOOKS, Hooks
from .offload import OffLoop
from .worker import draining

log = logging.getLogger(__name__)
access_log = logging.getLogger(__package__ + ".access")

REQUEST_ID_HEADER = "X-Request-ID"
#: Seconds the client gives a request, capped by REQUEST_TIMEOUT.
REQUEST_TIMEOUT_ENVIRON = "HTTP_X_REQUEST_TIMEOUT"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_READ_CHUNK = 64 * 1024


# The standard library's encoder and decoder decide what orjson leaves open; built once, as
# json.dumps and json.loads with options construct one per call.
# allow_nan=False: NaN and Infinity are not JSON; better a clear error than a body clients cannot parse.
_encode = json.JSONEncoder(separators=(",", ":"), allow_nan=False).encode


def dumps(value: Any) -> bytes:
    """Serialise with orjson, ten times faster than json.dumps on a batch of predictions."""
    try:
        data = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:  # orjson's limits (an integer beyond 64 bits): json decides
        return _encode(value).encode()
    # orjson writes NaN and infinity as null: where a null appears, json refuses them (a ValueError).
    return _encode(value).encode() if b"null" in data else data


class RequestScope:
    """Per-request bookkeeping: the request id (bound for logging), the observers' hooks and
    the access log line. Once closed, the scope is the record the observers receive."""

    __slots__ = ("_finished", "_started", "_token", "method", "path", "request_id", "route", "seconds", "status")

    def __init__(self, header: str | None, hooks: Hooks) -> None:
        # A caller-supplied id is kept only when it is safe to echo and to log.
        sane = header is not None and _SANE_REQUEST_ID.fullmatch(header)
        self.request_id = header if sane else secrets.token_hex(16)
        self._token = logs.request_id.set(self.request_id)
        for hook in hooks.request_started:
            hook()
        self._finished = hooks.request_finished
        self._started = time.perf_counter()

    def close(self, method: str, path: str, route: str | None, status: int) -> None:
        """Record the response; `route` is the matched route's template, None when no route matched."""
        self.seconds = time.perf_counter() - self._started
        self.method, self.path, self.route, self.status = method, path, route, status
        for hook in self._finished:
            hook(self)
        logs.access(access_log, method, path, route, status, self.seconds)
        logs.request_id.reset(self._token)


@functools.lru_cache(maxsize=64)  # clients send the same few values, request after request
def _is_json_media_type(content_type: str) -> bool:
    media_type, _, parameters = content_type.partition(";")
    if media_type.strip().lower() != "application/json":
        return False
    for parameter in parameters.split(";"):
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return False
    return True


def _read(stream: Any, size: int) -> bytes:
    """Read `size` bytes, or fewer at EOF: a WSGI input may return short reads."""
    chunks = []
    while size > 0:
        chunk = stream.read(min(size, _READ_CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_body(environ: dict[str, Any], size: int, deadline: float) -> bytes:
    """Read the body by the deadline; a client that stalls or garbles its framing gets a 4xx.

    Under gunicorn the client's socket is in the environ: its timeout bounds each read, so a
    stalled client holds a connection (never a worker) for at most the request's time.
    """
    sock = environ.get("gunicorn.socket")
    previous = sock.gettimeout() if sock is not None else None
    try:
        if sock is not None:
            sock.settimeout(max(deadline - time.monotonic(), 0.001))
        return _read(environ["wsgi.input"], size)
    except TimeoutError:
        _stop_reading(sock)
        raise errors.RequestTimeout("the body did not arrive within the request's time limit") from None
    except Exception as exc:  # the server's parser: bad chunk framing, a connection closed mid-body
        _stop_reading(sock)
        log.info("unreadable request body: %s: %s", type(exc).__name__, exc)
        raise errors.BadRequest("the body could not be read: its framing is malformed or it ended early") from None
    finally:
        if sock is not None:
            sock.settimeout(previous)


def _stop_reading(sock: socket.socket | None) -> None:
    # What follows a broken body cannot be trusted as the next request: answer, then close.
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RD)
        except OSError:
            pass


def _too_large(max_bytes: int) -> errors.ApiError:
    return errors.PayloadTooLarge(f"the body is larger than the limit of {max_bytes} bytes (MAX_BODY_BYTES)")


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


_decode = json.JSONDecoder(parse_constant=_reject_constant).decode


def loads(data: bytes) -> Any:
    """Parse strict JSON in UTF-8: NaN and Infinity are refused, as orjson does.

    What orjson refuses goes to json, which accepts integers beyond 64 bits and a byte order
    mark (they are JSON) and words the client's error."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return _decode(data.decode("utf-8-sig"))


def read_json(environ: dict[str, Any], max_bytes: int, deadline: float) -> Any:
    """Parse a WSGI request body as JSON, enforcing the media type and size limit.

    Works on the WSGI environ so that both frameworks share the exact same
    rules, including for chunked bodies, which have no Content-Length. The
    body must arrive by `deadline` (time.monotonic()).
    """
    content_type = environ.get("CONTENT_TYPE", "")
    if not _is_json_media_type(content_type):
        got = repr(content_type) if content_type else "none"
        raise errors.UnsupportedMediaType(f"Content-Type must be application/json, got {got}")
    codings = environ.get("HTTP_TRANSFER_ENCODING")
    if codings is not None and codings.replace(" ", "").lower() != "chunked":
        # gunicorn undoes the chunking and would pass on a body still compressed (gzip, chunked).
        raise errors.BadRequest(f"Transfer-Encoding {codings[:40]!r} is not supported: only chunked is")
    declared = environ.get("CONTENT_LENGTH")
    if declared:
        try:
            length = int(declared)
        except ValueError:
            raise errors.BadRequest(f"invalid Content-Length {declared!r}") from None
        # Refuse before reading: a client cannot make us buffer a huge body.
        if length > max_bytes:
            raise _too_large(max_bytes)
        body = _read_body(environ, length, deadline)
    elif environ.get("wsgi.input_terminated"):
        # Chunked body: the server marks the end of input; read one byte past the limit to detect excess.
        body = _read_body(environ, max_bytes + 1, deadline)
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
    else:
        body = b""
    if not body:
        raise errors.MalformedJson('the body is empty; expected a JSON object like {"inputs": [...]}')
    try:
        return loads(body)
    except RecursionError:
        raise errors.MalformedJson("the JSON is nested too deeply") from None
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError and rejected constants
        raise errors.MalformedJson(f"malformed JSON: {exc}") from None


def non_finite() -> errors.ApiError:
    log.warning("non-finite predictions for the inputs")
    return errors.UnprocessableInput(
        "the model's prediction for these inputs is not a finite number (NaN or infinity); "
        "the inputs are outside the range it can compute with"
    )


def _check_deadline(deadline: float, stage: str) -> None:
    if time.monotonic() > deadline:
        raise errors.DeadlineExceeded(
            f"the request's time limit passed {stage} (X-Request-Timeout, at most REQUEST_TIMEOUT)"
        )


class Service:
    """One model, loaded once per worker process, and everything the routes return."""

    def __init__(self, settings: Settings, model: LeoModel, framework: str, hooks: Hooks = NO_HOOKS) -> None:
        self.settings = settings
        self.model = model
        self.framework = framework
        self.hooks = hooks
        self.ready = False
        self.reason: str | None = "the model has not been loaded"
        self.version = settings.model_version
        self.loaded_at: str | None = None
        self.load_seconds: float | None = None
        # The example input and its warm-up predictions, once they are known to serialise.
        self._example: tuple[list[Any], list[Any]] | tuple[None, None] = (None, None)
        # Admission control: beyond this many predictions in flight in this worker, a fast 503.
        self._slots = threading.BoundedSemaphore(settings.max_in_flight)
        # The model's predict_batch is looked up per call (tests replace it); long calls leave the loop.
        self._predict_batch = OffLoop(lambda rows: self.model.predict_batch(rows))
        self._batcher = (
            Batcher(self._predict_batch, settings.batch_max_size, settings.batch_max_wait_ms / 1000)
            if settings.batch_max_size > 1
            else None
        )
        self._build_documents()

    @classmethod
    def start(cls, framework: str, settings: Settings | None = None) -> Service:
        """Configure logging and the observers, load and warm up the model: what `create_app()` needs."""
        settings = settings or Settings.from_env()
        logs.configure(settings.log_level)
        service = cls(settings, Model(), framework, observers.create())
        service.load()
        return service

    def scope(self, request_id_header: str | None) -> RequestScope:
        """Open a request's scope; the adapter closes it once the response is known."""
        return RequestScope(request_id_header, self.hooks)

    def load(self) -> None:
        """Verify, load and warm up the model; on failure record why and stay not ready."""
        path = self.settings.model_path
        started = time.perf_counter()
        stage = "verifying the model digest"
        try:
            # Verified before load_model runs, so an overridden load_model is protected too.
            digest = artifacts.verify(path)
            stage = "loading the model"
            self.model.load_model(path)
            stage = "the warm-up prediction"
            example = self.model.example_input()
            output = self.run(example)
            dumps([example, output])  # a prediction that cannot be serialised would fail every request
            self._example = (example, output)
        except artifacts.ArtifactError as exc:
            self._not_ready(str(exc), self._without_paths(str(exc)))
        except Exception as exc:
            # Only our own InvalidInput messages are known to be safe to show; the rest is logged.
            detail = str(exc) if isinstance(exc, InvalidInput) else "the service log has the details"
            self._not_ready(
                f"{stage} failed: {type(exc).__name__}: {exc}",
                f"{stage} failed: {type(exc).__name__}: {detail}",
                exc_info=True,
            )
        else:
            self.ready, self.reason = True, None
            self.version = self.version or f"sha256:{digest[:12]}"
            self.load_seconds = round(time.perf_counter() - started, 4)
            self.loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
            log.info(
                "model ready",
                extra={"model_path": str(path), "model_version": self.version, "load_seconds": self.load_seconds},
            )
            for hook in self.hooks.model_loaded:
                hook(self)
        self._build_documents()

    def _not_ready(self, reason: str, public_reason: str, exc_info: bool = False) -> None:
        """Log the full reason; anonymous clients get `public_reason`, which names no path."""
        self.reason = public_reason
        log.error("model not ready: %s", reason, extra={"model_path": str(self.settings.model_path)}, exc_info=exc_info)

    def _without_paths(self, message: str) -> str:
        # The model's folder is the server's business: name the files only.
        return message.replace(str(self.settings.model_path.parent) + os.sep, "")

    def _build_documents(self) -> None:
        # Static per process: serialised once, served as bytes.
        example, output = self._example
        self.metadata = dumps(
            {
                "name": self.model.name,
                "version": self.version,
                "type": self.model.type,
                "framework": self.framework,
                "ready": self.ready,
                "reason": self.reason,
                "loaded_at": self.loaded_at,
                "load_seconds": self.load_seconds,
                "example_input": example,
                "limits": {
                    "max_batch_size": self.settings.max_batch_size,
                    "max_body_bytes": self.settings.max_body_bytes,
                    "max_in_flight_per_worker": self.settings.max_in_flight,
                    "request_timeout_seconds": self.settings.request_timeout,
                },
                "batching": {
                    "enabled": self._batcher is not None,
                    "max_size": self.settings.batch_max_size,
                    "max_wait_ms": self.settings.batch_max_wait_ms,
                },
            }
        )
        self.openapi = dumps(openapi.document(self.model, self.settings, self.version, example, output))
        self.liveness = dumps({"status": "alive"})
        self.readiness = dumps({"status": "ready", "model_version": self.version})
        self.docs = resources.files(__package__).joinpath("docs.html").read_bytes()

    @property
    def routable(self) -> bool:
        """What readiness reports: the model is ready and the server is not shutting down (while it
        drains, it still admits predictions, so that none sent meanwhile is lost)."""
        return self.ready and not draining()

    def check_ready(self) -> bytes:
        if not self.ready:
            raise errors.NotReady(f"model not ready: {self.reason}")
        if draining():
            raise errors.NotReady("shutting down: still answering, but new requests belong elsewhere")
        return self.readiness

    def run(self, inputs: Any) -> list[Any]:
        """Validate a batch and predict it: one prediction per row."""
        return prediction_rows(self.predictions(inputs))

    def predictions(self, inputs: Any) -> Batch:
        """Validate a batch, predict it and check the model kept its side of the contract."""
        if not isinstance(inputs, list):
            raise errors.UnprocessableInput(f"'inputs' must be an array of input rows, got a {json_type(inputs)}")
        if not inputs:
            raise errors.UnprocessableInput("'inputs' must contain at least one row")
        if len(inputs) > self.settings.max_batch_size:
            raise errors.UnprocessableInput(
                f"'inputs' has {len(inputs)} rows; the limit is {self.settings.max_batch_size} (MAX_BATCH_SIZE)"
            )
        try:
            predictions = self._batcher.predict(inputs) if self._batcher else self._predict_batch(inputs)
        except InvalidInput as exc:
            raise errors.UnprocessableInput(str(exc) or "the model rejected the inputs") from None
        except (ValueError, ArithmeticError) as exc:
            # A library's message (native traces, paths) is not the client's: log it, answer in our words.
            log.warning("the model rejected the inputs: %s: %s", type(exc).__name__, exc)
            raise errors.UnprocessableInput(
                "the model could not compute a prediction for these inputs "
                f"({'a value out of its numeric range' if isinstance(exc, ArithmeticError) else 'it rejected them'}); "
                "check them against /metadata's example_input"
            ) from None
        if not is_batch(predictions, len(inputs)):
            raise TypeError(f"{type(self.model).__name__}.predict must return a list with one prediction per input")
        return predictions

    def predict(self, environ: dict[str, Any]) -> bytes:
        """POST /predict, from the WSGI environ to the response body."""
        with self.admitted(environ) as (body, deadline):
            if not isinstance(body, dict) or "inputs" not in body:
                raise errors.UnprocessableInput("the body must be a JSON object with an 'inputs' array of input rows")
            unknown = sorted(set(body) - {"inputs"})
            if unknown:
                raise errors.UnprocessableInput(f"unknown field(s): {', '.join(unknown)}; only 'inputs' is accepted")
            predictions = prediction_rows(self.infer(body["inputs"], deadline))
        return self.respond({"predictions": predictions, "model_version": self.version}, len(predictions))

    # The prediction path every contract shares: /predict above, the Open Inference Protocol's
    # infer route (inference_protocol.py). A route admits the request with its body, turns the
    # body into rows for `infer`, and serialises the answer with `respond`.

    @contextlib.contextmanager
    def admitted(self, environ: dict[str, Any]) -> Iterator[tuple[Any, float]]:
        """Admit a prediction request: the model is ready, its JSON body (read_json's rules) has
        arrived by the deadline, and this worker has a slot free (MAX_IN_FLIGHT), held until the
        block ends. Yields the body and the request's deadline (time.monotonic())."""
        if not self.ready:
            raise errors.NotReady(f"model not ready: {self.reason}")
        deadline = time.monotonic() + self._time_limit(environ.get(REQUEST_TIMEOUT_ENVIRON))
        # The body first: uploads that stall cost a connection each, never a slot.
        # While it reads its body, a request is a batch-mate on its way (batching.py).
        with self._batcher.reading() if self._batcher else contextlib.nullcontext():
            body = read_json(environ, self.settings.max_body_bytes, deadline)
        if not self._slots.acquire(blocking=False):
            raise errors.Overloaded(
                f"{self.settings.max_in_flight} requests are already in flight in this worker "
                "(MAX_IN_FLIGHT); retry shortly",
                {"Retry-After": "1"},
            )
        try:
            yield body, deadline
        finally:
            self._slots.release()

    def infer(self, inputs: Any, deadline: float) -> Batch:
        """Predict an admitted request's rows by its deadline."""
        _check_deadline(deadline, "before the prediction started")
        predictions = self.predictions(inputs)
        # A prediction cannot be interrupted; one that ends past the deadline is not sent.
        _check_deadline(deadline, "while predicting")
        return predictions

    def respond(self, answer: Any, rows: int) -> bytes:
        """The response body of a prediction of `rows` rows, and the observers told of it."""
        try:
            response = dumps(answer)
        except ValueError:  # NaN or infinity: the inputs drove the model out of its numeric range
            raise non_finite() from None
        for hook in self.hooks.predicted:
            hook(rows)
        return response

    @property
    def example(self) -> tuple[list[Any], list[Any]] | tuple[None, None]:
        """The example input and its warm-up predictions; (None, None) until the model is ready."""
        return self._example

    def _time_limit(self, header: str | None) -> float:
        """The request's time in seconds: X-Request-Timeout when sent, never more than REQUEST_TIMEOUT."""
        limit = self.settings.request_timeout
        if header is None:
            return limit
        try:
            asked = float(header)
        except ValueError:
            asked = math.nan
        if not 0 < asked < math.inf:
            raise errors.BadRequest(f"X-Request-Timeout must be a positive number of seconds, got {header[:40]!r}")
        return min(asked, limit)

    def unexpected(self, exc: BaseException) -> errors.ApiError:
        """Log an unhandled exception with its traceback; the client gets only the request id."""
        log.error("unhandled exception", exc_info=exc)
        return errors.InternalError()
