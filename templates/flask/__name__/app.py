"""Flask adapter: routes and hooks around the framework-agnostic `Service`."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from . import errors, inference_protocol
from .config import Settings
from .inference_protocol import InferenceProtocol, Reply
from .service import REQUEST_ID_HEADER, Service

JSON = "application/json"


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app; the model is loaded (and warmed up) here, once per worker."""
    service = Service.start("flask", settings)
    app = Flask(__name__)

    def reply(body: bytes, status: int = 200, mimetype: str = JSON, headers: dict[str, str] | None = None) -> Response:
        return app.response_class(body, status=status, mimetype=mimetype, headers=headers)

    @app.before_request
    def open_scope() -> None:
        g.scope = service.scope(request.headers.get(REQUEST_ID_HEADER))

    @app.after_request
    def close_scope(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = g.scope.request_id
        rule = request.url_rule
        g.scope.close(request.method, request.path, rule.rule if rule else None, response.status_code)
        return response

    @app.post("/predict")
    def predict() -> Response:
        return reply(service.predict(request.environ))

    @app.get("/health/live")
    def live() -> Response:
        return reply(service.liveness)

    @app.get("/health/ready")
    def ready() -> Response:
        return reply(service.check_ready())

    @app.get("/metadata")
    def metadata() -> Response:
        return reply(service.metadata)

    @app.get("/openapi.json")
    def openapi() -> Response:
        return reply(service.openapi)

    @app.get("/docs")
    def docs() -> Response:
        return reply(service.docs, mimetype="text/html")

    # The Open Inference Protocol's routes, {name} parameters as Flask writes them.
    def protocol_route(handler: Callable[..., Reply]) -> Callable[..., Response]:
        def view(**parameters: str) -> Response:
            body, status, content_type = handler(request.environ, **parameters)
            return app.response_class(body, status=status, content_type=content_type)

        return view

    for route in InferenceProtocol(service).routes():
        path = route.template.replace("{", "<").replace("}", ">")
        app.add_url_rule(path, endpoint=path, view_func=protocol_route(route.handler), methods=[route.method])

    # GET routes the observers add, such as /metrics.
    def observer_route(endpoint: Callable[[], tuple[bytes, str]]) -> Callable[[], Response]:
        def view() -> Response:
            body, content_type = endpoint()
            return app.response_class(body, content_type=content_type)

        return view

    for path, endpoint in service.hooks.endpoints.items():
        app.add_url_rule(path, endpoint=path, view_func=observer_route(endpoint), methods=["GET"])

    @app.errorhandler(errors.ApiError)
    def api_error(error: errors.ApiError) -> Response:
        status, body = inference_protocol.error_reply(request.path, error)
        return reply(body, status, headers=error.headers)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        # Routing and parsing errors raised by Flask itself (404, 405, ...).
        allowed = getattr(error, "valid_methods", None)
        return api_error(errors.for_status(error.code or 500, request.method, request.path, allowed))

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        return api_error(service.unexpected(error))

    return app
