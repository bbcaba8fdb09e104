"""Misses left from the first wave of the eighteenth round (w18mix): the ways a town's name
is written, and courtesies at the end of the delivery details. Each general rule with the
messages that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import textnorm as norm
from bot.nlu.cities import locate_city
from tests.test_conversation import chat_after

DATA = Path(__file__).parent / "data"
CHIFFRES = read_csv(DATA / "catalog_r18_p18cat_chiffres.csv")    # "Thé 7 plantes", …

# -- a town's name with "ابن" for "بن", "ibn" for "ben", or "بن" glued to the next word -----


@pytest.mark.parametrize("text, city", [
    ("زينب ابن جرير حي الفتح", "Ben Guerir"),
    ("زينب إبن جرير", "Ben Guerir"),
    ("زينب بنجرير حي الفتح", "Ben Guerir"),
    ("zineb ibn guerir", "Ben Guerir"),
    ("زينب الفقيه ابن صالح", "Fquih Ben Salah"),
    ("ana f ibn slimane", "Benslimane"),
])
def test_a_town_named_with_another_spelling_of_ben(text, city):
    """"ابن جرير" was no town ("which city?" asked though "بن جرير" is one): a word a town's
    name is written with either way (intents/cities.yml name_words) stands for the others,
    and "بن" is also written glued to the next word (not "ben": "Khalid Benslimane", a
    surname)."""
    found = locate_city(norm.tokens(text))
    assert found is not None and found[0] == city


def test_the_details_with_ibn_in_the_town_reach_the_summary():
    chat = chat_after("bghit 2 amlou 250", "زينب ابن جرير حي الفتح زنقة 5 رقم 11")
    assert chat.state == "confirm"
    details = chat.conv["data"]["details"]
    assert details["city"] == "Ben Guerir" and details["name"] == "زينب"
    assert "جرير" not in details["address"]


# -- a courtesy at the end of the details: neither the address nor a second name ----------


@pytest.mark.parametrize("first, text, name, address", [
    ("بغيت جوج املو 250", "زينب الدار البيضاء حي الفتح زنقة 5 رقم 11 الله يخليك صيفطوه ليا غدا",
     "زينب", "حي الفتح زنقة 5 رقم 11"),
    ("بغيت جوج املو 250", "زينب الدار البيضاء حي الفتح زنقة 5 رقم 11 عافاك",
     "زينب", "حي الفتح زنقة 5 رقم 11"),
    ("bghit 2 amlou 250", "Omar casa hay salam zanqa 4 raqm 9 3afak",
     "Omar", "hay salam zanqa 4 raqm 9"),
    ("bghit 2 amlou 250", "omar casa hay salam zanqa 4 raqm 9 llah ykhlik",
     "omar", "hay salam zanqa 4 raqm 9"),
])
def test_a_courtesy_after_the_details_is_neither_address_nor_name(first, text, name, address):
    """"… رقم 11 الله يخليك" kept "الله يخليك" in the address (a blessing is a courtesy that
    ends it, as "الله يحفظك" did), and a courtesy left beside the name ("Omar … 3afak",
    "omar … llah ykhlik") was read as a second name, or the message as thanks: the name
    was asked again. A part of little words only, one or several ("الله يخليك"), is no
    name; the details with a courtesy are the details."""
    chat = chat_after(first, text)
    assert chat.state == "confirm"
    details = chat.conv["data"]["details"]
    assert details["name"] == name and details["address"] == address
    assert details["city"] == "Casablanca"


# -- a figure of a name, with the name's word after it said another way --------------------


@pytest.mark.parametrize("text, cart", [
    ("the 7 plants tea please", {}),
    ("بغيت أتاي 7 عشوب", {}),
    ("بغيت أتاي 7 عشوب و جوج أملو 3 فواكه 250", {"AML3F-250": 2}),
])
def test_a_figure_of_a_name_said_in_another_language_counts_nothing(text, cart):
    """"Thé 7 plantes": "the 7 plants tea", "أتاي 7 عشوب" put 7 teas in the basket (a
    wrong parcel). A figure a name says, followed by a near spelling of the name's word after
    it ("plants"), or, right after the name's kind in any language ("أتاي 7"), by a word
    neither the lexicon nor the catalog knows ("عشوب"), is the name's figure: how many is
    asked, as for "bghit atay 7 plantes"."""
    chat = chat_after(text, products=CHIFFRES)
    assert chat.cart == cart
    assert chat_after(text, "2", products=CHIFFRES).cart == {**cart, "TH7": 2}


@pytest.mark.parametrize("text", ["2 the 7 plants tea please", "بغيت جوج أتاي 7 عشوب"])
def test_a_count_before_a_figure_of_a_name_stays_the_count(text):
    assert chat_after(text, products=CHIFFRES).cart == {"TH7": 2}


def test_a_count_before_the_kind_is_still_a_count():
    assert chat_after("bghit 7 atay", products=CHIFFRES).cart == {"TH7": 7}


# -- a count of the product's word where it is sold only in small packs -------------------

LOTS = read_csv(DATA / "catalog_r18_w18mix_lots.csv")   # lots of 2 soaps, of 3 candles, …


@pytest.mark.parametrize("text", [
    "bghit 2 savon", "bghit 4 savons", "je veux 2 bougies", "بغيت جوج صابون", "i want 3 soaps",
])
def test_a_count_of_pieces_or_of_small_packs_is_asked(text):
    """"Lot de 2 savons": "bghit 2 savon" gave 2 lots (4 soaps), "bghit 4 savons" 4 lots
    (8 soaps). A count said of the product's word, with no word for packs, of a product sold
    only in packs smaller than PACK_MIN, may be pieces or packs: how many is asked (the lot
    named), and the answer is the lots'."""
    chat = chat_after(text, products=LOTS)
    assert chat.cart == {}
    sku = "BOUG-LOT3" if "bougie" in text else "SAV-LOT2"
    assert chat_after(text, "1", products=LOTS).cart == {sku: 1}


@pytest.mark.parametrize("text, cart", [
    ("bghit 2 lots de savon", {"SAV-LOT2": 2}),
    ("bghit 1 savon", {"SAV-LOT2": 1}),
    ("bghit 24 corne de gazelle", {"COF-12": 2}),
    ("je veux 2 bougies et 1 ghassoul", {"GHAS-500": 1}),
    ("je veux 4 raïb", {"RAIB-X4": 4}),        # the product's own word: packs
    ("bghit 2 raib", {"RAIB-X4": 2}),
])
def test_packs_said_as_packs_stay_packs(text, cart):
    assert chat_after(text, products=LOTS).cart == cart


# -- a sold-out list asked while a count is open: a number picks from the list ------------

ZITOUN = read_csv(DATA / "catalog_r8en_zitoun.csv")    # purple olives sold out


def test_a_number_after_a_sold_out_list_picks_from_it():
    """"i want green olives" (how many?) — "and purple olives" (sold out: "which one? reply
    with the number", then "how many green olives?" again) — "2": two green olives went in
    the basket while the list asked which. The list's question ends the reply; a number of
    it picks from it; the count still open is asked after, and each count once."""
    chat = chat_after("i want green olives", "and purple olives", products=ZITOUN)
    assert "How many" not in chat.last.replies[-1]
    chat.send("2")
    assert chat.cart == {}
    chat.send("3")
    chat.send("1")
    assert chat.cart == {"OLV-VERTE-500": 3, "OLV-NOIRE-500": 1}


def test_the_open_count_picked_from_the_list_is_asked_once():
    chat = chat_after("i want green olives", "and purple olives", "1", "2", products=ZITOUN)
    assert chat.cart == {"OLV-VERTE-500": 2} and not chat.conv["data"]["queue"]


# -- a whole-message answer owns its words ---------------------------------------------------


@pytest.mark.parametrize("text", ["ma kayn mochkil", "ما كاين مشكل", "ma kayn mouchkil"])
def test_no_problem_with_an_availability_word_at_the_summary_is_a_yes(text):
    """"ma kayn mochkil", "ما كاين مشكل" (no problem) at the summary sent the catalog: "kayn"
    (is there…?) is an availability cue and both counted. A message that is only a
    whole-message answer (``alone`` in intents/keywords.yml) counts that answer alone."""
    chat = chat_after("bghit 2 amlou 250", "omar casa hay salam zanqa 4 raqm 9")
    assert chat.state == "confirm"
    chat.send(text)
    assert any(type(a).__name__ == "CreateOrder" for a in chat.actions)
