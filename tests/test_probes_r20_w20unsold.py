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


# -- what a product is made with, said after "with", is its kind, not a product of its own -

NAHLA = read_csv("tests/data/catalog_r17_p17latn_nahla.csv")
SAVON = read_csv("tests/data/catalog_r8en_savon.csv")
CHEVRE = read_csv("tests/data/catalog_r7en_chevre.csv")


@pytest.mark.parametrize("text, products, items", [
    # every amlou and every honey listed ("yes, we have" a dozen), or nothing ordered
    ("do you have amlou with honey?", NAHLA, [("AMLOU3SEL-500", None)]),
    ("i want 2 amlou with honey", NAHLA, [("AMLOU3SEL-500", 2)]),
    # the honey soap asked "how many?" again: the count went with the soap's line
    ("i want 2 soaps with honey", SAVON, [("SAV-MIEL", 2)]),
    ("je veux 2 savons avec du miel", SAVON, [("SAV-MIEL", 2)]),
    # pepper a spice of its own: the goat cheese with pepper stays that cheese
    ("do you have the goat cheese with pepper?", CHEVRE, [("CHV-POIVRE-200", None)]),
    ("i want 1 goat cheese with pepper", CHEVRE, [("CHV-POIVRE-200", 1)]),
])
def test_made_with_after_with_is_the_kind(text, products, items):
    parsed = nlu.parse(text, products)
    assert [(i.sku, i.quantity) for i in parsed.items] == items
    assert not parsed.ambiguous


# -- words nobody knows, in a product's place after a want verb and an article, are a
#    product not sold (English and French) ------------------------------------------------

ZITOUN = read_csv("tests/data/catalog_r8en_zitoun.csv")


@pytest.mark.parametrize("text, named, items", [
    ("i want some hummus", "hummus", []),
    ("i want some hummus and 1 kg green olives", "hummus", [("OLV-VERTE-500", 2)]),
    ("je veux de la harissa et 1 kg d'olives vertes", "harissa", [("OLV-VERTE-500", 2)]),
    ("je veux 1 kg d'olives vertes et du vinaigre", "vinaigre", [("OLV-VERTE-500", 2)]),
    ("i would like a tajine and 1 kg green olives", "tajine", [("OLV-VERTE-500", 2)]),
])
def test_unknown_words_after_a_want_and_an_article_are_not_sold(text, named, items):
    parsed = nlu.parse(text, ZITOUN)
    assert parsed.unknown_products == (named,)
    assert [(i.sku, i.quantity) for i in parsed.items] == items


@pytest.mark.parametrize("text", [
    # what is no product, a Darija verb after the want verb, a known word after the run
    "i would like a receipt", "je veux une facture", "i want a refund", "bghit chi 7aja",
    "bghit nseft l mama", "i want a quick delivery",
])
def test_no_product_is_invented(text):
    assert not nlu.parse(text, ZITOUN).unknown_products


@pytest.mark.parametrize("more", ["also some hummus", "and some hummus", "et du houmous"])
def test_more_of_a_product_not_sold_is_no_more_of_the_last_line(more):
    # a wrong parcel: one more amlou went in for the hummus
    chat = chat_after("i want 1 amlou 250", more)
    assert chat.cart == {"AMLOU-250": 1}
    assert nlu.parse(more, read_csv("coops/demo/catalog.csv")).unknown_products
