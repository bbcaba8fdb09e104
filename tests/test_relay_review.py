"""A person answers (issue 18), as its users use it: the review's findings, over real HTTP
where they happen over HTTP (the app on a real port, the worker, the local fake Twilio)."""

from __future__ import annotations

from bot import i18n, store, worker
from bot.messaging import make_transport

AMINA = "+212600000301"                              # the customer, on WhatsApp
FATIMA = "+212661000001"                             # member on SMS (ary-Arab)
YOUSSEF = "+212661000002"                            # member on WhatsApp (ary-Latn)


def bare(address: str) -> str:
    return address.rpartition(":")[2]


def test_kemmel_after_the_handoff_ended_asks_the_step_again(twilio, fake_twilio, live_settings,
                                                            db, at):
    """The customer was told "write continuer"; the handoff timed out (or a member ended it)
    before they did: "continuer" asks the step's question again, it is not their name."""
    transport = make_transport(dict(live_settings))
    twilio.say("bonjour, je veux 2 amlou 250g", phone=AMINA)
    asked = twilio.say("c'est tout", phone=AMINA)
    assert "votre nom" in asked
    assert "continuer" in twilio.say("je veux parler à quelqu'un", phone=AMINA)
    at.move(hours=2, minutes=1)
    worker.work_once(db, transport, dict(live_settings))             # the timeout ends it
    back = [m["Body"] for m in fake_twilio.messages if bare(m["To"]) == AMINA]
    assert back and back[-1].startswith(i18n.t("fr", "handoff_back"))
    again = twilio.say("continuer", phone=AMINA)
    assert "votre nom" in again
    conv = store.find_conversation(db, 1, AMINA)
    assert conv["state"] == "ask_name" and "name" not in conv["data"]["details"]
    assert conv["data"]["cart"] == [{"sku": "AMLOU-250", "qty": 2}]
    assert "votre ville" in twilio.say("Amina Alaoui", phone=AMINA)   # then the name, as usual


def test_kemmel_as_the_handoff_times_out_in_arabic(twilio, db, at):
    """The customer writes "كمل" just after the handoff's time passed (before the worker):
    back, and the step's question, in Arabic script; not taken for a name."""
    twilio.say("بغيت جوج أملو", phone=AMINA)
    twilio.say("1", phone=AMINA)
    assert "كمل" in twilio.say("بغيت نهضر مع شي واحد من التعاونية", phone=AMINA)
    at.move(hours=2, minutes=1)
    again = twilio.say("كمل", phone=AMINA)
    assert again.startswith(i18n.t("ary-Arab", "handoff_back"))
    assert "سميتك" in again and not any("a" <= c.lower() <= "z" for c in again.split("\n")[0])
    conv = store.find_conversation(db, 1, AMINA)
    assert conv["state"] in ("ordering", "ask_name") and "name" not in conv["data"]["details"]


def test_a_long_customer_message_reaches_an_sms_member_in_a_few_parts(twilio, fake_twilio,
                                                                    live_settings, db, at):
    """A customer writes 3,000 characters on WhatsApp: the SMS member gets the code first, no
    emoji, in at most RELAY_SMS_SEGMENTS parts; the WhatsApp member within Twilio's 1,600;
    the customer's whole words stay in the transcript."""
    from bot import relay
    from bot.sms import sms_segments
    settings = dict(live_settings)
    transport = make_transport(settings)
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    worker.work_once(db, transport, settings)
    fake_twilio.reset()
    long = "😀 Bonjour, je voudrais savoir " + "si le miel est bien naturel et " * 100
    twilio.say(long, phone=AMINA)
    worker.work_once(db, transport, settings)
    [to_fatima] = [m["Body"] for m in fake_twilio.messages if bare(m["To"]) == FATIMA]
    [to_youssef] = [m["Body"] for m in fake_twilio.messages if bare(m["To"]) == YOUSSEF]
    assert to_fatima.startswith("@1 ") and "😀" not in to_fatima and to_fatima.endswith("...")
    assert sms_segments(to_fatima) <= relay.RELAY_SMS_SEGMENTS
    assert to_youssef.startswith("@1 ") and len(to_youssef) <= relay.MAX_BODY
    conv = store.find_conversation(db, 1, AMINA)
    assert any(m["body"] == long for m in store.transcript(db, conv["id"]))


def test_a_long_member_answer_reaches_the_customer_within_twilios_limit(twilio, fake_twilio,
                                                                      live_settings, db, at):
    """A WhatsApp member pastes 3,000 characters: the customer gets them signed with the
    cooperative's name, cut with "…" at Twilio's 1,600 (else Twilio refuses the message)."""
    from bot import relay
    settings = dict(live_settings)
    transport = make_transport(settings)
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    twilio.say("@1 " + "Salam, 3ndna l3sel dyal z3tar. " * 100, phone=YOUSSEF)
    worker.work_once(db, transport, settings)
    [answer] = [m["Body"] for m in fake_twilio.messages if bare(m["To"]) == AMINA]
    assert answer.startswith("Coopérative Tifawin : Salam") and answer.endswith("…")
    assert len(answer) <= relay.MAX_BODY
