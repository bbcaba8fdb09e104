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
    assert third["code"] == 3                                  # 1 rests a while (Amina's)
    at.move(hours=store.handoffs.CODE_REST_HOURS, minutes=1)
    assert open_for(db, at, "+212600000304")["code"] == 1      # 1 is free again
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


# -- the customer's side (through the service) ------------------------------------------------

def basket_at_summary(app, db, at, phone=AMINA):
    say(app, db, at, "bonjour, je veux 2 amlou 250g", phone=phone)
    say(app, db, at, "c'est tout", phone=phone)
    reply = say(app, db, at, "Amina Alaoui, Rabat, Hay Riad rue 7 numéro 12", phone=phone)
    assert conv_of(db, phone)["state"] == "confirm", reply
    return reply


def test_asking_for_a_person_says_when_and_offers_to_go_on(app, db, at):
    basket_at_summary(app, db, at)
    reply = say(app, db, at, "je veux parler à quelqu'un")
    assert "va vous répondre ici" in reply and "continuer" in reply
    assert conv_of(db)["state"] == "handoff"
    [alert] = [p for p in to_member(db, YOUSSEF) if p["kind"] == "handoff"]
    assert "@1" in alert["text"] and "0600000301" in alert["text"]
    assert "2 × Amlou" in alert["text"] and "parler à quelqu'un" in alert["text"]
    [fatima] = [p for p in to_member(db, FATIMA) if p["kind"] == "handoff"]
    assert "سالينا 0600000301" in fatima["text"] and not any(
        ord(ch) > 0xFFFF for ch in fatima["sms_text"])                    # no emoji by SMS
    assert store.open_handoff_of(db, conv_of(db)["id"])["reason"] == "asked"


def test_outside_opening_hours_the_customer_is_told_when(app, db, at, monkeypatch):
    at.now = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)           # Tuesday 21:30 in Casablanca
    reply = say(app, db, at, "bghit nhder m3a chi wa7ed")
    assert "msdoda" in reply and "ghedda mn 9:00" in reply and "kemmel" in reply
    at.now = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)            # Saturday evening; Sunday off
    reply = say(app, db, at, "bghit nhder m3a chi wa7ed", phone=KARIM)
    assert "nhar tnin mn 9:00" in reply


def test_a_voice_note_at_any_step_goes_to_a_person_in_both_scripts(app, db, at):
    voice = [{"url": "https://api.twilio.com/Media/ME1", "type": "audio/ogg"}]
    reply = say(app, db, at, "", media=voice)
    assert "vocal" in reply and "الأوديو" in reply              # language unknown: both scripts
    assert conv_of(db)["state"] == "handoff"
    youssef = [p for p in to_member(db, YOUSSEF) if p["kind"] == "relay"]
    assert youssef[0]["media_url"] == "https://api.twilio.com/Media/ME1"
    assert "https://" not in youssef[0]["text"]                       # the voice note is the media
    assert "https://api.twilio.com/Media/ME1" in youssef[0]["sms_text"]   # its SMS fallback: a link
    fatima = [p for p in to_member(db, FATIMA) if p["kind"] == "relay"][0]["sms_text"]
    assert "https://api.twilio.com/Media/ME1" in fatima and "0600000301" in fatima
    # at the summary, in French: the French text only, and the step is kept
    basket_at_summary(app, db, at, phone=KARIM)
    reply = say(app, db, at, "", phone=KARIM,
                media=[{"url": "https://api.twilio.com/Media/ME2", "type": "image/jpeg"}])
    assert "image" in reply and "التعاونية" not in reply
    assert conv_of(db, KARIM)["data"]["resume_state"] == "confirm"


def test_messages_during_a_handoff_are_relayed_with_a_throttled_ack(app, db, at):
    say(app, db, at, "je veux parler à quelqu'un")
    at.move(minutes=1)
    assert say(app, db, at, "c'est pour une commande en gros") == ""     # just told: quiet
    at.move(minutes=5)
    assert "parvenu" in say(app, db, at, "vous êtes là ?")
    at.move(minutes=1)
    assert say(app, db, at, "allo") == ""
    relayed = [p["text"] for p in to_member(db, YOUSSEF) if p["kind"] == "relay"]
    assert relayed == ["@1 0600000301: c'est pour une commande en gros",
                       "@1 0600000301: vous êtes là ?", "@1 0600000301: allo"]


def test_kemmel_resumes_the_exact_step_and_ends_the_handoff(app, db, at):
    basket_at_summary(app, db, at)
    say(app, db, at, "je veux parler à quelqu'un")
    reply = say(app, db, at, "continuer")
    assert reply.startswith(i18n.t("fr", "handoff_back")) and "2 × Amlou" in reply
    conv = conv_of(db)
    assert conv["state"] == "confirm" and "resume_state" not in conv["data"]
    assert store.get_handoff(db, 1)["ended_by"] == "customer"
    reply = say(app, db, at, "oui")
    assert "T-" in reply                                             # the order is placed


def test_an_order_during_a_handoff_goes_back_to_ordering(app, db, at):
    say(app, db, at, "bghit nhder m3a chi wa7ed")
    reply = say(app, db, at, "bghit 2 amlou 250g")
    assert "Amlou" in reply and conv_of(db)["state"] != "handoff"
    assert store.get_handoff(db, 1)["status"] == "ended"


def test_the_handoff_times_out_in_the_worker(app, db, at):
    basket_at_summary(app, db, at)
    say(app, db, at, "je veux parler à quelqu'un")
    member_says(app, db, at, "salam, chno bghiti?")                   # Youssef takes it
    at.move(hours=1)
    console = ConsoleTransport()
    worker.work_once(db, console, dict(app.config))
    assert conv_of(db)["state"] == "handoff"                          # not yet
    at.move(hours=1, minutes=1)
    worker.work_once(db, console, dict(app.config))
    assert conv_of(db)["state"] == "confirm"
    assert store.get_handoff(db, 1)["ended_by"] == "timeout"
    assert any(i18n.t("fr", "handoff_back") in m["body"] for m in console.sent
               if m["to"] == f"whatsapp:{AMINA}")
    assert any("lbot rj3 ijawb" in (m["body"] or "") for m in console.sent
               if m["to"] == f"whatsapp:{YOUSSEF}")


def test_address_words_never_start_a_handoff(app, db, at):
    say(app, db, at, "bghit 2 amlou 250g")
    say(app, db, at, "safi")
    say(app, db, at, "Salma, casa, derb 3ayto raqm 3")
    assert conv_of(db)["state"] != "handoff" and store.open_handoff_of(db, conv_of(db)["id"]) \
        is None


def test_a_second_question_nobody_can_answer_hands_off(app, db, at):
    reply = say(app, db, at, "wach l3sel mzyan l diabète?")
    assert "iyeh" in reply and conv_of(db)["state"] != "handoff"
    reply = say(app, db, at, "wach l3sel kaydir mzyan l lkoht?")
    handoff = store.open_handoff_of(db, conv_of(db)["id"])
    assert handoff is not None and handoff["reason"] == "unanswered"
    assert "ghadi ijawbek hna" in reply and "iyeh" not in reply


# -- the members' side ---------------------------------------------------------------------------

def test_the_first_member_to_reply_takes_it_and_the_others_are_told(app, db, at):
    say(app, db, at, "je veux parler à quelqu'un")
    reply = member_says(app, db, at, "Salam, ah kanwslo l Rabat")
    assert "@1" in reply and "m3akom daba" in reply
    [sent] = to_customer(db)
    assert sent["body"] == "Coopérative Tifawin : Salam, ah kanwslo l Rabat"
    assert sent["author"] == "member:2"
    taken = [p["sms_text"] for p in to_member(db, FATIMA) if p["kind"] == "relay"]
    assert len(taken) == 1 and "Youssef" in taken[0]
    reply = member_says(app, db, at, "@1 wakha ana njawbo", phone=FATIMA)
    assert "Youssef" in reply and len(to_customer(db)) == 1         # not sent: Youssef has it
    reply = member_says(app, db, at, "chkoun nta?", phone=FATIMA)    # no handoff of hers: help
    assert len(to_customer(db)) == 1
    say(app, db, at, "merci, et le prix du miel ?")
    relayed = [p["text"] for p in to_member(db, YOUSSEF) if p["kind"] == "relay"]
    assert relayed[-1] == "@1 0600000301: merci, et le prix du miel ?"
    assert not [p for p in to_member(db, FATIMA) if "le prix du miel" in p["text"]]


def test_member_commands_keep_working_while_relaying(app, db, at):
    from tests.test_members import place
    order = place(db, phone=KARIM)
    say(app, db, at, "je veux parler à quelqu'un")
    member_says(app, db, at, "salam")                                 # takes it
    number = order["number"].split("-")[1]
    assert order["number"] in member_says(app, db, at, f"chouf {number}")
    assert order["number"] in member_says(app, db, at, "lista")
    member_says(app, db, at, f"sift {number}")
    assert store.get_order(db, order["id"])["status"] == "picked_up"
    assert len(to_customer(db)) == 1                                   # only "salam" relayed


def test_codes_pick_and_switch_between_customers(app, db, at):
    say(app, db, at, "je veux parler à quelqu'un")                    # @1 Amina
    say(app, db, at, "bghit nhder m3a chi wa7ed", phone=KARIM)       # @2 Karim
    listing = member_says(app, db, at, "salam")                       # two waiting: which one?
    assert "@1" in listing and "@2" in listing and to_customer(db) == []
    assert "@1" in member_says(app, db, at, "@1 Bonjour Madame")
    member_says(app, db, at, "@2 salam a si Karim")
    reply = member_says(app, db, at, "ah kayn")                        # to the last one picked
    assert "@2" in reply and "@1" in reply
    assert to_customer(db, KARIM)[-1]["body"] == "Coopérative Tifawin: ah kayn"
    assert "@1" in member_says(app, db, at, "@1")                      # switch
    member_says(app, db, at, "Oui Madame, nous livrons demain")
    assert to_customer(db)[-1]["body"].endswith("nous livrons demain")
    listing = member_says(app, db, at, "clients")
    assert "0600000301" in listing and "0600000302" in listing
    assert "❓" in member_says(app, db, at, "@7 salam")
    assert "0600000301" in member_says(app, db, at, "fin")             # ends the focused one
    assert conv_of(db)["state"] != "handoff" and conv_of(db, KARIM)["state"] == "handoff"
    member_says(app, db, at, "bslama")
    assert to_customer(db, KARIM)[-1]["body"].endswith("bslama")


def test_media_from_a_member_and_to_an_sms_member(app, db, at):
    say(app, db, at, "bghit nhder m3a chi wa7ed", phone=KARIM, sms=True)
    member_says(app, db, at, "ana m3ak", phone=FATIMA)
    say(app, db, at, "", phone=KARIM, sms=True,
        media=[{"url": "https://api.twilio.com/Media/ME9", "type": "audio/amr"}])
    last = [p for p in to_member(db, FATIMA) if p["kind"] == "relay"][-1]["sms_text"]
    assert "https://api.twilio.com/Media/ME9" in last and "0600000302" in last
    member_says(app, db, at, "", phone=YOUSSEF,
                media=[{"url": "https://api.twilio.com/Media/ME10", "type": "image/jpeg"}])
    assert len(to_customer(db, KARIM)) == 1                            # Youssef does not hold it


def test_while_an_operator_holds_it_the_members_are_not_written_to(app, db, at):
    say(app, db, at, "je veux parler à quelqu'un")
    handoff = store.open_handoff_of(db, conv_of(db)["id"])
    with store.transaction(db):
        assert relay.take(db, handoff["id"], operator="Nadia", now=at.now)
    taken = [p["text"] for p in to_member(db, YOUSSEF) if p["kind"] == "relay"]
    assert taken == ["@1 0600000301: khdah Nadia."]
    say(app, db, at, "bonjour ?")
    assert len([p for p in to_member(db, YOUSSEF) if p["kind"] == "relay"]) == 1
    assert "Nadia" in member_says(app, db, at, "@1 salam")             # the operator has it
    with store.transaction(db):
        assert relay.release(db, handoff["id"], at.now)
    say(app, db, at, "il y a quelqu'un ?")
    relayed = [p["text"] for p in to_member(db, YOUSSEF) if p["kind"] == "relay"]
    assert relayed[-1] == "@1 0600000301: il y a quelqu'un ?"
    with store.transaction(db):
        assert relay.reply(db, 999, "x", "operator:Nadia", at.now)["status"] == "ended"
