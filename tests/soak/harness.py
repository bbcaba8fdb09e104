"""Fault-and-abuse harness shared by ``tests/test_faults.py`` and ``tests/soak/soak.py``.

* :class:`Customer`: drives one customer through full orders over real HTTP with signed
  requests, behaving like Twilio on failure (same ``MessageSid`` and
  ``I-Twilio-Idempotency-Token`` again after a refused connection, a timeout or a 5xx)
  and like a person on the apology (writes the message again). Records the order
  numbers it was told are confirmed.
* :class:`Stack`: gunicorn (several workers) + ``flask worker`` as real subprocesses
  against one SQLite file, with SIGKILL and restart.
* :func:`invariants`: every confirmed order stored once, forwarded once, alerts sent once.

Everything talks to 127.0.0.1 only; every loop is bounded in count and time.
"""

from __future__ import annotations

import collections
import concurrent.futures
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
import yaml
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "coops" / "demo" / "coop.yml"
COOP_WA = "whatsapp:+14155238886"
ORDER_RE = re.compile(r"\b[A-Z]{1,4}-\d{4,}\b")
BUSY_MARKERS = ("petit souci technique", "small technical problem", "kayn mochkil sghir",
                "كاين مشكل صغير")

#: A new customer's order in Darija (Latin script); the second message is sent twice at
#: the same instant with another one (both lines must end up in the cart).
NEW_ORDER = ["salam", ("bghit 1 amlou 250g", "zid 2 ghassoul"), "safi", "Omar Benali",
             "casa", "Hay Nahda rue 5 n 12", "iyeh"]
#: A returning customer: saved details are offered and accepted.
AGAIN_ORDER = ["bghit 1 amlou 500g", "safi", "iyeh", "iyeh"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def replies_of(twiml: str) -> list[str]:
    import html
    return [html.unescape(m) for m in re.findall(r"<Message>(.*?)</Message>", twiml, re.S)]


def is_apology(text: str) -> bool:
    return any(m in text for m in BUSY_MARKERS)


@dataclass
class Stats:
    """Counters shared by every customer of a run (thread-safe enough: one lock)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    messages: int = 0             # distinct messages (sids) the bot processed
    posts: int = 0                # HTTP posts, redeliveries included
    redeliveries: int = 0         # same sid posted again on purpose (Twilio retry)
    concurrent_pairs: int = 0     # two messages of one customer at the same instant
    apologies: int = 0            # "small technical problem" replies (HTTP 200)
    status: collections.Counter = field(default_factory=collections.Counter)
    transport_errors: int = 0     # refused / reset / timed out (web server killed)
    confirmed: dict = field(default_factory=dict)      # order number → phone
    failed_customers: list = field(default_factory=list)

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                setattr(self, k, getattr(self, k) + v)

    def as_dict(self) -> dict:
        return {"messages": self.messages, "posts": self.posts, "redeliveries": self.redeliveries,
                "concurrent_pairs": self.concurrent_pairs, "apologies": self.apologies,
                "http_status": dict(self.status), "transport_errors": self.transport_errors,
                "orders_confirmed": len(self.confirmed),
                "failed_customers": len(self.failed_customers)}


class Customer:
    """One customer's phone; see the module docstring."""

    def __init__(self, base_url, phone: str, token: str, stats: Stats, *,
                 redeliver: float = 0.1, patience: float = 60.0, rng=None, to: str = COOP_WA,
                 timeout: float = 20.0):
        self.base_url = base_url if callable(base_url) else (lambda: base_url)
        self.phone = phone
        self.validator = RequestValidator(token)
        self.stats = stats
        self.redeliver = redeliver
        self.patience = patience
        self.rng = rng or random.Random()
        self.to = to
        self.timeout = timeout
        self.session = requests.Session()
        self.orders: list[str] = []

    # -- one message, delivered like Twilio does ----------------------------------
    def post_once(self, params: dict, token: str) -> requests.Response | None:
        base = self.base_url()
        url = base + "/webhooks/twilio"
        headers = {"X-Twilio-Signature": self.validator.compute_signature(url, params),
                   "I-Twilio-Idempotency-Token": token}
        self.stats.add(posts=1)
        try:
            resp = self.session.post(url, data=params, headers=headers, timeout=self.timeout)
        except requests.RequestException:
            self.stats.add(transport_errors=1)
            self.session.close()
            self.session = requests.Session()
            return None
        with self.stats.lock:
            self.stats.status[resp.status_code] += 1
        return resp

    def send(self, body: str) -> str:
        """Send ``body`` until the bot answers it (not with an apology); return the reply."""
        deadline = time.monotonic() + self.patience
        while True:
            sid = "SM" + uuid.uuid4().hex
            token = f"{sid}-{uuid.uuid4().hex[:8]}"
            params = {"From": f"whatsapp:{self.phone}", "To": self.to, "Body": body,
                      "MessageSid": sid, "AccountSid": "AC" + "0" * 32, "NumMedia": "0"}
            text = self._deliver(params, token, deadline)
            if not is_apology(text):
                self.stats.add(messages=1)
                if self.rng.random() < self.redeliver:          # Twilio redelivers anyway
                    self.stats.add(redeliveries=1)
                    again = self._deliver(params, token, deadline)
                    assert again == text, f"redelivery answered differently: {again!r}"
                return text
            self.stats.add(apologies=1)
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.phone}: only apologies for {body!r}")
            time.sleep(0.3 + self.rng.random())  # the customer's think time before writing again

    def _deliver(self, params: dict, token: str, deadline: float) -> str:
        delay = 0.2
        while True:
            resp = self.post_once(params, token)
            if resp is not None and resp.status_code == 200:
                return "\n\n".join(replies_of(resp.text))
            if resp is not None and resp.status_code < 500:
                raise AssertionError(f"HTTP {resp.status_code}: {resp.text[:200]}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.phone}: no answer for {params['Body']!r}")
            time.sleep(delay)                  # Twilio's retry delay (the subject), same sid
            delay = min(delay * 2, 3.0)

    def send_pair(self, a: str, b: str) -> str:
        """Two messages at the same instant (two gunicorn workers at once)."""
        self.stats.add(concurrent_pairs=1)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            ra, rb = pool.map(self.send, (a, b))
        return ra + "\n\n" + rb

    def order(self, script) -> str | None:
        """Run one full order; return its number (None when the bot never confirmed)."""
        reply = ""
        for step in script:
            reply = self.send_pair(*step) if isinstance(step, tuple) else self.send(step)
        found = ORDER_RE.findall(reply)
        if not found:
            return None
        number = found[-1]
        self.orders.append(number)
        with self.stats.lock:
            self.stats.confirmed[number] = self.phone
        return number


def run_customers(base_url, token: str, n: int, stats: Stats, *, orders_each: int = 1,
                  until: float | None = None, seed: int = 0, redeliver: float = 0.1,
                  patience: float = 60.0, phone_base: int = 612000000) -> list[Customer]:
    """``n`` customers at once, each running ``orders_each`` orders (or until ``until``)."""
    customers = [Customer(base_url, f"+212{phone_base + i}", token, stats,
                          redeliver=redeliver, patience=patience,
                          rng=random.Random(seed * 1000 + i)) for i in range(n)]

    def one(c: Customer):
        try:
            for k in range(orders_each):
                if until is not None and time.monotonic() > until:
                    break
                number = c.order(NEW_ORDER if k == 0 else AGAIN_ORDER)
                if number is None:
                    stats.failed_customers.append((c.phone, "no confirmation"))
        except Exception as exc:                  # reported, never hidden
            stats.failed_customers.append((c.phone, repr(exc)[:300]))

    with concurrent.futures.ThreadPoolExecutor(n) as pool:
        list(pool.map(one, customers))
    return customers


# --------------------------------------------------------------------------
# Cooperative file with a fake courier
# --------------------------------------------------------------------------

def write_coop(tmp: Path, courier: str, options: dict, slug: str = "tifawin",
               **overrides) -> Path:
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["slug"] = slug
    data.update(overrides)
    data["catalog"] = str(DEMO.parent / data["catalog"])
    data["delivery"] = {**data["delivery"], "courier": courier, "options": options}
    path = Path(tmp) / f"{slug}-{courier}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# Real processes: gunicorn + flask worker
# --------------------------------------------------------------------------

class Stack:
    """gunicorn (``web_workers`` processes) + ``flask worker`` on one SQLite file."""

    def __init__(self, db_path: Path, env: dict, log_dir: Path, web_workers: int = 3,
                 port: int | None = None):
        self.db_path = Path(db_path)
        self.port = port or free_port()
        self.web_workers = web_workers
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        bin_dir = Path(sys.executable).parent
        self.gunicorn = str(bin_dir / "gunicorn")
        self.flask = str(bin_dir / "flask")
        self.env = {**os.environ, "BGHIT_DB": str(self.db_path), "PUBLIC_URL": "",
                    "PYTHONUNBUFFERED": "1", "WEB_CONCURRENCY": str(web_workers),
                    "SIMULATOR": "0", **env}
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.kills = collections.Counter()
        self._logs: list = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _log(self, name: str):
        f = open(self.log_dir / f"{name}.log", "ab")
        self._logs.append(f)
        return f

    def start_web(self, wait: float = 30.0) -> None:
        out = self._log("web")
        self.web = subprocess.Popen(
            [self.gunicorn, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}",
             "app:app"], cwd=ROOT, env=self.env, stdout=out, stderr=out,
            start_new_session=True)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base_url + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.web.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.web.returncode}; see web.log")
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not come up")

    def start_worker(self) -> None:
        out = self._log("worker")
        self.worker = subprocess.Popen([self.flask, "--app", "app", "worker"], cwd=ROOT,
                                       env=self.env, stdout=out, stderr=out,
                                       start_new_session=True)

    def web_worker_pids(self) -> list[int]:
        if not self.web:
            return []
        try:
            out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.web.pid)],
                                 capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.TimeoutExpired):
            return []
        return [int(p) for p in out.split()]

    @staticmethod
    def _killpg(proc: subprocess.Popen | None) -> None:
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)       # the group this harness started
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)

    def kill_web(self) -> None:
        """SIGKILL gunicorn: master and workers at once (its own process group)."""
        self._killpg(self.web)
        self.kills["web"] += 1

    def kill_web_worker(self, rng=random) -> bool:
        """SIGKILL one gunicorn worker; the master starts a new one."""
        pids = self.web_worker_pids()
        if not pids:
            return False
        try:
            os.kill(rng.choice(pids), signal.SIGKILL)
        except ProcessLookupError:
            return False
        self.kills["web_worker"] += 1
        return True

    def kill_worker(self) -> None:
        self._killpg(self.worker)
        self.kills["worker"] += 1

    def stop(self) -> None:
        for proc in (self.web, self.worker):
            if proc is not None and proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self._killpg(proc)
        for f in self._logs:
            f.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def hold_lock(db_path: Path, seconds: float, exclusive: bool = True,
              locked: threading.Event | None = None) -> None:
    """Hold SQLite's write lock from another connection for ``seconds``; ``locked`` is set
    once the lock is held."""
    conn = sqlite3.connect(str(db_path), timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE" if exclusive else "BEGIN IMMEDIATE")
        if locked is not None:
            locked.set()
        time.sleep(seconds)           # how long the lock is held is the test's subject, not a wait
        conn.execute("ROLLBACK")
    finally:
        conn.close()


# --------------------------------------------------------------------------
# Invariants
# --------------------------------------------------------------------------

def wait_drained(db_path: Path, timeout: float, settle: float = 0.0) -> dict:
    """Wait until no outbox job is pending or running; return the job counts."""
    deadline = time.monotonic() + timeout
    counts = {}
    while time.monotonic() < deadline:
        conn = sqlite3.connect(str(db_path), timeout=30)
        try:
            counts = dict(conn.execute("SELECT status, count(*) FROM outbox GROUP BY status"))
        finally:
            conn.close()
        if not counts.get("pending") and not counts.get("running"):
            return counts
        time.sleep(0.3)
    return counts


def invariants(db_path: Path, stats: Stats, courier_created, twilio_messages) -> dict:
    """Check the invariants after a run; return the figures (``problems`` lists failures).

    ``courier_created``: reference → parcels created at the courier;
    ``twilio_messages``: the messages the (fake) Twilio accepted, with ``To``/``Body``.
    """
    conn = sqlite3.connect(str(db_path), timeout=30)
    conn.row_factory = sqlite3.Row
    try:
        orders = {r["number"]: dict(r) for r in conn.execute("SELECT * FROM orders")}
        jobs = [dict(r) for r in conn.execute("SELECT * FROM outbox")]
        per_msg = conn.execute("SELECT count(*) FROM messages WHERE direction = 'in'").fetchone()[0]
        dup_sids = conn.execute("SELECT count(*) FROM (SELECT sid FROM messages WHERE sid IS NOT "
                                "NULL GROUP BY sid HAVING count(*) > 1)").fetchone()[0]
    finally:
        conn.close()
    problems = []
    confirmed = dict(stats.confirmed)
    lost = [n for n in confirmed if n not in orders]
    if lost:
        problems.append(f"confirmed but not stored: {lost[:10]}")
    by_phone = collections.Counter(o["phone"] for o in orders.values())
    told = collections.Counter(confirmed.values())
    extra = {p: (by_phone[p], told[p]) for p in by_phone if by_phone[p] != told.get(p, 0)}
    if extra:
        problems.append(f"orders stored ≠ confirmations seen (phone: stored, told): "
                        f"{dict(list(extra.items())[:10])}")
    dup_parcels = sum(max(0, c - 1) for c in courier_created.values())
    not_forwarded = [n for n, o in orders.items()
                     if o["status"] != "cancelled" and courier_created.get(n, 0) != 1]
    if dup_parcels:
        problems.append(f"duplicate parcels: {dup_parcels}")
    if not_forwarded:
        problems.append(f"not forwarded exactly once: {not_forwarded[:10]}")
    sent = collections.Counter((m.get("To"), m.get("Body"), m.get("ContentSid"))
                               for m in twilio_messages)
    dup_alerts = sum(c - 1 for c in sent.values() if c > 1)
    if dup_alerts:
        problems.append(f"duplicate alerts: {dup_alerts}")
    member_jobs = [j for j in jobs if j["kind"] == "message.member"]
    unsent = [j["dedupe_key"] for j in member_jobs if j["status"] != "done"]
    if unsent:
        problems.append(f"alerts not sent: {unsent[:10]}")
    order_alert_jobs = collections.Counter(
        int(j["dedupe_key"].split(":")[2]) for j in member_jobs
        if j["dedupe_key"].startswith("alert:order:"))
    missing_alerts = [n for n, o in orders.items() if order_alert_jobs.get(o["id"], 0) == 0]
    if missing_alerts:
        problems.append(f"orders without alerts: {missing_alerts[:10]}")
    if dup_sids:
        problems.append(f"MessageSid stored twice: {dup_sids}")
    if stats.failed_customers:
        problems.append(f"customers that failed: {stats.failed_customers[:5]}")
    five_xx = sum(n for s, n in stats.status.items() if s >= 500)
    if five_xx:
        problems.append(f"5xx responses: {five_xx}")
    return {
        **stats.as_dict(), "inbound_messages_stored": per_msg, "orders_stored": len(orders),
        "orders_lost": len(lost), "duplicate_parcels": dup_parcels,
        "duplicate_alerts": dup_alerts, "alerts_sent": len(twilio_messages),
        "parcels_created": sum(courier_created.values()), "responses_5xx": five_xx,
        "problems": problems,
    }
