"""Round 18, second wave, siblings of the corpus's conversations played on its cooperatives:
a box word inside a product's own name, herbs a count's kinds could not be, a recount of a
product asked about later while another's "how many?" is open, kinds named by words of other
products, and a small size said before the count."""

from bot.catalog import read_csv
from tests.test_conversation import chat_after

SPICES = read_csv("tests/data/catalog_r9en_epices.csv")      # "Coffret …" alias "gift box"
HERBS = read_csv("tests/data/catalog_r7ary_a3chab.csv")      # wormwood, lavender, rosemary
TAWABIL = read_csv("tests/data/catalog_r9ary_tawabil.csv")   # cumin 250 g / 1 kg, kefta mix


def test_a_box_word_inside_the_products_name_is_no_second_box():
    chat = chat_after("one gift box of spices and a turmeric please", products=SPICES)
    assert chat.cart == {"EP-COFFRET-6": 1, "EP-CURCUMA-100": 1}
    assert chat_after("a gift box of spices", products=SPICES).cart == {"EP-COFFRET-6": 1}
    assert chat_after("2 gift box of spices", products=SPICES).cart == {"EP-COFFRET-6": 2}


def test_a_box_of_another_product_is_still_its_own_line():
    chat = chat_after("1 cumin 100g, box of kefta", products=SPICES)
    assert chat.cart == {"EP-CUMIN-100": 1, "EP-KEFTA-100": 1}


def test_herbs_sold_apart_are_not_kinds_of_the_counted_herb():
    for text in ("bghit chi7 jouj w khzama w azir", "بغيت الشيح جوج و الخزامى و أزير"):
        chat = chat_after(text, products=HERBS)
        assert chat.cart == {"HB-04": 2, "HB-06": 1, "HB-07": 1}, text
    chat = chat_after("bghit helba jouj w khzama w azir", products=HERBS)
    assert chat.cart == {"HB-03": 2, "HB-06": 1, "HB-07": 1}


def test_kinds_of_the_counted_product_still_split_its_count():
    chat = chat_after("2 goat cheeses, one fresh and one with pepper",
                      products=read_csv("tests/data/catalog_r7en_chevre.csv"))
    assert "CHV-FRAIS-250" in chat.cart and sum(chat.cart.values()) <= 2


def test_recounting_a_product_asked_about_later_keeps_the_open_how_many():
    for first, second, third in (("بغيت الكامون جوج", "و خلطة الكفتة", "لا الكامون واحد"),
                                 ("bghit kamoun jouj", "w kefta", "la kamoun wa7ed")):
        chat = chat_after(first, second, third, products=TAWABIL)
        wanted = {q.get("sku") for q in chat.conv["data"]["queue"]}
        assert "KF-250" in wanted, first
        chat.send("2")
        chat.send("1")
        assert chat.cart == {"KM-1KG": 1, "KF-250": 1}, first


SOAPS = read_csv("tests/data/catalog_r8en_savon.csv")        # argan, honey, olive soaps…
CACTUS = read_csv("tests/data/catalog_r7en_cactus.csv")      # seed oil in 15 ml and 30 ml


def test_a_count_then_as_many_kinds_named_by_words_of_other_products_is_one_of_each():
    # "honey" and "olive" are products elsewhere; with "soap" they name one soap each
    for text in ("3 soaps: argan, honey and olive", "3 soaps, argan, honey and olive"):
        chat = chat_after(text, products=SOAPS)
        assert chat.cart == {"SAV-ARGAN": 1, "SAV-MIEL": 1, "SAV-OLIVE": 1}, text
    assert chat_after("2 soaps, honey and olive", products=SOAPS).cart == {
        "SAV-MIEL": 1, "SAV-OLIVE": 1}


def test_a_small_size_said_before_the_count_is_the_size():
    for text in ("bghit zit hendia 15 jouj", "prickly pear oil 15 x2"):
        chat = chat_after(text, products=CACTUS)
        assert chat.cart == {"AKN-OIL-15": 2}, text
    assert chat_after("bghit zit hendia 30 jouj", products=CACTUS).cart == {"AKN-OIL-30": 2}


BABOUCHES = read_csv("tests/data/catalog_r10_babouche.csv")  # black / yellow, sizes 38-44


def test_a_count_of_pairs_then_as_many_listed_is_one_of_each():
    chat = chat_after("3 pairs: black 40, black 42 and yellow 38", products=BABOUCHES)
    assert chat.cart == {"BAB-N-40": 1, "BAB-N-42": 1, "BAB-J-38": 1}
    chat = chat_after("2 pairs: black 40 and yellow 38", products=BABOUCHES)
    assert chat.cart == {"BAB-N-40": 1, "BAB-J-38": 1}
    assert chat_after("2 pairs, black 40", products=BABOUCHES).cart == {"BAB-N-40": 2}


def test_a_count_and_a_size_then_as_many_kinds_is_one_of_each_in_that_size():
    couscous = read_csv("tests/data/catalog_couscous.csv")
    chat = chat_after("2 couscous 1kg: belboula et complet", products=couscous)
    assert chat.cart == {"CC-BELB-1KG": 1, "CC-COMP-1KG": 1}
    dates = read_csv("tests/data/catalog_dattes.csv")
    chat = chat_after("2 amlou 250: amande et cacahuète", products=dates)
    assert chat.cart == {"AMLOU-AMANDE-250": 1, "AMLOU-CACAH-250": 1}
    chat = chat_after("2 kilos de dattes: mejhoul et boufeggous", products=dates)
    assert chat.cart == {"MEJHOUL-1KG": 1, "BOUFEGGOUS-1KG": 1}
    chat = chat_after("2 couscous 1kg: belboula", products=couscous)
    assert chat.cart == {"CC-BELB-1KG": 2}


def test_kinds_listed_each_with_its_own_size_are_one_of_each():
    chat = chat_after("3 argan oils: cooking, hair 50ml and hair 100ml",
                      products=read_csv("tests/data/catalog_atlas_en.csv"))
    assert chat.cart == {"ARG-COOK-250": 1, "ARG-HAIR-50": 1, "ARG-HAIR-100": 1}


def test_other_products_after_a_count_and_a_size_are_not_kinds_of_it():
    chat = chat_after("bghit kamoun 100 jouj w skinjbir w kharkoum", products=SPICES)
    assert chat.cart.get("EP-CUMIN-100") == 2
    asked = {q.get("sku") for q in chat.conv["data"]["queue"]}
    assert {"EP-GINGEMBRE-100", "EP-CURCUMA-100"} <= set(chat.cart) | asked


def test_a_one_then_a_count_is_no_size_of_one_kilo():
    # "jouj b jouj, wa7ed mn kol wa7da" at "which thyme honey?": one of each, not two 1 kg jars
    chat = chat_after("je veux du miel de thym", "jouj b jouj, wa7ed mn kol wa7da")
    assert chat.cart == {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 1}
