"""Run a WSGI app on 127.0.0.1 in a background thread, with fault knobs.

:class:`LocalServer` is the bare runner (``start()``/``stop()``, context
manager, ``base_url``, ``down()``/``up()`` on the same port).
:class:`FakeCourierServer` adds the fault-injection knobs shared by the fake
couriers: ``fail_next``, ``delay_next``, ``validation_error_next`` and a log
of requests. Subclasses build a Flask app in ``build_app`` and say how a
validation error looks in ``validation_response``.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from flask import Flask, Response, g, jsonify, request
from werkzeug.serving import WSGIRequestHandler, make_server


class _QuietHandler(WSGIRequestHandler):
    """No request lines in logs: Ozon's paths carry its API key."""

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log_error(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log(self, *args: Any, **kwargs: Any) -> None:
        pass


class LocalServer:
    """A threaded WSGI server on a free 127.0.0.1 port."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0):
        self.app = app
        self.host = host
        self.port = port
        self._server = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> LocalServer:
        """Bind (port 0 → a free port, remembered for ``up()``) and serve."""
        if self._server is not None:
            return self
        server = make_server(self.host, self.port, self.app,
                             threaded=True, request_handler=_QuietHandler)
        server.daemon_threads = True
        self.port = server.port
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the port (connections are then refused)."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread:
            self._thread.join(timeout=2)

    # Fault knobs at the socket level.
    def down(self) -> None:
        """Close the port: clients get "connection refused"."""
        self.stop()

    def up(self) -> None:
        """Serve again on the same port."""
        self.start()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()


class FakeCourierServer(LocalServer):
    """A fake courier: state + knobs around a Flask app."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.created: Counter[str] = Counter()  # our reference → parcels created
        self.requests: list[dict] = []          # every request seen, in order
        self._fail: list[tuple[int, str | None]] = []
        self._delay: list[tuple[float, str | None]] = []
        self._invalid_next: list[tuple[str, int, str | None]] = []
        app = Flask(type(self).__name__)
        app.before_request(self._before)
        app.after_request(self._after)
        self.build_app(app)
        super().__init__(app)

    # -- to implement ------------------------------------------------------

    def build_app(self, app: Flask) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def validation_response(self, message: str, status: int) -> Response:  # pragma: no cover
        raise NotImplementedError

    # -- knobs -------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 503, path: str | None = None) -> None:
        """The next ``n`` requests (whose path contains ``path``) get ``status``
        and do nothing."""
        with self.lock:
            self._fail.extend([(status, path)] * n)

    def delay_next(self, n: int = 1, seconds: float = 1.0, path: str | None = None) -> None:
        """The next ``n`` normally handled requests (not those failed by the
        other knobs) are handled (parcel created!) and then answered
        ``seconds`` late: "success after the client's timeout"."""
        with self.lock:
            self._delay.extend([(seconds, path)] * n)

    def validation_error_next(
        self, n: int = 1, message: str = "Validation error", status: int = 200,
        path: str | None = None
    ) -> None:
        """The next ``n`` requests get the courier's validation-error shape
        (HTTP ``status``: 200 with a failure flag, or 4xx such as 422)."""
        with self.lock:
            self._invalid_next.extend([(message, status, path)] * n)

    def count(self, path_part: str, method: str | None = None) -> int:
        """How many requests hit a path containing ``path_part``."""
        with self.lock:
            return sum(1 for r in self.requests if path_part in r["path"]
                       and (method is None or r["method"] == method))

    # -- hooks -------------------------------------------------------------

    @staticmethod
    def _take(queue: list, path: str) -> Any:
        for i, item in enumerate(queue):
            if item[-1] is None or item[-1] in path:
                return queue.pop(i)
        return None

    def _before(self) -> Response | None:
        with self.lock:
            body = request.get_data(cache=True)  # first: form parsing then reuses it
            self.requests.append({
                "method": request.method, "path": request.path,
                "args": request.args.to_dict(), "form": request.form.to_dict(),
                "json": request.get_json(silent=True), "headers": dict(request.headers),
                "body": body,
            })
            failure = self._take(self._fail, request.path)
            invalid = None if failure else self._take(self._invalid_next, request.path)
            delay = None if failure or invalid else self._take(self._delay, request.path)
        g.delay = delay[0] if delay else 0.0
        if failure:
            return jsonify({"success": False, "message": "Service unavailable"}), failure[0]
        if invalid:
            return self.validation_response(invalid[0], invalid[1])
        return None

    def _after(self, response: Response) -> Response:
        if getattr(g, "delay", 0):
            time.sleep(g.delay)
        return response
