"""Wrong parcels seen at the last stop and not fixed there (sixteenth round, wrong parcels),
reproduced on fresh operator sheets: a cosmetics cooperative whose names join two words
("Crème de nuit argan & rose", "Masque rhassoul + lavande", "Gommage sucre/orange"), a dried
fruit and honey shop (several honeys, one of them by the kilo), a saffron shop by the gram.
Each general rule with the conversation that showed it."""

from pathlib import Path

import pytest

from bot.catalog import parse_csv_text
from bot.nlu import build_index, parse
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"

#: Cosmetics whose names join two words with "&", "+", "/", "et", "w", "and".
COSMO = """sku,name,price,unit,size,aliases,in_stock
CR-NUIT-50,Crème de nuit argan & rose 50ml,120 DH,ml,50,crème de nuit|night cream,oui
EDR-200,Eau de rose 200ml,40 DH,ml,200,rose|eau de rose|rose water|ma lward|ماء الورد,oui
HA-100,Huile d'argan 100ml,150 DH,ml,100,argan|zit argan|argan oil,oui
SAV-MC,Savon miel et citron 100g,25 DH,g,100,savon miel,oui
MASK-RL,Masque rhassoul + lavande 200g,55 DH,g,200,masque|mask,oui
HE-LAV,Huile essentielle lavande 10ml,35 DH,ml,10,lavande|lavender,oui
GOM-SO,Gommage sucre/orange 150g,45 DH,g,150,gommage|scrub,oui
EFO-250,Eau de fleur d'oranger 250ml,30 DH,ml,250,fleur d'oranger|orange|ma zhar,oui
SHAMP-RM,Shampoing romarin and menthe 250ml,50 DH,ml,250,shampoing|shampoo,oui
MENTHE-HE,Huile essentielle menthe 10ml,35 DH,ml,10,menthe|mint,oui
SAV-NOIR,Savon noir eucalyptus 250g,30 DH,g,250,savon noir|sabon beldi,oui
"""
#: Dried fruit and honey: pistachios in one bag, almonds in two, several honeys, one by the kilo.
FAKIA = """sku,name,price,unit,size,aliases,in_stock
PIST-250,Pistaches grillées 250g,70 DH,g,250,pistaches|pistachios|fosto9|pistache,oui
AMAN-250,Amandes beldi 250g,45 DH,g,250,amandes|almonds|louz|لوز,oui
AMAN-500,Amandes beldi 500g,85 DH,g,500,,oui
NOIX-500,Noix 500g,60 DH,g,500,noix|walnuts|gargae,oui
DATT-1KG,Dattes majhoul 1kg,120 DH,kg,1,dattes|dates|tmer|تمر,oui
MIEL-TH-500,Miel de thym 500g,160 DH,g,500,3sel z3itra|thyme honey|عسل الزعيترة,oui
MIEL-EU-500,Miel d'euphorbe 500g,220 DH,g,500,3sel daghmous|euphorbia honey|عسل الدغموس,oui
MIEL-OR-500,Miel fleur d'oranger 500g,90 DH,g,500,3sel lzhar|orange blossom honey,oui
MIEL-OR-1KG,Miel fleur d'oranger 1kg,170 DH,kg,1,,oui
"""
#: A grocery: a tea with mint in one packet beside a green tea and fresh mint.
TEA = """sku,name,price,unit,size,aliases,in_stock
THE-MENTHE-200,Thé vert & menthe séchée 200g,45 DH,g,200,thé menthe|atay b na3na3|mint tea,oui
THE-VERT-500,Thé vert gunpowder 500g,60 DH,g,500,thé vert|atay|green tea|أتاي,oui
MENTHE-FR,Menthe fraîche botte,5 DH,pièce,1,menthe|na3na3|mint|نعناع,oui
"""
_SHEETS = {"cosmo": COSMO, "fakia": FAKIA, "tea": TEA}


def catalog(name):
    return parse_csv_text(_SHEETS[name], name, DATA)


def chat(sheet, *messages):
    return chat_after(*messages, products=catalog(sheet))


def read(sheet, text):
    return parse(text, build_index(catalog(sheet)))


def lines(result):
    return {(i.sku, i.quantity) for i in result.items}


# -- a catalog name typed in full, whatever joins its words, is one product ------------------

@pytest.mark.parametrize("text, sku, count", [
    ("Hi, 2 Crème de nuit argan & rose please", "CR-NUIT-50", 2),
    ("bghit 1 creme de nuit argan w rose", "CR-NUIT-50", 1),
    ("1 crème de nuit argan + rose", "CR-NUIT-50", 1),
    ("Masque rhassoul & lavande x2", "MASK-RL", 2),
    ("bghit jouj masque rhassoul w lavande", "MASK-RL", 2),
    ("2 savon miel & citron", "SAV-MC", 2),
    ("3 gommage sucre et orange", "GOM-SO", 3),
    ("2 gommage sucre / orange", "GOM-SO", 2),
    ("1 shampoing romarin + menthe", "SHAMP-RM", 1),
])
def test_a_name_typed_in_full_with_any_joiner_is_one_product(text, sku, count):
    """"Hi, 2 Crème de nuit argan & rose please": two creams and a rose water (its alias
    "rose") went in the basket. "&", "+" and "/" are separators, and a separator (or an "and"
    the name writes otherwise) cut the name in two lines, its last word a second product.
    A joiner between two words the name joins, another word of that name beside them, joins
    no lines."""
    assert lines(read("cosmo", text)) == {(sku, count)}


def test_the_cream_typed_in_full_orders_no_rose_water():
    talk = chat("cosmo", "Hi, 2 Crème de nuit argan & rose please")
    assert talk.cart == {"CR-NUIT-50": 2}


@pytest.mark.parametrize("text, count", [("I'd like the green tea & mint 200g x3", 3),
                                         ("bghit atay w na3na3 200g", 1)])
def test_a_name_said_in_other_words_with_its_size_is_one_product(text, count):
    """"I'd like the green tea & mint 200g x3" ("Thé vert & menthe séchée 200g", translated):
    three bunches of fresh mint were ordered, and the green tea asked about. The 200 g is a
    size only the product carrying both words comes in; the mint is sold by the bunch."""
    assert lines(read("tea", text)) == {("THE-MENTHE-200", count)}


@pytest.mark.parametrize("text, expected", [
    ("2 green tea, 1 mint", {("THE-VERT-500", 2), ("MENTHE-FR", 1)}),
    ("green tea and mint", {("THE-VERT-500", None), ("MENTHE-FR", None)}),
])
def test_tea_and_mint_without_the_size_are_two_products(text, expected):
    assert lines(read("tea", text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("2 huile argan w 1 eau de rose", {("HA-100", 2), ("EDR-200", 1)}),
    ("1 huile essentielle lavande w 1 masque", {("HE-LAV", 1), ("MASK-RL", 1)}),
    ("2 crème de nuit et 1 eau de rose", {("CR-NUIT-50", 2), ("EDR-200", 1)}),
])
def test_two_products_joined_are_still_two_lines(text, expected):
    assert lines(read("cosmo", text)) == expected


# -- a size asked about, then a count "of those": that many of that size ---------------------

@pytest.mark.parametrize("text", [
    "oh pistachios only come in 250g? then 2 of those",
    "pistachios come in 250g? and 2 of those please",
    "les pistaches seulement en 250g ? et 2 de celles-là",
    "pistaches en 250g ? puis 2",
    "fosto9 ghir 250g? w 3tini 2 mnhom",
    "oh pistachios only come in 250g. ok then 2 of those",
    "pistachios only 250g, ok then 2",
])
def test_a_size_echoed_in_a_question_is_no_line_of_its_own(text):
    """"oh pistachios only come in 250g? then 2 of those": three bags were ordered. The 250g
    said in the question was one bag, and "then 2 of those", opened by a joining word, two
    more. After a question mark the joining word opens the answer: the count is of the
    size asked about, as after a comma ("olive oil 500ml, 3 bottles")."""
    assert {(i.sku, i.quantity) for i in read("fakia", text).items} == {("PIST-250", 2)}


def test_the_count_of_the_size_asked_about_in_a_chat():
    talk = chat("fakia", "hi how much are the pistachios?",
                "oh pistachios only come in 250g? then 2 of those")
    assert talk.cart == {"PIST-250": 2}


@pytest.mark.parametrize("text", ["pistachios 250g, and 2 more", "pistachios 250g? and 2 more"])
def test_more_after_the_size_still_adds(text):
    assert lines(read("fakia", text)) == {("PIST-250", 3)}


def test_another_product_after_the_question_is_still_its_own_line():
    assert lines(read("fakia", "pistachios 250g? and 2 almonds 500g")) == {
        ("PIST-250", 1), ("AMAN-500", 2)}


# -- "both" after two products were discussed: one of each, never two of the last -----------

@pytest.mark.parametrize("messages", [
    ("how much are the walnuts?", "and the dates?", "I'll take both"),
    ("combien les noix ?", "et les dattes ?", "je prends les deux"),
    ("ch7al lgargae?", "w tmer ch7al?", "bghit b juj"),
    ("ch7al lgargae?", "w tmer?", "ok bjouj"),
])
def test_both_after_two_products_discussed_is_one_of_each(messages):
    """"how much are the walnuts?" — "and the dates?" — "je prends les deux": two dates were
    ordered. The second question replaced the first one's "how many?", and "les deux" read
    as the count 2 of the dates. "Both" is one of each of the two just discussed."""
    assert chat("fakia", *messages).cart == {"NOIX-500": 1, "DATT-1KG": 1}


def test_a_count_of_each_after_two_products_discussed():
    talk = chat("fakia", "how much are the walnuts?", "and the dates?", "2 of each please")
    assert talk.cart == {"NOIX-500": 2, "DATT-1KG": 2}


def test_both_after_a_product_in_sizes_asks_which_size_of_it():
    """"ch7al louz?" (which size? offered) — "w gargae?" — "bjouj": two walnuts were ordered.
    The first product's "which one?" is what the second question replaced: "both" is one
    walnut and one of the almonds, which size still asked."""
    talk = chat("fakia", "ch7al louz?", "w gargae?", "bjouj")
    assert talk.cart == {"NOIX-500": 1}
    assert talk.conv["data"]["queue"][0] == {
        "type": "choice", "candidates": ["AMAN-250", "AMAN-500"], "quantity": 1}
    assert talk.send("2") and talk.cart == {"NOIX-500": 1, "AMAN-500": 1}


def test_a_count_after_two_products_discussed_is_the_last_one_s():
    talk = chat("fakia", "how much are the walnuts?", "and the dates?", "ok 2")
    assert talk.cart == {"DATT-1KG": 2}


# -- a catalog price said after "dyal", "de", "of" or before "one" picks, never counts ------

@pytest.mark.parametrize("text, sku, count", [
    ("bghit 3sel dyal 220", "MIEL-EU-500", None),
    ("2 3sel dyal 220", "MIEL-EU-500", 2),
    ("I want the honey of 160", "MIEL-TH-500", None),
    ("je veux 2 miels de 90", "MIEL-OR-500", 2),
])
def test_a_price_said_as_the_identifier_picks_the_product(text, sku, count):
    """"bghit 3sel dyal 220": 220 honeys were asked "which one?" (the figure read as a
    count). A figure that is one of the catalog's prices, and no size nor row figure of it,
    after a word of belonging ("dyal", "de", "of") tells which product by its price."""
    assert lines(read("fakia", text)) == {(sku, count)}


def test_a_figure_before_a_product_word_is_no_price():
    """"un sachet de 45 amandes": 45 almonds, not the almonds at 45 DH."""
    assert 45.0 not in read("fakia", "je veux un sachet de 45 amandes").prices


def test_a_size_after_dyal_is_still_a_size():
    result = read("fakia", "2 louz dyal 250")
    assert lines(result) == {("AMAN-250", 2)}


@pytest.mark.parametrize("answer, sku", [("the 90 one", "MIEL-OR-500"), ("dyal 160", "MIEL-TH-500"),
                                         ("celui de 220 svp", "MIEL-EU-500")])
def test_a_price_answers_which_one(answer, sku):
    """"I want honey" (which one? four listed with their prices) — "the 90 one": the thyme
    honey, the first listed, was taken ("one" read as the first). A price one option has
    answers which one."""
    talk = chat("fakia", "I want honey", answer)
    assert talk.conv["data"]["queue"][0] == {"type": "qty", "sku": sku}


# -- a size does not choose between varieties --------------------------------------------------

@pytest.mark.parametrize("text", ["kilo 3sel", "bghit kilo d l3sel", "1kg honey please",
                                  "je veux 1 kg de miel", "عافاك كيلو عسل"])
def test_a_kilo_of_honey_asks_which_honey(text):
    """"kilo 3sel" to a shop with three honeys, only the orange blossom one in a 1 kg jar:
    the orange blossom jar was ordered silently. The kilo is a weight each honey makes (two
    of a 500 g jar); it does not say which honey. Which one is asked, with the weight kept."""
    result = read("fakia", text)
    assert not result.items
    assert set(result.ambiguous[0].candidates) == {"MIEL-TH-500", "MIEL-EU-500", "MIEL-OR-1KG"}
    assert result.ambiguous[0].measure == 1_000_000


def test_the_kilo_answered_by_the_honey_is_its_jars():
    assert chat("fakia", "salam bghit kilo 3sel", "z3itra").cart == {"MIEL-TH-500": 2}


@pytest.mark.parametrize("text, expected", [
    ("bghit 3sel lzhar kilo", {("MIEL-OR-1KG", 1)}),     # the honey said: its 1 kg jar
    ("bghit kilo louz", {("AMAN-500", 2)}),              # one product in sizes: its sizes
    ("kilo tmer", {("DATT-1KG", 1)}),
])
def test_a_kilo_of_one_product_is_still_picked(text, expected):
    assert lines(read("fakia", text)) == expected


# -- a measure far beyond what a product is sold in is asked about ----------------------------

@pytest.mark.parametrize("text", ["hi, 3 kilos of saffron please", "bghit 2 kilo za3fran",
                                  "je veux 1 kg de safran", "bghit 1 litre za3fran"])
def test_kilos_of_saffron_sold_by_the_gram_are_asked_about(text):
    """"3 kilos of saffron" to a shop selling it in 1 g and 5 g boxes: 50 boxes of 5 g (8,000
    DH) went in the basket (600 read, capped at 50). A measure that would make more than
    anyone orders of a product's sizes is asked about, never turned into that many."""
    talk = chat_after(text, products=parse_csv_text(
        (DATA / "catalog_safran.csv").read_text(encoding="utf-8"), "safran", DATA))
    assert talk.cart == {}
    assert talk.conv["data"]["queue"][0]["candidates"] == ["SAFRAN-TAL-1G", "SAFRAN-TAL-5G"]
    assert "1 kg" in talk.last.replies[0] or "2 kg" in talk.last.replies[0] \
        or "3 kg" in talk.last.replies[0]


def test_a_few_grams_of_saffron_are_still_boxes():
    result = parse("bghit 10 g za3fran", build_index(parse_csv_text(
        (DATA / "catalog_safran.csv").read_text(encoding="utf-8"), "safran", DATA)))
    assert {(i.sku, i.quantity) for i in result.items} == {("SAFRAN-TAL-5G", 2)}


def test_kilos_of_a_product_sold_by_the_kilo_are_that_many():
    assert lines(read("fakia", "bghit 60 kilo tmer")) == {("DATT-1KG", 60)}


@pytest.mark.parametrize("answer, count", [("je prends les deux, 2 de chaque", 2),
                                           ("les deux svp", 1), ("bjouj, 3 mn kol wa7ed", 3)])
def test_both_with_a_count_of_each_at_which_one(answer, count):
    """"combien les noix et les dattes ?" (which one?) — "je prends les deux, 2 de chaque":
    one of each was ordered. The count said beside "les deux" was dropped with it (the
    message's number is none when it writes two)."""
    talk = chat("fakia", "combien les noix et les dattes ?", answer)
    assert talk.cart == {"NOIX-500": count, "DATT-1KG": count}
