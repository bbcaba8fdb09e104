"""Misses seen reading products and quantities on catalogs as operators write them (issue 14,
round 14): each general rule with the messages that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import build_index, parse
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"


def _index(name):
    return build_index(read_csv(DATA / name))


EPICERIE = "catalog_r14_p14seen_epicerie.csv"
ARTISANAT = "catalog_r14_p14seen_artisanat.csv"
SANDALES = "catalog_r14_p14seen_sandales.csv"
EGGS = "catalog_r13_p13flow_oeufs.csv"


def _lines(catalog, text):
    result = parse(text, _index(catalog))
    return ([(i.sku, i.quantity) for i in result.items],
            [(a.candidates, a.quantity) for a in result.ambiguous])


# -- a kilo and its grams: one weight -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "bghit 1kg250 louz", "bghit 1 kilo 250 louz", "louz 1kg 250",
    "bghit kilo w 250 g dyal louz", "bghit kilo w 250g louz",
    "un kilo et 250 grammes d amandes", "1 kg and 250 g of almonds",
])
def test_a_kilo_and_its_grams_is_one_weight(text):
    """"1kg250 louz" was 1000 bags of 250 g (the 250 read as a count of kilos), "kilo w 250 g
    dyal louz" one bag (the "w" cut the kilo off as a line of its own): 1.25 kg is 5 × 250 g."""
    assert _lines(EPICERIE, text) == ([("AMANDE-250", 5)], [])


def test_a_kilo_and_a_figure_that_is_one_of_the_sizes_asks():
    """"1 kilo 500 amlou" with jars of 250 g and 500 g: 1.5 kg, or a kilo of the 500 g? Not
    500 kilos."""
    items, ambiguous = _lines("../../coops/demo/catalog.csv", "bghit 1 kilo 500 amlou")
    assert items == [] and ambiguous == [(("AMLOU-250", "AMLOU-500"), None)]


@pytest.mark.parametrize("text, lines", [
    ("zit beldia 5l 2", [("OLIVE-5L", 2)]),
    ("louz 1kg500", [("AMANDE-250", 6)]),
])
def test_a_small_figure_after_a_measure_stays_a_count(text, lines):
    catalog = "../../coops/demo/catalog.csv" if "zit" in text else EPICERIE
    assert _lines(catalog, text)[0] == lines


# -- a name's qualifier after "au", "à la", "with": its head words reach it ----------------------

@pytest.mark.parametrize("text, sku, quantity", [
    ("je veux 2 olives rouges", "OLV-ROUGE", 2),
    ("bghit kilo olives rouges", "OLV-ROUGE", 2),
    ("bghit zitoun k7el", "OLV-NOIRE", None),
])
def test_a_name_with_what_it_is_made_with_is_headed_by_its_first_words(text, sku, quantity):
    """"Olives rouges au citron" was headed by the lemon (a family), "Olives noires à
    l'huile" by the oil: "olives rouges" was the green olives, the only one headed by olive
    (a wrong parcel)."""
    assert _lines(EPICERIE, text) == ([(sku, quantity)], [])


def test_the_head_words_shared_by_several_names_ask_which():
    assert _lines(EPICERIE, "bghit 2 olives") == (
        [], [(("OLV-ROUGE", "OLV-VERTE", "OLV-NOIRE"), 2)])


# -- a kind of product the shop only has as what another is made with --------------------------

@pytest.mark.parametrize("text, said", [
    ("bghit 2 kilo 3sel", "3sel"), ("I want 2 jars of honey", "honey"),
    ("bghit 1 litre zit", "zit"),
])
def test_a_kind_only_said_in_what_a_product_is_made_with_is_not_sold(text, said):
    """"bghit 2 kilo 3sel" where the only honey is in "Chebakia au miel" put 2 kg of
    chebakia in the basket: the customer is told there is no honey, and what there is."""
    chat = chat_after(text, products=read_csv(DATA / EPICERIE))
    assert chat.cart == {}
    reply = chat.last.replies[-1]
    assert said in reply and ("Chebakia" in reply or "Olives noires" in reply)


@pytest.mark.parametrize("text, cart", [
    ("bghit 2 kilo chebakia au miel", {"CHEB-MIEL": 2}),
    ("2 olives au citron", {"OLV-ROUGE": 2}),
])
def test_the_product_named_with_what_it_is_made_with_is_ordered(text, cart):
    assert chat_after(text, products=read_csv(DATA / EPICERIE)).cart == cart


# -- a figure of a product's name is a word of it --------------------------------------------

@pytest.mark.parametrize("catalog, text, lines", [
    (EPICERIE, "oeufs la douzaine x3", [("OEUF-DZ", 3)]),
    (EPICERIE, "3 x oeufs la douzaine", [("OEUF-DZ", 3)]),
    (ARTISANAT, "2 coffret 4x10ml", [("COF-HE", 2)]),
    (ARTISANAT, "1 coffret 4x10ml w 1 tagine 6 personnes", [("COF-HE", 1), ("TAJ-6P", 1)]),
    (ARTISANAT, "bghit 2 pack 3 savons", [("SAV-P3", 2)]),
])
def test_the_figure_of_a_name_is_no_count(catalog, text, lines):
    """"oeufs la douzaine x3" was 12 (the name's "douzaine" read as a count of twelve),
    "2 coffret 4x10ml" lost its count (the name's "ml" read as a measure of 1 ml)."""
    assert _lines(catalog, text)[0] == lines


# -- a count that is what one pack holds names that pack ---------------------------------------

@pytest.mark.parametrize("text", ["30 bid", "bghit 30 bid beldi", "I want 30 eggs",
                                  "je veux 30 oeufs"])
def test_a_count_of_what_a_tray_holds_is_the_tray(text):
    """"30 bid" on a sheet with eggs by the piece, by the box of 12 and by the tray of 30
    asked which of the three."""
    assert _lines(EGGS, text) == ([("OEUF-30", 1)], [])


# -- colours and a size figure in a shop of one kind -------------------------------------------

@pytest.mark.parametrize("catalog, text, cart", [
    (SANDALES, "2 paires noires en 42", {"SAN-N-42": 2}),
    (SANDALES, "une paire marron 38", {"SAN-M-38": 1}),
    (SANDALES, "bghit 2 k7lin f 42", {"SAN-N-42": 2}),
    ("catalog_r10_babouche.csv", "2 paires noires en 42", {"BAB-N-42": 2}),
])
def test_a_colour_a_count_and_a_size_figure_name_the_one_kind(catalog, text, cart):
    """"2 paires noires en 42" as a first message (no product word) read nothing: only one
    kind of product comes in black, and the 42 is one of its rows."""
    assert chat_after(text, products=read_csv(DATA / catalog)).cart == cart


# -- a weight no count of the product makes: the question says so ----------------------------

@pytest.mark.parametrize("text, said", [
    ("je veux 1,5 kg de dattes mejhoul", "1.5 kg"), ("bghit kilo w nss chebakia", "1.5 kg"),
    ("I want half a kilo of chebakia", "500 g"),
])
def test_a_weight_no_count_makes_is_said_in_the_question(text, said):
    """"kilo w nss chebakia" where chebakia is sold by the kilo was a bare "how many?": the
    weight said was dropped without a word."""
    chat = chat_after(text, products=read_csv(DATA / EPICERIE))
    assert chat.cart == {} and said in chat.last.replies[-1]
    chat.send("2")
    assert len(chat.cart) == 1 and list(chat.cart.values()) == [2]


def test_a_volume_no_count_of_the_sizes_makes_is_said_with_which_one():
    """"1 litre et demi d'huile d'olive" with bottles of 1 L and 5 L asked "which one?" as if
    nothing had been said about how much."""
    chat = chat_after("je veux 1 litre et demi d huile d olive")
    assert chat.cart == {} and "1.5 l" in chat.last.replies[-1]
    chat.send("1")
    chat.send("2")
    assert chat.cart == {"OLIVE-1L": 2}


@pytest.mark.parametrize("text", ["bghit 3 msemen m3amrin", "bghit 3 msemen m3amer"])
def test_stuffed_said_in_the_plural_is_the_stuffed_one(text):
    """"3 msemen m3amrin" was three plain msemen (the plural unknown, the bare "msemen" the
    plain one's alias): a wrong parcel."""
    assert _lines("catalog_r14_p14seen_traiteur.csv", text) == ([("MSM-KHLII", 3)], [])


@pytest.mark.parametrize("text, lines", [
    ("bghit kilo ghir rob3 louz", [("AMANDE-250", 3)]),
    ("un kilo moins le quart d amandes", [("AMANDE-250", 3)]),
    ("كيلو إلا ربع لوز", [("AMANDE-250", 3)]),
    ("bghit ghir rob3 kilo louz", [("AMANDE-250", 1)]),
])
def test_a_measure_less_a_quarter(text, lines):
    """"kilo ghir rob3" (a kilo less a quarter, 750 g) was 1.25 kg: the "ghir" skipped."""
    assert _lines(EPICERIE, text)[0] == lines


@pytest.mark.parametrize("text, lines", [
    ("bghit 2 Pastilla au poulet 6 persnnes", [("PAST-POULET", 2)]),
    ("je prends Pastilla au poulet 6 persnnes", [("PAST-POULET", None)]),
])
def test_a_name_figure_before_a_misspelt_word_of_the_name_is_no_count(text, lines):
    """"Pastilla au poulet 6 persnnes" was the chicken pastilla and six fish pastillas (the
    misspelt "persnnes" a line of its own, the other pastilla): a wrong parcel."""
    assert _lines("catalog_r14_p14seen_traiteur.csv", text) == (lines, [])


def test_a_misspelt_name_said_with_what_it_is_made_with_still_orders_it():
    """"Tomtes séchées à l'huile d'olive" (the tomatoes misspelt) is that name, not a
    customer asking for olive oil."""
    items, ambiguous = _lines("catalog_r7mix_ftour.csv",
                              "bghit 2 Tomtes séchées à l'huile d'olive bocal")
    assert items or ambiguous


@pytest.mark.parametrize("text, lines", [
    ("bghit tagine 6", [("TAJ-6P", None)]),
    ("2 tagine 6", [("TAJ-6P", 2)]),
    ("bghit tagine 2 w 1 coffret", [("COF-HE", 1), ("TAJ-2P", None)]),
])
def test_the_figure_that_tells_two_names_apart_says_which(text, lines):
    """"bghit tagine 6" with "Tagine 2 personnes" and "Tagine 6 personnes" asked which, and
    the one picked came six times (the name's figure read as a count): a wrong parcel."""
    assert _lines(ARTISANAT, text) == (lines, [])


def test_a_figure_after_a_name_word_no_other_name_varies_stays_a_count():
    index = build_index([{"sku": "RAS-7", "name": "Ras el hanout 7 épices", "price": 30,
                          "unit": "piece", "size": 1, "aliases": []},
                         {"sku": "CUMIN", "name": "Cumin 100g", "price": 20, "unit": "g",
                          "size": 100, "aliases": []}])
    assert [(i.sku, i.quantity) for i in parse("bghit cumin 3", index).items] == [("CUMIN", 3)]


@pytest.mark.parametrize("text, count", [
    ("je veux 8 plateaux", 8), ("I want 7 trays of eggs", 7), ("bghit 6 plateau", 6),
])
def test_a_count_of_trays_is_of_trays(text, count):
    """"8 plateaux" asked "how many?" (8 read as eggs, no tray holding 8)."""
    assert _lines(EGGS, text) == ([("OEUF-30", count)], [])


@pytest.mark.parametrize("answer, cart", [("2", {}), ("1", {"OEUF-1": 6})])
def test_a_count_of_pieces_below_the_box_picked_asks_how_many_boxes(answer, cart):
    """"bghit 6 bid" — "which?" — the box of 12 put 6 boxes (72 eggs) in the basket."""
    chat = chat_after("bghit 6 bid", answer, products=read_csv(DATA / EGGS))
    assert chat.cart == cart
    if not cart:
        assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": "OEUF-12"}


def test_an_english_name_of_two_kinds_is_headed_by_the_last():
    """"Honey soap" was headed by the honey: "2 soaps" asked between the other soaps only."""
    index = build_index([
        {"sku": "SOAP-ROSE", "name": "Rose soap with argan", "price": 30, "unit": "piece",
         "size": 1, "aliases": []},
        {"sku": "SOAP-HONEY", "name": "Honey soap", "price": 30, "unit": "piece", "size": 1,
         "aliases": []},
        {"sku": "HONEY-500", "name": "Thyme honey 500g", "price": 120, "unit": "g", "size": 500,
         "aliases": []}])
    result = parse("I'd like 2 soaps", index)
    assert [set(a.candidates) for a in result.ambiguous] == [{"SOAP-ROSE", "SOAP-HONEY"}]
    assert [(i.sku, i.quantity) for i in parse("2 honey", index).items] == [("HONEY-500", 2)]
