"""Structured logging: one JSON object per line on stdout.

The current request id lives in a context variable that the formatter reads, so
every line logged while a request is being served carries it, whichever
logger wrote the line (ours, the framework's, a library's).
"""

from __future__ import annotations

import json
import logging
import logging.config
import os
import threading
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
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
        return json.dumps(entry, default=str)


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
