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


# -- a removal with no product named, by a basket line's own size: that line --------------

TAFILALET = read_csv("tests/data/catalog_tafilalet.csv")
ROSE_AND_CUMIN = "bghit ma lward jouj 250 w wa7ed 500 w kamoun 3"


@pytest.mark.parametrize("messages, cart", [
    # 250 ml taken off the 500 ml bottle (a third 250 ml, the 500 ml gone), or not understood
    ((ROSE_AND_CUMIN, "7ayed wa7ed mn 250"),
     {"EAU-ROSE-250": 1, "EAU-ROSE-500": 1, "CUMIN-100": 3}),
    (("bghit ma lward jouj 250 w wa7ed 500", "7ayed wa7ed mn 250"),
     {"EAU-ROSE-250": 1, "EAU-ROSE-500": 1}),
    (("bghit ma lward 3 250 w wa7ed 500 w kamoun 3", "7ayed jouj mn 250"),
     {"EAU-ROSE-250": 1, "EAU-ROSE-500": 1, "CUMIN-100": 3}),
    # the size alone: 250 × the cumin put in last (capped at 50)
    ((ROSE_AND_CUMIN, "7ayed 250"), {"EAU-ROSE-500": 1, "CUMIN-100": 3}),
])
def test_removal_by_a_lines_own_size(messages, cart):
    chat = chat_after(*messages, products=TAFILALET)
    assert chat.cart == cart


def test_removal_by_size_on_the_demo():
    chat = chat_after("bghit 3 amlou 250 w 2 amlou 500 w sabon 2", "7ayed wa7ed mn 500")
    assert chat.cart == {"AMLOU-250": 3, "AMLOU-500": 1, "SAVON-NOIR-250": 2}
