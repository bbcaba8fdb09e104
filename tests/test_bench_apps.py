"""The load benchmark's floors must behave like the bot where it counts, or their figures
mean nothing: the same signature check, and (durable floor) each message stored once."""

from __future__ import annotations

import importlib
import os
import sqlite3
import threading

import pytest

from bench.common import AUTH_TOKEN, sign

URL = "http://bench.local/webhooks/twilio"


def _form(sid="SM" + "1" * 32, body="bghit 2 kilo l3sel"):
    return {"From": "whatsapp:+212600000001", "To": "whatsapp:+14155238886", "Body": body,
            "MessageSid": sid, "AccountSid": "AC" + "0" * 32}


def _post(client, form, signature=None):
    return client.post("/webhooks/twilio", data=form, headers={
        "X-Twilio-Signature": sign(AUTH_TOKEN, URL, form) if signature is None else signature})


def _load(name, tmp_path, monkeypatch):
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("PUBLIC_URL", "http://bench.local")
    monkeypatch.setenv("BGHIT_FLOOR_DB", str(tmp_path / "floor.sqlite3"))
    importlib.reload(importlib.import_module("bench.bare_app"))     # reads the token
    return importlib.reload(importlib.import_module(name))


def _close(module):
    state = getattr(module, "_state", None)
    if getattr(state, "conn", None) is not None:
        state.conn.close()
        os.close(state.lock)
        state.conn = None


@pytest.fixture(params=["bench.bare_app", "bench.durable_app"])
def floor(request, tmp_path, monkeypatch):
    module = _load(request.param, tmp_path, monkeypatch)
    yield module, module.app.test_client()
    _close(module)


def test_signed_message_gets_the_fixed_reply(floor):
    _, client = floor
    resp = _post(client, _form())
    assert resp.status_code == 200
    assert resp.mimetype == "application/xml"
    assert b"<Message>Merci! T-1001</Message>" in resp.data


def test_forged_or_unsigned_message_is_refused(floor):
    _, client = floor
    assert _post(client, _form(), signature="forged").status_code == 403
    assert _post(client, _form(), signature="").status_code == 403
    assert client.post("/webhooks/twilio", json=_form()).status_code == 415


def _stored(tmp_path):
    conn = sqlite3.connect(tmp_path / "floor.sqlite3")
    try:
        return conn.execute("SELECT sid, body FROM messages ORDER BY id").fetchall()
    finally:
        conn.close()


def test_durable_floor_stores_each_message_once(tmp_path, monkeypatch):
    module = _load("bench.durable_app", tmp_path, monkeypatch)
    client = module.app.test_client()
    try:
        assert _post(client, _form(sid="SM" + "a" * 32, body="salam")).status_code == 200
        assert _post(client, _form(sid="SM" + "a" * 32, body="salam")).status_code == 200
        assert _post(client, _form(sid="SM" + "b" * 32, body="safi")).status_code == 200
        assert _post(client, _form(sid="SM" + "c" * 32), signature="forged").status_code == 403
        unsigned_sid = {k: v for k, v in _form().items() if k != "MessageSid"}
        assert _post(client, unsigned_sid).status_code == 400
        assert _stored(tmp_path) == [("SM" + "a" * 32, "salam"), ("SM" + "b" * 32, "safi")]
    finally:
        _close(module)


def test_durable_floor_stores_from_several_threads(tmp_path, monkeypatch):
    """gunicorn.conf.py runs threads: one connection per process failed in every thread but
    the first (sqlite3 refuses a connection made in another thread) with a 500."""
    module = _load("bench.durable_app", tmp_path, monkeypatch)
    statuses = []

    def post(i):
        client = module.app.test_client()
        try:
            statuses.append(_post(client, _form(sid=f"SM{i:032d}")).status_code)
        finally:
            _close(module)

    for i in range(3):
        t = threading.Thread(target=post, args=(i,))
        t.start()
        t.join()
    assert statuses == [200, 200, 200]
    assert len(_stored(tmp_path)) == 3
