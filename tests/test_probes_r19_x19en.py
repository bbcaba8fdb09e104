"""Misses of English and French visitors (nineteenth round, third wave, x19en). Each general
rule with the conversation that showed it: wrong parcels first."""

import pytest

from tests.test_conversation import chat_after

# --- a soft correction word before the replacing verb keeps the swap ---------------------
# "en fait remplacez 1 amlou par du miel de thym 500g" with 3 amlou 250g in the basket gave
# 3 × amlou 500g (the new product's size went to the old line, the honey was asked about):
# the swap is looked for only in the message's first words after a correction lead, and
# the softer correction words ("en fait", "actually", "b9it") were not skipped like "non".

@pytest.mark.parametrize("first, said", [
    ("Bonjour, 3 amlou 250g svp", "en fait remplacez 1 amlou par du miel de thym 500g"),
    ("3 amlou 250g stp", "en fait, change un amlou pour un miel de thym 500g"),
])
def test_a_soft_correction_before_the_replacing_verb_keeps_the_swap(first, said):
    chat = chat_after(first, said)
    assert chat.cart == {"AMLOU-250": 2, "MIEL-THYM-500": 1}


# --- a line's own count before its size is no measure alone --------------------------------
# "3 jars of honey: 2 thyme and 1 orange blossom, both 500g" gave 2 × orange blossom and the
# thyme asked: with "both"/"each", the one bare count (the thyme's 2) went before every line
# whose quantity was read as a measure alone, and "1 … 500g" (a count, then the size) was
# read so. A small count followed by a size is the line's own count.

@pytest.mark.parametrize("said, cart", [
    ("3 jars of honey: 2 thyme and 1 orange blossom, both 500g",
     {"MIEL-THYM-500": 2, "MIEL-ORANG-500": 1}),
    ("4 jars of honey: 3 euphorbia and 1 orange blossom, both 1kg",
     {"MIEL-EUPH-1KG": 3, "MIEL-ORANG-1KG": 1}),
])
def test_a_count_before_the_size_said_with_each_is_the_lines_own(said, cart):
    assert chat_after(said).cart == cart


# --- "N of them" with another size takes part of the line ----------------------------------
# "3 thyme honey 500g, 2 of them 1kg" gave 3 × 500 g and 2 × 1 kg (five jars for three): a
# count said with "of them" and a size of its own, after a line counted in its own size, is
# that many of the line in the new size, the rest left in the first one.

@pytest.mark.parametrize("said, cart", [
    ("3 thyme honey 500g, 2 of them 1kg", {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 2}),
    ("4 amlou 250g, 1 of them 500g", {"AMLOU-250": 3, "AMLOU-500": 1}),
    ("3 miels de thym 500g, et 2 d'entre eux en 1kg", {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 2}),
])
def test_a_part_of_a_line_in_another_size_is_taken_from_it(said, cart):
    assert chat_after(said).cart == cart
