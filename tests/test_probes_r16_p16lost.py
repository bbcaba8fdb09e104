"""Lost or stalled orders seen at the last stop, probed again in the four languages on the
committed catalogs and on fresh operator-style ones: a change of mind right after a cancel,
a family name that is a word of a town's name, "ok safi bghito" after a haggle, a delivery
day, ordering by an amount, units operators write. Each general rule with the messages
that showed it."""

import functools
from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import details as nlu_details
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
ZITMIEL = read_csv(DATA / "catalog_zitmiel.csv")


# -- a change of mind right after a cancel brings the basket back ------------------------------

@pytest.mark.parametrize("details, cancel, again", [
    ("Sara Alami, Rabat, hay riad 5", "la, annuli", "sme7 li bghito"),
    ("Sara Alami, Rabat, hay riad 5", "la annuli", "la la mazal bghito"),
    ("Sara Alami, Rabat, hay riad 5", "la annuli", "bddelt rayi, kemmel"),
    ("سارة العلمي، الرباط، حي الرياض 5", "لا، ألغي", "سمح ليا، مازال بغيتو"),
    ("Nadia Alami, Fes, 3 rue atlas", "non annulez", "non attends je le veux"),
    ("Nadia Alami, Fes, 3 rue atlas", "annuler", "j'ai changé d'avis, je le prends"),
    ("John Smith, Casablanca, 12 rue x", "no cancel", "wait, I still want it"),
    ("John Smith, Casablanca, 12 rue x", "cancel it", "sorry I changed my mind, I want it"),
    ("John Smith, Casablanca, 12 rue x", "no, cancel", "never mind, go ahead"),
    ("John Smith, Casablanca, 12 rue x", "no cancel it", "oops wrong button, yes confirm"),
    ("Nadia Alami, Fes, 3 rue atlas", "annulez", "non non je me suis trompé, n annulez pas"),
    ("Sara Alami, Rabat, hay riad 5", "annuli", "la ma tlghihach, ghlatt"),
])
def test_a_change_of_mind_right_after_a_cancel_at_the_summary_brings_the_order_back(
        details, cancel, again):
    """"la, annuli" at the summary — "sme7 li bghito": the basket was emptied and the answer
    was the welcome ("what would you like?"): the order lost, all of it to say again."""
    chat = chat_after("bghit 2 smen 500g", details, products=ZITMIEL)
    assert chat.state == "confirm"
    chat.send(cancel)
    assert chat.cart == {}
    chat.send(again)
    assert chat.cart == {"SMEN-POT-500": 2}
    assert chat.state == "confirm" and chat.conv["data"]["details"].get("address")
    chat.send("iyeh" if "ary" in (chat.last.lang or "") else "yes")
    assert chat.state == "start" and chat.cart == {}      # placed


@pytest.mark.parametrize("cancel, again", [
    ("annuli", "mazal bghito"), ("cancel", "I changed my mind"),
])
def test_a_change_of_mind_after_a_cancel_before_the_details_brings_the_basket_back(
        cancel, again):
    chat = chat_after("i want 2 smen 500g", cancel, again, products=ZITMIEL)
    assert chat.cart == {"SMEN-POT-500": 2} and chat.state == "ordering"


@pytest.mark.parametrize("after", ["ok thanks", "bghit 3sel z3itra", "salam", "safi khliha",
                                   "never mind", "go ahead and cancel"])
def test_anything_else_after_a_cancel_leaves_the_basket_empty(after):
    chat = chat_after("bghit 2 smen 500g", "annuli", after, products=ZITMIEL)
    assert "SMEN-POT-500" not in chat.cart


def test_a_change_of_mind_is_only_heard_right_after_the_cancel():
    chat = chat_after("bghit 2 smen 500g", "annuli", "ok merci", "mazal bghito",
                      products=ZITMIEL)
    assert chat.cart == {}


# -- a family name that is a word of a town's longer name is a name -----------------------------

@pytest.mark.parametrize("name", ["Sara Bouazza", "Ahmed Slimane", "Youssef Kacem",
                                  "Nadia Bennour"])
def test_a_family_name_that_is_only_part_of_a_town_is_a_bare_name(name):
    assert nlu_details.bare_name(name) == name


@pytest.mark.parametrize("town", ["Dar Bouazza", "Sidi Slimane", "Ben Slimane", "Sidi Kacem",
                                  "Karim Sidi Kacem", "Rabat", "Sara Agadir"])
def test_a_town_is_still_no_bare_name(town):
    assert nlu_details.bare_name(town) is None


@pytest.mark.parametrize("first, name", [
    ("salam bghit zit zitoun 1L", "Sara Bouazza"),
    ("bonjour je veux huile olive 1L", "Sara Bouazza"),
    ("hi i want olive oil 1L", "Sara Bouazza"),
    ("hi i want olive oil 1L", "Ahmed Slimane"),
])
def test_a_full_name_with_a_town_word_at_the_details_offer_is_the_name(first, name):
    """"Anything else? If not, your name, city and address?" — "Sara Bouazza": "sorry, I did
    not understand" (Darija, French) or no answer at all (English), the name lost; the next
    message ("nhar jem3a") was then taken for the name."""
    chat = chat_after(first, name, products=ZITMIEL)
    assert chat.conv["data"]["details"].get("name") == name
    assert chat.state == "ask_city"


# -- "ok safi bghito" after a haggle orders the product talked about --------------------------

@pytest.mark.parametrize("msgs, take", [
    (["how much is the sidr honey", "pfff bro", "come on bro"], "ok fine I will take it"),
    (["ch7al 3sel sedra", "wa khouya 3afak", "wa 3afak a khouya"], "ok safi bghito"),
    (["ch7al 3sel sedra", "wach kayn prix de gros?"], "ok safi bghito"),
    (["combien le miel sidr", "vous faites prix de gros ?"], "bon ok je le prends"),
    (["do you sell wholesale? how much is the sidr honey"], "ok I will take it"),
])
def test_taking_the_product_after_a_person_was_offered_orders_it(msgs, take):
    """A haggle the bot did not read twice, or a wholesale question, ends with "a person?
    (yes / no)": "ok safi bghito", "ok fine I'll take it" was that yes, a handoff, and the
    product talked about never ordered."""
    chat = chat_after(*msgs, products=ZITMIEL)
    assert chat.conv["data"].get("human_offered")
    chat.send(take)
    assert chat.state == "ordering" and chat.cart == {"MIEL-SIDR-500": 1}
    assert not chat.actions


@pytest.mark.parametrize("yes", ["iyeh", "ok", "yes please"])
def test_a_plain_yes_to_the_person_offered_still_hands_off(yes):
    chat = chat_after("ch7al 3sel sedra", "wa khouya 3afak", "wa 3afak a khouya", yes,
                      products=ZITMIEL)
    assert chat.state == "handoff"


@pytest.mark.parametrize("haggle", ["rkhs lia", "lower pls"])
def test_more_haggling_words_get_the_fixed_price_answer(haggle):
    chat = chat_after("ch7al 3sel sedra", haggle, products=ZITMIEL)
    assert "200" not in chat.last.replies[0] and not chat.conv["data"].get("strikes")


# -- a delivery day is kept for the cooperative, never a name, an address or a count -----------

@pytest.mark.parametrize("text, said", [
    ("nhar jem3a 3afak", "nhar jem3a"), ("ghedda", "ghedda"), ("vendredi svp", "vendredi"),
    ("on friday", "friday"), ("يوم الجمعة عافاك", "يوم الجمعة"), ("nhar tnin", "nhar tnin"),
    ("ghedda f sba7 3afak", "ghedda f sba7"), ("demain matin svp", "demain matin"),
    ("on friday in the evening", "friday in the evening"), ("غدا فالصباح", "غدا فالصباح"),
])
def test_a_delivery_day_is_read_with_what_is_left(text, said):
    assert nlu_details.delivery_day(text)[0] == said


@pytest.mark.parametrize("text", ["bghit tnin zit", "Sara Bouazza", "2 smen 500g"])
def test_no_delivery_day_in_a_count_or_a_name(text):
    assert nlu_details.delivery_day(text) is None


def _placed(chat):
    return next(a for a in chat.actions if type(a).__name__ == "CreateOrder")


@pytest.mark.parametrize("msgs, when", [
    (["salam bghit zit zitoun 1L", "Sara Bouazza", "nhar jem3a 3afak", "Rabat hay riad rue 5"],
     "nhar jem3a"),
    (["bonjour je veux 1 smen 1kg", "Nadia Alami", "vendredi svp", "Fes 3 rue atlas"],
     "vendredi"),
    (["سلام بغيت جوج سمن 500", "غدا عافاك", "سارة العلمي، الرباط، حي الرياض 5"], "غدا"),
    (["hi, i want 2 olive oil 1L, delivery on friday", "Sara Bouazza, Rabat, hay riad 5"],
     "friday"),
    (["bghit 1 smen 1kg", "Karim, nhar jem3a", "Rabat, agdal 5"], "nhar jem3a"),
    (["i want 2 smen 500g", "Sara, Agadir, talborjt 5, tomorrow morning please"],
     "tomorrow morning"),
])
def test_a_delivery_day_is_kept_shown_and_placed_with_the_order(msgs, when):
    """"nhar jem3a 3afak" at "your city?" became the customer's name on the parcel ("🚚 nhar
    jem3a 3afak, Rabat"), "Karim, nhar jem3a" gave the address "nhar jem3a" (the street
    said next lost), and "delivery on friday" with the order was dropped unsaid."""
    chat = chat_after(*msgs, products=ZITMIEL)
    assert chat.state == "confirm"
    details = chat.conv["data"]["details"]
    assert details["when"] == when
    assert when not in details["name"] and when not in details["address"]
    assert when in "\n".join(chat.last.replies)     # the summary shows it
    chat.send("yes" if chat.last.lang == "en" else "iyeh" if chat.last.lang != "fr" else "oui")
    assert _placed(chat).details["when"] == when


def test_a_delivery_day_alone_is_said_back_and_the_step_asked_again():
    chat = chat_after("bghit 2 smen 500g", "Sara Alami", "ghedda", products=ZITMIEL)
    assert chat.state == "ask_city" and chat.conv["data"]["details"]["name"] == "Sara Alami"
    assert "ghedda" in chat.last.replies[0]


def test_a_day_in_a_question_about_opening_hours_is_no_delivery_day():
    chat = chat_after("bghit 2 smen 500g", "wach m7loulin nhar jem3a?", products=ZITMIEL)
    assert "when" not in chat.conv["data"]["details"]


def test_the_delivery_day_is_in_the_members_alert_and_on_the_order(db):
    from bot import alerts, store
    from tests.test_alerts import ORDER
    for lang in ("fr", "en", "ary-Latn", "ary-Arab"):
        assert "nhar jem3a" in alerts.render("order", lang, order=dict(ORDER, when="nhar jem3a"))
    coop = store.get_coop_by_slug(db, "tifawin")
    with store.transaction(db):
        customer = store.get_or_create_customer(db, "+212600000123")
        order = store.create_order(db, coop=coop, customer_id=customer["id"],
                                   conversation_id=None, status="confirmed",
                                   details={"name": "Sara", "city": "Rabat", "address": "x"},
                                   lines=[], subtotal=0, delivery_fee=0, courier="manual",
                                   lang="fr", channel="whatsapp", note="🗓 vendredi")
    assert store.order_events(db, order["id"])[0]["note"] == "🗓 vendredi"


# -- an order by the money to spend proposes the count that spends it ---------------------------

SAFRAN = read_csv(DATA / "catalog_safran.csv")


@pytest.mark.parametrize("msgs, yes, cart", [
    (["3tini b 70 dh dyal za3fran"], "iyeh", {"SAFRAN-TAL-1G": 2}),
    (["عطيني ب 70 درهم ديال الزعفران"], "إيه", {"SAFRAN-TAL-1G": 2}),
    (["je veux pour 105 dh de safran"], "oui", {"SAFRAN-TAL-1G": 3}),
    (["100 dh worth of saffron"], "yes", {"SAFRAN-TAL-1G": 2}),       # the most under it
    (["bghit b 320 dh dyal za3fran"], "wakha", {"SAFRAN-TAL-5G": 2}),
    (["bghit za3fran", "3tini b 70 dh"], "iyeh", {"SAFRAN-TAL-1G": 2}),   # the one asked about
    (["bghit ras lhanout b 90 dh"], "iyeh", {"RAS-HANOUT-100": 3}),
])
def test_an_order_by_an_amount_proposes_the_count_that_spends_it(msgs, yes, cart):
    """"3tini b 70 dh dyal za3fran": "which one? 1g or 5g" with the 70 DH lost (and "b 70 dh"
    after "which saffron?" asked it again): the count and size the money buys, proposed."""
    chat = chat_after(*msgs, products=SAFRAN)
    assert chat.cart == {}
    line = next(iter(cart.items()))
    assert f"{line[1]} × " in chat.last.replies[0]
    chat.send(yes)
    assert chat.cart == cart


def test_a_count_said_with_an_amount_is_the_count():
    chat = chat_after("bghit 2 za3fran 1g b 70 dh", products=SAFRAN)
    assert chat.cart == {"SAFRAN-TAL-1G": 2}


# -- the units operators write: a dozen, a piece, a tray ----------------------------------------

@functools.cache
def patisserie():
    """(Read when used: the import refused the whole sheet before.)"""
    return read_csv(DATA / "catalog_r16_p16lost_patisserie.csv")


def test_a_catalog_sold_by_the_dozen_the_piece_and_the_tray_imports():
    """"douzaine", "dozen", "Douzaine", "pce", "plateau" in the unit cell: the whole import
    was refused ("unit 'douzaine' must be one of g, kg, ml, l, piece")."""
    rows = {r["sku"]: r for r in patisserie()}
    assert {r["unit"] for sku, r in rows.items() if sku != "GHRIBA-KG"} == {"piece"}
    assert rows["OEUF-DZ"]["size"] == 12 and rows["OEUF-DZ"]["name"] == "Oeufs beldi (douzaine)"
    assert rows["CHEBAKIA-DZ"]["size"] == 12 and rows["CORNES-2DZ"]["size"] == 24
    assert rows["CORNES-2DZ"]["name"] == "Cornes de gazelle boîte de 24"    # as written
    assert rows["OEUF-PLATEAU"]["size"] == 30 and rows["BAGHRIR"]["size"] == 1


@pytest.mark.parametrize("msgs, cart", [
    (["bonjour je veux 2 douzaines d oeufs"], {"OEUF-DZ": 2}),
    (["i want 2 dozen eggs"], {"OEUF-DZ": 2}),
    (["bghit bid beldi", "jouj dzina"], {"OEUF-DZ": 2}),
    (["je veux 30 oeufs"], {"OEUF-PLATEAU": 1}),
    (["bghit jouj dzina dyal chbakia"], {"CHEBAKIA-DZ": 2}),
    (["je voudrais 24 msemen"], {"MSEMEN": 24}),
])
def test_orders_by_the_dozen_from_a_catalog_in_dozens(msgs, cart):
    """"2 douzaines d'œufs" beside the dozen box and the tray of 30: "which one?", and the
    two dozens lost (one box asked "how many?")."""
    chat = chat_after(*msgs, products=patisserie())
    assert chat.cart == cart


@pytest.mark.parametrize("text", ["oh sorry, I'm moving there tomorrow, Sara Alami, Rabat, agdal 5",
                                  "je déménage demain, Sara Alami, Rabat, agdal 5"])
def test_a_day_about_something_else_is_no_delivery_day(text):
    chat = chat_after("i want 2 smen 500g", text, products=ZITMIEL)
    assert "when" not in chat.conv["data"]["details"]


def test_a_bound_is_kept_with_the_day():
    assert nlu_details.delivery_day("qbel nhar jem3a")[0] == "qbel nhar jem3a"
    assert nlu_details.delivery_day("delivery before friday please")[0] == "before friday"


@pytest.mark.parametrize("first, name", [
    ("bghit 2 smen 500g", "sara bouazza"),            # in small letters (SMS)
    ("سلام بغيت جوج سمن 500", "سارة بوعزة"),
])
def test_a_typed_name_with_a_town_word_at_the_details_offer_is_the_name(first, name):
    chat = chat_after(first, name, products=ZITMIEL)
    assert chat.conv["data"]["details"].get("name") == name


@pytest.mark.parametrize("town", ["dar bouazza", "sidi slimane"])
def test_a_town_typed_at_the_details_offer_is_the_city(town):
    chat = chat_after("bghit 2 smen 500g", town, products=ZITMIEL)
    assert not chat.conv["data"]["details"].get("name")
    assert chat.conv["data"]["details"].get("city")


ORDER = {"id": 7, "number": "Z-1007", "status": "confirmed", "customer_name": "Sara Alami",
         "city": "Rabat", "address": "hay riad 5",
         "lines": [{"sku": "SMEN-POT-500", "quantity": 2, "name": "Smen", "unit_price": 90}]}


@pytest.mark.parametrize("again", ["sme7 li, mazal bghitha", "attendez, je la veux toujours",
                                   "sorry, I changed my mind, I still want it"])
def test_a_change_of_mind_right_after_cancelling_the_placed_order_makes_it_again(again):
    """"annuli lcommande" — "cancel Z-1007?" — "iyeh" — "sme7 li, mazal bghitha": the answer
    was the cancelled order's status ("Z-1007: cancelled"), the order lost."""
    chat = chat_after("annuli lcommande", products=ZITMIEL, last_order=ORDER)
    assert chat.state == "confirm_cancel"
    chat.send("iyeh")
    assert any(type(a).__name__ == "CancelOrder" for a in chat.actions)
    chat.context["last_order"] = dict(ORDER, status="cancelled")
    chat.send(again)
    assert chat.cart == {"SMEN-POT-500": 2} and chat.state == "confirm"
    assert chat.conv["data"]["details"]["address"] == "hay riad 5"


def test_thanks_after_cancelling_the_placed_order_leaves_it_cancelled():
    chat = chat_after("annuli lcommande", "iyeh", products=ZITMIEL, last_order=ORDER)
    chat.context["last_order"] = dict(ORDER, status="cancelled")
    chat.send("ok merci")
    assert chat.cart == {}


@pytest.mark.parametrize("msgs, yes, cart", [
    (["salam 3tini b 70 dh", "za3fran"], "iyeh", {"SAFRAN-TAL-1G": 2}),
    (["hi, 100 dh worth please", "saffron"], "yes", {"SAFRAN-TAL-1G": 2}),
])
def test_an_amount_said_before_the_product_is_kept_for_it(msgs, yes, cart):
    """"salam 3tini b 70 dh" (of nothing named): "what would you like?", and "za3fran" next
    asked which one, the 70 DH forgotten."""
    chat = chat_after(msgs[0], products=SAFRAN)
    assert "70" in chat.last.replies[0] or "100" in chat.last.replies[0]
    chat.send(msgs[1])
    chat.send(yes)
    assert chat.cart == cart


def test_an_amount_is_kept_for_the_next_message_only():
    chat = chat_after("salam 3tini b 70 dh", "catalogue", "za3fran", products=SAFRAN)
    assert "× Safran" not in chat.last.replies[0]


@pytest.mark.parametrize("text, when", [
    ("je veux 2 smen 500g pour demain matin", "pour demain matin"),
    ("bghit 2 smen 500g l ghedda", "l ghedda"),
])
def test_a_day_after_for_inside_an_order_is_kept(text, when):
    chat = chat_after(text, products=ZITMIEL)
    assert chat.cart == {"SMEN-POT-500": 2}
    assert chat.conv["data"]["details"]["when"] == when


@pytest.mark.parametrize("text, when", [
    ("Hi! Could I get 2 smen 500g delivered Saturday? Emma Brown, Marrakech, Gueliz rue 7",
     "Saturday"),
    ("je veux 2 smen 500g livré samedi", "samedi"),
    ("bghit 2 smen 500g twslo lia nhar sebt", "nhar sebt"),
])
def test_a_day_beside_a_delivery_word_inside_an_order_is_kept(text, when):
    chat = chat_after(text, products=ZITMIEL)
    assert chat.conv["data"]["details"].get("when") == when


# -- a price offered after "can you do" is money, never a count ---------------------------------

@pytest.mark.parametrize("offer", ["too much, can you do 200 for the big one?",
                                   "vous pouvez faire 200 pour la grande ?",
                                   "ma tdirhach lia b 200?"])
def test_a_counter_offer_is_a_haggle_not_fifty_jars(offer):
    """"can you do 200 for the big one?" after the prices: 50 × the 500 ml oil (11 000 DH, the
    200 read as a count and capped) went in the basket."""
    chat = chat_after("ch7al zit zitoun?", offer, products=ZITMIEL)
    assert all(q <= 1 for q in chat.cart.values())


@pytest.mark.parametrize("text, name", [
    ("my name is Salma Bouazza, Rabat, agdal rue 4", "Salma Bouazza"),
    ("smiti Sara Bouazza, Rabat", "Sara Bouazza"),
    ("je m'appelle Youssef Kacem, Rabat", "Youssef Kacem"),
    ("سميتي خديجة بوعزة، الدار البيضاء، المعاريف زنقة 5", "خديجة بوعزة"),
])
def test_a_family_name_of_a_town_word_after_a_name_cue_is_kept(text, name):
    """"my name is Salma Bouazza, Rabat, …": the name on the parcel was "Salma"."""
    assert nlu_details.extract(text).name == name


@pytest.mark.parametrize("text, city", [
    ("my name is Karim, Sidi Kacem, hay 5", "Sidi Kacem"),
    ("Karim Sidi Kacem", "Sidi Kacem"),
    ("smiti Karim Lbida maarif zanqa 5", "Casablanca"),     # (no "Karim Lbida")
])
def test_a_town_after_a_name_is_still_the_city(text, city):
    assert nlu_details.extract(text).city == city


@pytest.mark.parametrize("msgs, pick, cart", [
    (["do you have olive oil?", "expensive!"], "ok the small one then", {"HUILE-OLIVE-1L": 1}),
    (["wach kayn zit zitoun?", "ghalya bzaf"], "2 dyal 1L", {"HUILE-OLIVE-1L": 2}),
])
def test_a_haggle_after_a_list_asks_from_that_list_again(msgs, pick, cart):
    """"wach kayn zit zitoun?" (two sizes listed) — "ghalya bzaf": the fixed price, then "what
    would you like?", the list forgotten (the pick next was read against nothing)."""
    chat = chat_after(*msgs, products=ZITMIEL)
    assert "5L" in chat.last.replies[-1] or "5L" in "\n".join(chat.last.replies)
    chat.send(pick)
    assert chat.cart == cart
