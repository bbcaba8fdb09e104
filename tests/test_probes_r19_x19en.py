"""Misses of English and French visitors (nineteenth round, third wave, x19en). Each general
rule with the conversation that showed it: wrong parcels first."""

import pytest

from tests.test_conversation import chat_after

# --- a soft correction word before the replacing verb keeps the swap ---------------------
# "en fait remplacez 1 amlou par du miel de thym 500g" with 3 amlou 250g in the basket gave
# 3 × amlou 500g (the new product's size went to the old line, the honey was asked about):
# the swap is looked for only in the message's first words after a correction lead, and
# the softer correction words ("en fait", "actually", "b9it") were not skipped like "non".

@pytest.mark.parametrize("first, said", [
    ("Bonjour, 3 amlou 250g svp", "en fait remplacez 1 amlou par du miel de thym 500g"),
    ("3 amlou 250g stp", "en fait, change un amlou pour un miel de thym 500g"),
])
def test_a_soft_correction_before_the_replacing_verb_keeps_the_swap(first, said):
    chat = chat_after(first, said)
    assert chat.cart == {"AMLOU-250": 2, "MIEL-THYM-500": 1}
