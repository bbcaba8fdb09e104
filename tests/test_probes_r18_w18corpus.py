"""Round 18, second wave, siblings of the corpus's conversations played on its cooperatives:
a box word inside a product's own name, herbs a count's kinds could not be, and a recount
of a product asked about later while another's "how many?" is open."""

from bot.catalog import read_csv
from tests.test_conversation import chat_after

TAWABIL = read_csv("tests/data/catalog_r9ary_tawabil.csv")   # cumin 250 g / 1 kg, kefta mix


def test_recounting_a_product_asked_about_later_keeps_the_open_how_many():
    for first, second, third in (("بغيت الكامون جوج", "و خلطة الكفتة", "لا الكامون واحد"),
                                 ("bghit kamoun jouj", "w kefta", "la kamoun wa7ed")):
        chat = chat_after(first, second, third, products=TAWABIL)
        wanted = {q.get("sku") for q in chat.conv["data"]["queue"]}
        assert "KF-250" in wanted, first
        chat.send("2")
        chat.send("1")
        assert chat.cart == {"KM-1KG": 1, "KF-250": 1}, first
