"""Whole conversations in Arabizi (Darija in Latin letters, as typed on WhatsApp and SMS)
seen going wrong when played on the cooperatives' catalogs (round 14): each general rule
with the messages that showed it."""

from pathlib import Path

import pytest
from test_conversation import Chat

from bot.catalog import read_csv

DATA = Path(__file__).resolve().parent / "data"
TAFILALET = read_csv(str(DATA / "catalog_tafilalet.csv"))


# -- a correction naming another kind in an Arabizi word spelled with digits ---------------


@pytest.mark.parametrize("correction", [
    "la, bghit dyal l9am7",
    "la machi hadak, bghit couscous dyal l9am7",
    "la machi hadak, bghit couscous dyal qm7",
])
def test_a_kind_corrected_with_an_arabizi_word_takes_the_lines_place(correction):
    """"couscous dyal chair kilo" then "la, bghit dyal l9am7" (no, the wheat one): the 9 and
    7 of "l9am7" are letters, not figures, yet the correction was read as a new line with a
    count to ask, and both couscous were shipped. A digit glued to letters is no count."""
    chat = Chat(products=TAFILALET)
    chat.send("bghit couscous dyal chair kilo")
    assert chat.cart == {"CC-ORGE-1KG": 1}
    chat.send(correction)
    assert chat.cart == {"CC-BLE-1KG": 1}
    assert not chat.conv["data"]["queue"]


@pytest.mark.parametrize("text", ["bghit couscous dyal l9am7 kilo", "bghit kilo kseksou dyal qam7",
                                  "bghit couscous dyal chi3ir kilo"])
def test_grains_spelled_with_their_vowels_are_known(text):
    """"l9am7", "qam7" (wheat) and "chi3ir" (barley) are how they are typed; only the
    vowel-less "qm7" and "cha3ir" were known, so the customer got the whole couscous list."""
    chat = Chat(products=TAFILALET)
    chat.send(text)
    sku = "CC-ORGE-1KG" if "3ir" in text else "CC-BLE-1KG"
    assert chat.cart == {sku: 1}


# -- SMS abbreviations ----------------------------------------------------------------------


@pytest.mark.parametrize("details, name", [
    ("smti rachid kenitra bir rami zn9a 10 rqm 8", "rachid"),
    ("smti Salma", "Salma"),
])
def test_the_sms_abbreviation_of_smiti_introduces_the_name(details, name):
    """"smti rachid" (SMS spelling of "smiti", my name is) was taken for the name itself:
    the parcel would go to "smti rachid"."""
    chat = Chat()
    chat.send("bghit 2 amlou 500")
    chat.send(details)
    assert chat.conv["data"]["details"]["name"] == name


# -- a plain "ok" to "which city?" ----------------------------------------------------------


@pytest.mark.parametrize("answer", ["wakha", "ok", "la"])
def test_an_ok_to_which_city_is_no_city(answer):
    """Asked for the city after the address, "wakha" got "did you mean Dakhla?" (a fuzzy
    guess of the word) and "ok" got "I don't know that city": neither names one, so the
    question is asked again, and a real city still goes through after."""
    chat = Chat()
    for text in ("bghit 2 amlou 500", "smiti aziz", "hay kawki zn9a 2 raqm 9"):
        chat.send(text)
    assert chat.state == "ask_city"
    chat.send(answer)
    assert chat.state == "ask_city" and "city_guess" not in chat.conv["data"]
    chat.send("fes")
    assert chat.conv["data"]["details"]["city"] == "Fès"


# -- "two of each" in Darija answering "which one?" -----------------------------------------

CHAOUEN = read_csv(str(DATA / "catalog_r7ary_chaouen.csv"))


@pytest.mark.parametrize("answer, count", [
    ("jouj mn kol wa7ed", 2), ("2 mn kol wa7da", 2), ("جوج من كل واحد", 2),
    ("tlata mn kol wa7ed", 3), ("wa7ed mn kol wa7ed", 1),
])
def test_a_count_of_each_in_darija_answering_which_one(answer, count):
    """"Which jben?" (three listed) — "jouj mn kol wa7ed" (two of each): "kol" was an
    unknown word, so the count was dropped and one of each was shipped, where "2 of each"
    gave two. The words leading a Darija "each" are known words."""
    chat = Chat(products=CHAOUEN)
    chat.send("bghit jben")
    chat.send(answer)
    assert chat.cart == {"CHV-JB-NAT": count, "CHV-JB-ZAA": count, "VCH-JB-500": count}


# -- a measure said with the alternative to a sold-out product -------------------------------

DATTES = read_csv(str(DATA / "catalog_dattes.csv"))


@pytest.mark.parametrize("pick, count", [
    ("zid kilo dyal boufeggous", 1), ("wakha 3tini kilo boufeggous", 1),
    ("ok boufeggous", 3), ("ok then the boufeggous one", 3),
])
def test_a_measure_said_with_the_alternative_is_kept(pick, count):
    """"3 kilo dyal jihel" (sold out, the others listed) — "zid kilo dyal boufeggous": one
    kilo was said, yet the 3 asked of the sold-out dates were put. A bare pick still takes
    the count first asked."""
    chat = Chat(products=DATTES)
    chat.send("bghit 3 kilo dyal jihel")
    chat.send(pick)
    assert chat.cart == {"BOUFEGGOUS-1KG": count}


# -- a size picked from the prices with another product's count in the same message ---------

SAFRAN = read_csv(str(DATA / "catalog_safran.csv"))


@pytest.mark.parametrize("pick, cart", [
    ("bghit wa7ed 5g w 2 dyal skinjbir", {"SAFRAN-TAL-5G": 1, "GINGEMBRE-100": 2}),
    ("bghit 5g wa7ed w 2 dyal skinjbir", {"SAFRAN-TAL-5G": 1, "GINGEMBRE-100": 2}),
    ("jouj 5g w kamoun wa7ed", {"SAFRAN-TAL-5G": 2, "CUMIN-100": 1}),
])
def test_the_count_of_another_product_is_not_the_sizes(pick, cart):
    """"ch7al zaafran" (1 g and 5 g listed) — "bghit wa7ed 5g w 2 dyal skinjbir": two 5 g
    saffrons were shipped, the ginger's 2 read as the saffron's count. Only the part of the
    message with the size gives its count."""
    chat = Chat(products=SAFRAN)
    chat.send("ch7al zaafran")
    chat.send(pick)
    assert chat.cart == cart


# -- ordinals in SMS spelling ----------------------------------------------------------------


@pytest.mark.parametrize("answer, sku", [("lwl", "TAP-1"), ("tany", "TAP-2")])
def test_an_sms_ordinal_picks_from_the_list(answer, sku):
    """"Which rug?" — "lwl" (SMS for "lowel", the first): the list was asked again and again
    until the customer gave up."""
    chat = Chat(products=read_csv(str(DATA / "catalog_r10_djellaba.csv")))
    chat.send("bghit tapis")
    chat.send(answer)
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": sku}
