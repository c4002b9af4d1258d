"""Log shipping to Logstash: every JSON log line also goes over TCP to LOGSTASH_HOST:LOGSTASH_PORT.

Logging a line only puts it on a bounded queue; a thread of each worker process sends
the lines. While Logstash is down or slow, the queue fills and further lines are dropped
(stdout still has them): a request never waits for Logstash. The service says so on
stdout when shipping stops, when lines are dropped and when it resumes.
"""

from __future__ import annotations

import logging
import os
import queue
import select
import socket
import threading

from .. import logs
from ..config import env_int, env_value

log = logging.getLogger(__name__)

QUEUE_LINES = 10_000
BATCH_BYTES = 256 * 1024
# Lines logged within this time after one another go in one send: the thread takes the GIL a
# few times a second, not once per line, which would slow the requests down.
BATCH_SECONDS = 0.2
# A connection attempt or a send that takes longer counts as Logstash being down.
TIMEOUT_SECONDS = 5.0
RETRY_SECONDS = (0.5, 30.0)  # first and longest wait between connection attempts


class LogstashHandler(logging.Handler):
    def __init__(self, host: str, port: int, capacity: int = QUEUE_LINES) -> None:
        super().__init__()
        self.setFormatter(logs.JsonFormatter())
        self.address = (host, port)
        self._lines: queue.Queue[bytes | None] = queue.Queue(capacity)
        self._dropped = 0
        self._down = False
        self._drained = False  # the close marker was taken from the queue
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._ship, name="logstash-shipper", daemon=True)
        self._thread.start()

    def emit(self, record: logging.LogRecord) -> None:
        # Formatted here, on the logging thread: the request id is read from its context.
        try:
            self._lines.put_nowait(self.format(record).encode() + b"\n")
        except queue.Full:
            self._dropped += 1
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        """Send what is queued if Logstash is there (for at most TIMEOUT_SECONDS), then stop."""
        self._closing.set()
        try:
            self._lines.put_nowait(None)
        except queue.Full:
            pass  # the thread sees _closing after its current attempt
        self._thread.join(TIMEOUT_SECONDS)
        super().close()

    def _batch(self) -> bytes | None:
        """The next lines to send, waiting for the first; None once closed and drained."""
        line = None if self._drained else self._lines.get()
        if line is None:
            return None
        self._closing.wait(BATCH_SECONDS)
        lines = [line]
        size = len(line)
        while size < BATCH_BYTES:
            try:
                line = self._lines.get_nowait()
            except queue.Empty:
                break
            if line is None:
                self._drained = True
                break
            lines.append(line)
            size += len(line)
        return b"".join(lines)

    def _ship(self) -> None:
        connection: socket.socket | None = None
        while (batch := self._batch()) is not None:
            wait = RETRY_SECONDS[0]
            while True:
                try:
                    if connection is not None and closed_by_peer(connection):
                        connection.close()
                        connection = None
                    if connection is None:
                        connection = socket.create_connection(self.address, timeout=TIMEOUT_SECONDS)
                    connection.sendall(batch)
                    break
                except OSError as exc:
                    if connection is not None:
                        connection.close()
                        connection = None
                    self._went_down(exc)
                    if self._closing.wait(wait):
                        return  # stopping while Logstash is away: the rest is on stdout only
                    wait = min(wait * 2, RETRY_SECONDS[1])
            self._came_back()
        if connection is not None:
            connection.close()

    def _went_down(self, error: OSError) -> None:
        if not self._down:
            self._down = True
            log.warning(
                "cannot ship logs to Logstash at %s:%d (%s): requests go on; up to %d lines wait for it, "
                "later ones are dropped (they are on stdout)",
                *self.address,
                error,
                self._lines.maxsize,
            )

    def _came_back(self) -> None:
        if self._down:
            self._down = False
            log.info("shipping logs to Logstash at %s:%d again", *self.address)
        self.acquire()  # emit() counts under the same lock
        try:
            dropped, self._dropped = self._dropped, 0
        finally:
            self.release()
        if dropped:
            log.warning("%d log lines were not shipped to Logstash: its queue was full", dropped)


def closed_by_peer(connection: socket.socket) -> bool:
    """Logstash never writes: a readable connection is one it closed. Checked before each send,
    as a send into a closed connection may seem to succeed and lose its lines."""
    poller = select.poll()
    poller.register(connection, select.POLLIN)
    return bool(poller.poll(0)) and not connection.recv(1, socket.MSG_PEEK)


def create() -> None:
    """Ships through logging alone, with no per-request hook."""
    host = env_value(os.environ, "LOGSTASH_HOST")
    if host is None:
        log.info("log shipping to Logstash is off: LOGSTASH_HOST is not set")
        return
    port = env_int(os.environ, "LOGSTASH_PORT", 5000, minimum=1, maximum=65535)
    logging.getLogger().addHandler(LogstashHandler(host, port))
