"""Round 21, fresh whole conversations with several lines (w21fresh): a recount said with
"only" after the product ("mejhoul ghir kilo wa7ed", "zit zitoun ghir jouj", "مجهول غير
واحد") while a "which one?" is open about another product bounds that line's count; the
open question stays (it was dropped, and the other product with it, as if the customer had
said "only the dates"); a recount of a product with two lines in the basket ("make the
honey 3", "la, 3sel 3", "non, le miel 3" with a thyme and a euphorbia honey) asks which of
those lines, not which of the sheet's six honeys ("the thyme" then asked its size)."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).parent / "data"
COOPS = Path(__file__).parent.parent / "coops"


@pytest.mark.parametrize("sheet, first, recount, pick, cart", [
    ("catalog_dattes.csv", "bghit 2 kilo mejhoul w 1 amlou", "mejhoul ghir kilo wa7ed", "1",
     {"MEJHOUL-1KG": 1, "AMLOU-AMANDE-250": 1}),
    ("catalog_dattes.csv", "bghit 2 kilo mejhoul w 1 amlou", "la, mejhoul ghir wa7ed", "2",
     {"MEJHOUL-1KG": 1, "AMLOU-CACAH-250": 1}),
    ("catalog_dattes.csv", "بغيت 2 كيلو مجهول و واحد أملو", "مجهول غير واحد", "3",
     {"MEJHOUL-1KG": 1, "AMLOU-AMANDE-500": 1}),
    (None, "bghit 3 zit zitoun 1L w wa7ed argan", "zit zitoun ghir jouj", "1",
     {"OLIVE-1L": 2, "ARGAN-ALIM-250": 1}),
])
def test_only_after_the_product_bounds_its_count_and_keeps_the_open_question(
        sheet, first, recount, pick, cart):
    products = read_csv(DATA / sheet) if sheet else read_csv(COOPS / "demo" / "catalog.csv")
    chat = chat_after(first, recount, pick, products=products)
    assert chat.cart == cart, (recount, chat.cart)



@pytest.mark.parametrize("first, name, recount, pick, cart", [
    ("I want 2 thyme honey 500 and 1 euphorbia honey 1kg", "Sam, Rabat, Agdal 2",
     "make the honey 3", "the thyme", {"MIEL-THYM-500": 3, "MIEL-EUPH-1KG": 1}),
    ("bghit 2 3sel zaatar 500 w 1 dghmous 1kg", "karim, rabat, agdal 3", "la, 3sel 3",
     "zaatar", {"MIEL-THYM-500": 3, "MIEL-EUPH-1KG": 1}),
    ("je veux 2 miel thym 500 et 1 miel euphorbe 1kg", "Ali, Rabat, Agdal 5",
     "non, le miel 3", "2", {"MIEL-THYM-500": 2, "MIEL-EUPH-1KG": 3}),
    ("bghit 2 amlou 250 w 1 amlou 500 w 1 ghassoul", "karim, rabat, hay riad 12",
     "la, amlou 3", "dyal 500", {"AMLOU-250": 2, "AMLOU-500": 3, "GHASSOUL-200": 1}),
])
def test_a_recount_of_a_product_with_two_lines_asks_among_those_lines(
        first, name, recount, pick, cart):
    chat = chat_after(first, name, recount, pick)
    assert chat.cart == cart, (recount, pick, chat.cart)
    assert not chat.conv["data"]["queue"]
