"""Round 21, whole conversations in Darija in both scripts (r21ary): a measure said at
"which one?" is of the options asked about, not a new size of a basket line sold by another
measure ("sma7li bghit 2 litra machi kilo w nos" at "which olive oil?" turned the 500 g smen
into 1 kg jars), and "zid" naming one option at a "which one?" asked with no count is its
answer ("zid wa7ed dyal ma lward 500" also asked "how many of the 250 ml?", and the
details next packed one of them)."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

ZITMIEL = read_csv("tests/data/catalog_zitmiel.csv")
TAFILALET = read_csv("tests/data/catalog_tafilalet.csv")


@pytest.mark.parametrize("messages, cart", [
    (("salam 3likom, bghit zouj d smen 500 w kilo w nos dyal zit zitoun",
      "sma7li bghit 2 litra machi kilo w nos"), {"SMEN-POT-500": 2, "HUILE-OLIVE-1L": 2}),
    (("bghit 2 smen 500 w zit zitoun", "la jouj d litra"),
     {"SMEN-POT-500": 2, "HUILE-OLIVE-1L": 2}),
    (("bghit 2 smen 500 w zit zitoun", "la wa7ed 5 litra"),
     {"SMEN-POT-500": 2, "HUILE-OLIVE-5L": 1}),
    (("بغيت جوج سمن 500 و زيت الزيتون", "لا واحد ديال 5 لتر"),
     {"SMEN-POT-500": 2, "HUILE-OLIVE-5L": 1}),
    (("بغيت جوج سمن 500 و زيت الزيتون", "لا بغيت جوج لترة"),
     {"SMEN-POT-500": 2, "HUILE-OLIVE-1L": 2}),
])
def test_litres_at_which_olive_oil_resize_no_weighed_smen(messages, cart):
    chat = chat_after(*messages, products=ZITMIEL)
    assert chat.cart == cart, (messages, chat.cart)
    assert not chat.conv["data"]["queue"]


def test_the_smen_named_is_still_resized():
    chat = chat_after("bghit 2 smen 500 w zit zitoun", "la bdel smen b kilo", products=ZITMIEL)
    assert chat.cart == {"SMEN-POT-1KG": 2}


@pytest.mark.parametrize("messages, products, cart", [
    (("بغيت جوج تمر المجهول نص كيلو و ماء الورد", "زيد واحد ديال ماء الورد 500",
      "كمال، ورزازات، تاصومعت"), TAFILALET, {"DATTES-MAJ-500": 2, "EAU-ROSE-500": 1}),
    (("bghit 3sel zaatar kilo w amlou", "zid wa7ed amlou 500", "ali, fes, saiss"), None,
     {"MIEL-THYM-1KG": 1, "AMLOU-500": 1}),
    (("bghit 3sel zaatar kilo w amlou", "zid 2 dyal amlou 500"), None,
     {"MIEL-THYM-1KG": 1, "AMLOU-500": 2}),
    (("je veux de l'amlou", "ajoutez 2 amlou 250g"), None, {"AMLOU-250": 2}),
])
def test_add_one_option_at_which_one_with_no_count_answers_it(messages, products, cart):
    chat = chat_after(*messages, products=products) if products else chat_after(*messages)
    assert chat.cart == cart, (messages, chat.cart)
    assert not any(q.get("type") == "qty" for q in chat.conv["data"]["queue"])
