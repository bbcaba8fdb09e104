"""Basket changes across turns (seventeenth round, "lines"): a price asked in the middle of an
order, then the size taken, kept or swapped; each general rule with the conversation that
showed it, on the demo catalog and on two fresh sheets (a spice shop whose products come in
two sizes, a jar shop whose names are in Arabic letters)."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
EPICES = read_csv(DATA / "catalog_r17_p17lines_epices.csv")
BOCAUX = read_csv(DATA / "catalog_r17_p17lines_bocaux.csv")


# -- "how much is the big one?" is a price question, not one big jar ordered ----------------

@pytest.mark.parametrize("products, first, asked, small, price", [
    (None, "I want 2 thyme honey 500g", "how much is the big one?", "MIEL-THYM-500", "220"),
    (None, "I want 2 thyme honey 500g", "and the big one, how much?", "MIEL-THYM-500", "220"),
    (EPICES, "I want 2 cumin 100g", "how much for the large one?", "CUMIN-100", "45"),
    (BOCAUX, "I want 2 sidr honey 250g", "how much is the big one?", "SIDR-250", "520"),
])
def test_price_of_the_big_one_orders_nothing(products, first, asked, small, price):
    kw = {"products": products} if products else {}
    chat = chat_after(first, **kw)
    reply = chat.send(asked)
    assert chat.cart == {small: 2}                  # it put one big jar in the basket
    assert f"{price} DH" in reply and reply.count(" DH") <= 2   # its price, not the list


def test_price_of_the_big_one_at_which_one_orders_nothing():
    chat = chat_after("I want amlou")
    chat.send("how much is the big one?")
    assert chat.cart == {}                          # one 500 g amlou went in unasked
    chat.send("2 please")
    assert chat.cart == {"AMLOU-500": 2}


# -- "ok the big one" after the big one's price takes it ---------------------------------------

@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("bghit jouj 3sel zaatar 500g", "ch7al lkbir?", "ok dak lkbir"),
     {"MIEL-THYM-500": 2, "MIEL-THYM-1KG": 1}),
    (None, ("je veux 2 miel de thym 500g", "combien le grand ?", "ok le grand"),
     {"MIEL-THYM-500": 2, "MIEL-THYM-1KG": 1}),
    (BOCAUX, ("بغيت جوج السدر 250g", "بشحال الكبير؟", "واخا الكبير"),
     {"SIDR-250": 2, "SIDR-1KG": 1}),
])
def test_size_word_after_its_price_takes_the_offer(products, msgs, cart):
    kw = {"products": products} if products else {}
    chat = chat_after(*msgs, **kw)
    assert chat.cart == cart                        # the offer dropped, on to the delivery
    assert chat.state == "ordering"


# -- "the small one" of the small jars in the basket is no count of one ------------------------

@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("I want 2 thyme honey 500g", "ok the small one"), {"MIEL-THYM-500": 2}),
    (None, ("I want 2 thyme honey 500g", "how much is the big one?", "ok the small one then"),
     {"MIEL-THYM-500": 2}),
    (BOCAUX, ("I want 2 sidr honey 250g", "how much is the big one?",
              "ok the small one then"), {"SIDR-250": 2}),
    (EPICES, ("I want 3 green tea 250g", "fine, the small one"), {"THE-250": 3}),
])
def test_the_small_one_keeps_the_count(products, msgs, cart):
    kw = {"products": products} if products else {}
    assert chat_after(*msgs, **kw).cart == cart     # made one jar (or three)


# -- "… instead" after another size's price swaps the line ------------------------------------

@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("I want 2 thyme honey 500g", "how much is the 1kg?",
            "ok i will take that one instead"), {"MIEL-THYM-1KG": 2}),
    (None, ("I want 2 thyme honey 500g", "how much is the 1kg?", "ok 3 instead"),
     {"MIEL-THYM-1KG": 3}),
    (None, ("I want 2 thyme honey 500g and 1 amlou 250g", "how much is the thyme honey 1kg?",
            "ok I will take it instead"), {"AMLOU-250": 1, "MIEL-THYM-1KG": 2}),
    (EPICES, ("bghit jouj ras lhanout 100g", "ch7al lkbir?", "ok 3tini dak lkbir blast sghir"),
     {"RAS-250": 2}),
])
def test_taken_instead_swaps_the_other_size(products, msgs, cart):
    kw = {"products": products} if products else {}
    assert chat_after(*msgs, **kw).cart == cart


@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("je veux 2 miel de thym 500g", "combien le grand ?", "ok je prends le grand plutôt"),
     {"MIEL-THYM-1KG": 2}),
    (None, ("je veux 2 miel de thym 500g", "combien le miel de thym 1kg ?",
            "ok je prends le 1kg plutôt"), {"MIEL-THYM-1KG": 2}),
    (None, ("bghit jouj 3sel zaatar 500g", "ch7al lkbir dyal zaatar?", "safi bdlo b lkbir"),
     {"MIEL-THYM-1KG": 2}),
    (BOCAUX, ("بغيت جوج السدر 250g", "بشحال الكبير؟", "واخا بدلو بالكبير"), {"SIDR-1KG": 2}),
])
def test_swap_after_the_price_asks_no_count_again(products, msgs, cart):
    kw = {"products": products} if products else {}
    chat = chat_after(*msgs, **kw)
    assert chat.cart == cart
    assert chat.state == "ordering" and not chat.conv["data"]["queue"]   # "how many 1 kg?"


# -- "both" at a "which one?" of more than two options ---------------------------------------

@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("I want argan oil", "both cosmetic"), {"ARGAN-COSM-100": 1, "ARGAN-COSM-250": 1}),
    (None, ("je veux de l'huile d'argan", "les deux cosmétiques"),
     {"ARGAN-COSM-100": 1, "ARGAN-COSM-250": 1}),
    (None, ("bghit zit argan", "bjouj dyal cheveux"), {"ARGAN-COSM-100": 1, "ARGAN-COSM-250": 1}),
    (None, ("I want argan oil", "one of each cosmetic"),
     {"ARGAN-COSM-100": 1, "ARGAN-COSM-250": 1}),
    (None, ("I want argan oil", "both"), {}),
    (BOCAUX, ("بغيت عسل السدر", "بجوج"), {}),
    (BOCAUX, ("I want sidr honey", "both"), {}),
])
def test_both_is_two_options(products, msgs, cart):
    kw = {"products": products} if products else {}
    chat = chat_after(*msgs, **kw)
    assert chat.cart == cart                  # all four (or three) options went in
    if not cart:
        assert chat.conv["data"]["queue"][0]["type"] == "choice"    # which ones, again


@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("I want amlou", "both"), {"AMLOU-250": 1, "AMLOU-500": 1}),
    (None, ("I want argan oil", "one of each"), {"ARGAN-ALIM-250": 1, "ARGAN-ALIM-500": 1,
                                                 "ARGAN-COSM-100": 1, "ARGAN-COSM-250": 1}),
    (EPICES, ("bghit ras lhanout", "bjouj"), {"RAS-100": 1, "RAS-250": 1}),
])
def test_both_of_two_and_each_of_all_still_take_them(products, msgs, cart):
    kw = {"products": products} if products else {}
    assert chat_after(*msgs, **kw).cart == cart


# -- a size picked among the sizes just priced, while another product waits for its count ---

TERROIR = read_csv(DATA / "catalog_r10_terroir.csv")


@pytest.mark.parametrize("products, msgs, picked, waiting", [
    (TERROIR, ("bghit kilo smen w 2 kilo zitoun k7el", "w harissa", "ch7al l7enna?",
               "ok 3tini wa7ed sghir"), "HENNA-100", "HARISSA-250"),
    (TERROIR, ("je veux de la harissa", "combien le henné ?", "un petit"), "HENNA-100",
     "HARISSA-250"),
    (EPICES, ("I want paprika", "how much is ras el hanout?", "ok one big one"), "RAS-250",
     "PAPRIKA-100"),
])
def test_size_of_the_priced_while_a_count_waits(products, msgs, picked, waiting):
    chat = chat_after(*msgs, products=products)
    assert chat.cart.get(picked) == 1             # one harissa, and the henna lost
    assert waiting not in chat.cart
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": waiting}   # still asked


def test_a_bare_count_still_answers_the_waiting_question():
    chat = chat_after("I want harissa", "how much is henna?", "3", products=TERROIR)
    assert chat.cart == {"HARISSA-250": 3}


@pytest.mark.parametrize("msgs", [
    ("I need cumin and paprika", "the small one, 2 of them"),
    ("bghit kamoun w felfla", "sghir, jouj"),
])
def test_size_word_with_a_count_answers_the_choice_behind(msgs):
    # "how many paprika?" (one size) with "which cumin?" behind: the size word is the
    # cumin's, with its count (two paprika went in, and the cumin was asked again)
    chat = chat_after(*msgs, products=EPICES)
    assert chat.cart == {"CUMIN-100": 2}
    assert chat.conv["data"]["queue"] == [{"type": "qty", "sku": "PAPRIKA-100"}]


# -- the order said back at the summary in another size: which one, not both -----------------

@pytest.mark.parametrize("products, msgs, before, after", [
    (None, ("I want 2 thyme honey 500g and 1 argan oil cosmetic 100ml",
            "Fatima, Casablanca, 12 rue Atlas", "so 2 thyme 1kg and 1 argan right?"),
     {"MIEL-THYM-500": 2, "ARGAN-COSM-100": 1}, {"ARGAN-COSM-100": 1, "MIEL-THYM-1KG": 2}),
    (None, ("je veux 2 miel de thym 500g et 1 huile d'argan cosmétique 100ml",
            "Fatima, Casablanca, 12 rue Atlas",
            "donc 2 miel de thym 1kg et 1 huile d'argan c'est bien ça ?"),
     {"MIEL-THYM-500": 2, "ARGAN-COSM-100": 1}, {"ARGAN-COSM-100": 1, "MIEL-THYM-1KG": 2}),
    (BOCAUX, ("بغيت جوج عسل السدر 250g و واحد أملو 500g", "فاطمة، الرباط، حي الرياض 5",
              "يعني جوج السدر 500g و واحد أملو، صحيح؟"),
     {"SIDR-250": 2, "AMLOU-500": 1}, {"AMLOU-500": 1, "SIDR-500": 2}),
])
def test_order_said_back_in_another_size_asks_which(products, msgs, before, after):
    kw = {"products": products} if products else {}
    chat = chat_after(*msgs, **kw)
    assert chat.state == "confirm" and chat.cart == before    # both sizes went in
    chat.send("yes")
    assert chat.state == "confirm" and chat.cart == after     # the one said, then the summary
    chat = chat_after(*msgs, **kw)
    chat.send("no")
    assert chat.state == "confirm" and chat.cart == before


def test_more_asked_at_the_summary_still_adds():
    chat = chat_after("I want 2 thyme honey 500g and 1 argan oil cosmetic 100ml",
                      "Fatima, Casablanca, 12 rue Atlas", "can I add 1 thyme honey 1kg?")
    assert chat.cart == {"MIEL-THYM-500": 2, "ARGAN-COSM-100": 1, "MIEL-THYM-1KG": 1}


# -- "not that one, X": the line just put in is taken back and X takes its place -------------

@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("I want 2 amlou 250g and 1 thyme honey 500g", "not that one, the euphorbia"),
     {"AMLOU-250": 2, "MIEL-EUPH-500": 1}),
    (None, ("I want 2 amlou 250g and 1 thyme honey 500g", "no, not that one, the euphorbia 500g"),
     {"AMLOU-250": 2, "MIEL-EUPH-500": 1}),
    (None, ("I want 2 amlou 250g and 1 thyme honey 500g",
            "non pas celui-là, le miel d'euphorbe 500g"), {"AMLOU-250": 2, "MIEL-EUPH-500": 1}),
    (None, ("bghit 2 amlou 250g w 1 3sel zaatar 500g", "machi hadak, daghmous"),
     {"AMLOU-250": 2, "MIEL-EUPH-500": 1}),
    (None, ("بغيت جوج أملو 250g و واحد عسل الزعتر 500g", "ماشي هادي، الدغموس"),
     {"AMLOU-250": 2, "MIEL-EUPH-500": 1}),
    (None, ("I want 1 thyme honey 500g", "I do not want that, give me amlou", "250g"),
     {"AMLOU-250": 1}),
    (EPICES, ("I want 2 cumin 100g and 1 green tea 250g", "not that one, paprika"),
     {"CUMIN-100": 2, "PAPRIKA-100": 1}),
    (BOCAUX, ("بغيت جوج أملو 250g و واحد زيت الزيتون 1L", "ماشي هادي، عسل السدر 500g"),
     {"AMLOU-250": 2, "SIDR-500": 1}),
])
def test_that_one_negated_is_replaced(products, msgs, cart):
    kw = {"products": products} if products else {}
    assert chat_after(*msgs, **kw).cart == cart     # both went in


# -- back to a basket kept: the product said again with its count is the same line ---------

def _later(chat, hours):
    from datetime import timedelta

    from tests.test_conversation import NOW
    chat.context["now"] = NOW + timedelta(hours=hours)


@pytest.mark.parametrize("products, first, away, back, cart", [
    (None, "I want 2 amlou 250g", "ok I will think about it", "hi, I want 2 amlou 250g",
     {"AMLOU-250": 2}),
    (None, "bghit 2 amlou 250g", "ok merci, ghadi nchouf", "salam, bghit 2 amlou 250g",
     {"AMLOU-250": 2}),
    (EPICES, "je veux 2 thé vert 250g", "je réfléchis, merci", "bonjour, je veux 2 thé vert 250g",
     {"THE-250": 2}),
    (None, "I want 2 amlou 250g", "ok I will think about it",
     "hi, I want 1 more amlou 250g and 1 thyme honey 500g", {"AMLOU-250": 3, "MIEL-THYM-500": 1}),
])
def test_back_after_a_walk_away_says_the_line_again(products, first, away, back, cart):
    kw = {"products": products} if products else {}
    chat = chat_after(first, away, **kw)
    _later(chat, 3)
    chat.send(back)
    assert chat.cart == cart                  # four amlou: two more on the two kept


def test_kept_cart_and_the_order_said_again():
    chat = chat_after("bghit 2 amlou 250g")
    _later(chat, 30)
    chat.send("salam bghit 2 amlou 250g")
    assert chat.state == "keep_cart"
    chat.send("ah")
    assert chat.cart == {"AMLOU-250": 2}


# -- "the other one" past the count of the pick; "the same in 250g" ---------------------------

@pytest.mark.parametrize("msgs, cart", [
    (("I want thyme honey", "2", "2", "no the other one"), {"MIEL-THYM-500": 2}),
    (("I want argan oil cosmetic", "100ml", "2", "actually the other one"),
     {"ARGAN-COSM-250": 2}),
    (("bghit zit argan dyal cheveux", "100", "jouj", "la machi hadak, lakhor"),
     {"ARGAN-COSM-250": 2}),
    (("I want thyme honey", "2", "2", "3"), {"MIEL-THYM-1KG": 3}),
])
def test_the_other_one_after_the_count_of_the_pick(msgs, cart):
    assert chat_after(*msgs).cart == cart           # the count set to one, or the checkout


@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("I want 2 amlou 500g", "and the same in 250g"), {"AMLOU-500": 2, "AMLOU-250": 2}),
    (None, ("bghit 1 amlou 500g", "w b7al b7al f 250g"), {"AMLOU-500": 1, "AMLOU-250": 1}),
    (None, ("je veux 1 amlou 500g", "et pareil en 250g"), {"AMLOU-500": 1, "AMLOU-250": 1}),
    (None, ("I want 2 amlou 500g", "and the same in 5L"), {"AMLOU-500": 2}),
    (EPICES, ("I want 1 cumin 100g and 3 green tea 250g", "and the same in 500g"),
     {"CUMIN-100": 1, "THE-250": 3, "THE-500": 3}),
    (None, ("I want 2 amlou 500g", "same again"), {"AMLOU-500": 4}),
])
def test_the_same_in_another_size(products, msgs, cart):
    kw = {"products": products} if products else {}
    assert chat_after(*msgs, **kw).cart == cart     # the whole basket doubled


# -- a count for both lines of the basket ------------------------------------------------------

@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("I want 2 thyme honey 500g and 1 amlou 250g", "Sara, Rabat, Agdal 5", "make both 3"),
     {"MIEL-THYM-500": 3, "AMLOU-250": 3}),
    (None, ("I want 2 thyme honey 500g and 1 amlou 250g", "les deux en 3 svp"),
     {"MIEL-THYM-500": 3, "AMLOU-250": 3}),
    (None, ("bghit 2 3sel zaatar 500g w 1 amlou 250g", "Sara, Rabat, Agdal 5",
            "zid wa7ed f kol wa7da"), {"MIEL-THYM-500": 3, "AMLOU-250": 2}),
    (BOCAUX, ("بغيت جوج أملو 250g و واحد زيت الزيتون 1L", "زيد واحد فكل وحدة"),
     {"AMLOU-250": 3, "ZIT-1L": 2}),
])
def test_a_count_for_both_lines(products, msgs, cart):
    kw = {"products": products} if products else {}
    assert chat_after(*msgs, **kw).cart == cart     # "which one?", or nothing changed


# -- a colour taken back is no colour to switch to ---------------------------------------------

EPICERIE = read_csv(DATA / "catalog_r15_p15fr_epicerie.csv")


@pytest.mark.parametrize("products, msgs, cart", [
    (EPICERIE, ("2 huiles d'olive picholine 50cl et 1kg d'olives noires", "et des olives vertes",
                "1", "non finalement pas les vertes"), {"HO-PIC-50": 2, "OL-NOI-1KG": 1}),
    (EPICERIE, ("1kg d'olives noires", "and 1kg green olives", "machi lkhdrin"),
     {"OL-NOI-1KG": 1}),
    (TERROIR, ("bghit kilo zitoun k7el w kilo zitoun khder", "la machi lkhdrin"),
     {"OLV-N-1KG": 1}),
    (EPICERIE, ("1kg d'olives noires", "non, plutôt les vertes"), {"OL-VER-1KG": 1}),
    (EPICERIE, ("1kg d'olives noires", "no the green ones"), {"OL-VER-1KG": 1}),
])
def test_colour_taken_back(products, msgs, cart):
    # the black olives were made green (two green, no black) for "not the green ones"
    assert chat_after(*msgs, products=products).cart == cart


# -- "the big one" in a swap is no count of one ------------------------------------------------

@pytest.mark.parametrize("products, msgs, cart", [
    (None, ("I want 2 thyme honey 500g and 1 amlou 250g", "Sara, Rabat, Agdal 5",
            "change the honey to the big one"), {"AMLOU-250": 1, "MIEL-THYM-1KG": 2}),
    (None, ("I want 2 thyme honey 500g", "swap it for the big one"), {"MIEL-THYM-1KG": 2}),
    (EPICES, ("I want 3 cumin 100g", "switch it to the large one"), {"CUMIN-250": 3}),
])
def test_the_big_one_in_a_swap_keeps_the_count(products, msgs, cart):
    kw = {"products": products} if products else {}
    assert chat_after(*msgs, **kw).cart == cart     # one jar of the big one for two small
