"""Prometheus metrics, served on GET /metrics.

gunicorn runs several worker processes, each counting on its own: prometheus_client's
multiprocess mode keeps every worker's values in files of one directory, and /metrics
adds them up. gunicorn's master imports this module before it forks (gunicorn.conf.py),
empties the directory there, and marks each ended worker's gauges dead.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, values
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

# Without PROMETHEUS_MULTIPROC_DIR, a private directory is made for this server (its
# workers inherit the variable) and removed by the process that made it.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.makedirs(os.environ["PROMETHEUS_MULTIPROC_DIR"], exist_ok=True)
else:
    _owner, _made = os.getpid(), tempfile.mkdtemp(prefix=f"{__package__.partition('.')[0]}-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made

    @atexit.register
    def _remove_made() -> None:
        if os.getpid() == _owner:  # not in a forked worker
            shutil.rmtree(_made, ignore_errors=True)


# prometheus_client picks its mode from that variable when first imported, which may have
# been before it was set (by a test or a library): it picks again, before any metric exists.
values.ValueClass = values.get_value_class()

# Not a Prometheus label: the raw path of a request that matched no route would make
# one time series per path a client invents.
UNMATCHED = "unmatched"

REQUESTS = Counter("http_requests_total", "HTTP requests answered, by route and status.", ["route", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request, by route.",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IN_FLIGHT = Gauge("http_requests_in_flight", "HTTP requests being answered.", multiprocess_mode="livesum")
PREDICTIONS = Counter("model_predictions_total", "Input rows predicted.")
LOAD_SECONDS = Gauge(
    "model_load_seconds", "Time to load and warm up the model (the slowest worker).", multiprocess_mode="livemax"
)
INFO = Gauge(
    "model_info", "The model being served: always 1.", ["name", "type", "version"], multiprocess_mode="livemax"
)


def metrics() -> tuple[bytes, str]:
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    # generate_latest writes the 0.0.4 text format, which Prometheus 2 and 3 both read;
    # Prometheus 3 refuses a scrape whose content type does not say what it is.
    return generate_latest(registry), CONTENT_TYPE_PLAIN_0_0_4


class Metrics:
    endpoints: ClassVar[dict[str, Callable[[], tuple[bytes, str]]]] = {"/metrics": metrics}

    def model_loaded(self, service: Any) -> None:
        LOAD_SECONDS.set(service.load_seconds)
        INFO.labels(service.model.name, service.model.type, service.version).set(1)

    def request_started(self) -> None:
        IN_FLIGHT.inc()

    def request_finished(self, scope: Any) -> None:
        route = scope.route or UNMATCHED
        REQUESTS.labels(route, scope.status).inc()
        LATENCY.labels(route).observe(scope.seconds)
        IN_FLIGHT.dec()

    def predicted(self, rows: int) -> None:
        PREDICTIONS.inc(rows)


def create() -> Metrics:
    return Metrics()


def server_starting() -> None:
    """Counts start from zero with the server: the previous run's files go."""
    for stale in Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).glob("*.db"):
        stale.unlink()


def worker_exited(pid: int) -> None:
    mark_process_dead(pid)
