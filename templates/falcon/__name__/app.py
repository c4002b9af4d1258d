"""Falcon adapter: resources, middleware and error handlers around the framework-agnostic `Service`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import falcon

from . import errors, inference_protocol
from .config import Settings
from .inference_protocol import InferenceProtocol, Route
from .service import REQUEST_ID_HEADER, Service


class RequestScopeMiddleware:
    """Binds the request id before routing; echoes it and writes the access log after."""

    def __init__(self, service: Service) -> None:
        self._service = service

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.scope = self._service.scope(req.get_header(REQUEST_ID_HEADER))

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource: Any, req_succeeded: bool) -> None:
        resp.set_header(REQUEST_ID_HEADER, req.context.scope.request_id)
        # uri_template is None when no route matched.
        req.context.scope.close(req.method, req.path, req.uri_template, resp.status_code)


class Predict:
    def __init__(self, service: Service) -> None:
        self._service = service

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.data = self._service.predict(req.env)


class Ready:
    def __init__(self, service: Service) -> None:
        self._service = service

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.data = self._service.check_ready()

    on_head = on_get  # as Flask does for every GET route: a load balancer or Kong may probe with HEAD


class Document:
    """A GET route serving bytes prepared once by the service."""

    def __init__(self, body: bytes, content_type: str = falcon.MEDIA_JSON) -> None:
        self._body = body
        self._content_type = content_type

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.data = self._body
        resp.content_type = self._content_type

    on_head = on_get


class ObserverRoute:
    """A GET route an observer adds, such as /metrics: its body is made per request."""

    def __init__(self, endpoint: Callable[[], tuple[bytes, str]]) -> None:
        self._endpoint = endpoint

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.data, resp.content_type = self._endpoint()

    on_head = on_get


class ProtocolRoute:
    """A route of the Open Inference Protocol: GET (and HEAD) or POST, as it says."""

    def __init__(self, route: Route) -> None:
        self._handler = route.handler
        if route.method == "GET":
            self.on_get = self.on_head = self._respond
        else:
            self.on_post = self._respond

    def _respond(self, req: falcon.Request, resp: falcon.Response, **parameters: str) -> None:
        resp.data, resp.status, resp.content_type = self._handler(req.env, **parameters)


def create_app(settings: Settings | None = None) -> falcon.App:
    """Build the app; the model is loaded (and warmed up) here, once per worker."""
    service = Service.start("falcon", settings)
    app = falcon.App(middleware=[RequestScopeMiddleware(service)])
    app.add_route("/predict", Predict(service))
    app.add_route("/health/live", Document(service.liveness))
    app.add_route("/health/ready", Ready(service))
    app.add_route("/metadata", Document(service.metadata))
    app.add_route("/openapi.json", Document(service.openapi))
    app.add_route("/docs", Document(service.docs, falcon.MEDIA_HTML))
    for route in InferenceProtocol(service).routes():
        app.add_route(route.template, ProtocolRoute(route))
    for path, endpoint in service.hooks.endpoints.items():
        app.add_route(path, ObserverRoute(endpoint))

    def api_error(req: falcon.Request, resp: falcon.Response, error: errors.ApiError, params: dict) -> None:
        resp.status, resp.data = inference_protocol.error_reply(req.path, error)
        resp.content_type = falcon.MEDIA_JSON
        for name, value in error.headers.items():
            resp.set_header(name, value)

    def http_error(req: falcon.Request, resp: falcon.Response, error: falcon.HTTPError, params: dict) -> None:
        # Routing and parsing errors raised by Falcon itself (404, 405, ...).
        allowed = dict(error.headers or {}).get("Allow", "")
        methods = [method.strip() for method in allowed.split(",") if method.strip()]
        api_error(req, resp, errors.for_status(error.status_code, req.method, req.path, methods), params)

    def unexpected(req: falcon.Request, resp: falcon.Response, error: Exception, params: dict) -> None:
        api_error(req, resp, service.unexpected(error), params)

    # Falcon picks the most specific handler, so the Exception one only sees the unexpected.
    app.add_error_handler(errors.ApiError, api_error)
    app.add_error_handler(falcon.HTTPError, http_error)
    app.add_error_handler(Exception, unexpected)
    return app
