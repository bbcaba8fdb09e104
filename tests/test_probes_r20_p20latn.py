"""Several lines in Darija in Latin letters (twentieth round): wrong parcels found by playing
conversations of several products, sizes, counts and corrections. Each general rule with
the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATTES = read_csv("tests/data/catalog_dattes.csv")


# -- a keep word after a product, with a count, sets that line: no "forget it" ------------

@pytest.mark.parametrize("messages, cart", [
    # the basket was started again: the amlou line was lost
    (("bghit 3sel zaatar 2 kilo w amlou 250 3", "zaatar khliha 3"),
     {"MIEL-THYM-1KG": 3, "AMLOU-250": 3}),
    (("bghit 3sel zaatar 2 kilo w amlou 250 3", "la zaatar khliha 3"),
     {"MIEL-THYM-1KG": 3, "AMLOU-250": 3}),
    (("bghit 3sel zaatar 2 kilo w amlou 250 3", "amlou khlliha jouj"),
     {"MIEL-THYM-1KG": 2, "AMLOU-250": 2}),
])
def test_keep_word_after_a_product_with_a_count_sets_it(messages, cart):
    chat = chat_after(*messages)
    assert chat.cart == cart
    assert chat.state == "ordering"


def test_keep_word_after_a_product_on_another_sheet():
    chat = chat_after("bghit mejhoul 2 kilo", "w zid boufgous kilo", "la mejhoul khliha wa7ed",
                      products=DATTES)
    assert chat.cart == {"MEJHOUL-1KG": 1, "BOUFEGGOUS-1KG": 1}


# -- "not N of X, M": the count corrected, nothing taken out ------------------------------

@pytest.mark.parametrize("messages, cart", [
    # the amlou line was taken out (the basket emptied), or 2 came off and 1 stayed
    (("bghit 2 amlou 250", "la machi 2 amlou, 3"), {"AMLOU-250": 3}),
    (("bghit 2 amlou 250 w 3sel zaatar kilo", "la machi 2 amlou, 3"),
     {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (("bghit 2 amlou 250 w 3sel zaatar kilo", "machi jouj amlou, tlata"),
     {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (("je veux 2 amlou 250", "non pas 2 amlou, 3"), {"AMLOU-250": 3}),
    (("i want 2 amlou 250", "no not 2 amlou, 3"), {"AMLOU-250": 3}),
    # a size said too: as before
    (("bghit 2 amlou 250", "machi 2 amlou 250, 3"), {"AMLOU-250": 3}),
])
def test_negated_count_then_a_count_corrects_the_line(messages, cart):
    chat = chat_after(*messages)
    assert chat.cart == cart
    assert chat.state == "ordering"
