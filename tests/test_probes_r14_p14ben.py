"""Misses seen playing whole English conversations as customers write them on WhatsApp
(issue 14, round 14, p14ben): each general rule with the messages that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
SPICES = read_csv(DATA / "catalog_r9en_epices.csv")


# -- a count corrected while the name is asked is the count, not a name -----------------------

@pytest.mark.parametrize("correction, qty", [
    ("wait can u make it 1", 1),
    ("actually just 1 pls", 1),
    ("no wait, make it 3", 3),
    ("sorry can you make it two", 2),
])
def test_a_count_corrected_at_the_name_question_sets_the_count(correction, qty):
    """"cumin refill x 2, casablanca, 22 bd anfa" asked the name; "wait can u make it 1"
    became the name on the parcel, and 2 refills went out: a correction cue, a count and
    no word a name is made of change the line."""
    chat = chat_after("cumin refill 500g x 2 pls, casablanca, 22 bd anfa", correction,
                      products=SPICES)
    assert chat.cart == {"EP-CUMIN-RECH-500": qty}
    assert not chat.conv["data"]["details"].get("name")


@pytest.mark.parametrize("name", ["Tom Baker", "just Karim", "actually it's Nadia Alami"])
def test_a_name_with_a_correction_word_is_still_the_name(name):
    chat = chat_after("cumin refill 500g x 2 pls, casablanca, 22 bd anfa", name,
                      products=SPICES)
    assert chat.cart == {"EP-CUMIN-RECH-500": 2}
    assert chat.conv["data"]["details"].get("name")


# -- whom the parcel is for, said without a name, is neither the name nor the address ---------

SOAPS = read_csv(DATA / "catalog_r8en_savon.csv")
ATLAS = read_csv(DATA / "catalog_atlas_en.csv")


@pytest.mark.parametrize("for_whom", ["for my mum in agadir", "its for my sister in agadir",
                                      "it's going to my mum in Agadir"])
def test_whom_it_is_for_is_no_name(for_whom):
    """"for my mum in agadir" at the delivery question put "for my mum" on the parcel as the
    name, and "her name is khadija alami, hay dakhla rue 14" then became the whole address."""
    chat = chat_after("3 rose soap", for_whom, "her name is khadija alami, hay dakhla rue 14 n 22",
                      products=SOAPS)
    details = chat.conv["data"]["details"]
    assert details.get("name") == "khadija alami"
    assert details.get("city") == "Agadir"
    assert details.get("address", "").startswith("hay dakhla")


@pytest.mark.parametrize("said", ["she lives in fes, name is amina benali",
                                  "my mum lives in fes, her name is amina benali"])
def test_where_they_live_is_no_address(said):
    """"she lives in fes, name is amina benali": "she lives" was the address on the parcel."""
    chat = chat_after("hey can i get the gift box for my sister", said, products=ATLAS)
    details = chat.conv["data"]["details"]
    assert details.get("name") == "amina benali" and details.get("city") == "Fès"
    assert not details.get("address")
    assert chat.state == "ask_address"


@pytest.mark.parametrize("name", ["Fatima Alaoui", "my mum Fatima Alaoui"])
def test_a_name_after_a_family_word_is_still_the_name(name):
    chat = chat_after("3 rose soap", "thats it", name, products=SOAPS)
    assert "Fatima Alaoui" in chat.conv["data"]["details"].get("name", "")


# -- "send to … in <city>, <street>" after the cart is the details, not a delivery question ----

POTTERY = read_csv(DATA / "catalog_r9en_poterie.csv")


@pytest.mark.parametrize("said, city, address", [
    ("send to my friend karim in tangier, 20 rue de la liberte", "Tanger", "20 rue de la liberte"),
    ("send to youssef in oujda, lot 12 hay el qods", "Oujda", "lot 12 hay el qods"),
    ("deliver to my mum in fes, hay salam 3", "Fès", "hay salam 3"),
])
def test_send_to_someone_with_a_street_is_the_details(said, city, address):
    """"send to youssef in oujda, lot 12 hay el qods" at "anything else? if not, your
    details" answered the delivery fee to Oujda and asked nothing; "yes" then asked the name
    with the order stalled. A street read in it makes it the details (and "de la" in a street's
    name is no Darija "no")."""
    chat = chat_after("a big basket", said, products=POTTERY)
    details = chat.conv["data"]["details"]
    assert details.get("city") == city and details.get("address") == address
    assert chat.state == "ask_name"
    chat.send("Karim")
    assert chat.state == "confirm"


def test_a_delivery_question_after_the_cart_is_still_answered():
    chat = chat_after("a big basket", "do you deliver to tangier?", products=POTTERY)
    assert chat.state == "ordering" and not chat.conv["data"]["details"].get("address")


# -- "im emma, …", "she is fatima": a first name in small letters after a weak cue -----------

SLIPPERS = read_csv(DATA / "catalog_r10_babouche.csv")


@pytest.mark.parametrize("said, name", [
    ("thats it. im emma, staying at riad yasmine in marrakech, derb snane 12", "emma"),
    ("its for my mum in marrakech, she is fatima, hay salam 12", "fatima"),
    ("i am sara. marrakech, derb snane 12", "sara"),
])
def test_a_small_letter_first_name_after_a_weak_cue_is_the_name(said, name):
    """"im emma, staying at riad yasmine in marrakech, derb snane 12" put "staying at riad
    yasmine" on the parcel as the name; "she is fatima" left the name unasked-for and asked."""
    chat = chat_after("2 black slippers 42", said, products=SLIPPERS)
    details = chat.conv["data"]["details"]
    assert details.get("name") == name and details.get("city") == "Marrakech"
    assert chat.state == "confirm"


@pytest.mark.parametrize("said", ["im fine, thanks", "she is in marrakech, derb snane 12"])
def test_no_name_without_a_first_name_after_the_cue(said):
    chat = chat_after("2 black slippers 42", said, products=SLIPPERS)
    assert not chat.conv["data"]["details"].get("name")
