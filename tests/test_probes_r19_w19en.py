"""Misses of English and French visitors (nineteenth round, second wave, w19en): counts that
take part of a line, details as tourists write them. Each general rule with the conversation
that showed it: wrong parcels first."""

import pytest

from tests.test_conversation import chat_after

# --- a count after the swapping verb is the part of the line swapped ----------------------
# "swap 2 of the thyme for euphorbia" with 3 thyme in the basket took all the thyme out (the
# count went to the new product only): one thyme was lost. A count right after the replacing
# verb, smaller than the line named, takes that many out of it and puts as many of the new
# product in.

@pytest.mark.parametrize("said", ["swap 2 of the thyme for euphorbia",
                                  "replace 2 thyme with euphorbia",
                                  "remplacez 2 miels de thym par de l'euphorbe",
                                  "bdel jouj dyal zaatar b daghmous"])
def test_a_count_after_the_swapping_verb_takes_part_of_the_line(said):
    chat = chat_after("3 thyme honey 500g", said)
    assert chat.cart == {"MIEL-THYM-500": 1, "MIEL-EUPH-500": 2}


@pytest.mark.parametrize("said", ["swap 3 thyme for euphorbia", "swap the thyme for euphorbia"])
def test_the_whole_line_swapped_is_still_swapped_whole(said):
    chat = chat_after("3 thyme honey 500g", said)
    assert chat.cart == {"MIEL-EUPH-500": 3}
