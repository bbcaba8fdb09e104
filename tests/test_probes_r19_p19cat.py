"""Misses seen when playing whole conversations on operator sheets nobody had seen (issue
14, nineteenth round): dates, olives, soap, couscous, herbs, cosmetics, dried fruit, pottery,
rugs and textiles, named in French, Arabic or both, with sizes, packs and figures in names.
Each general rule with the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATTES = read_csv("tests/data/catalog_r19_p19cat_dattes.csv")
COUSCOUS = read_csv("tests/data/catalog_r19_p19cat_couscous.csv")


# -- a measure said to the prices of several products keeps its count ---------------------

@pytest.mark.parametrize("messages, products, cart", [
    # the honeys' prices, "which one?" offered — "bghit 2 kilo" asked the whole list again
    # and "2" then asked "how many?": the two kilos were lost
    (("ch7al 3sel?", "bghit 2 kilo", "2"), None, {"MIEL-EUPH-1KG": 2}),
    (("combien les miels ?", "je veux 2 kilos", "1"), None, {"MIEL-THYM-1KG": 2}),
    (("شحال العسل؟", "بغيت جوج كيلو", "3"), None, {"MIEL-ORANG-1KG": 2}),
    # two names of one kind (Mejhoul, Mejhoul Extra Large), each with a kilo
    (("combien les dattes mejhoul ?", "je veux 2 kilos", "2"), DATTES, {"DAT-MJH-XL-1K": 2}),
])
def test_a_measure_said_to_several_products_priced_keeps_its_count(messages, products, cart):
    kwargs = {"products": products} if products else {}
    assert chat_after(*messages, **kwargs).cart == cart


@pytest.mark.parametrize("messages, cart", [
    # the couscous listed (a 5 kg bag among 1 kg ones) — "bghit 5 kilo": "what do you want?",
    # the list and the five kilos lost; picked, the bag once or five of a 1 kg
    (("salam, 3ndkom kseksou?", "bghit 5 kilo", "1"), {"CSC-BLE-5K": 1}),
    (("vous avez du couscous ?", "je veux 5 kilos", "3"), {"CSC-COMP-1K": 5}),
])
def test_a_measure_a_bag_or_a_count_makes_to_the_list_keeps_it(messages, cart):
    assert chat_after(*messages, products=COUSCOUS).cart == cart


def test_a_measure_said_to_several_products_priced_asks_among_its_size():
    chat = chat_after("ch7al 3sel?", "bghit 2 kilo")
    head = chat.conv["data"]["queue"][0]
    assert head["type"] == "choice"
    assert head["candidates"] == ["MIEL-THYM-1KG", "MIEL-EUPH-1KG", "MIEL-ORANG-1KG"]
    assert head["quantity"] == 2


# -- a count of a kind beside one of its products counted apart is another line -----------

@pytest.mark.parametrize("text, products, line, asked", [
    # "Couscous d'orge (belboula)" is a couscous: the 3 kg of couscous set the belboula
    # line to 3 (one line; the kilo of belboula and the 3 kg of another couscous lost)
    ("je veux 3 kg de couscous et 1 kg de belboula", COUSCOUS, "CSC-ORGE-1K", 3),
    ("بغيت 3 كيلو ديال الكسكس و بلبولة كيلو", COUSCOUS, "CSC-ORGE-1K", 3),
    ("bghit 3 kilo kseksou w 1 kilo belboula", COUSCOUS, "CSC-ORGE-1K", 3),
    ("bghit 2 kilo 3sel w kilo dyal zaatar", None, "MIEL-THYM-1KG", 2),
])
def test_a_count_of_a_kind_beside_one_of_its_products_is_another_line(text, products, line,
                                                                      asked):
    kwargs = {"products": products} if products else {}
    chat = chat_after(text, **kwargs)
    assert chat.cart == {line: 1}
    head = chat.conv["data"]["queue"][0]
    assert head["type"] == "choice" and head["quantity"] == asked


def test_a_count_of_a_kind_beside_one_of_its_products_then_picked():
    chat = chat_after("je veux 3 kg de couscous et 1 kg de belboula", "1", products=COUSCOUS)
    assert chat.cart == {"CSC-ORGE-1K": 1, "CSC-BLE-1K": 3}


# -- a length a name writes, said after the product's word, is which one ------------------

POTERIE = read_csv("tests/data/catalog_r19_p19cat_poterie.csv")
TEXTILE = read_csv("tests/data/catalog_r19_p19cat_textile.csv")


@pytest.mark.parametrize("messages, cart", [
    # "Tajine de cuisson 26cm": "tajine 26" asked which tajine, 26 of it; "1" put 26
    # tajines in (2,340 DH), "3" to "le tajine 32" 32 decorated ones
    (("bghit tajine 26", "1"), {"TAJ-CUI-26": 1}),
    (("je veux le tajine 32", "2"), {"TAJ-CUI-32": 2}),
    (("i want the tajine 26 please", "1"), {"TAJ-CUI-26": 1}),
    (("bghit tajine 26 w tanjia", "1", "1"), {"TAJ-CUI-26": 1, "TANG-1": 1}),
])
def test_a_length_of_a_name_said_after_its_word_is_no_count(messages, cart):
    assert chat_after(*messages, products=POTERIE).cart == cart


def test_a_length_no_name_of_the_kind_says_is_no_count_either():
    # "bghit tajine 30": the vase is 30 cm, no tajine is: which tajine, not 30 of them
    chat = chat_after("bghit tajine 30", products=POTERIE)
    assert chat.cart == {}
    head = chat.conv["data"]["queue"][0]
    assert head["type"] == "choice" and not head["quantity"]


# -- a product of no length said beside one with its length stays a line -------------------

@pytest.mark.parametrize("text, cart", [
    # no count said: the tanjia, the brasero were dropped ("how many?" of the tajine only)
    ("tanjia et tajine 26cm", {"TANG-1": 1, "TAJ-CUI-26": 1}),
    ("bghit tajine 26cm w tanjia", {"TANG-1": 1, "TAJ-CUI-26": 1}),
    ("majmar w assiette 28cm", {"BRAS-1": 1, "ASS-TAM-28": 1}),
])
def test_a_product_of_no_length_beside_one_with_its_length_stays(text, cart):
    chat = chat_after(text, products=POTERIE)
    for _ in range(2):
        if chat.conv["data"]["queue"]:
            chat.send("1")
    assert chat.cart == cart


# -- a count of the word a pack counts, sold one by one too, is of the single row ----------

@pytest.mark.parametrize("text, cart", [
    # "Lot de 6 bols de Safi" beside "Bol de Safi": three lots (18 bowls) went in
    ("je veux 3 bols de Safi", {"BOL-SAFI-1": 3}),
    ("bghit 2 bols", {"BOL-SAFI-1": 2}),
    # the lot said by its word stays the lot
    ("je veux 2 lots de 6 bols", {"BOL-SAFI-6": 2}),
    ("un bol de safi", {"BOL-SAFI-1": 1}),
])
def test_a_count_of_a_packs_word_sold_one_by_one_is_of_the_single_row(text, cart):
    assert chat_after(text, products=POTERIE).cart == cart


@pytest.mark.parametrize("text, cart", [
    # a longer word: "Lot de 2 foutas hammam" beside "Fouta hammam rayée": three lots
    ("je veux 3 foutas", {"FOUTA-1": 3}),
    ("je veux 2 lots de foutas", {"FOUTA-2": 2}),
])
def test_a_count_of_a_packs_longer_word_sold_one_by_one_is_of_the_single_row(text, cart):
    assert chat_after(text, products=TEXTILE).cart == cart


def test_a_count_a_pack_adds_up_to_still_asks():
    # "6 bols": the lot, or six bowls: how many of the lot is asked, nothing put in
    chat = chat_after("bghit 6 bols de safi", products=POTERIE)
    assert chat.cart == {}


# -- a size said by two sides picks the row of that size from the list shown ---------------

TAPIS = read_csv("tests/data/catalog_r19_p19cat_tapis.csv")


@pytest.mark.parametrize("messages, cart", [
    # after the rugs listed, "200x300" was the welcome (the list and the rug lost)
    (("vous avez des tapis ?", "200x300", "1"), {"TAP-BO-200": 1}),
    (("vous avez des tapis ?", "le 200 x 300 svp, 2"), {"TAP-BO-200": 2}),
    (("vous avez des tapis ?", "200 sur 300", "1"), {"TAP-BO-200": 1}),
])
def test_a_size_by_two_sides_picks_from_the_list(messages, cart):
    assert chat_after(*messages, products=TAPIS).cart == cart
