"""Wrong parcels left in Darija in Latin letters, and their Arabic-script twins (nineteenth
round, second wave). Each general rule with the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

# -- a word saying "more" beside a count keeps the count ------------------------------------

@pytest.mark.parametrize("text", [
    # it was one more (3): the count beside an unknown "more" word was no count alone
    "3awd zid jouj",
    "عاود زيد جوج",
    "kmala jouj",
    "zid jouj akhrin",
    "زيد جوج اخرين",
])
def test_a_more_word_beside_a_count_adds_the_count(text):
    assert chat_after("bghit 2 amlou 250", text).cart == {"AMLOU-250": 4}


@pytest.mark.parametrize("text", ["zid", "3awd", "عاود", "kmala"])
def test_a_more_word_alone_adds_one(text):
    assert chat_after("bghit 2 amlou 250", text).cart == {"AMLOU-250": 3}


# -- a word written without its accent, counted, where the sheet sells it ---------------------

PANTRY = read_csv("tests/data/catalog_pantry.csv")


@pytest.mark.parametrize("text, cart", [
    # it was the henna alone: "the" read as English "the", the two teas lost
    ("bghit 2 the w 2 henne", {"THE-250": 2, "HEN-200": 2}),
    ("bghit jouj the, jouj henne", {"THE-250": 2, "HEN-200": 2}),
    ("je veux 2 the et 1 henne", {"THE-250": 2, "HEN-200": 1}),
    ("bghit 2 the", {"THE-250": 2}),
])
def test_an_unaccented_word_counted_names_the_sheets_product(text, cart):
    assert chat_after(text, products=PANTRY).cart == cart


@pytest.mark.parametrize("text", ["i want 2 the big ones", "bghit 2 sale"])
def test_an_unaccented_word_before_other_words_stays_a_grammar_word(text):
    assert "THE-250" not in chat_after(text, products=PANTRY).cart


# -- "each one a kilo" to several "which one?": each product's count of the kilo -------------

@pytest.mark.parametrize("messages, cart", [
    # it was one 500 g amlou (half the kilo asked for)
    (("bghit amlou", "w 3sel zaatar", "kol wa7ed kilo"), {"MIEL-THYM-1KG": 1, "AMLOU-500": 2}),
    (("بغيت أملو", "و عسل الزعتر", "كل واحد كيلو"), {"MIEL-THYM-1KG": 1, "AMLOU-500": 2}),
    (("bghit amlou", "w 3sel zaatar", "jouj kol wa7ed kilo"),
     {"MIEL-THYM-1KG": 2, "AMLOU-500": 4}),
    (("bghit amlou", "w 3sel zaatar", "kol wa7ed 500g"), {"MIEL-THYM-500": 1, "AMLOU-500": 1}),
])
def test_a_measure_for_each_makes_each_products_count(messages, cart):
    assert chat_after(*messages).cart == cart


BELDI = read_csv("tests/data/catalog_beldi_ar.csv")


@pytest.mark.parametrize("text", ["عاود نفس الحاجة", "3awd nfs l7aja"])
def test_the_same_again_is_one_more_of_the_line(text):
    # it went to checkout ("عاود" unknown), or nothing was added ("3awd")
    chat = chat_after("بغيت كيلو تمر", text, products=BELDI)
    assert chat.cart == {"TMR-BF": 2} and chat.state == "ordering"


# -- a pack swapped for its pieces: read after the product's name, not the pack's figures ----

ZIT = read_csv("tests/data/catalog_r18_p18latn_zit.csv")
NAHLA = read_csv("tests/data/catalog_r17_p17latn_nahla.csv")


@pytest.mark.parametrize("catalog, first, text, cart", [
    # it was one 5 L can (the pack's "4 x 1L" read before the message), or one bottle
    (ZIT, "bghit zit zitoun pack", "bdlo b 4 dyal litra", {"ZIT-1L": 4}),
    (ZIT, "bghit zit zitoun pack", "بدلو ب 4 ديال لتر", {"ZIT-1L": 4}),
    (ZIT, "bghit zit zitoun pack", "bdlo b 2 dyal 2 litra", {"ZIT-2L": 2}),
    (ZIT, "bghit zit zitoun pack", "bdlo b 5 litra", {"ZIT-5L": 1}),
    (NAHLA, "bghit pack dghmous", "bdlo b 3 dyal 250", {"DGH-250": 3}),
    (NAHLA, "bghit pack dghmous", "bdlo b 250g", {"DGH-250": 1}),
    (NAHLA, "bghit pack dghmous", "bdlo b 250", {"DGH-250": 1}),
])
def test_a_pack_swapped_for_pieces_keeps_the_count_said(catalog, first, text, cart):
    assert chat_after(first, text, products=catalog).cart == cart


@pytest.mark.parametrize("text, cart", [
    # "the same again" with no order to repeat: the basket's lines once more, as "nfs l7aja"
    ("3awd nfs l7aja", {"AMLOU-250": 4}),
    ("عاود نفس الحاجة", {"AMLOU-250": 4}),
    # the last order asked for: no one more of the line ("3awd" is no "zid" here)
    ("3awd nfs lcommande", {"AMLOU-250": 2}),
])
def test_the_same_again_without_an_order_doubles_the_basket(text, cart):
    assert chat_after("bghit 2 amlou 250", text).cart == cart
