"""Products not sold, asked for inside an order, in the second wave of the twentieth round:
a make-up product or a pepper the lexicon did not know as a product was dropped without a
word (the customer never learnt it was not sold). Each general rule with the messages that
showed it."""

import pytest

from bot import nlu
from bot.catalog import read_csv
from tests.test_conversation import chat_after

BEAUTE = read_csv("tests/data/catalog_r20_w20unsold_beaute.csv")


def _said(chat) -> str:
    return "\n".join(chat.last.replies)


# -- make-up is a product family of its own: asked for, it is told as not sold -------------

@pytest.mark.parametrize("text, named", [
    ("i want a lip gloss and 2 soaps", "lip gloss"),
    ("i want 2 lipsticks and a mascara", "lipsticks"),
    ("je veux un rouge à lèvres et 2 savons", "rouge a levres"),
    ("je veux du vernis à ongles et 2 savons", "vernis a ongles"),
    ("bghit mascara w 2 sabon", "mascara"),
    ("بغيت أحمر الشفاه و جوج صابون", "احمر الشفاه"),
])
def test_makeup_beside_a_sold_product_is_told_not_sold(text, named):
    parsed = nlu.parse(text, BEAUTE)
    assert named in parsed.unknown_products
    chat = chat_after(text, products=BEAUTE)
    said = _said(chat)
    assert named in said
    assert "Savon beldi nature" in said     # the soaps are still asked about
    assert chat.cart == {}


@pytest.mark.parametrize("text", [
    "i want a mascara", "i want a lipstick", "je veux un mascara", "bghit lmakiyaj",
    "i want foundation",
])
def test_makeup_alone_is_told_not_sold_with_the_nearest(text):
    chat = chat_after(text, products=BEAUTE)
    assert nlu.parse(text, BEAUTE).unknown_products
    assert chat.conv["data"].get("last_list")     # the nearest cosmetics offered, numbered


def test_makeup_then_a_sold_product_keeps_the_sold_line():
    chat = chat_after("i want a lip gloss and 1 ghassoul", products=BEAUTE)
    assert "lip gloss" in _said(chat)
    assert chat.cart == {"GHASSOUL-250": 1}


# -- pepper is a spice: asked for where none is sold, it is told as not sold ----------------

@pytest.mark.parametrize("text", [
    "i want 2 black pepper", "i need some peppercorns",
])
def test_pepper_not_sold_is_told(text):
    assert nlu.parse(text, BEAUTE).unknown_products
