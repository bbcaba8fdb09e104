"""Misses seen probing French, mixed (French+Darija, Darija+English) and SMS-style customers
("slt", "bjr", "svp", no accents, run-on messages, corrections, hesitations) on fresh
operator-style catalogs: an épicerie fine (olive oils in 25cl/50cl/1L, olives by the kg), a
herbalist (100 g / 250 g), a bakery cooperative (by the piece and by the dozen) and a
textile shop (sizes and colours). Each general rule with the messages that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import parse
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
EPICERIE = read_csv(DATA / "catalog_r15_p15fr_epicerie.csv")
HERBES = read_csv(DATA / "catalog_r15_p15fr_herbes.csv")


# -- a product named after a line still asking "which one?" is not that line's product ---------

@pytest.mark.parametrize("text, item", [
    ("je voudrais 2 bouteilles d'huile d'olive de 50cl et 1 kg d'olives vertes",
     {"OL-VER-1KG": 1}),
    ("2 huile d olive 50cl et 1 olives noires", {"OL-NOI-1KG": 1}),
    ("bghit 2 zit zitoun 50cl w 1 kilo zitoun k7al", {"OL-NOI-1KG": 1}),
])
def test_a_product_after_a_line_asking_which_one_is_not_that_family_again(text, item):
    """"2 bouteilles d'huile d'olive de 50cl et 1 kg d'olives vertes" (two oils come in
    50cl, so the first line asks which): the green olives became 1 × olive oil 1L (a wrong
    parcel, the olives lost), since only a line already resolved kept the next one off its
    family."""
    p = parse(text, EPICERIE)
    assert {i.sku: i.quantity for i in p.items} == item
    assert [set(a.candidates) for a in p.ambiguous] == [{"HO-PIC-50", "HO-BIO-50"}]


# -- a first name alone that only looks like a product is the name asked for -------------------

@pytest.mark.parametrize("name", ["Salma", "salma", "Amal"])
def test_a_first_name_guessed_as_a_product_at_the_details_offer_is_the_name(name):
    """"Autre chose ? Sinon, votre nom, votre ville et votre adresse ?" — "Salma": read as
    "salmiya" (sage) by a guess, it asked "how many sage?" and put a sage in the basket;
    "Amal" was "we have no amal" — and the name was asked again and again (the order lost)."""
    chat = chat_after("je veux 2 thym 100g", name, products=HERBES)
    assert chat.cart == {"THYM-100": 2}
    assert chat.conv["data"]["details"].get("name") == name
    assert chat.state == "ask_city"


def test_a_product_said_exactly_at_the_details_offer_is_still_ordered():
    chat = chat_after("je veux 2 thym 100g", "salmiya", products=HERBES)
    assert not chat.conv["data"]["details"].get("name")
    assert chat.state == "ordering" and "Sauge" in chat.last.replies[0]
