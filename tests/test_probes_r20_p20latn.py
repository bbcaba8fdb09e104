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
    # a want verb before the count, no comma: the amlou line was taken out
    (("bghit 2 amlou kbar w 3sel zaatar kilo", "ma bghitch 2 amlou bghit 3"),
     {"AMLOU-500": 3, "MIEL-THYM-1KG": 1}),
    (("bghit 2 amlou kbar w 3sel zaatar kilo", "la machi jouj amlou bghit tlata"),
     {"AMLOU-500": 3, "MIEL-THYM-1KG": 1}),
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


# -- sizes said with no product, each counted: one basket line split into them ------------

BABOUCHE = read_csv("tests/data/catalog_r10_babouche.csv")


@pytest.mark.parametrize("messages, cart", [
    # the whole line went to the second size (3 × 500 g, 3 × the 500 g honey)
    (("bghit 3 amlou 250", "la jouj 250 w wa7ed 500"), {"AMLOU-250": 2, "AMLOU-500": 1}),
    (("bghit 3 3sel zaatar kilo", "la jouj kilo w wa7ed nos kilo"),
     {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    # another product put in last: its line went to the size (3 × the 500 g amlou), or
    # became 5 × the 500 g amlou for the honey's kilos
    (("bghit 3 amlou 250 w sabon 2", "la jouj 250 w wa7ed 500"),
     {"AMLOU-250": 2, "AMLOU-500": 1, "SAVON-NOIR-250": 2}),
    (("bghit 3 3sel zaatar kilo w 2 amlou 250", "la jouj kilo w wa7ed nos kilo"),
     {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1, "AMLOU-250": 2}),
    # both sizes in the basket, both said again: each at its count (the 250 g was lost)
    (("bghit 3 amlou 250 w 1 amlou 500", "la jouj 250 w jouj 500"),
     {"AMLOU-250": 2, "AMLOU-500": 2}),
])
def test_sizes_said_alone_split_the_line(messages, cart):
    assert chat_after(*messages).cart == cart


@pytest.mark.parametrize("messages", [
    # 3 pairs of 42, or "I did not understand"
    ("bghit 3 belghat k7al 40", "la jouj 40 w wa7da 42"),
    ("bghit 3 belghat k7al 40", "jouj 40 w wa7da 42"),
])
def test_sizes_said_alone_split_the_pairs(messages):
    assert chat_after(*messages, products=BABOUCHE).cart == {"BAB-N-40": 2, "BAB-N-42": 1}


def test_sizes_of_which_product_unsaid_change_no_line():
    # the euphorbia honey (put in last) became 2 × 500 g
    chat = chat_after("bghit 2 3sel zaatar kilo w 2 dghmous kilo",
                      "la jouj kilo w wa7ed nos kilo")
    assert chat.cart == {"MIEL-THYM-1KG": 2, "MIEL-EUPH-1KG": 2}


# -- a count in words of a removal read with a basket line's name is kept -----------------

@pytest.mark.parametrize("messages, cart", [
    # the whole honey line came off
    (("bghit 3sel zaatar nos kilo jouj w amlou sghir tlata", "zid wa7ed amlou w n9s wa7ed 3sel"),
     {"MIEL-THYM-500": 1, "AMLOU-250": 4}),
    (("bghit 3sel zaatar nos kilo 3 w amlou sghir tlata", "n9s jouj mn 3sel"),
     {"MIEL-THYM-500": 1, "AMLOU-250": 3}),
    # no count: the whole line, as before
    (("bghit 3sel zaatar nos kilo jouj w amlou sghir tlata", "zid wa7ed amlou w 7ayed 3sel"),
     {"AMLOU-250": 4}),
])
def test_count_in_words_of_a_removal_is_kept(messages, cart):
    assert chat_after(*messages).cart == cart


# -- the same at "how many?" of another product: the line split, the question kept --------


@pytest.mark.parametrize("messages, cart, products", [
    # 2 belts, 5 × the 500 g almonds, 3 soaps
    (("bghit 2 belghat sefra 38 w semta", "la wa7da 38 w wa7da 40", "jouj"),
     {"BAB-J-38": 1, "BAB-J-40": 1, "CEINT-CUIR": 2}, BABOUCHE),
    (("bghit mejhoul 3 kilo w louz beldi", "la jouj kilo w wa7ed nos kilo", "wa7ed"),
     {"MEJHOUL-1KG": 2, "MEJHOUL-500": 1, "AMANDE-BELDI-500": 1}, DATTES),
    (("bghit 3 amlou 250 w sabon", "la jouj 250 w wa7ed 500", "3"),
     {"AMLOU-250": 2, "AMLOU-500": 1, "SAVON-NOIR-250": 3}, None),
])
def test_sizes_said_alone_at_another_products_count(messages, cart, products):
    chat = chat_after(*messages, **({"products": products} if products else {}))
    assert chat.cart == cart


# -- SMS spellings, vowels dropped ------------------------------------------------------

def test_thyme_with_its_vowels_dropped():
    # "which 1 kg honey?" among the three, the thyme said
    chat = chat_after("bghit 2 3sl z3tr kilo w 1 dghmos nos")
    assert chat.cart == {"MIEL-THYM-1KG": 2, "MIEL-EUPH-500": 1}
