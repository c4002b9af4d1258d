"""Structured logging: one JSON object per line on stdout.

The current request id lives in a context variable that the formatter reads, so
every line logged while a request is being served carries it, whichever
logger wrote the line (ours, the framework's, a library's).
"""

from __future__ import annotations

import logging
import logging.config
import os
import threading
import time
from contextvars import ContextVar
from typing import Any

import orjson

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "json_line"}


class JsonFormatter(logging.Formatter):
    # The second of the last timestamp and its text, as one value (threads may share a formatter):
    # most lines fall in the same second as the one before.
    _second: tuple[int, str] = (-1, "")

    def format(self, record: logging.LogRecord) -> str:
        # Formatted once per record, whichever handlers (stdout, Logstash) write it.
        line: str | None = record.__dict__.get("json_line")
        if line is not None:
            return line
        entry: dict[str, Any] = {
            "timestamp": self._timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id.get(),
            "pid": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _RECORD_FIELDS:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # orjson: a tenth of json.dumps's time, and NaN becomes null rather than invalid JSON.
        record.json_line = line = orjson.dumps(entry, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
        return line

    def _timestamp(self, created: float) -> str:
        """ISO 8601 in UTC with milliseconds, e.g. 2026-01-31T12:00:00.123Z."""
        second = int(created)
        cached, text = self._second
        if cached != second:
            text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = (second, text)
        return f"{text}.{int((created - second) * 1000):03d}Z"


class AccessRecord(logging.LogRecord):
    """The record of one access line, made in a fraction of a LogRecord's time (there is one per
    request): what describes the calling source line, thread and exception is the same for every
    access line, copied from one dict. The request's fields are extras, as `extra=` makes them."""

    def __init__(self, name: str, method: str, path: str, route: str | None, status: int, seconds: float) -> None:
        self.__dict__.update(_ACCESS_CONSTANTS)
        self.name, self.args = name, (method, path, status)
        self.created = time.time()
        self.msecs = self.created % 1 * 1000
        self.relativeCreated = (self.created - _STARTED) * 1000
        self.process = os.getpid()
        self.method, self.path, self.route, self.status = method, path, route, status
        self.duration_ms = round(seconds * 1000, 3)


# Every attribute a LogRecord has, as formatters using record.__dict__ ("%(lineno)d") expect them.
_ACCESS_CONSTANTS = {
    **vars(logging.makeLogRecord({})),
    "levelno": logging.INFO, "levelname": "INFO", "msg": "%s %s %d", "thread": None, "threadName": None,
}
_STARTED = time.time()


def access(logger: logging.Logger, method: str, path: str, route: str | None, status: int, seconds: float) -> None:
    """Write one access line to `logger`'s handlers, if it logs INFO."""
    if logger.isEnabledFor(logging.INFO):
        logger.handle(AccessRecord(logger.name, method, path, route, status, seconds))


def logging_config(level: str) -> dict[str, Any]:
    """A dictConfig for the app and for gunicorn (see gunicorn.conf.py).

    gunicorn's error log goes through the JSON handler; its access log is
    silenced because the app writes its own access line, with the request id.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {
            "gunicorn.error": {"level": level, "handlers": [], "propagate": True},
            "gunicorn.access": {"handlers": [], "propagate": False},
        },
    }


def configure(level: str) -> None:
    logging.config.dictConfig(logging_config(level))
    # Python warnings (numpy's RuntimeWarnings, deprecations) become JSON lines too, not bare stderr text.
    logging.captureWarnings(True)


def capture_stderr() -> threading.Thread:
    """Turn whatever is written to file descriptor 2 into JSON lines, in this process and those it forks.

    Native libraries write there directly, past Python's logging (TensorFlow's C++ logs, the JVM's,
    a crashing worker's last words). gunicorn.conf.py calls this in the master, before the workers
    fork: a thread there reads the pipe the workers' stderr now is and logs each line.
    """
    read_end, write_end = os.pipe()
    os.dup2(write_end, 2)
    os.close(write_end)
    thread = threading.Thread(target=_log_lines, args=(read_end,), name="stderr-to-json", daemon=True)
    thread.start()
    return thread


def _log_lines(fd: int) -> None:
    stderr_log = logging.getLogger("stderr")
    with os.fdopen(fd, "rb") as pipe:
        for raw in pipe:
            line = raw.decode("utf-8", "replace").rstrip()
            if line:
                stderr_log.warning(line)
