"""Misses seen when playing whole conversations (issue 14, round 13): each general rule with
the messages that showed it."""

from pathlib import Path

import pytest

from bot import nlu
from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
ORIGIN = read_csv(DATA / "catalog_r13_me_origin.csv")
INDEX = nlu.build_index(ORIGIN)

# -- a town a product is named after is the customer's town when said as one -----------------


@pytest.mark.parametrize("messages, city", [
    (["bghit 1 zit argan 250", "Fatima, Tiznit, hay nahda 5"], "Tiznit"),
    (["bghit 1 zit argan 250", "Fatima", "Tiznit"], "Tiznit"),
    (["bghit 2 amlou", "Ahmed", "Essaouira"], "Essaouira"),
    (["salam bghit 1 amlou, smiti Omar men Taliouine douar ait 3"], "Taliouine"),
    (["bghit 2 gram zaafran, ana Ahmed men Taliouine"], "Taliouine"),
    (["je veux 1 kg de dattes, je suis Karim, j'habite à Zagora, quartier Amezrou"], "Zagora"),
    (["بغيت 2 غرام زعفران، أنا عمر من تالوين"], "Taliouine"),
])
def test_a_town_said_as_the_customers_is_no_product(messages, city):
    """"Fatima, Tiznit, hay nahda 5" at the details question put an "Amlou de Tiznit" in the
    order next to the argan oil; "men Taliouine" asked which saffron, and "Taliouine" at the
    city question asked it again and again: the town is where the parcel goes."""
    chat = chat_after(*messages, products=ORIGIN)
    first = {"zit": "ARG-ESS-250", "amlou": "AML-TIZ-250", "zaafran": "SAF-TAL-1",
             "dattes": "DAT-ZAG-1K", "زعفران": "SAF-TAL-1"}
    wanted = next(sku for word, sku in first.items() if word in messages[0])
    assert set(chat.cart) == {wanted}
    assert not chat.conv["data"].get("queue")
    assert chat.conv["data"]["details"].get("city") == city


@pytest.mark.parametrize("text, sku", [
    ("bghit amlou dyal tiznit", "AML-TIZ-250"),
    ("je veux l'amlou de Tiznit", "AML-TIZ-250"),
    ("bghit safran dyal taliouine 5g", "SAF-TAL-5"),
    ("I want the Zagora dates", "DAT-ZAG-1K"),
    ("ana fatima men tiznit bghit jouj amlou", "AML-TIZ-250"),
])
def test_a_town_with_its_product_still_names_it(text, sku):
    """The rule above leaves a town read with its product ("amlou dyal Tiznit") as the
    product's name; and "men Tiznit" after a name is the town, the amlou counted once."""
    parse = nlu.parse(text, INDEX)
    assert [item.sku for item in parse.items] == [sku]
    assert not parse.ambiguous


@pytest.mark.parametrize("text, city", [
    ("Bonsoir je voudrais 2 huile d'argan d'Essaouira 250ml, Mehdi Lahlou, Casablanca, "
     "Bd Zerktouni n°120", "Casablanca"),
    ("bghit 2 gram safran de Taliouine, smiti Hind, Rabat, hay riad zanqa 4 raqm 9", "Rabat"),
])
def test_the_town_in_a_products_name_is_not_the_delivery_city(text, city):
    """"3 safran de Taliouine 1g et un paprika, Mehdi Lahlou, Casablanca, Bd Zerktouni": the
    details reading took the first town of the message, the saffron's, for the parcel's."""
    chat = chat_after(text, products=ORIGIN)
    assert chat.conv["data"]["details"].get("city") == city
