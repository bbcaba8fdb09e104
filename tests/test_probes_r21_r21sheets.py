"""Wrong parcels on other sheets, round 21 (r21sheets): a count of a lot's pieces said by the
lot's alias ("bghit 4 zlafat" of "Lot de 6 bols"), the "how many lots?" kept when the
details come in the same message, a district named like a product ("Fes, Atlas 4" beside
"Gift box Atlas") at the delivery question and in an order message, and a new product said
with the answer to "which teapot?" ("the medium one and 2 green tea 250g")."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

POTERIE = read_csv("tests/data/catalog_r9en_poterie.csv")
LOTS = read_csv(str(Path(__file__).parent / "data" / "catalog_r21_r21sheets_lots.csv"))
ATLAS = read_csv("tests/data/catalog_atlas_en.csv")
TEA = read_csv("tests/data/catalog_r13_p13en_tea.csv")


# -- a count of a lot's alias, no lot adding up to it, asks how many lots ------------------

@pytest.mark.parametrize("text, products, sku", [
    # four lots of six bowls (24) went in for "4 zlafat" (zlafa: a bowl)
    ("bghit 4 zlafat", POTERIE, "BOL-SET6"),
    ("jib lia 3 zlafat", POTERIE, "BOL-SET6"),
    ("bghit 3 kisan", LOTS, "KISAN-6"),
    ("بغيت 3 كيسان", LOTS, "KISAN-6"),
    ("bghit 4 tbasel", LOTS, "ASSIETTE-6"),
    ("i want 3 plates", LOTS, "ASSIETTE-6"),
])
def test_a_count_of_a_lots_alias_asks_how_many_lots(text, products, sku):
    chat = chat_after(text, products=products)
    assert chat.cart == {}
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": sku}


@pytest.mark.parametrize("text, products, cart", [
    # a multiple of the lot, or the lot said by its word, is still counted in lots
    ("bghit 12 zlafat", POTERIE, {"BOL-SET6": 2}),
    ("bghit 2 set of bowls", POTERIE, {"BOL-SET6": 2}),
    ("bghit 12 kisan", LOTS, {"KISAN-6": 2}),
    ("bghit 2 berrad w 12 kisan", LOTS, {"BERRAD": 2, "KISAN-6": 2}),
])
def test_a_lot_added_up_to_or_named_is_counted_in_lots(text, products, cart):
    assert chat_after(text, products=products).cart == cart


def test_the_lots_asked_of_the_alias_are_then_counted():
    assert chat_after("bghit 4 zlafat", "2", products=POTERIE).cart == {"BOL-SET6": 2}


# -- the "how many lots?" is kept when the details complete in the same message ------------

@pytest.mark.parametrize("text", [
    # one lot went to the summary, the question dropped; 12 is the house's, never a count
    "i want 4 bowls, Amina, Casablanca, hay salam 12",
    "bghit 4 zlafat, smiti Amina, casa, hay salam 12",
    "je veux 2 bols, Amina, Casablanca, hay salam 12",
])
def test_the_lots_are_asked_with_the_details_given(text):
    chat = chat_after(text, products=POTERIE)
    assert chat.cart == {} and chat.state != "confirm"
    assert chat.conv["data"]["queue"][0]["sku"] == "BOL-SET6"
    assert chat.conv["data"]["details"]["city"] == "Casablanca"
    chat.send("3")
    assert chat.cart == {"BOL-SET6": 3} and chat.state == "confirm"


# -- a district named like a product, at the delivery question or in the order message -----

@pytest.mark.parametrize("messages", [
    # four "Gift box Atlas" went in (Atlas, a district of Fes)
    ("i want 2 amlou", "Clark Kent", "Fes, Atlas 4"),
    ("i want 2 amlou", "Clark Kent", "Atlas 4, Fes"),
    ("i want 2 amlou", "Clark Kent, Fes", "Atlas 4"),
    ("i want 2 amlou", "Fes, Atlas 4", "Clark Kent"),
    # six amlou went in (the house number added to the two)
    ("i want 2 amlou, Clark Kent, Fes, Atlas 4",),
])
def test_a_district_named_like_a_product_is_the_address(messages):
    chat = chat_after(*messages, products=ATLAS)
    assert chat.cart == {"AML-300": 2}
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["address"] == "Atlas 4"


@pytest.mark.parametrize("messages, cart", [
    # a count before the word, or the product's own words, still order
    (("i want 2 amlou", "Clark Kent, Fes", "2 atlas"), {"AML-300": 2, "GIFT-BOX": 2}),
    (("i want 2 amlou", "Clark Kent, Fes", "gift box atlas 4"), {"AML-300": 2, "GIFT-BOX": 4}),
    (("i want 2 amlou, Karim, Fes, 2 atlas",), {"AML-300": 2, "GIFT-BOX": 2}),
])
def test_the_product_still_ordered_by_its_count_or_name(messages, cart):
    assert chat_after(*messages, products=ATLAS).cart == cart


# -- a new product said with the answer to "which one?" -------------------------------------

@pytest.mark.parametrize("answer, cart", [
    # the teapot was lost: "green" read as a colour of the options, no teapot is green
    ("the medium one and 2 green tea 250g", {"THEI-M": 1, "THE-VERT-250": 2}),
    ("the big one and 2 green tea 250g", {"THEI-G": 1, "THE-VERT-250": 2}),
    ("the medium one, and 1 green tea 500g", {"THEI-M": 1, "THE-VERT-500": 1}),
])
def test_the_answer_then_a_product_of_a_colour_word(answer, cart):
    assert chat_after("how much is the teapot?", answer, products=TEA).cart == cart
