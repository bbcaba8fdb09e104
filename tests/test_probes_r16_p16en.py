"""Misses seen when playing whole English conversations as diaspora and tourist customers
write them on WhatsApp (sixteenth round, English), on fresh operator sheets: a honey
cooperative's jars by the 250g/500g/1kg, a leather shop's bags, belts and babouches in
colours and sizes, a tea-and-herbs shop with French names. Each general rule with the
conversation that showed it: wrong parcels first, then lost or stalled orders."""

from pathlib import Path

import pytest

from bot.catalog import parse_csv_text
from bot.nlu import build_index, parse
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"

#: Honey by the jar, English names, aliases on the first row of each honey.
HONEY = """sku,name,price,unit,size,aliases,in_stock
THY-250,Thyme honey 250g,70 DH,g,250,thyme honey|thyme,yes
THY-500,Thyme honey 500g,130 DH,g,500,,yes
THY-1K,Thyme honey 1kg,250 DH,kg,1,,yes
EUC-250,Eucalyptus honey 250g,50 DH,g,250,eucalyptus honey|eucalyptus,yes
EUC-500,Eucalyptus honey 500g,90 DH,g,500,,yes
EUC-1K,Eucalyptus honey 1kg,170 DH,kg,1,,yes
JUJ-500,Jujube honey (sidr) 500g,160 DH,g,500,jujube honey|jujube|sidr,yes
ORA-500,Orange blossom honey 500g,80 DH,g,500,orange blossom honey|orange blossom,yes
POLL-100,Bee pollen 100g,45 DH,g,100,pollen|bee pollen,yes
"""
#: Leather goods: colours and sizes in the names.
LEATHER = """sku,name,price,unit,size,aliases,in_stock
BAG-TAN-S,Leather tote bag tan small,350 DH,piece,1,tote bag|tote|leather bag,yes
BAG-TAN-L,Leather tote bag tan large,480 DH,piece,1,,yes
BAG-BLK-S,Leather tote bag black small,350 DH,piece,1,,yes
BAG-BLK-L,Leather tote bag black large,480 DH,piece,1,,yes
BELT-BRN,Leather belt brown,150 DH,piece,1,belt|leather belt,yes
BELT-BLK,Leather belt black,150 DH,piece,1,,yes
WALLET,Leather wallet,120 DH,piece,1,wallet|card holder,yes
BAB-YEL-38,Babouche yellow 38,160 DH,pair,1,babouche|babouches|slippers,yes
BAB-YEL-42,Babouche yellow 42,170 DH,pair,1,,yes
BAB-RED-38,Babouche red 38,160 DH,pair,1,,yes
BAB-RED-40,Babouche red 40,160 DH,pair,1,,yes
BAB-RED-42,Babouche red 42,170 DH,pair,1,,yes
"""
#: Couscous and pasta of a French-speaking cooperative, an English alias here and there.
COUSCOUS = """sku,name,price,unit,size,aliases,in_stock
CSC-FIN-1,Couscous fin 1kg,28 DH,kg,1,couscous|couscous fin|fine couscous,oui
CSC-FIN-5,Couscous fin 5kg,130 DH,kg,5,,oui
CSC-ORG-1,Couscous d'orge 1kg,32 DH,kg,1,barley couscous|belboula|orge,oui
CSC-ORG-5,Couscous d'orge 5kg,150 DH,kg,5,,oui
CSC-COMP-1,Couscous complet 1kg,30 DH,kg,1,whole wheat couscous|complet,oui
VERM-500,Vermicelles (chaariya) 500g,15 DH,g,500,vermicelli|chaariya,oui
VERM-1,Vermicelles (chaariya) 1kg,28 DH,kg,1,,oui
ROUT-500,Rechta 500g,20 DH,g,500,rechta|flat noodles,oui
"""
#: Fresh herbs by the bunch and dried ones by the 100 g, French names, English aliases.
HERBS = """sku,name,price,unit,size,aliases,in_stock
MENT-B,Menthe fraîche botte,10 DH,botte,1,mint|fresh mint|na3na3,oui
VERV-B,Verveine fraîche botte,12 DH,botte,1,verbena|lemon verbena|louiza,oui
SAUGE-B,Sauge fraîche botte,12 DH,botte,1,sage|salmia,oui
MENT-SEC-100,Menthe séchée 100g,25 DH,g,100,dried mint,oui
VERV-SEC-100,Verveine séchée 100g,30 DH,g,100,dried verbena,oui
"""
_SHEETS = {"honey": HONEY, "leather": LEATHER, "couscous": COUSCOUS, "herbs": HERBS}


def en_chat(sheet, *messages):
    """A chat on one of this file's sheets that has been sent ``messages``."""
    return chat_after(*messages, products=parse_csv_text(_SHEETS[sheet], sheet, DATA))


def read(sheet, text):
    """The parser's reading of ``text`` against one of this file's sheets."""
    return parse(text, build_index(parse_csv_text(_SHEETS[sheet], sheet, DATA)))


# -- "one more of the small ones": the line that is its product's small size ------------------

def test_one_more_of_the_small_ones_goes_to_the_small_line():
    """"2 thyme 250g and 1 eucalyptus 500g" — "one more of the small ones": the eucalyptus
    500 g, the line added last, became two (a wrong parcel). The size word names the basket
    line that is its product's small size."""
    chat = en_chat("honey", "2 thyme 250g and 1 eucalyptus 500g", "one more of the small ones")
    assert chat.cart == {"THY-250": 3, "EUC-500": 1}


def test_one_more_of_the_big_ones_at_two_big_lines_asks_which():
    chat = en_chat("honey", "1 thyme 1kg and 1 eucalyptus 1kg", "one more of the big ones")
    assert chat.cart == {"THY-1K": 1, "EUC-1K": 1}
    assert "Thyme honey 1kg" in chat.last.replies[-1] and "Eucalyptus honey 1kg" in \
        chat.last.replies[-1]


@pytest.mark.parametrize("text", ["and one more of the large", "one more of the large"])
def test_one_more_of_another_size_adds_that_size(text):
    """"2 totes tan small" — "and one more of the large": a third small tote went in. No line
    is the large one: the large size of the line just put in, added."""
    chat = en_chat("leather", "2 totes tan small", text)
    assert chat.cart == {"BAG-TAN-S": 2, "BAG-TAN-L": 1}


def test_one_more_without_a_size_word_is_still_the_last_line():
    chat = en_chat("honey", "2 thyme 250g and 1 eucalyptus 500g", "one more")
    assert chat.cart == {"THY-250": 2, "EUC-500": 2}


# -- "make it 2 brown": the count of the line of that colour ----------------------------------

def test_a_count_with_the_colour_of_a_line_sets_that_line():
    """"I'd like a brown belt and a black belt" — "make it 2 brown": the black belt was made
    brown and the basket held two brown belts, no black (a wrong parcel). A count with the
    colour of a line already in the basket, no swap word, is that line's count."""
    chat = en_chat("leather", "I'd like a brown belt and a black belt", "make it 2 brown")
    assert chat.cart == {"BELT-BRN": 2, "BELT-BLK": 1}


def test_a_colour_swap_without_a_line_of_that_colour_still_swaps():
    chat = en_chat("leather", "a black belt and a wallet", "change it to brown")
    assert chat.cart == {"BELT-BRN": 1, "WALLET": 1}


# -- a swap keeps the count of the line it takes out ------------------------------------------

def test_a_swap_to_a_product_with_its_size_keeps_the_count():
    """"1 jujube honey 500g and 2 orange blossom" — "swap the orange blossom for eucalyptus
    500g": one eucalyptus jar for the two orange blossom ones. A size is no count: the swap
    takes the count of the line it takes out."""
    chat = en_chat("honey", "I'd like 1 jujube honey 500g and 2 orange blossom",
                   "swap the orange blossom for eucalyptus 500g")
    assert chat.cart == {"JUJ-500": 1, "EUC-500": 2}


def test_a_swap_with_its_own_count_takes_it():
    chat = en_chat("honey", "I'd like 1 jujube honey 500g and 2 orange blossom",
                   "swap the orange blossom for 1 eucalyptus 500g")
    assert chat.cart == {"JUJ-500": 1, "EUC-500": 1}


def test_a_count_after_the_joiner_is_the_new_product_s():
    """"swap the thyme for 2 eucalyptus 500g": the 2 was read as the thyme's (after it) and
    one eucalyptus jar put in."""
    result = read("honey", "swap the thyme for 2 eucalyptus 500g")
    assert [(i.sku, i.quantity) for i in result.items] == [("EUC-500", 2)]
    assert all(getattr(r, "quantity", None) is None for r in result.removed)



# -- "the bigger one" is the next size, not the biggest ---------------------------------------

@pytest.mark.parametrize("first, then, sku, qty", [
    ("thyme honey 250g", "can I get the bigger one instead", "THY-500", 1),
    ("2 thyme honey 250g", "sorry can i have the bigger size instead", "THY-500", 2),
    ("thyme honey 1kg", "actually a smaller one", "THY-500", 1),
])
def test_a_comparative_size_word_is_the_next_size(first, then, sku, qty):
    """"thyme honey 250g" — "can I get the bigger one instead": the 1 kg jar went in (250
    DH for the 130 asked). "Bigger", "smaller" (`comparative` in intents/dialogue.yml) say
    the next size from the line, "the biggest", "the big one" the biggest."""
    chat = en_chat("honey", first, then)
    assert chat.cart == {sku: qty}


def test_the_biggest_is_still_the_biggest():
    chat = en_chat("honey", "thyme honey 250g", "the biggest one instead")
    assert chat.cart == {"THY-1K": 1}


# -- a "which one?" answered by several lines of its options ----------------------------------

def test_a_list_of_lines_answers_the_open_choice():
    """"I'd like to order some honey for my mom in Fes" (which one? all the honeys) — "- 2x
    thyme honey 500g\\n- 1 eucalyptus 250": both lines went in and "which one?" was asked
    again, after the address, and after "yes": the order was never placed. Lines naming
    several of the options answer it."""
    chat = en_chat("honey", "hi there! I'd like to order some honey for my mom in Fes",
                   "- 2x thyme honey 500g\n- 1 eucalyptus 250")
    assert chat.cart == {"THY-500": 2, "EUC-250": 1}
    assert not chat.conv["data"]["queue"]


# -- a size or a colour said alone narrows the options ----------------------------------------

def test_a_size_at_which_one_keeps_the_options_of_that_size():
    """"2 bags of couscous" (which one? three grains in 1 kg and 5 kg) — "5kg": the whole
    list again; "fine" then asked between the fine 1 kg and 5 kg, the 5 kg forgotten, and the
    order stalled. A size that several options are sold in keeps those options."""
    chat = en_chat("couscous", "2 bags of couscous", "5kg", "fine")
    assert chat.cart == {"CSC-FIN-5": 2}


def test_a_size_then_a_kind_at_which_one_asks_how_many_of_that_one():
    chat = en_chat("couscous", "i want couscous", "the 5kg", "barley")
    assert chat.conv["data"]["queue"] == [{"type": "qty", "sku": "CSC-ORG-5"}]


def test_a_size_at_which_one_lists_the_options_of_that_size():
    chat = en_chat("couscous", "2 bags of couscous", "5kg")
    reply = chat.last.replies[-1]
    assert "Couscous fin 5kg" in reply and "Couscous d'orge 5kg" in reply
    assert "Couscous fin 1kg" not in reply


@pytest.mark.parametrize("messages", [
    ("do you have the babouches in blue?", "ok red then, size 42"),
    ("do you have the babouches in blue?", "ok red then", "42"),
])
def test_a_colour_after_a_list_keeps_the_options_of_that_colour(messages):
    """"do you have the babouches in blue?" (every babouche listed) — "ok red then, size 42":
    "what would you like to order?", and the address and "yes" after it got the same. The
    colour and the row's figure pick the one; the colour alone asks which of its rows."""
    chat = en_chat("leather", *messages)
    assert chat.conv["data"]["queue"] == [{"type": "qty", "sku": "BAB-RED-42"}]


def test_a_colour_alone_after_a_list_asks_among_its_rows():
    chat = en_chat("leather", "do you have the babouches in blue?", "ok red then")
    reply = chat.last.replies[-1]
    assert "Babouche red 40" in reply and "Babouche yellow 38" not in reply


# -- herbs by the bunch ------------------------------------------------------------------------

@pytest.mark.parametrize("text, lines", [
    ("2 bunches of fresh mint and a bunch of sage", {("MENT-B", 2), ("SAUGE-B", 1)}),
    ("3 bunches of mint", {("MENT-B", 3)}),
    ("2 bottes de menthe", {("MENT-B", 2)}),
    ("jouj rbtat na3na3", {("MENT-B", 2)}),
])
def test_a_bunch_is_the_row_sold_by_the_bunch(text, lines):
    """"2 bunches of fresh mint and a bunch of sage": "how many sage?", then "which mint?"
    after the address and "yes" (the fresh bunch or the dried 100 g): the order stalled. A
    bunch (`bunch` in intents/units.yml's containers) is a row sold by the bunch ("botte")."""
    result = read("herbs", text)
    assert {(i.sku, i.quantity) for i in result.items} == lines and not result.ambiguous


def test_a_count_of_bunches_after_the_list_is_of_the_product_listed():
    """"do you have fresh mint?" (the fresh bunch and the dried 100 g listed) — "great, 3
    bunches please and 2 of verbena": the verbena went in, the three bunches of mint were
    lost and the order placed without them."""
    chat = en_chat("herbs", "hi, do you have fresh mint?",
                   "great, 3 bunches please and 2 of verbena")
    assert chat.cart == {"MENT-B": 3, "VERV-B": 2}


# -- "both 500g" after two lines is the size of both, each with its own count ----------------

@pytest.mark.parametrize("text", [
    "thyme honey: 2\neucalyptus honey: 1\nboth 500g",
    "2 thyme and 1 eucalyptus, both 500g",
    "thyme 2 and eucalyptus 1, 500g each",
])
def test_a_size_for_both_lines_keeps_each_line_s_count(text):
    """"thyme honey: 2 / eucalyptus honey: 1 / both 500g": two jars of every thyme size went
    in (250 g, 500 g and 1 kg: 990 DH for 350). "Both" beside another line is of the lines,
    each with its own count, the size said once for both; not every size of the first."""
    result = read("honey", text)
    assert {(i.sku, i.quantity) for i in result.items} == {("THY-500", 2), ("EUC-500", 1)}
    assert not result.ambiguous


def test_both_sizes_of_one_product_is_still_every_size():
    result = read("honey", "2 thyme honey, both sizes")
    assert {i.sku for i in result.items} == {"THY-250", "THY-500", "THY-1K"}


# -- "the same in black", "my sister wants the same" -----------------------------------------

def test_the_same_in_another_colour_keeps_the_size_word_of_the_line():
    """"a tan tote bag, small" — "and the same in black": "sorry, I did not understand" (the
    small and the large black totes both fit the colour, the size word of the name unread)."""
    chat = en_chat("leather", "a tan tote bag, small", "and the same in black")
    assert chat.cart == {"BAG-TAN-S": 1, "BAG-BLK-S": 1}


def test_the_same_in_another_colour_is_as_many():
    """"2 yellow babouches 38" — "and the same in red": one red pair (the same is the count
    too)."""
    chat = en_chat("leather", "2 yellow babouches 38", "and the same in red")
    assert chat.cart == {"BAB-YEL-38": 2, "BAB-RED-38": 2}


@pytest.mark.parametrize("text", ["oh and my sister wants the same", "same again"])
def test_the_same_again_while_ordering_is_every_line_once_more(text):
    """"1 thyme honey 500g please" — "oh and my sister wants the same": the parcel went to
    "oh" with one jar; "same again" was the name too."""
    chat = en_chat("honey", "1 thyme honey 500g please", text)
    assert chat.cart == {"THY-500": 2}
    assert not chat.conv["data"]["details"].get("name")


@pytest.mark.parametrize("text", ["same address as last time", "same as last time"])
def test_the_same_address_or_the_last_order_is_no_second_jar(text):
    chat = en_chat("honey", "1 thyme honey 500g please", text)
    assert chat.cart == {"THY-500": 1}


# -- "one of them in 40": part of the line changes -------------------------------------------

@pytest.mark.parametrize("first, then, cart", [
    ("2 yellow babouches 38", "actually one of them in 42", {"BAB-YEL-38": 1, "BAB-YEL-42": 1}),
    ("3 thyme honey 250g", "actually 2 of them in 1kg", {"THY-250": 1, "THY-1K": 2}),
    ("2 red babouches 38", "one of them in yellow", {"BAB-RED-38": 1, "BAB-YEL-38": 1}),
])
def test_one_of_them_in_another_size_or_colour_changes_that_many(first, then, cart):
    """"babouches yellow size 38 x2" — "actually one of them in 40": both pairs became 40s
    (a wrong parcel); "one of them in yellow" got "sorry, I did not understand". "Of them"
    moves that many (one unless said) of the line to the size or the colour said."""
    chat = en_chat("honey" if "thyme" in first else "leather", first, then)
    assert chat.cart == cart


def test_them_all_in_another_size_still_changes_the_line():
    chat = en_chat("honey", "3 thyme honey 250g", "actually make them 500g")
    assert chat.cart == {"THY-500": 3}


# -- a count after a product, and a product taken back at "how many?" ---------------

def test_a_one_after_a_product_of_its_own_is_its_count():
    """"fresh mint 2, fresh verbena 2, fresh sage 1": "how many sage?" — a "1" after a
    comma was read as "the natural one" (which kind of the product before), though sage is
    no kind of verbena."""
    result = read("herbs", "mint 2, sage 1")
    assert {(i.sku, i.quantity) for i in result.items} == {("MENT-B", 2), ("SAUGE-B", 1)}


@pytest.mark.parametrize("text", ["remove the black one", "actually remove it"])
def test_a_product_taken_back_at_how_many_is_not_ordered(text):
    """"the black belt and the brown belt" (how many black?) — "remove the black one": "just
    write the number", and the black belt was put in with the address (a wrong parcel)."""
    chat = en_chat("leather", "the black belt and the brown belt", text)
    assert "BELT-BLK" not in chat.cart
    assert all(q.get("sku") != "BELT-BLK" for q in chat.conv["data"]["queue"])


# -- a catalog's own word is no street word --------------------------------------------------

@pytest.mark.parametrize("text, line", [
    ("2 chaariya 500g", ("VERM-500", 2)),
    ("bghit 2 chaariya dyal nss kilo", ("VERM-500", 2)),
    ("bghit 2 flat noodles 500 grama", ("ROUT-500", 2)),
    ("can I get 3 flat noodles 500gram", ("ROUT-500", 3)),
])
def test_a_product_word_that_is_also_a_street_word_keeps_its_count(text, line):
    """"bghit 2 chaariya dyal nss kilo" put one bag in, "2 chaariya 500g" nothing ("charia",
    a street in Darija, made the figures house numbers); "2 flat noodles 500g" one (the flat
    of an address). Catalog sweep: 90 WRONG on a couscous and pasta sheet. A word the sheet
    names its products with is never a street word there."""
    result = read("couscous", text)
    assert {(i.sku, i.quantity) for i in result.items} == {line}


def test_a_street_word_still_holds_a_house_number():
    result = read("couscous", "2 rechta, rue 5 hay nahda")
    assert {(i.sku, i.quantity) for i in result.items} == {("ROUT-500", 2)}
