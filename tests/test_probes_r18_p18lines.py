"""Long conversations (eighteenth round, "lines"): a basket and its details changed over many
turns, before and after the order is placed; each general rule with the conversation that
showed it, on the demo catalog and on two fresh sheets (a spice shop whose names are in Latin
letters, an English market)."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.i18n import t
from tests.test_conversation import Chat

DATA = Path(__file__).resolve().parent / "data"
ATTARIN = read_csv(DATA / "catalog_r18_p18lines_attarin.csv")
MARKET = read_csv(DATA / "catalog_r18_p18lines_market.csv")


class Shop(Chat):
    """A chat whose placed order becomes the customer's latest one, as the service records
    it (and cancelled when the bot cancels it)."""

    def send(self, text="", **event):
        reply = super().send(text, **event)
        for action in self.actions:
            kind = type(action).__name__
            if kind == "CreateOrder":
                details = action.details
                self.context["last_order"] = {
                    "id": 41, "number": "T-1041", "status": "confirmed", "tracking": None,
                    "lines": [{"sku": line["sku"], "quantity": line["quantity"],
                               "name": line["name"]} for line in action.lines],
                    "customer_name": details.get("name"), "city": details.get("city"),
                    "address": details.get("address")}
            elif kind == "CancelOrder":
                self.context["last_order"] = dict(self.context["last_order"],
                                                  status="cancelled")
        return reply


def shop_after(*messages, products=None):
    chat = Shop(**({"products": products} if products else {}))
    for text in messages:
        chat.send(text)
    return chat


def placed(chat):
    return [a for a in chat.actions if type(a).__name__ == "CreateOrder"]


# -- "rub3 kilo" is a quarter kilo, as "rob3 kilo" is ------------------------------------------

@pytest.mark.parametrize("products, message, expected", [
    (None, "bghit rub3 kilo amlou", {"AMLOU-250": 1}),
    (None, "bghit rubu3 kilo amlou", {"AMLOU-250": 1}),
    (ATTARIN, "bghit rub3 kilo kamoun", {"KAMOUN-250": 1}),
])
def test_rub3_is_a_quarter(products, message, expected):
    chat = shop_after(message, products=products)
    assert chat.cart == expected        # "rub3" unread: one kilo, two 500 g jars of amlou


# -- "wait, make it 3 amlou" right after the order: that order, changed -------------------------

@pytest.mark.parametrize("products, order, details, change, yes, expected", [
    (None, "I want 2 amlou 250g and 1 thyme honey 1kg", "Karim, Casablanca, maarif rue 7",
     "hold on, make it 3 amlou", "yes", {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (None, "I want 2 amlou 250g and 1 thyme honey 1kg", "Karim, Casablanca, maarif rue 7",
     "sorry, I meant 2 amlou 500g", "yes", {"AMLOU-500": 2, "MIEL-THYM-1KG": 1}),
    (None, "bghit 2 amlou 250g w 1 3sel zaatar kbir", "smiti Karim, casa, maarif rue 7",
     "stenna, bghit 3 amlou machi 2", "iyeh", {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (None, "بغيت جوج أملو 250g و واحد عسل الزعتر 500g", "كريم، الدار البيضاء، المعاريف زنقة 7",
     "تسنى، بغيت تلاتة أملو ماشي جوج", "اه", {"AMLOU-250": 3, "MIEL-THYM-500": 1}),
    (None, "je veux 2 amlou 250g et 1 miel de thym 1kg", "Karim, Casablanca, maarif rue 7",
     "attends, mets 3 amlou", "oui", {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (ATTARIN, "bghit 1 kamoun 250g w 2 smen 500g", "smiti Aicha, fes, hay nargis rue 3",
     "stenna, bghit 3 smen machi 2", "iyeh", {"KAMOUN-250": 1, "SMEN-500": 3}),
    (MARKET, "I want 3 dates 1kg and 1 black soap", "Sara, Rabat, Agdal rue 4",
     "wait, I meant 2 dates", "yes", {"DATES-1KG": 2, "SOAP-1": 1}),
])
def test_a_correction_of_the_placed_order_changes_that_order(products, order, details, change,
                                                             yes, expected):
    chat = shop_after(order, details, yes, products=products)
    first = placed(chat)
    assert first
    kept = {k: v for k, v in first[0].details.items() if k in ("name", "city", "address")}
    chat.send(change)
    assert chat.state == "confirm_cancel"   # "cancel it and make it again with this?"
    chat.send(yes)
    assert chat.cart == expected            # the other line was lost, "which amlou?" asked
    assert chat.state == "confirm"          # its summary, with the details it had
    chat.send(yes)
    again = placed(chat)
    assert again and {line["sku"]: line["quantity"] for line in again[0].lines} == expected
    assert {k: v for k, v in again[0].details.items() if k in kept} == kept


@pytest.mark.parametrize("message, lang", [
    ("stenna bghit nzid 1 3sel zaatar 500g", "ary-Latn"),
    ("بغيت نزيد واحد عسل الزعتر 500g", "ary-Arab"),
])
def test_adding_to_the_placed_order_says_it_is_a_new_one(message, lang):
    chat = shop_after("bghit 2 amlou 250g", "smiti Karim, casa, maarif rue 7", "iyeh")
    assert placed(chat)
    reply = chat.send(message)
    # the customer believed the parcel would grow: two parcels, two fees, unsaid
    assert t(lang, "new_order_after_placed", number="T-1041") in reply
    assert chat.cart == {"MIEL-THYM-500": 1}


# -- "which thyme honey?" — "1kg, and make the amlou 3": the answer, then the change -----------

@pytest.mark.parametrize("products, first, second, answer, expected", [
    (None, "I want 2 amlou 250g", "and thyme honey", "1kg, and make the amlou 3",
     {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (None, "I want 2 amlou 250g", "and thyme honey", "the 1kg one, and 3 amlou instead of 2",
     {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (None, "je veux 2 amlou 250g", "et du miel de thym", "1kg, et mettez 3 amlou",
     {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (None, "bghit 2 amlou 250g", "w 3sel zaatar", "1 kilo, w dir amlou 3",
     {"AMLOU-250": 3, "MIEL-THYM-1KG": 1}),
    (ATTARIN, "بغيت جوج سمن 500g", "و الكمون", "250g، و دير تلاتة سمن",
     {"SMEN-500": 3, "KAMOUN-250": 1}),
    (MARKET, "I want 2 figs", "and almonds", "the 1kg, and make the figs 3",
     {"FIGS-500": 3, "ALMONDS-1KG": 1}),
])
def test_a_size_answers_which_one_and_the_rest_changes_another_line(products, first, second,
                                                                    answer, expected):
    chat = shop_after(first, second, products=products)
    assert chat.conv["data"]["queue"]                  # "which one?"
    reply = chat.send(answer)
    assert chat.cart == expected    # the size went to the other product (two 500 g amlou)
    assert not chat.conv["data"]["queue"]
    assert reply.count("×") == len(expected)            # the basket said once


# -- "and one kilo" after the 500 g jars: one more, in that size ------------------------------

@pytest.mark.parametrize("products, first, more, expected", [
    (None, "bghit 3sel zaatar 500g", "w wa7ed kilo", {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 1}),
    (None, "بغيت عسل الزعتر 500g", "و واحد كيلو", {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 1}),
    (None, "I want 2 thyme honey 500g", "and 2 of the 1kg",
     {"MIEL-THYM-500": 2, "MIEL-THYM-1KG": 2}),
    (None, "je veux 3 miel de thym 500g", "et un 1kg", {"MIEL-THYM-500": 3, "MIEL-THYM-1KG": 1}),
    (ATTARIN, "bghit 2 kamoun 250g", "w wa7ed kilo", {"KAMOUN-250": 2, "KAMOUN-1KG": 1}),
    (MARKET, "I want 2 almonds 250g", "and one 1kg", {"ALMONDS-250": 2, "ALMONDS-1KG": 1}),
])
def test_another_size_said_with_and_is_one_more(products, first, more, expected):
    chat = shop_after(first, products=products)
    chat.send(more)
    assert chat.cart == expected    # "instead of the 500 g, or both?" though "and" was said


def test_another_size_asked_with_and_is_still_a_question():
    chat = shop_after("I want thyme honey 500g", "three")
    chat.send("and the 1kg?")
    assert chat.cart == {"MIEL-THYM-500": 3}


# -- "bdel lmdina: sale, rue 5" at the summary: Salé, and the street in it ----------------------

@pytest.mark.parametrize("products, order, details, change", [
    (None, "bghit 2 ghassoul", "smiti Nadia, rabat, agdal rue 3", "bdel lmdina: sale, rue 5"),
    (None, "bghit 2 ghassoul", "smiti Nadia, rabat, agdal rue 3",
     "bdel lmdina: sale, hay salam 5"),
    (None, "je veux 2 ghassoul", "Nadia, Rabat, Agdal rue 3", "changez la ville: sale, rue 5"),
    (MARKET, "I want 2 figs", "Nadia, Rabat, Agdal street 3",
     "change the city: sale, street 5"),
])
def test_the_city_word_reads_an_everyday_town_with_the_new_street(products, order, details,
                                                                   change):
    chat = shop_after(order, details, products=products)
    assert chat.conv["data"]["details"]["city"] == "Rabat"
    chat.send(change)
    got = chat.conv["data"]["details"]
    assert got["city"] == "Salé"      # the new street went to Rabat: a parcel to the wrong town
    assert got["address"].split()[-1] == "5"
