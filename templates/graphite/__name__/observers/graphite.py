"""Measurements for Graphite, sent to statsd over UDP (STATSD_HOST, STATSD_PORT).

statsd adds up what every worker sends and flushes it to Graphite's carbon at a fixed
interval. A datagram statsd misses is a lost measurement, never a slow or failed
request: nothing here waits for an answer or raises.

Names, under STATSD_PREFIX (the project's name):
    <prefix>.requests.<route>.<status>  counter, one per request
    <prefix>.requests.in_flight         gauge
    <prefix>.latency.<route>            timer, milliseconds
    <prefix>.predictions                counter, input rows predicted
    <prefix>.model.load_seconds         gauge
    <prefix>.model.version.<version>    gauge, 1 for the version being served
"""

from __future__ import annotations

import logging
import os
import re
import socket
import time
import weakref
from typing import Any

from ..config import env_int, env_value

log = logging.getLogger(__name__)

# While statsd's name does not resolve (its container is not up yet), a lookup is retried this often.
RETRY_SECONDS = 30.0
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def segment(text: str) -> str:
    """A path segment Graphite keeps as it is: "/health/ready" -> "health_ready"."""
    return _UNSAFE.sub("_", text).strip("_") or "root"


class Statsd:
    def __init__(self, host: str, port: int, prefix: str) -> None:
        self._host, self._port, self._prefix = host, port, prefix
        self._socket: socket.socket | None = None  # once statsd's address is known
        self._address: Any = None
        self._retry_at = 0.0
        self._routes: dict[str | None, str] = {}
        self._started = f"{prefix}.requests.in_flight:+1|g".encode()
        self._resolve()  # at start-up, not on a request's time

    def _send(self, datagram: bytes) -> None:
        if self._socket is None and time.monotonic() >= self._retry_at:
            self._resolve()
        if self._socket is not None:
            try:
                self._socket.sendto(datagram, self._address)
            except OSError:
                pass  # statsd is down or gone: the measurement is lost, the request is not

    def _resolve(self) -> None:
        self._retry_at = time.monotonic() + RETRY_SECONDS
        try:
            family, kind, _, _, address = socket.getaddrinfo(self._host, self._port, type=socket.SOCK_DGRAM)[0]
        except OSError as exc:
            log.warning(
                "statsd at %s:%d cannot be resolved (%s); measurements are lost until it can",
                self._host,
                self._port,
                exc,
            )
            return
        self._address = address
        self._socket = socket.socket(family, kind)
        self._socket.setblocking(False)
        # Closed with the observer: a process may build several apps (the tests do).
        weakref.finalize(self, self._socket.close)

    def _route(self, route: str | None) -> str:
        name = self._routes.get(route)
        if name is None:
            name = self._routes[route] = segment(route or "unmatched")
        return name

    def model_loaded(self, service: Any) -> None:
        p = self._prefix
        self._send(
            f"{p}.model.load_seconds:{service.load_seconds}|g\n"
            f"{p}.model.version.{segment(service.version)}:1|g".encode()
        )

    def request_started(self) -> None:
        self._send(self._started)

    def request_finished(self, scope: Any) -> None:
        p, route = self._prefix, self._route(scope.route)
        # One datagram for the three: statsd reads one measurement per line.
        self._send(
            f"{p}.requests.{route}.{scope.status}:1|c\n"
            f"{p}.latency.{route}:{scope.seconds * 1000:.3f}|ms\n"
            f"{p}.requests.in_flight:-1|g".encode()
        )

    def predicted(self, rows: int) -> None:
        self._send(f"{self._prefix}.predictions:{rows}|c".encode())


def create() -> Statsd | None:
    host = env_value(os.environ, "STATSD_HOST")
    if host is None:
        log.info("statsd measurements are off: STATSD_HOST is not set")
        return None
    port = env_int(os.environ, "STATSD_PORT", 8125, minimum=1, maximum=65535)
    prefix = env_value(os.environ, "STATSD_PREFIX") or __package__.partition(".")[0]
    return Statsd(host, port, segment(prefix))
