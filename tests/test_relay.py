"""A person answers (issue 18): the handoffs table, and relay.take/release/end/reply."""

from __future__ import annotations

import itertools
import json
from datetime import UTC, datetime, timedelta

import pytest

from bot import clock, i18n, relay, service, store, worker
from bot.messaging import ConsoleTransport
from tests.conftest import COOP_SMS, COOP_WA

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)        # a Tuesday, 10:00 in Casablanca: open
FATIMA = "+212661000001"        # member, sms, ary-Arab
YOUSSEF = "+212661000002"       # member, whatsapp, ary-Latn
AMINA = "+212600000301"
KARIM = "+212600000302"
_sids = itertools.count(1)


class Clock:
    """The one clock (bot.clock), moved by the test."""

    def __init__(self, monkeypatch, start: datetime = T0):
        self.now = start
        monkeypatch.setattr(clock, "utcnow", lambda: self.now)

    def move(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def at(monkeypatch):
    return Clock(monkeypatch)


def say(app, db, at, text="", phone=AMINA, media=None, sms=False):
    """One inbound message through the service, at the test's clock."""
    msg = service.Inbound(from_addr=phone if sms else f"whatsapp:{phone}",
                          to_addr=COOP_SMS if sms else COOP_WA, body=text,
                          sid=f"SM{next(_sids):032d}", media=media or [])
    return "\n\n".join(service.handle_inbound(db, msg, dict(app.config), now=at.now))


def member_says(app, db, at, text, phone=YOUSSEF, media=None):
    sms = phone == FATIMA
    return say(app, db, at, text, phone=phone, media=media, sms=sms)


def jobs(db, kind):
    return list(reversed(store.list_jobs(db, kind=kind, limit=500)))


def to_customer(db, phone=AMINA):
    return [j["payload"] for j in jobs(db, "message.customer") if phone in j["payload"]["to"]]


def to_member(db, phone):
    return [j["payload"] for j in jobs(db, "message.member") if j["payload"]["phone"] == phone]


def conv_of(db, phone=AMINA):
    return store.find_conversation(db, 1, phone)


def open_for(db, at, phone=AMINA, state="confirm", cart=None):
    """A conversation waiting for a person, opened the way the service opens one."""
    coop = store.get_coop(db, 1)
    with store.transaction(db):
        customer = store.get_or_create_customer(db, phone)
        conv = store.get_or_create_conversation(db, 1, customer["id"])
        data = {"resume_state": state, "cart": cart or [{"sku": "AMLOU-250", "qty": 2}],
                "details": {"name": "Amina", "city": "Rabat", "address": "Hay Riad, rue 7"}}
        until = (at.now + timedelta(hours=2)).isoformat()
        store.save_conversation(db, conv["id"], state="handoff", data=data, lang="fr",
                                channel="whatsapp", handoff_until=until)
        store.record_inbound(db, sid=f"SM{next(_sids):032d}", idempotency_key=None, coop_id=1,
                             conversation_id=conv["id"], from_addr=f"whatsapp:{phone}",
                             to_addr=COOP_WA, body="je veux parler à quelqu'un", media=None)
        conv = store.get_conversation(db, conv["id"])
        return relay.start(db, coop, customer, conv, reason="asked", until=until, now=at.now,
                           msg_key=f"test:{phone}")


def with_template(db, sid="HX" + "a" * 32):
    """The cooperative file's ``whatsapp_templates: {reopen: HX…}``."""
    settings = dict(store.get_coop(db, 1)["settings"], whatsapp_templates={"reopen": sid})
    with store.transaction(db):
        db.conn.execute("UPDATE coops SET settings = ? WHERE id = 1", (json.dumps(settings),))


# -- the store -------------------------------------------------------------------------------

def test_one_open_handoff_per_conversation_and_the_smallest_free_code(db, at):
    first = open_for(db, at, AMINA)
    again = open_for(db, at, AMINA)
    second = open_for(db, at, KARIM)
    assert again["id"] == first["id"] and (first["code"], second["code"]) == (1, 2)
    with store.transaction(db):
        assert store.end_handoff(db, first["id"], by="operator:Nadia", now=at.now)
        assert not store.end_handoff(db, first["id"], by="timeout", now=at.now)
    third = open_for(db, at, "+212600000303")
    assert third["code"] == 1                                  # 1 is free again
    assert store.handoff_by_code(db, 1, 2)["id"] == second["id"]
    assert store.get_handoff(db, first["id"])["ended_by"] == "operator:Nadia"


def test_take_is_atomic_release_and_retake(db, at):
    h = open_for(db, at)
    with store.transaction(db):
        assert relay.take(db, h["id"], member_id=2, now=at.now)
        assert relay.take(db, h["id"], member_id=2, now=at.now)          # again, same holder
        assert not relay.take(db, h["id"], member_id=1, now=at.now)
        assert not relay.take(db, h["id"], operator="Nadia", now=at.now)
        assert relay.release(db, h["id"], at.now)
        assert not relay.release(db, h["id"], at.now)
        assert relay.take(db, h["id"], operator="Nadia", now=at.now)
    row = store.get_handoff(db, h["id"])
    assert row["status"] == "taken" and row["operator"] == "Nadia" and row["member_id"] is None
    with pytest.raises(ValueError):
        store.take_handoff(db, h["id"], now=at.now)


def test_the_other_members_are_told_once_who_took_it(db, at):
    h = open_for(db, at)
    with store.transaction(db):
        relay.take(db, h["id"], member_id=2, now=at.now)                # Youssef
        relay.take(db, h["id"], member_id=2, now=at.now)
    told = [p for p in to_member(db, FATIMA) if p["kind"] == "relay"]
    assert len(told) == 1 and "Youssef" in told[0]["text"] and "@1" in told[0]["text"]
    assert not [p for p in to_member(db, YOUSSEF) if p["kind"] == "relay"]


def test_lists_and_counts_for_the_inbox(db, at):
    first = open_for(db, at, AMINA)
    at.move(minutes=10)
    open_for(db, at, KARIM)
    with store.transaction(db):
        relay.take(db, first["id"], operator="Nadia", now=at.now)
    counts = store.handoff_counts(db, at.now)
    assert counts["waiting"] == 1 and counts["oldest_since"].startswith("2026-12-01T09:10")
    rows = store.list_handoffs(db, now=at.move(minutes=5))
    assert [r["status"] for r in rows] == ["waiting", "taken"]
    waiting, taken = rows
    assert waiting["customer_phone"] == KARIM and waiting["waited"] == 300
    assert waiting["coop_name"] == "Coopérative Tifawin"
    assert taken["holder_name"] == "Nadia" and taken["waited"] == 600
    assert taken["last_message"] == "je veux parler à quelqu'un"
    assert [r["id"] for r in store.list_handoffs(db, status="taken")] == [first["id"]]
    assert store.list_handoffs(db, coop_id=99) == []


# -- reply: the one path for members and operators -------------------------------------------

def test_reply_goes_to_the_customer_with_the_coops_name_and_author(app, db, at):
    h = open_for(db, at)
    at.move(minutes=30)
    with store.transaction(db):
        done = relay.reply(db, h["id"], "Salam, oui nous livrons à Rabat", "operator:Nadia",
                           at.now)
    assert done == {"status": "sent", "notice": None}
    [sent] = to_customer(db)
    assert sent["body"] == "Coopérative Tifawin : Salam, oui nous livrons à Rabat"
    row = store.get_handoff(db, h["id"])
    assert row["last_reply_at"].startswith("2026-12-01T09:30")
    assert row["until"].startswith("2026-12-01T11:30")                 # two hours from the reply
    assert conv_of(db)["handoff_until"].startswith("2026-12-01T11:30")
    console = ConsoleTransport()
    worker.work_once(db, console, dict(app.config))
    [message] = [m for m in store.transcript(db, h["conversation_id"]) if m["direction"] == "out"]
    assert message["author"] == "operator:Nadia" and isinstance(message["id"], int)
    assert [m["author"] for m in store.transcript(db, h["conversation_id"])] == \
        ["customer", "operator:Nadia"]
    with store.transaction(db):
        assert relay.reply(db, h["id"], "  ", "operator:Nadia", at.now)["status"] == "empty"


def test_end_resumes_the_exact_step_and_tells_the_holder(db, at):
    h = open_for(db, at, state="confirm")
    with store.transaction(db):
        relay.take(db, h["id"], member_id=2, now=at.now)
        assert relay.end(db, h["id"], by="operator:Nadia", now=at.now)
        assert not relay.end(db, h["id"], by="operator:Nadia", now=at.now)
    conv = conv_of(db)
    assert conv["state"] == "confirm" and conv["handoff_until"] is None
    assert conv["data"]["cart"] == [{"sku": "AMLOU-250", "qty": 2}]
    assert conv["data"]["details"]["address"] == "Hay Riad, rue 7"
    assert "resume_state" not in conv["data"]
    body = "\n".join(p["body"] for p in to_customer(db))
    assert i18n.t("fr", "handoff_back") in body
    assert "2 × Amlou" in body and "Hay Riad, rue 7" in body          # the summary again
    told = [p["text"] for p in to_member(db, YOUSSEF) if p["kind"] == "relay"]
    assert told == [i18n.t("ary-Latn", "member_handoff_ended", phone="0600000301")]


def test_reply_outside_the_whatsapp_window_uses_the_reopen_template(app, db, at, monkeypatch):
    h = open_for(db, at)
    at.move(days=2, hours=3)
    with store.transaction(db):
        refused = relay.reply(db, h["id"], "Vous êtes là ?", "member:2", at.now, lang="ary-Latn")
    assert refused["status"] == "refused" and "0600000301" in refused["notice"]
    assert "hadi 2 iyyam" in refused["notice"] and to_customer(db) == []
    with_template(db)
    with store.transaction(db):
        held = relay.reply(db, h["id"], "Vous êtes là ?", "member:2", at.now, lang="fr")
        relay.reply(db, h["id"], "Nous avons du miel de thym", "member:2", at.now, lang="fr")
    assert held["status"] == "held" and "il y a 2 jours" in held["notice"]
    [template] = to_customer(db)
    assert template["content_sid"] == "HX" + "a" * 32 and template["body"] == ""
    console = ConsoleTransport()
    worker.work_once(db, console, dict(app.config))
    assert console.sent[-1]["content_sid"] == "HX" + "a" * 32
    say(app, db, at, "oui je suis là")                          # the customer answers
    bodies = [p["body"] for p in to_customer(db)][1:]
    assert bodies == ["Coopérative Tifawin : Vous êtes là ?",
                      "Coopérative Tifawin : Nous avons du miel de thym"]


def test_the_reopen_template_is_validated_in_the_cooperative_file():
    from bot.coops import CoopError, parse_coop

    base = {"slug": "x", "name": "X", "whatsapp_from": "+14155238886",
            "catalog": [{"sku": "A", "name": "Amlou", "price": 60, "unit": "g",
                         "size": 250}]}
    ok = parse_coop(dict(base, whatsapp_templates={"reopen": "HX" + "0f" * 16}))
    assert ok["coop"]["settings"]["whatsapp_templates"] == {"reopen": "HX" + "0f" * 16}
    for bad, words in (({"reopen": "hello"}, "whatsapp_templates.reopen"),
                       ({"welcome": "HX" + "0" * 32}, "unknown template"),
                       ("HX123", "must be a mapping")):
        with pytest.raises(CoopError) as exc:
            parse_coop(dict(base, whatsapp_templates=bad))
        assert words in str(exc.value)
