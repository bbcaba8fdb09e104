"""Misses seen when playing whole conversations (issue 14, round 13: the dialogue across
languages): each general rule with the messages that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

ORDER = {"id": 7, "number": "T-1042", "status": "confirmed", "tracking": None,
         "lines": [{"sku": "GHASSOUL-200", "quantity": 1, "name": "Ghassoul 200g"}]}

DATA = Path(__file__).resolve().parent / "data"


def _catalog(name):
    return read_csv(DATA / name)


# -- a count, then measures joined by "and" with no comma: one of each ----------------------

@pytest.mark.parametrize("text, cart", [
    ("bghit 2 zit zitoun 1l w 5l", {"OLIVE-1L": 1, "OLIVE-5L": 1}),
    ("I want 2 olive oils 1L and 5L", {"OLIVE-1L": 1, "OLIVE-5L": 1}),
    ("je veux 2 huiles d'olive 1L et 5L", {"OLIVE-1L": 1, "OLIVE-5L": 1}),
    ("bghit 2 amlou 250g w 500g", {"AMLOU-250": 1, "AMLOU-500": 1}),
])
def test_a_count_then_two_measures_joined_by_and_is_one_of_each(text, cart):
    """"bghit 2 zit zitoun 1l w 5l" was 2 × 1 L and 1 × 5 L (the count read with the first
    measure, the second measure a line of its own): a wrong parcel. With a comma it was
    already one of each."""
    assert chat_after(text).cart == cart


def test_a_count_and_a_measure_then_another_product_keeps_its_count():
    assert chat_after("bghit 2 amlou 250g w 1 ghassoul").cart == {"AMLOU-250": 2,
                                                                    "GHASSOUL-200": 1}


# -- a second count with its own product words opens the parts of the first ----------------

@pytest.mark.parametrize("text", [
    "soap x3 (2 plain 1 eucalyptus)", "soap x3 2 plain 1 eucalyptus",
    "sabon beldi x3 (2 nature w 1 eucalyptus)", "savon x 3 (2 nature + 1 eucalyptus)",
])
def test_a_count_then_counted_kinds_in_brackets_are_the_kinds(text):
    """"soap x3 (2 plain 1 eucalyptus)" was 3 plain and 1 eucalyptus: the "2" was added to
    the "x3" (the bracket is no separator). The bracketed counts are the parts of three."""
    chat = chat_after(text, products=_catalog("catalog_cosmetique.csv"))
    assert chat.cart == {"SAVON-BELDI-NAT": 2, "SAVON-BELDI-EUC": 1}


# -- "two, not one" at the summary names its line by the count taken back -------------------

def _at_summary(first, lang_details="Karim, casa, hay nour 12"):
    chat = chat_after(first, lang_details)
    assert chat.state == "confirm"
    return chat


@pytest.mark.parametrize("first, correction, pick, cart", [
    ("bghit 1 amlou 250g w 1 ghassoul", "la, bghit jouj machi wa7da", "ghassoul",
     {"AMLOU-250": 1, "GHASSOUL-200": 2}),
    ("bghit 1 amlou 250g w 1 ghassoul", "la, bghit jouj machi wa7da", "1",
     {"AMLOU-250": 2, "GHASSOUL-200": 1}),
    ("je veux 1 amlou 250g et 1 ghassoul", "non, 2 pas 1", "l'amlou",
     {"AMLOU-250": 2, "GHASSOUL-200": 1}),
])
def test_two_not_one_at_the_summary_with_two_lines_of_one_asks_which(first, correction, pick,
                                                                     cart):
    """"la, bghit jouj machi wa7da" at the summary of 1 amlou and 1 ghassoul made the
    ghassoul two (the last line added): maybe the wrong line, changed unasked."""
    chat = _at_summary(first)
    chat.send(correction)
    assert chat.cart == {"AMLOU-250": 1, "GHASSOUL-200": 1}
    assert "Amlou" in chat.last.replies[-1] and "Ghassoul" in chat.last.replies[-1]
    chat.send(pick)
    assert chat.cart == cart and chat.state == "confirm"


def test_two_not_one_names_the_one_line_of_one():
    chat = _at_summary("bghit 2 amlou 250g w 1 ghassoul")
    chat.send("la, bghit jouj machi wa7da")
    assert chat.cart == {"AMLOU-250": 2, "GHASSOUL-200": 2} and chat.state == "confirm"


def test_two_not_one_right_after_a_line_is_that_line():
    chat = chat_after("bghit 1 amlou 250g", "bghit 1 ghassoul", "la, bghit jouj machi wa7da")
    assert chat.cart == {"AMLOU-250": 1, "GHASSOUL-200": 2}


# -- more products right after the order was placed: a new order, said so --------------------

@pytest.mark.parametrize("placed, more, count", [
    (("bghit 1 ghassoul", "Karim, casa, hay nour 12", "iyeh"), "bghit zada 1 amlou 250g", 1),
    (("I want 1 ghassoul", "Tom, Rabat, Agdal rue 4 n 9", "yes"), "add 2 amlou 250g please", 2),
    (("je veux 1 ghassoul", "Tom, Rabat, Agdal rue 4 n 9", "oui"), "ajoutez aussi 1 amlou 250g",
     1),
])
def test_more_products_after_the_order_is_placed_are_told_to_be_a_new_order(placed, more,
                                                                            count):
    """"bghit zada 1 amlou" right after the order was placed started a second basket
    silently: the customer thought the parcel would grow."""
    order = dict(ORDER)
    chat = chat_after(*placed, last_order=order)
    reply = chat.send(more)
    assert "T-1042" in reply and chat.cart == {"AMLOU-250": count}


def test_a_first_order_after_a_delivered_one_says_nothing_of_it():
    chat = chat_after(last_order=dict(ORDER, status="delivered"))
    assert "T-1042" not in chat.send("zid 1 amlou 250g")


# -- another size alone after a line: instead of it, or both? -------------------------------

@pytest.mark.parametrize("first, size, answer, cart", [
    ("bghit 1 kilo miel thym", "bghit 500g", "iyeh", {"MIEL-THYM-500": 1}),
    ("bghit 1 kilo miel thym", "bghit 500g", "bjouj", {"MIEL-THYM-1KG": 1, "MIEL-THYM-500": 1}),
    ("I want 1kg thyme honey", "I want 500g", "no", {"MIEL-THYM-1KG": 1}),
    ("je veux 1kg de miel de thym", "je veux 500g", "les deux",
     {"MIEL-THYM-1KG": 1, "MIEL-THYM-500": 1}),
])
def test_another_size_alone_after_a_line_asks_instead_or_both(first, size, answer, cart):
    """"bghit 500g" after 1 kg of thyme honey was left alone and the checkout went on: the
    1 kg delivered, the 500 g never read."""
    chat = chat_after(first)
    reply = chat.send(size)
    assert "Miel de thym 500g" in reply and "Miel de thym 1kg" in reply
    assert chat.cart == {"MIEL-THYM-1KG": 1}
    chat.send(answer)
    assert chat.cart == cart


def test_another_size_alone_at_the_summary_is_asked_before_any_yes():
    chat = _at_summary("bghit 1 kilo miel thym")
    chat.send("bghit 500g")
    chat.send("iyeh")
    assert chat.cart == {"MIEL-THYM-500": 1} and chat.state == "confirm"
    assert not chat.actions


# -- a measure taken off a line leaves the rest -----------------------------------------------

@pytest.mark.parametrize("messages, cart", [
    (("bghit 1 kilo miel thym", "n9s nss kilo"), {"MIEL-THYM-500": 1}),
    (("I want 1kg thyme honey", "remove half a kilo"), {"MIEL-THYM-500": 1}),
    (("je veux 1kg de miel de thym", "enlevez 500g"), {"MIEL-THYM-500": 1}),
    (("bghit 3 kilo miel thym", "n9s kilo"), {"MIEL-THYM-1KG": 2}),
    (("bghit 1 kilo miel thym", "w 2 ghassoul", "n9s nss kilo"),
     {"MIEL-THYM-500": 1, "GHASSOUL-200": 2}),
    (("bghit 1 kilo miel thym", "Karim, casa, hay nour 12", "نقص نص كيلو"), {"MIEL-THYM-500": 1}),
])
def test_a_measure_taken_off_a_line_leaves_the_rest(messages, cart):
    """"n9s nss kilo" (half a kilo less) with 1 kg of honey took the whole line out; "n9s
    kilo" off 3 × 1 kg took two."""
    assert chat_after(*messages).cart == cart


def test_a_measure_no_size_makes_leaves_the_line():
    chat = chat_after("bghit 2 kilo couscous", "n9s nss kilo")
    assert chat.cart == {"COUSCOUS-ORGE-1KG": 2}


# -- details written at "which one?" are said back before it is asked again ------------------

@pytest.mark.parametrize("first, details, said", [
    ("bghit zit argan", "Karim, casa, hay nour 12", ("Karim", "Casablanca", "hay nour 12")),
    ("bghit lmiel", "smiti Karim mn casa", ("Karim", "Casablanca")),
    ("I want honey", "my name is Tom, Rabat, Agdal rue 4 n 9", ("Tom", "Rabat", "Agdal rue 4 n 9")),
    ("I want honey", "Laila Amrani", ("Laila Amrani",)),
    ("بغيت العسل", "فاطمة، الدار البيضاء، حي النور 12", ("فاطمة", "الدار البيضاء", "حي النور 12")),
])
def test_details_given_at_which_one_are_said_back(first, details, said):
    """"Karim, casa, hay nour 12" at "which argan oil?" was kept, but the list came back
    alone, as if nothing had been read: the customer wrote it all again."""
    chat = chat_after(first)
    reply = chat.send(details)
    head = chat.last.replies[0]
    assert all(part in head for part in said), head
    assert "1." in reply and chat.cart == {}
    kept = chat.conv["data"]["details"]
    assert kept.get("name") == said[0]


# -- a count of pieces and a box of them: boxes, never that many boxes ----------------------

def _eggs(*messages):
    return chat_after(*messages, products=_catalog("catalog_r13_p13flow_oeufs.csv"))


@pytest.mark.parametrize("messages, cart", [
    (("je veux une douzaine d'oeufs", "2"), {"OEUF-12": 1}),
    (("I want a dozen eggs", "the dozen"), {"OEUF-12": 1}),
    (("je veux 24 oeufs", "2"), {"OEUF-12": 2}),
    (("je veux une douzaine d'oeufs", "1"), {"OEUF-1": 12}),
    (("je veux 2 douzaines d'oeufs", "2"), {"OEUF-12": 2}),
    (("je veux des oeufs", "une douzaine"), {"OEUF-12": 1}),
    (("I want eggs", "a dozen"), {"OEUF-12": 1}),
    (("bghit bid beldi", "30"), {"OEUF-30": 1}),
])
def test_a_count_of_pieces_picks_boxes_of_them(messages, cart):
    """"une douzaine d'œufs" — "2" (the dozen box) put 12 boxes of 12 in the basket (384
    DH); "une douzaine" at "which eggs?" was "reply with the number"."""
    assert _eggs(*messages).cart == cart


def test_a_count_of_pieces_no_box_divides_asks_how_many():
    chat = _eggs("je veux 15 oeufs", "2")
    assert chat.cart == {} and chat.conv["data"]["queue"][0] == {"type": "qty",
                                                                  "sku": "OEUF-12"}


# -- a row's figure and a colour together pick one row; who a garment is for says which ------

@pytest.mark.parametrize("first, answer, cart", [
    ("je veux des babouches", "2 paires noires en 42", {"BAB-N-42": 2}),
    ("bghit babouche", "jouj k7lin f 42", {"BAB-N-42": 2}),
    ("I want slippers", "2 pairs of black in 42", {"BAB-N-42": 2}),
    ("je veux des babouches", "une paire noire en 42", {"BAB-N-42": 1}),
])
def test_a_colour_and_a_size_figure_pick_the_one_row(first, answer, cart):
    """"2 paires noires en 42" at "which babouches?" listed the four black ones again (the
    42 of two colours, the black of four sizes: each alone no answer)."""
    chat = chat_after(first, answer, products=_catalog("catalog_r10_babouche.csv"))
    assert chat.cart == cart


@pytest.mark.parametrize("messages, listed", [
    (("I want a men's djellaba",), ["DJ-H-52", "DJ-H-54", "DJ-H-56"]),
    (("bghit jellaba dyal rjal",), ["DJ-H-52", "DJ-H-54", "DJ-H-56"]),
    (("I want a djellaba", "a men's one"), ["DJ-H-52", "DJ-H-54", "DJ-H-56"]),
    (("bghit jellaba", "dyal nsa"), ["DJ-F-50", "DJ-F-52", "DJ-F-54"]),
])
def test_who_a_garment_is_for_says_which(messages, listed):
    """"a men's djellaba" listed the women's ones too, and "a men's one" at that list put
    the first (a men's 52, the size never said) in the basket: a wrong parcel."""
    chat = chat_after(*messages, products=_catalog("catalog_r10_djellaba.csv"))
    assert chat.cart == {}
    assert chat.conv["data"]["queue"][0]["candidates"] == listed


@pytest.mark.parametrize("text, sku", [
    ("i want a mens djellaba size 54", "DJ-H-54"),
    ("je veux une djellaba femme taille 52", "DJ-F-52"),
])
def test_who_it_is_for_and_the_size_name_one_garment(text, sku):
    assert chat_after(text, products=_catalog("catalog_r10_djellaba.csv")).cart == {sku: 1}


# -- a location pin at "which one?": kept, and the question asked again ----------------------

PIN = {"latitude": 33.59, "longitude": -7.61, "address": None, "label": None}


@pytest.mark.parametrize("first", ["bghit amlou", "bghit 2 ghassoul w amlou"])
def test_a_pin_at_which_one_asks_it_again(first):
    """A pin sent at "which amlou?" said "location received" and nothing more (or "what
    would you like?" with an empty basket): the question was lost and the order stalled."""
    chat = chat_after(first)
    chat.send(location=PIN)
    assert chat.conv["data"]["details"]["pin"]
    assert "Amlou aux amandes 500g" in chat.last.replies[-1]
    chat.send("2")
    chat.send("1")
    assert chat.cart.get("AMLOU-500") == 1


# -- a correction or a change right after the order: cancel it? never a silent second one ---

@pytest.mark.parametrize("placed, correction, answer, cart, cancelled", [
    (("je veux 1 ghassoul", "Tom, Rabat, Agdal rue 4 n 9", "oui"),
     "je me suis trompé, je voulais 2 ghassoul", "oui", {"GHASSOUL-200": 2}, True),
    (("je veux 1 ghassoul", "Tom, Rabat, Agdal rue 4 n 9", "oui"),
     "je me suis trompé, je voulais 2 ghassoul", "non", {"GHASSOUL-200": 2}, False),
    (("bghit 1 ghassoul", "Karim, casa, hay nour 12", "iyeh"),
     "smah lia, bghit 2 ghassoul", "iyeh", {"GHASSOUL-200": 2}, True),
    (("bghit 1 ghassoul", "Karim, casa, hay nour 12", "iyeh"), "bghit nbeddel lcommande",
     "iyeh", {}, True),
    (("I want 1 ghassoul", "Tom, Rabat, Agdal rue 4 n 9", "yes"),
     "can I change my order? I want 2 instead of 1", "no", {}, False),
])
def test_a_correction_right_after_the_order_asks_to_cancel_it(placed, correction, answer,
                                                             cart, cancelled):
    """"je me suis trompé, je voulais 2 ghassoul" right after the order was placed started a
    second basket silently (two parcels once confirmed); "bghit nbeddel lcommande" was "what
    would you like?" and "can I change my order?" the order's status."""
    chat = chat_after(*placed, last_order=dict(ORDER))
    reply = chat.send(correction)
    assert "T-1042" in reply and chat.state == "confirm_cancel" and chat.cart == {}
    chat.send(answer)
    assert chat.cart == cart
    assert [type(a).__name__ for a in chat.actions] == (["CancelOrder"] if cancelled else [])


# -- a count change naming no line, at a summary of several lines: which one? ----------------

@pytest.mark.parametrize("first, details, change, pick, cart", [
    ("bghit 1 amlou 250g w 1 ghassoul", "Karim, casa, hay nour 12", "zid wa7ed", "ghassoul",
     {"AMLOU-250": 1, "GHASSOUL-200": 2}),
    ("I want 1 amlou 250g and 1 ghassoul", "Tom, Rabat, Agdal rue 4 n 9", "make it 3",
     "the amlou", {"AMLOU-250": 3, "GHASSOUL-200": 1}),
    ("I want 2 amlou 250g and 2 ghassoul", "Tom, Rabat, Agdal rue 4 n 9", "one less", "2",
     {"AMLOU-250": 2, "GHASSOUL-200": 1}),
    ("bghit 1 amlou 250g w 1 ghassoul", "Karim, casa, hay nour 12", "la bghit 3", "1",
     {"AMLOU-250": 3, "GHASSOUL-200": 1}),
    ("بغيت جوج أملو 250 و جوج غاسول", "كريم، الدار البيضاء، حي النور 12", "نقص واحد",
     "الغاسول", {"AMLOU-250": 2, "GHASSOUL-200": 1}),
])
def test_a_count_change_at_a_summary_of_several_lines_asks_which(first, details, change, pick,
                                                                  cart):
    """"zid wa7ed", "make it 3", "one less" at the summary of an amlou and a ghassoul
    changed the ghassoul (the last line added, or the one "one less" was read against by
    its own name) unasked: maybe the wrong line."""
    chat = chat_after(first, details)
    before = dict(chat.cart)
    chat.send(change)
    assert chat.cart == before and chat.conv["data"]["queue"]
    chat.send(pick)
    assert chat.cart == cart and chat.state == "confirm" and not chat.actions


def test_a_count_change_in_the_basket_is_still_the_line_just_added():
    chat = chat_after("bghit 1 amlou 250g", "w 1 ghassoul", "zid wa7ed")
    assert chat.cart == {"AMLOU-250": 1, "GHASSOUL-200": 2}


# -- a count said with a removal word is taken out, never the count left ----------------------

@pytest.mark.parametrize("first, removal, cart", [
    ("I want 3 ghassoul", "remove one", {"GHASSOUL-200": 2}),
    ("je veux 3 ghassoul", "enlevez-en un", {"GHASSOUL-200": 2}),
    ("I want 3 ghassoul", "remove 2", {"GHASSOUL-200": 1}),
    ("bghit 3 ghassoul", "7ayed wa7ed", {"GHASSOUL-200": 2}),
])
def test_a_count_with_a_removal_word_is_taken_out(first, removal, cart):
    """"remove one" with 3 ghassoul left one (read as "make it one")."""
    assert chat_after(first, removal).cart == cart


# -- another row's figure at "how many?" or after its line: that row, never a count ---------

def _djellabas(*messages):
    return chat_after(*messages, products=_catalog("catalog_r10_djellaba.csv"))


@pytest.mark.parametrize("messages, cart", [
    (("bghit djellaba rjal taille 52", "la bghit 54, jouj"), {"DJ-H-54": 2}),
    (("bghit djellaba rjal taille 52", "la bghit 54", "2"), {"DJ-H-54": 2}),
    (("bghit djellaba rjal taille 52", "54", "54", "1"), {"DJ-H-54": 1}),
    (("bghit djellaba rjal taille 52", "jouj"), {"DJ-H-52": 2}),
])
def test_another_rows_figure_at_how_many_names_that_row(messages, cart):
    """"la bghit 54" at "how many men's djellabas size 52?" put 50 of the 52 in the basket
    (54 read as the count, capped): 32,500 DH."""
    assert _djellabas(*messages).cart == cart


def test_another_rows_figure_at_how_many_babouches_names_that_row():
    chat = chat_after("bghit babouche k7la pointure 38", "40", "2",
                      products=_catalog("catalog_r10_babouche.csv"))
    assert chat.cart == {"BAB-N-40": 2}


@pytest.mark.parametrize("answer, cart", [
    ("both", {"DJ-H-52": 1, "DJ-H-54": 2}), ("yes", {"DJ-H-54": 2}), ("no", {"DJ-H-52": 1}),
])
def test_a_count_of_another_row_after_a_line_asks_instead_or_both(answer, cart):
    """"2 of size 54 please" after 1 × the size 52 made the 52 two."""
    chat = _djellabas("I want a men's djellaba size 52", "2 of size 54 please")
    assert chat.cart == {"DJ-H-52": 1}
    chat.send(answer)
    assert chat.cart == cart


# -- a colour names the line another size is for ---------------------------------------------

@pytest.mark.parametrize("first, details, change", [
    ("bghit jouj babouche k7la 40 w wa7da sefra 38", "Karim, casa, hay nour 12",
     "la, l k7la bghitha 42"),
    ("I want 2 black slippers size 40 and a yellow pair size 38", "Tom, Rabat, Agdal rue 4 n 9",
     "no, the black ones in 42"),
])
def test_a_colour_names_the_line_another_size_is_for(first, details, change):
    """"la, l k7la bghitha 42" (the black ones, in 42) at the summary made the yellow 38 a
    42: the size went to the last line whatever the colour said."""
    chat = chat_after(first, details, change, products=_catalog("catalog_r10_babouche.csv"))
    assert chat.cart == {"BAB-N-42": 2, "BAB-J-38": 1}


def test_a_size_word_alone_at_the_summary_asks_instead_or_both():
    """"bghit lkbir" at the summary of 1 × the 250 g amlou changed nothing, silently."""
    chat = _at_summary("bghit 1 amlou 250g")
    reply = chat.send("bghit lkbir")
    assert "Amlou aux amandes 500g" in reply and chat.cart == {"AMLOU-250": 1}
    chat.send("iyeh")
    assert chat.cart == {"AMLOU-500": 1} and chat.state == "confirm" and not chat.actions
