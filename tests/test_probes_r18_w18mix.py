"""Misses left from the first wave of the eighteenth round (w18mix): the ways a town's name
is written, and courtesies at the end of the delivery details. Each general rule with the
messages that showed it."""

import pytest

from bot.nlu import textnorm as norm
from bot.nlu.cities import locate_city
from tests.test_conversation import chat_after

# -- a town's name with "ابن" for "بن", "ibn" for "ben", or "بن" glued to the next word -----


@pytest.mark.parametrize("text, city", [
    ("زينب ابن جرير حي الفتح", "Ben Guerir"),
    ("زينب إبن جرير", "Ben Guerir"),
    ("زينب بنجرير حي الفتح", "Ben Guerir"),
    ("zineb ibn guerir", "Ben Guerir"),
    ("زينب الفقيه ابن صالح", "Fquih Ben Salah"),
    ("zineb fqih bensalah", "Fquih Ben Salah"),
    ("ana f ibn slimane", "Benslimane"),
])
def test_a_town_named_with_another_spelling_of_ben(text, city):
    """"ابن جرير" was no town ("which city?" asked though "بن جرير" is one): a word a town's
    name is written with either way (intents/cities.yml name_words) stands for the others,
    and "بن"/"ben" is also written glued to the next word."""
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
