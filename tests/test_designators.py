"""Rows told apart by a number in their names that is no weight or volume: shoe sizes
("Babouche cuir jaune pointure 40"), clothing sizes ("Djellaba homme laine taille 54"), numbered
models ("Tapis berbère N°2", "Coussin brodé modèle 3"). A figure right after the product, or
after a label word (pointure, taille, size, n°, modèle, nemra, مقاس…: ``designator_labels`` in
intents/numbers.yml), or after "en" / "f" / "in" right after the product, says WHICH ONE when
the rows the product words match differ by exactly that figure; a figure before the product
stays a count unless another count is there. Answering a "which one?" list, a number that is
no position in it (1..len) but the figure of one listed row picks that row."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import build_index, parse
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
BABOUCHE = read_csv(DATA / "catalog_r10_babouche.csv")
DJELLABA = read_csv(DATA / "catalog_r10_djellaba.csv")
BAB_INDEX = build_index(BABOUCHE)
DJ_INDEX = build_index(DJELLABA)


def lines(p):
    return [(i.sku, i.quantity) for i in p.items]


# -- the index: which rows carry a designator -----------------------------------------------

def test_rows_differing_by_one_figure_carry_it_as_their_designator():
    info = BAB_INDEX.by_sku
    assert info["BAB-J-40"].designator == 40 and info["BAB-N-44"].designator == 44
    assert info["SAC-CUIR"].designator is None
    assert DJ_INDEX.by_sku["TAP-2"].designator == 2
    assert DJ_INDEX.by_sku["COUS-3"].designator == 3


@pytest.mark.parametrize("csv", ["catalog_atlas_en.csv", "catalog_r9en_poterie.csv",
                                 "catalog_pantry.csv", "catalog_r7en_chevre.csv"])
def test_sizes_lengths_and_people_are_no_designators(csv):
    """"Miel de thym 500g" / "1kg" differ by a weight, "Tajine 30 cm (4 pers)" / "35 cm" by a
    length: those rules stay theirs."""
    index = build_index(read_csv(DATA / csv))
    assert all(info.designator is None for info in index.products)


# -- the parser --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ("salam bghit jouj babouches jaunes 40 w wa7da k7la 42", [("BAB-J-40", 2), ("BAB-N-42", 1)]),
    ("une paire de babouches brodées en 39 et une ceinture",
     [("BAB-BR-39", 1), ("CEINT-CUIR", 1)]),
    ("I want 2 pairs of yellow slippers size 40 and one black pair size 42",
     [("BAB-J-40", 2), ("BAB-N-42", 1)]),
    ("بغيت جوج بلغة صفرا مقاس 40", [("BAB-J-40", 2)]),
    ("bghit babouche k7la nemra 42", [("BAB-N-42", None)]),
    ("3 babouches noires 38", [("BAB-N-38", 3)]),
    ("slm bghit 2 belgha k7la 40 w 1 sefra 38", [("BAB-N-40", 2), ("BAB-J-38", 1)]),
    # a number before the product is a count, unless another count is there
    ("bghit jouj 42 babouches noires", [("BAB-N-42", 2)]),
])
def test_a_figure_after_the_product_says_which_one(text, want):
    p = parse(text, BAB_INDEX)
    assert lines(p) == want and not p.ambiguous


@pytest.mark.parametrize("text, want", [
    ("je voudrais le tapis berbère N°2", [("TAP-2", None)]),
    ("bghit 2 mkhadda modèle 3 w tapis n°4", [("COUS-3", 2), ("TAP-4", None)]),
    ("bghit jouj djellaba homme 56", [("DJ-H-56", 2)]),
    ("Hi, I'd like one berber rug number 4 and two cushions model 2",
     [("TAP-4", 1), ("COUS-2", 2)]),
])
def test_the_rule_holds_for_clothing_sizes_and_numbered_models(text, want):
    p = parse(text, DJ_INDEX)
    assert lines(p) == want and not p.ambiguous


@pytest.mark.parametrize("index, text, qty, among", [
    (BAB_INDEX, "bghit 3 babouches jaunes", 3, 4),        # a count before the product
    (BAB_INDEX, "bghit babouche jaune 2", 2, 4),          # no row is a "2": a count
    (DJ_INDEX, "bghit 2 tapis", 2, 4),                    # two rugs, not the N°2
])
def test_a_figure_no_row_is_named_by_stays_a_count(index, text, qty, among):
    p = parse(text, index)
    assert not p.items and len(p.ambiguous) == 1
    assert p.ambiguous[0].quantity == qty and len(p.ambiguous[0].candidates) == among


def test_a_colour_word_names_its_own_rows_not_the_plain_ones():
    """"babouches noires": the black babouches (it asked among the embroidered ones, the only
    rows headed by "babouche" once the others were read as bundles of babouche and leather)."""
    p = parse("bghit babouches noires", BAB_INDEX)
    assert set(p.ambiguous[0].candidates) == {"BAB-N-38", "BAB-N-40", "BAB-N-42", "BAB-N-44"}


# -- the conversation ----------------------------------------------------------------------------

@pytest.mark.parametrize("answer", ["40", "pointure 40", "f 40", "nemra 40", "مقاس 40",
                                    "40 3afak", "wa7da f 40"])
def test_a_size_answers_which_one(answer):
    chat = chat_after("bghit jouj babouches jaunes", answer, products=BABOUCHE)
    assert chat.cart == {"BAB-J-40": 1 if answer.startswith("wa7da") else 2}


@pytest.mark.parametrize("messages, cart", [
    (("bghit jouj babouche mtrza", "2"), {"BAB-BR-39": 2}),       # 2 is a position
    (("bghit 2 coussins", "3"), {"COUS-3": 2}),
    (("bghit 2 coussins", "modèle 2"), {"COUS-2": 2}),
])
def test_a_position_in_the_list_still_picks(messages, cart):
    products = BABOUCHE if "babouche" in messages[0] else DJELLABA
    assert chat_after(*messages, products=products).cart == cart


def test_a_size_out_of_stock_is_said_and_the_others_offered():
    chat = chat_after(products=BABOUCHE)
    reply = chat.send("bghit babouche jaune 44")
    assert chat.cart == {}
    assert "pointure 44" in reply and "pointure 40" in reply
    # another product offered is in the size asked for, not its first row
    assert "noir pointure 38" not in reply and "noir pointure 44" in reply


def test_a_question_about_one_size_answers_for_that_size():
    chat = chat_after(products=BABOUCHE)
    reply = chat.send("hi do you have black slippers size 44?")
    assert "pointure 44" in reply and "pointure 38" not in reply
    chat.send("ok 1 pair please")
    assert chat.cart == {"BAB-N-44": 1}


def test_sizes_in_a_delivery_address_change_nothing():
    chat = chat_after("bghit babouche jaune 38", "wa7da", "safi", products=BABOUCHE)
    chat.send("Rachid Alaoui, Fes, hay 40 zanqa 42 raqm 38")
    assert chat.cart == {"BAB-J-38": 1}


@pytest.mark.parametrize("text, want", [
    ("jouj belgha sefra 38 w wa7da 40", [("BAB-J-38", 2), ("BAB-J-40", 1)]),
    # two sizes and one count: two of each, or one of each? each "how many?" is asked
    ("jouj belgha sefra 38 w 40", [("BAB-J-38", None), ("BAB-J-40", None)]),
    ("babouche noir 40 et 42", [("BAB-N-40", None), ("BAB-N-42", None)]),
])
def test_a_second_size_after_and_is_a_row_of_the_same_product(text, want):
    """"… 38 w wa7da 40" put one more 38 (3 pairs of 38); "… 38 w 40" asked which of all."""
    p = parse(text, BAB_INDEX)
    assert lines(p) == want and not p.ambiguous


@pytest.mark.parametrize("messages, cart", [
    (("salam, 3ndkom djellaba rjal?", "bghit wa7da nemra 54"), {"DJ-H-54": 1}),
    (("Bonjour je voudrais une djellaba femme taille 52", "finalement en 54 plutôt"),
     {"DJ-F-54": 1}),
    (("ch7al babouche k7la?", "ok 42", "jouj"), {"BAB-N-42": 2}),
    # the figure that names the new row is no count (it made 42 pairs of the 42)
    (("bghit jouj babouche jaune 40", "la smeh lia 42 machi 40"), {"BAB-J-42": 2}),
    (("bghit jouj babouche jaune 40", "la smeh lia bghit 3 dyal 42 machi 40"), {"BAB-J-42": 3}),
])
def test_a_size_said_after_a_list_or_a_line_picks_that_row(messages, cart):
    """"wa7da nemra 54" took the first listed (52); "finalement en 54" made 50 dresses of
    the 52 (54 capped); "ok 42" after the prices asked which one for 42 pairs."""
    products = BABOUCHE if "babouche" in messages[0] else DJELLABA
    assert chat_after(*messages, products=products).cart == cart


def test_an_alias_that_is_a_container_word_names_its_product():
    p = parse("bghit sac", BAB_INDEX)
    assert lines(p) == [("SAC-CUIR", None)]
