"""gunicorn's threaded worker, made safe against slow clients when it faces the Internet.

``gunicorn.conf.py`` runs this worker (``worker_class``). A connection holds a thread, not a
process, while a request is read and handled, and idle kept-alive connections hold neither.
gunicorn 27's ``gthread`` still leaves two holes, both measured by ``bench/slow_clients.py``:

* **Slow headers.** Once a client's first byte arrives, a thread reads its request with a
  blocking socket and no deadline: a client sending one header line per second holds that
  thread for as long as it likes. Here a request must be read within ``header_timeout``
  seconds (``BGHIT_HEADER_TIMEOUT``, 10) and answered within gunicorn's ``timeout`` (30,
  what the sync worker allowed); past that the main loop shuts the socket down, which ends
  the blocked read (or write) at once and frees the thread.
* **Clients that keep the socket open after a ``Connection: close`` reply.** gunicorn closes
  such a connection "gracefully" (RFC 9112 §9.6: send FIN, then read until the client closes,
  at most 2 s) *in the worker's main loop*, which stops accepting and dispatching for every
  other connection of that process meanwhile. Here the lingering happens in the poller: the
  socket is half-closed, watched for the client's FIN, and closed after 2 s at the latest.

Everything else is gunicorn's own ``ThreadWorker``. A reverse proxy in front (``deploy/``,
``docs/deploy.md``) remains the real protection: it buffers whole requests before they reach
gunicorn.
"""

from __future__ import annotations

import os
import selectors
import socket
import threading
import time
from collections import deque
from functools import partial

from gunicorn.workers import gthread

#: How long a client has, from its first byte, to send the whole request line and headers.
HEADER_TIMEOUT = float(os.environ.get("BGHIT_HEADER_TIMEOUT") or 10)
#: How long a closing connection waits for the client's FIN (gunicorn's own linger).
LINGER = 2.0


class ThreadWorker(gthread.ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadlines: dict[gthread.TConn, float] = {}
        self._deadlines_guard = threading.Lock()
        self._lingering: deque = deque()          # (deadline, socket), oldest first

    # -- deadlines for reading (and then answering) a request, run in the worker threads --

    def _set_deadline(self, conn, seconds: float) -> None:
        with self._deadlines_guard:
            self._deadlines[conn] = time.monotonic() + seconds

    def handle(self, conn):
        self._set_deadline(conn, HEADER_TIMEOUT)
        try:
            return super().handle(conn)
        finally:
            with self._deadlines_guard:
                self._deadlines.pop(conn, None)

    def handle_request(self, req, conn):
        # The headers are in: the body, the app and the reply get gunicorn's timeout.
        self._set_deadline(conn, self.cfg.timeout or 30)
        return super().handle_request(req, conn)

    def _cut_overdue(self) -> None:
        now = time.monotonic()
        with self._deadlines_guard:
            overdue = [c for c, deadline in self._deadlines.items() if deadline < now]
            for conn in overdue:
                del self._deadlines[conn]
        for conn in overdue:
            self.log.warning("Closing a connection from %s: request not read or answered "
                             "in time", conn.client[0] if conn.client else "?")
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)     # wakes the thread blocked on it
            except OSError:
                pass

    # -- closing without blocking the main loop --

    def finish_request(self, conn, fs):
        try:
            closing = not fs.cancelled() and fs.exception() is None and fs.result() is False
        except Exception:
            closing = False
        if not closing:
            return super().finish_request(conn, fs)
        self.nr_conns -= 1
        sock = conn.sock
        try:
            sock.shutdown(socket.SHUT_WR)               # our FIN: the reply is complete
            sock.setblocking(False)
            self.poller.register(sock, selectors.EVENT_READ, partial(self._drain, sock))
        except (OSError, ValueError, KeyError):
            self._close(sock)
            return
        self._lingering.append((time.monotonic() + LINGER, sock))
        while len(self._lingering) > self.cfg.worker_connections:
            self._close(self._lingering.popleft()[1])

    def _drain(self, sock, _fileobj) -> None:
        try:
            if sock.recv(65536):
                return                                   # more to discard; wait for the FIN
        except BlockingIOError:
            return
        except OSError:
            pass
        self._close(sock)                                # the client closed: done

    def _close(self, sock) -> None:
        try:
            self.poller.unregister(sock)
        except (OSError, ValueError, KeyError):
            pass
        try:
            sock.close()
        except OSError:
            pass

    def _expire_lingering(self, force: bool = False) -> None:
        now = time.monotonic()
        while self._lingering and (force or self._lingering[0][0] < now
                                   or self._lingering[0][1].fileno() < 0):
            self._close(self._lingering.popleft()[1])

    # -- called by gunicorn's main loop once per turn (at least every second) --

    def murder_pending(self):
        super().murder_pending()
        self._cut_overdue()
        self._expire_lingering()

    def murder_keepalived(self, force=False):
        super().murder_keepalived(force)
        if force:
            self._expire_lingering(force=True)
