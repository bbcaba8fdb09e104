"""Production serving (issue 16): gunicorn started with ``gunicorn.conf.py`` as real processes
on 127.0.0.1, and the deployment files in ``deploy/``."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``gunicorn -c gunicorn.conf.py app:app`` on a fresh database; stderr kept in a file."""

    def __init__(self, tmp: Path, env: dict | None = None, args: list[str] | None = None,
                 app: str = "app:app"):
        self.tmp = Path(tmp)
        self.port = _free_port()
        self.log_path = self.tmp / f"gunicorn-{self.port}.log"
        # HOME and XDG_RUNTIME_DIR in tmp: whatever gunicorn creates by default lands there.
        base = {k: v for k, v in os.environ.items()
                if not k.startswith(("GUNICORN_", "WEB_CONCURRENCY", "XDG_RUNTIME_DIR"))}
        self.env = {**base, "HOME": str(self.tmp / "home"),
                    "BGHIT_DB": str(self.tmp / "bghit.sqlite3"), "SIMULATOR": "0",
                    "SECRET_KEY": "deploy-test-secret-0123456789", "PYTHONUNBUFFERED": "1",
                    **(env or {})}
        self.args = args or []
        self.app = app
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        (self.tmp / "home").mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "--bind",
             f"127.0.0.1:{self.port}", *self.args, self.app],
            cwd=ROOT, env=self.env, stdout=self._log, stderr=self._log,
            start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log()
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            time.sleep(0.1)
        raise AssertionError("gunicorn did not come up:\n" + self.log())

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)   # the group this test started
                self.proc.wait()
        self._log.close()

    def __exit__(self, *exc) -> None:
        self.stop()


# --------------------------------------------------------------------------
# 11. gunicorn's control socket is per instance, never the shared default
# --------------------------------------------------------------------------

def test_no_shared_control_socket_by_default_and_own_one_when_asked(tmp_path):
    """gunicorn 25+ opens ``$HOME/.gunicorn/gunicorn.ctl`` (or ``$XDG_RUNTIME_DIR/…``) for
    every instance of a user: the last one started takes it over, and the first one to stop
    removes it. Ours opens none unless ``GUNICORN_CONTROL_SOCKET`` names one."""
    shared = [tmp_path / "a" / "home" / ".gunicorn" / "gunicorn.ctl",
              tmp_path / "a" / "run" / "gunicorn.ctl"]
    (tmp_path / "a" / "run").mkdir(parents=True)
    own = tmp_path / "b" / "ctl" / "gunicorn.ctl"
    with Server(tmp_path / "a", env={"XDG_RUNTIME_DIR": str(tmp_path / "a" / "run")}), \
            Server(tmp_path / "b", env={"GUNICORN_CONTROL_SOCKET": str(own)}):
        time.sleep(0.5)
        assert not any(p.exists() for p in shared)
        assert own.is_socket()
        assert (own.stat().st_mode & 0o777) == 0o600


# --------------------------------------------------------------------------
# 6. gunicorn's own log lines survive the app's JSON logging set-up
# --------------------------------------------------------------------------

def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        return s.recv(200)


def test_gunicorn_lines_for_refused_requests_timeouts_and_crashes_are_written(tmp_path):
    """The app's logging set-up once switched off process ids for every record, and every
    line of gunicorn's (``[%(process)d]``) became a ``--- Logging error ---`` traceback. A sync
    worker with a 2 s timeout, so that a client stalled in its headers gets it killed."""
    with Server(tmp_path, args=["-k", "sync", "--workers", "1", "--timeout", "2"]) as server:
        assert _raw(server.port, b"GARBAGE\r\n\r\n").startswith(b"HTTP/1.1 400")
        assert _raw(server.port, b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\n\r\n") \
            .startswith(b"HTTP/1.1 414")
        stalled = socket.create_connection(("127.0.0.1", server.port))
        stalled.sendall(b"GET /healthz HTTP/1.1\r\n")          # never finished
        deadline = time.monotonic() + 20
        while "WORKER TIMEOUT" not in server.log() and time.monotonic() < deadline:
            time.sleep(0.2)
        stalled.close()
        # the replacement worker serves again
        assert requests.get(server.url + "/healthz", timeout=10).status_code == 200
    log = server.log()
    assert "Logging error" not in log, log
    assert "Invalid HTTP request line: 'GARBAGE'" in log
    assert "Request Line is too large" in log
    assert "WORKER TIMEOUT" in log
    assert "Booting worker with pid" in log and "Shutting down: Master" in log
