"""Misses seen probing French as Moroccans write it on WhatsApp ("cmb", "c pour Rachid à
Beni Mellal", "Omar Safi, Casablanca, …") on fresh operator-style catalogs: sweets sold by
the box of N pieces ("Nougat amandes miel - boîte 12 pcs") and hive products by the gram,
some sizes sold out. Each general rule with the messages that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import parse
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
CONFISERIE = "catalog_r14_p14fr_confiserie.csv"
RUCHE = "catalog_r14_p14fr_ruche.csv"
FROMAGERIE = "catalog_r14_p14fr_fromagerie.csv"


def catalog(name):
    return read_csv(DATA / name)


def lines(p):
    return {i.sku: i.quantity for i in p.items}


# -- "cmb" is SMS French for "combien": a price question ---------------------------------------

@pytest.mark.parametrize("text", ["cmb les dattes au chocolat", "slm cmb le nougat amande",
                                  "c combien les truffes", "cmb"])
def test_cmb_asks_the_price(text):
    """"slm cmb les dattes au chocolat" was read as an order ("how many do you want?") and
    "cmb" alone after "oui, nous avons…" was not understood."""
    assert parse(text, catalog(CONFISERIE)).intent == "price"


def test_cmb_after_the_rows_listed_gives_their_prices():
    chat = chat_after("salut vous avez du nougat?", products=catalog(CONFISERIE))
    assert "60 DH" in chat.send("cmb") and chat.cart == {}


# -- a box's count of pieces in its name says which box -----------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("nougat amande boite de 24", {"NOUG-AM-B24": 1}),
    ("une boite de nougat amande de 24", {"NOUG-AM-B24": 1}),
    ("2 boites de nougat amande 24 pcs", {"NOUG-AM-B24": 2}),
    ("24 nougats amande", {"NOUG-AM-B24": 1}),
])
def test_the_pieces_a_box_holds_pick_that_box(text, expected):
    """Rows named "… boîte 12 pcs" / "… boîte 24 pcs" (the figure before "pcs", not last):
    "boite de 24" asked "which one?", and "la boite de 12" at that question asked it again,
    for ever (the order stalled)."""
    assert lines(parse(text, catalog(CONFISERIE))) == expected


@pytest.mark.parametrize("answer, picked", [
    ("la boite de 12", "NOUG-AM-B12"),
    ("non plutot la boite de 12", "NOUG-AM-B12"),
    ("la grande boite", "NOUG-AM-B24"),
])
def test_the_pieces_or_the_size_of_a_box_answer_which_one(answer, picked):
    chat = chat_after("jvoudrais du nougat amande", answer, products=catalog(CONFISERIE))
    assert chat.cart == {picked: 1}


# -- a size word picking a sold-out size at "how many?" says so at once ------------------------

@pytest.mark.parametrize("first, answer, kept", [
    ("jvoudrais de la gelee royale svp", "la grande svp", "GELEE-10"),
])
def test_a_sold_out_size_picked_at_how_many_is_said_at_once(first, answer, kept):
    """"how many royal jelly 10 g?" — "la grande": the sold-out 25 g was asked for, put in the
    basket, summed up, and only at "oui" said sold out (the basket empty, the order lost)."""
    chat = chat_after(first, products=catalog(RUCHE))
    reply = chat.send(answer)
    assert "stock" in reply and chat.cart == {}
    chat.send("2")
    assert chat.cart == {kept: 2}


def test_a_sold_out_box_picked_by_its_size_is_said_at_once():
    chat = chat_after("jvoudrais des dattes chocolat", products=catalog(CONFISERIE))
    assert "stock" in chat.send("la grande")
    chat.send("1")
    assert chat.cart == {"CHOC-DAT-B16": 1}


# -- the delivery details: "pour X", "X à <city>", a surname that is a town or a word ---------

def details_after(text):
    return chat_after("je veux 2 pots de miel de thym 500g", text).conv["data"]["details"]


@pytest.mark.parametrize("text, name, city", [
    ("pour Rachid, Beni Mellal, hay el amal rue 12 n 45", "Rachid", "Béni Mellal"),
    ("c pour Rachid, Beni Mellal, hay el amal rue 12 n 45", "Rachid", "Béni Mellal"),
    ("c pour Rachid a Beni Mellal, hay el amal rue 12 n 45", "Rachid", "Béni Mellal"),
    ("Rachid a Beni Mellal, hay el amal rue 12 n 45", "Rachid", "Béni Mellal"),
    ("Rachid à Fes, hay el amal rue 12 n 45", "Rachid", "Fès"),
])
def test_the_words_leading_to_a_name_or_a_city_are_not_the_name(text, name, city):
    """"c pour Rachid a Beni Mellal, …" put "c pour Rachid a" on the parcel ("for" read into
    the name when the city after it has two words, "à" before the city kept)."""
    details = details_after(text)
    assert (details.get("name"), details.get("city")) == (name, city)


@pytest.mark.parametrize("text, city", [
    ("Mohamed Berkane, Oujda, hay el qods rue 3 n 7", "Oujda"),
    ("Said Fes, Rabat, agdal rue 4", "Rabat"),
])
def test_a_surname_that_is_a_town_is_not_the_delivery_city(text, city):
    """"Mohamed Berkane, Oujda, …" sent the parcel to Berkane: the first city named won,
    though it follows a first name and another part is a city alone (a wrong parcel)."""
    assert details_after(text)["city"] == city


def test_a_first_name_and_a_city_without_another_city_is_still_the_city():
    details = details_after("Salma Rabat, agdal rue 4")
    assert (details.get("name"), details.get("city")) == ("Salma", "Rabat")


@pytest.mark.parametrize("text, city", [
    ("Omar Safi, Casablanca, quartier plateau n 3", "Casablanca"),
    ("Omar Safi, Safi, quartier plateau n 3", "Safi"),
])
def test_a_surname_that_is_an_everyday_word_is_a_name(text, city):
    """"Omar Safi, Casablanca, …" asked the name again, and "Omar Safi" at the name question
    again and again ("safi": that's all, read as a yes; the order stalled)."""
    details = details_after(text)
    assert (details.get("name"), details.get("city")) == ("Omar Safi", city)


def test_a_surname_that_is_an_everyday_word_answers_the_name_question():
    chat = chat_after("je veux 2 pots de miel de thym 500g", "safi", "Omar Safi")
    assert chat.conv["data"]["details"].get("name") == "Omar Safi"


# -- hesitating between two products orders neither --------------------------------------------

@pytest.mark.parametrize("text", [
    "bonjour jhesite entre le miel d euphorbe et le miel oranger, lequel est meilleur?",
    "j'hesite entre le miel d euphorbe et le miel oranger",
    "lequel est meilleur le miel d euphorbe ou le miel oranger?",
])
def test_hesitating_between_two_products_orders_neither(text):
    """"j'hésite entre le miel d'euphorbe et le miel d'oranger, lequel est meilleur ?" asked
    "which euphorbia honey?", then "which orange honey?" after the customer chose the
    euphorbia one: the order never reached the details (both read as ordered)."""
    chat = chat_after(text, products=catalog(RUCHE))
    assert chat.cart == {} and not chat.conv["data"].get("queue")
    chat.send("bon je prends le miel d euphorbe 500g")
    assert chat.cart == {"MIEL-EUP-500": 1} and not chat.conv["data"].get("queue")


# -- a count said with a size at "which one?" is that size's, not the other product's --------

@pytest.mark.parametrize("answer", ["deux de 250g et un lben 1L",
                                    "ok donnez moi 2 de 250g et un lben 1L"])
def test_a_count_beside_a_size_is_read_in_its_own_part(answer):
    """"c'est combien le jben ?" (a list of sizes) — "deux de 250g et un lben 1L" put ONE
    jben 250 g in the basket (the "un" of the buttermilk read as its count: a wrong parcel),
    and "2 de 250g et un lben 1L" asked how many (two counts in the message)."""
    chat = chat_after("cest combien le jben?", answer, products=catalog(FROMAGERIE))
    assert chat.cart == {"FRM-JBN-250": 2, "LBN-1L": 1}


# -- another size said at "how many of this size?", or with "ok" after it was put in ---------

def test_another_size_at_how_many_is_that_size_instead():
    """"which honey?" — "cmb le kilo d'euphorbe" ("how many 1 kg?") — "ok 1 de 500g": the
    500 g went in and the 1 kg question stayed open, so at the details "I put one 1 kg":
    both jars sent, where the customer took the 500 g instead (a wrong parcel)."""
    chat = chat_after("slt jvoudrais du miel", "cmb le kilo d euphorbe", "ok 1 de 500g",
                      products=catalog(RUCHE))
    assert chat.cart == {"MIEL-EUP-500": 1} and not chat.conv["data"].get("queue")
    chat.send("Yassine, Sale, hay karima rue 3 n 20")
    assert chat.cart == {"MIEL-EUP-500": 1}


def test_another_size_said_as_well_at_how_many_still_keeps_the_question():
    chat = chat_after("slt jvoudrais du miel", "cmb le kilo d euphorbe",
                      "et aussi 1 de 500g", products=catalog(RUCHE))
    assert chat.cart.get("MIEL-EUP-500") == 1 and chat.conv["data"].get("queue")


def test_ok_and_another_size_after_a_line_asks_instead_or_both():
    """"1 × 1 kg" — "ok 1 de 500g": the "ok" went on to the details and the 500 g was never
    read (a line lost)."""
    chat = chat_after("jvoudrais du miel d euphorbe", "le 1kg", "ok 1 de 500g",
                      products=catalog(RUCHE))
    assert chat.cart == {"MIEL-EUP-1KG": 1} and chat.conv["data"].get("size_or_both")
    chat.send("les deux")
    assert chat.cart == {"MIEL-EUP-1KG": 1, "MIEL-EUP-500": 1}


# -- counts for several waiting products, one named by a word several rows share ---------------

@pytest.mark.parametrize("answer", ["deux truffes, un nougat", "deux truffes et un nougat"])
def test_a_count_of_a_shared_word_answers_the_row_waiting_for_its_count(answer):
    """"des truffes et du nougat amande 12" — "how many truffles?" — "deux truffes, un
    nougat": "un nougat" asked "which nougat?" among the three (the 12-piece almond box named
    before was lost, and the order stalled on that question)."""
    chat = chat_after("salut jvoudrais des truffes et du nougat amande 12", answer,
                      products=catalog(CONFISERIE))
    assert chat.cart == {"TRUF-AMLOU-B9": 2, "NOUG-AM-B12": 1}
    assert not chat.conv["data"].get("queue")


# -- a yes before the name, no stop between ---------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("ok Samir, Guelmim, hay el massira n 5", "Samir"),
    ("oui Samir Alami, Guelmim, hay el massira n 5", "Samir Alami"),
    ("ok. Samir, Guelmim, hay el massira n 5", "Samir"),
])
def test_a_yes_right_before_the_name_is_not_part_of_it(text, name):
    """"ok Samir, Guelmim, hay el massira n 5" after the delivery answers: the name was asked
    again ("ok Samir" read as a yes), then "oui" to that offered a person (the order stalled)."""
    details = details_after(text)
    assert (details.get("name"), details.get("city")) == (name, "Guelmim")


# -- "cest" / "moi cest" (no apostrophe) before a name ------------------------------------------

@pytest.mark.parametrize("text, name, city", [
    ("slt cest Amal, jveux 1 miel toutes fleurs, livraison a Marrakech, daoudiate rue 5 n 12",
     "Amal", "Marrakech"),
    ("bjr moi cest Nour, 2 gelees royales, a Fes svp, hay atlas rue 3 n 2", "Nour", "Fès"),
])
def test_cest_without_its_apostrophe_leads_to_the_name(text, name, city):
    """"slt cest Amal, jveux 1 miel…" answered "we don't sell « amal »" and asked the name
    again, then again at "oui" (the order stalled): "c'est" typed "cest" was no name cue."""
    chat = chat_after(text, products=catalog(RUCHE))
    details = chat.conv["data"]["details"]
    assert (details.get("name"), details.get("city")) == (name, city)
    assert chat.state == "confirm"


# -- a count said with a size from the list of other sizes, the one asked being sold out ------

@pytest.mark.parametrize("answer", ["2 de 250g", "ok alors 2 de 250g", "2 pots de 250g",
                                    "deux de 250g"])
def test_a_count_said_with_the_size_picked_from_the_list_is_kept(answer):
    """"un demi kilo de smen" (the 500 g sold out, the 250 g offered) — "2 de 250g": ONE
    250 g went in (the count before the list kept, and the name's "pot" read as one jar): a
    wrong parcel, half of what was asked."""
    chat = chat_after("jvoudrais un demi kilo de smen", answer, products=catalog(FROMAGERIE))
    assert chat.cart == {"SMEN-250": 2}


def test_the_count_asked_before_the_list_stays_without_a_new_one():
    chat = chat_after("jvoudrais 3 pots de smen 500g", "le 250g", products=catalog(FROMAGERIE))
    assert chat.cart == {"SMEN-250": 3}
