"""Misses seen when probing whole conversations as Moroccan customers write on WhatsApp, in
Darija in Latin letters and in Arabic script (issue 14, fifteenth round), on fresh catalogs
(zemmita, sellou and amlou by the kilo and half kilo; a women's couscous cooperative; dates
by the box; a hammam shop): each general rule with the messages that showed it."""

import pytest

from bot.conversation import CreateOrder
from bot.nlu import details as nlu_details
from bot.nlu.parser import parse
from tests.test_conversation import PRODUCTS, chat_after
from tests.test_probes_r11_darija import catalog

ZEMMITA = "catalog_r15_p15ary_zemmita.csv"
KSEKSOU = "catalog_r15_p15ary_kseksou.csv"
TMER = "catalog_r15_p15ary_tmer.csv"


def lines(text, catalog_name):
    result = parse(text, catalog(catalog_name))
    return [(i.sku, i.quantity) for i in result.items], [a.candidates for a in result.ambiguous]


# -- the family an alias of one size says heads every size of it ----------------------------

@pytest.mark.parametrize("text, expected", [
    ("bghit joj kilo belboula", [("BELBOULA-1KG", 2)]),
    ("bghit kilo belboula", [("BELBOULA-1KG", 1)]),
    ("bghit belboula 5 kilo", [("BELBOULA-5KG", 1)]),
    ("bghit kilo kseksou dra w kilo belboula", [("KSK-DRA-1KG", 1), ("BELBOULA-1KG", 1)]),
])
def test_every_size_of_a_product_is_found_when_only_its_first_row_has_aliases(text, expected):
    """"joj kilo belboula" with "Belboula (cha3ir) 1kg" (aliases "belboula|kseksou cha3ir")
    and "… 5kg" (none, as operators write them) answered "the 5 kg one is sold as it is,
    2 kg can't be done": the alias made the 1 kg row headed by couscous, the 5 kg one by
    barley, and "belboula" kept only the row it headed."""
    assert lines(text, KSEKSOU) == (expected, [])


def test_a_kilo_of_a_product_is_not_its_other_size_in_a_conversation():
    chat = chat_after("salam bghit kseksou rqiq 1kg", "zid 3liha kilo belboula",
                      products=catalog(KSEKSOU))
    assert chat.cart == {"KSK-FIN-1KG": 1, "BELBOULA-1KG": 1}


# -- two kinds the lexicon reads as one, told apart by the catalog ---------------------------

@pytest.mark.parametrize("text, expected", [
    ("bghit 2 kilo sellou", ([("SELLOU-1KG", 2)], [])),
    ("bghit 2 kilo zmita", ([("ZEMMITA-1KG", 2)], [])),
    ("بغيت جوج كيلو ديال الزميتة", ([("ZEMMITA-1KG", 2)], [])),
    ("بغيت زوج كيلو سفوف", ([("SELLOU-1KG", 2)], [])),
    ("bghit sfouf kilo", ([("SELLOU-1KG", 1)], [])),
    ("bghit sellou", ([], [("SELLOU-500", "SELLOU-1KG")])),
    # both said: both lines, none lost as "the same one named again"
    ("bghit nos kilo zemmita w nos kilo sellou", ([("ZEMMITA-500", 1), ("SELLOU-500", 1)], [])),
    ("bghiit nos kilo sellou w kilo amlou w nos kilo zemmita 3afak",
     ([("SELLOU-500", 1), ("AMLOU-1KG", 1), ("ZEMMITA-500", 1)], [])),
])
def test_the_customers_word_picks_between_two_kinds_the_lexicon_reads_as_one(text, expected):
    """"2 kilo sellou" to a cooperative selling "Sellou (sfouf)" and "Zemmita beldia" (alias
    "zmita", a word the lexicon reads as sellou) asked "Zemmita 500g or Sellou 1kg?" again and
    again; "nos kilo zemmita w nos kilo sellou" put only the zemmita in the basket."""
    assert lines(text, ZEMMITA) == expected


@pytest.mark.parametrize("text, catalog_name, candidates", [
    # a word every name uses names every one of them: "tmer" (an alias of one) is all dates
    ("bghit tmer", TMER, 7),
    ("bghit kseksou", KSEKSOU, 7),   # every couscous, both sizes of the barley one
])
def test_a_kind_word_every_product_shares_still_asks_which(text, catalog_name, candidates):
    found, ambiguous = lines(text, catalog_name)
    assert found == [] and len(ambiguous) == 1 and len(ambiguous[0]) == candidates


def test_another_spelling_in_another_products_name_is_the_same_kind():
    """"sabon" with "Sabon l3ar 250g" and "Saboun argan 250g": two spellings of one word,
    which soap is asked."""
    products = [
        {"sku": "LAAR", "name": "Sabon l3ar 250g", "price": 25, "unit": "g", "size": 250,
         "aliases": [], "in_stock": True},
        {"sku": "ARGAN", "name": "Saboun argan 250g", "price": 30, "unit": "g", "size": 250,
         "aliases": [], "in_stock": True},
    ]
    result = parse("bghit sabon", products)
    assert not result.items and set(result.ambiguous[0].candidates) == {"LAAR", "ARGAN"}


def test_a_translation_in_another_products_name_is_the_same_kind():
    """"3sel" with "Miel de thym" and "3sel sidr": French and Darija words for honey, not two
    kinds: which honey is asked."""
    products = [
        {"sku": "MIEL-THYM", "name": "Miel de thym 500g", "price": 120, "unit": "g",
         "size": 500, "aliases": [], "in_stock": True},
        {"sku": "SIDR", "name": "3sel sidr 500g", "price": 150, "unit": "g", "size": 500,
         "aliases": [], "in_stock": True},
    ]
    result = parse("bghit 3sel", products)
    assert not result.items and set(result.ambiguous[0].candidates) == {"MIEL-THYM", "SIDR"}


# -- "la machi kilo, nos kilo" after a product whose name says "and" -------------------------

@pytest.mark.parametrize("start, change", [
    ("bghit kilo amlou", "la la machi kilo, nos kilo"),
    ("bghit kilo amlou", "la machi kilo, bghit nos kilo"),
    ("bghit kilo amlou", "sma7li ghalta, nos kilo"),
    ("بغيت كيلو أملو", "لا لا ماشي كيلو، نص كيلو"),
])
def test_a_size_taken_back_after_a_name_with_an_and_changes_the_line(start, change):
    """"la la machi kilo, nos kilo" (no, not a kilo: half a kilo) after "1 × Amlou beldi
    (louz w argan) 1kg" went on to the delivery question and the kilo was delivered: the
    message was re-read after the product's name, whose "w" made "argan nos kilo" a line
    of its own."""
    chat = chat_after(start, change, products=catalog(ZEMMITA))
    assert chat.cart == {"AMLOU-500": 1}


# -- a catalog word written with a digit for a letter ----------------------------------------

@pytest.mark.parametrize("text, qty", [
    ("bghit tlata dyal 3jina", 3),
    ("bghit 3jina", None),
    ("bghit 2 3jina", 2),
])
def test_a_darija_word_opening_with_a_digit_names_its_product(text, qty):
    """"bghit tlata dyal 3jina" (three date pastes, "3jina dyal tmer 500g" in the catalog)
    was answered "what would you like?" three times: the name's "3jina" was read as a size
    like "30cm", never a word of the name."""
    assert lines(text, TMER) == ([("PATE-DATTE-500", qty)], [])


# -- a city that is an everyday word, between the name and the street ------------------------

@pytest.mark.parametrize("text, city", [
    ("smiti yassine, safi, hay jrifat raqm 16", "Safi"),
    ("smiti omar, jdida, hay salam raqm 3", "El Jadida"),
    ("smiti karim, taza, hay el qods raqm 12", "Taza"),
])
def test_an_everyday_word_city_between_name_and_street_is_the_city(text, city):
    """"smiti yassine, safi, hay jrifat raqm 16" was asked "which city?" until the customer
    gave up: "safi" (that's it) is also the town, and between a name and a street nobody
    says "that's it"."""
    assert nlu_details.extract(text).city == city


def test_that_is_it_closing_a_delivery_message_is_no_city():
    assert nlu_details.extract("smiti karim, hay salam 4, safi").city is None


def test_the_city_between_name_and_street_places_the_order():
    chat = chat_after("bghit kartona mejhoul kilo", "smiti yassine, safi, hay jrifat raqm 16",
                      products=catalog(TMER))
    assert chat.state == "confirm" and chat.conv["data"]["details"]["city"] == "Safi"


# -- "kseksou dyal l9am7, rqiq, 5 kilo": the part after the comma says which -----------------

@pytest.mark.parametrize("text, expected", [
    ("bghit kseksou dyal l9am7, rqiq, 5 kilo, w belboula 5 kilo",
     ([("KSK-FIN-5KG", 1), ("BELBOULA-5KG", 1)], [])),
    ("bghit kseksou, rqiq, 5 kilo", ([("KSK-FIN-5KG", 1)], [])),
    ("bghit kseksou, rqiq", ([], [("KSK-FIN-1KG", "KSK-FIN-5KG")])),
])
def test_a_comma_part_naming_which_one_is_the_product_before_it(text, expected):
    """"salam bghit kseksou dyal l9am7, rqiq, 5 kilo, w belboula 5 kilo, smiti rabia, meknes,
    …" put the fine 5 kg and the barley in the basket and asked "which couscous?" on top,
    again after every "iyeh" (the order was never placed): "rqiq, 5 kilo" after the comma is
    which couscous, not another one."""
    assert lines(text, KSEKSOU) == expected


def test_another_kind_after_a_comma_is_a_line_of_its_own():
    found, ambiguous = lines("bghit amlou, kilo zemmita", ZEMMITA)
    assert found == [("ZEMMITA-1KG", 1)] and ambiguous == [("AMLOU-500", "AMLOU-1KG")]


# -- "bdel X b <quantity> Y": the quantity after the joiner is the new product's -------------

@pytest.mark.parametrize("text, added, removed", [
    ("bdel daghmous b nos kilo zaatar", [("MIEL-THYM-500", 1)], ("MIEL-EUPH-500", "MIEL-EUPH-1KG")),
    ("bdel l3sel dghmous b jouj amlou sghar", [("AMLOU-250", 2)],
     ("MIEL-EUPH-500", "MIEL-EUPH-1KG")),
    # said before the joiner, it is the old one's
    ("bdel daghmous nos kilo b zaatar", [], ("MIEL-EUPH-500",)),
])
def test_a_quantity_after_the_swap_joiner_is_the_new_products(text, added, removed):
    """"bdel daghmous b nos kilo zaatar" (swap the euphorbia honey for half a kilo of thyme
    honey) read "half a kilo" after "daghmous", as in "daghmous nos kilo": the half kilo was
    the euphorbia's, and the thyme honey a question, or a kilo of it."""
    result = parse(text, PRODUCTS)
    assert [(i.sku, i.quantity) for i in result.items] == added
    gone = result.removed[0]
    assert (gone.candidates if hasattr(gone, "candidates") else (gone.sku,)) == removed


@pytest.mark.parametrize("change", ["بدل السدر ب نص كيلو زعتر", "بدل السدر بنص كيلو زعتر"])
def test_half_a_kilo_of_thyme_instead_of_the_sidr(change):
    """"بغيت كيلو عسل الزعتر و كيلو عسل السدر", then "بدل السدر ب نص كيلو زعتر" (swap the
    sidr for half a kilo of thyme) placed two kilos of thyme honey: a wrong parcel."""
    chat = chat_after("بغيت كيلو عسل الزعتر و كيلو عسل السدر", change,
                      products=catalog("catalog_arabic.csv"))
    assert chat.cart == {"ASL-ZAT-1": 1, "ASL-ZAT-05": 1}


# -- a product phrase with a colour word is no colour of the line before ---------------------

@pytest.mark.parametrize("text", [
    "بغيت زيت الزيتون البلدية خمسة لتر و جوج ديال الصابون البلدي",
    "bghit zit beldia 5 litr w joj sabon beldi",
])
def test_black_soap_after_a_beldi_olive_oil_is_the_soap(text):
    """"زيت الزيتون البلدية خمسة لتر و جوج ديال الصابون البلدي" (5 L of beldi olive oil and
    two beldi soaps) put two 5 L cans of oil in the basket and no soap: "الصابون البلدي" (soap,
    black) was read as a colour only, the olive oil's, as "zitoun lkhdar w lk7el" is."""
    assert lines(text, "catalog_beldi_ar.csv") == ([("ZIT-5L", 1), ("SABON", 2)], [])


# -- another kind said as a correction keeps the line's size --------------------------------

@pytest.mark.parametrize("start, cart", [
    ("bghit zit argan dyal lmakla 250", {"ARGAN-COSM-250": 1}),
    ("bghit 2 zit argan dyal lmakla 250", {"ARGAN-COSM-250": 2}),
])
def test_the_other_kind_in_the_lines_size(start, cart):
    """"bghit zit argan dyal lmakla 250" — "la dyal cheveux" (no, the hair one) asked "which
    one, 100 ml or 250 ml?" and waited there while the customer went on with the delivery:
    the cosmetic oil comes in the 250 ml said, which a shopkeeper hands over."""
    chat = chat_after(start, "la dyal cheveux")
    assert chat.cart == cart


def test_the_other_kind_not_sold_in_the_lines_size_is_asked():
    chat = chat_after("bghit zit argan dyal lmakla 500")
    reply = chat.send("la dyal cheveux")
    assert "100ml" in reply and "250ml" in reply


# -- "wahed l amlou": the article written apart after a number word, not a litre -------------

@pytest.mark.parametrize("text, expected", [
    ("bghit wahed l amlou dyal kilo", ([("AMLOU-1KG", 1)], [])),
    ("bghit wa7ed l amlou dyal nos kilo", ([("AMLOU-500", 1)], [])),
    ("bghit jouj l amlou", ([], [("AMLOU-500", "AMLOU-1KG")])),
    # a figure before it: litres ("2 l"), here a kilo of the spread each
    ("bghit 2 l amlou", ([("AMLOU-1KG", 2)], [])),
])
def test_a_letter_l_after_a_number_word_is_the_article(text, expected):
    """"salam 3likom ya3ni bghit wahed l amlou dyal kilo ou zid m3ah zemmita …" put two kilos
    of amlou in the basket: "wahed l" (one, the article "l" written apart) read as one litre,
    and a litre weighs a kilo here, plus the kilo said."""
    assert lines(text, ZEMMITA) == expected


# -- "X w Y kol wa7ed 250": each of the two products in that size ----------------------------

@pytest.mark.parametrize("text, expected", [
    ("bghit zit argan dyal lmakla w dyal cheveux kol wa7da 250",
     {("ARGAN-ALIM-250", 1), ("ARGAN-COSM-250", 1)}),
    ("bghit 3sel zaatar w daghmous kol wa7ed 500", {("MIEL-THYM-500", 1), ("MIEL-EUPH-500", 1)}),
])
def test_a_size_for_each_of_two_products_is_each_ones(text, expected):
    """"zit argan dyal lmakla w dyal cheveux kol wa7da 250" (the culinary and the hair argan
    oil, 250 ml each) put three bottles in the basket: the 250 read on the hair oil only, and
    "each" then took every size of the culinary one (250 ml and 500 ml)."""
    result = parse(text, PRODUCTS)
    assert {(i.sku, i.quantity) for i in result.items} == expected and not result.ambiguous


def test_one_of_each_of_one_products_sizes_still_takes_every_size():
    result = parse("bghit jouj amlou, wa7ed mn kol wa7ed", PRODUCTS)
    assert [(i.sku, i.quantity) for i in result.items] == [("AMLOU-250", 1), ("AMLOU-500", 1)]


# -- "أكدها", "akid": the confirmation the summary asks for, in the customer's words ----------

@pytest.mark.parametrize("answer", ["أكدها", "اكد", "نأكدوها", "يالاه", "akid", "akkedha"])
def test_confirm_it_in_darija_places_the_order(answer):
    """"أكدها" (confirm it) — the word of the bot's own "إيه نأكدوها" — and "akid" (sure) at
    the summary were answered "sorry, I did not understand" and the summary again."""
    chat = chat_after("بغيت كيلو عسل الزعتر، سميتي سعاد، الرباط، حي النهضة رقم 3", answer,
                      products=catalog("catalog_arabic.csv"))
    assert chat.state == "start" and any(isinstance(a, CreateOrder) for a in chat.actions)


HAMMAM = "catalog_r15_p15ary_hammam.csv"


@pytest.mark.parametrize("text, items, ambiguous", [
    ("bghit sabon beldi w sabon calyptus kol wa7ed 250",
     {("SABON-250", 1), ("SABON-EUC-250", 1)}, []),
    # a count for each: the plain soap's size is asked, with that count
    ("bghit sabon beldi w sabon calyptus kol wa7ed 2",
     {("SABON-EUC-250", 2)}, [("SABON-250", "SABON-500")]),
])
def test_a_product_and_its_variant_each_are_two_lines(text, items, ambiguous):
    """"sabon beldi w sabon calyptus kol wa7ed 250" (plain black soap and eucalyptus black
    soap, 250 g each) put only the eucalyptus soap in the basket: "sabon beldi" was taken for
    the eucalyptus one said again more precisely."""
    result = parse(text, catalog(HAMMAM))
    assert {(i.sku, i.quantity) for i in result.items} == items
    assert [a.candidates for a in result.ambiguous] == ambiguous


# -- "bdlo b nos kilo": a swap verb is no question word ----------------------------------------

@pytest.mark.parametrize("change, cart", [
    ("bdlo b nos kilo", {"MIEL-THYM-500": 1}),
    ("bdlo b jouj dyal nos kilo", {"MIEL-THYM-500": 2}),
])
def test_change_it_to_another_size_is_no_question(change, cart):
    """"bdlo b jouj dyal nos kilo" (change it to two half kilos) after a kilo of thyme honey
    got "good question, ask the cooperative": "bdlo" read as "b" + "dlo", the French "DLUO"
    (best-before date), and the kilo stayed in the basket."""
    chat = chat_after("bghit 3sel zaatar kilo", change)
    assert chat.cart == cart
