"""Whole conversations as customers write them (twentieth round, second wave, w20fresh).
Each general rule with the conversation that showed it: wrong parcels first."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

ATLAS = read_csv("tests/data/catalog_atlas_en.csv")
BRAND = read_csv("tests/data/catalog_r20_w20fresh_brand.csv")
DATES = read_csv("tests/data/catalog_dattes.csv")

# --- a brand's or a place's word after a name and a town is the district -------------------
# "Clark Kent, Fes, Atlas 4" at the delivery question put 4 "Gift box Atlas" (1400 DH) in the
# basket: a word of a product's name that is no product word, opening the part right after a
# name and a town alone, with at most a figure after it, is the district and its house number.

@pytest.mark.parametrize(("products", "messages", "cart", "district"), [
    (ATLAS, ["I'd like 2 thyme honey", "that's all", "Clark Kent, Fes, Atlas 4"],
     {"TH-500": 2}, "Atlas 4"),
    (BRAND, ["bghit 2 miel", "safi", "Karim Alami, Marrakech, Sahara 12"],
     {"MIEL-THYM-500": 2}, "Sahara 12"),
    (BRAND, ["je veux 2 savons noirs", "c'est tout", "Nadia, Rabat, Atlas 3"],
     {"SAVON-NOIR-250": 2}, "Atlas 3"),
])
def test_a_brand_word_after_a_name_and_a_town_is_the_district(products, messages, cart,
                                                              district):
    chat = chat_after(*messages, products=products)
    assert chat.cart == cart
    assert district in chat.conv["data"]["details"].get("address", "")


@pytest.mark.parametrize(("products", "said", "cart"), [
    (DATES, "rabat, boufgous 2", {"BOUFEGGOUS-1KG": 2}),  # no name before the town: an order
    (BRAND, "Karim, Fes, 2 atlas", {"COF-ATLAS": 2}),     # the count before it: an order
    (BRAND, "bghit coffret atlas 2", {"COF-ATLAS": 2}),
])
def test_a_brand_word_ordered_stays_an_order(products, said, cart):
    assert chat_after(said, products=products).cart == cart


def test_a_brand_word_after_a_name_and_a_town_adds_nothing_while_ordering():
    chat = chat_after("2 amlou please", "Clark Kent, Fes, Atlas 4", products=ATLAS)
    assert chat.cart == {"AML-300": 2}        # 4 gift boxes were added


# --- "a pair of" a product sold by its weight or volume is two of it ------------------------
# "a couple of amlou 250g and a pair of black soaps" packed one soap: "pair" was read as a
# container of its own, one pair, as slippers are sold. Of a product sold by its weight or
# volume (never by the pair) a pair is two; a pair of slippers or of earrings is still one.

@pytest.mark.parametrize(("said", "cart"), [
    ("a couple of amlou 250g and a pair of black soaps",
     {"AMLOU-250": 2, "SAVON-NOIR-250": 2}),
    ("une paire de savons noirs", {"SAVON-NOIR-250": 2}),
    ("2 pairs of thyme honey 500g", {"MIEL-THYM-500": 4}),
])
def test_a_pair_of_a_measured_product_is_two(said, cart):
    assert chat_after(said).cart == cart


@pytest.mark.parametrize(("catalog", "said", "cart"), [
    ("tests/data/catalog_r12_p12en_bijoux.csv", "a pair of earrings", {"BO-ARG": 1}),
    ("tests/data/catalog_r10_babouche.csv", "une paire de babouche jaune 40", {"BAB-J-40": 1}),
])
def test_a_pair_of_slippers_is_one(catalog, said, cart):
    assert chat_after(said, products=read_csv(catalog)).cart == cart


# --- counted lines in a sentence before a question are an order ----------------------------
# "Hi, 2 black soap and 1 rhassoul. Do you have argan oil for cooking?" answered "Yes, we
# have: 1. … 2. … 3. …" and nothing was in the basket (the order was lost; "I want 2 black
# soap …" kept it): a sentence of its own before the question, ordering counted lines and
# asking nothing, is an order, as with "I want" before it; the question is answered beside it.

@pytest.mark.parametrize(("said", "cart"), [
    ("Hi, 2 black soap and 1 rhassoul. Do you have argan oil for cooking?",
     {"BSOAP-200": 2, "RHS-250": 1}),
    ("Hi, 2 black soap and 1 rhassoul. Also I want to know if you have argan oil for "
     "cooking? If yes add 1", {"BSOAP-200": 2, "RHS-250": 1, "ARG-COOK-250": 1}),
    ("2 amlou and 3 rose water! how much is the saffron?", {"AML-300": 2, "ROSE-200": 3}),
])
def test_counted_lines_before_a_question_are_an_order(said, cart):
    assert chat_after(said, products=ATLAS).cart == cart


@pytest.mark.parametrize("said", ["Hello. Do you have 2 amlou?",
                                  "Hi! how much are 2 amlou?"])
def test_a_count_inside_the_question_orders_nothing(said):
    assert chat_after(said, products=ATLAS).cart == {}


# --- a share said by its purpose ("as gifts") shares the line out --------------------------
# "I want 4 amlou, 2 for me and 2 as gifts" packed 6 amlou: a count then what it is for as a
# gift ("as gifts", "en cadeau", "pour offrir") is a share of the line, as "for me" is.

@pytest.mark.parametrize(("said", "products", "cart"), [
    ("I want 4 amlou, 2 for me and 2 as gifts, and a gift box", ATLAS,
     {"AML-300": 4, "GIFT-BOX": 1}),
    ("4 amlou 250g, 2 pour moi et 2 en cadeau", None, {"AMLOU-250": 4}),
    ("3 savons noirs, 1 pour moi et 2 pour offrir", None, {"SAVON-NOIR-250": 3}),
])
def test_a_share_said_by_its_purpose_shares_the_line(said, products, cart):
    chat = chat_after(said, products=products) if products else chat_after(said)
    assert chat.cart == cart


# --- counted lines, then a delivery question in a sentence of its own -----------------------
# "2 أملو 250 و 3 ماء الورد. شحال التوصيل لأكادير؟" answered the fee and the prices, and
# asked "which one?" with nothing in the basket (the order was lost), as did "2 amlou 250g
# and 1 ghassoul. How much is delivery to Agadir?": the lines of the first sentence are
# ordered, then the question is answered.

@pytest.mark.parametrize(("said", "cart"), [
    ("2 أملو 250 و 3 ماء الورد. شحال التوصيل لأكادير؟", {"AMLOU-250": 2, "EAU-ROSE-250": 3}),
    ("2 عسل الزعتر 500 و 1 صابون. واش كاين التوصيل لوجدة؟",
     {"MIEL-THYM-500": 2, "SAVON-NOIR-250": 1}),
    ("2 amlou 250g and 1 ghassoul. How much is delivery to Agadir?",
     {"AMLOU-250": 2, "GHASSOUL-200": 1}),
    ("slm 2 zit argan cosmetique 100. chhal twsil l marrakech?", {"ARGAN-COSM-100": 2}),
])
def test_counted_lines_then_a_delivery_question(said, cart):
    chat = chat_after(said)
    assert chat.cart == cart
    assert "35" in chat.last.replies[-1]            # the fee answered too
