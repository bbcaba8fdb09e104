"""Misses seen on operator sheets in the second wave of the nineteenth round (issue 14):
swaps said by kind words, packs counted by their single word, gifts offered, sheet words in
Arabic plurals. Each general rule with the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

OLIVES = read_csv("tests/data/catalog_r19_p19cat_olives.csv")


# -- a swap whose new product is said by its colour alone is of the old one's kind --------

@pytest.mark.parametrize("messages", [
    # the black olives went and nothing came ("lkhder", "vertes" read alone name nothing)
    ("bghit zitoun k7el 2 kilo w l7amed m7ayed kilo", "bdel zitoun b lkhder"),
    ("je veux 2 kg olives noires et 1 kg de citrons confits",
     "remplacez les olives par des vertes"),
    ("I want 2 kg of black olives and 1 kg of preserved lemons",
     "swap the olives for green ones"),
    # a verb putting the new one in joins the swap: it took one green olive in beside them
    ("بغيت زيتون كحل جوج كيلو و الحامض المرقد كيلو", "لا بدل الزيتون ديرو أخضر"),
    # "k7el" is black, not kohl the green ones would be of: two black olives came back
    ("bghit zitoun k7el 2 kilo w l7amed m7ayed kilo", "bdel zitoun k7el b zitoun lkhder"),
    ("bghit zitoun k7el 2 kilo w l7amed m7ayed kilo", "bdel zitoun k7el b lkhder"),
])
def test_a_swap_to_a_colour_is_of_the_lines_kind(messages):
    assert chat_after(*messages, products=OLIVES).cart == {"OLV-VER-1K": 2, "CIT-CONF-1K": 1}


# -- a count of a pack's word read by its spelling is of the single row too ---------------

POTERIE = read_csv("tests/data/catalog_r19_p19cat_poterie.csv")


@pytest.mark.parametrize("text, cart", [
    # "bowls" read as the sheet's "bols" a letter apart: four lots of six (24 bowls) went in
    ("i want 4 safi bowls", {"BOL-SAFI-1": 4}),
    ("i want 3 bowls", {"BOL-SAFI-1": 3}),
    # a pack said by its figure stays the pack
    ("i want 2 sets of 6 bowls", {"BOL-SAFI-6": 2}),
    ("i want 2 lots of 6 bowls", {"BOL-SAFI-6": 2}),
])
def test_a_count_of_a_packs_word_read_by_its_spelling_is_of_the_single_row(text, cart):
    assert chat_after(text, products=POTERIE).cart == cart


def test_a_swap_to_a_product_word_with_its_colour_is_that_product():
    # "الصابون البلدي" names the black soap: the ghassoul's kind is not put before it
    chat = chat_after("bghit 2 ghassoul 200g", "بدل الغاسول بالصابون البلدي")
    assert chat.cart == {"SAVON-NOIR-250": 2}



# -- the words of a price word are no "more" ------------------------------------------------

DATTES = read_csv("tests/data/catalog_dattes.csv")


@pytest.mark.parametrize("messages", [
    # the dates' prices — "le plus cher, 2 kg": the two kilos of Mejhoul went in and "which
    # one?" was asked again among the others ("plus", "more" read as "one more")
    ("how much are your dates?", "le plus cher svp, 2 kg"),
    ("combien les dattes ?", "les plus chers 2 kg"),
    ("how much are your dates?", "2kg of the more expensive ones"),
])
def test_a_price_word_says_no_more(messages):
    chat = chat_after(*messages, products=DATTES)
    assert chat.cart == {"MEJHOUL-1KG": 2}
    assert not chat.conv["data"]["queue"]


# -- the article of a purpose read as the sheet's gift box is no count ---------------------

ATLAS = read_csv("tests/data/catalog_atlas_en.csv")


@pytest.mark.parametrize("text", ["I need something for a gift", "i'm looking for a gift"])
def test_a_gift_asked_for_is_offered_not_put_in(text):
    # "for a gift" is the 350 DH "Gift box Atlas" (alias "hdiya"): its "a" put one in the
    # basket unasked; the box is named and how many asked
    chat = chat_after(text, products=ATLAS)
    assert chat.cart == {}
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": "GIFT-BOX"}


# -- the first side of a size a name writes by two sides says which one --------------------

TAPIS = read_csv("tests/data/catalog_r19_p19cat_tapis.csv")


@pytest.mark.parametrize("messages, cart", [
    # "Tapis Beni Ouarain 120x180" beside the 200x300: "which one?" was asked
    (("bghit zerbiya beni ouarain 120", "1"), {"TAP-BO-120": 1}),
    (("je veux le tapis beni ouarain 200", "1"), {"TAP-BO-200": 1}),
    (("bghit 2 zerbiya beni ouarain 200",), {"TAP-BO-200": 2}),
])
def test_the_first_side_of_a_names_size_says_which_one(messages, cart):
    assert chat_after(*messages, products=TAPIS).cart == cart
