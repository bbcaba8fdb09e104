"""Round 20, found at the merge desk: a count said for the product just discussed before
another product ("ok bghit 2 w 1 dyal cheveux" after the food oils' prices), and "tjmil"
(beauty) as the cosmetic kind in Darija in Latin letters."""

from tests.test_conversation import chat_after


def test_a_count_before_another_product_is_of_the_product_just_priced():
    for asked, then, answers, cart in (
            ("slm 3ndkom zit argan dyal lmakla?", "ok bghit 2 w 1 dyal cheveux", ("1", "2"),
             {"ARGAN-ALIM-250": 2, "ARGAN-COSM-250": 1}),
            ("how much is the food argan oil", "ok 2 and one amlou 250g", ("2",),
             {"AMLOU-250": 1, "ARGAN-ALIM-500": 2}),
            ("ch7al amlou", "ok 3tini 2 w 1 3sel zaatar kilo", ("500g",),
             {"MIEL-THYM-1KG": 1, "AMLOU-500": 2})):
        chat = chat_after(asked, then, *answers)
        assert chat.cart == cart, (then, chat.cart)


def test_tjmil_is_the_cosmetic_kind():
    chat = chat_after("bghit 2 zit argan dyal lmakla w 1 dyal tjmil", "1", "1")
    assert chat.cart == {"ARGAN-ALIM-250": 2, "ARGAN-COSM-100": 1}
