"""Misses seen when playing whole conversations (issue 14, round 12): each general rule with
the messages that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"

# -- counts that say whom each part of a line is for share it out, never add lines -----------

@pytest.mark.parametrize("text, lines", [
    ("bghit 4 amlou 250g, 2 lia w 2 l khti", {"AMLOU-250": 4}),
    ("bghit 4 amlou 250g, 2 liya w 2 lkhti", {"AMLOU-250": 4}),
    ("bghit 3 amlou 250g, wa7d lia w jouj l mama", {"AMLOU-250": 3}),
    ("bghit amlou 250g 4, 2 lia w 2 l khti", {"AMLOU-250": 4}),
    ("bghit 2 kilo l3sel zaatar, wa7ed lia w wa7ed l khti", {"MIEL-THYM-1KG": 2}),
    ("je veux 4 amlou 250g, 2 pour moi et 2 pour ma soeur", {"AMLOU-250": 4}),
    ("je veux 2 pots d amlou 500g, un pour moi et un pour ma mère", {"AMLOU-500": 2}),
    ("I want 4 amlou 250g, 2 for me and 2 for my sister", {"AMLOU-250": 4}),
    ("I want 2 amlou 250g, 1 for me and 1 for Karim", {"AMLOU-250": 2}),
    ("جوج ديال أملو 250، واحد ليا و واحد لختي", {"AMLOU-250": 2}),
    ("je veux 2 pots d amlou 250g, un pour moi un pour ma fille", {"AMLOU-250": 2}),
])
def test_counts_for_whom_share_the_line_out(text, lines):
    """"bghit 4 amlou 250g, 2 lia w 2 l khti" (2 for me and 2 for my sister) put 4 × 250 g
    and 4 × 500 g in the basket (the "2 l" read as two litres) and asked which amlou; "2
    pour moi et 2 pour ma sœur" read "pour" as a product word: a parcel of 8 or 12 jars."""
    chat = chat_after(text)
    assert chat.cart == lines
    assert chat.state != "ordering" or not chat.conv["data"].get("queue")


def test_counts_for_whom_after_a_line_for_someone_are_more():
    """"2 ghassoul l khti w 1 lia": two for the sister and one more for me; "2 amlou 250g,
    wa7d l khti": of the two, one for the sister."""
    assert chat_after("bghit 2 ghassoul l khti w 1 lia").cart == {"GHASSOUL-200": 3}
    assert chat_after("bghit 2 amlou 250g, wa7d l khti").cart == {"AMLOU-250": 2}


@pytest.mark.parametrize("text, lines", [
    ("bghit amlou 500 l mama", {"AMLOU-500": 1}),
    ("bghit 1 amlou 250 w 1 amlou 500 l mama", {"AMLOU-250": 1, "AMLOU-500": 1}),
])
def test_whom_a_size_is_for_is_no_unit(text, lines):
    """"bghit amlou 500 l mama" (the 500 g one for mother) was 1,000 jars of 500 g: "500 l",
    five hundred litres."""
    assert chat_after(text).cart == lines


# -- a count and a size right after the product words are its parts ---------------------

@pytest.mark.parametrize("text, lines", [
    ("bghit 2 amlou wa7d 250 w wa7d 500", {"AMLOU-250": 1, "AMLOU-500": 1}),
    ("je veux 2 amlou 1 de 250g et 1 de 500g", {"AMLOU-250": 1, "AMLOU-500": 1}),
    ("bghit 3 amlou 2 d 250 w 1 d 500", {"AMLOU-250": 2, "AMLOU-500": 1}),
    ("bghit 2 amlou, wa7d 250 w wa7d 500", {"AMLOU-250": 1, "AMLOU-500": 1}),
])
def test_a_product_counted_then_its_parts_by_size_is_those_parts(text, lines):
    """"bghit 2 amlou wa7d 250 w wa7d 500" (two amlou: one 250, one 500) put 2 × 250 g and
    1 × 500 g: three jars for two (with a comma it was right)."""
    assert chat_after(text).cart == lines


# -- "x" after a bare size: how many of that size -----------------------------------------

@pytest.mark.parametrize("text, lines", [
    ("amlou 250 x3", {"AMLOU-250": 3}),
    ("amlou 250 × 3", {"AMLOU-250": 3}),
    ("bghit zit argan 500 x2", {"ARGAN-ALIM-500": 2}),
    ("2 x 250 amlou", {"AMLOU-250": 2}),
])
def test_a_bare_size_times_a_count_is_that_many_of_the_size(text, lines):
    """"amlou 250 x3" was 250 jars of "which amlou?" (the figure before "x" taken for the
    count, the 3 for a size)."""
    assert chat_after(text).cart == lines


# -- a catalog price after "b" / "à" tells which product, never how many ---------------------

@pytest.mark.parametrize("text, lines", [
    ("bghit 2 amlou b 60", {"AMLOU-250": 2}),
    ("bghit 3 dyal amlou b 60", {"AMLOU-250": 3}),
    ("je veux 2 amlou à 110", {"AMLOU-500": 2}),
    ("bghit 2 kilo l3sel b 220", {"MIEL-THYM-1KG": 2}),
])
def test_a_price_said_after_b_picks_the_product(text, lines):
    """"bghit amlou b 110" (the amlou at 110) was 110 jars of "which amlou?"; "2 amlou b 60"
    asked which although the 60 DH one is the 250 g."""
    assert chat_after(text).cart == lines


def test_a_price_said_after_b_without_a_count_asks_how_many_of_that_product():
    chat = chat_after("bghit amlou b 110")
    assert chat.cart == {}
    assert "Amlou aux amandes 500g" in chat.last.replies[-1]
    assert "250g" not in chat.last.replies[-1]


# -- a count, then amounts alone: one of each amount -----------------------------------------

@pytest.mark.parametrize("text", [
    "bghit 2 zit zitoun, 1l w 5l", "je veux 2 huiles d olive, 1L et 5L",
    "I want 2 olive oils: 1L and 5L",
])
def test_a_count_then_several_amounts_is_one_of_each(text):
    """"2 olive oils: 1L and 5L" was 2 × 1 L and 1 × 5 L ("3 rose waters, the 1L" — three of
    the 1 L — read the first amount as the size of all of them)."""
    assert chat_after(text).cart == {"OLIVE-1L": 1, "OLIVE-5L": 1}


@pytest.mark.parametrize("text", [
    "bghit 2 sabon beldi, nature w eucalyptus", "je veux 2 savons beldi: nature et eucalyptus",
    "I want two black soaps, plain and eucalyptus",
])
def test_a_count_then_as_many_kinds_without_counts_is_one_of_each(text):
    """"2 sabon beldi, nature w eucalyptus" was 2 × nature and "how many eucalyptus?"."""
    chat = chat_after(text, products=read_csv(DATA / "catalog_cosmetique.csv"))
    assert chat.cart == {"SAVON-BELDI-NAT": 1, "SAVON-BELDI-EUC": 1}


@pytest.mark.parametrize("text", ["bghit 2 amlou 250g w 1 amlou",
                                  "bghit 2 amlou 250g w wa7d amlou akhor",
                                  "I want 2 amlou 250g and 1 amlou"])
def test_a_second_mention_of_a_product_just_put_in_is_another_one(text):
    """"bghit 2 amlou 250g w 1 amlou" set the 250 g line to 1 (the one amlou of the basket
    taken for a correction of it): a parcel of one jar for three asked. Which amlou is asked."""
    chat = chat_after(text)
    assert chat.cart == {"AMLOU-250": 2}
    assert chat.conv["data"]["queue"][0]["type"] == "choice"
    chat.send("2")
    assert chat.cart == {"AMLOU-250": 2, "AMLOU-500": 1}
