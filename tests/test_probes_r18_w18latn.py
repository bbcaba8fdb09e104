"""Wrong parcels left in Darija in Latin letters and their Arabic-script and French twins
(eighteenth round, second wave), on the demo catalog. Each general rule with the messages
that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

ZIT = read_csv("tests/data/catalog_r18_p18latn_zit.csv")

# -- a "keep it" word with a count sets the line: "khlliha 2" is "leave it at 2" -----------

@pytest.mark.parametrize("messages, cart, state", [
    # it went to "your name?" with three bottles (a keep word was "that's all"), or emptied
    # the basket (khlliha is also "forget it")
    (("bghit ma lward 3", "khliha 2"), {"EAU-ROSE-250": 2}, "ordering"),
    (("bghit ma lward 3", "khlliha 2"), {"EAU-ROSE-250": 2}, "ordering"),
    (("bghit ma lward 3", "khalliha jouj"), {"EAU-ROSE-250": 2}, "ordering"),
    (("bghit 3sel zaatar kilo", "khliha tlata"), {"MIEL-THYM-1KG": 3}, "ordering"),
    (("bghit ma lward 3", "خليها 2"), {"EAU-ROSE-250": 2}, "ordering"),
    # without a count it is still "that's all", never a cancel
    (("bghit ma lward 3", "khliha"), {"EAU-ROSE-250": 3}, "ask_name"),
    (("bghit ma lward 3", "la khliha"), {"EAU-ROSE-250": 3}, "ask_name"),
])
def test_keep_word_with_a_count_sets_the_line(messages, cart, state):
    chat = chat_after(*messages)
    assert chat.cart == cart
    assert chat.state == state


# -- "kol wa7ed jouj": each line of the basket gets the count -----------------------------

@pytest.mark.parametrize("messages, cart", [
    # only the honey became 2 (the line just touched), the amlou kept 1
    (("bghit amlou 250 w 3sel zaatar 500", "kol wa7ed jouj"),
     {"AMLOU-250": 2, "MIEL-THYM-500": 2}),
    (("bghit amlou 250 w 3sel zaatar 500", "kol wa7da tlata"),
     {"AMLOU-250": 3, "MIEL-THYM-500": 3}),
    (("bghit amlou 250 w 3sel zaatar 500", "كل واحد جوج"),
     {"AMLOU-250": 2, "MIEL-THYM-500": 2}),
    (("je veux amlou 250 et miel thym 500", "chacun 2"),
     {"AMLOU-250": 2, "MIEL-THYM-500": 2}),
    (("bghit amlou 250 w 3sel zaatar 500", "2 each"),
     {"AMLOU-250": 2, "MIEL-THYM-500": 2}),
    # one line: that line
    (("bghit amlou 250", "kol wa7ed jouj"), {"AMLOU-250": 2}),
])
def test_each_word_alone_sets_every_line(messages, cart):
    assert chat_after(*messages).cart == cart


# -- a number said in words over two words is their sum -----------------------------------

@pytest.mark.parametrize("messages, cart", [
    # it was 20 (the unit before "and" lost), in Latin letters and Arabic script alike
    (("bghit tlata w 3chrin amlou sghir",), {"AMLOU-250": 23}),
    (("bghit wa7ed w tlatin amlou sghir",), {"AMLOU-250": 31}),
    (("بغيت تلاتة و عشرين أملو صغير",), {"AMLOU-250": 23}),
    (("بغيت خمسة وعشرين أملو صغير",), {"AMLOU-250": 25}),
    (("je veux vingt-trois amlou 250",), {"AMLOU-250": 23}),
    (("je veux vingt et un amlou 250",), {"AMLOU-250": 21}),
    (("i want twenty three amlou 250",), {"AMLOU-250": 23}),
    # a ten alone is still the ten
    (("bghit amlou sghir 3chrin",), {"AMLOU-250": 20}),
])
def test_number_in_two_words_is_their_sum(messages, cart):
    assert chat_after(*messages).cart == cart


# -- a number word said twice in a row is a count of each ---------------------------------

@pytest.mark.parametrize("messages, cart", [
    # it was 4 × thyme 1 kg and "which euphorbia?" (the two counts went to one product)
    (("bghit 3sel dghmous w zaatar jouj jouj kilo",), {"MIEL-EUPH-1KG": 2, "MIEL-THYM-1KG": 2}),
    (("bghit 3sel dghmous w zaatar kilo jouj jouj",), {"MIEL-EUPH-1KG": 2, "MIEL-THYM-1KG": 2}),
    (("بغيت عسل الدغموس و الزعتر جوج جوج كيلو",), {"MIEL-EUPH-1KG": 2, "MIEL-THYM-1KG": 2}),
    (("bghit 3sel zaatar w dghmous nss kilo jouj jouj",),
     {"MIEL-THYM-500": 2, "MIEL-EUPH-500": 2}),
    (("je veux miel thym et euphorbe 1kg deux deux",), {"MIEL-THYM-1KG": 2, "MIEL-EUPH-1KG": 2}),
])
def test_number_said_twice_is_a_count_of_each(messages, cart):
    assert chat_after(*messages).cart == cart


def test_number_said_twice_with_one_product_is_no_each():
    # one product: no "each" of its sizes (never two of every amlou), the size still asked
    chat = chat_after("bghit jouj jouj amlou")
    assert chat.cart == {}


# -- a want verb after "and" ends a removal: what follows is wanted -----------------------

@pytest.mark.parametrize("messages, cart", [
    # the amlou was taken for one more removed: the basket emptied, "what would you like?"
    (("bghit 3sel zaatar kilo", "7iyed l3sel w 3tini amlou kbir", "wa7ed"), {"AMLOU-500": 1}),
    (("bghit 3sel zaatar kilo", "7iyed l3sel w bghit amlou kbir", "wa7ed"), {"AMLOU-500": 1}),
    (("bghit 3sel zaatar kilo", "حيد العسل و عطيني أملو كبير", "1"), {"AMLOU-500": 1}),
    (("bghit 3sel zaatar kilo", "remove the honey and give me the big amlou", "1"),
     {"AMLOU-500": 1}),
    (("bghit 3sel zaatar kilo", "7iyed l3sel w 3tini jouj amlou kbir"), {"AMLOU-500": 2}),
])
def test_want_verb_after_a_removal_wants(messages, cart):
    assert chat_after(*messages).cart == cart


def test_removal_goes_on_over_and_without_a_want_verb():
    chat = chat_after("bghit 3sel zaatar kilo w amlou sghir", "2", "7iyed l3sel w amlou")
    assert chat.cart == {}


# -- "remove them and give me …": the line just touched out, the new lines in -------------

@pytest.mark.parametrize("messages, cart", [
    # the removal was lost: the two bottles stayed beside the pack (an extra line)
    (("2 zit zitoun 1L", "7aydhom w 3tini pack"), {"ZIT-PACK4": 1}),
    (("2 zit zitoun 1L", "7aydha w zid pack"), {"ZIT-PACK4": 1}),
    (("2 zit zitoun 1L", "حيدهم و عطيني pack"), {"ZIT-PACK4": 1}),
    (("2 zit zitoun 1L", "enlevez-les et donnez-moi le pack"), {"ZIT-PACK4": 1}),
    (("2 zit zitoun 1L", "remove them and give me the pack"), {"ZIT-PACK4": 1}),
    # "7aydhom", "حيدهم" (remove them) alone: "sorry, I did not understand"
    (("2 zit zitoun 1L", "7iyedhom"), {}),
    (("2 zit zitoun 1L", "حيدهم"), {}),
])
def test_removal_of_the_last_line_then_more(messages, cart):
    assert chat_after(*messages, products=ZIT).cart == cart
