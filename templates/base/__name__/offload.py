"""The model's long calls run off the worker's event loop, so that health answers meanwhile.

A gevent worker serves every connection on one thread: a prediction that computes for a second
(Keras on 1,000 rows) held /health/live, and Kubernetes' probes, for that second and for every
prediction queued behind it. A call expected to take longer than `INLINE_SECONDS` (its rows times
the seconds per row of the last call) runs on a thread of its own, one per worker, while the loop
goes on; the libraries release the GIL while they compute. Shorter calls stay on the loop, where
handing them to a thread would cost more than they take. Outside gevent (the tests' clients) every
call runs where it is made.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from typing import Any

from gevent import monkey
from gevent.threadpool import ThreadPool

from .interface import Batch

#: Longest a call may hold the loop: a few milliseconds of health checks' latency.
INLINE_SECONDS = 0.005


def _outcome(predict: Callable[[list[Any]], Batch], rows: list[Any]) -> Batch | Exception:
    try:
        return predict(rows)
    except Exception as exc:  # raised by the caller: gevent's thread would print it as an error
        return exc


class OffLoop:
    def __init__(self, predict: Callable[[list[Any]], Batch]) -> None:
        self._predict = predict
        # One thread: the model is called from one place at a time, as on the loop.
        self._pool = ThreadPool(1) if monkey.is_module_patched("threading") else None
        self._seconds_per_row = 0.0

    def __call__(self, rows: list[Any]) -> Batch:
        started = time.perf_counter()
        if self._pool is None or len(rows) * self._seconds_per_row < INLINE_SECONDS:
            predictions = self._predict(rows)
        else:
            # In the caller's context: log lines carry the request id.
            outcome = self._pool.apply(contextvars.copy_context().run, (_outcome, self._predict, rows))
            if isinstance(outcome, Exception):
                raise outcome
            predictions = outcome
        self._seconds_per_row = (time.perf_counter() - started) / max(len(rows), 1)
        return predictions
