"""Privacy (issue 9): the logs of a full run never hold a full phone number, an address, an
auth token or a courier key; ``flask --app app customer forget PHONE`` (a real subprocess)
erases a customer's personal data everywhere in the database while keeping order totals."""

from __future__ import annotations

import io
import json
import logging
import os
import sqlite3
import subprocess
import sys

import pytest
import requests

from bot import store
from bot.logs import JsonFormatter
from tests.conftest import ADMIN_TOKEN, AUTH_TOKEN, ROOT, TwilioSender
from tests.soak.harness import AGAIN_ORDER, NEW_ORDER
from tests.test_faults import Bench

pytestmark = pytest.mark.slow

ADMIN = ADMIN_TOKEN


def _forms(e164: str) -> list[str]:
    """The ways a Moroccan number can be written (digits only, to search text)."""
    national = "0" + e164[4:]
    return [e164, e164[1:], national, e164[4:]]


@pytest.fixture
def logs():
    """Every log line of the run, formatted as production writes them (JSON, scrubbed)."""
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    logging.getLogger("bot").setLevel(logging.DEBUG)
    yield buf
    root.removeHandler(handler)
    root.setLevel(old_level)
    logging.getLogger("bot").setLevel(logging.INFO)


def test_logs_of_a_full_run_hold_no_phone_address_or_secret(tmp_path, monkeypatch, logs):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("ADMIN_TOKEN", ADMIN)
    bench = Bench(tmp_path, monkeypatch)
    try:
        sendit_key = os.environ["BGHIT_TEST_FAULTS_SENDIT_SECRET"]
        bench.sendit.fail_next(2, status=503)            # errors get logged too
        bench.twilio.fail_next(2, status=500)
        bench.start_worker()
        phones = ["+212612777001", "+212612777002"]
        for phone in phones:
            c = bench.customer(phone)
            assert c.order(NEW_ORDER)
            assert c.order(AGAIN_ORDER)
        # Hostile traffic and errors on the way.
        TwilioSender(bench.server.base_url, token="forged").message("x", phone=phones[0])
        bench.sender.message("x", phone="not-a-phone")
        bench.sender.message("bghit", phone=phones[0], Latitude="x", Longitude="y")
        requests.post(bench.server.base_url + "/webhooks/couriers/sendit/tifawin",
                      data=b"{}", timeout=10)
        bench.drain(60)
    finally:
        bench.close()
    text = logs.getvalue()
    assert text.count("\n") > 50                          # it did log the run
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    no_id = [line for line in lines if line["req"] == "-" and
             line["logger"] in ("bot.service", "bot.webhook")]
    assert no_id == []
    members = ["+212661000001", "+212661000002"]
    for phone in phones + members:
        for form in _forms(phone):
            assert form not in text, f"{form} in logs"
    for secret in (AUTH_TOKEN, sendit_key, ADMIN, "Hay Nahda rue 5", "Omar Benali"):
        assert secret not in text, f"{secret!r} in logs"


def _dump(db_path) -> str:
    conn = sqlite3.connect(str(db_path))
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


#: How a member may type the customer's number in a command (all stored in the audit trail).
TYPED = ["salina 06 12 88 80 01", "salina 06.12.88.80.01", "salina 06-12-88-80-01",
         "salina +212 6 12 88 80 01", "salina 00212612888001", "salina 00 212 6-12-88-80-01",
         "salina +212 (0)6 12 88 80 01", "chouf Omar Benali", "chouf Hay Nahda rue 5 n 12",
         "سالينا ٠٦ ١٢ ٨٨ ٨٠ ٠١", "سالينا ۰۶۱۲۸۸۸۰۰۱"]


def _written_forms(e164: str) -> list[bytes]:
    """Every way the number may sit in a file: the plain forms and the typed ones above."""
    return [f.encode() for f in _forms(e164)] + [
        t.split(" ", 1)[1].encode() for t in TYPED if t.startswith(("salina", "سالينا"))]


def test_the_apps_configured_tokens_are_scrubbed_from_log_lines(tmp_path):
    """Tokens given to the app (here in its configuration, not the environment) never reach
    a log line; the environment's are read once per process, with the same effect."""
    from bot import create_app
    from bot.logs import scrub
    token, admin = "tok-" + "ab12" * 7, "adm-" + "x" * 20
    create_app({"BGHIT_DB": str(tmp_path / "s.sqlite3"), "TWILIO_AUTH_TOKEN": token,
                "ADMIN_TOKEN": admin, "SECRET_KEY": "k" * 32})
    line = scrub(f"auth {token} admin={admin} key {'k' * 32} short abc")
    assert token not in line and admin not in line and "k" * 32 not in line
    assert line.count("[secret]") == 3 and line.endswith("short abc")


def test_forget_erases_personal_data_from_every_file_and_keeps_totals(tmp_path, monkeypatch):
    bench = Bench(tmp_path, monkeypatch)
    phone, other = "+212612888001", "+212612888002"
    try:
        bench.start_worker()
        c = bench.customer(phone)
        assert c.order(NEW_ORDER) and c.order(AGAIN_ORDER)
        assert bench.customer(other).order(
            [{"Omar Benali": "Karim Alaoui", "Hay Nahda rue 5 n 12": "Derb Sidi Bouloukat 3"}
             .get(m, m) if isinstance(m, str) else m for m in NEW_ORDER])
        for text in TYPED:                    # a member names the customer in commands
            assert bench.sender.message(text, phone="+212661000001").status_code == 200
        bench.drain(60)
    finally:
        bench.close()
    before = {o["number"]: o for o in store.export_orders(store.connect(bench.db_path))}
    store.close_all()
    assert any(f in _dump(bench.db_path) for f in _forms(phone))
    # A running server keeps the database open: its WAL file stays after the command.
    server = sqlite3.connect(str(bench.db_path))
    server.execute("SELECT count(*) FROM orders").fetchone()
    env = {**os.environ, "BGHIT_DB": str(bench.db_path), "TWILIO_AUTH_TOKEN": "",
           "ADMIN_TOKEN": "", "SECRET_KEY": "x"}
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "customer", "forget",
                          "06 12 88 80 01"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert "2 orders" in out.stdout
    files = [p for p in tmp_path.iterdir() if p.name.startswith(bench.db_path.name)]
    assert {p.name[len(bench.db_path.name):] for p in files} >= {"", "-wal", "-shm"}
    for path in files:
        data = path.read_bytes()
        for form in _written_forms(phone) + [b"Omar Benali", b"Hay Nahda rue 5"]:
            assert form not in data, f"{form!r} still in {path.name}"
    server.close()
    dump = _dump(bench.db_path)
    for form in _forms(phone):
        assert form not in dump, f"{form} still in the database"
    db = store.connect(bench.db_path)
    assert [a for a in store.audit_log(db) if a["action"].startswith("member.")]  # kept, redacted
    after = {o["number"]: o for o in store.export_orders(db)}
    assert set(after) == set(before)
    for number, o in after.items():
        assert o["total"] == before[number]["total"] and o["lines"] == before[number]["lines"]
        if before[number]["customer_phone"] == phone:
            assert o["customer_phone"] is None and o["address"] is None \
                and o["customer_name"] is None
        else:                                   # the other customer is untouched
            assert o == before[number]
    assert any(f in dump for f in _forms(other))
    again = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "customer", "forget",
                            phone], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode != 0 and "no such customer" in again.stderr
    store.close_all()


def test_forget_erases_mentions_in_notes_courier_errors_and_results(tmp_path):
    from bot.cli import import_coop
    from tests.conftest import DEMO
    from tests.test_admin import make_order
    db = store.connect(tmp_path / "notes.sqlite3")
    import_coop(db, DEMO)
    order = make_order(db, phone="+212612888003", name="Salma Idrissi")
    kept = make_order(db, phone="+212612888004", name="Nadia Tazi")
    with store.transaction(db):
        store.update_order_fields(db, order["id"], forward_error="phone 06-12-88-80-03 refused")
        store.set_order_status(db, order["id"], "delivered", source="admin", actor="admin",
                               note="Salma Idrissi called from +212 6 12 88 80 03")
        store.set_order_status(db, kept["id"], "delivered", source="admin", actor="admin",
                               note="Nadia Tazi called from 0612888004")
        job = store.claim_job(db)
        store.fail_job(db, job["id"], "courier said: 00212612888003 unreachable")
    store.forget_customer(db, "+212612888003")
    text = _dump(tmp_path / "notes.sqlite3")
    for form in ("88 80 03", "88-80-03", "612888003", "Salma Idrissi"):
        assert form not in text, form
    assert "Nadia Tazi called from 0612888004" in text          # another customer's, kept
    store.close_all()
