"""Slow clients against gunicorn on 127.0.0.1: how long a normal request waits meanwhile.

Two attacks, each with ``--clients`` connections (2 by default), against
``gunicorn -c gunicorn.conf.py app:app`` on a fresh SQLite file:

* **slow headers** ("slowloris"): each client sends a request line, then one header line
  per second for ``--hold`` seconds, then the blank line;
* **lingering readers**: each client sends a whole request, reads the whole reply, and keeps
  the socket open for ``--hold`` seconds (once with HTTP/1.1 keep-alive, once with
  ``Connection: close``).

While they hold their connections, a normal ``GET /healthz`` (own connection) is timed. The
script prints, per attack, the normal request's latency and whether it was served before the
slow clients finished. Extra arguments after ``--`` go to gunicorn and override
``gunicorn.conf.py`` (the "before" figures: ``-- -k sync --threads 1 --workers 2``)::

    python bench/slow_clients.py                               # the shipped settings
    python bench/slow_clients.py -- -k sync --threads 1 -w 2   # the old ones
"""

from __future__ import annotations

import argparse
import http.client
import json
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import Gunicorn  # noqa: E402


def _slow_headers(port: int, hold: float, started: threading.Event, done: list) -> None:
    s = socket.create_connection(("127.0.0.1", port))
    try:
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started.set()
        end = time.monotonic() + hold
        i = 0
        while time.monotonic() < end:
            time.sleep(1)
            s.sendall(b"X-Slow-%d: 1\r\n" % i)
            i += 1
        s.sendall(b"Connection: close\r\n\r\n")
        s.settimeout(30)
        while s.recv(65536):
            pass
    except OSError:
        pass
    finally:
        done.append(time.monotonic())
        s.close()


def _lingering_reader(port: int, hold: float, close: bool, started: threading.Event,
                      done: list) -> None:
    s = socket.create_connection(("127.0.0.1", port))
    try:
        extra = b"Connection: close\r\n" if close else b""
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + b"\r\n")
        s.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:         # the reply's headers, then its small body
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        while len(body) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        started.set()
        time.sleep(hold)                        # the reply is read; the socket stays open
    except OSError:
        started.set()
    finally:
        done.append(time.monotonic())
        s.close()


def normal_request(port: int, timeout: float = 60) -> float:
    """Seconds for one ``GET /healthz`` on a new connection (read to the end, then closed)."""
    t0 = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/healthz")
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"/healthz answered {resp.status}")
    finally:
        conn.close()
    return time.monotonic() - t0


def attack(port: int, kind: str, clients: int, hold: float) -> dict:
    """Start ``clients`` slow clients, time a normal request while they hold on."""
    events, done, threads = [], [], []
    for _ in range(clients):
        ev = threading.Event()
        if kind == "slow_headers":
            t = threading.Thread(target=_slow_headers, args=(port, hold, ev, done), daemon=True)
        else:
            t = threading.Thread(target=_lingering_reader,
                                 args=(port, hold, kind == "linger_close", ev, done),
                                 daemon=True)
        t.start()
        threads.append(t)
        events.append(ev)
    for ev in events:
        ev.wait(10)
    time.sleep(0.3)                          # let the server pick the slow connections up
    t0 = time.monotonic()
    latency = normal_request(port)
    served_at = t0 + latency
    for t in threads:
        t.join(hold + 40)
    return {"attack": kind, "clients": clients, "hold_s": hold,
            "normal_request_ms": round(latency * 1000, 1),
            "served_before_slow_clients_finished": bool(done) and served_at < min(done)}


def run(extra: list[str], clients: int, hold: float, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bghit-slow-") as tmp:
        env = {"BGHIT_DB": str(Path(tmp) / "bghit.sqlite3"), "SIMULATOR": "0",
               "PYTHONUNBUFFERED": "1", "SECRET_KEY": "bench-secret-key-0123456789"}
        log = Path(tmp) / "gunicorn.log"
        with Gunicorn("app:app", env, log=log, extra=extra) as g:
            for _ in range(20):                  # the workers are up and have served once
                try:
                    normal_request(g.port, timeout=5)
                    break
                except OSError:
                    time.sleep(0.2)
            idle = sorted(normal_request(g.port) for _ in range(20))
            rows = []
            for kind in ("slow_headers", "linger_keepalive", "linger_close"):
                for _ in range(repeat):
                    rows.append(attack(g.port, kind, clients, hold))
        return {"gunicorn_args": extra or ["(gunicorn.conf.py)"],
                "idle_request_ms_median": round(idle[len(idle) // 2] * 1000, 1),
                "attacks": rows}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=2)
    ap.add_argument("--hold", type=float, default=6.0, help="seconds each slow client holds on")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    result = run(extra, args.clients, args.hold, args.repeat)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
