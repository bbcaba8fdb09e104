"""Wrong parcels left in Darija and French order lines (nineteenth round, third wave). Each
general rule with the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

# -- a size word a kind's name says, counted after a kind named, is that kind ----------------

KESKSOU = read_csv("tests/data/catalog_r16_p16latn_kesksou.csv")
SMIDA = read_csv("tests/data/catalog_r19_x19lines_smida.csv")


@pytest.mark.parametrize("products, text, cart", [
    # it was the fine one alone (or two 5 kg bags of it): "gros" read as the big size
    (KESKSOU, "je veux 2 couscous 1kg, un fin et un gros",
     {"KSK-RQIQ-1KG": 1, "KSK-GHLID-1KG": 1}),
    # the medium lost: Arabic "متوسط" read as the size word "medium"
    (KESKSOU, "بغيت تلاتة كسكسو واحد رقيق و واحد متوسط و واحد غليض كيلو",
     {"KSK-RQIQ-1KG": 1, "KSK-MTWASSET-1KG": 1, "KSK-GHLID-1KG": 1}),
    (SMIDA, "je veux deux semoules 1kg, une fine et une grosse",
     {"SMIDA-FINE-1KG": 1, "SMIDA-GROSSE-1KG": 1}),
    (SMIDA, "je veux 3 semoules de 1kg, une fine, une moyenne et une grosse",
     {"SMIDA-FINE-1KG": 1, "SMIDA-MOY-1KG": 1, "SMIDA-GROSSE-1KG": 1}),
])
def test_a_size_word_a_kind_is_named_by_is_that_kind(products, text, cart):
    assert chat_after(text, products=products).cart == cart


def test_a_size_word_kind_without_its_size_asks_each_kinds_size():
    # it was two 5 kg bags of the fine one, confirmed with no question
    chat = chat_after("je veux deux couscous un fin et un gros", products=KESKSOU)
    assert chat.cart == {}
    chat = chat_after("je veux deux couscous un fin et un gros", "5 kilo", "1 kg",
                      products=KESKSOU)
    assert chat.cart == {"KSK-RQIQ-5KG": 1, "KSK-GHLID-1KG": 1}


@pytest.mark.parametrize("text", [
    "bghit jouj amlou wa7ed sghir w wa7ed kbir",
    "je veux 2 amlou, un petit et un grand",
])
def test_a_size_word_no_kind_is_named_by_stays_a_size(text):
    # the demo's amlou names no size word: the small and the big stay its sizes
    chat = chat_after(text)
    assert sum(chat.cart.values()) == 2
    assert set(chat.cart) == {"AMLOU-250", "AMLOU-500"}


# -- a product counted, then kinds of it said by colours, counted up to its count ------------

ZITOUN = read_csv("tests/data/catalog_r16_p16latn_zitoun.csv")


@pytest.mark.parametrize("text, cart", [
    # it was one black 500 g and "which olives?" for two more (answered: four jars)
    ("bghit jouj zitoun wa7ed khder w wa7ed k7el nos kilo",
     {"ZITOUN-KHDER-500": 1, "ZITOUN-K7EL-500": 1}),
    ("بغيت جوج زيتون واحد خضر و واحد كحل نص كيلو",
     {"ZITOUN-KHDER-500": 1, "ZITOUN-K7EL-500": 1}),
    ("je veux 2 olives, une verte et une noire, 1kg",
     {"ZITOUN-KHDER-1KG": 1, "ZITOUN-K7EL-1KG": 1}),
    ("I want 3 olives 500g: 2 green, 1 black", {"ZITOUN-KHDER-500": 2, "ZITOUN-K7EL-500": 1}),
])
def test_colours_counted_after_a_product_are_its_kinds(text, cart):
    assert chat_after(text, products=ZITOUN).cart == cart


def test_colours_counted_without_a_size_ask_each_ones_size_and_no_more():
    # it asked "which olives?" for the two counted first too: four jars in all
    chat = chat_after("bghit jouj zitoun wa7ed khder w wa7ed k7el", "kilo", "kilo",
                      products=ZITOUN)
    assert chat.cart == {"ZITOUN-KHDER-1KG": 1, "ZITOUN-K7EL-1KG": 1}


# -- "each" beside a measure no option makes is no "one of every option" ---------------------

@pytest.mark.parametrize("texts", [
    # it packed a 500 g and a 1 kg jar of the thyme honey, sold in no 250 g
    ("bghit 3sel zaatar 250g chacun",),
    ("je veux du miel de thym 250g chacun",),
    ("bghit amlou", "w 3sel zaatar", "250g chacun"),
])
def test_each_beside_a_measure_no_option_makes_packs_no_option(texts):
    chat = chat_after(*texts)
    assert not any(sku.startswith("MIEL-THYM") for sku in chat.cart)


def test_one_of_each_option_stays():
    assert chat_after("un de chaque amlou").cart == {"AMLOU-250": 1, "AMLOU-500": 1}
