"""Misses seen when probing whole conversations as Moroccan customers write on WhatsApp, in
Darija in Latin letters and in Arabic script (issue 14, thirteenth round), on the corpus
catalogs and on fresh ones (a bakery selling by the dozen, a tea shop, a fish cooperative):
each general rule with the messages that showed it."""

import pytest

from tests.test_conversation import chat_after
from tests.test_probes_r11_darija import catalog, details

FERRAN = "catalog_r13_p13ary_ferran.csv"


# -- "ana NAME, CITY, …": the weak cue "ana" before a small-letter first name and a city -------

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


@pytest.mark.parametrize("answer, name", [("ana hind", "hind"), ("ana mohamed", "mohamed")])
def test_ana_and_a_small_letter_first_name_alone_is_the_name(answer, name):
    """"ana hind" at the delivery question put "ana hind" on the slip."""
    chat = chat_after("bghit amlou 250", "safi", answer)
    assert details(chat)["name"] == name


def test_ana_then_a_word_that_is_no_name_is_still_no_name():
    chat = chat_after("bghit amlou 250", "ana jay, casa")
    assert details(chat).get("name") != "jay"


# -- the address once the name and the city are read out of the same line --------------------

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


# -- "sala" is how many write Salé ----------------------------------------------------------

@pytest.mark.parametrize("answer", ["ana fatima men sala, hay salam zanqa 12",
                                    "fatima, sala, hay salam"])
def test_sala_after_a_place_word_or_alone_in_a_part_is_sale(answer):
    """"ana fatima men sala, hay salam zanqa 12" asked "which city?", then "iyeh" was no city."""
    chat = chat_after("bghit amlou 250", answer)
    assert details(chat)["city"] == "Salé"


# -- "dzina" / "دزينة": a dozen; "nss dzina" half of one -------------------------------------

@pytest.mark.parametrize("text, lines", [
    # half a dozen is the pack of six, never one dozen (a wrong parcel)
    ("3afak jib lia 2 dzina dyal lkrachel w nss dzina dyal batbout",
     {"KRACHEL-12": 2, "BATBOUT-6": 1}),
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


# -- the Darija dual: "قرعتين", "خبزتين", "9er3tin" are two ------------------------------------

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


# -- a word a product's name opens with names that product, after "and" too -----------------

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


# -- grams in Darija hundreds: "ميات", "ميتين", "خمسمية", "khmsmya" -------------------------------

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


# -- colours in Darija: "zitoun lkhdar w lk7el", "bdlha b lkhdar", "bdlhom b lk7el" ---------------

@pytest.mark.parametrize("catalog_name, text, lines", [
    # a colour alone after "and" is the product of the line before in that colour
    ("catalog_souk.csv", "bghit zitoun lkhdar w lk7el",
     [("OLIV-VERT-1KG", None), ("OLIV-NOIR-1KG", None)]),           # not kohl
    ("catalog_souk.csv", "bghit 1 kilo zitoun lkhdar w 2 lk7el",
     [("OLIV-VERT-1KG", 1), ("OLIV-NOIR-1KG", 2)]),
    ("catalog_souk.csv", "bghit zitoun lk7el w lkhdar",
     [("OLIV-NOIR-1KG", None), ("OLIV-VERT-1KG", None)]),
    ("catalog_souk.csv", "بغيت كيلو زيتون خضر وكيلو كحل",
     [("OLIV-VERT-1KG", 1), ("OLIV-NOIR-1KG", 1)]),
    ("catalog_r8en_zitoun.csv", "bghit zitoun lkhdar w lk7el",
     [("OLV-VERTE-500", None), ("OLV-NOIRE-500", None)]),            # not the green only
    ("catalog_r8en_zitoun.csv", "bghit 1 kilo zitoun lkhdar w 2 lk7el",
     [("OLV-VERTE-500", 2), ("OLV-NOIRE-500", 2)]),                  # not 2 green only
    # the product said again with its colour after "and" is a second line
    ("catalog_r8en_zitoun.csv", "bghit zitoun lkhdar w zitoun lk7el",
     [("OLV-VERTE-500", None), ("OLV-NOIRE-500", None)]),
    ("catalog_r8en_zitoun.csv", "bghit 1 litre zit zitoun w 2 zitoun lk7el",
     [("ZIT-EV-1L", 1), ("OLV-NOIRE-500", 2)]),
])
def test_a_colour_after_and_is_the_product_before_in_that_colour(catalog_name, text, lines):
    """"bghit zitoun lkhdar w lk7el" (green and black olives) put kohl in the basket where
    the shop sells it, and lost the black olives where it does not ("1 kilo zitoun lkhdar w
    2 lk7el" gave two bags of green olives)."""
    from bot.nlu.parser import parse
    result = parse(text, catalog(catalog_name))
    assert [(i.sku, i.quantity) for i in result.items] == lines and not result.ambiguous


def test_a_colour_alone_after_and_names_kohl_when_nothing_before_has_a_colour():
    from bot.nlu.parser import parse
    result = parse("bghit sabon w k7el", catalog("catalog_souk.csv"))
    assert ("KOHL-10", None) in [(i.sku, i.quantity) for i in result.items]


@pytest.mark.parametrize("catalog_name, first, change, lines", [
    ("catalog_souk.csv", "bghit 2 kilo zitoun k7el", "la bdlha b lkhdar", {"OLIV-VERT-1KG": 2}),
    ("catalog_souk.csv", "bghit 2 kilo zitoun lkhdar", "la bdlhom b lk7el",
     {"OLIV-NOIR-1KG": 2}),                                            # not two kohls
    ("catalog_r10_babouche.csv", "bghit 2 belgha sefra 40", "la bdlhom b lk7el",
     {"BAB-N-40": 2}),
    ("catalog_r10_babouche.csv", "bghit 2 belgha sefra 40", "la, k7el", {"BAB-N-40": 2}),
])
def test_a_colour_swap_in_darija_recolours_the_line(catalog_name, first, change, lines):
    """"la bdlha b lkhdar" after black olives went on to the delivery question and kept the
    black olives ("Olives vertes cassées" has a word more than "Olives noires"); "la bdlhom b
    lk7el" answered "we have no lk7el" on babouches and swapped the olives for kohl."""
    assert chat_after(first, change, products=catalog(catalog_name)).cart == lines


# -- "… w 9er3a dyal lmlass": a measure or a container of a word the catalog lacks ---------------

KHARROUB = "catalog_r9ary_kharroub.csv"


def test_a_container_of_an_unknown_word_is_no_second_helping_of_the_line_before():
    """"bghit 2 kilo dyal kharroub mte7en w 9er3a dyal lmlass" put ONE kilo of carob powder
    in the basket: the bottle "of lmlass" borrowed the powder and its count replaced the two
    kilos. The unknown word is a product the shop may not sell, said as such."""
    chat = chat_after("bghit 2 kilo dyal kharroub mte7en w 9er3a dyal lmlass",
                      products=catalog(KHARROUB))
    assert chat.cart == {"KHR-POUDRE-1KG": 2}
    from bot.nlu.parser import parse
    assert parse("bghit 2 kilo dyal kharroub w 9er3a dyal lmlass",
                 catalog(KHARROUB)).unknown_products == ("lmlass",)


def test_a_count_of_them_still_counts_the_product_before():
    from bot.nlu.parser import parse
    result = parse("bghit 2 kilo dyal kharroub, jouj dyal hadok", catalog(KHARROUB))
    assert not result.unknown_products


# -- first names in Arabizi: "ana 3ziza", "7assan" ---------------------------------------------

@pytest.mark.parametrize("answer, name, city", [
    ("ana 3ziza mn chefchaouen hay lmnzah", "3ziza", "Chefchaouen"),
    ("ana 7assan, fes, hay nargis", "7assan", "Fès"),
])
def test_a_first_name_in_arabizi_is_a_name(answer, name, city):
    """"ana 3ziza mn chefchaouen hay lmnzah" stored "ana 3ziza" (a word with a figure was
    never a name)."""
    chat = chat_after("bghit 2 kilo kharroub", answer, products=catalog(KHARROUB))
    assert (details(chat)["name"], details(chat)["city"]) == (name, city)


# -- "ch7al kolchi?", "شحال غادي يخرج كلشي؟": the basket and its total, not the catalog ----------

@pytest.mark.parametrize("first, question", [
    ("bghit 2 kilo kharroub", "ch7al kolchi?"),
    ("bghit 2 kilo kharroub", "ch7al ghadi ykhroj kolchi?"),
    ("بغيت جوج كيلو خروب", "شحال كلشي؟"),
])
def test_how_much_is_everything_shows_the_basket(first, question):
    """"ch7al ghadi ykhroj kolchi?" (how much will it all come to) listed the catalog."""
    chat = chat_after(first, products=catalog(KHARROUB))
    reply = chat.send(question)
    assert "120" in reply and "Café" not in reply


# -- a district written in Arabizi before the street word stays in the address --------------------

@pytest.mark.parametrize("answer, address", [
    ("smyti 5adija, kech, m7amid zn9a 3 rqm 7", "m7amid zn9a 3 rqm 7"),
    ("khadija kech m7amid 9 zn9a 14", "m7amid 9 zn9a 14"),
])
def test_an_arabizi_district_before_the_street_is_kept(answer, address):
    """"smyti 5adija, kech, m7amid zn9a 3 rqm 7" sent the courier to "zn9a 3 rqm 7" with no
    district (M'hamid): a word with figures in it was never read as a place."""
    chat = chat_after("bghit amlou 250", answer)
    assert details(chat)["address"] == address


# -- "وزيدني أملو" (and add me amlou) at the delivery question is an order, not a name --------

@pytest.mark.parametrize("more", ["وزيدني أملو", "وبغيت أملو"])
def test_and_glued_to_a_request_word_is_no_name(more):
    """"وزيدني أملو" after the basket was stored as the customer's name: the amlou was lost
    (and "جوج" answered nothing)."""
    chat = chat_after("بغيت جوج ديال زيت الأركان", more, "جوج",
                      products=catalog("catalog_arabic.csv"))
    assert chat.cart == {"ZIT-ARG-250": 2, "AMLOU-1": 2}
    assert not details(chat).get("name")


@pytest.mark.parametrize("name", ["وليد العلوي", "وفاء", "وئام"])
def test_names_that_start_with_waw_are_still_names(name):
    from bot.nlu import details as nlu_details
    assert nlu_details.bare_name(name) == name


# -- "2 dzina", "deux douzaines": that many dozens, one count ---------------------------------

@pytest.mark.parametrize("catalog_name, text, lines", [
    (FERRAN, "bghit 2 dzina dyal khobz dar", [("KHOBZ-DAR", 24)]),          # not 2 loaves
    (FERRAN, "بغيت جوج دزينة ديال الكراشل", [("KRACHEL-12", 2)]),
    (FERRAN, "bghit 3 dzinat dyal batbout", [("BATBOUT-12", 3)]),
    ("catalog_halwa.csv", "je veux 2 douzaines de cornes de gazelle",
     [("CORNES-BOITE-24", 1)]),                                             # not 2 boxes of 24
])
def test_a_count_of_dozens_is_that_many_twelves(catalog_name, text, lines):
    """"bghit 2 dzina dyal khobz dar" put 2 loaves in the basket (the dozen was a second
    figure, dropped), and "2 douzaines de cornes de gazelle" two boxes of 24."""
    from bot.nlu.parser import parse
    result = parse(text, catalog(catalog_name))
    assert [(i.sku, i.quantity) for i in result.items] == lines and not result.ambiguous


@pytest.mark.parametrize("answer, name, city", [
    ("ana 7ajja zohra mn bni mellal hay l9ods zn9a 5", "7ajja zohra", "Béni Mellal"),
    ("ana lalla ghita mn rbat, hay riad", "lalla ghita", "Rabat"),
])
def test_ana_then_a_title_and_a_name_is_the_name(answer, name, city):
    """"ana 7ajja zohra mn bni mellal …" stored the name "ana 7ajja zohra mn"."""
    chat = chat_after("bghit amlou 250", answer)
    assert (details(chat)["name"], details(chat)["city"]) == (name, city)


# -- garments for men and women: "jellaba dyal rajel taille 54 w wa7da dyal lmra 52" -----------

DJELLABA = "catalog_r10_djellaba.csv"


@pytest.mark.parametrize("text, lines", [
    ("bghit jellaba dyal rajel taille 54 w wa7da dyal lmra 52",
     [("DJ-H-54", None), ("DJ-F-52", 1)]),
    ("bghit jellaba rjal 54 w wa7da dyal lmra 52", [("DJ-H-54", None), ("DJ-F-52", 1)]),
    ("بغيت جلابة ديال الرجال قياس 56", [("DJ-H-56", None)]),
])
def test_a_garment_for_men_or_women_and_its_own_size(text, lines):
    """"bghit jellaba dyal rajel taille 54 w wa7da dyal lmra 52" placed ONE women's
    djellaba in size 54: the second one, with its own count and size, was read as which
    djellaba the first was, and "rajel" (man) was no word."""
    from bot.nlu.parser import parse
    result = parse(text, catalog(DJELLABA))
    assert [(i.sku, i.quantity) for i in result.items] == lines and not result.ambiguous


def test_for_my_wife_is_no_kind_of_argan_oil():
    from bot.nlu.parser import parse
    result = parse("bghit zit argan l lmra dyali", catalog("../../coops/demo/catalog.csv"))
    assert len(result.ambiguous) == 1 and not result.unknown_products


def test_a_name_written_in_arabizi_after_smiti():
    """"smiti 3bdelkrim, sefrou, …" stored "smiti 3bdelkrim"."""
    chat = chat_after("bghit amlou 250", "smiti 3bdelkrim, sefrou, hay lqla3 zn9a 8")
    assert details(chat)["name"] == "3bdelkrim"


# -- "lot, 6" in the unit and size cells: six pieces -------------------------------------------

@pytest.mark.parametrize("text, lines", [
    ("وزيد ستة ديال الكيسان", [("KISSAN-6", 1)]),          # six glasses: one lot, not six lots
    ("bghit 12 kissan", [("KISSAN-6", 2)]),
])
def test_a_lot_counts_its_pieces(text, lines):
    """"ستة ديال الكيسان" (six glasses) put six lots of six in the basket: a "lot" row's size
    cell was dropped like a box's weight."""
    from bot.nlu.parser import parse
    result = parse(text, catalog(ATAY))
    assert [(i.sku, i.quantity) for i in result.items] == lines


# -- "la, ghir kilo" after two kilos: one kilo, not "no, nothing more" -------------------------

HOUT = "catalog_r13_p13ary_hout.csv"


@pytest.mark.parametrize("first, change", [
    ("bghit 2 kilo qarnit", "la, ghir kilo"),
    ("بغيت جوج كيلو ديال القرنيط", "لا، غير كيلو"),
])
def test_no_and_a_measure_of_the_last_line_is_its_quantity(first, change):
    """"la, ghir kilo" (no, just a kilo) after "2 × Poulpe 1kg" went on to the delivery
    question with the two kilos (the "no" read as "nothing more")."""
    chat = chat_after(first, change, products=catalog(HOUT))
    assert chat.cart == {"QARNIT-KG": 1}
    assert chat.state == "ordering"


def test_no_alone_still_ends_the_basket():
    chat = chat_after("bghit 2 kilo qarnit", "la", products=catalog(HOUT))
    assert chat.cart == {"QARNIT-KG": 2} and chat.state != "ordering"


# -- "ok 3tini kilo" at "shall a member answer you? (iyeh / la)": an order, not a yes ----------

@pytest.mark.parametrize("answer", ["ok 3tini kilo", "wakha 3tini kilo"])
def test_yes_with_an_order_and_a_measure_is_no_yes_to_a_person(answer):
    """"ok 3tini kilo" after the offer of a person (a question the bot could not answer)
    handed the chat to the cooperative and the kilo of honey was never put in the basket:
    every later message went unanswered until a member took it."""
    chat = chat_after("salam wach 3ndkom 3sel l7orr?", "wach kaydir lkhir l koha?", answer)
    assert not chat.conv["handoff_until"] and chat.state != "handoff"


def test_yes_alone_to_a_person_is_still_a_handoff():
    chat = chat_after("ch7al 3sel zaatar?", "wach kaydir lkhir l koha?", "iyeh")
    assert not chat.cart and chat.conv["handoff_until"]


# -- "w lkilo?", "wach kayn f 250?" after a size's price: the other size's price, not an order ----

TAWABIL = "catalog_r9ary_tawabil.csv"


@pytest.mark.parametrize("question, sku, price", [
    ("w lkilo?", "RH-1KG", "200"),
    ("w lkilo ch7al?", "RH-1KG", "200"),
    ("والكيلو؟", "RH-1KG", "200"),
    ("wach kayn f 250?", "RH-250", "55"),                  # was 50 × the 100 g (1250 DH)
    ("واش كاين ديال 250؟", "RH-250", "55"),
])
def test_a_size_asked_about_after_a_price_is_priced_not_ordered(question, sku, price):
    """"w lkilo?" (and the kilo?) after the price of the 100 g put a kilo in the basket, "w
    lkilo ch7al?" gave the 100 g's price again, and "wach kayn f 250?" (is there a 250?) put
    fifty 100 g bags in it."""
    chat = chat_after("ch7al ras l7anout dyal 100g?", products=catalog(TAWABIL))
    reply = chat.send(question)
    assert not chat.cart and price in reply
    chat.send("ok 3tini jouj")
    assert chat.cart == {sku: 2}


@pytest.mark.parametrize("answer, lines", [
    ("ok 3tini 250", {"RH-250": 1}),
    ("3tini kilo?", {"RH-1KG": 1}),
])
def test_a_size_said_with_an_order_word_after_a_price_is_ordered(answer, lines):
    assert chat_after("ch7al ras l7anout dyal 100g?", answer,
                      products=catalog(TAWABIL)).cart == lines


def test_no_thats_it_is_no_measure_of_the_last_line():
    chat = chat_after("hi I need 2 msemen packs plain and 2 harcha", "no that's it",
                      products=catalog("catalog_r7mix_ftour.csv"))
    assert chat.cart == {"MSEMEN-NAT-10": 2, "HARCHA-8": 2}


# -- "ok 3tini dzina" about a pack of twelve: one pack, never twelve ------------------------------

@pytest.mark.parametrize("messages, lines", [
    (("ch7al lkrachel?", "ok 3tini dzina"), {"KRACHEL-12": 1}),
    (("ch7al lkrachel?", "jouj dzina"), {"KRACHEL-12": 2}),
    (("bghit dzina krachel", "la, jouj dzina"), {"KRACHEL-12": 2}),
    (("bghit dzina krachel", "zid dzina"), {"KRACHEL-12": 2}),
    (("ch7al khobz dar?", "dzina"), {"KHOBZ-DAR": 12}),          # pieces: twelve of them
    (("ch7al lkrachel?", "jouj"), {"KRACHEL-12": 2}),             # a count of packs as before
])
def test_dozens_said_about_a_pack_of_twelve_count_packs(messages, lines):
    """"ok 3tini dzina" at "how many?" of a dozen pack ("بغرير دزينة (12)") put twelve in the
    basket (432 DH), "la, jouj dzina" twenty-four, and re-reading a message after the name
    "بغرير دزينة" read its dozen as a count."""
    assert chat_after(*messages, products=catalog(FERRAN)).cart == lines


def test_half_a_dozen_of_a_pack_of_twelve_is_no_count():
    chat = chat_after("ch7al lkrachel?", "nss dzina", products=catalog(FERRAN))
    assert not chat.cart


@pytest.mark.parametrize("text, lines", [
    ("3tini كرشل دزينة (12) 3afak", [("KRACHEL-12", 1)]),       # was twelve packs
    ("عطيني بطوط دزينة (12) عافاك", [("BATBOUT-12", 1)]),
])
def test_a_dozen_and_its_figure_written_together_are_one_pack(text, lines):
    """The catalog sweep typed "كراشل دزينة (12)" with a typo: the dozen and the "(12)" made
    12 × the pack of 12."""
    from bot.nlu.parser import parse
    result = parse(text, catalog(FERRAN))
    assert [(i.sku, i.quantity) for i in result.items] == lines and not result.ambiguous
