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


# -- a family name spelt like a product word is a name ------------------------------------------

OLIVES = read_csv(DATA / "catalog_r8en_zitoun.csv")


@pytest.mark.parametrize("details, name", [
    ("karim zitouni casa hay salam 5", "karim zitouni"),
    ("Nadia Zitouni, Casablanca, hay salam rue 5", "Nadia Zitouni"),
])
def test_a_family_name_near_a_product_word_is_the_name(details, name):
    """"karim zitouni casa hay salam 5" at the details question asked "which olives?" (the
    family name read as "zitoun" misspelt) and the order stalled on it."""
    chat = chat_after("bghit 1 litre zit zitoun", details, products=OLIVES)
    assert chat.cart == {"ZIT-EV-1L": 1}
    assert not chat.conv["data"].get("queue")
    assert chat.conv["data"]["details"].get("name") == name


def test_a_near_spelling_of_a_product_without_a_first_name_still_names_it():
    parse = nlu.parse("bghit 2 zitoune", nlu.build_index(OLIVES))
    assert parse.ambiguous and parse.ambiguous[0].quantity == 2


# -- hours, days and "pour" beside an order are no counts, sizes nor products -----------------

DEMO = read_csv(Path(__file__).resolve().parents[1] / "coops" / "demo" / "catalog.csv")
DEMO_INDEX = nlu.build_index(DEMO)


@pytest.mark.parametrize("text, lines", [
    ("bghit 2 amlou 250 l ghedda", {"AMLOU-250": 2}),
    ("2 amlou 250g, ana f lkhdma 7ta l 6", {"AMLOU-250": 2}),
    ("bghit 2 amlou 250, jibhom 9bel l 5", {"AMLOU-250": 2}),
    ("2 amlou 250g, deliver until 6", {"AMLOU-250": 2}),
    ("bghit 7ta 2 dyal amlou 250", {"AMLOU-250": 2}),
    ("3 amlou 250g pour moi", {"AMLOU-250": 3}),
    ("je veux 3 amlou 250g pour samedi", {"AMLOU-250": 3}),
    ("3 amlou 250g pour le 15", {"AMLOU-250": 3}),
])
def test_hours_days_and_for_are_no_counts(text, lines):
    """"bghit 2 amlou 250 l ghedda" (for tomorrow) was a thousand jars of 500 g ("250 l":
    250 litres); "7ta l 6" (until six) asked which amlou for six more; "pour" (for) read as
    "pur" (pure) cut "3 amlou 250g pour moi" into one jar of 250 g and three to choose."""
    parse = nlu.parse(text, DEMO_INDEX)
    assert {i.sku: i.quantity for i in parse.items} == lines
    assert not parse.ambiguous


def test_pure_is_still_a_word_of_the_product():
    parse = nlu.parse("miel de thym pur 500g", DEMO_INDEX)
    assert [(i.sku, i.quantity) for i in parse.items] == [("MIEL-THYM-500", 1)]


@pytest.mark.parametrize("text", ["بغيت 30 بيضة", "3tini 12 bidat", "بغيت 12 بيضات بلديات"])
def test_one_egg_names_the_eggs(text):
    """"بيضة" (an egg), "bidat", "بيضات" named nothing on a farm's sheet: the message was
    an order of nothing. They name the eggs; which tray is asked. (Latin "bida" stays out:
    "dar lbida" is Casablanca.)"""
    index = nlu.build_index(read_csv(DATA / "catalog_r12_p12ary_ferme.csv"))
    parse = nlu.parse(text, index)
    assert {s for a in parse.ambiguous for s in a.candidates} | {i.sku for i in parse.items} \
        <= {"OEUF-12", "OEUF-30"}
    assert parse.ambiguous or parse.items


ORIGIN2 = read_csv(DATA / "catalog_r13_me_origin2.csv")


@pytest.mark.parametrize("text, lines", [
    ("bghit 2 kilo dyal rissani", {"DAT-RIS-1K": 2}),
    ("2 kg de Rissani svp", {"DAT-RIS-1K": 2}),
    ("Samira, Kelaat M'Gouna, hay el wahda", {}),
    ("je suis de Rissani", {}),
    ("Fatima, Erfoud, hay salam 3", {}),
])
def test_a_town_after_a_count_and_of_is_the_product(text, lines):
    """"2 kilo dyal Rissani" (two kilos of the Rissani ones) ordered nothing once a town alone
    in its clause was the customer's; a town of two words ("Kelaat M'Gouna") was still read
    as the rose water."""
    parse = nlu.parse(text, nlu.build_index(ORIGIN2))
    assert {i.sku: i.quantity for i in parse.items} == lines
    assert not parse.ambiguous
