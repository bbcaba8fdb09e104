"""Pieces counted of products sold by lots, sets, packs, boxes and trays, round 21 (w21lots):
a count of the container a pack's name counts ("4 pots de raib", "12 pots de raib" of "Raib
nature pack de 6 pots") is of pieces; a pack word between the count and the product
("7 trays of eggs") makes the count of packs; "a set of 6 tea glasses" is one set; a pack
word the product's name does not say ("2 lots de kisan" of "Set of 6 tea glasses") is its
pack."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).parent / "data"
FROMAGERIE = read_csv(str(DATA / "catalog_r14_p14fr_fromagerie.csv"))   # Raib pack de 6 pots
TEA = read_csv(str(DATA / "catalog_r13_p13en_tea.csv"))                 # Verres à thé lot de 6
PANTRY = read_csv(str(DATA / "catalog_pantry.csv"))                     # eggs, a tray of 30
LOTS = read_csv(str(DATA / "catalog_r21_r21sheets_lots.csv"))           # Set of 6 tea glasses
OWN = read_csv(str(DATA / "catalog_r21_w21lots.csv"))                   # sets, boxes, packs


# -- a count of the container a pack's name counts is of pieces ------------------------------

@pytest.mark.parametrize("text, cart", [
    ("je veux 12 pots de raib", {"RAIB-6": 2}),     # twelve packs (72 pots) went in
    ("je veux 6 pots de raib", {"RAIB-6": 1}),
    ("je veux 4 pots de raib", {}),                 # four packs went in: asked
    ("bghit 2 pots dyal raib", {}),
])
def test_a_count_of_the_pots_a_pack_holds_is_of_pots(text, cart):
    assert chat_after(text, products=FROMAGERIE).cart == cart


def test_a_count_of_jars_of_a_pack_of_jars():
    assert chat_after("je veux 24 bocaux de confiture", products=OWN).cart == {"ACHAR-12": 2}


# -- a pack word between the count and the product counts packs -------------------------------

@pytest.mark.parametrize("text, products, cart", [
    ("I want 7 trays of eggs", PANTRY, {"OEUF-30": 7}),     # asked how many
    ("I want 9 trays of eggs", PANTRY, {"OEUF-30": 9}),
])
def test_a_pack_word_before_the_product_counts_packs(text, products, cart):
    assert chat_after(text, products=products).cart == cart


# -- "a set of 6 tea glasses" is one set --------------------------------------------------------

@pytest.mark.parametrize("text, products, cart", [
    ("a set of 6 tea glasses", TEA, {"VERR-6": 1}),         # asked how many
    ("i want a set of 6 tea glasses", TEA, {"VERR-6": 1}),
    ("a tray of 30 eggs", PANTRY, {"OEUF-30": 1}),
])
def test_an_article_before_a_pack_and_its_figure_is_one_pack(text, products, cart):
    assert chat_after(text, products=products).cart == cart


# -- a pack word the name does not say is still the pack's ------------------------------------

@pytest.mark.parametrize("text, products, cart", [
    ("bghit 2 lots de kisan", LOTS, {"KISAN-6": 2}),        # nothing was ordered
    ("bghit 2 lots dyal kisan", LOTS, {"KISAN-6": 2}),
    ("je veux 3 lots de verres a the", LOTS, {"KISAN-6": 3}),
])
def test_a_pack_word_the_name_does_not_say_names_its_pack(text, products, cart):
    assert chat_after(text, products=products).cart == cart
