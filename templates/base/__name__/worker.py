"""gunicorn's gevent worker with a shutdown that loses no request (gunicorn.conf.py names it).

On SIGTERM gunicorn's own worker closes its listening socket within a second, and the kernel resets
every connection it had completed that no worker had accepted yet: their requests are lost. This one:

1. drains for DRAIN_SECONDS: /health/ready answers 503, so that load balancers stop sending, while
   every request is still accepted and answered, each with `Connection: close`;
2. stops new connections at the listening socket itself (a filter drops their SYN, so clients retry
   and are refused once it closes), and closes it only once every connection queued on it is accepted;
3. then finishes what it took within graceful_timeout, as gunicorn's worker does.
"""

from __future__ import annotations

import ctypes
import socket
import struct
import sys
import time
from typing import Any

import gevent
from gunicorn.workers.ggevent import GeventWorker

from .config import Settings

_SO_ATTACH_FILTER = 26  # Linux's socket option number, which Python's socket module does not name
# One classic BPF instruction, `ret #0`: keep nothing of any packet.
_DROP_ALL = struct.pack("HBBI", 0x06, 0, 0, 0)
#: Seconds to wait for the connections queued on a listening socket to be accepted.
_QUEUE_WAIT = 5.0

_draining = False


def draining() -> bool:
    """Whether this process has been asked to stop (and is answering its last requests)."""
    return _draining


def _refuse_new_connections(listener: socket.socket) -> None:
    program = ctypes.create_string_buffer(_DROP_ALL, len(_DROP_ALL))
    # struct sock_fprog: the instruction count, then a pointer to them.
    listener.setsockopt(socket.SOL_SOCKET, _SO_ATTACH_FILTER, struct.pack("HP", 1, ctypes.addressof(program)))


def _queued(listener: socket.socket) -> int:
    """Connections the kernel has completed on a listening socket and no process has accepted yet:
    Linux reports them as a listener's tcpi_unacked (struct tcp_info, offset 24)."""
    return int(struct.unpack_from("I", listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 32), 24)[0])


class Worker(GeventWorker):
    def handle_exit(self, sig: int, frame: Any) -> None:
        global _draining
        if not _draining:
            _draining = True
            gevent.spawn(self._drain)

    def _drain(self) -> None:
        gevent.sleep(Settings.from_env().drain_seconds)
        if sys.platform == "linux":
            listeners = [s for s in self.sockets if s.family in (socket.AF_INET, socket.AF_INET6)]
            for listener in listeners:
                _refuse_new_connections(listener)
            until = time.monotonic() + _QUEUE_WAIT
            while any(_queued(s) for s in listeners) and time.monotonic() < until:
                gevent.sleep(0.01)
        self.alive = False  # gunicorn's worker closes its listening sockets and finishes what it took
