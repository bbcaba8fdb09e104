"""Misses seen when playing whole English and French conversations on the corpus's catalogs
(issue 14, eleventh round, English and French): each general rule with the conversation
that showed it, on the catalog it was seen on. Wrong parcels first, then lost orders, then
the replies' language."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import build_index, parse, questions
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"


def catalog(name):
    return read_csv(DATA / name)


def en_chat(csv, *messages):
    return chat_after(*messages, products=catalog(csv))


# -- a qualifier said in English names the product whose name says it in French --------------

@pytest.mark.parametrize("text, sku", [
    ("2 sugar free fig jams", "CONF-FIG-SS-350"),
    ("2 confitures de figues sans sucre", "CONF-FIG-SS-350"),
    ("1 sugar-free amlou", "AMLOU-SS-250"),
    ("gluten free shortbread", "SABLE-SG-300"),
])
def test_an_english_qualifier_names_the_french_one(text, sku):
    p = parse(text, build_index(catalog("catalog_confitures.csv")))
    assert [i.sku for i in p.items] == [sku] and not p.ambiguous


@pytest.mark.parametrize("messages, lines", [
    (("hello, I want 2 fig jams", "actually the sugar free one"), {"CONF-FIG-SS-350": 2}),
    (("bonjour 2 confitures de figues", "en fait la sans sucre"), {"CONF-FIG-SS-350": 2}),
])
def test_the_other_kind_said_in_a_correction_keeps_the_count(messages, lines):
    """"actually the sugar free one" put 1 × the plain fig jam for the 2 asked (a wrong
    parcel): "one" after a kind is that product, not a count."""
    assert en_chat("catalog_confitures.csv", *messages).cart == lines


# -- a line of the basket is named by any words of its name --------------------------------

def test_a_removal_names_a_line_by_part_of_its_name():
    """"remove the orange blossom" answered "we don't sell orange blossom" and the orange
    blossom water was delivered."""
    chat = en_chat("catalog_r7en_hammam.csv", "hello, 2 argan oil and 1 orange blossom water",
                   "wait, remove the orange blossom")
    assert chat.cart == {"HM-ARGAN-50": 2}


@pytest.mark.parametrize("removal", ["Remove the small one", "take out the big one please"])
def test_a_removal_names_a_line_by_its_size(removal):
    """"Remove the small one" with the 1 L and the 500 ml in the basket changed nothing, and
    both were delivered."""
    chat = en_chat("catalog_atlas_en.csv", "Hello, I want 1 olive oil 1L, 1 olive oil 500ml",
                   removal)
    assert chat.cart == ({"OLV-1L": 1} if "small" in removal else {"OLV-500": 1})


@pytest.mark.parametrize("csv, messages, lines", [
    ("catalog_r9en_epices.csv", ("can I have 100g paprika x 4 and 2 hot pepper",
                                 "double the paprika"),
     {"EP-PAPRIKA-100": 8, "EP-PIMENT-100": 2}),
    (None, ("hi, I want 2 argan oil for cooking 250ml", "double the argan"),
     {"ARGAN-ALIM-250": 4}),
    (None, ("bonjour 2 huiles d'argan alimentaires 250ml et 1 amlou 250g", "doublez l'amlou"),
     {"ARGAN-ALIM-250": 2, "AMLOU-250": 2}),
])
def test_double_a_line_doubles_its_count(csv, messages, lines):
    chat = chat_after(*messages) if csv is None else en_chat(csv, *messages)
    assert chat.cart == lines


# -- a swap keeps the count -----------------------------------------------------------------

@pytest.mark.parametrize("swap", ["sorry no rose, make it lavender",
                                  "no rose, lavender instead"])
def test_a_swap_after_no_keeps_the_count(swap):
    """It removed the rose soaps, said the basket was empty and asked how many lavender."""
    chat = en_chat("catalog_r8en_savon.csv", "hi I want 2 rose soaps", swap)
    assert chat.cart == {"SAV-LAV": 2}


# -- the delivery details: numbers in a place are no counts, names no language ---------------

def test_a_number_in_an_address_answers_no_how_many():
    """"Mona, Azrou, centre 5" answered "how many herb cheeses?" with 5."""
    chat = en_chat("catalog_r7en_chevre.csv", "hello i want the herb cheese",
                   "Mona, Azrou, centre 5")
    assert chat.cart == {"CHV-HERBES-200": 1}
    assert chat.conv["data"]["details"].get("city") == "Azrou"


@pytest.mark.parametrize("details", ["Sophie Martin, Dakhla, Al Wahda 3",
                                     "Said, Dakhla, Amalou 4"])
def test_a_place_after_the_city_is_the_address(details):
    """"Al Wahda" changed 2 baskets into one ("wahda": one) and switched to Darija; "Amalou
    4" was refused as an unknown product."""
    chat = en_chat("catalog_r9en_poterie.csv", "hello, I want 2 baskets, the big ones", details)
    assert chat.cart == {"PANIER-G": 2}
    assert chat.state == "confirm" and chat.last.lang == "en"
    assert chat.conv["data"]["details"]["address"] == details.split(", ")[-1]


@pytest.mark.parametrize("details", ["Mia, Fes, Saiss 21", "Youssef, Safi, Jrifat 12"])
def test_names_and_places_keep_the_language(details):
    """"Mia" (Darija "100") and "Safi" ("that's all") answered an English customer in
    Darija."""
    chat = en_chat("catalog_pantry.csv", "Hi, lavender honey 500g x2 please", details)
    assert chat.last.lang == "en" and chat.cart == {"LAV-500": 2}
    assert chat.conv["data"]["details"]["address"] == details.split(", ")[-1]


def test_a_name_alone_is_no_address():
    """"Mark, Agadir" showed the summary with "Mark" as the address."""
    chat = en_chat("catalog_r8en_zitoun.csv", "hello, 1 litre olive oil please", "Mark, Agadir")
    assert chat.state == "ask_address"
    chat = en_chat("catalog_r7en_hammam.csv", "hi, 2 black soap 250g to Fes", "name Khadija")
    assert chat.state == "ask_address"


def test_an_interjection_shows_no_language():
    """"ah non pas de henné" was answered in Darija ("ah": yes)."""
    chat = en_chat("catalog_pantry.csv", "bonjour, je prends 3 thés à la menthe et un henné",
                   "ah non pas de henné")
    assert chat.last.lang == "fr" and chat.cart == {"THE-250": 3}


# -- "non, 2 aussi": the count of the line the question is about -----------------------------

def test_no_two_as_well_answers_the_count_not_the_choice():
    """With "which amlou?" open for "1 amlou", "non, 2 aussi" (two of it as well, like the
    jams) picked the 2nd amlou, one of it."""
    chat = en_chat("catalog_confitures.csv",
                   "Bonjour, 2 confitures de figues sans sucre et 1 amlou svp", "non, 2 aussi")
    assert chat.cart == {"CONF-FIG-SS-350": 2}
    chat.send("le classique")
    assert chat.cart == {"CONF-FIG-SS-350": 2, "AMLOU-CL-250": 2}


# -- a question about a product keeps the product in the conversation ------------------------

@pytest.mark.parametrize("text", ["how many days does the thyme honey keep?",
                                  "how long does the amlou keep?"])
def test_a_shelf_life_question_is_no_delivery_question(text):
    assert questions.detect(text).topic == "ask_coop"


def test_an_article_counts_one_in_a_first_message():
    chat = en_chat("catalog_r9en_poterie.csv", "a tagine 30 cm")
    assert chat.cart == {"TJ-CUISSON-30": 1}


@pytest.mark.parametrize("csv, messages, lines", [
    ("catalog_r7en_roses.csv", ("hello, is the rose water natural? how do I use it?",
                                "ok I will take 2 small ones"), {"WR-EAU-250": 2}),
    ("catalog_r7en_chevre.csv", ("hello, can I get the aged goat cheese? how long does it keep?",
                                 "ok one please"), {"CHV-AFFINE-500": 1}),
])
def test_after_a_question_the_product_asked_about_is_still_meant(csv, messages, lines):
    """The question's answer offered a person; "ok I will take 2 small ones" was answered
    "what would you like?" and the product was lost."""
    assert en_chat(csv, *messages).cart == lines


# -- the district written as a part of its own before the street is the address's --------------

@pytest.mark.parametrize("details, address", [
    ("John Smith, Rabat, Agdal, 5 avenue France", "Agdal, 5 avenue France"),
    ("Salma, Casablanca, Maarif, rue Ibnou Mounir 23", "Maarif, rue Ibnou Mounir 23"),
])
def test_the_district_before_the_street_is_kept(details, address):
    """"…, Rabat, Agdal, 5 avenue France" kept "5 avenue France" only: the courier had no
    district."""
    chat = en_chat("catalog_atlas_en.csv", "hello, 1 olive oil 1L", details)
    assert chat.conv["data"]["details"]["address"] == address and chat.state == "confirm"


def test_that_is_it_ends_the_basket():
    """"that is it" was taken for a question ("is it") and passed on to the cooperative."""
    chat = en_chat("catalog_couscous.csv", "Hi, 2 tchicha please", "that is it")
    assert chat.state == "ask_name" and chat.cart == {"TCHICHA-1KG": 2}


def test_no_to_a_person_after_a_product_question_asks_nothing_more():
    chat = en_chat("catalog_r7en_roses.csv", "hello, is the rose water natural? how do I use it?")
    reply = chat.send("no thanks")
    assert chat.cart == {} and "Which one" not in reply
    chat.send("ok, 2 small ones then")             # still the product asked about
    assert chat.cart == {"WR-EAU-250": 2}


# -- a removal comes before a word about the price ------------------------------------------

@pytest.mark.parametrize("messages, lines", [
    (("Hello, 2x thyme honey", "can you add a gift box too?",
      "actually no gift box, too expensive"), {"TH-500": 2}),
    (("hi, 2 thyme honey and a gift box please", "hmm too expensive, remove it"),
     {"TH-500": 2}),
    (("hi, a gift box and 1 thyme honey please", "remove it"), {"GIFT-BOX": 1}),
    (("bonjour 1 coffret et 2 miels de thym", "enlevez-le"), {"GIFT-BOX": 1}),
])
def test_a_removal_is_done_before_the_price_is_discussed(messages, lines):
    """"actually no gift box, too expensive" got the fixed-price answer and the gift box
    stayed in the order; "remove it" was not understood (the line just touched goes)."""
    assert en_chat("catalog_atlas_en.csv", *messages).cart == lines



# -- a swap takes out what it names, a pending product too ---------------------------------

def test_a_swap_for_a_pending_product_keeps_the_basket():
    """"finalement pas de mélasse, mettez plutôt des biscuits" while "how many mélasse?" was
    open took the carob powder out of the basket (a wrong parcel)."""
    chat = en_chat("catalog_r9ary_kharroub.csv",
                   "bonjour, je voudrais la poudre de caroube 1kg et la mélasse",
                   "finalement pas de mélasse, mettez plutôt des biscuits", "2")
    assert chat.cart == {"KHR-POUDRE-1KG": 1, "KHR-BISCUIT-12": 2}
    assert chat.conv["data"]["queue"] == []


# -- what a product is, said in English, names the sheet's French ----------------------------

@pytest.mark.parametrize("text, lines", [
    ("Hi, I would like the carob spread and 2 carob coffee",
     [("KHR-PATE-350", None), ("KHR-CAFE-250", 2)]),
    ("2 carob cookies", [("KHR-BISCUIT-12", 2)]),
])
def test_an_english_product_word_names_the_french_sheet(text, lines):
    """"carob spread and 2 carob coffee" asked "which one?" among five carob products."""
    p = parse(text, build_index(catalog("catalog_r9ary_kharroub.csv")))
    assert [(i.sku, i.quantity) for i in p.items] == lines and not p.ambiguous


def test_a_count_at_the_offer_of_a_person_is_no_yes():
    """"ok, make it 2 spreads" at "would you like a person?" handed the chat to a person."""
    chat = en_chat("catalog_r9ary_kharroub.csv", "hi, is the carob spread good for kids?",
                   "ok, make it 2")
    assert chat.state != "handoff" and chat.cart == {"KHR-PATE-350": 2}


def test_make_it_at_how_many_sets_the_line():
    """"how many grams is the spread?" (its price and "how many?") — "ok, make it 2
    spreads" with one in the basket made three."""
    chat = en_chat("catalog_r9ary_kharroub.csv", "Hi, I want 1 carob spread",
                   "how many grams is the spread?", "ok, make it 2 spreads")
    assert chat.cart == {"KHR-PATE-350": 2}



def test_a_haggle_with_a_removing_verb_is_still_a_haggle():
    """"n9s lia" (lower it for me) holds "n9s" (take off): two price remarks are a haggle,
    answered with the fixed price, and the basket is kept."""
    chat = chat_after("bghit 2 amlou 250g", "ghali bzaf, n9s lia chwiya")
    assert chat.cart == {"AMLOU-250": 2} and chat.last.topic == "discount"



@pytest.mark.parametrize("cancel", ["no, cancel the order please", "non, j'annule",
                                    "la, lghi lcommande"])
def test_a_cancel_is_no_removal_of_the_last_line(cancel):
    """A removing verb names the line just touched, but a cancel empties the basket."""
    chat = chat_after("bghit 1 miel de thym 1kg w 1 amlou 500g", cancel)
    assert chat.cart == {}
