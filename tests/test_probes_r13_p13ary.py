"""Misses seen when probing whole conversations as Moroccan customers write on WhatsApp, in
Darija in Latin letters and in Arabic script (issue 14, thirteenth round), on the corpus
catalogs and on fresh ones (a bakery selling by the dozen, a tea shop, a fish cooperative):
each general rule with the messages that showed it."""

import pytest

from tests.test_conversation import chat_after
from tests.test_probes_r11_darija import catalog, details

FERRAN = "catalog_r13_p13ary_ferran.csv"


# -- "ana NAME, CITY, …": the weak cue "ana" before a small-letter first name and a city ---------

@pytest.mark.parametrize("answer, name, city", [
    ("ana rachid, agadir, hay dakhla", "rachid", "Agadir"),
    ("ana nadia, rabat, agdal", "nadia", "Rabat"),
    ("أنا فاطمة، سلا، حي السلام", "فاطمة", "Salé"),
])
def test_ana_then_a_first_name_and_a_comma_city_is_the_name(answer, name, city):
    """"ana rachid, agadir, hay dakhla" stored the name "ana rachid" ("I Rachid") on the
    courier's slip: "ana hamid mn oujda" was read, the comma before the city was not."""
    chat = chat_after("bghit amlou 250", answer)
    assert chat.state == "confirm"
    assert (details(chat)["name"], details(chat)["city"]) == (name, city)


def test_ana_then_a_word_that_is_no_name_is_still_no_name():
    chat = chat_after("bghit amlou 250", "ana jay, casa")
    assert details(chat).get("name") != "jay"


# -- the address once the name and the city are read out of the same line ----------------------

@pytest.mark.parametrize("answer, address", [
    ("smiti nadia, rabat, agdal", "agdal"),
    ("smiti nadia rabat agdal", "agdal"),
    ("smiti hamid, casa, sidi maarouf", "sidi maarouf"),
    ("سميتي نادية، الرباط، أكدال", "أكدال"),
])
def test_the_address_is_what_is_left_after_the_name_and_the_city(answer, address):
    """"smiti nadia, rabat, agdal" put the whole line, "smiti nadia, rabat, agdal", on the
    slip as the address (the name and the city were read from it first, then the address
    question took the message as it stood)."""
    chat = chat_after("bghit amlou 250", answer)
    assert chat.state == "confirm"
    assert details(chat)["address"] == address


def test_a_name_and_a_city_alone_still_ask_the_address():
    chat = chat_after("bghit amlou 250", "smiti fatima, mn fes")
    assert chat.state == "ask_address"
    assert details(chat)["city"] == "Fès"


# -- "sala" is how many write Salé ------------------------------------------------------------

@pytest.mark.parametrize("answer", ["ana fatima men sala, hay salam zanqa 12",
                                    "fatima, sala, hay salam"])
def test_sala_after_a_place_word_or_alone_in_a_part_is_sale(answer):
    """"ana fatima men sala, hay salam zanqa 12" asked "which city?", then "iyeh" was no city."""
    chat = chat_after("bghit amlou 250", answer)
    assert details(chat)["city"] == "Salé"


# -- "dzina" / "دزينة": a dozen; "nss dzina" half of one ---------------------------------------

@pytest.mark.parametrize("text, lines", [
    # half a dozen is the pack of six, never one dozen (a wrong parcel)
    ("3afak jib lia 2 dzina dyal lbaghrir w nss dzina dyal batbout",
     {"BAGHRIR-12": 2, "BATBOUT-6": 1}),
    ("بغيت نص دزينة ديال البطبوط", {"BATBOUT-6": 1}),
    ("bghit nss dzina batbout", {"BATBOUT-6": 1}),
    # a dozen where a pack holds twelve: one pack
    ("بغيت دزينة ديال الكراشل", {"KRACHEL-12": 1}),
    ("bghit derzina dyal krachel", {"KRACHEL-12": 1}),
    # a dozen of what is sold by the piece: twelve pieces
    ("bghit dzina dyal khobz dar", {"KHOBZ-DAR": 12}),
])
def test_a_dozen_in_darija_is_twelve(text, lines):
    """"nss dzina dyal batbout" put one dozen in the basket where the bakery sells a
    half-dozen (a wrong parcel); "بغيت دزينة ديال الكراشل" asked how many."""
    assert chat_after(text, products=catalog(FERRAN)).cart == lines


# -- the Darija dual: "قرعتين", "خبزتين", "9er3tin" are two --------------------------------------

@pytest.mark.parametrize("text, lines", [
    ("بغيت قرعتين ديال زيت الزيتون", {"ZIT-ZIT-1": 2}),
    ("bghit 9er3tin dyal zit zitoun", {"ZIT-ZIT-1": 2}),
    ("عطيني حبتين ديال الأملو", {"AMLOU-1": 2}),
    ("bghit 7ebtin amlou", {"AMLOU-1": 2}),
    ("بغيت كيلوين ديال عسل الزعتر", {"ASL-ZAT-1": 2}),
    ("بغيت جوج ديال زيت الزيتون وعلبتين ديال الأملو", {"ZIT-ZIT-1": 2, "AMLOU-1": 2}),
])
def test_a_dual_container_or_measure_is_two(text, lines):
    """"بغيت قرعتين ديال زيت الزيتون" (two bottles) asked "how many?"."""
    assert chat_after(text, products=catalog("catalog_arabic.csv")).cart == lines


@pytest.mark.parametrize("text, lines", [
    ("بغيت خبزتين ديال الشعير", {"KHOBZ-CHIIR": 2}),
    ("bghit khobztin dyal cha3ir", {"KHOBZ-CHIIR": 2}),
])
def test_a_dual_product_word_is_two_of_it(text, lines):
    """"بغيت خبزتين ديال الشعير" (two barley loaves) answered "we have no خبزتين"."""
    assert chat_after(text, products=catalog(FERRAN)).cart == lines


def test_a_word_ending_like_a_dual_that_names_nothing_is_left_alone():
    from bot.nlu.grammar import split_duals
    words = ["سردين", "مرتين", "matin", "3chrin"]
    assert split_duals(words) == words


# -- a word a product's name opens with names that product, after "and" too -------------------

ATAY = "catalog_r13_p13ary_atay.csv"


@pytest.mark.parametrize("text", ["bghit 2 atay w kissan", "بغيت جوج باكيات ديال أتاي وكيسان"])
def test_and_then_the_word_a_name_opens_with_is_a_second_product(text):
    """"bghit 2 atay w kissan" (two teas and the glasses) put two sets of glasses in the
    basket and lost the tea: "kissan" was read as which tea ("Kissan atay 6 verres" has
    "atay" in its name), as "savon m3a eucalyptus" says which soap."""
    from bot.nlu.parser import parse
    result = parse(text, catalog(ATAY))
    assert [(i.sku, i.quantity) for i in result.items] == [("KISSAN-6", None)]
    assert len(result.ambiguous) == 1 and result.ambiguous[0].quantity == 2
    assert "ATAY-SOUIRI-250" in result.ambiguous[0].candidates


def test_a_qualifier_after_with_still_says_which_kind():
    from bot.nlu.parser import parse
    result = parse("bghit 2 sabon beldi m3a eucalyptus", catalog("../../coops/demo/catalog.csv"))
    assert [(i.sku, i.quantity) for i in result.items] == [("SAVON-NOIR-250", 2)]


# -- grams in Darija hundreds: "ميات", "ميتين", "خمسمية", "khmsmya" ---------------------------------

@pytest.mark.parametrize("text, lines", [
    ("بغيت ميات غرام ديال القرفة", [("QR-100", 1)]),
    ("bghit mitin gram dyal ras lhanout", [("RH-100", 2)]),
    ("بغيت خمسمية غرام ديال الكامون", [("KM-250", 2)]),
    ("bghit khmsmya gram kamoun", [("KM-250", 2)]),
])
def test_hundreds_of_grams_in_darija_words(text, lines):
    """"بغيت ميات غرام ديال القرفة" (a hundred grams of cinnamon) asked "how many?"; 200 and
    500 had no Darija word at all."""
    from bot.nlu.parser import parse
    result = parse(text, catalog("catalog_r9ary_tawabil.csv"))
    assert [(i.sku, i.quantity) for i in result.items] == lines and not result.ambiguous
