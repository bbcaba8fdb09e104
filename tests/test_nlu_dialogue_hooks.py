"""The parser's signals as the dialogue uses them (issue 14): a restart in one message, a
correction that sets a quantity, an availability question that orders nothing."""

import pytest

from tests.test_conversation import chat_after


@pytest.mark.parametrize("first, second, cart", [
    ("Je voudrais 1 miel d'euphorbe 1kg", "Non annulez, je préfère 2 amlou 500g",
     {"AMLOU-500": 2}),
    ("bghit 1 safran 5g", "non lghi, bghit ghir 1 safran 1g", {"SAFRAN-1G": 1}),
])
def test_a_cancel_then_a_new_order_in_one_message_starts_again(first, second, cart):
    assert chat_after(first, second).cart == cart


def test_a_correction_sets_the_quantity():
    assert chat_after("bghit 1 ghassoul w 1 savon noir", "non pardon 2 ghassoul").cart == {
        "GHASSOUL-200": 2, "SAVON-NOIR-250": 1}


def test_asking_for_a_size_leaves_the_cart_alone():
    chat = chat_after("bghit 2 ghassoul", "3ndkom zit argan dyal cheveux 100ml?")
    assert chat.cart == {"GHASSOUL-200": 2}
