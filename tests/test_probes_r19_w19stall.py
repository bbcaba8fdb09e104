"""Round 19, second wave, stalls and misguesses (w19stall): a letter typed three times read
as typed twice, and the one product a word short of a letter is read as asked about ("did
you mean …?"), never packed and never lost."""

from bot.catalog import read_csv
from bot.nlu import details, normalise, parse
from tests.test_conversation import chat_after

HONEY = read_csv("tests/data/catalog_r19_w19stall_honey.csv")


def test_a_letter_typed_three_times_is_at_least_typed_twice():
    from bot.nlu.textnorm import stretched  # (main has none: the test fails, not errs)
    # normalised as before ("bghiiit" is "bghit"), the stretched word kept aside
    assert normalise("bghit 3sel zaaar") == "bghit 3sel zar"
    assert stretched("bghit 3sel zaaar") == {"zar": "zaar"}
    assert stretched("bghit 3sel zar") == {}
    # "zaaar" is no "zhar" short of a letter: the thyme (zaatar short of its t), as "zaar"
    for text in ("2 kilo 3sel zaaar", "2 kilo 3sel zaaaar", "2 kilo 3sel zaar"):
        assert chat_after(text, products=HONEY).cart == {"MIEL-THYM": 2}, text
    # "zar" as typed is still the orange blossom short of its h
    assert chat_after("2 kilo 3sel zar", products=HONEY).cart == {"MIEL-ZHAR": 2}
    assert [i.sku for i in parse("bghit 3sel zaaar", HONEY).items] == ["MIEL-THYM"]


def test_one_product_read_from_a_word_short_of_a_letter_is_asked_yes_or_no():
    chat = chat_after(products=HONEY)
    reply = chat.send("3tini 2 amou")
    assert not chat.cart and chat.conv["data"]["queue"][0]["candidates"] == ["AMLOU-250"]
    assert "Amlou aux amandes 250g" in reply and "iyeh" in reply
    # yes: the two said; a number picks it too
    for answer in ("iyeh", "ah", "1"):
        assert chat_after("3tini 2 amou", answer, products=HONEY).cart == {"AMLOU-250": 2}
    # no: nothing packed, what else asked
    for first, answer in (("3tini 2 amou", "la"), ("je veux 2 amou", "non"),
                          ("i want 2 amou", "no")):
        chat = chat_after(first, answer, products=HONEY)
        assert not chat.cart and not chat.conv["data"]["queue"], (first, answer)
    # beside a line read exactly, that line is kept and the guess asked after it
    chat = chat_after("2 kilo 3sel zaatar w 2 amou", "la", products=HONEY)
    assert chat.cart == {"MIEL-THYM": 2}
    chat = chat_after("2 kilo 3sel zaatar w 2 amou", "wakha", products=HONEY)
    assert chat.cart == {"MIEL-THYM": 2, "AMLOU-250": 2}
    # another product named instead of yes
    assert chat_after("i want 2 amou", "no, argan oil", products=HONEY).cart == {"ARGAN-100": 2}


def test_a_first_name_after_the_town_that_ends_the_address():
    # the town closes the address part, the name is the last part: neither asked again
    for text, name, city in (("rue 4 hay nahda rabat, karim", "karim", "Rabat"),
                             ("hay nahda rue 4 agadir, fatima zahra", "fatima zahra", "Agadir"),
                             ("rue 4 hay nahda rabat, Karim Tazi", "Karim Tazi", "Rabat")):
        chat = chat_after("2 amlou 250g", "la", text)
        got = chat.conv["data"]["details"]
        assert chat.state == "confirm", text
        assert (got["name"], got["city"]) == (name, city), text
        assert "rue 4" in got["address"] and name.split()[0] not in got["address"], text
    # not a name: still the address
    found = details.extract("rue 4 hay nahda rabat, 2eme etage")
    assert "etage" in found.address
