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


# -- a name's link word after its word in the plural; an "and" that goes on elsewhere ---------

ATELIER = read_csv(DATA / "catalog_r18_p18en_atelier.csv")


@pytest.mark.parametrize("text", ["2 night creams with argan", "night creams with argan x2"])
def test_a_plural_before_the_names_own_link_word_is_that_name(text):
    """"2 night creams with argan" (Night cream with argan 50ml): the creams went in, then
    "which one: Argan soap bar / Day cream?" for "argan" (a second line the customer never
    asked for; "2 night cream with argan" was one line). The plural before the name's own
    link word ("with", "avec") joins the name as the singular does."""
    chat = chat_after(text, products=ATELIER)
    assert chat.cart == {"CREAM-NIGHT-50": 2} and not chat.conv["data"]["queue"]


@pytest.mark.parametrize("text", ["2 night cream and argan soap", "2 night creams and argan soap"])
def test_an_and_whose_next_word_names_another_product_joins_no_name(text):
    """"2 night cream and argan soap": "cream … argan" is joined inside "Night cream with
    argan", so the message read as "night cream and argan soap", which nobody sells: the
    whole order was lost. A joined pair followed by a word of another product's name (and
    none of this one's) joins nothing: two lines."""
    chat = chat_after(text, products=ATELIER)
    assert chat.cart.get("CREAM-NIGHT-50") == 2
    assert "SOAP-ARG" in chat.cart or any(
        q.get("sku") == "SOAP-ARG" for q in chat.conv["data"]["queue"])


def test_a_size_after_the_joined_name_stays_its_size():
    chat = chat_after("2 night cream with argan 50ml", products=ATELIER)
    assert chat.cart == {"CREAM-NIGHT-50": 2}


# -- a yes with a wish for the parcel at the summary ---------------------------------------------

DETAILS = "Sara Bennani, Rabat, 12 rue Fes Agdal"


@pytest.mark.parametrize("first, yes, wish", [
    ("I want 2 amlou 250g", "Yes it's a gift so please no invoice in the box", "invoice"),
    ("I want 2 amlou 250g", "yes and please no plastic bag", "plastic bag"),
    ("bghit 2 amlou 250g", "iyeh walakin bla sachet", "sachet"),
])
def test_a_yes_with_a_wish_for_the_parcel_places_the_order_and_keeps_the_wish(first, yes, wish):
    """At the summary, "yes and please no plastic bag" got "What would you like to change?":
    the "no" before a thing was read as a no to the order, and the order stalled. A yes
    whose only "no" stands before a plain word is a yes; the wish is kept for the order."""
    from bot import orders
    from bot.conversation import CreateOrder
    chat = chat_after(first, DETAILS, yes)
    placed = [a for a in chat.actions if isinstance(a, CreateOrder)]
    assert len(placed) == 1 and placed[0].lines[0]["quantity"] == 2
    assert wish in (orders.order_note(placed[0].details) or "")


@pytest.mark.parametrize("no", ["yes no", "yes no wait", "yes no thanks", "yes, no, wait"])
def test_a_no_that_stands_alone_is_still_no_order(no):
    from bot.conversation import CreateOrder
    chat = chat_after("I want 2 amlou 250g", DETAILS, no)
    assert not any(isinstance(a, CreateOrder) for a in chat.actions)
    assert chat.cart == {"AMLOU-250": 2}


# -- a corrected count, then "and"/"plus" a new line ------------------------------------------

@pytest.mark.parametrize("first, then", [
    ("I want 1 amlou 250g", "make that 2 and a rhassoul"),
    ("I want 1 amlou 250g", "make that 2 plus a rhassoul"),
    ("bghit 1 amlou 250g", "la dir 2 w wa7ed ghassoul"),
])
def test_a_corrected_count_then_and_a_new_line_keeps_both(first, then):
    """"1 amlou 250g" — "make that 2 and a rhassoul": the amlou stayed 1 (a wrong parcel)
    and the ghassoul went in; with "plus", "How many Ghassoul?" although "a" was said. The
    count before the first conjunction is the last line's, the rest the new lines, an
    article opening them a count."""
    chat = chat_after(first, then)
    assert chat.cart == {"AMLOU-250": 2, "GHASSOUL-200": 1}


# -- a scarf by its cloth: "cotton scarves" for "Chèche en coton" -----------------------------

SCARVES = read_csv(DATA / "catalog_r18_w18en_scarves.csv")
DJELLABA = read_csv(DATA / "catalog_r10_djellaba.csv")


@pytest.mark.parametrize("products, text, sku", [
    (DJELLABA, "2 cotton scarves", "CHECH"),
    (SCARVES, "2 cotton scarves", "CHECHE-COT"),
    (SCARVES, "2 linen scarves", "CHECHE-LIN"),
    (SCARVES, "2 silk scarves", "FOULARD-SOIE"),
    (SCARVES, "bghit 2 chech dyal 9ton", "CHECHE-COT"),
])
def test_a_scarf_said_by_its_cloth_is_that_one(products, text, sku):
    """"cotton scarves" was sold nowhere on the djellaba sheet (its "Chèche en coton": a
    chèche is a scarf), and "a linen scarf" took the silk foulard (the cloth unread, the
    only "scarf" word of the sheet won: a wrong parcel). A chèche is a scarf, and the cloth
    (cotton, linen, silk, wool) says which one."""
    chat = chat_after(text, products=products)
    assert chat.cart == {sku: 2}
