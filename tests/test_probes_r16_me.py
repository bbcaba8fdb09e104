"""Round 16, seen at the merge: a delivery day written in the same message as the order and
the address ("… zanqa 12 raqm 7, nhar jem3a", "…, talborjt 5, delivery on friday") stayed in
the address printed on the parcel's slip, besides being kept as the day."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
ZITMIEL = read_csv(DATA / "catalog_zitmiel.csv")


@pytest.mark.parametrize("msg, when, street", [
    ("slm bghit 2 smen 500g, smiti Hajar Bennani, rabat hay nahda zanqa 12 raqm 7, "
     "nhar jem3a 3afak", "nhar jem3a", "zanqa 12 raqm 7"),
    ("bonjour 1 smen 1kg, Karim Alaoui, Fes, rue 5 n 3, pour demain svp", "pour demain",
     "rue 5 n 3"),
    ("hi 2 smen 500g please, Sara Smith, Agadir, talborjt 5, delivery on friday", "friday",
     "talborjt 5"),
    ("2 smen 500g svp, Nadia Alami, Fes, rue atlas 3, livraison vendredi matin",
     "vendredi matin", "rue atlas 3"),
    ("bghit 2 smen 500g, smiti Sara, rabat, agdal 5, ttwsil f nhar jem3a", "nhar jem3a",
     "agdal 5"),
    ("سلام بغيت جوج سمن 500، سميتي سارة العلمي، الرباط، حي الرياض 5، نهار الجمعة", "نهار الجمعة",
     "حي الرياض 5"),
])
def test_a_day_said_with_the_order_and_the_address_is_no_part_of_the_address(msg, when, street):
    chat = chat_after(msg, products=ZITMIEL)
    assert chat.state == "confirm"
    details = chat.conv["data"]["details"]
    assert details["when"] == when
    assert details["address"].endswith(street)     # no day, no "delivery on" after it


# -- "take one off": a removal verb around its count; "take 20 off": money off the price ------

@pytest.mark.parametrize("msg, left", [
    ("take one off", 2), ("take one off?", 2), ("please take 2 off", 1),
    ("take 1 out please", 2),
])
def test_a_count_between_take_and_off_is_taken_off_the_line(msg, left):
    """"take one off" on 3 jars left 1 jar ("take one" read as "I'll take one"); the lookup
    keys fold "off" to "of", so the verb and its particle are matched as written."""
    chat = chat_after("hi, 3 jars of amlou 500g please", msg)
    assert chat.cart == {"AMLOU-500": left}


@pytest.mark.parametrize("msg", ["can you take 20 off?", "knock 30 dh off and it's a deal",
                                 "take 50 off for the three?"])
def test_an_amount_taken_off_is_a_haggle_not_a_count(msg):
    """"can you take 20 off?" put 20 jars in the basket: an amount between "take" and "off"
    (a currency word, or ten and more) is money off the price, answered with the fixed price."""
    chat = chat_after("hi, 3 jars of amlou 500g please", msg)
    assert chat.cart == {"AMLOU-500": 3}
    assert "fixed" in chat.last.replies[0]


def test_i_will_take_one_of_them_still_orders():
    chat = chat_after("hi, i want amlou", "I'll take one of the big ones")
    assert chat.cart == {"AMLOU-500": 1}


# -- "remove one of them": one off the line, "them" is no misspelt "thym" -------------------

@pytest.mark.parametrize("first, left", [
    ("hi 3 jars of amlou 500g", {"AMLOU-500": 2}),
    ("hi 3 jars of amlou 500g and 2 thyme honey 1kg", {"AMLOU-500": 3, "MIEL-THYM-1KG": 1}),
])
def test_remove_one_of_them_takes_one_off_the_line_just_ordered(first, left):
    """"remove one of them" removed the thyme honey whole ("them" read as a misspelt "thym"),
    or the only line (3 jars gone): the words of "of them" are known words now."""
    chat = chat_after(first, "remove one of them")
    assert chat.cart == left
