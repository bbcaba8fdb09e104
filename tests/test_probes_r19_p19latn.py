"""Wrong parcels left in Darija in Latin letters, and their Arabic-script twins (nineteenth
round), on the demo catalog and the operator sheets of earlier rounds: a couscous
cooperative (fine, medium and coarse kesksou, belboula, in 1 and 5 kg), a honey cooperative
selling thyme honey beside dried thyme ("zaatar"), and an olive oil cooperative. Each
general rule with the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

KESKSOU = read_csv("tests/data/catalog_r16_p16latn_kesksou.csv")


# -- a count split over kinds, the unit said once after the last kind: each kind's size -----

@pytest.mark.parametrize("text, cart", [
    # it was two coarse (the count of two given to the last kind), the fine one asked
    ("bghit jouj kesksou wa7ed rqiq w wa7ed ghlid kilo", {"KSK-RQIQ-1KG": 1, "KSK-GHLID-1KG": 1}),
    ("بغيت جوج كسكسو واحد رقيق و واحد غليض كيلو", {"KSK-RQIQ-1KG": 1, "KSK-GHLID-1KG": 1}),
    ("bghit jouj kesksou wa7ed rqiq w wa7ed ghlid 5 kilo",
     {"KSK-RQIQ-5KG": 1, "KSK-GHLID-5KG": 1}),
    ("bghit 3 kesksou jouj rqiq w wa7ed ghlid kilo", {"KSK-RQIQ-1KG": 2, "KSK-GHLID-1KG": 1}),
])
def test_a_unit_after_the_last_kind_sizes_every_kind(text, cart):
    assert chat_after(text, products=KESKSOU).cart == cart


NAHLA = read_csv("tests/data/catalog_r17_p17latn_nahla.csv")


# -- a swap said by kinds alone keeps the family of what it replaces -------------------------

@pytest.mark.parametrize("messages, cart", [
    # it was the dried thyme, 100 g, for a kilo of honey
    (("bghit 3sel dghmous kilo", "bdel dghmous b zaatar"), {"ZTR-1KG": 1}),
    (("بغيت عسل الدغموس كيلو", "بدل الدغموس بالزعتر"), {"ZTR-1KG": 1}),
])
def test_a_swap_by_kinds_keeps_the_family_replaced(messages, cart):
    assert chat_after(*messages, products=NAHLA).cart == cart


# -- digits announce the sizes when the first is no size the product is sold in --------------

@pytest.mark.parametrize("text, cart", [
    # it was six 1 kg jars and a half kilo (the "2 kilo" read as a 2 kg size of the three)
    ("bghit 3 3sel zaatar 2 kilo w 1 nos kilo", {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    ("بغيت 3 عسل الزعتر 2 كيلو و 1 نص كيلو", {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    ("je veux 3 miel de thym 2 kilos et 1 demi kilo", {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    # a size the product is sold in stays the size of the count before it
    ("2 safran 1 g w 1 5 g", {"SAFRAN-1G": 2, "SAFRAN-5G": 1}),
])
def test_digits_announce_sizes_the_product_is_not_sold_in(text, cart):
    assert chat_after(text).cart == cart


# -- at "which one?", kinds of the options each said: each a line, the vague ones asked ------

@pytest.mark.parametrize("messages, cart", [
    # the euphorbia was lost, and "kilo" gave two thyme honeys
    (("bghit jouj 3sel", "wa7ed zaatar w wa7ed dghmous", "kilo", "nos kilo"),
     {"MIEL-THYM-1KG": 1, "MIEL-EUPH-500": 1}),
    (("بغيت جوج عسل", "واحد زعتر و واحد دغموس", "كيلو", "كيلو"),
     {"MIEL-THYM-1KG": 1, "MIEL-EUPH-1KG": 1}),
    (("je veux deux miels", "un thym et un euphorbe", "1kg", "1kg"),
     {"MIEL-THYM-1KG": 1, "MIEL-EUPH-1KG": 1}),
    (("bghit jouj 3sel", "wa7ed zaatar kilo w wa7ed dghmous", "nos kilo"),
     {"MIEL-THYM-1KG": 1, "MIEL-EUPH-500": 1}),
    # as many kinds as asked for, no count: one of each
    (("bghit jouj 3sel", "zaatar w dghmous", "kilo", "kilo"),
     {"MIEL-THYM-1KG": 1, "MIEL-EUPH-1KG": 1}),
])
def test_kinds_of_the_options_each_said_are_lines_of_their_own(messages, cart):
    assert chat_after(*messages).cart == cart


@pytest.mark.parametrize("messages, cart", [
    # "zaatar" alone is the dried thyme there: the thyme honey was lost, two orange blossom
    (("bghit jouj 3sel", "wa7ed zaatar w wa7ed zhar", "kilo", "nos kilo"),
     {"ZTR-1KG": 1, "ZHAR-500": 1}),
    (("بغيت جوج عسل", "واحد زعتر و واحد زهر", "كيلو", "نص كيلو"), {"ZTR-1KG": 1, "ZHAR-500": 1}),
])
def test_kinds_at_which_one_are_read_with_the_options_family(messages, cart):
    assert chat_after(*messages, products=NAHLA).cart == cart


# -- sizes joined by "and" answer the "which one?" questions waiting, in turn ----------------

@pytest.mark.parametrize("messages, cart", [
    # both sizes went to the fine couscous, the belboula asked again
    (("bghit kesksou rqiq w belboula", "5 kilo w kilo"), {"KSK-RQIQ-5KG": 1, "BELBOULA-1KG": 1}),
    (("بغيت كسكسو رقيق و بلبولة", "5 كيلو و كيلو"), {"KSK-RQIQ-5KG": 1, "BELBOULA-1KG": 1}),
    (("je veux du couscous fin et de la belboula", "5 kilos et 1 kilo"),
     {"KSK-RQIQ-5KG": 1, "BELBOULA-1KG": 1}),
    # the count said with the product is kept for its size
    (("bghit jouj kesksou rqiq w belboula", "5 kilo w kilo"),
     {"KSK-RQIQ-5KG": 2, "BELBOULA-1KG": 1}),
    # one question asked: both sizes are its lines
    (("bghit kesksou rqiq", "5 kilo w kilo"), {"KSK-RQIQ-5KG": 1, "KSK-RQIQ-1KG": 1}),
])
def test_sizes_joined_by_and_answer_the_choices_waiting_in_turn(messages, cart):
    assert chat_after(*messages, products=KESKSOU).cart == cart


# -- at "which one?", "add" and one of the options: one more line, the one asked kept -------

@pytest.mark.parametrize("messages, cart", [
    # the two plain amlou became two honey amlou
    (("bghit amlou 500 jouj", "zid amlou b 3sel", "1"), {"AMLOU-500": 2, "AMLOU3SEL-500": 1}),
    (("بغيت أملو 500 جوج", "زيد أملو بالعسل", "1"), {"AMLOU-500": 2, "AMLOU3SEL-500": 1}),
    (("je veux 2 amlou 500g", "ajoutez un amlou au miel"), {"AMLOU-500": 2, "AMLOU3SEL-500": 1}),
    (("bghit amlou 500 jouj", "w zid wa7ed amlou b 3sel"), {"AMLOU-500": 2, "AMLOU3SEL-500": 1}),
])
def test_an_option_added_at_which_one_is_a_line_beside_it(messages, cart):
    assert chat_after(*messages, products=NAHLA).cart == cart


ZIT = read_csv("tests/data/catalog_r18_p18latn_zit.csv")


# -- a line swapped for a pack of its product: as many packs as its pieces make --------------

@pytest.mark.parametrize("messages, products, cart", [
    # it was three packs (nine jars) for three jars
    (("bghit 3 dghmous 250", "bdelhom b pack"), NAHLA, {"DGH-PACK3": 1}),
    (("bghit 3 dghmous 250", "bdel dghmous b pack"), NAHLA, {"DGH-PACK3": 1}),
    (("je veux 3 miel d euphorbe 250g", "remplacez-les par le pack"), NAHLA, {"DGH-PACK3": 1}),
    (("bghit 8 zit zitoun litra", "bdelhom b pack"), ZIT, {"ZIT-PACK4": 2}),
    (("بغيت 4 زيت الزيتون لتر", "بدلهم ب pack"), ZIT, {"ZIT-PACK4": 1}),
    # a count said with the pack is that many packs
    (("bghit 3 dghmous 250", "bdelhom b jouj pack"), NAHLA, {"DGH-PACK3": 2}),
    # three of the six swapped: one pack (it was three packs beside three jars)
    (("bghit 6 dghmous 250", "bdel 3 menhom b pack"), NAHLA, {"DGH-250": 3, "DGH-PACK3": 1}),
    (("بغيت 6 دغموس 250", "بدل 3 منهم ب pack"), NAHLA, {"DGH-250": 3, "DGH-PACK3": 1}),
])
def test_a_line_swapped_for_packs_is_as_many_packs_as_its_pieces_make(messages, products, cart):
    assert chat_after(*messages, products=products).cart == cart


ZITOUN = read_csv("tests/data/catalog_r16_p16latn_zitoun.csv")


# -- a list of sizes after a count: "A, B and C" is three items, one not sold asked ----------

@pytest.mark.parametrize("text", [
    # it was three 1 L cans, and "2 L and 50 cl" asked as 2.5 L
    "3 olive oil: 1L, 2L and 50cl",
    "3 zit zitoun: 1L, 2L w 50cl",
    "3 زيت الزيتون: 1L، 2L و 50cl",
    "3 huile d olive : 1L, 2L et 50cl",
])
def test_a_list_of_sizes_after_a_count_is_one_of_each(text):
    chat = chat_after(text, products=ZITOUN)
    assert chat.cart == {"ZIT-1L": 1, "ZIT-2L": 1}
    assert chat.state == "ordering" and chat.conv["data"]["queue"]     # the 50 cl asked


# -- "instead, or both?" answered with the delivery details: kept, and asked once more -------

@pytest.mark.parametrize("messages, cart", [
    # the swap was dropped without a word and the summary came with the two 1 kg jars
    (("بغيت جوج كيلو عسل الزعتر", "رد واحد نص كيلو", "فاطمة، الدار البيضاء، حي المعاريف زنقة 5",
      "بجوج"), {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    (("bghit jouj kilo 3sel zaatar", "rdd wa7ed nos kilo", "fatima, casa, maarif zanqa 5",
      "bjouj"), {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
])
def test_details_at_instead_or_both_keep_the_question(messages, cart):
    chat = chat_after(*messages)
    assert chat.cart == cart
    assert chat.conv["data"]["details"].get("address")
