"""Round 17, found at the merge desk: sizes of a product written "50 cl", a measure of
another line's product, and counts beside a size that were lost."""

from bot.catalog import read_csv
from tests.test_conversation import chat_after

OLIVES = read_csv("tests/data/catalog_r8en_zitoun.csv")     # oil 50 cl, 1, 2, bidon 5 L; olives


def test_a_size_written_50_cl_is_a_size_of_the_same_oil():
    chat = chat_after("bghit 2L zit", "zid wahd 50cl", products=OLIVES)
    assert chat.cart == {"ZIT-EV-2L": 1, "ZIT-EV-50CL": 1}


def test_one_more_in_litres_goes_to_the_oil_not_to_the_olives_just_added():
    chat = chat_after("bghit 2L zit zitoun w 500g zitoun khdra", "zid wahd 50cl",
                      products=OLIVES)
    assert chat.cart == {"ZIT-EV-2L": 1, "OLV-VERTE-500": 1, "ZIT-EV-50CL": 1}
    chat = chat_after("2L olive oil and green olives 500g", "add 2 of the 1L", products=OLIVES)
    assert chat.cart == {"ZIT-EV-2L": 1, "OLV-VERTE-500": 1, "ZIT-EV-1L": 2}


def test_a_weight_still_goes_to_the_olives():
    chat = chat_after("bghit 2L zit zitoun w 500g zitoun khdra", "zid kilo", products=OLIVES)
    assert chat.cart == {"ZIT-EV-2L": 1, "OLV-VERTE-500": 3}


def test_another_size_of_an_earlier_line_asks_about_that_line():
    chat = chat_after("bghit 2L zit zitoun w 500g zitoun khdra", "50cl", products=OLIVES)
    assert chat.conv["data"]["size_or_both"]["sku"] == "ZIT-EV-2L"
    assert "2L?" in chat.last.replies[-1]
    chat.send("bjouj")
    assert chat.cart == {"ZIT-EV-2L": 1, "OLV-VERTE-500": 1, "ZIT-EV-50CL": 1}


def test_two_alone_to_instead_or_both_is_both():
    for answer in ("jouj", "2", "زوج"):
        chat = chat_after("bghit 3sel zaatar kilo", "500g", answer)
        assert chat.cart == {"MIEL-THYM-1KG": 1, "MIEL-THYM-500": 1}, answer


def test_a_count_of_the_line_and_another_size_in_one_message():
    for text in ("ok je prends 1 et 2 bouteilles de 1L", "je prends 1 et 2 de 1L"):
        chat = chat_after("huile 5L", text, products=OLIVES)
        assert chat.cart == {"ZIT-EV-5L": 1, "ZIT-EV-1L": 2}, text
    chat = chat_after("bghit zit 5L", "wa7ed w jouj dyal 1L", products=OLIVES)
    assert chat.cart == {"ZIT-EV-5L": 1, "ZIT-EV-1L": 2}


def test_the_same_as_the_answer_to_how_many():
    chat = chat_after("bonjour vous avez l huile d olive 5L?", "combien",
                      "ok je prends 1 et 2 bouteilles de 1L", products=OLIVES)
    assert chat.cart == {"ZIT-EV-5L": 1, "ZIT-EV-1L": 2}


def test_counts_not_understood_do_not_go_on_to_the_checkout():
    chat = chat_after("huile 5L", "je prends 3 et 2 de 1L", products=OLIVES)
    assert chat.state == "ordering" and chat.cart == {"ZIT-EV-5L": 1}
    assert "compris" in chat.last.replies[-1]
    chat = chat_after("huile 5L", "bghit nkml", products=OLIVES)
    assert chat.state == "ask_name"


COUSCOUS = read_csv("tests/data/catalog_couscous.csv")     # complet 5 kg sold out; 1 kg kept


def test_a_size_said_to_the_sold_out_list_picks_the_same_product():
    # the list: the complet 1 kg (its other size), then similar ones with a barley 1 kg
    for text, qty in (("1kg", 1), ("2 de 1kg", 2), ("en fait mettez 2 de 1kg à la place", 2)):
        chat = chat_after("je voudrais le couscous complet 5kg", text, products=COUSCOUS)
        assert chat.cart == {"CC-COMP-1KG": qty}, text


HALWA = read_csv("tests/data/catalog_halwa.csv")   # ghriba by the box; cornes by the box and kg


def test_a_box_alone_names_no_product_when_two_are_sold_by_the_box():
    for text in ("plutot 3 boites", "non 3 boites", "la 3 boites"):
        chat = chat_after("je veux 2 boites de ghriba", text, products=HALWA)
        assert chat.cart == {"GHRIBA-BOITE": 3}, text


def test_what_is_taken_for_a_product_sold_out_replaces_no_other_line():
    chat = chat_after("bonsoir je veux 2 boites de ghriba et 1kg de cornes de gazelle",
                      "plutôt le sellou", products=HALWA)
    assert chat.cart == {"GHRIBA-BOITE": 2, "SELLOU-1KG": 1}


COSMETICS = read_csv("tests/data/catalog_cosmetique.csv")   # soap nature / eucalyptus, ghassoul


def test_a_later_which_one_answered_early_keeps_its_count():
    chat = chat_after("salam bghit ghassoul w 2 saboun beldi", "nature", products=COSMETICS)
    assert chat.cart == {"SAVON-BELDI-NAT": 2}
    chat.send("wa7ed")
    assert chat.cart == {"SAVON-BELDI-NAT": 2, "GHASSOUL-250": 1}
    assert not chat.conv["data"]["queue"]


ARABIC = read_csv("tests/data/catalog_arabic.csv")    # thyme honey 1 kg and 500 g, amlou 500 g


def test_a_measure_taken_back_whole_is_replaced_in_all():
    for first, change in (("بغيت 2 كيلو عسل الزعتر", "لا نص كيلو ماشي جوج كيلو"),
                          ("bghit 2 kilo 3sel zaatar", "la nos kilo machi 2 kilo"),
                          ("bghit 2 kilo 3sel zaatar", "la ghir nos kilo"),
                          ("je veux 2 kilos de miel de thym", "non, un demi kilo seulement")):
        chat = chat_after(first, change, products=ARABIC)
        assert chat.cart == {"ASL-ZAT-05": 1}, change
    chat = chat_after("بغيت 2 كيلو عسل الزعتر و نص كيلو أملو",
                      "لا نص كيلو د العسل ماشي جوج كيلو", products=ARABIC)
    assert chat.cart == {"AMLOU-1": 1, "ASL-ZAT-05": 1}


def test_a_jar_size_changed_keeps_the_count_of_jars():
    chat = chat_after("je veux 2 pots de miel de thym 1kg", "non, de 500g", products=ARABIC)
    assert chat.cart == {"ASL-ZAT-05": 2}


ORIGIN = read_csv("tests/data/catalog_r13_me_origin.csv")   # "Amlou de Tiznit 250g", …


def test_a_link_word_the_sheet_does_not_write_still_says_darija():
    chat = chat_after("salam, je veux amlou dyal tiznit 2 pots, livraison l agadir",
                      products=ORIGIN)
    assert chat.cart == {"AML-TIZ-250": 2} and chat.last.lang == "ary-Latn"


def test_a_name_guessed_close_to_a_kind_beside_a_town_changes_no_line():
    # "الزهرة" (Zahra) is read close to "الزهر" (orange blossom): with the town after it, the
    # thyme honey stays (it became two jars of orange-blossom honey)
    for name in ("الزهرة الصويرة", "ليمونة الصويرة"):
        chat = chat_after("بغيت جوج كيلو عسل الزعتر", name)
        assert chat.cart == {"MIEL-THYM-1KG": 2}, name
    chat = chat_after("بغيت جوج كيلو عسل الزعتر", "بالزهر")       # the kind said: changed
    assert chat.cart == {"MIEL-ORANG-1KG": 2}
