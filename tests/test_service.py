"""The inbound pipeline (bot/service.py): one write transaction per message, so what a step
read cannot change before its result is written, and nothing of a message is lost."""

import threading
import uuid

from bot import service, store


def _msg(text, phone="+212600000099"):
    return service.Inbound(from_addr=f"whatsapp:{phone}", to_addr="whatsapp:+14155238886",
                           body=text, sid="SM" + uuid.uuid4().hex)


def test_a_message_arriving_during_a_step_is_applied_after_it(app, db, monkeypatch):
    """Two messages of one customer at once: the second waits for the first one's write and
    then reads its result (the cart keeps both lines; neither step overwrites the other)."""
    settings = app.config
    service.handle_inbound(db, _msg("salam"), settings)
    original = service._step
    other: list = []

    def second_message():
        other_db = store.connect(app.config["BGHIT_DB"])       # its own thread's connection
        other.append(service.handle_inbound(other_db, _msg("bghit 1 ghassoul"), settings))
        store.close_all()

    def step_while_another_arrives(*args, **kwargs):
        if not other and not getattr(step_while_another_arrives, "started", False):
            step_while_another_arrives.started = True
            thread = threading.Thread(target=second_message)
            thread.start()
            thread.join(0.3)
            assert thread.is_alive() and not other     # it waits for this message's write
            step_while_another_arrives.thread = thread
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "_step", step_while_another_arrives)
    service.handle_inbound(db, _msg("bghit 2 amlou 500g"), settings)
    step_while_another_arrives.thread.join(10)
    assert other and other[0]                          # the second message got its replies
    conv = store.find_conversation(db, 1, "+212600000099")
    assert {line["sku"]: line["qty"] for line in conv["data"]["cart"]} == {"AMLOU-500": 2,
                                                                 "GHASSOUL-200": 1}
    assert conv["version"] == 3


def test_a_message_is_computed_once_and_written_as_computed(app, db, monkeypatch):
    settings = app.config
    service.handle_inbound(db, _msg("salam"), settings)
    steps = []
    original = service._step
    monkeypatch.setattr(service, "_step", lambda *a, **k: steps.append(1) or original(*a, **k))
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        service.handle_inbound(db, _msg("bghit 2 amlou 500g"), settings)
    finally:
        db.conn.set_trace_callback(None)
    assert len(steps) == 1
    assert [s for s in statements if s.startswith(("BEGIN", "COMMIT"))] == ["BEGIN IMMEDIATE",
                                                                            "COMMIT"]
    conv = store.find_conversation(db, 1, "+212600000099")
    assert conv["data"]["cart"] == [{"sku": "AMLOU-500", "qty": 2}] and conv["version"] == 2


def test_a_redelivery_is_answered_from_the_stored_reply_and_changes_nothing(app, db):
    settings = app.config
    service.handle_inbound(db, _msg("salam"), settings)
    first = _msg("bghit 2 amlou 500g")
    replies = service.handle_inbound(db, first, settings)
    before = store.find_conversation(db, 1, "+212600000099")
    again = service.Inbound(from_addr=first.from_addr, to_addr=first.to_addr,
                            body="bghit 9 amlou 500g", sid=first.sid)
    assert service.handle_inbound(db, again, settings) == replies
    after = store.find_conversation(db, 1, "+212600000099")
    assert after["version"] == before["version"] and after["data"] == before["data"]
