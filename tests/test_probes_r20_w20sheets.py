"""Wrong parcels left on other sheets, second wave of the twentieth round (w20sheets).
Each general rule with the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

POTERIE = read_csv("tests/data/catalog_r9en_poterie.csv")


# -- a count of the pieces a lot holds, that no lot adds up to, asks how many lots ---------

@pytest.mark.parametrize("text", [
    # four lots of six (24 bowls) went in for four bowls; two lots (12) for two
    "i want 4 bowls",
    "je veux 2 bols",
    "bghit 2 bols",
    "i want 8 bowls",
])
def test_a_count_of_pieces_no_lot_adds_up_to_asks(text):
    chat = chat_after(text, products=POTERIE)
    assert chat.cart == {}


@pytest.mark.parametrize("text, cart", [
    # a multiple of the lot is that many lots; the lot said by its word stays the lot
    ("je veux 12 bols", {"BOL-SET6": 2}),
    ("i want 6 bowls", {"BOL-SET6": 1}),
    ("i want 2 sets of bowls", {"BOL-SET6": 2}),
    ("i want 2 sets of 6 bowls", {"BOL-SET6": 2}),
])
def test_a_lot_said_or_added_up_to_is_counted_in_lots(text, cart):
    assert chat_after(text, products=POTERIE).cart == cart


def test_the_lots_asked_are_then_counted():
    assert chat_after("i want 4 bowls", "2", products=POTERIE).cart == {"BOL-SET6": 2}


# -- a town's word right before a figure, in an order message's details, is no count --------

@pytest.mark.parametrize("text, city", [
    # 34 jars went in (the figure read as the amlou's count)
    ("bghit 2 amlou 250g, smiti karim, dakhla 34", "Dakhla"),
    ("bghit 2 amlou 250g, smiti karim, rabat 34", "Rabat"),
    ("je veux 2 amlou 250g, je m'appelle Karim, Dakhla 34", "Dakhla"),
])
def test_a_town_before_a_figure_in_the_details_is_the_city(text, city):
    chat = chat_after(text)
    assert chat.cart == {"AMLOU-250": 2}
    assert chat.conv["data"]["details"]["city"] == city
    assert "34" in chat.conv["data"]["details"]["address"]


# -- a unit right after a counted product, before the counts of its kinds, is their size ----

KESKSOU = read_csv("tests/data/catalog_r16_p16latn_kesksou.csv")


@pytest.mark.parametrize("text, cart", [
    # one fine kesksou of a kilo went in, then "which kesksou?" over every row for two more
    ("bghit jouj kesksou d kilo wa7da rqiqa w wa7da ghlida",
     {"KSK-RQIQ-1KG": 1, "KSK-GHLID-1KG": 1}),
    ("bghit jouj kesksou kilo wa7da rqiqa w wa7da ghlida",
     {"KSK-RQIQ-1KG": 1, "KSK-GHLID-1KG": 1}),
    ("bghit 3 kesksou kilo 2 rqiq w 1 ghlid", {"KSK-RQIQ-1KG": 2, "KSK-GHLID-1KG": 1}),
])
def test_a_unit_before_the_kinds_counts_is_the_size_of_each(text, cart):
    chat = chat_after(text, products=KESKSOU)
    assert chat.cart == cart
    assert chat.state == "ordering" and not chat.conv["data"].get("queue")


# -- a size said with another product at "which one?" is that product's --------------------

DATTES = read_csv("tests/data/catalog_dattes.csv")


def test_a_size_said_with_another_product_picks_no_option():
    # "1 kg de noix" took the Mejhoul of 1 kg (how many asked) for the walnuts' kilo
    chat = chat_after("prix des dattes?", "le plus cher", "1 kg de noix en plus",
                      products=DATTES)
    assert chat.cart == {"NOIX-500": 2}
    assert chat.conv["data"]["queue"][0]["type"] == "choice"
    assert len(chat.conv["data"]["queue"][0]["candidates"]) == 2


# -- a count of pieces no box adds up to, beside the box and a weight, asks how many --------

HALWA = read_csv("tests/data/catalog_halwa.csv")


@pytest.mark.parametrize("text, cart", [
    # twelve boxes of 24 (288 horns) went in, the kilo of them being out of stock
    ("i want 12 gazelle horns", {}),
    ("je veux 48 cornes de gazelle", {"CORNES-BOITE-24": 2}),
])
def test_pieces_beside_a_box_and_a_weight_are_no_boxes(text, cart):
    assert chat_after(text, products=HALWA).cart == cart


LOTS = read_csv("tests/data/catalog_r18_w18mix_lots.csv")


@pytest.mark.parametrize("text, cart", [
    # "gazelle horns" (the box's pieces, in English): four boxes of twelve went in
    ("i want 4 gazelle horns", {}),
    ("i want 24 gazelle horns", {"COF-12": 2}),
    ("i want 2 boxes of gazelle horns", {"COF-12": 2}),
])
def test_pieces_said_in_another_language_are_no_boxes(text, cart):
    assert chat_after(text, products=LOTS).cart == cart


# -- a measure with no count, then counted kinds: that many of the measure of each ----------

ZITOUN = read_csv("tests/data/catalog_r8en_zitoun.csv")


@pytest.mark.parametrize("text", [
    # two green jars and one black jar of 500 g went in: the kilo silently lost
    "olives 1kg, 2 green and 1 black",
    "olives 1kg: 2 green and 1 black",
])
def test_a_measure_then_counted_kinds_is_the_measure_of_each(text):
    assert chat_after(text, products=ZITOUN).cart == {"OLV-VERTE-500": 4, "OLV-NOIRE-500": 2}
