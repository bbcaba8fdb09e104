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
