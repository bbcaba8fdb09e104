"""Round 19, stalls (the customer had to say something again): a polite word of one language,
a product word that is also a day word, a town that is also an everyday word between the name
and the district, a first name before a street word, a lodging's name holding the town."""

from bot.catalog import read_csv
from bot.nlu import details
from tests.test_conversation import chat_after

SOUK = read_csv("tests/data/catalog_r17_p17en_souk.csv")
MARKET = read_csv("tests/data/catalog_r18_p18lines_market.csv")


def test_a_polite_word_of_one_language_gives_a_first_message_its_language():
    # "cumin" is French and English alike: "please" says English (a Moroccan number)
    for text in ("3 cumin please", "cumin x2 thanks", "2 amlou 250g pls"):
        assert chat_after(text, products=SOUK).last.lang == "en", text
    # "svp" is every customer's; a Darija word still shows Darija
    for text in ("2 amlou 250g svp", "3tini 2 cumin please"):
        assert chat_after(text, products=SOUK).last.lang == "ary-Latn", text


def test_a_count_after_a_product_word_that_is_also_a_day_word():
    chat = chat_after("2 almonds 250g and 1 dates 500g", "make the dates 2", products=MARKET)
    assert chat.cart == {"ALMONDS-250": 2, "DATES-500": 2}
    # the day word as written still heads a date: no count
    chat = chat_after("2 almonds 250g", "livraison date 12", products=MARKET)
    assert chat.cart == {"ALMONDS-250": 2}


def _details(*messages, **context):
    return chat_after("3 amlou 250g", "la", *messages, **context).conv["data"]["details"]


def test_a_town_that_is_an_everyday_word_between_the_name_and_the_district():
    for text, name, city in (("omar safi hay salam", "omar", "Safi"),
                             ("omar tazi safi hay salam n 12", "omar tazi", "Safi"),
                             ("salma jdida derb 5", "salma", "El Jadida"),
                             ("omar f safi hay salam", "omar", "Safi"),
                             ("ana omar mn safi hay salam", "omar", "Safi")):
        got = _details(text)
        assert (got.get("name"), got.get("city")) == (name, city), text
        assert got.get("address"), text
    assert details.city_only("f safi") == ("Safi", True)
    assert details.city_only("safi")[0] is None


def test_a_first_name_before_a_street_word_is_a_name():
    got = _details("Sara Lane, Rabat, 12 rue des fleurs")
    assert (got.get("name"), got.get("city"), got.get("address")) == (
        "Sara Lane", "Rabat", "12 rue des fleurs")
    assert details.extract("Asni road, Marrakech").address        # a place's name still


def test_a_lodging_named_after_its_town_gives_the_city():
    chat = chat_after("2 saffron 1g, I'm Nadia Khan at Riad Be Marrakech, Derb Sidi Bouloukat",
                      products=SOUK)
    assert chat.state == "confirm"
    assert chat.conv["data"]["details"]["city"] == "Marrakech"
    # a city said apart wins over the lodging's
    assert details.extract("Hotel Casablanca, Rabat, rue 5").city == "Rabat"


def test_one_product_asked_about_in_another_size_at_the_summary():
    for question in ("wach amlou ykoun lkbir?", "is the amlou the big one?"):
        chat = chat_after("2 amlou 250g", "la", "Omar, Fes, 12 rue des fleurs", question)
        assert chat.state == "confirm" and chat.cart == {"AMLOU-250": 2}, question
        assert chat.conv["data"]["size_or_both"]["new"] == "AMLOU-500", question
        chat.send("iyeh")
        assert chat.cart == {"AMLOU-500": 2} and chat.state == "confirm", question
    chat = chat_after("2 amlou 250g", "la", "Omar, Fes, 12 rue des fleurs",
                      "wach amlou ykoun lkbir?", "la")
    assert chat.cart == {"AMLOU-250": 2} and chat.state == "confirm"


ARTISANAT = read_csv("tests/data/catalog_r19_p19stall_artisanat.csv")


def test_candles_baskets_and_pottery_are_concepts_in_four_languages():
    for text in ("i want 2 candles", "bghit 2 chma3", "بغيت جوج شمعات", "je veux 2 chandelles"):
        chat = chat_after(text, products=ARTISANAT)
        asked = chat.conv["data"]["queue"][0]                   # which scent? is asked
        assert (asked["candidates"], asked["quantity"]) == (["BOUG-AMB", "BOUG-ROSE"], 2), text
    assert chat_after("2 rose candles", products=ARTISANAT).cart == {"BOUG-ROSE": 2}
    assert chat_after("2 baskets please", products=ARTISANAT).cart == {"PAN-DOUM": 2}
    assert chat_after("2 ceramic bowls", products=ARTISANAT).cart == {"BOL-CER": 2}


def test_a_sheet_word_short_of_a_letter_where_a_product_is_expected_is_asked():
    for text in ("bghit amou", "3tini 2 amou"):
        chat = chat_after(text)
        asked = chat.conv["data"]["queue"][0]
        assert asked["candidates"] == ["AMLOU-250", "AMLOU-500"] and not chat.cart, text
    khlii = read_csv("tests/data/catalog_r14_p14ary_khlii.csv")
    chat = chat_after("bghit 2 khii", products=khlii)
    assert chat.conv["data"]["queue"][0]["quantity"] == 2 and not chat.cart
    # one product would be packed as guessed: nothing is taken ("kilo" picks the 1 kg)
    assert chat_after("bghit kilo khii", products=khlii).cart == {}
    # alone, or with words after it, no guess
    assert not chat_after("amou").conv["data"].get("queue")
