"""Hooks for the monitoring and logging components that observe the service.

Every module in this package comes from one Leo component (metrics, log shipping) and
defines `create()`, which each worker process calls once, after logging is set up. It
reads its own settings from environment variables and returns None (when they turn it
off) or an observer: an object with any of these methods, which the service calls

    model_loaded(service)    once the model is loaded and warmed up (service.model,
                             .version, .load_seconds)
    request_started()        when a request arrives, before routing
    request_finished(scope)  after the response: scope.request_id, .method, .path,
                             .route (the matched route, None when none matched),
                             .status, .seconds
    predicted(rows)          after a successful prediction of `rows` input rows (/predict,
                             or the Open Inference Protocol's infer route)

and an `endpoints` mapping of extra GET routes, path -> function returning
(body bytes, content type). The hooks run inline on every request: they must be quick
and must not raise.

A module may also define `server_starting()` and `worker_exited(pid)`, which gunicorn's
master process calls (gunicorn.conf.py) before it forks the workers and after one ends.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

HOOKS = ("model_loaded", "request_started", "request_finished", "predicted")


class Hooks:
    """The observers' methods gathered once per process: a request calls each directly, and
    with no observer the service pays for an empty loop."""

    __slots__ = (*HOOKS, "endpoints")
    model_loaded: tuple[Callable[[Any], None], ...]
    request_started: tuple[Callable[[], None], ...]
    request_finished: tuple[Callable[[Any], None], ...]
    predicted: tuple[Callable[[int], None], ...]

    def __init__(self, observers: list[Any]) -> None:
        for hook in HOOKS:
            setattr(self, hook, tuple(getattr(o, hook) for o in observers if hasattr(o, hook)))
        self.endpoints: dict[str, Callable[[], tuple[bytes, str]]] = {
            path: endpoint for o in observers for path, endpoint in getattr(o, "endpoints", {}).items()
        }


NO_HOOKS = Hooks([])


def modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]


def create() -> Hooks:
    observers = (module.create() for module in modules())
    return Hooks([o for o in observers if o is not None])


def server_hooks(name: str) -> tuple[Callable[..., None], ...]:
    """The modules' functions `name` (server_starting, worker_exited), for gunicorn's master."""
    return tuple(getattr(m, name) for m in modules() if hasattr(m, name))
