"""Misses seen when playing whole conversations on operator sheets nobody had seen (issue
14, eighteenth round): names sharing words, names with figures, names with a town, names in
one language or script only, sizes in the name or in their own column, packs. Each general
rule with the messages that showed it."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

TERROIR = read_csv("tests/data/catalog_r18_p18cat_terroir.csv")


# -- a town in a product's name, written in another form, names that product --------------

@pytest.mark.parametrize("text, cart", [
    # the town in Arabic letters, the sheet's name in French: it was the delivery city
    ("بغيت عسل تيزنيت كيلو", {"MTIZ-1K": 1}),
    ("عسل تيزنيت كيلو", {"MTIZ-1K": 1}),
    ("bghit jouj amlou تافراوت", {"AMT-250": 2}),
    # another spelling of the town: the plain argan was put in, the town taken as the city
    ("bghit argan swira 250ml jouj", {"ARGESS-250": 2}),
    ("2 dattes arfoud", {"DATT-ERF": 2}),
])
def test_a_town_in_a_name_said_in_another_form_names_the_product(text, cart):
    chat = chat_after(text, products=TERROIR)
    assert chat.cart == cart
    assert not chat.conv["data"].get("details", {}).get("city")


def test_a_town_in_a_name_said_in_another_form_is_no_other_product():
    # "zit argan swira": no name says oil, argan and the town: not the plain argan
    chat = chat_after("bghit zit argan swira 250ml", products=TERROIR)
    assert "ARG-250" not in chat.cart
    assert chat.conv["data"].get("details", {}).get("city") != "Essaouira"


@pytest.mark.parametrize("messages, city", [
    # the town said as the customer's, after a place word, stays theirs
    (("bghit zit argan 250ml, ana f swira",), "Essaouira"),
    (("bghit 3sel tiznit kilo", "ahmed, tiznit, hay salam"), "Tiznit"),
])
def test_a_town_said_as_the_customers_stays_the_delivery_city(messages, city):
    chat = chat_after(*messages, products=TERROIR)
    assert chat.conv["data"]["details"]["city"] == city
