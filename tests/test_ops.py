"""Operations (issue 9): ``flask --app app db backup PATH`` while the bot is serving gives a
consistent copy (every order with its lines and jobs), which restores into a working bot;
logs are JSON lines carrying a request id per message."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading

import pytest

from bot import store
from bot.logs import JsonFormatter
from tests.conftest import AUTH_TOKEN, ROOT, TwilioSender, make_app
from tests.fakes import LocalServer
from tests.soak.harness import NEW_ORDER, Stats, run_customers
from tests.test_faults import Bench


def _consistent(path) -> int:
    conn = sqlite3.connect(str(path))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        orders = conn.execute("SELECT id FROM orders").fetchall()
        for (order_id,) in orders:
            assert conn.execute("SELECT count(*) FROM order_lines WHERE order_id = ?",
                                (order_id,)).fetchone()[0] >= 1
            assert conn.execute("SELECT count(*) FROM outbox WHERE dedupe_key = ?",
                                (f"forward:{order_id}",)).fetchone()[0] == 1
            assert conn.execute("SELECT count(*) FROM outbox WHERE dedupe_key LIKE ?",
                                (f"alert:order:{order_id}:%",)).fetchone()[0] == 2
        return len(orders)
    finally:
        conn.close()


@pytest.mark.slow
def test_backup_while_serving_is_consistent_and_restores(tmp_path, monkeypatch):
    bench = Bench(tmp_path, monkeypatch)
    env = {**os.environ, "BGHIT_DB": str(bench.db_path), "TWILIO_AUTH_TOKEN": "",
           "ADMIN_TOKEN": "", "SECRET_KEY": "x"}
    backups = []
    try:
        bench.start_worker()
        stats = Stats()
        load = threading.Thread(target=run_customers, args=(bench.server.base_url, AUTH_TOKEN,
                                                            10, stats),
                                kwargs={"orders_each": 2, "phone_base": 619000000})
        load.start()
        for i in range(4):                     # backups taken during the load
            target = tmp_path / "backups" / f"b{i}.sqlite3"
            out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "backup",
                                  str(target)], cwd=ROOT, env=env, capture_output=True,
                                 text=True, timeout=60)
            assert out.returncode == 0, out.stderr
            backups.append(target)
        load.join(120)
        assert not stats.failed_customers, stats.failed_customers
        bench.drain(60)
    finally:
        bench.close()
    counts = [_consistent(b) for b in backups]
    assert counts == sorted(counts)            # each copy is a moment of the live file
    final = tmp_path / "backups" / "final.sqlite3"
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "backup",
                          str(final)], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0
    assert _consistent(final) == 20
    # Restore: the copy replaces a lost database file and the bot carries on from it.
    restored = tmp_path / "restored" / "bghit.sqlite3"
    restored.parent.mkdir()
    shutil.copy(final, restored)
    app = make_app(restored)
    db = store.connect(restored)
    before = list(store.export_orders(db))
    assert len(before) == 20
    with LocalServer(app) as server:
        t = TwilioSender(server.base_url)
        reply = ""
        for text in ["bghit 1 amlou 250g", "safi", "iyeh", "iyeh"]:   # a returning customer
            reply = t.say(text, phone="+212619000000")
        assert "T-1021" in reply                 # numbering continues after the restore
    after = list(store.export_orders(db))
    assert after[:20] == before and len(after) == 21
    store.close_all()


@contextlib.contextmanager
def json_logs():
    """The ``bot`` log lines written meanwhile, formatted as production writes them."""
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("bot")
    logger.addHandler(handler)
    try:
        yield buf
    finally:
        logger.removeHandler(handler)


def test_logs_are_json_lines_with_one_request_id_per_message(app, twilio):
    with json_logs() as buf:
        sids = []
        for body in NEW_ORDER[:1] + ["bghit 1 amlou 250g", "safi"]:
            sid = "SM" + os.urandom(16).hex()
            sids.append(sid)
            twilio.message(body, phone="+212619100000", sid=sid)
        twilio.message(body, phone="+212619100000", sid=sids[-1])      # a redelivery
        TwilioSender(twilio.base_url, token="forged").message("x")
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert lines and all({"t", "level", "logger", "req", "msg"} <= set(line) for line in lines)
    for sid in sids:
        assert any(line["req"] == sid and line["logger"] == "bot.service" for line in lines), sid
    assert sum(line["req"] == sids[-1] and "redelivery" in line["msg"] for line in lines) == 1
    refused = [line for line in lines if "signature" in line["msg"]]
    assert refused and all(line["req"] not in ("-", *sids) for line in refused)


def test_dashboard_and_simulator_log_lines_carry_their_own_request_id(app):
    """One thread serves every request, as in a gunicorn sync worker: a dashboard or
    simulator request must not log under the previous webhook's MessageSid."""
    import re

    import requests
    from werkzeug.serving import make_server

    from tests.conftest import ADMIN_TOKEN
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        with json_logs() as buf:
            sid = "SM" + os.urandom(16).hex()
            assert TwilioSender(base).message("salam", phone="+212619200000",
                                              sid=sid).status_code == 200
            assert requests.post(base + "/sim/api/send", timeout=10, json={
                "coop": "tifawin", "phone": "0619200001", "text": "salam"}).status_code == 200
            s = requests.Session()
            csrf = re.search(r'name="csrf_token" value="([^"]+)"',
                             s.get(base + "/admin/login", timeout=10).text).group(1)
            for token in ("wrong-token-0123456789", ADMIN_TOKEN):
                s.post(base + "/admin/login", data={"token": token, "csrf_token": csrf},
                       allow_redirects=False, timeout=10)
    finally:
        server.shutdown()
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert any(line["req"] == sid for line in lines)
    sim = [line for line in lines if line["logger"] == "bot.service" and line["req"] != sid]
    admin = [line for line in lines if line["logger"] == "bot.admin"]
    assert len(sim) == 1 and len(admin) == 2, lines
    ids = [line["req"] for line in sim + admin]
    assert "-" not in ids and len(set(ids)) == 3


@pytest.mark.slow
def test_database_wal_and_backups_are_created_private(tmp_path):
    """0600 whatever the umask: the file holds customers' phones and addresses."""
    old = os.umask(0o022)
    try:
        db_path = tmp_path / "data" / "private.sqlite3"
        app = make_app(db_path)
        db = store.connect(db_path)
        with store.transaction(db):
            store.get_or_create_customer(db, "+212612345678")
        env = {**os.environ, "BGHIT_DB": str(db_path), "TWILIO_AUTH_TOKEN": "",
               "ADMIN_TOKEN": "", "SECRET_KEY": "x"}
        out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "db", "backup",
                              str(tmp_path / "backups" / "b.sqlite3")], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        store.backup(db, tmp_path / "b2.sqlite3")
        files = [db_path, db_path.with_name(db_path.name + "-wal"),
                 db_path.with_name(db_path.name + "-shm"), tmp_path / "backups" / "b.sqlite3",
                 tmp_path / "b2.sqlite3"]
        for path in files:
            assert path.exists() and path.stat().st_mode & 0o077 == 0, \
                (path.name, oct(path.stat().st_mode))
        assert app
    finally:
        os.umask(old)
        store.close_all()
