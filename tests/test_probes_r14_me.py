"""Questions and hesitations seen answered wrong when playing fresh conversations (issue 14,
round 14): each general rule with the messages that showed it."""

import copy
from pathlib import Path

import pytest
from test_conversation import COOP, INDEX, Chat, chat_after

from bot import nlu
from bot.catalog import read_csv

DATA = Path(__file__).resolve().parent / "data"

# -- the cooperative's own phone number ------------------------------------------------------


@pytest.mark.parametrize("text, lang, number", [
    ("what is your phone number?", "en", "0528000000"),
    ("can I have your number please", "en", "0528000000"),
    ("3tini raqm dyal tta3awniya", "ary-Latn", "0528000000"),
    ("3afak sifet lia nnmra dyalkom", "ary-Latn", "0528000000"),
    ("wach n9der n3iyet likom?", "ary-Latn", "0528000000"),
    ("votre numéro de téléphone svp", "fr", "0528000000"),
    ("je peux vous appeler ?", "fr", "0528000000"),
    ("عطيني رقم التعاونية", "ary-Arab", "0528000000"),
    ("ممكن الرقم ديالكم؟", "ary-Arab", "0528000000"),
])
def test_asked_for_the_cooperatives_number_it_is_given(text, lang, number):
    """"3tini raqm dyal tta3awniya" got the welcome, "what is your phone number?" handed the
    chat to a person (who may be away for hours): a shopkeeper gives the number. It is the
    cooperative file's ``contact_phone``, written as members dial it; the chat carries on."""
    chat = Chat()
    reply = chat.send(text)
    assert number in reply
    assert chat.last.topic == "contact" and chat.last.lang == lang
    assert chat.state != "handoff" and not chat.actions


def test_without_a_number_in_the_file_a_person_is_offered():
    coop = copy.deepcopy(COOP)
    del coop["settings"]["contact_phone"]
    chat = Chat(coop=coop)
    reply = chat.send("what is your phone number?")
    assert "yes" in reply and chat.conv["data"].get("human_offered")


@pytest.mark.parametrize("messages", [
    ["bghit 2 amlou 500g", "Karim, casa, hay salam zanqa 4 raqm 12"],
    ["bghit 2 amlou 500g", "safi", "Karim", "casa", "raqm 12 zanqa 4 hay salam"],
    ["je veux 2 amlou 500g", "Karim, Rabat, numéro 12 rue 4 Agdal"],
])
def test_a_house_number_is_no_question_about_the_phone(messages):
    """The number words of the contact question ("raqm", "numéro") say whose number it is:
    a house number in an address stays an address."""
    chat = chat_after(*messages)
    assert chat.state == "confirm"
    assert "12" in chat.conv["data"]["details"]["address"]


# -- "do you still have …?" asks for stock, not about an order -------------------------------


@pytest.mark.parametrize("text", [
    "wach mazal 3ndkom amlou?",
    "mazal kayn amlou dyal 500?",
    "واش مازال عندكم أملو؟",
    "do you still have the euphorbia honey?",
    "il vous reste du miel de thym ?",
    "vous en avez encore du miel de thym ?",
])
def test_still_in_stock_is_availability(text):
    """"wach mazal 3ndkom amlou?" (still have any?) answered "you have no order yet": the
    "mazal" of "mazal ma wslatni" (still not here) won over the question about stock; "il
    vous reste du miel ?" was taken for an order and asked which one."""
    parse = nlu.parse(text, INDEX)
    assert parse.intent == "catalog"
    chat = Chat()
    chat.send(text)
    assert chat.last.topic in ("availability", "price")
    assert not chat.conv["data"]["cart"]


@pytest.mark.parametrize("text", [
    "mazal ma wslatni lcommande",
    "mazal ma wsel walo",
    "mazal ma wslatni l3sel",
    "ما زال ما وصلني الأملو",
])
def test_still_not_here_stays_a_status_question(text):
    assert nlu.parse(text, INDEX).intent == "status"


# -- what a question is about ---------------------------------------------------------------


@pytest.mark.parametrize("text, topic", [
    ("wach kayn lkhlas 3nd tawsil?", "payment"),
    ("wach nkhlles 3nd tawsil wla qbel?", "payment"),
    ("الخلاص عند التوصيل؟", "payment"),
    ("wach 3ndkom ma7al f casa?", "pickup"),
    ("wach 3ndkom chi ma7al nji lih?", "pickup"),
    ("does the amlou have sugar added?", "authenticity"),
    ("wach zit argan dyalkom m3sora b yddin?", "authenticity"),
    ("wach zit l2argan m3sour b lyed?", "authenticity"),
    ("is this a real person?", "robot"),
    ("am i talking to a real human?", "robot"),
])
def test_question_topics(text, topic):
    """Payment "on delivery" in Darija ("3nd tawsil") was answered with the delivery fee;
    a shop without its article ("ma7al") was an unknown product; "sugar added", "pressed by
    hand" and "is this a real person?" found no topic (the last one handed the chat over)."""
    chat = Chat()
    chat.send(text)
    assert chat.last.topic == topic


# -- an acknowledgement after the prices keeps the product asked about ------------------------


@pytest.mark.parametrize("messages, sku, qty", [
    (["hi how much is the amlou", "hmm ok", "ill take the big one"], "AMLOU-500", 1),
    (["ch7al amlou", "ok", "lkbir", "2"], "AMLOU-500", 2),
    (["combien l'amlou ?", "d'accord", "le grand, 2 svp"], "AMLOU-500", 2),
    (["ch7al l3sel dyal zaatar", "wakha", "jouj dyal kilo"], "MIEL-THYM-1KG", 2),
    (["combien le miel de thym 1kg", "hmm d'accord", "2"], "MIEL-THYM-1KG", 2),
    (["كم ثمن الأملو؟", "واخا", "الكبير"], "AMLOU-500", None),
])
def test_ok_after_the_prices_asks_which_one(messages, sku, qty):
    """"how much is the amlou?" — "hmm ok" dropped the amlou ("what would you like?") and
    "the big one" then got the welcome: the order was placed without the amlou. An "ok"
    after the prices is no answer and no refusal: which one (how many) is asked plainly."""
    chat = chat_after(*messages)
    if qty is None:        # "how many?" is asked of the big one
        assert chat.conv["data"]["queue"][0]["sku"] == sku
    else:
        assert chat.cart == {sku: qty}


def test_ok_thanks_after_the_prices_is_still_a_goodbye():
    """("ok merci" is a walk-away: a goodbye, the amlou kept in mind, not asked again.)"""
    chat = chat_after("ch7al amlou")
    reply = chat.send("ok merci")
    assert "Amlou" not in reply and chat.last.topic != "welcome"


# -- a size word after one product's sizes were listed ---------------------------------------

HOUT = read_csv(DATA / "catalog_r13_p13ary_hout.csv")


@pytest.mark.parametrize("messages, sku", [
    (["bonjour vous avez du poulpe?", "le petit"], "QARNIT-500"),
    (["bonjour vous avez du poulpe?", "ok", "le petit"], "QARNIT-500"),
    (["wach 3ndkom lcrevette", "lkbir"], "CREVETTE-KG"),
    (["wach 3ndkom lcrevette", "wakha", "sghir"], "CREVETTE-500"),
    (["do you have qarnit?", "ok", "the big one"], "QARNIT-KG"),
])
def test_a_size_word_alone_picks_from_the_sizes_listed(messages, sku):
    """"vous avez du poulpe ?" (its two sizes listed) — "ok" — "le petit" got "what would you
    like?" and then the welcome: the size word alone picks the listed size ("how many?"), and
    an "ok" after the list asks which one."""
    chat = chat_after(*messages, products=HOUT)
    queue = chat.conv["data"]["queue"]
    assert queue == [{"type": "qty", "sku": sku}] or (chat.cart == {sku: 1} and not queue)


def test_lah_ykhlef_is_a_goodbye():
    """"ok safi, lah ykhlef" (never mind, thanks) after an out-of-stock answer: a goodbye."""
    chat = chat_after("wach 3ndkom lcrevette")
    chat.send("ok safi, lah ykhlef")
    assert chat.last.topic != "welcome" and not chat.conv["data"]["queue"]
    assert "Bla jmil" in chat.last.replies[0]


# -- a district that is also a first name, once the customer has given theirs ---------------


@pytest.mark.parametrize("text, name, address", [
    ("Tom, Rabat, Hassan, rue 9", "Tom", "Hassan, rue 9"),
    ("Fatima Zahra, Fes, Karima, derb 4", "Fatima Zahra", "Karima, derb 4"),
    ("Rabat, Hassan, rue 9", "Hassan", "rue 9"),
])
def test_a_district_named_like_a_person_after_the_customers_name(text, name, address):
    """"Tom, Rabat, Hassan, rue 9" lost "Hassan" (Rabat's district) from the address: a common
    first name right after the city is the customer's name only when the message has not
    given one already."""
    chat = chat_after("bghit 2 amlou 500g", text)
    details = chat.conv["data"]["details"]
    assert (details["name"], details["address"]) == (name, address)
