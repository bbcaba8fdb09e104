"""Scripted conversations through the real webhook (signed requests over real HTTP), checked
against the stored order via ``orders export``."""

import concurrent.futures
import subprocess
import sys

import pytest

from bot import store
from tests.conftest import DEMO, ROOT, TwilioSender, export, make_app
from tests.fakes import LocalServer

SCRIPTS = {
    "ary-Latn": ["salam", "bghit 2 kilo dyal l3sel zaatar w amlou", "1", "jouj", "safi",
                 "Fatima Zahra", "casa", "Hay Nahda rue 5 n 12", "iyeh"],
    "ary-Arab": ["السلام عليكم", "بغيت جوج كيلو عسل الزعتر وأملو", "1", "جوج", "صافي",
                 "فاطمة الزهراء", "الدار البيضاء", "حي النهضة زنقة 5 رقم 12", "إيه"],
    "fr": ["Bonjour", "Je voudrais 2 pots de miel de thym 1kg et de l'amlou", "1", "2",
           "c'est tout", "Fatima Zahra", "Casablanca", "Hay Nahda, rue 5, n° 12", "oui"],
    "en": ["Hello", "I want 2 jars of thyme honey 1kg and some amlou", "1", "2", "that's all",
           "Fatima Zahra", "Casablanca", "Hay Nahda, street 5, no 12", "yes"],
}


@pytest.mark.parametrize("lang", list(SCRIPTS))
def test_full_order_in_each_language(twilio, db, lang):
    phone = "+21261234" + str(1000 + list(SCRIPTS).index(lang))
    replies = [twilio.say(text, phone=phone) for text in SCRIPTS[lang]]
    final = replies[-1]
    [order] = export(db)
    assert order["number"] in final and order["number"].startswith("T-")
    assert order["status"] == "confirmed"
    assert order["lines"] == [{"sku": "MIEL-THYM-1KG", "quantity": 2, "unit_price": 220.0},
                              {"sku": "AMLOU-250", "quantity": 2, "unit_price": 60.0}]
    assert order["subtotal"] == 560 and order["delivery_fee"] == 0 and order["total"] == 560
    assert order["city"] == "Casablanca" and order["customer_phone"] == phone
    jobs = store.list_jobs(db)
    assert {j["kind"] for j in jobs} == {"courier.forward", "message.member"}
    assert sum(j["kind"] == "message.member" for j in jobs) == 2


def test_corrections_ambiguity_unknown_and_fee(twilio, db):
    def say(t):
        return twilio.say(t, phone="+212600000010")

    assert "1." in say("bghit l3sel")                     # which honey?
    say("miel d'euphorbe 500g")
    say("1")
    say("zid jouj safran 1g")
    say("bla zaafran")
    assert "ma3ndnach" in say("bghit zit lhendiya").lower()
    say("safi")
    say("Karim")
    say("tanja")
    summary = say("Rue Fès 12")
    assert "150 DH" in summary and "35 DH" in summary and "185 DH" in summary
    say("wakha")
    [order] = export(db)
    assert order["lines"] == [{"sku": "MIEL-EUPH-500", "quantity": 1, "unit_price": 150.0}]
    assert order["delivery_fee"] == 35 and order["city"] == "Tanger"


def test_location_pin_and_returning_customer(twilio, db):
    phone = "+212600000011"
    for text in ["bghit amlou 500g", "ok", "Samira", "rabat"]:
        twilio.say(text, phone=phone)
    summary = twilio.say("", phone=phone, Latitude="34.0209", Longitude="-6.8416",
                         Address="Agdal, Rabat")
    assert "Agdal" in summary
    twilio.say("iyeh", phone=phone)
    # Later, the same customer orders again: offered the saved details.
    twilio.say("bghit 1 ghassoul", phone=phone)
    offer = twilio.say("safi", phone=phone)
    assert "Samira" in offer and "Agdal" in offer
    twilio.say("iyeh", phone=phone)
    twilio.say("iyeh", phone=phone)
    orders = export(db)
    assert len(orders) == 2 and orders[1]["address"] == "Agdal, Rabat"
    assert orders[1]["customer_name"] == "Samira"


def test_cancel_after_confirm_and_status(twilio, db):
    phone = "+212600000012"
    for text in ["bghit 1 amlou 250g", "safi", "Omar", "Fes", "Derb 3", "iyeh"]:
        twilio.say(text, phone=phone)
    [order] = export(db)
    status = twilio.say("fin wslat lcommande?", phone=phone)
    assert order["number"] in status
    assert order["number"] in twilio.say("bghit nlghi lcommande", phone=phone)
    twilio.say("iyeh", phone=phone)
    [order] = export(db)
    assert order["status"] == "cancelled"
    assert any(j["kind"] == "message.member" and "cancelled" in j["dedupe_key"]
               for j in store.list_jobs(db, limit=100))


def test_human_handoff_alerts_members_and_quiets_the_bot(twilio, db):
    phone = "+212600000013"
    assert twilio.say("bghit nhder m3a chi wa7ed", phone=phone)
    assert twilio.say("allo?", phone=phone) == ""
    alerts = [j for j in store.list_jobs(db, kind="message.member")
              if "handoff" in j["dedupe_key"]]
    assert len(alerts) == 2 and "nhder" in alerts[0]["payload"]["text"]


def test_voice_note_gets_a_kind_reply(twilio, db):
    reply = twilio.say("", phone="+212600000014", NumMedia="1",
                       MediaUrl0="https://api.twilio.com/media/1", MediaContentType0="audio/ogg")
    assert reply
    assert any("handoff" in j["dedupe_key"] for j in store.list_jobs(db))   # a person listens


def test_sms_customer(twilio, db):
    for text in ["Bonjour", "2 ghassoul", "non merci", "Nadia", "Agadir", "Dakhla, rue 9", "oui"]:
        reply = twilio.say(text, phone="+212600000015", channel="sms")
    [order] = export(db)
    assert order["number"] in reply and order["lines"][0]["sku"] == "GHASSOUL-200"


def test_concurrent_messages_from_one_customer_are_serialised(twilio, db):
    phone = "+212600000016"
    texts = ["zid wa7ed amlou 250g"] * 6
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda t: twilio.message(t, phone=phone), texts))
    conv = store.find_conversation(db, 1, phone)
    assert conv["data"]["cart"] == [{"sku": "AMLOU-250", "qty": 6}]


@pytest.mark.slow
def test_conversation_survives_a_restart(db_path):
    app = make_app(db_path)
    from bot.cli import import_coop
    import_coop(store.connect(db_path), DEMO)
    phone = "+212600000017"
    with LocalServer(app) as server:
        sender = TwilioSender(server.base_url)
        sender.say("bghit 2 amlou 500g", phone=phone)
        sender.say("safi", phone=phone)
        sender.say("Hind", phone=phone)
    store.close_all()
    # A new process: nothing in memory survives, only the SQLite file.
    code = f"""
import sys; sys.path.insert(0, {str(ROOT)!r})
from tests.conftest import make_app, TwilioSender
from tests.fakes import LocalServer
app = make_app({str(db_path)!r})
with LocalServer(app) as s:
    t = TwilioSender(s.base_url)
    t.say("Meknes", phone={phone!r}); t.say("Hamria 4", phone={phone!r})
    print(t.say("oui", phone={phone!r}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    [order] = export(store.connect(db_path))
    assert order["number"] in out.stdout and order["city"] == "Meknès"
    assert order["lines"] == [{"sku": "AMLOU-500", "quantity": 2, "unit_price": 110.0}]


def test_shared_platform_number(tmp_path, db_path):
    app = make_app(db_path)
    db = store.connect(db_path)
    from bot.cli import import_coop
    for slug, name in (("argana", "Coopérative Argana"), ("nahla", "Coopérative Nahla")):
        path = tmp_path / f"{slug}.yml"
        path.write_text(f"""
slug: {slug}
name: {name}
code: {slug.upper()}
whatsapp_from: "+212522000000"
delivery: {{courier: manual, flat_fee: 30}}
catalog:
  - {{sku: AMLOU-{slug}, name: Amlou {slug} 250g, price: 50, unit: g, size: 250}}
""", encoding="utf-8")
        import_coop(db, path)
    with LocalServer(app) as server:
        t = TwilioSender(server.base_url)
        to = "whatsapp:+212522000000"
        menu = t.say("salam", phone="+212600000018", to=to)
        assert "1. Coopérative Argana" in menu and "2. Coopérative Nahla" in menu
        assert "Nahla" in t.say("2", phone="+212600000018", to=to)
        assert "Amlou nahla" in t.say("lista", phone="+212600000018", to=to)
        # A click-to-chat link carries the code: straight to that cooperative.
        assert "Argana" in t.say("ARGANA bghit amlou", phone="+212600000019", to=to)
        # And a customer can switch by sending another code.
        assert "Argana" in t.say("ARGANA", phone="+212600000018", to=to)
