"""Misses seen when playing whole English conversations as visitors, diaspora and tourists
write them on WhatsApp (seventeenth round, English), on two fresh operator sheets written in
English (a souk pantry: honey, amlou, dates, spices by the size; a bazaar: soaps, scarves,
babouches, teapots by the piece) and on the corpus catalogs. Each general rule with the
conversation that showed it: wrong parcels first, then lost or stalled orders."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
SOUK = read_csv(DATA / "catalog_r17_p17en_souk.csv")
BAZAAR = read_csv(DATA / "catalog_r17_p17en_bazaar.csv")


# --- "no more" at "anything else?" is done, not one more ------------------------------------

@pytest.mark.parametrize("done", ["no more", "nothing more", "no more thanks",
                                  "no, no more", "no more, that's all", "rien de plus merci"])
def test_no_more_is_done_not_one_more(done):
    """"2 of the 1g" — "no more": it put a third saffron in the basket (a wrong parcel);
    a "more" word inside "no more" / "nothing more" / "rien de plus" says the basket is done."""
    chat = chat_after("how much is the saffron?", "ok I'll take 2 of the 1g", done,
                      products=SOUK)
    assert chat.cart == {"SAF-1G": 2}
    assert chat.state == "ask_name"


@pytest.mark.parametrize("more", ["one more", "no, 1 more", "add one more please"])
def test_more_still_adds(more):
    chat = chat_after("2 amlou 250g", more, products=SOUK)
    assert chat.cart == {"AMLOU-250": 3}


# --- "enough", "finished", "all set" at "anything else?" go on to the delivery ---------------

@pytest.mark.parametrize("done", ["enough", "thats enough thanks", "finished", "I'm finished",
                                  "all set", "that will do, thanks", "checkout"])
def test_english_ways_of_done_go_to_checkout(done):
    """"2x dates and a kilo of honey" — "enough": "Sorry, I did not understand" (a stall; "thats
    enough thanks" was read as a bare thanks and the order sat there): English ways of saying
    the basket is complete are a yes to "anything else? if not, your details"."""
    chat = chat_after("salam, I want 2 kg dates medjool and 1 honey thyme 1 kg", done,
                      products=SOUK)
    assert chat.cart == {"DATES-MJ-1KG": 2, "HON-THY-1KG": 1}
    assert chat.state == "ask_name"


# --- "can I get the large teapot instead?" takes the small teapot's place --------------------

@pytest.mark.parametrize("ask", ["can I get the large teapot instead",
                                 "could I have the large teapot instead?"])
@pytest.mark.parametrize("order", ["1 teapot small, 2 tea glasses",
                                   "2 tea glasses, 1 teapot small"])
def test_can_i_get_another_size_instead_replaces_its_own_line(order, ask):
    """"1 teapot small, 2 tea glasses" — "can I get the large teapot instead": the small
    teapot stayed and the glasses became 2 large teapots (a wrong parcel: "can I" made it a
    question, which the size change left alone). A request naming one product with a swap
    word is an order for it in place of the line of the same product."""
    chat = chat_after(order, ask, products=BAZAAR)
    assert chat.cart == {"GLASS-6": 2, "TEAPOT-L": 1}


def test_can_i_get_another_size_instead_at_the_summary():
    chat = chat_after("1 teapot small, 2 tea glasses", "Ali, Rabat, 5 Rue Patrice Lumumba",
                      "can I get the large teapot instead?", products=BAZAAR)
    assert chat.cart == {"GLASS-6": 2, "TEAPOT-L": 1}
    assert chat.state == "confirm"


# --- "Mrs. Helen Carter": the title's full stop does not make "Mrs" the name -----------------

@pytest.mark.parametrize("details, name", [
    ("Mrs. Helen Carter, Riad Dar Zaman, 15 Derb Sidi Bouamer, Marrakech", "Helen Carter"),
    ("Ms. Carter, Riad Dar Zaman, Marrakech", "Carter"),
])
def test_title_with_a_full_stop_is_no_name(details, name):
    """"Mrs. Helen Carter, Riad Dar Zaman, …" went to the courier as "Mrs" (the message is cut
    at full stops, and a courtesy title alone was read as a name): a title alone is none."""
    chat = chat_after("hi, 2 silk scarves, one red and one blue pls", details, products=BAZAAR)
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["name"] == name


# --- "the big one x2": the times sign marks the count of the size picked ---------------------

@pytest.mark.parametrize("pick", ["the big one x2", "the big one x 2", "2x the big one"])
def test_times_sign_beside_a_size_pick_is_its_count(pick):
    """"how much are the teapots?" — "the big one x2": "how many?" was asked and "that's all"
    then put one teapot (the "x2" was lost: a wrong count). A times sign right beside the
    only figure of a message makes that figure the count."""
    chat = chat_after("how much are the teapots?", pick, products=BAZAAR)
    assert chat.cart == {"TEAPOT-L": 2}


def test_times_sign_beside_a_size_word_at_which_one():
    chat = chat_after("teapot", "the large one x2", products=BAZAAR)
    assert chat.cart == {"TEAPOT-L": 2}


def test_times_sign_alone_after_a_line_is_its_count():
    chat = chat_after("amlou 250g", "x2", products=SOUK)
    assert chat.cart == {"AMLOU-250": 2}


# --- "the refill not the pot": the other kind takes the line's place --------------------------

EPICES = read_csv(DATA / "catalog_r9en_epices.csv")


@pytest.mark.parametrize("fix", ["the refill not the pot", "not the pot, the refill",
                                 "the refill, not the pot please"])
@pytest.mark.parametrize("count", [1, 2])
def test_kind_with_the_line_kind_negated_replaces_it(fix, count):
    """"ras el hanout 250g" (the pot) — "the refill not the pot": it asked how many refills
    and kept the pot, and "done" sent both (an extra line). Another kind of the line's
    product named beside a negation is a correction of that line, with its count."""
    chat = chat_after(f"{count} ras el hanout 250g", fix, products=EPICES)
    assert chat.cart == {"EP-RAS-RECH-250": count}


@pytest.mark.parametrize("said, name", [("my name is Mr. David Lee", "David Lee"),
                                        ("name is Mrs. Jones", "Jones")])
def test_title_full_stop_in_a_name_answer(said, name):
    """"your name?" — "my name is Mr. David Lee": the name was asked again (the message was
    cut at the title's full stop, and "my name is Mr" named nobody): an abbreviated
    courtesy title's full stop ends no sentence."""
    chat = chat_after("1 kessa please", "done", said, products=BAZAAR)
    assert chat.state == "ask_city"
    assert chat.conv["data"]["details"]["name"] == name


def test_title_full_stop_in_a_name_changed_at_the_summary():
    chat = chat_after("1 kessa please", "Jane Doe, Marrakech, Riad Jona",
                      "my name is Mrs. Jones", products=BAZAAR)
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["name"] == "Jones"


# --- "and a small pair for me", "2 big jars": a size and a container stand for the product ---

@pytest.mark.parametrize("said, added", [("and a small pair for me", 1), ("and a small pair", 1),
                                         ("and 2 small pairs", 2)])
def test_size_and_container_without_product_is_the_other_size(said, added):
    """"2 pairs of large babouches" — "and a small pair for me": "Sorry, I did not
    understand" (a stall). A size word and a container word, no product, stand for the
    product of the line in that size, with the article or figure as its count."""
    chat = chat_after("I need babouches for my husband, large please, 2 pairs", said,
                      products=BAZAAR)
    assert chat.cart == {"BABOUCHE-L": 2, "BABOUCHE-S": added}


def test_size_and_jar_after_another_size():
    chat = chat_after("2 jars of thyme honey 500g", "and a big jar", products=SOUK)
    assert chat.cart == {"HON-THY-500": 2, "HON-THY-1KG": 1}


@pytest.mark.parametrize("said", ["and a small one too", "and one too", "and a small jar too"])
def test_and_one_too_adds_to_the_line(said):
    """"2 amlou 250g" — "and a small one too": the line became 1 jar (a lost jar). A count
    opening with "and" and saying "too" / "as well" is one more, not the line's count."""
    chat = chat_after("2 amlou 250g", said, products=SOUK)
    assert chat.cart == {"AMLOU-250": 3}


# --- "yes but make it 3" at the summary: the change, not the yes -----------------------------

@pytest.mark.parametrize("said, cart", [("yes but make it 3", {"TEA-GP-250": 3}),
                                        ("ok but 3 instead of 2", {"TEA-GP-250": 3}),
                                        ("yes, but make it 3.", {"TEA-GP-250": 3}),
                                        ("yes but remove one", {"TEA-GP-250": 1})])
def test_yes_but_a_change_at_the_summary_changes_it(said, cart):
    """"2 green tea" … summary — "yes but make it 3": the order was placed with 2 (a wrong
    parcel). A yes followed by "but" and a change is that change, and the summary again."""
    chat = chat_after("2 green tea", "Liz, Fes, Riad Idrissy", said, products=SOUK)
    assert chat.state == "confirm"
    assert chat.cart == cart
    assert not any(type(a).__name__ == "CreateOrder" for a in chat.actions)


def test_yes_but_another_size_is_not_placed():
    chat = chat_after("2 thyme honey 500g", "Liz, Fes, Riad Idrissy", "yes but the 1kg",
                      products=SOUK)
    assert chat.state == "confirm"
    assert not any(type(a).__name__ == "CreateOrder" for a in chat.actions)


def test_yes_but_a_new_address_keeps_its_spelling():
    chat = chat_after("2 green tea", "Liz, Fes, Riad Idrissy",
                      "yes but change the address to Riad Fes, 3 Derb Kbir", products=SOUK)
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["address"] == "Riad Fes, 3 Derb Kbir"


@pytest.mark.parametrize("said", ["yes", "yes but thanks", "yes please, but thank you"])
def test_a_plain_yes_still_places(said):
    chat = chat_after("2 green tea", "Liz, Fes, Riad Idrissy", said, products=SOUK)
    assert any(type(a).__name__ == "CreateOrder" for a in chat.actions)


# --- "1 honey for me and the same for my sister": the lines once more -----------------------

@pytest.mark.parametrize("said, cart", [
    ("1 thyme honey 500g for me and the same for my sister", {"HON-THY-500": 2}),
    ("thyme honey 500g, the same for my mom", {"HON-THY-500": 2}),
    ("2 amlou 250g and 1 cumin, same for my brother please", {"AMLOU-250": 4, "CUMIN-100": 2}),
])
def test_the_same_for_someone_in_the_order_message_is_once_more(said, cart):
    """"1 thyme honey 500g for me and the same for my sister": one jar (the sister's was
    lost). A "same" after the message's last product, nothing ordered or counted after it,
    is the message's lines once more, as it is when sent as a message of its own."""
    chat = chat_after(said, products=SOUK)
    assert chat.cart == cart


@pytest.mark.parametrize("said, cart", [
    ("2 amlou 250g the same as before", {"AMLOU-250": 2}),
    ("2 amlou 250g and the same of thyme honey 500g", {"AMLOU-250": 2, "HON-THY-500": 2}),
    ("1 thyme honey 500g and the same size of amlou", {"HON-THY-500": 1, "AMLOU-500": 1}),
])
def test_the_same_that_compares_or_names_a_product_is_no_second_lot(said, cart):
    chat = chat_after(said, products=SOUK)
    assert chat.cart == cart


# --- "make the honey 2 and the dates 1kg": the "make" goes on to the second line --------------

@pytest.mark.parametrize("before", [[], ["Ravi, Marrakech, Riad Zitoun, 21 Derb Jdid"]])
def test_make_two_lines_changes_the_second_line_size_in_place(before):
    """"3 thyme honey 250g and 2 dates 500g" — "make the honey 2 and the dates 1kg": the
    500 g dates stayed and a 1 kg bag came beside them (an extra line). A "make" carries on
    to a line joined by "and" that names its product first; a size set so takes the place
    of the one line of that product in another size, with its count."""
    chat = chat_after("3 thyme honey 250g and 2 dates 500g", *before,
                      "make the honey 2 and the dates 1kg", products=SOUK)
    assert chat.cart == {"HON-THY-250": 2, "DATES-MJ-1KG": 2}


def test_make_two_lines_with_counts():
    chat = chat_after("3 thyme honey 250g and 2 amlou 250g", "make the honey 1 and the amlou 500g",
                      products=SOUK)
    assert chat.cart == {"HON-THY-250": 1, "AMLOU-500": 2}


# --- "no, the address is Riad Les Oliviers, 45 Derb …" keeps the riad's name ----------------

@pytest.mark.parametrize("said, address", [
    ("no, the address is Riad Les Oliviers, 45 Derb Sidi Bouamer",
     "Riad Les Oliviers, 45 Derb Sidi Bouamer"),
    ("the address should be Riad Les Oliviers, 45 Derb Sidi Bouamer",
     "Riad Les Oliviers, 45 Derb Sidi Bouamer"),
])
def test_new_labelled_address_at_the_summary_keeps_its_first_words(said, address):
    """Summary — "no, the address is Riad Les Oliviers, 45 Derb Sidi Bouamer": the courier
    got "45 Derb Sidi Bouamer" (the riad's name, which a courier asks for in the medina, was
    lost). After an address label, the address is all the label gives, up to its street."""
    chat = chat_after("1 saffron 1g", "Tom, Marrakech, Riad Rose", said, products=SOUK)
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["address"] == address


@pytest.mark.parametrize("done", ["thats about it", "finish"])
def test_more_english_ways_of_done(done):
    chat = chat_after("1 thyme honey 500g", done, products=SOUK)
    assert chat.state == "ask_name"


# --- a product "delivered to" an address is an order, not a delivery question ----------------

@pytest.mark.parametrize("said", [
    "Hi there I'd love the hammam gift set delivered to my friend at Riad Jardin Secret, "
    "32 Rue Arset Aouzal, Marrakech. Her name is Camille Dubois.",
    "The hammam gift set delivered to Riad Jardin Secret, 32 Rue Arset Aouzal, Marrakech "
    "please. Name: Camille Dubois",
])
def test_product_delivered_to_an_address_is_an_order(said):
    """"I'd love the hammam gift set delivered to … Riad Jardin Secret, 32 Rue …, Marrakech.
    Her name is Camille Dubois.": the delivery fee was answered, and the gift set, the
    address and the name were forgotten (a lost order). A catalog product and a delivery
    address, no question, order it; "I'd love" is a want."""
    chat = chat_after(said, products=BAZAAR)
    assert chat.cart == {"GIFT-SPA": 1}
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["name"] == "Camille Dubois"


def test_delivery_question_with_an_address_stays_a_question():
    chat = chat_after("do you deliver the hammam gift set to Riad Jardin Secret, 32 Rue Arset "
                      "Aouzal, Marrakech?", products=BAZAAR)
    assert chat.cart == {}


# --- "2 red scarves" — "no wait, 1 red 1 blue": the line split into the colours said ---------

@pytest.mark.parametrize("said", ["no wait, 1 red 1 blue", "1 red 1 blue",
                                  "actually 1 red and 1 blue", "sorry, one red one blue"])
def test_colours_with_counts_split_the_line(said):
    """"2 red scarves" — "no wait, 1 red 1 blue": "no" was read as "nothing more" and the 2
    red scarves went on to checkout (a wrong parcel); without "no" nothing changed. Colours
    each with its count, no product, are the line just put in, in those colours."""
    chat = chat_after("2 red scarves", said, products=BAZAAR)
    assert chat.cart == {"SCARF-RED": 1, "SCARF-BLUE": 1}
    assert chat.state == "ordering"


def test_colours_with_counts_at_the_summary():
    chat = chat_after("2 red scarves", "Sana, Rabat, 18 Rue Ghana", "no wait, 1 red 1 blue",
                      products=BAZAAR)
    assert chat.cart == {"SCARF-RED": 1, "SCARF-BLUE": 1}
    assert chat.state == "confirm"


# --- "sorry, small teapot not large": the size said takes the place of the one negated -------

@pytest.mark.parametrize("said", ["sorry, small teapot not large",
                                  "the small teapot, not the large one"])
def test_size_with_the_other_size_negated_replaces_the_line(said):
    """"2 tea glasses sets + 1 large teapot" — "sorry, small teapot not large": it asked how
    many small teapots and kept the large one, and "done" sent both (an extra line). Two
    sizes said, the second after a negation, are one size asked for in place of the other."""
    chat = chat_after("2 tea glasses sets + 1 large teapot", said, products=BAZAAR)
    assert chat.cart == {"GLASS-6": 2, "TEAPOT-S": 1}


def test_measured_size_with_the_other_negated():
    chat = chat_after("2 thyme honey 500g", "sorry, 1kg not 500g", products=SOUK)
    assert chat.cart == {"HON-THY-1KG": 2}
