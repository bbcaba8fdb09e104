"""Twilio's inbound webhook answered without Flask's per-request machinery
(``twilio_hooks.InboundFastPath``): the same answers, and everything but the plain case
still answered by Flask."""

import uuid

import pytest
from twilio.request_validator import RequestValidator

from bot import store
from bot.cli import import_coop
from bot.web import http, twilio_hooks
from tests.conftest import AUTH_TOKEN, COOP_WA, DEMO, make_app, replies_of

PUBLIC = "https://bot.example.test"


@pytest.fixture
def fast_app(db_path):
    app = make_app(db_path, PUBLIC_URL=PUBLIC)
    import_coop(store.connect(db_path), DEMO)
    yield app
    store.close_all()


def _post(client, params, url=PUBLIC + "/webhooks/twilio", path="/webhooks/twilio",
          **kw):
    signature = RequestValidator(AUTH_TOKEN).compute_signature(url, params)
    return client.post(path, data=params, headers={"X-Twilio-Signature": signature}, **kw)


def _message(text, phone="+212612340001", **extra):
    return {"From": f"whatsapp:{phone}", "To": COOP_WA, "Body": text,
            "MessageSid": "SM" + uuid.uuid4().hex, "NumMedia": "0", **extra}


def _flask_view_counted(app):
    """Count the requests Flask's own view answers."""
    calls = []
    view = app.view_functions["webhook.inbound"]

    def counted(*a, **kw):
        calls.append(1)
        return view(*a, **kw)
    app.view_functions["webhook.inbound"] = counted
    return calls


def test_a_whole_order_is_answered_without_flasks_view(fast_app):
    calls = _flask_view_counted(fast_app)
    client = fast_app.test_client()
    texts = []
    for text in ["salam", "bghit 2 kilo dyal l3sel zaatar", "safi", "Fatima", "casa",
                 "Hay Nahda rue 5", "iyeh"]:
        resp = _post(client, _message(text))
        assert resp.status_code == 200
        texts.append(replies_of(resp.text))
    assert calls == []
    assert any("T-" in reply for reply in texts[-1])
    db = store.connect(fast_app.config["BGHIT_DB"])
    assert db.conn.execute("SELECT count(*) FROM orders").fetchone()[0] == 1


def test_its_answer_carries_flasks_headers(fast_app):
    """The same header list as Flask's answer to the same kind of message (asked with a
    query, which the fast path leaves to Flask), HSTS included over https."""
    calls = _flask_view_counted(fast_app)
    client = fast_app.test_client()
    fast = _post(client, _message("salam"), base_url=PUBLIC)
    params = _message("salam", phone="+212612340002")
    slow = _post(client, params, url=PUBLIC + "/webhooks/twilio?via=flask",
                 path="/webhooks/twilio?via=flask", base_url=PUBLIC)
    assert calls == [1] and fast.status_code == slow.status_code == 200
    assert fast.text == slow.text
    assert fast.headers.to_wsgi_list() == slow.headers.to_wsgi_list()
    assert ("Strict-Transport-Security", http.HSTS) in fast.headers.to_wsgi_list()
    plain = _post(client, _message("salam", phone="+212612340003"))     # over http: no HSTS
    assert "Strict-Transport-Security" not in plain.headers


def test_without_public_url_the_request_url_is_what_was_signed(app):
    calls = _flask_view_counted(app)
    client = app.test_client()
    resp = _post(client, _message("salam"), url="http://localhost/webhooks/twilio")
    assert resp.status_code == 200 and calls == []
    forged = _post(client, _message("salam"))              # signed for another URL
    assert forged.status_code == 403 and calls == [1]


def test_refusals_and_malformed_messages_are_left_to_flask(fast_app, caplog):
    calls = _flask_view_counted(fast_app)
    client = fast_app.test_client()
    forged = client.post("/webhooks/twilio", data=_message("salam"),
                         headers={"X-Twilio-Signature": "bm9wZQ=="})
    assert forged.status_code == 403
    assert "invalid Twilio signature" in caplog.text
    malformed = _post(client, {"Body": "salam", "MessageSid": "SM1"})
    assert malformed.status_code == 400 and "required" in malformed.json["error"]
    too_big = _post(client, _message("x" * (70 * 1024)))
    assert too_big.status_code == 413
    assert calls == [1, 1, 1]
    db = store.connect(fast_app.config["BGHIT_DB"])
    assert db.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_a_busy_database_gets_the_apology_and_a_fault_flasks_500(fast_app, monkeypatch):
    calls = _flask_view_counted(fast_app)
    client = fast_app.test_client()

    def locked(*a, **kw):
        raise store.StoreError("database is locked")
    monkeypatch.setattr(twilio_hooks, "handle_inbound", locked)
    busy = _post(client, _message("salam"))
    assert busy.status_code == 200 and calls == []
    [apology] = replies_of(busy.text)
    assert apology

    def broken(*a, **kw):
        raise RuntimeError("bug")
    monkeypatch.setattr(twilio_hooks, "handle_inbound", broken)
    fast_app.testing = False                   # Flask's own 500, not the exception raised
    assert _post(client, _message("salam")).status_code == 500
    assert calls == [1]


def test_the_apps_hooks_are_those_the_fast_path_reproduces(fast_app):
    """It skips Flask's hooks: a hook added for every request (or for the webhook's
    blueprint) must be reproduced in ``InboundFastPath`` too, or the fast path removed."""
    names = {key: [f.__name__ for f in funcs]
             for key, funcs in fast_app.before_request_funcs.items() if funcs}
    assert names.get(None) == ["_new_request_id", "body_within_limit"]
    assert "webhook" not in names
    after = {key: [f.__name__ for f in funcs]
             for key, funcs in fast_app.after_request_funcs.items() if funcs}
    assert after.get(None) == ["security_headers"] and "webhook" not in after
    assert [f.__name__ for f in fast_app.teardown_appcontext_funcs] == ["close_db"]
    assert not any(fast_app.teardown_request_funcs.values())
