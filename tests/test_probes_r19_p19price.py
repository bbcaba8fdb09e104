"""Words that pick a kind by price or by the number of people, not a size or a count
(nineteenth round, "price"): "kilo mn rkhis", "the cheaper ones", "le plus cher" among kinds
of dates; "tagine for 4", "the one for 6 people" among tajines told apart by people."""

from pathlib import Path

import pytest

from bot import i18n
from bot.catalog import read_csv
from tests.test_conversation import Chat, chat_after

DATA = Path(__file__).resolve().parent / "data"
DATES = read_csv(DATA / "catalog_r19_p19price_dates.csv")
POTERIE = read_csv(DATA / "catalog_r9en_poterie.csv")


@pytest.mark.parametrize("asked, order", [
    ("ch7al taman dyal tmer?", "2 kilo mejhoul w kilo mn rkhis"),
    ("how much are your dates?", "2kg of medjool dates and 1kg of the cheaper ones"),
    ("combien les dattes ?", "2 kg de mejhoul et 1 kg des moins chères"),
    ("بشحال التمر؟", "بغيت 2 كيلو مجهول و كيلو من الرخيص"),
])
def test_the_cheaper_ones_are_the_cheaper_kind_not_the_small_size(asked, order):
    # it gave 2 × the 500 g Mejhoul: the price word was read as the small size of the
    # product before; the customer means the kind cheapest by the kilo (Jihel is sold out)
    chat = chat_after(asked, order, products=DATES)
    assert chat.cart == {"MEJ-1KG": 2, "FEG-1KG": 1}


@pytest.mark.parametrize("text, cart", [
    ("bghit kilo boufeggous w kilo mn lghali", {"FEG-1KG": 1, "MEJ-1KG": 1}),
    ("je veux 1 kg de dattes les moins chères", {"FEG-1KG": 1}),
    ("I want the most expensive dates, 2kg", {"MEJ-1KG": 2}),
    ("bghit 500g mn tmer rkhis", {"FEG-500": 1}),
])
def test_a_price_word_with_a_product_picks_its_kind_by_the_kilo(text, cart):
    assert chat_after(text, products=DATES).cart == cart


def test_a_price_word_among_the_sizes_of_one_kind_is_still_its_size():
    # amlou comes in one kind, two sizes: the cheaper one is the small jar
    assert chat_after("3tini jouj amlou rkhis", products=DATES).cart == {"AMLOU-250": 2}
    assert chat_after("2 amlou lghali", products=DATES).cart == {"AMLOU-500": 2}


def test_the_cheapest_one_after_the_prices_asks_among_what_it_leaves():
    # the welcome was all the answer: "the cheapest one" left the dates' prices unanswered
    chat = chat_after("combien les dattes ?", "les moins chères svp", products=DATES)
    assert chat.conv["data"]["queue"][0]["candidates"] == ["FEG-1KG", "FEG-500"]
    chat.send("1 kg")
    assert chat.cart == {"FEG-1KG": 1}
    # the Mejhoul's small box is the cheapest tag (65 DH), the Boufeggous the cheapest by
    # the kilo (70 DH): which of the two, asked
    chat = chat_after("how much are your dates?", "the cheapest one",
                      products=read_csv(DATA / "catalog_dattes.csv"))
    assert not chat.cart
    assert chat.conv["data"]["queue"][0]["candidates"] == ["MEJHOUL-500", "BOUFEGGOUS-1KG"]


def test_for_n_after_a_product_told_apart_by_people_is_the_size():
    # "tagine for 4 pls" asked which tagine with four of it kept: "the one for 6 people"
    # then gave four 35 cm tagines
    chat = chat_after("tagine for 4 pls", products=POTERIE)
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": "TJ-CUISSON-30"}
    chat.send("scratch that, the one for 6 people")
    assert not chat.cart
    chat.send("2")
    assert chat.cart == {"TJ-CUISSON-35": 2}


@pytest.mark.parametrize("first, second", [
    ("bghit tajine dyal 4 nfar", "la, dyal 6 nfar"),
    ("tagine for 4 people please", "no, for 6 people"),
    ("بغيت طاجين ديال 4 د الناس", "لا، ديال 6 نفار"),
])
def test_another_size_by_people_at_how_many_moves_the_question(first, second):
    # it asked "how many of the 30 cm (4 pers)?" again, or put one (or four) of it
    chat = chat_after(first, second, products=POTERIE)
    assert not chat.cart
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": "TJ-CUISSON-35"}


@pytest.mark.parametrize("text, lang", [("bghit 3sel rkhis", "ary-Latn"),
                                        ("I want the cheaper argan oil", "en")])
def test_a_price_word_that_picks_asks_for_no_discount(text, lang):
    # "Our prices are fixed" answered a customer choosing the cheaper one of a product
    chat = Chat()
    reply = chat.send(text)
    assert i18n.t(lang, "faq_fixed_price") not in reply
    assert chat.conv["data"]["queue"][0]["type"] == "choice"


def test_for_n_at_how_many_is_the_other_size_not_n_of_it():
    # "tagine pour 6" — "non pour 2": read with the tagine asked, the 2 was two of the
    # 6-people tagine (a wrong parcel); it is the one for two people, its count asked
    artisanat = read_csv(DATA / "catalog_r14_p14seen_artisanat.csv")
    chat = chat_after("tagine pour 6", "non pour 2", products=artisanat)
    assert not chat.cart
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": "TAJ-2P"}
    chat = chat_after("tagine pour 6", "non pour 2, 3 svp", products=artisanat)
    assert chat.cart == {"TAJ-2P": 3}


EPICES = read_csv(DATA / "catalog_r9en_epices.csv")
ATLAS = read_csv(DATA / "catalog_atlas_en.csv")


@pytest.mark.parametrize("text", ["bghit 2 cumin 100g l hdiya", "بغيت جوج كامون 100 غرام للهدية"])
def test_what_an_order_is_for_loses_no_product(text):
    # "we don't sell 'cumin l hdiya'": the purpose ("for a gift") was read as part of the
    # product's name and the two cumin were lost
    assert chat_after(text, products=EPICES).cart == {"EP-CUMIN-100": 2}


def test_for_a_gift_after_a_product_is_its_purpose_alone_the_sheets_gift_box():
    # the gift box is called "hdiya" on this sheet: "bghit 2 amlou l hdiya" is two amlou
    # for a gift (it was "we don't sell 'amlou l hdiya'"), "bghit l hdiya" still the box
    assert chat_after("bghit 2 amlou l hdiya", products=ATLAS).cart == {"AML-300": 2}
    chat = chat_after("bghit l hdiya", products=ATLAS)
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": "GIFT-BOX"}
    # a purpose said before the product is no gift box more
    assert chat_after("for a gift: 2 cumin 100g please", products=EPICES).cart == \
        {"EP-CUMIN-100": 2}


@pytest.mark.parametrize("first, then, cart", [
    ("bghit 2 kilo mejhoul", "la, bdlha b rkhisa", {"FEG-1KG": 2}),
    ("2kg medjool please", "actually make it the cheaper ones", {"FEG-1KG": 2}),
    ("je veux 2 kg de mejhoul", "non, plutôt les moins chères", {"FEG-1KG": 2}),
    ("bghit 2 kilo mejhoul", "zid kilo mn rkhis", {"MEJ-1KG": 2, "FEG-1KG": 1}),
    ("بغيت 2 كيلو مجهول", "زيد كيلو من الرخيص", {"MEJ-1KG": 2, "FEG-1KG": 1}),
    ("2kg medjool please", "and 1kg of the cheaper ones too", {"MEJ-1KG": 2, "FEG-1KG": 1}),
    ("bghit kilo boufeggous", "zid kilo mn lghali", {"FEG-1KG": 1, "MEJ-1KG": 1}),
])
def test_a_price_word_after_a_line_is_another_kind_of_it(first, then, cart):
    # it made the Mejhoul line its 500 g box (half the dates), or added nothing
    assert chat_after(first, then, products=DATES).cart == cart


def test_a_price_word_after_a_line_of_one_kind_is_still_its_size():
    assert chat_after("bghit 2 amlou 500", "la, rkhisa", products=DATES).cart == \
        {"AMLOU-250": 2}
