"""Member commands, sent from a member's phone through the real (signed) webhook."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from bot import i18n, members, orders, store
from bot.cli import import_coop
from bot.conversation import CreateOrder
from tests.conftest import COOP_WA, DEMO, export

FATIMA = "+212661000001"        # sms, ary-Arab
YOUSSEF = "+212661000002"       # whatsapp, ary-Latn
CUSTOMER = "+212600000101"
EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

LINES = [{"sku": "MIEL-THYM-1KG", "name": "Miel de thym 1kg", "quantity": 2, "unit_price": 220.0},
         {"sku": "AMLOU-250", "name": "Amlou 250g", "quantity": 1, "unit_price": 60.0}]


def place(db, slug="tifawin", phone=CUSTOMER, name="Fatima Zahra", lang="fr"):
    """A confirmed order, stored the way the conversation stores one."""
    coop = store.get_coop_by_slug(db, slug)
    with store.transaction(db):
        customer = store.get_or_create_customer(db, phone)
        conv = store.get_or_create_conversation(db, coop["id"], customer["id"])
        effect = CreateOrder(details={"name": name, "phone": phone, "city": "Casablanca",
                                      "address": "Hay Nahda, rue 5, n° 12"},
                             lines=LINES, subtotal=500.0, delivery_fee=0.0,
                             reply_key="order_placed")
        return orders.place_order(db, coop, customer, conv, effect, lang, "whatsapp",
                                   f"whatsapp:{phone}", COOP_WA)


def digits(order) -> str:
    return order["number"].split("-")[1]


def status_of(db, order) -> str:
    return store.get_order(db, order["id"])["status"]


def say_fatima(twilio, text):
    return twilio.say(text, phone=FATIMA, channel="sms")


def say_youssef(twilio, text):
    return twilio.say(text, phone=YOUSSEF, channel="whatsapp")


def jobs(db, kind):
    return [j for j in store.list_jobs(db, limit=500) if j["kind"] == kind]


def write_coop(tmp_path, **changes) -> Path:
    """A copy of the demo cooperative file with ``changes``."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["catalog"] = str(DEMO.parent / "catalog.csv")
    data.update(changes)
    path = tmp_path / f"{data['slug']}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


# -- parsing ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, action, number", [
    ("sift T-1042", "ship", "1042"), ("Sifto t1042", "ship", "1042"),
    ("صيفط ١٠٤٢", "ship", "1042"), ("سيفط 1042", "ship", "1042"),
    ("expédié #1042", "ship", "1042"), ("shipped 1042", "ship", "1042"),
    ("expidie 1042", "ship", "1042"),                                   # typo
    ("livré 1042", "delivered", "1042"), ("LIVRÉ T-1042", "delivered", "1042"),
    ("wsslat 1042", "delivered", "1042"), ("وصلات 1042", "delivered", "1042"),
    ("delivred 1042", "delivered", "1042"),                             # typo
    ("lghi 1042", "cancel", "1042"), ("لغي ١٠٤٢", "cancel", "1042"),
    ("Annnuler T-1042 svp", "cancel", "1042"), ("cancell 1042", "cancel", "1042"),
    ("qbel 1042", "accept", "1042"), ("قبل 1042", "accept", "1042"),
    ("confirmé T-1042", "accept", "1042"), ("mchat 1042", "ship", "1042"),
    ("raha f tri9 1042", "ship", "1042"), ("tkhlsat 1042", "delivered", "1042"),
    ("تخلصات 1042", "delivered", "1042"), ("refusé 1042", "cancel", "1042"),
    ("رفض 1042", "cancel", "1042"),
    ("ok 1042", "accept", "1042"), ("👍 1042", "accept", "1042"),
    ("lista", "list", None), ("ليستة", "list", None), ("comandes", "list", None),
    ("orders", "list", None),
    ("chouf 1042", "show", "1042"), ("شوف 1042", "show", "1042"), ("1042", "show", "1042"),
    ("voir T-1042", "show", "1042"), ("commande 1042", "show", "1042"),
    ("3awni", "help", None), ("aide", "help", None), ("مساعدة", "help", None),
    ("help", "help", None),
    ("salam", None, None), ("livreur", None, None),
    ("merci", "thanks", None), ("شكرا", "thanks", None), ("واخا", "thanks", None),
    ("wakha", "thanks", None), ("👍", "thanks", None), ("ok", "thanks", None),
])
def test_parse_command_words_scripts_and_typos(text, action, number):
    cmd = members.parse_command(text)
    assert (cmd.action, cmd.number) == (action, number)


@pytest.mark.parametrize("text, sku, in_stock", [
    ("stock AMLOU-500 0", "AMLOU-500", False), ("stock AMLOU-500 1", "AMLOU-500", True),
    ("Stock amlou 500 kayn", "amlou 500", True), ("rupture AMLOU-500", "AMLOU-500", False),
    ("ستوك AMLOU-500 ماكاينش", "AMLOU-500", False), ("dispo MIEL-THYM-1KG", "MIEL-THYM-1KG", True),
    ("stock ARGAN-1L 0", "ARGAN-1L", False), ("stock AMLOU-500", "AMLOU-500", None),
])
def test_parse_stock_commands(text, sku, in_stock):
    cmd = members.parse_command(text)
    assert (cmd.action, cmd.sku, cmd.in_stock) == ("stock", sku, in_stock)


@pytest.mark.parametrize("text", ["salina 0612345678", "fin 06 12 34 56 78", "سالينا +212612345678",
                                  "rj3 lbot 0612345678", "end 00212612345678"])
def test_parse_end_handoff_with_phone(text):
    assert members.parse_command(text) == members.Command("end_handoff", phone="+212612345678")


@pytest.mark.parametrize("lang", ["fr", "en", "ary-Latn", "ary-Arab"])
def test_every_example_of_the_help_text_is_understood(lang):
    lines = i18n.t(lang, "member_help", sku="AMLOU-500").splitlines()[1:]
    examples = [line.split("→")[0] if "→" in line else line.split("←")[0] for line in lines]
    actions = [members.parse_command(e).action for e in examples]
    assert actions == ["list", "show", "accept", "ship", "delivered", "cancel", "stock",
                       "end_handoff"]


# -- order commands through the webhook -------------------------------------------------------

def test_ship_in_arabic_script_over_sms_notifies_the_customer_and_audits(twilio, db):
    order = place(db)
    reply = say_fatima(twilio, f"صيفط {digits(order).translate(EASTERN)}")
    assert order["number"] in reply and "خرجات" in reply
    assert status_of(db, order) == "picked_up"
    [event] = [e for e in store.order_events(db, order["id"]) if e["status"] == "picked_up"]
    assert event["source"] == "member" and event["actor"].startswith("Fatima +2126")
    [notice] = [j for j in jobs(db, "message.customer")
                if j["payload"].get("order_id") == order["id"]]
    assert notice["payload"]["body"] == i18n.t("fr", "notify_shipped", number=order["number"],
                                               total="500 DH")
    [row] = [a for a in store.audit_log(db, 1) if a["action"] == "member.ship"]
    assert row["actor"] == "Fatima +2126•••••001" and row["target"] == order["number"]
    assert "picked_up" in row["detail"]


@pytest.mark.parametrize("script, expected", [
    (["sift T-{d}", "livré {d}"], ["picked_up", "delivered"]),
    (["Siftha t{d}", "wsslat {d}"], ["picked_up", "delivered"]),
    (["expidie #{d}", "DELIVRED {d}"], ["picked_up", "delivered"]),
    (["wslat {d}"], ["delivered"]),                          # handed over at the cooperative
    (["anuler {d}"], ["cancelled"]),
    (["لغي {d}"], ["cancelled"]),
    (["Cancel T-{d}"], ["cancelled"]),
])
def test_order_commands_in_several_languages(twilio, db, script, expected):
    order = place(db)
    for text, status in zip(script, expected, strict=False):
        reply = say_youssef(twilio, text.format(d=digits(order)))
        assert order["number"] in reply
        assert status_of(db, order) == status
    notices = {j["dedupe_key"].rsplit(":", 1)[1] for j in jobs(db, "message.customer")}
    wanted = {"picked_up": "notify_shipped", "delivered": "notify_delivered",
              "cancelled": "notify_cancelled"}
    assert notices == {wanted[s] for s in expected}


def test_cancel_by_a_member_alerts_every_member(twilio, db):
    order = place(db)
    assert "tlghat" in say_youssef(twilio, f"lghi {digits(order)}")
    cancelled = [j for j in jobs(db, "message.member") if j["payload"]["kind"] == "cancelled"]
    assert len(cancelled) == 2


def test_invalid_transitions_get_a_clear_reply(twilio, db):
    order = place(db)
    d = digits(order)
    say_youssef(twilio, f"sift {d}")
    assert "rah khrjat" in say_youssef(twilio, f"sift {d}")                    # already shipped
    assert "fat lwaqt" in say_youssef(twilio, f"lghi {d}")               # too late to cancel
    assert status_of(db, order) == "picked_up"
    say_youssef(twilio, f"wslat {d}")
    assert "maymknch" in say_youssef(twilio, f"lghi {d}")               # delivered: no cancel
    assert "rah wslat" in say_youssef(twilio, f"qbel {d}")
    assert status_of(db, order) == "delivered"
    outcomes = [a["detail"] for a in store.audit_log(db, 1) if a["action"] == "member.cancel"]
    assert len(outcomes) == 2 and all("refused" in o for o in outcomes)


def test_number_missing_or_unknown(twilio, db):
    place(db)
    assert "Ina raqm" in say_youssef(twilio, "sift")
    assert "makaynach" in say_youssef(twilio, "sift 9999")


# -- list, show, stock, handoff, help --------------------------------------------------------

def test_list_and_show(twilio, db):
    first, second = place(db), place(db, phone="+212600000102", name="Karim")
    cancelled = place(db, phone="+212600000103", name="Omar")
    say_youssef(twilio, f"lghi {digits(cancelled)}")
    listing = say_youssef(twilio, "lista")
    assert listing.splitlines()[0].endswith(": 2")
    assert first["number"] in listing and second["number"] in listing
    assert cancelled["number"] not in listing and "Karim" in listing and "500 DH" in listing
    assert "طلبيات اليوم: 2" in say_fatima(twilio, "ليستة")
    shown = say_fatima(twilio, f"شوف {digits(first)}")
    assert first["number"] in shown and "2 × Miel de thym 1kg" in shown and "500 درهم" in shown
    assert "Hay Nahda" in shown and "0600000101" in shown and "تأكدات" in shown
    assert digits(second) in say_youssef(twilio, digits(second))        # a bare number


def test_list_is_empty_without_orders_of_today(twilio, db):
    assert "Makayna" in say_youssef(twilio, "lista")


def test_stock_out_and_back(twilio, db):
    def in_stock(sku):
        return next(p for p in store.list_products(db, 1) if p["sku"] == sku)["in_stock"]
    reply = say_youssef(twilio, "stock AMLOU-250 0")
    assert "AMLOU-250" in reply and in_stock("AMLOU-250") is False
    assert "رجعات كاينة" in say_fatima(twilio, "ستوك amlou 250 كاين")
    assert in_stock("AMLOU-250") is True
    say_youssef(twilio, "rupture Amlou 250g")                            # by its name
    assert in_stock("AMLOU-250") is False
    assert "makaynch" in say_youssef(twilio, "stock NOPE-1 0")
    assert "B7al" in say_youssef(twilio, "stock AMLOU-250")
    actions = [a["action"] for a in store.audit_log(db, 1)]
    assert actions.count("member.stock") == 5


def _handoff(db, phone, resume="ask_city"):
    with store.transaction(db):
        customer = store.get_or_create_customer(db, phone)
        conv = store.get_or_create_conversation(db, 1, customer["id"])
        until = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
        store.save_conversation(db, conv["id"], state="handoff",
                                data={"resume_state": resume,
                                      "cart": [{"sku": "AMLOU-250", "qty": 1}]},
                                lang="ary-Latn", channel="whatsapp", handoff_until=until)
    return conv["id"]


def test_end_handoff_gives_the_customer_back_to_the_bot(twilio, db):
    assert "7ta client" in say_youssef(twilio, "salina")
    first = _handoff(db, "+212600000201")
    second = _handoff(db, "+212600000202")
    choose = say_youssef(twilio, "salina")
    assert "0600000201" in choose and "0600000202" in choose
    assert "0600000201" in say_youssef(twilio, "salina 06 00 00 02 01")
    conv = store.get_conversation(db, first)
    # back at checkout, asked again for what is missing (no name, no city yet)
    assert conv["state"] in ("ask_name", "ask_city") and conv["handoff_until"] is None
    assert conv["data"]["cart"] == [{"sku": "AMLOU-250", "qty": 1}]
    [notice] = jobs(db, "message.customer")
    assert notice["payload"]["to"] == "whatsapp:+212600000201"
    assert notice["payload"]["body"].startswith(i18n.t("ary-Latn", "handoff_back"))
    assert "?" in notice["payload"]["body"]                      # the step's question, again
    assert "0600000202" in say_fatima(twilio, "سالينا")                  # the only one left
    assert store.get_conversation(db, second)["state"] in ("ask_name", "ask_city")
    assert "makatsenna" in say_youssef(twilio, "fin 0600000201")         # not waiting anymore


def test_help_and_unknown_commands(twilio, db):
    help_text = say_youssef(twilio, "3awni")
    assert help_text == i18n.t("ary-Latn", "member_help", sku="MIEL-THYM-500")
    assert say_youssef(twilio, "blablabla") == help_text
    assert say_fatima(twilio, "salam") == i18n.t("ary-Arab", "member_help", sku="MIEL-THYM-500")
    assert {a["action"] for a in store.audit_log(db, 1)} == {"member.help", "member.unknown"}
    assert store.counts(db)["orders"] == 0 and store.counts(db)["conversations"] == 0


def test_thanks_or_wakha_gets_a_short_answer_and_sms_replies_carry_no_emoji(twilio, db):
    assert say_fatima(twilio, "شكرا") == "الله يعاونكم"                  # SMS: no 🙏
    assert say_fatima(twilio, "واخا") == "الله يعاونكم"
    assert say_youssef(twilio, "wakha") == "Lah y3awnkom 🙏"             # WhatsApp keeps it
    order = place(db)
    listed = say_fatima(twilio, "ليستة")
    assert order["number"] in listed and "📋" not in listed
    assert not any(ord(ch) > 0xFFFF for ch in say_fatima(twilio, f"صيفط {digits(order)}"))


def test_a_member_message_opens_the_whatsapp_window(twilio, db):
    assert store.find_member(db, YOUSSEF, 1)["last_inbound_at"] is None
    say_youssef(twilio, "lista")
    assert store.find_member(db, YOUSSEF, 1)["last_inbound_at"]


def test_members_in_french_and_english(db):
    order = place(db)
    coop = store.get_coop(db, 1)
    member = dict(store.find_member(db, YOUSSEF, 1), language="fr")
    with store.transaction(db):
        [reply] = members.handle_command(db, coop, member, f"voir {digits(order)}")
        assert "confirmée" in reply and "Total : 500 DH" in reply
        [reply] = members.handle_command(db, coop, dict(member, language="en"),
                                         f"shipped {digits(order)}")
    assert reply == f"🚚 {order['number']} shipped. Customer told."


# -- another cooperative ---------------------------------------------------------------------

def test_a_member_only_reaches_orders_of_their_own_cooperative(twilio, db, tmp_path):
    other = write_coop(tmp_path, slug="atlas", name="Coopérative Atlas", code="ATLAS",
                       order_prefix="A", whatsapp_from="+212522000111", sms_from="+212522000112",
                       members=[{"name": "Hassan", "phone": "0661000009", "channel": "whatsapp",
                                 "language": "fr"}])
    import_coop(db, other)
    theirs = place(db, slug="atlas", phone="+212600000301")
    ours = place(db)
    assert digits(theirs) == digits(ours)                   # A-1001 and T-1001
    say_youssef(twilio, f"sift {digits(ours)}")
    assert status_of(db, ours) == "picked_up" and status_of(db, theirs) == "confirmed"
    assert "A-" not in say_youssef(twilio, "lista")
    assert "makaynach" in say_youssef(twilio, f"lghi A-{int(digits(ours)) + 1}")
    # Atlas's member writing to Tifawin's number is a customer there, not a member.
    twilio.say(f"lghi {digits(ours)}", phone="+212661000009", channel="whatsapp")
    assert status_of(db, ours) == "picked_up"
    assert not [a for a in store.audit_log(db) if a["actor"].startswith("Hassan")]
    # On Atlas's own number, Hassan's commands reach Atlas's orders only.
    reply = twilio.say(f"annuler {digits(theirs)}", phone="+212661000009",
                       to="whatsapp:+212522000111")
    assert theirs["number"] in reply and status_of(db, theirs) == "cancelled"
    assert status_of(db, ours) == "picked_up"


# -- approval mode ---------------------------------------------------------------------------

def test_approval_mode_waits_for_a_members_accept(twilio, db, tmp_path):
    import_coop(db, write_coop(tmp_path, require_approval=True))
    phone = "+212600000401"
    script = ["salam", "bghit 2 kilo dyal l3sel zaatar w amlou 250g", "jouj", "safi",
              "Fatima Zahra", "casa", "Hay Nahda rue 5 n 12", "iyeh"]
    replies = [twilio.say(text, phone=phone) for text in script]
    [order] = export(db)
    assert order["status"] == "pending_approval"
    assert replies[-1] == i18n.t("ary-Latn", "order_preparing", number=order["number"],
                                 total=i18n.money(order["total"]))
    assert not jobs(db, "courier.forward")
    d = order["number"].split("-")[1]
    alert = next(j for j in jobs(db, "message.member") if j["payload"]["member_id"] ==
                 store.find_member(db, YOUSSEF, 1)["id"])
    assert f"jawbo: qbel {d}" in alert["payload"]["text"]
    assert "qbel" in say_youssef(twilio, f"sift {d}")                    # accept it first
    reply = say_youssef(twilio, f"qbel {d}")
    assert "t2akkdat" in reply
    stored = store.get_order_by_number(db, 1, order["number"])
    assert stored["status"] == "confirmed"
    [forward] = jobs(db, "courier.forward")
    assert forward["payload"] == {"order_id": stored["id"]}
    [notice] = jobs(db, "message.customer")
    assert notice["payload"]["body"].startswith(f"✅ Lcommande {order['number']} t2akkdat")
    assert "راه تأكدات" in say_fatima(twilio, f"ok {d}")
    assert len(jobs(db, "courier.forward")) == 1


@pytest.mark.parametrize("now, midnight", [
    ("2026-11-26T23:30:00+00:00", "2026-11-26T23:00:00.000+00:00"),   # UTC+1: already the 27th
    ("2026-11-26T10:00:00+00:00", "2026-11-25T23:00:00.000+00:00"),
    ("2026-03-01T23:30:00+00:00", "2026-03-01T00:00:00.000+00:00"),   # Ramadan: UTC+0
])
def test_today_is_moroccos_calendar_day_ramadan_clock_included(now, midnight):
    from datetime import datetime

    from bot.members import today_start
    assert today_start(datetime.fromisoformat(now)) == midnight


def _members_lookup_key(token: str) -> str:
    """``members.lookup_key`` as it was before its rules were left to ``nlu.textnorm``."""
    import re
    if re.search(r"[a-z]", token):
        token = (token.replace("sh", "ch").replace("ou", "u").replace("y", "i")
                 .replace("7", "h").replace("5", "kh").replace("9", "q"))
    return re.sub(r"([^\d])\1+", r"\1", token)


def test_the_members_vocabulary_keys_as_before():
    """The commands read their words with ``nlu.textnorm.lookup_key``: every word of
    ``intents/members.yml`` (and the help examples) gets the key members' own copy gave."""
    from bot.nlu.commands import INTENTS_FILE
    from bot.nlu.textnorm import lookup_key, normalise

    def forms(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from forms(value)
        elif isinstance(node, list):
            for value in node:
                yield from forms(value)
        elif isinstance(node, str):
            yield node

    data = yaml.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    words = [w for f in forms(data) for w in normalise(f).split()]
    words += [w for lang in ("fr", "en", "ary-Latn", "ary-Arab")
              for w in normalise(i18n.t(lang, "member_help", sku="AMLOU-500")).split()]
    words += ["ssift", "shouf", "9bel", "wa7ed", "khmsa", "5mssa", "yallah", "1042", "t1042"]
    assert len(words) > 200
    assert [lookup_key(w) for w in words] == [_members_lookup_key(w) for w in words]
