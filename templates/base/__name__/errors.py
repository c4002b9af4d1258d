"""API errors and the one JSON envelope every error response uses:

{"error": {"code": "...", "message": "...", "request_id": "..."}}
"""

from __future__ import annotations

import json
import secrets
from http import HTTPStatus

from . import logs


class ApiError(Exception):
    """An error with a status, a stable machine-readable code and a message safe to show."""

    status = 500
    code = "internal_error"
    description = "Unexpected server error. Details are in the logs under the request id."

    def __init__(self, message: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message or self.description)
        self.message = message or self.description
        self.headers = headers or {}


class MalformedJson(ApiError):
    status, code = 400, "malformed_json"
    description = "The body is not valid JSON."


class BadRequest(ApiError):
    status, code = 400, "bad_request"
    description = "The request is malformed."


class NotFound(ApiError):
    status, code = 404, "not_found"
    description = "No such route."


class MethodNotAllowed(ApiError):
    status, code = 405, "method_not_allowed"
    description = "The route does not support this method."


class PayloadTooLarge(ApiError):
    status, code = 413, "payload_too_large"
    description = "The body is larger than MAX_BODY_BYTES."


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"
    description = "The body must be sent as application/json."


class UnprocessableInput(ApiError):
    status, code = 422, "invalid_input"
    description = "The inputs are not what the model accepts."


class RequestTimeout(ApiError):
    status, code = 408, "request_timeout"
    description = "The body did not arrive in time."


class Overloaded(ApiError):
    status, code = 503, "overloaded"
    description = "Too many requests are in flight; retry after the Retry-After header's seconds."


class DeadlineExceeded(ApiError):
    status, code = 504, "deadline_exceeded"
    description = "The request's time limit (X-Request-Timeout or REQUEST_TIMEOUT) passed."


class NotReady(ApiError):
    status, code = 503, "not_ready"
    description = "The model is not loaded, or the server is shutting down; the message says why."


class InternalError(ApiError):
    """Anything unexpected: the client gets no details, the log gets the traceback."""


ALL = (
    MalformedJson,
    BadRequest,
    NotFound,
    MethodNotAllowed,
    RequestTimeout,
    PayloadTooLarge,
    UnsupportedMediaType,
    UnprocessableInput,
    NotReady,
    Overloaded,
    DeadlineExceeded,
    InternalError,
)


def for_status(status: int, method: str, path: str, allowed: list[str] | None = None) -> ApiError:
    """Translate an HTTP error raised by the framework itself (routing, parsing)."""
    if status == 404:
        return NotFound(f"no route for {path}")
    if status == 405:
        methods = ", ".join(sorted(allowed or []))
        return MethodNotAllowed(f"{method} is not allowed on {path}; allowed: {methods}", {"Allow": methods})
    if 400 <= status < 500:
        # Another client error the framework caught (a malformed header, ...): keep its status.
        error = BadRequest(HTTPStatus(status).phrase)
        error.status = status
        return error
    return InternalError()


def envelope(error: ApiError) -> bytes:
    return json.dumps(
        {"error": {"code": error.code, "message": error.message, "request_id": logs.request_id.get()}},
        separators=(",", ":"),
    ).encode()


def raw_response(status: int, detail: str) -> bytes:
    """A whole HTTP response in the envelope, for a request refused before any app saw it.

    gunicorn answers what its own parser refuses (a request line over the limit, a
    malformed header, broken chunked framing) with an HTML page; gunicorn.conf.py routes
    those answers here. The request never had an id: it gets a fresh one.
    """
    error = for_status(status, "", "")
    if isinstance(error, (BadRequest, InternalError)) and detail and status < 500:
        error.message = f"{error.message}: {detail[:200]}"
    token = logs.request_id.set(secrets.token_hex(16))
    try:
        body = envelope(error)
        request_id = logs.request_id.get()
    finally:
        logs.request_id.reset(token)
    head = (
        f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nConnection: close\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nX-Request-ID: {request_id}\r\n\r\n"
    )
    return head.encode("latin-1") + body
