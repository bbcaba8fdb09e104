"""The inbound pipeline (bot/service.py): the step computed outside the write lock is only
written when nothing it read has changed."""

import uuid

from bot import service, store


def _msg(text, phone="+212600000099"):
    return service.Inbound(from_addr=f"whatsapp:{phone}", to_addr="whatsapp:+14155238886",
                           body=text, sid="SM" + uuid.uuid4().hex)


def test_a_plan_made_stale_by_another_message_is_recomputed(app, db, monkeypatch):
    settings = app.config
    service.handle_inbound(db, _msg("salam"), settings)
    original = service._plan
    interleaved = []

    def plan_then_interleave(*args, **kwargs):
        plan = original(*args, **kwargs)
        if not interleaved:                 # another message lands between plan and write
            interleaved.append(True)
            service.handle_inbound(db, _msg("bghit 1 ghassoul"), settings)
        return plan

    monkeypatch.setattr(service, "_plan", plan_then_interleave)
    service.handle_inbound(db, _msg("bghit 2 amlou 500g"), settings)
    conv = store.find_conversation(db, 1, "+212600000099")
    assert {line["sku"]: line["qty"] for line in conv["data"]["cart"]} == {"GHASSOUL-200": 1,
                                                                 "AMLOU-500": 2}


def test_a_fresh_plan_is_written_as_computed(app, db, monkeypatch):
    settings = app.config
    service.handle_inbound(db, _msg("salam"), settings)
    steps = []
    original = service._step
    monkeypatch.setattr(service, "_step", lambda *a, **k: steps.append(1) or original(*a, **k))
    service.handle_inbound(db, _msg("bghit 2 amlou 500g"), settings)
    assert len(steps) == 1                  # computed once, outside the lock
    conv = store.find_conversation(db, 1, "+212600000099")
    assert conv["data"]["cart"] == [{"sku": "AMLOU-500", "qty": 2}] and conv["version"] == 2
