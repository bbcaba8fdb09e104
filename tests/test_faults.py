"""Faults, end to end (issue 9). Each test ends with the same check: every confirmed order
stored once, forwarded once (parcels counted at the fake Sendit, which does not deduplicate),
alerts sent once (messages counted at the fake Twilio).

In-process: the real app on a real HTTP port (threaded) + the outbox worker in a thread.
Real processes (gunicorn with 3 workers + ``flask worker``, SIGKILLed and restarted):
``test_gunicorn_workers_and_worker_killed_with_sigkill``. The long version is
``tests/soak/soak.py`` (see docs/reliability.md).
"""

from __future__ import annotations

import concurrent.futures
import sqlite3
import threading
import time
import uuid

import pytest

from bot import store, worker
from bot.cli import import_coop
from bot.couriers.sendit import clear_token_cache
from tests.conftest import AUTH_TOKEN, COOP_WA, TwilioSender, make_app, replies_of
from tests.fakes import FakeSendit, LocalServer
from tests.fakes.twilio_server import FakeTwilio
from tests.soak.harness import (
    NEW_ORDER,
    Customer,
    Stack,
    Stats,
    hold_lock,
    invariants,
    is_apology,
    run_customers,
    wait_drained,
    write_coop,
)
from tests.waiting import wait_for

pytestmark = pytest.mark.slow

SENDIT_ENV = "BGHIT_TEST_FAULTS_SENDIT_SECRET"
ACCOUNT_SID = "AC" + "f" * 32


class Bench:
    """App + fake Sendit + fake Twilio + worker thread, on one SQLite file."""

    def __init__(self, tmp_path, monkeypatch, **config):
        clear_token_cache()
        worker.courier_jobs._city_retry_after.clear()
        self.db_path = tmp_path / "faults.sqlite3"
        self.sendit = FakeSendit().start()
        self.twilio = FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN).start()
        options = self.sendit.options()
        monkeypatch.setenv(SENDIT_ENV, options.pop("secret_key"))
        self.app = make_app(self.db_path, **config)
        self.db = store.connect(self.db_path)
        import_coop(self.db, write_coop(tmp_path, "sendit",
                                        {**options, "secret_key_env": SENDIT_ENV}))
        self.server = LocalServer(self.app).start()
        self.sender = TwilioSender(self.server.base_url)
        self.settings = {**self.app.config, "COURIER_TIMEOUT": 0.5, "RETRY_BASE": 0.05,
                         "JOB_LEASE": 3, "TRACK_EVERY": 3600, "TWILIO_TIMEOUT": 2,
                         "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                         "TWILIO_API_BASE_URL": self.twilio.base_url}
        self.stats = Stats()
        self._stop = threading.Event()
        self._thread = None

    def start_worker(self):
        self._stop.clear()
        self._thread = threading.Thread(target=worker.run, args=(self.settings,),
                                        kwargs={"poll": 0.05, "stop": self._stop}, daemon=True)
        self._thread.start()

    def stop_worker(self):
        self._stop.set()
        if self._thread:
            self._thread.join(10)

    def customer(self, phone: str, **kw) -> Customer:
        return Customer(self.server.base_url, phone, AUTH_TOKEN, self.stats, **kw)

    def drain(self, timeout: float = 60) -> dict:
        return wait_drained(self.db_path, timeout)

    def check(self) -> dict:
        figures = invariants(self.db_path, self.stats, dict(self.sendit.created),
                             list(self.twilio.messages))
        assert figures["problems"] == [], figures
        return figures

    def close(self):
        self.stop_worker()
        self.server.stop()
        self.sendit.stop()
        self.twilio.stop()
        store.close_all()


@pytest.fixture
def bench(tmp_path, monkeypatch):
    b = Bench(tmp_path, monkeypatch)
    yield b
    b.close()


def _count(db_path, sql, params=()):
    conn = sqlite3.connect(str(db_path))
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


# --------------------------------------------------------------------------
# Twilio redelivers the same message
# --------------------------------------------------------------------------

def test_redelivered_messages_in_sequence_and_concurrently_change_nothing(bench):
    """Every message of full orders redelivered (same sid + idempotency token), in sequence
    and 6 at once; the final confirmation redelivered 8 times concurrently."""
    bench.start_worker()
    for phone in ["+212611100001", "+212611100002", "+212611100003"]:
        c = bench.customer(phone, redeliver=1.0)           # every message posted twice
        assert c.order(NEW_ORDER)
    # A storm: each step of an order posted 6 times at once with one sid.
    phone = "+212611100009"

    def params_of(body):
        return {"From": f"whatsapp:{phone}", "To": COOP_WA, "Body": body,
                "MessageSid": "SM" + uuid.uuid4().hex}

    script = ["bghit 1 amlou 250g", "safi", "Hind", "rabat", "Agdal 4", "iyeh"]
    for body in script:
        params = params_of(body)
        headers = {"I-Twilio-Idempotency-Token": "tok-" + uuid.uuid4().hex}
        with concurrent.futures.ThreadPoolExecutor(6) as pool:
            texts = list(pool.map(lambda _, params=params, headers=headers: bench.sender.post(
                "/webhooks/twilio", params, headers=headers).text, range(6)))
        assert len(set(texts)) == 1, texts
        # and Twilio retrying with a new sid but the same idempotency token
        retry = dict(params, MessageSid="SM" + uuid.uuid4().hex)
        assert bench.sender.post("/webhooks/twilio", retry, headers=headers).text == texts[0]
    [number] = [n for n in __import__("re").findall(r"T-\d+", texts[0])][-1:]
    bench.stats.confirmed[number] = phone
    bench.drain()
    bench.stop_worker()
    figures = bench.check()
    assert figures["orders_stored"] == 4 and figures["duplicate_parcels"] == 0
    assert _count(bench.db_path, "SELECT count(*) FROM messages WHERE direction='in' "
                                 "AND from_addr = ?", (f"whatsapp:{phone}",)) == len(script)


# --------------------------------------------------------------------------
# 50 concurrent customers, two messages at the same instant
# --------------------------------------------------------------------------

def test_fifty_concurrent_customers_with_simultaneous_messages(bench):
    bench.start_worker()
    run_customers(bench.server.base_url, AUTH_TOKEN, 50, bench.stats, orders_each=2,
                  redeliver=0.1, patience=60, phone_base=613000000)
    assert bench.stats.concurrent_pairs == 50 and bench.stats.apologies == 0
    counts = bench.drain(90)
    bench.stop_worker()
    assert not counts.get("pending") and not counts.get("running"), counts
    figures = bench.check()
    assert figures["orders_stored"] == 100 and figures["orders_confirmed"] == 100
    # Both messages sent at the same instant ended up in each first order.
    conn = sqlite3.connect(str(bench.db_path))
    skus = conn.execute("SELECT o.number, group_concat(l.sku) FROM orders o JOIN order_lines l "
                        "ON l.order_id = o.id GROUP BY o.id ORDER BY o.id").fetchall()
    conn.close()
    firsts = [s for n, s in skus if "GHASSOUL" in s]
    assert len(firsts) == 50 and all("AMLOU-250" in s for s in firsts)


# --------------------------------------------------------------------------
# The courier down, slow, 5xx, "success" after our timeout — then recovering
# --------------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["down", "slow", "5xx", "late_success"])
def test_courier_faults_then_recovery(bench, fault):
    sendit = bench.sendit
    bench.start_worker()
    # Warm up: the city list is cached while the courier is healthy.
    c0 = bench.customer("+212614000000")
    assert c0.order(NEW_ORDER)
    assert bench.drain(30) == {"done": 3}
    if fault == "down":
        sendit.down()
    elif fault == "slow":               # every call answered after the 0.5 s timeout
        sendit.delay_next(14, seconds=1.0)
    elif fault == "5xx":
        sendit.fail_next(12, status=503, path="deliveries")
        sendit.fail_next(4, status=502)
    elif fault == "late_success":      # parcel created, answer after our timeout
        sendit.delay_next(6, seconds=1.2, path="deliveries")
    customers = [bench.customer(f"+2126140000{i:02d}") for i in range(1, 6)]
    with concurrent.futures.ThreadPoolExecutor(5) as pool:
        assert all(pool.map(lambda c: c.order(NEW_ORDER), customers))
    # Every fault makes a forward attempt fail and be retried. ``attempts`` counts claims, so
    # attempts >= 1 only says a job was picked up: wait for a retry, which stays visible.
    wait_for(lambda: _count(bench.db_path, "SELECT count(*) FROM outbox WHERE kind = "
                            "'courier.forward' AND (last_error IS NOT NULL OR attempts >= 2)"),
             30, "a failed forward attempt")
    conn = sqlite3.connect(str(bench.db_path))
    waiting = conn.execute("SELECT count(*) FROM orders WHERE status = 'confirmed'").fetchone()[0]
    conn.close()
    if fault == "down":
        assert waiting >= 1                   # held back by the fault, not lost
    if fault == "down":
        sendit.up()
    bench.drain(60)
    bench.stop_worker()
    figures = bench.check()
    assert figures["orders_stored"] == 6 and figures["duplicate_parcels"] == 0
    conn = sqlite3.connect(str(bench.db_path))
    statuses = {r[0] for r in conn.execute("SELECT status FROM orders")}
    conn.close()
    assert statuses == {"forwarded"}


# --------------------------------------------------------------------------
# Twilio's REST API failing while alerts are due
# --------------------------------------------------------------------------

def test_twilio_5xx_and_429_while_alerts_are_due(bench):
    bench.twilio.fail_next(5, status=500)
    bench.twilio.fail_next(5, status=429)
    bench.twilio.fail_next(3, status=503)
    bench.start_worker()
    customers = [bench.customer(f"+2126150000{i:02d}") for i in range(4)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        assert all(pool.map(lambda c: c.order(NEW_ORDER), customers))
    bench.drain(60)
    bench.stop_worker()
    statuses = [r["http_status"] for r in bench.twilio.requests]
    assert statuses.count(500) == 5 and statuses.count(429) == 5
    figures = bench.check()
    assert figures["alerts_sent"] == 8          # 4 orders × 2 members, once each


def test_twilio_answer_lost_after_acceptance_is_found_not_sent_again(bench):
    """Twilio accepts an alert but answers after our timeout: the retry finds it in Twilio's
    message list instead of sending it again (Twilio has no idempotency key)."""
    bench.settings["TWILIO_TIMEOUT"] = 0.5
    bench.twilio.delay_next(2, seconds=1.0)
    bench.start_worker()
    assert bench.customer("+212615100001").order(NEW_ORDER)
    bench.drain(30)
    bench.stop_worker()
    figures = invariants(bench.db_path, bench.stats, dict(bench.sendit.created),
                         list(bench.twilio.messages))
    assert figures["problems"] == []
    assert figures["duplicate_alerts"] == 0 and figures["alerts_sent"] >= 2


# --------------------------------------------------------------------------
# Database locked / disk full: an apology (HTTP 200), nothing confirmed lost
# --------------------------------------------------------------------------

def test_locked_database_gets_an_apology_and_loses_nothing(bench, monkeypatch):
    monkeypatch.setattr(store.sql, "BUSY_TIMEOUT_MS", 300)
    store.close_all()
    c = bench.customer("+212616000001")
    assert c.order(NEW_ORDER)
    before = _count(bench.db_path, "SELECT count(*) FROM orders")
    locked = threading.Event()
    locker = threading.Thread(target=hold_lock, args=(bench.db_path, 2.0),
                              kwargs={"locked": locked})
    locker.start()
    assert locked.wait(10), "the lock was never taken"
    try:
        for body, marker in (("Hello, I would like some honey please", "problem"),
                             ("Bonjour, je voudrais du miel", "souci"),
                             ("bghit 1 amlou 500g", "mochkil"), ("بغيت جوج عسل", "مشكل")):
            resp = bench.sender.message(body, phone="+212616000002")
            assert resp.status_code == 200
            [text] = replies_of(resp.text)
            assert is_apology(text) and marker in text, text
        # The status callback and the courier webhook answer too (no 500).
        cb = bench.sender.post("/webhooks/twilio/status",
                               {"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"})
        assert cb.status_code == 503 and cb.headers.get("Retry-After")
    finally:
        locker.join()
    assert _count(bench.db_path, "SELECT count(*) FROM orders") == before
    # The lock is gone: the same customer writes again and is served.
    c2 = bench.customer("+212616000002")
    assert c2.order(NEW_ORDER)
    bench.start_worker()
    bench.drain(30)
    bench.stop_worker()
    bench.check()


def test_worker_survives_a_locked_database_without_sending_twice(bench, monkeypatch):
    """The lock lands between "Twilio accepted the alert" and "sid saved"."""
    monkeypatch.setattr(store.sql, "BUSY_TIMEOUT_MS", 200)
    store.close_all()
    customers = [bench.customer(f"+2126160001{i:02d}") for i in range(3)]
    for c in customers:
        assert c.order(NEW_ORDER)
    real_deliver = worker.message_jobs.deliver
    locks = []

    def deliver_then_lock(transport, attempts):
        sent = real_deliver(transport, attempts)
        if len(locks) < 2:                          # twice: right after Twilio accepted
            locked = threading.Event()
            t = threading.Thread(target=hold_lock, args=(bench.db_path, 1.0),
                                 kwargs={"locked": locked})
            t.start()
            assert locked.wait(10), "the lock was never taken"
            locks.append(t)
        return sent

    monkeypatch.setattr(worker.message_jobs, "deliver", deliver_then_lock)
    bench.settings["JOB_LEASE"] = 2
    bench.start_worker()
    bench.drain(60)                                 # waits for the jobs: no sleep before it
    bench.stop_worker()
    for t in locks:
        t.join()
    assert len(locks) == 2
    bench.check()


def test_disk_full_gets_an_apology_and_loses_nothing(bench, monkeypatch):
    c = bench.customer("+212617000001")
    assert c.order(NEW_ORDER)
    full = {"on": False}
    real_connect = store.connect

    def connect(path):
        db = real_connect(path)
        pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
        db.conn.execute(f"PRAGMA max_page_count = {pages if full['on'] else 2**30}")
        return db

    monkeypatch.setattr(store, "connect", connect)
    full["on"] = True
    body = "Je voudrais du miel " + "très bon " * 800       # needs new pages
    resp = bench.sender.message(body, phone="+212617000002")
    assert resp.status_code == 200, resp.text
    [text] = replies_of(resp.text)
    assert is_apology(text) and "souci" in text            # French, like the message
    full["on"] = False
    assert _count(bench.db_path, "SELECT count(*) FROM orders") == 1
    c2 = bench.customer("+212617000002")
    assert c2.order(NEW_ORDER)
    bench.start_worker()
    bench.drain(30)
    bench.stop_worker()
    bench.check()


# --------------------------------------------------------------------------
# Real processes: gunicorn workers + flask worker, SIGKILLed and restarted
# --------------------------------------------------------------------------

def test_gunicorn_workers_and_worker_killed_with_sigkill(tmp_path, monkeypatch):
    clear_token_cache()
    db_path = tmp_path / "procs.sqlite3"
    with FakeSendit() as sendit, \
            FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio:
        options = sendit.options()
        secret = options.pop("secret_key")
        monkeypatch.setenv(SENDIT_ENV, secret)
        db = store.connect(db_path)
        import_coop(db, write_coop(tmp_path, "sendit", {**options, "secret_key_env": SENDIT_ENV}))
        store.close_all()
        env = {"TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
               "TWILIO_API_BASE_URL": twilio.base_url, SENDIT_ENV: secret,
               "BGHIT_RATE_LIMIT_PER_MINUTE": "100000", "BGHIT_COURIER_TIMEOUT": "1",
               "BGHIT_RETRY_BASE": "0.2", "BGHIT_JOB_LEASE": "4", "BGHIT_TRACK_EVERY": "3600",
               "ADMIN_TOKEN": "", "SECRET_KEY": "x"}
        stats = Stats()
        with Stack(db_path, env, tmp_path / "logs", web_workers=3) as stack:
            stack.start_web()
            stack.start_worker()
            stop = threading.Event()

            def chaos():
                import random
                rng = random.Random(9)
                for i in range(60):
                    if stop.wait(rng.uniform(0.5, 1.2)):
                        return
                    what = ("web_worker", "worker", "web")[i % 3]
                    if what == "web_worker":
                        stack.kill_web_worker(rng)
                    elif what == "worker":
                        stack.kill_worker()
                        time.sleep(0.3)             # the worker's downtime: the subject
                        stack.start_worker()
                    else:
                        stack.kill_web()
                        time.sleep(0.3)             # the web's downtime: the subject
                        stack.start_web()

            t = threading.Thread(target=chaos, daemon=True)
            t.start()
            run_customers(lambda: stack.base_url, AUTH_TOKEN, 12, stats, orders_each=50,
                          until=time.monotonic() + 15, patience=90, phone_base=618000000,
                          redeliver=0.2)
            stop.set()
            t.join(60)
            if stack.worker.poll() is not None:
                stack.start_worker()
            counts = wait_drained(db_path, 90)
            assert not counts.get("pending") and not counts.get("running"), counts
            assert min(stack.kills[k] for k in ("web", "web_worker", "worker")) >= 2, \
                stack.kills
        figures = invariants(db_path, stats, dict(sendit.created), list(twilio.messages))
        # The one window left (docs/reliability.md): the worker SIGKILLed after Twilio
        # accepted an alert and before its sid was committed sends it again on restart.
        assert [p for p in figures["problems"] if not p.startswith("duplicate alerts")] == [], \
            figures
        assert figures["duplicate_alerts"] <= stack.kills["worker"]
        assert figures["orders_stored"] == figures["orders_confirmed"] >= 24
        assert figures["orders_lost"] == 0 and figures["duplicate_parcels"] == 0
        assert figures["responses_5xx"] == 0
