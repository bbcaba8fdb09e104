"""Round 18, second wave, w18en: English (and French) leftovers of the first wave.

Each test failed on main before its fix."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
ATLAS = read_csv(DATA / "catalog_atlas_en.csv")


# -- "I want two" at "which one?": a count, not the option of that number ----------------------

@pytest.mark.parametrize("first, count_said", [
    ("hi how much is the honey", "I want two"),
    ("hi how much is the honey", "ok give me two please"),
    ("chhal l3sel", "bghit jouj"),
    ("combien le miel ?", "je veux deux"),
    ("I would like some honey", "I want two"),
])
def test_an_order_verb_with_a_count_word_at_which_one_is_a_count(first, count_said):
    """"hi how much is the honey" (two honeys listed) — "I want two": the second honey was
    taken and "how many?" asked (the count lost, and a product the customer never chose).
    An order verb with a count written as a word is how many: which one is asked, and the
    answer gets that count."""
    chat = chat_after(first, count_said, products=ATLAS)
    assert chat.cart == {}
    chat.send("1")
    assert list(chat.cart.values()) == [2]


@pytest.mark.parametrize("pick", ["2", "the 2", "number 2", "I want the 2"])
def test_a_figure_or_a_pick_word_still_picks_from_the_list(pick):
    chat = chat_after("hi how much is the honey", pick, products=ATLAS)
    queue = chat.conv["data"]["queue"]
    assert queue and queue[0]["type"] == "qty" and queue[0]["sku"] == ATLAS[1]["sku"]
