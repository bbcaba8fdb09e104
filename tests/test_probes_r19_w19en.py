"""Misses of English and French visitors (nineteenth round, second wave, w19en): counts that
take part of a line, details as tourists write them. Each general rule with the conversation
that showed it: wrong parcels first."""

import pytest

from tests.test_conversation import chat_after

# --- a count after the swapping verb is the part of the line swapped ----------------------
# "swap 2 of the thyme for euphorbia" with 3 thyme in the basket took all the thyme out (the
# count went to the new product only): one thyme was lost. A count right after the replacing
# verb, smaller than the line named, takes that many out of it and puts as many of the new
# product in.

@pytest.mark.parametrize("said", ["swap 2 of the thyme for euphorbia",
                                  "replace 2 thyme with euphorbia",
                                  "remplacez 2 miels de thym par de l'euphorbe",
                                  "bdel jouj dyal zaatar b daghmous"])
def test_a_count_after_the_swapping_verb_takes_part_of_the_line(said):
    chat = chat_after("3 thyme honey 500g", said)
    assert chat.cart == {"MIEL-THYM-500": 1, "MIEL-EUPH-500": 2}


@pytest.mark.parametrize("said", ["remplacez 1 amlou par du miel de thym 500g",
                                  "swap 1 amlou for thyme honey 500g"])
def test_one_of_three_swapped_keeps_the_other_two(said):
    chat = chat_after("3 amlou 250g", said)     # "1" is no "one of them" word: all three went
    assert chat.cart == {"AMLOU-250": 2, "MIEL-THYM-500": 1}


@pytest.mark.parametrize("said", ["swap 3 thyme for euphorbia", "swap the thyme for euphorbia"])
def test_the_whole_line_swapped_is_still_swapped_whole(said):
    chat = chat_after("3 thyme honey 500g", said)
    assert chat.cart == {"MIEL-EUPH-500": 3}


# --- "N of them" in the message that put the line in ----------------------------------------
# "hey, 1 argan culinary 250ml. sorry make that 500ml. and 2 of them" packed three bottles, and
# "3 thyme honey 500g, 2 of them for my sister" five jars: a bare count before "of them" is
# the count of the one line it points to (said as one), or a part of the count already said,
# never that many more ("2 more of them" still adds).

@pytest.mark.parametrize(("said", "cart"), [
    ("hey, 1 argan culinary 250ml. sorry make that 500ml. and 2 of them", {"ARGAN-ALIM-500": 2}),
    ("1 argan culinary 250ml. and 2 of them", {"ARGAN-ALIM-250": 2}),
    ("bghit 1 amlou 250g w jouj menhom", {"AMLOU-250": 2}),
    ("3 thyme honey 500g, 2 of them for my sister", {"MIEL-THYM-500": 3}),
    ("bghit 3 d amlou 250g, jouj menhom l khti", {"AMLOU-250": 3}),
    ("1 thyme honey 500g and 2 more of them", {"MIEL-THYM-500": 3}),
    ("amlou 250, 2 of them", {"AMLOU-250": 2}),         # a size first, no count said
])
def test_a_count_of_them_is_the_lines_count_or_a_part_of_it(said, cart):
    assert chat_after(said).cart == cart


# "make that 500ml" after the 250 ml was asked "500 ml instead of 250 ml?" where "make it
# 500ml" swapped at once: "make that", "make them" correct the line just put in as "make it".

@pytest.mark.parametrize(("said", "cart"), [("make that 500ml", {"ARGAN-ALIM-500": 1}),
                                            ("make them 500ml", {"ARGAN-ALIM-500": 1})])
def test_make_that_corrects_the_line_just_put_in(said, cart):
    chat = chat_after("1 argan culinary 250ml", said)
    assert chat.cart == cart


# --- "all 500g": one measure for every line -------------------------------------------------
# "Hi, I'd like three jars of honey: 2 thyme and 1 orange blossom, all 500g" packed the
# orange blossom alone and asked "which thyme?" (then all six honeys): an "all of them" word
# right before a measure gives every line that measure as "each" and "both" do, and a vague
# count of a kind that the lines of that kind add up to announced them (no line of its own).

@pytest.mark.parametrize(("said", "cart"), [
    ("Hi, I'd like three jars of honey: 2 thyme and 1 orange blossom, all 500g",
     {"MIEL-THYM-500": 2, "MIEL-ORANG-500": 1}),
    ("2 thyme and 1 orange blossom, all in 1kg", {"MIEL-THYM-1KG": 2, "MIEL-ORANG-1KG": 1}),
    ("3 pots de miel : 2 thym et 1 fleur d'oranger, tous en 1kg",
     {"MIEL-THYM-1KG": 2, "MIEL-ORANG-1KG": 1}),
    ("bghit jouj zaatar w wa7ed zhar, kolhom dyal 500g", {"MIEL-THYM-500": 2, "MIEL-ORANG-500": 1}),
    ("بغيت جوج زعتر و واحد الزهر، كلهم ديال 500 غرام", {"MIEL-THYM-500": 2, "MIEL-ORANG-500": 1}),
])
def test_all_before_a_measure_sizes_every_line(said, cart):
    chat = chat_after(said)
    assert chat.cart == cart
    assert "\n1. " not in "\n".join(chat.last.replies)      # no "which one?" left



# --- a hotel named before its word ---------------------------------------------------------
# "Mia Wong, Marrakech, La Mamounia hotel" at the details switched to Darija and asked the
# name and the address again (the article "La" read as Darija's "no"): a part made of
# capitalised words ending on a lodging word ("hotel", "riad") names the lodging, the address.

@pytest.mark.parametrize(("said", "address"), [
    ("Mia Wong, Marrakech, La Mamounia hotel", "La Mamounia hotel"),
    ("Mia Wong, Marrakech, La Maison Arabe riad", "La Maison Arabe riad"),
    ("Tom Baker, Rabat, Le Diwan hotel", "Le Diwan hotel"),
])
def test_a_hotel_named_before_its_word_is_the_address(said, address):
    chat = chat_after("hi, 2 amlou 250g please", said)
    assert chat.state == "confirm" and chat.last.lang == "en"
    text = "\n".join(chat.last.replies)
    assert address in text and said.split(",")[0] in text


# --- "that's it" after a person was offered ---------------------------------------------------
# "are you a bot?" (a person offered, yes / no) — "that's it" handed the order to a person:
# a "that's all" word says the order is complete, no yes to the person; "yes" still is.

@pytest.mark.parametrize(("asked", "said"), [("are you a bot?", "that's it"),
                                             ("are you a bot?", "c'est tout"),
                                             ("wach nta robot?", "safi hakka")])
def test_thats_it_after_a_person_offered_goes_on_to_the_details(asked, said):
    chat = chat_after("2 amlou 250g please", asked, said)
    assert chat.state == "ask_name" and chat.cart == {"AMLOU-250": 2}


def test_yes_after_a_person_offered_still_hands_over():
    assert chat_after("2 amlou 250g please", "are you a bot?", "yes").state == "handoff"
