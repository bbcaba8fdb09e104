"""Misses seen when playing whole conversations (issue 14, round 14: dialogue shapes across
languages): each general rule with the messages that showed it."""

from datetime import timedelta
from pathlib import Path

import pytest

from bot import answers, i18n, nlu
from bot.catalog import read_csv
from tests.test_conversation import NOW, PRODUCTS, Chat, chat_after

DATA = Path(__file__).resolve().parent / "data"
RUGS = read_csv(DATA / "catalog_r14_p14flow_zrabi.csv")


def _at_summary(first, details):
    chat = chat_after(first, details)
    assert chat.state == "confirm"
    return chat


def _order(chat):
    return next(a for a in chat.actions if type(a).__name__ == "CreateOrder")


# -- (a) another city at the summary: the street shown was given for the old one -------------

AT_CASA = "Karim Alami, Casablanca, hay salam rue 5 n 12"


def _asks_street(chat, address, city):
    """Does the last reply ask whether ``address`` is in ``city``?"""
    asked = i18n.t(chat.last.lang, "confirm_address_prompt", address=address,
                   city=answers.city_label(city, chat.last.lang))
    return asked in "\n".join(chat.last.replies)


@pytest.mark.parametrize("first, details, change, no, street, yes", [
    ("bghit 2 amlou 250g", AT_CASA, "la, l madina Rabat", "la", "hay riad rue 8", "iyeh"),
    ("I want 2 amlou 250g", "Karim, Casablanca, 12 rue Atlas Maarif",
     "change the city to Rabat", "no", "5 avenue fal ould oumeir agdal", "yes"),
    ("je veux 2 amlou 250g", AT_CASA, "non pas Casablanca, Tanger", "non", "hay lbranes rue 4",
     "oui"),
    ("بغيت جوج أملو 250g", "كريم العلمي، الدار البيضاء، حي السلام زنقة 5 رقم 12",
     "لا، المدينة الرباط", "لا", "حي الرياض زنقة 8", "اه"),
])
def test_another_city_at_the_summary_asks_whether_the_street_is_there(first, details, change,
                                                                      no, street, yes):
    """"la, l madina Rabat" at the summary kept "hay salam rue 5 n 12" (a Casablanca street)
    and "iyeh" sent the parcel to Rabat with it, unasked. A shopkeeper asks whether the
    street is in the new city: "no" asks the address there."""
    chat = _at_summary(first, details)
    reply = chat.send(change)
    details = chat.conv["data"]["details"]
    assert chat.state == "confirm" and _asks_street(chat, details["address"], details["city"])
    assert details["address"] in reply
    chat.send(no)
    assert chat.state == "ask_address" and not chat.conv["data"]["details"].get("address")
    chat.send(street)
    assert chat.state == "confirm"
    chat.send(yes)
    order = _order(chat)
    assert order.details["address"] == street and order.details["city"] != "Casablanca"


@pytest.mark.parametrize("change, yes", [("la, l madina Rabat", "iyeh"),
                                         ("can you change the city to Rabat?", "yes")])
def test_yes_to_the_street_in_the_new_city_places_it_there(change, yes):
    chat = _at_summary("bghit 2 amlou 250g", AT_CASA)
    assert not _asks_street(chat, "hay salam rue 5 n 12", "Casablanca")
    chat.send(change)
    assert _asks_street(chat, "hay salam rue 5 n 12", "Rabat")
    chat.send(yes)
    order = _order(chat)
    assert order.details["city"] == "Rabat" and order.details["address"] == "hay salam rue 5 n 12"


def test_a_new_street_sent_at_that_question_replaces_the_old_one():
    chat = _at_summary("bghit 2 amlou 250g", AT_CASA)
    chat.send("la, l madina Rabat")
    assert _asks_street(chat, "hay salam rue 5 n 12", "Rabat")
    chat.send("hay riad zanqa 8 raqm 3")
    assert chat.state == "confirm" and not _asks_street(chat, "hay riad zanqa 8 raqm 3", "Rabat")
    assert chat.conv["data"]["details"]["address"] == "hay riad zanqa 8 raqm 3"


def test_the_city_asked_again_after_no_asks_about_the_street_there():
    chat = _at_summary("bghit 2 amlou 250g", AT_CASA)
    chat.send("la")
    chat.send("lmdina")
    chat.send("tanger")
    assert chat.state == "confirm"
    assert _asks_street(chat, "hay salam rue 5 n 12", "Tanger")


def test_another_city_with_its_street_asks_nothing_more():
    chat = _at_summary("bghit 2 amlou 250g", AT_CASA)
    chat.send("la, l madina Rabat")
    chat.send("non, Rabat, hay riad rue 8")
    assert chat.state == "confirm" and not _asks_street(chat, "hay riad rue 8", "Rabat")
    assert chat.conv["data"]["details"]["address"] == "hay riad rue 8"
    chat.send("la, l madina Tanger")
    assert _asks_street(chat, "hay riad rue 8", "Tanger")


# -- (b) "that's all", then the details with "which one?" still open ------------------------

@pytest.mark.parametrize("first, done, details, pick, sku", [
    ("I want honey and 2 amlou 250g", "that's all", "Karim, Casablanca, 12 rue Atlas Maarif",
     "3", "MIEL-EUPH-500"),
    ("bghit 3sel w jouj amlou 250g", "safi", "Karim Alami, Casablanca, hay salam rue 5 n 12",
     "1", "MIEL-THYM-500"),
    ("je veux du miel et 2 amlou 250g", "c'est tout",
     "Karim Alami, Casablanca, hay salam rue 5 n 12", "2", "MIEL-THYM-1KG"),
])
def test_details_after_thats_all_keep_which_one_open(first, done, details, pick, sku):
    """"I want honey and 2 amlou" — "that's all" — the details: the honey was dropped
    ("OK, without honey") and the summary shown without it: a product asked for, lost."""
    chat = chat_after(first, done, details)
    assert chat.conv["data"]["queue"] and chat.state != "confirm"
    assert chat.conv["data"]["details"].get("address")
    chat.send(pick)
    if chat.state != "confirm":
        chat.send("1")                      # how many: one
    assert chat.state == "confirm" and chat.cart.get(sku) == 1


def test_going_past_which_one_again_drops_it_in_words():
    chat = chat_after("bghit 3sel w jouj amlou 250g", "safi", "smiti Karim Alami", "casablanca")
    assert not chat.conv["data"]["queue"]
    assert "3sel" in chat.last.replies[0]


# -- (c) a price question by a bare size at "which one?" -------------------------------------

@pytest.mark.parametrize("first, question, priced, asked", [
    ("bghit 3sel", "ch7al kaydir l 500?",
     ["MIEL-THYM-500", "MIEL-EUPH-500", "MIEL-ORANG-500"], "choice"),
    ("I want honey", "how much is the 500?",
     ["MIEL-THYM-500", "MIEL-EUPH-500", "MIEL-ORANG-500"], "choice"),
    ("bghit 3sel", "ch7al l kilo?", ["MIEL-THYM-1KG", "MIEL-EUPH-1KG", "MIEL-ORANG-1KG"],
     "choice"),
    ("bghit zit argan", "ch7al dyal 250?", ["ARGAN-ALIM-250", "ARGAN-COSM-250"], "choice"),
    ("bghit 3sel dghmous", "ch7al kaydir l 500?", ["MIEL-EUPH-500"], "qty"),
    ("bghit amlou", "bch7al 250?", ["AMLOU-250"], "qty"),
])
def test_a_price_asked_by_a_bare_size_at_which_one_prices_those(first, question, priced,
                                                                 asked):
    """"ch7al kaydir l 500?" (how much is the 500?) at "which honey?" was read as an order
    of 500 (the list again, or the 500 g taken and "how many?" asked): the question was
    never answered. The options of that size are priced and the question narrows to them."""
    chat = chat_after(first)
    reply = chat.send(question)
    assert not chat.cart
    head = chat.conv["data"]["queue"][0]
    assert head["type"] == asked
    if asked == "choice":
        assert head["candidates"] == priced
    else:
        assert head["sku"] == priced[0]
    by_sku = {p["sku"]: p for p in PRODUCTS}
    assert all(f"{by_sku[s]['name']} — {by_sku[s]['price']:g} DH" in reply for s in priced)
    others = [p["name"] for p in PRODUCTS if p["sku"] not in priced]
    assert not any(name in reply for name in others)


def test_a_pick_after_the_narrowed_price_list_is_of_that_list():
    chat = chat_after("bghit 3sel", "ch7al kaydir l 500?", "2", "jouj")
    assert chat.cart == {"MIEL-EUPH-500": 2}


# -- (d) per-line sizes by two sides in one message ------------------------------------------

RUG_INDEX = nlu.build_index(RUGS)


@pytest.mark.parametrize("text, items", [
    ("two red rugs, one 2x3 and one 1x2", {"ZR-R-2X3": 1, "ZR-R-1X2": 1}),
    ("I want 2 red rugs: one 2x3 and one 1x2", {"ZR-R-2X3": 1, "ZR-R-1X2": 1}),
    ("bghit jouj zrabi 7mer, wa7da 2x3 w wa7da 1x2", {"ZR-R-2X3": 1, "ZR-R-1X2": 1}),
    ("je veux 2 tapis rouges, un 2x3 et un 1x2", {"ZR-R-2X3": 1, "ZR-R-1X2": 1}),
    ("one red rug 2x3 and one red rug 1x2", {"ZR-R-2X3": 1, "ZR-R-1X2": 1}),
    ("un tapis rouge 2x3 et un bleu 1x2", {"ZR-R-2X3": 1, "ZR-B-1X2": 1}),
    ("bghit 3 mkhaddat, 2 40x40 w wa7da 50x50", {"CS-S": 2, "CS-L": 1}),
    ("two rugs 2x3, a red and a blue", {"ZR-R-2X3": 1, "ZR-B-2X3": 1}),
])
def test_each_line_takes_its_own_size_by_two_sides(text, items):
    """"two red rugs, one 2x3 and one 1x2": the sizes were read for the whole message, so
    each "one" matched both red rugs and "which rug?" was asked three times."""
    p = nlu.parse(text, RUG_INDEX)
    assert not p.ambiguous
    assert {i.sku: i.quantity or 1 for i in p.items} == items


def test_the_rugs_conversation_reaches_the_details():
    chat = chat_after("two red rugs, one 2x3 and one 1x2", products=RUGS)
    assert chat.cart == {"ZR-R-2X3": 1, "ZR-R-1X2": 1} and not chat.conv["data"]["queue"]


@pytest.mark.parametrize("change", ["la, bdel l 1x2", "non, plutôt le 1x2"])
def test_another_size_by_two_sides_at_the_summary_resizes_the_line(change):
    """"la, bdel l 1x2" at the summary of a red rug 2x3 asked "what to change?" and kept the
    2x3: rows told apart by the sides their names say were not sizes of one product."""
    chat = chat_after("1 tapis rouge 2x3", "Nadia Berrada, Marrakech, Gueliz rue 7 n 3",
                      products=RUGS)
    assert chat.state == "confirm"
    chat.send(change)
    assert chat.cart == {"ZR-R-1X2": 1} and chat.state == "confirm"


# -- an answer to "which one?" that carries the details too ---------------------------------

@pytest.mark.parametrize("first, answer, cart, name, city", [
    ("bghit amlou", "2 dyal 250, smiti Karim men tanger", {"AMLOU-250": 2}, "Karim", "Tanger"),
    ("bghit amlou", "jouj dyal 500, smiti Salma, mn fes", {"AMLOU-500": 2}, "Salma", "Fès"),
    ("je veux de l'amlou", "2 de 250g, je m'appelle Karim, à Tanger", {"AMLOU-250": 2}, "Karim",
     "Tanger"),
])
def test_an_answer_with_the_details_answers_and_keeps_them(first, answer, cart, name, city):
    """"2 dyal 250, smiti Karim men tanger" at "which amlou?": "2 dyal 250" was kept as the
    address and "which one?" asked again (the answer lost, a count for a street)."""
    chat = chat_after(first, answer)
    details = chat.conv["data"]["details"]
    assert chat.cart == cart and not chat.conv["data"]["queue"]
    assert details["name"] == name and details["city"] == city
    assert not details.get("address")


@pytest.mark.parametrize("text, name, city", [
    ("the thyme one, 1kg, for Sara in Rabat", "Sara", "Rabat"),
    ("I want 2 amlou 250g for Omar in Casablanca", "Omar", "Casablanca"),
    ("bghit 2 amlou 250g l Youssef f Oujda", "Youssef", "Oujda"),
])
def test_for_a_first_name_in_a_city_is_the_recipient(text, name, city):
    """"… for Sara in Rabat": the name was lost (asked again after the address) and the city
    asked again: only "for Sara, Rabat" with a comma was read."""
    found = nlu.details.extract(text)
    assert found.name == name and found.city == city
    for other in ("I want a tagine for Sunday in Rabat", "a gift for Mom in Rabat",
                  "2 amlou for Rabat"):             # no first name there
        assert nlu.details.extract(other).name is None


# -- back a day later at the summary: the summary again once the basket is kept -------------

@pytest.mark.parametrize("yes, keep", [("iyeh", "👍"), ("yes", "yes"), ("oui", "oui")])
def test_a_yes_a_day_after_the_summary_shows_it_again_once_kept(yes, keep):
    """"iyeh" to a summary shown 30 hours before asks whether to keep the old basket; "👍"
    kept it but went back to "anything else?", the details and the summary still to go
    through (the yes itself never places an order unseen)."""
    chat = Chat(now=NOW)
    for text in ("bghit 2 amlou 250g", "Karim, casa, hay salam 5"):
        chat.send(text)
    assert chat.state == "confirm"
    chat.context["now"] = NOW + timedelta(hours=30)
    chat.send(yes)
    assert chat.state == "keep_cart" and not chat.actions
    chat.send(keep)
    assert chat.state == "confirm" and chat.cart == {"AMLOU-250": 2} and not chat.actions
    chat.send(yes)
    assert _order(chat).details["address"] == "hay salam 5"


def test_a_detail_asked_a_day_before_is_asked_again_once_kept():
    chat = Chat(now=NOW)
    for text in ("bghit 2 amlou 250g", "safi", "Karim"):
        chat.send(text)
    assert chat.state.startswith("ask_")
    chat.context["now"] = NOW + timedelta(hours=30)
    chat.send("salam")
    chat.send("iyeh")
    assert chat.state.startswith("ask_") and chat.conv["data"]["details"]["name"] == "Karim"


# -- "no, keep it" to "cancel the order?" ---------------------------------------------------

ORDER = {"id": 7, "number": "T-1042", "status": "confirmed", "tracking": None,
         "lines": [{"sku": "GHASSOUL-200", "quantity": 1, "name": "Ghassoul 200g"}]}


@pytest.mark.parametrize("ask, answer", [("bghit nlghi lcommande", "la safi khliha"),
                                         ("bghit nlghi lcommande", "la khliha")])
def test_a_keep_word_to_cancel_the_order_keeps_it(ask, answer):
    """"la safi khliha" (no, fine, leave it) to "cancel order T-1042?" cancelled it: "khliha"
    read as a cancel word, the yes/no question answered by the wrong side."""
    chat = chat_after(ask, last_order=dict(ORDER))
    assert chat.state == "confirm_cancel"
    chat.send(answer)
    assert not any(type(a).__name__ == "CancelOrder" for a in chat.actions)


# -- "no, in Rabat" to "same as last time?" --------------------------------------------------

SAVED = {"name": "Amina Tazi", "city": "Marrakech", "address": "Gueliz rue 5"}


@pytest.mark.parametrize("no, city", [("la, f rabat", "Rabat"), ("non, à Fès", "Fès"),
                                      ("no, in Tangier this time", "Tanger")])
def test_no_with_another_city_to_the_saved_details_keeps_the_name(no, city):
    """"la, f rabat" to "same as last time?" dropped the saved name with the address: the
    name asked again after the address, and "iyeh" at "your name?" asked it once more."""
    chat = chat_after("bghit 2 amlou 250g", "safi", customer=dict(SAVED))
    assert chat.state == "offer_saved"
    chat.send(no)
    details = chat.conv["data"]["details"]
    assert chat.state == "ask_address" and details["name"] == "Amina Tazi"
    assert details["city"] == city and not details.get("address")
    chat.send("hay riad zanqa 3")
    assert chat.state == "confirm"


# -- "and the big one?" after the prices of "which one?" -------------------------------------

@pytest.mark.parametrize("first, question, priced", [
    ("salam, ch7al zarbiya l7amra?", "w lkbira?", ["ZR-R-2X3"]),
    ("bghit zarbiya", "and the blue one?", ["ZR-B-2X3", "ZR-B-1X2"]),
    ("je veux un coussin", "et le grand ?", ["CS-L"]),
])
def test_a_question_naming_some_options_prices_them(first, question, priced):
    """"w lkbira?" (and the big one?) after the prices of the red rugs was passed to the
    members as a question nobody could answer, with a person offered."""
    chat = chat_after(first, products=RUGS)
    assert chat.conv["data"]["queue"]
    reply = chat.send(question)
    by_sku = {p["sku"]: p for p in RUGS}
    assert all(f"{by_sku[s]['name']} — {by_sku[s]['price']:g} DH" in reply
               for s in priced)
    assert chat.state != "handoff" and not chat.cart and chat.conv["data"]["queue"]
    assert not chat.conv["data"].get("human_offered")
