"""Production serving (issue 16): gunicorn started with ``gunicorn.conf.py`` as real processes
on 127.0.0.1, and the deployment files in ``deploy/``."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT
from tests.waiting import wait_for

pytestmark = pytest.mark.slow

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

    def __enter__(self) -> Server:
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
        # b, started after a, has opened its socket: a has had as long to open a shared one.
        wait_for(own.is_socket, 10, "the second server's own control socket")
        # gunicorn binds the socket, then sets its mode: a check between the two saw 0o755
        wait_for(lambda: own.stat().st_mode & 0o777 == 0o600, 5, "the socket's mode 0600")
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
    with Server(tmp_path, args=["-k", "sync", "--threads", "1", "--workers", "1",
                                "--timeout", "2"]) as server:
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


# --------------------------------------------------------------------------
# 2. Slow clients hold a thread, never the service (figures: bench/slow_clients.py)
# --------------------------------------------------------------------------

def _normal_request(url: str, served: list) -> None:
    assert requests.get(url + "/healthz", timeout=60).status_code == 200
    served.append(time.monotonic())


def test_a_normal_request_is_served_while_two_clients_send_their_headers_slowly(tmp_path):
    """Two connections sending one header line per second used to hold both sync workers
    until they were done; now each holds one thread."""
    finished: list[float] = []

    def slow(port: int, in_headers: threading.Event) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            for i in range(4):
                time.sleep(1)                            # one header a second: the subject
                s.sendall(b"X-Slow-%d: 1\r\n" % i)
                in_headers.set()
            s.sendall(b"Connection: close\r\n\r\n")
            while s.recv(65536):
                pass
            finished.append(time.monotonic())

    with Server(tmp_path) as server:                     # the shipped settings, as they are
        in_headers = [threading.Event() for _ in range(2)]
        threads = [threading.Thread(target=slow, args=(server.port, ev)) for ev in in_headers]
        for t in threads:
            t.start()
        assert all(ev.wait(10) for ev in in_headers)     # both are in their headers
        served: list[float] = []
        _normal_request(server.url, served)
        for t in threads:
            t.join(30)
    assert len(finished) == 2                            # the slow ones are answered too
    assert served[0] < min(finished), "the normal request waited for the slow clients"


def test_a_normal_request_is_served_while_clients_keep_their_socket_open(tmp_path):
    """Two clients read their ``Connection: close`` reply and keep the socket open. gunicorn
    lingers (up to 2 s) for them to close, and used to do it in the worker (sync) or in the
    worker's main loop (gthread), so the next request waited. One worker process, so that no
    other process can serve it instead. A lingering client learns that the server gave up on
    it when a byte it sends is refused (reset)."""
    given_up: list[float] = []

    def lingering(port: int, answered: threading.Event) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while b'"status"' not in data:
                chunk = s.recv(65536)
                assert chunk, data
                data += chunk
            answered.set()
            s.settimeout(0.05)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    s.send(b"x")
                    s.recv(1)
                except TimeoutError:
                    continue
                except OSError:                          # reset: the server closed it
                    given_up.append(time.monotonic())
                    return
                time.sleep(0.05)                         # recv gave b"": EOF of the reply

    with Server(tmp_path, env={"WEB_CONCURRENCY": "1"}) as server:
        answered = [threading.Event() for _ in range(2)]
        threads = [threading.Thread(target=lingering, args=(server.port, ev)) for ev in answered]
        for t in threads:
            t.start()
            time.sleep(0.1)
        served: list[float] = []
        normal = threading.Thread(target=_normal_request, args=(server.url, served))
        for ev in answered:          # the old workers answered the second one only after
            assert ev.wait(10)       # giving up on the first
        normal.start()
        normal.join(60)
        for t in threads:
            t.join(40)
    assert served and len(given_up) == 2
    assert served[0] < min(given_up), "the normal request waited for a lingering client"


def test_a_client_that_never_finishes_its_headers_is_cut_off(tmp_path):
    """More stalled clients than threads would otherwise hold every thread for ever: a
    request must be read within ``BGHIT_HEADER_TIMEOUT`` seconds (1 here)."""
    with Server(tmp_path, env={"BGHIT_HEADER_TIMEOUT": "1", "WEB_CONCURRENCY": "1",
                               "GUNICORN_THREADS": "2"}) as server:
        stalled = [socket.create_connection(("127.0.0.1", server.port), timeout=30)
                   for _ in range(3)]
        for s in stalled:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")      # never finished
        for s in stalled:
            assert s.recv(65536) == b""                  # the server closed it
            s.close()
        assert requests.get(server.url + "/healthz", timeout=10).status_code == 200
    assert "request not read or answered in time" in server.log()


# --------------------------------------------------------------------------
# 2. The deployment files in deploy/ (docs/deploy.md)
# --------------------------------------------------------------------------

DEPLOY = ROOT / "deploy"


def _nginx_site(tmp: Path, http_port: int, https_port: int, upstream: int) -> Path:
    """deploy/nginx.conf with this machine's loopback ports, a self-signed certificate and
    log paths in ``tmp``: nothing else changed."""
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=bghit.example.org", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen [::]:80;": "", "listen [::]:443 ssl;": "",
        "/etc/letsencrypt/live/bghit.example.org/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/bghit.example.org/privkey.pem": str(key),
        "127.0.0.1:8000": f"127.0.0.1:{upstream}",
        "/var/log/bghit/": f"{tmp}/", "/var/www/letsencrypt": str(tmp),
    }
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    site = tmp / "bghit-site.conf"
    site.write_text(text, encoding="utf-8")
    main = tmp / "nginx-main.conf"
    temp = "\n".join(f"    {kind}_temp_path {tmp}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main.write_text(f"pid {tmp}/nginx.pid;\nerror_log {tmp}/nginx-main-error.log;\n"
                    f"events {{ worker_connections 64; }}\n"
                    f"http {{\n{temp}\n    access_log off;\n    include {site};\n}}\n",
                    encoding="utf-8")
    return main


@pytest.mark.skipif(not (Path("/usr/sbin/nginx").exists() or
                         subprocess.run(["sh", "-c", "command -v nginx"],
                                        capture_output=True).returncode == 0),
                    reason="nginx is not installed (apt-get install nginx)")
def test_nginx_config_is_valid_and_serves_the_bot_over_tls(tmp_path):
    nginx = subprocess.run(["sh", "-c", "command -v nginx || echo /usr/sbin/nginx"],
                           capture_output=True, text=True).stdout.strip()
    http_port, https_port = _free_port(), _free_port()
    with Server(tmp_path / "web", env={"TRUSTED_PROXIES": "1"}) as server:   # as deployed
        main = _nginx_site(tmp_path, http_port, https_port, server.port)
        check = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(main)],
                               capture_output=True, text=True, timeout=30)
        assert check.returncode == 0, check.stderr
        assert "test is successful" in check.stderr
        proc = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(main),
                                 "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, start_new_session=True)
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                with contextlib.suppress(OSError):
                    socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                    break
                assert proc.poll() is None, proc.stderr.read().decode()
                time.sleep(0.1)
            with pytest.warns(Warning):                 # urllib3: unverified (self-signed)
                resp = requests.get(f"https://127.0.0.1:{https_port}/healthz", timeout=10,
                                    verify=False, headers={"Host": "bghit.example.org"})
            assert resp.status_code == 200 and resp.json()["status"] == "ok"
            # Once: nginx's own (the app's, sent over https too, is hidden, not doubled).
            assert resp.headers["Strict-Transport-Security"] == "max-age=31536000"
            assert resp.headers["X-Content-Type-Options"] == "nosniff"
            # 1 MB: a product photo reaches the app (its login/CSRF check answers), anything
            # else is stopped by nginx at 64k.
            host = {"Host": "bghit.example.org"}
            with pytest.warns(Warning):
                photo = requests.post(f"https://127.0.0.1:{https_port}/admin/coops/x/products/"
                                      "new", data=b"x" * 1_000_000, timeout=10, verify=False,
                                      headers=host, allow_redirects=False)
                other = requests.post(f"https://127.0.0.1:{https_port}/webhooks/twilio",
                                      data=b"x" * 100_000, timeout=10, verify=False,
                                      headers=host)
            assert photo.status_code != 413 and other.status_code == 413
            plain = requests.get(f"http://127.0.0.1:{http_port}/healthz", timeout=10,
                                 allow_redirects=False, headers={"Host": "bghit.example.org"})
            assert plain.status_code == 301
            assert plain.headers["Location"] == "https://bghit.example.org/healthz"
        finally:
            proc.terminate()
            proc.wait(20)
    access = (tmp_path / "nginx-access.log").read_text(encoding="utf-8")
    assert '"GET /healthz HTTP/1.1" 200' in access


@pytest.mark.skipif(subprocess.run(["sh", "-c", "command -v systemd-analyze"],
                                   capture_output=True).returncode != 0,
                    reason="systemd-analyze is not installed")
def test_systemd_units_verify(tmp_path):
    """``systemd-analyze verify`` on the units, with /opt/bghit read as this checkout."""
    bin_dir = str(Path(sys.executable).parent) + "/"
    units = []
    for unit in sorted((DEPLOY / "systemd").iterdir()):
        text = unit.read_text(encoding="utf-8")
        text = text.replace("/opt/bghit/.venv/bin/", bin_dir).replace("/opt/bghit", str(ROOT))
        (tmp_path / unit.name).write_text(text, encoding="utf-8")
        units.append(str(tmp_path / unit.name))
    assert {Path(u).name for u in units} >= {"bghit-web.service", "bghit-worker.service",
                                             "bghit-backup.service", "bghit-backup.timer"}
    out = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True,
                         text=True, timeout=60)
    ours = [line for line in (out.stdout + out.stderr).splitlines() if "bghit-" in line]
    assert out.returncode == 0 and not ours, out.stdout + out.stderr


@pytest.mark.skipif(subprocess.run(["sh", "-c", "command -v logrotate"],
                                   capture_output=True).returncode != 0,
                    reason="logrotate is not installed")
def test_logrotate_config_parses(tmp_path):
    conf = (DEPLOY / "logrotate.conf").read_text(encoding="utf-8")
    conf = conf.replace("/var/log/bghit/", f"{tmp_path}/").replace("create 0640 www-data adm",
                                                                      "create 0640")
    (tmp_path / "nginx-access.log").write_text("x\n")
    (tmp_path / "bghit.logrotate").write_text(conf, encoding="utf-8")
    out = subprocess.run(["logrotate", "-d", "-s", str(tmp_path / "state"),
                          str(tmp_path / "bghit.logrotate")], capture_output=True, text=True,
                         timeout=30)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "error" not in (out.stdout + out.stderr).lower(), out.stdout + out.stderr


def test_backup_script_writes_a_checked_copy_and_prunes_old_ones(tmp_path):
    from bot import store
    live = tmp_path / "live" / "bghit.sqlite3"
    store.connect(live)
    store.close_all()
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "bghit-20200101T000000Z.sqlite3"
    old.write_bytes(b"")
    os.utime(old, (time.time() - 30 * 86400,) * 2)
    env = {**os.environ, "BGHIT_DB": str(live), "BACKUP_DIR": str(backups), "KEEP_DAYS": "14",
           "BGHIT_PYTHON": sys.executable, "SECRET_KEY": "deploy-test-secret-0123456789"}
    out = subprocess.run([str(DEPLOY / "backup.sh")], env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    copies = sorted(backups.glob("bghit-*.sqlite3"))
    assert len(copies) == 1 and copies[0] != old
    assert (copies[0].stat().st_mode & 0o777) == 0o600
    import sqlite3
    conn = sqlite3.connect(copies[0])
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    finally:
        conn.close()


# --------------------------------------------------------------------------
# 12. The whole dependency tree pinned with hashes, and installed from the locks
# --------------------------------------------------------------------------

def _pins(path: Path) -> dict[str, tuple[str, int]]:
    """``{name: (version, number of hashes)}`` of a pip-compile lock (or a plain file)."""
    pins: dict[str, tuple[str, int]] = {}
    name = None
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.split("#", 1)[0].strip().rstrip("\\").strip()
        if not stripped or stripped.startswith("-r"):
            continue
        if stripped.startswith("--hash=sha256:"):
            version, count = pins[name]
            pins[name] = (version, count + 1)
            continue
        name, version = stripped.split("==")
        name = name.lower().replace("_", "-")
        pins[name] = (version.strip(), 0)
    return pins


@pytest.mark.parametrize("inputs, lock", [("requirements.txt", "requirements.lock"),
                                          ("requirements-dev.txt", "requirements-dev.lock")])
def test_locks_pin_every_input_with_hashes(inputs, lock):
    locked = _pins(ROOT / lock)
    direct = _pins(ROOT / inputs)
    if inputs == "requirements-dev.txt":
        direct.update(_pins(ROOT / "requirements.txt"))
    for name, (version, _) in direct.items():
        assert locked.get(name, ("missing",))[0] == version, (lock, name)
    assert all(count >= 1 for _, count in locked.values()), lock
    assert len(locked) > len(direct)                  # the dependencies of dependencies too


def test_runtime_lock_agrees_with_the_dev_lock():
    dev = _pins(ROOT / "requirements-dev.lock")
    for name, (version, _) in _pins(ROOT / "requirements.lock").items():
        assert dev[name][0] == version, name


@pytest.mark.parametrize("script, lock", [("run", "requirements.lock"),
                                          ("test", "requirements-dev.lock")])
def test_readme_commands_install_from_the_locks(script, lock):
    text = (ROOT / script).read_text(encoding="utf-8")
    assert f"--require-hashes -r {lock}" in text
    assert "-r requirements.txt" not in text and "-r requirements-dev.txt" not in text
