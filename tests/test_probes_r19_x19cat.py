"""Lines dropped on operator sheets (round 19, third wave, x19cat): a count said between a
product and the first of its colours, a product's measure before its colours, a leather
sheet's wallets and a Darija colour word. Each general rule with the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = "tests/data/"
BABOUCHE = read_csv(DATA + "catalog_r10_babouche.csv")
ZITOUN = read_csv(DATA + "catalog_r8en_zitoun.csv")
CUIR = read_csv(DATA + "catalog_r19_w19cat_cuir.csv")


# -- a count right before the first colour, "and" a count and a colour after: the first colour's
# "bghit babouche 40 wa7da safra w wa7da k7la": "wa7da" was the babouches' count, the yellow
# line went uncounted and the order stalled at "which one?"; "babouche 40 one yellow and
# one black" the same.

@pytest.mark.parametrize("said, cart", [
    ("bghit babouche 40 wa7da safra w wa7da k7la", {"BAB-J-40": 1, "BAB-N-40": 1}),
    ("babouche 40 one yellow and one black", {"BAB-J-40": 1, "BAB-N-40": 1}),
    ("babouches 42 2 black and 1 yellow", {"BAB-N-42": 2, "BAB-J-42": 1}),
])
def test_a_count_before_the_first_colour_is_that_colours(said, cart):
    assert chat_after(said, products=BABOUCHE).cart == cart


# -- a product said with its measure, then colours each counted: the lines of that measure --
# "olives 500g, 2 green and 1 black" gave both lines and "which olives?" besides.

def test_colours_after_a_product_in_its_measure_ask_nothing_more():
    chat = chat_after("olives 500g, 2 green and 1 black", products=ZITOUN)
    assert chat.cart == {"OLV-VERTE-500": 2, "OLV-NOIRE-500": 1}
    assert not any(line.lstrip().startswith("1.") for line in
                   "\n".join(chat.last.replies).splitlines())


# -- wallets are a leather goods word: "i want 2 wallets" was "what would you like?" --------

@pytest.mark.parametrize("said", ["i want 2 wallets", "bghit jouj bztamat",
                                  "je veux 2 portefeuilles"])
def test_wallets_are_a_kind_of_leather_goods(said):
    assert chat_after(said, products=CUIR).cart == {"PORTEF-1": 2}


# -- "safra" (yellow, feminine) is a colour: "ma3ndnach 'safra'" --------------------------

@pytest.mark.parametrize("said, sku", [("bghit jouj babouche 40 safra", "BAB-J-40"),
                                       ("bghit 2 babouche safra 42", "BAB-J-42")])
def test_safra_is_yellow(said, sku):
    assert chat_after(said, products=BABOUCHE).cart == {sku: 2}
