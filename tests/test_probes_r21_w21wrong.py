"""Round 21, wrong parcels: a "replace X with Y" keeps the count of the line (or of the
question) it takes out, also when the new product is named with "the … one" ("one" is a
pronoun there, not a count) and when its size is asked first."""

from tests.test_conversation import chat_after


def test_replace_with_the_other_one_keeps_the_count_of_the_line():
    for said, then, cart in (
            ("bghit 2 thyme honey 500g", "replace the thyme honey with the euphorbia one",
             {"MIEL-EUPH-500": 2}),
            ("I want 2 thyme honey 1kg", "replace the thyme honey with the orange blossom one",
             {"MIEL-ORANG-1KG": 2}),
            ("je veux 3 miel de thym 500g", "remplace le miel de thym par celui d euphorbe",
             {"MIEL-EUPH-500": 3})):
        chat = chat_after(said, then)
        assert chat.cart == cart, (then, chat.cart)


def test_replace_while_the_size_is_asked_keeps_the_count_asked():
    chat = chat_after("bghit 2 thyme honey", "replace the thyme honey with the euphorbia one",
                      "1")
    assert chat.cart == {"MIEL-EUPH-500": 2}, chat.cart
