"""Long conversations (eighteenth round, "lines"): a basket and its details changed over many
turns, before and after the order is placed; each general rule with the conversation that
showed it, on the demo catalog and on two fresh sheets (a spice shop whose names are in Latin
letters, an English market)."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
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
