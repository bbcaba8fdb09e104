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


def test_two_members_answer_the_same_alert_in_the_same_second(twilio, fake_twilio,
                                                             live_settings, db, at):
    """Both members answer the alert before the worker tells anyone it is taken: the first
    takes it; the second is told at once who has it (not the command help), and the
    customer gets one answer."""
    settings = dict(live_settings)
    transport = make_transport(settings)
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    worker.work_once(db, transport, settings)
    took = twilio.say("Salam Amina, ana Youssef", phone=YOUSSEF)
    second = twilio.say("السلام، أنا فاطمة", phone=FATIMA, channel="sms")
    assert "@1" in took
    assert second == i18n.t("ary-Arab", "member_taken_by", code=1, name="0600000301",
                            holder="Youssef")
    worker.work_once(db, transport, settings)
    to_amina = [m["Body"] for m in fake_twilio.messages if bare(m["To"]) == AMINA]
    assert to_amina == ["Coopérative Tifawin : Salam Amina, ana Youssef"]


def test_a_member_ends_one_of_several_by_its_code(twilio, fake_twilio, live_settings, db, at):
    """"@2 fin" ends @2 (the customer is back with the bot); "fin" is never sent to them."""
    karim = "+212600000302"
    settings = dict(live_settings)
    transport = make_transport(settings)
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    twilio.say("je veux parler à quelqu'un", phone=karim)
    twilio.say("@1 salam", phone=YOUSSEF)
    twilio.say("@2 salam", phone=YOUSSEF)
    twilio.say("@1", phone=YOUSSEF)                                   # back to @1
    assert "0600000302" in twilio.say("@2 fin", phone=YOUSSEF)
    worker.work_once(db, transport, settings)
    to_karim = [m["Body"] for m in fake_twilio.messages if bare(m["To"]) == karim]
    assert to_karim[0] == "Coopérative Tifawin : salam"
    assert to_karim[1].startswith(i18n.t("fr", "handoff_back")) and len(to_karim) == 2
    assert store.find_conversation(db, 1, karim)["state"] != "handoff"
    assert store.find_conversation(db, 1, AMINA)["state"] == "handoff"


def test_the_customer_cancels_during_a_handoff(twilio, fake_twilio, live_settings, db, at):
    """"annuler" while waiting for a person: the bot does it now (the cart is emptied), the
    handoff ends and the member who held it is told; nothing is left waiting."""
    settings = dict(live_settings)
    transport = make_transport(settings)
    twilio.say("bonjour, je veux 2 amlou 250g", phone=AMINA)
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    twilio.say("salam", phone=YOUSSEF)
    at.move(minutes=6)
    answer = twilio.say("annuler", phone=AMINA)
    assert i18n.t("fr", "cart_cleared") in answer
    conv = store.find_conversation(db, 1, AMINA)
    assert conv["state"] == "start" and conv["data"]["cart"] == []
    assert store.open_handoff_of(db, conv["id"]) is None
    worker.work_once(db, transport, settings)
    to_youssef = [m["Body"] for m in fake_twilio.messages if bare(m["To"]) == YOUSSEF]
    assert "annuler" not in to_youssef[-1] and "0600000301" in to_youssef[-1]


def test_asking_for_a_person_while_the_bot_asks_which_one(twilio, db, at):
    """"bghit nhder m3a chi wa7ed" ("…with someone": wa7ed is also "one") while the bot asks
    which size: a person, not size 1; "kemmel" asks which one again, nothing added."""
    for text, lang in (("bghit nhder m3a chi wa7ed", "ary-Latn"),
                       ("بغيت نهضر مع شي واحد", "ary-Arab")):
        phone = AMINA if lang == "ary-Latn" else "+212600000302"
        which = twilio.say("bghit amlou" if lang == "ary-Latn" else "بغيت أملو", phone=phone)
        assert "1." in which and "2." in which
        answer = twilio.say(text, phone=phone)
        assert i18n.t(lang, "handoff_open", coop="Coopérative Tifawin").split("\n")[0] in answer
        conv = store.find_conversation(db, 1, phone)
        assert conv["state"] == "handoff" and conv["data"]["cart"] == []
        again = twilio.say("kemmel" if lang == "ary-Latn" else "كمل", phone=phone)
        assert "1." in again and "2." in again
        assert store.find_conversation(db, 1, phone)["data"]["cart"] == []


def test_a_late_at_code_never_reaches_the_next_customer(twilio, fake_twilio, live_settings,
                                                        db, at):
    """Youssef held @1 (Amina); it timed out; Karim asks for a person: he is not @1, so
    Youssef's late "@1 …" meant for Amina reaches nobody (he is told); Amina asking again
    is @1 again."""
    karim = "+212600000302"
    settings = dict(live_settings)
    transport = make_transport(settings)
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    twilio.say("salam Amina", phone=YOUSSEF)
    at.move(hours=2, minutes=5)
    worker.work_once(db, transport, settings)                         # timed out
    twilio.say("je veux parler à quelqu'un", phone=karim)
    late = twilio.say("@1 lcommande dyalk wajda", phone=YOUSSEF)
    assert late == i18n.t("ary-Latn", "member_code_unknown", code=1)
    worker.work_once(db, transport, settings)
    assert not [m for m in fake_twilio.messages if bare(m["To"]) == karim
                and "wajda" in (m.get("Body") or "")]
    conv = store.find_conversation(db, 1, karim)
    assert store.open_handoff_of(db, conv["id"])["code"] == 2
    twilio.say("kemmel", phone=AMINA)
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    amina = store.find_conversation(db, 1, AMINA)
    assert store.open_handoff_of(db, amina["id"])["code"] == 1


def test_a_handoff_asked_while_closed_waits_for_the_opening(twilio, fake_twilio, live_settings,
                                                            db, at):
    """Saturday 23:00 before Sunday (closed) and a day off on Monday: the customer is told
    Tuesday 9:00, and the handoff waits for it: no "we are back" in the night; on Tuesday
    a member's answer reaches the customer."""
    from datetime import UTC, datetime

    from tests.test_relay import with_template
    settings = dict(live_settings)
    transport = make_transport(settings)
    at.now = datetime(2027, 1, 9, 22, 0, tzinfo=UTC)               # Sat 23:00 in Casablanca
    twilio.say("bonjour, je veux 2 amlou 250g", phone=AMINA)
    told = twilio.say("je veux parler à quelqu'un", phone=AMINA)
    assert "mardi" in told and "9h00" in told
    worker.work_once(db, transport, settings)
    at.move(hours=3)                                                # Sunday 02:00
    worker.work_once(db, transport, settings)
    at.move(days=2, hours=7, minutes=30)                            # Tuesday 09:30
    worker.work_once(db, transport, settings)
    to_amina = [m["Body"] for m in fake_twilio.messages if bare(m["To"]) == AMINA]
    assert to_amina == []                                           # nobody said "back"
    assert store.find_conversation(db, 1, AMINA)["state"] == "handoff"
    with_template(db)                                   # 2½ days: WhatsApp's window is shut
    assert "⏳" in twilio.say("Salam Amina, ana Youssef", phone=YOUSSEF)      # told: held
    worker.work_once(db, transport, settings)
    [reopen] = [m for m in fake_twilio.messages if bare(m["To"]) == AMINA]
    assert reopen.get("ContentSid") == "HX" + "a" * 32              # the template reopens it
    twilio.say("oui ?", phone=AMINA)                                # she answers: the words go
    worker.work_once(db, transport, settings)
    to_amina = [m.get("Body") for m in fake_twilio.messages if bare(m["To"]) == AMINA]
    assert to_amina[-1] == "Coopérative Tifawin : Salam Amina, ana Youssef"


def test_held_words_wait_for_the_customers_answer_to_the_template(twilio, fake_twilio,
                                                                  live_settings, db, at):
    """Asked on Saturday night, answered on Tuesday 9:30: WhatsApp's window is shut, the
    template goes and the member's words are held; the customer answers the template at
    14:00 (after the usual 2 h timeout): the words still go, and no "we are back" first."""
    from datetime import UTC, datetime

    from tests.test_relay import with_template
    settings = dict(live_settings)
    transport = make_transport(settings)
    with_template(db)
    at.now = datetime(2027, 1, 9, 22, 0, tzinfo=UTC)               # Sat 23:00 in Casablanca
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    at.move(days=2, hours=9, minutes=30)                            # Tuesday 09:30
    worker.work_once(db, transport, settings)
    assert "⏳" in twilio.say("Lmiel wajed, bghiti nsifto lik?", phone=YOUSSEF)
    worker.work_once(db, transport, settings)
    at.move(hours=4, minutes=30)                                    # Tuesday 14:00
    worker.work_once(db, transport, settings)                       # no timeout yet
    twilio.say("oui", phone=AMINA)
    worker.work_once(db, transport, settings)
    to_amina = [m.get("Body") for m in fake_twilio.messages if bare(m["To"]) == AMINA]
    assert to_amina[-1] == "Coopérative Tifawin : Lmiel wajed, bghiti nsifto lik?"
    assert not [b for b in to_amina if b and b.startswith(i18n.t("fr", "handoff_back"))]


def test_a_handoff_asked_just_before_closing_waits_for_the_next_opening(
        twilio, fake_twilio, live_settings, db, at):
    """Friday 17:55 with closing at 18:00: the customer is told a person answers shortly, and
    the two hours a person has to answer run on opening time: no "we are back" at 19:55 when
    nobody is there; a member's answer on Saturday morning reaches the customer."""
    from datetime import UTC, datetime

    settings = dict(live_settings)
    transport = make_transport(settings)
    at.now = datetime(2027, 1, 8, 16, 55, tzinfo=UTC)               # Fri 17:55 in Casablanca
    twilio.say("bonjour, je veux 2 amlou 250g", phone=AMINA)
    twilio.say("je veux parler à quelqu'un", phone=AMINA)
    worker.work_once(db, transport, settings)
    sent = len([m for m in fake_twilio.messages if bare(m["To"]) == AMINA])
    at.move(hours=3)                                                # Fri 20:55: closed
    worker.work_once(db, transport, settings)
    assert len([m for m in fake_twilio.messages if bare(m["To"]) == AMINA]) == sent
    assert store.find_conversation(db, 1, AMINA)["state"] == "handoff"
    at.move(hours=12, minutes=35)                                   # Sat 09:30
    twilio.say("Salam Amina, ana Youssef", phone=YOUSSEF)
    worker.work_once(db, transport, settings)
    to_amina = [m.get("Body") for m in fake_twilio.messages if bare(m["To"]) == AMINA]
    assert to_amina[-1] == "Coopérative Tifawin : Salam Amina, ana Youssef"
