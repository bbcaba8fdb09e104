"""Wrong parcels left in Darija in Latin letters, and their Arabic-script twins (nineteenth
round, second wave). Each general rule with the messages that showed it."""

import pytest

from tests.test_conversation import chat_after

# -- a word saying "more" beside a count keeps the count ------------------------------------

@pytest.mark.parametrize("text", [
    # it was one more (3): the count beside an unknown "more" word was no count alone
    "3awd zid jouj",
    "عاود زيد جوج",
    "kmala jouj",
    "zid jouj akhrin",
    "زيد جوج اخرين",
])
def test_a_more_word_beside_a_count_adds_the_count(text):
    assert chat_after("bghit 2 amlou 250", text).cart == {"AMLOU-250": 4}


@pytest.mark.parametrize("text", ["zid", "3awd", "عاود", "kmala"])
def test_a_more_word_alone_adds_one(text):
    assert chat_after("bghit 2 amlou 250", text).cart == {"AMLOU-250": 3}
