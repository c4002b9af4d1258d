"""gunicorn's gevent worker, with a shutdown that loses no request and connections that a slow
client cannot hoard (gunicorn.conf.py names it).

On SIGTERM gunicorn's own worker closes its listening socket within a second, and the kernel resets
every connection it had completed that no worker had accepted yet: their requests are lost. When
the whole server stops (SIGTERM to the master, `drain_on_term`), each worker instead:

1. drains for DRAIN_SECONDS: /health/ready answers 503, so that load balancers stop sending, while
   every request is still accepted and answered, each with `Connection: close`;
2. stops new connections at the listening socket itself (a filter drops their SYN, so clients retry
   and are refused once it closes), and closes it only once every connection queued on it is accepted;
3. then finishes what it took within graceful_timeout, as gunicorn's worker does.

A worker retired alone (SIGHUP's reload, SIGTTOU) stops as gunicorn's does: the others keep the
listening socket open, and take what is queued on it.

A slow client (slowloris) trickling its headers held a connection for the whole keep-alive time, and
2,000 of them filled both workers' connections: nothing else was accepted. Here the head of a
connection's first request must arrive whole within REQUEST_TIMEOUT, however it trickles; and once a
worker's connections near `worker_connections`, each new one closes the connection that has waited
longest for a request's head (an idle kept-alive one, or the slowest sender), so that there is
always room for a client that sends at once.
"""

from __future__ import annotations

import contextlib
import ctypes
import socket
import struct
import sys
import time
from collections.abc import Iterator
from multiprocessing.sharedctypes import RawValue
from typing import Any

import gevent
from greenlet import greenlet
from gunicorn.workers.ggevent import GeventWorker

from .config import Settings

_SO_ATTACH_FILTER = 26  # Linux's socket option number, which Python's socket module does not name
# One classic BPF instruction, `ret #0`: keep nothing of any packet.
_DROP_ALL = struct.pack("HBBI", 0x06, 0, 0, 0)
#: Seconds to wait for the connections queued on a listening socket to be accepted.
_QUEUE_WAIT = 5.0
#: Connections kept free for clients that send at once: beyond worker_connections less these, the
#: slowest are shed.
_ROOM = 50

_draining = False
# Set by the master once it is stopping: shared memory, made when gunicorn.conf.py imports this
# module, before the workers are forked.
_server_stopping = RawValue("b", 0)


def draining() -> bool:
    """Whether this process has been asked to stop (and is answering its last requests)."""
    return _draining


def drain_on_term(server: Any) -> None:
    """Have the workers drain when gunicorn's master (the arbiter) is sent SIGTERM: its when_ready hook."""
    stop = server.handle_term

    def handle_term() -> None:
        _server_stopping.value = 1
        stop()

    server.handle_term = handle_term


def _refuse_new_connections(listener: socket.socket) -> None:
    program = ctypes.create_string_buffer(_DROP_ALL, len(_DROP_ALL))
    # struct sock_fprog: the instruction count, then a pointer to them.
    listener.setsockopt(socket.SOL_SOCKET, _SO_ATTACH_FILTER, struct.pack("HP", 1, ctypes.addressof(program)))


def _queued(listener: socket.socket) -> int:
    """Connections the kernel has completed on a listening socket and no process has accepted yet:
    Linux reports them as a listener's tcpi_unacked (struct tcp_info, offset 24)."""
    return int(struct.unpack_from("I", listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 32), 24)[0])


class Worker(GeventWorker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._settings = Settings.from_env()
        self._connections = 0
        self._first_head: set[greenlet] = set()  # connections still to send their first request
        # Connections waiting for a request's head, by when they started to wait (oldest first), with
        # the deadline that ends their wait.
        self._waiting: dict[greenlet, gevent.Timeout] = {}

    def handle(self, listener: Any, client: Any, addr: Any) -> None:
        connection = gevent.getcurrent()
        self._connections += 1
        if self._connections > self.worker_connections - _ROOM and self._waiting:
            gevent.get_hub().loop.run_callback(self._shed, *next(iter(self._waiting.items())))
        self._first_head.add(connection)
        try:
            super().handle(listener, client, addr)
        finally:
            self._connections -= 1
            self._first_head.discard(connection)

    def _shed(self, connection: greenlet, deadline: gevent.Timeout) -> None:
        """End a connection's wait for a head as its deadline would, if it is still waiting (in the
        hub: nothing runs between the check and the throw)."""
        if self._waiting.get(connection) is deadline:
            connection.throw(deadline)

    @contextlib.contextmanager
    def timeout_ctx(self) -> Iterator[None]:  # type: ignore[override]  # gunicorn's stubs say it returns None
        """The wait for a request's head (gunicorn's keep-alive loop): REQUEST_TIMEOUT for a
        connection's first, the keep-alive time for the next ones; either ends the connection."""
        connection = gevent.getcurrent()
        first = connection in self._first_head
        self._first_head.discard(connection)
        deadline = gevent.Timeout(self._settings.request_timeout if first else self.cfg.keepalive)
        self._waiting[connection] = deadline
        deadline.start()
        try:
            yield
        except gevent.Timeout as exc:
            if exc is not deadline:
                raise
            # No request: gunicorn's loop closes the connection.
        finally:
            deadline.close()
            del self._waiting[connection]

    def handle_exit(self, sig: int, frame: Any) -> None:
        global _draining
        if not _server_stopping.value:
            super().handle_exit(sig, frame)
        elif not _draining:
            _draining = True
            gevent.spawn(self._drain)

    def _drain(self) -> None:
        gevent.sleep(self._settings.drain_seconds)
        if sys.platform == "linux":
            listeners = [s for s in self.sockets if s.family in (socket.AF_INET, socket.AF_INET6)]
            for listener in listeners:
                _refuse_new_connections(listener)
            until = time.monotonic() + _QUEUE_WAIT
            while any(_queued(s) for s in listeners) and time.monotonic() < until:
                gevent.sleep(0.01)
        self.alive = False  # gunicorn's worker closes its listening sockets and finishes what it took
