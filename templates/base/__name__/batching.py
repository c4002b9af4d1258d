"""Adaptive batching: the predictions a worker is asked for at the same time go to the model in one call.

A model whose every call costs more than its rows do (scikit-learn's input checks, XGBoost's
matrix set-up) answers 32 rows in about the time of one. Requests that arrive together in one
worker are gathered into a single `predict` call of at most `max_size` rows; each caller gets
exactly its own rows' predictions back.

There is no batching thread: the first caller to find no batch being formed forms one. It first
lets the requests whose bytes have already arrived run up to here, then waits while other
requests are still reading their bodies, at most `max_wait` seconds and never once the batch is
full: a lone request is not held back. The same code serves gevent's greenlets (gunicorn) and
threads (the tests' clients), through the `threading` primitives gevent patches.

One bad request never fails its batch-mates: when the gathered call raises, each request is
predicted on its own, so an error (and the row numbers in it) belongs to the request that caused it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import gevent
from gevent import monkey

from .interface import Batch, is_batch

#: A model's predict_batch: a list, or a Classifier's columns, sliced alike per request.
Predict = Callable[[list[Any]], Batch]


class _Job:
    __slots__ = ("done", "error", "predictions", "rows", "wake")

    def __init__(self, rows: list[Any]) -> None:
        self.rows = rows
        self.done = False
        self.predictions: Batch | None = None
        self.error: BaseException | None = None
        # Set when the job is done, or when its caller is to form the next batch: each waiting
        # caller is woken alone, not all of them whenever a batch ends (64 clients on 2 workers
        # keep about 30 waiting in each).
        self.wake = threading.Event()

    def outcome(self) -> Batch:
        if self.error is not None:
            raise self.error
        if self.predictions is None:
            raise RuntimeError("the batch this request was in was interrupted")
        return self.predictions


def _let_others_run() -> None:
    """Let every greenlet or thread that can run now do so: requests whose bytes have arrived reach
    the batch. gevent.idle returns once its loop has run the ready greenlets and polled the sockets."""
    if monkey.is_module_patched("threading"):
        gevent.idle()
    else:
        time.sleep(0)


class Batcher:
    def __init__(self, predict: Predict, max_size: int, max_wait: float) -> None:
        self._predict = predict
        self.max_size = max_size
        self.max_wait = max_wait
        # The caller forming a batch waits on it for batch-mates: queued, or done reading.
        self._changed = threading.Condition()
        self._queue: list[_Job] = []
        self._reading = 0  # requests still reading their bodies: batch-mates on their way
        self._forming = False  # a caller is forming or predicting a batch

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Count a request as on its way to `predict` while it reads and checks its body."""
        with self._changed:
            self._reading += 1
        try:
            yield
        finally:
            with self._changed:
                self._reading -= 1
                self._changed.notify_all()

    def predict(self, rows: list[Any]) -> Batch:
        job = _Job(rows)
        with self._changed:
            self._queue.append(job)
            self._changed.notify_all()
            try:
                self._await(job)
            except BaseException:  # gevent's GreenletExit too: a killed caller's job is dropped
                if job in self._queue:
                    self._queue.remove(job)
                self._hand_over()
                raise
        return job.outcome()

    def _await(self, job: _Job) -> None:
        """Wait for the job to be done, forming batches meanwhile when it is this caller's turn (lock held)."""
        while not job.done:
            if self._forming:
                self._changed.release()
                try:
                    job.wake.wait()
                finally:
                    self._changed.acquire()
                job.wake.clear()
                continue
            self._forming = True
            try:
                self._run(self._gather())
            finally:
                self._forming = False
                self._hand_over()

    def _hand_over(self) -> None:
        """With no batch forming, the caller of the first queued job forms the next (lock held)."""
        if not self._forming and self._queue:
            self._queue[0].wake.set()

    def _gather(self) -> list[_Job]:
        """Take a batch from the queue once the batch-mates on their way are in it (lock held)."""
        self._changed.release()
        try:
            _let_others_run()
        finally:
            self._changed.acquire()
        until = time.monotonic() + self.max_wait
        while self._reading and self._queued_rows() < self.max_size:
            left = until - time.monotonic()
            if left <= 0:
                break
            self._changed.wait(left)
        batch = [self._queue.pop(0)]
        size = len(batch[0].rows)
        while self._queue and size + len(self._queue[0].rows) <= self.max_size:
            size += len(self._queue[0].rows)
            batch.append(self._queue.pop(0))
        return batch

    def queued_rows(self) -> int:
        """Rows waiting for a batch."""
        with self._changed:
            return self._queued_rows()

    def _queued_rows(self) -> int:
        return sum(len(job.rows) for job in self._queue)

    def _run(self, batch: list[_Job]) -> None:
        """Predict a batch outside the lock (held on entry and on return)."""
        self._changed.release()
        try:
            if len(batch) > 1 and self._predict_together(batch):
                return
            # One request, or a gathered call that failed: each request on its own, with its own outcome.
            for job in batch:
                try:
                    job.predictions = self._predict(job.rows)
                except Exception as exc:
                    job.error = exc
        finally:
            self._changed.acquire()
            for job in batch:
                job.done = True
                job.wake.set()

    def _predict_together(self, batch: list[_Job]) -> bool:
        rows = [row for job in batch for row in job.rows]
        try:
            predictions = self._predict(rows)
        except Exception:
            return False
        if not is_batch(predictions, len(rows)):
            return False  # each request's own call will say what is wrong
        start = 0
        for job in batch:
            job.predictions = predictions[start : start + len(job.rows)]
            start += len(job.rows)
        return True
