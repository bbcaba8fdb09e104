"""A person answers, end to end (issue 18): the app over real HTTP, the worker, the local
fake Twilio. A customer asks for a person, a member on SMS takes it and answers, the customer
answers with a voice note, an operator replies, the member ends it, the customer orders.
Every message reaches the right person exactly once."""

from __future__ import annotations

from collections import Counter

import requests

from bot import i18n, relay, store, worker
from bot.messaging import make_transport

AMINA = "+212600000301"                              # the customer, on WhatsApp
FATIMA = "+212661000001"                             # member on SMS (ary-Arab)
YOUSSEF = "+212661000002"                            # member on WhatsApp (ary-Latn)
VOICE = b"OggS" + bytes(range(256)) * 8              # the voice note Twilio keeps


def bare(address: str) -> str:
    return address.rpartition(":")[2]


def test_a_person_answers_end_to_end(twilio, fake_twilio, live_settings, db, at):
    settings = dict(live_settings)
    transport = make_transport(settings)

    def run_worker():
        worker.work_once(db, transport, settings)
        worker.work_once(db, transport, settings)          # a second pass sends nothing again

    def sent_to(phone):
        return [m for m in fake_twilio.messages if bare(m["To"]) == phone]

    def customer(text="", **kw):
        return twilio.say(text, phone=AMINA, **kw)

    def fatima(text):
        return twilio.say(text, phone=FATIMA, channel="sms")

    # the customer orders up to the summary, then asks for a person
    customer("bonjour, je veux 2 amlou 250g")
    customer("c'est tout")
    summary = customer("Amina Alaoui, Rabat, Hay Riad rue 7 numéro 12")
    assert "Hay Riad" in summary
    at.move(minutes=1)
    assert "va vous répondre ici" in customer("je veux parler à quelqu'un")
    run_worker()
    [alert_f] = sent_to(FATIMA)
    [alert_y] = sent_to(YOUSSEF)
    assert "0600000301" in alert_f["Body"] and "@1" in alert_f["Body"]
    assert "سالينا" in alert_f["Body"] and not any(ord(c) > 0xFFFF for c in alert_f["Body"])
    assert "parler à quelqu'un" in alert_y["Body"]

    # Fatima (SMS) takes it by answering
    at.move(minutes=2)
    took = fatima("Salam Amina, ana Fatima. Bghiti tbeddli chi 7aja f lcommande?")
    assert "@1" in took and "سالينا" in took
    run_worker()
    [answer] = sent_to(AMINA)
    assert answer["Body"] == ("Coopérative Tifawin : Salam Amina, ana Fatima. "
                              "Bghiti tbeddli chi 7aja f lcommande?")
    [taken] = sent_to(YOUSSEF)[1:]
    assert "Fatima" in taken["Body"]                                     # told once

    # the customer answers with a voice note (and Twilio redelivers the webhook)
    at.move(minutes=1)
    media_url = fake_twilio.add_media(VOICE, "audio/ogg")
    voice = twilio.message("", phone=AMINA, sid="MM" + "7" * 32, NumMedia="1",
                           MediaUrl0=media_url, MediaContentType0="audio/ogg")
    again = twilio.message("", phone=AMINA, sid="MM" + "7" * 32, NumMedia="1",
                           MediaUrl0=media_url, MediaContentType0="audio/ogg")
    assert voice.status_code == again.status_code == 200 and voice.text == again.text
    run_worker()
    [link] = sent_to(FATIMA)[1:]
    assert "0600000301" in link["Body"] and media_url not in link["Body"]   # + call line
    [ours] = [w for w in link["Body"].split() if w.startswith(settings["PUBLIC_URL"] + "/m/")]
    opened = requests.get(ours, timeout=10)                       # a basic phone opens it
    assert opened.status_code == 200 and opened.content == VOICE
    assert len(sent_to(YOUSSEF)) == 2                                    # not his customer

    # an operator replies from the inbox: the same path
    at.move(minutes=3)
    handoff = store.open_handoff_of(db, store.find_conversation(db, 1, AMINA)["id"])
    with store.transaction(db):
        done = relay.reply(db, handoff["id"], "Oui, livraison demain à Rabat", "operator:Nadia",
                           at.now)
    assert done["status"] == "sent"
    run_worker()
    assert sent_to(AMINA)[-1]["Body"] == "Coopérative Tifawin : Oui, livraison demain à Rabat"

    # Fatima ends it: the customer is back at the summary
    at.move(minutes=1)
    assert "0600000301" in fatima("fin")
    run_worker()
    back = sent_to(AMINA)[-1]["Body"]
    assert back.startswith(i18n.t("fr", "handoff_back")) and "Hay Riad" in back

    # the customer confirms: the order is placed
    at.move(minutes=1)
    placed = customer("oui")
    assert "T-" in placed
    run_worker()
    number = next(iter(store.export_orders(db)))["number"]

    # every message reached the right person exactly once
    bodies = Counter((bare(m["To"]), m.get("Body") or m.get("ContentSid"))
                     for m in fake_twilio.messages)
    assert all(n == 1 for n in bodies.values()), bodies
    assert len(sent_to(AMINA)) == 3                     # Fatima, the operator, back at the summary
    assert len(sent_to(FATIMA)) == 3                    # alert, voice note, the order
    assert len(sent_to(YOUSSEF)) == 3                   # alert, taken by Fatima, the order
    assert number.split("-")[1] in sent_to(FATIMA)[-1]["Body"]
    authors = [m["author"] for m in store.transcript(db, handoff["conversation_id"])
               if m["author"] not in ("customer", "bot")]
    assert authors == ["member:1", "operator:Nadia"]
    assert store.get_handoff(db, handoff["id"])["ended_by"] == "member:1"
