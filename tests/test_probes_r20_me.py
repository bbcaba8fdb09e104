"""Round 20, found at the merge desk: a count said for the product just discussed before
another product ("ok bghit 2 w 1 dyal cheveux" after the food oils' prices), and "tjmil"
(beauty) as the cosmetic kind in Darija in Latin letters, and care products many
cooperatives do not make (creams, masks, shampoo, perfume) as product words: "i want a face
cream" packed the cosmetic argan oil, the one product "face" fits."""

from pathlib import Path

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).parent / "data"


def test_a_count_before_another_product_is_of_the_product_just_priced():
    for asked, then, answers, cart in (
            ("slm 3ndkom zit argan dyal lmakla?", "ok bghit 2 w 1 dyal cheveux", ("1", "2"),
             {"ARGAN-ALIM-250": 2, "ARGAN-COSM-250": 1}),
            ("how much is the food argan oil", "ok 2 and one amlou 250g", ("2",),
             {"AMLOU-250": 1, "ARGAN-ALIM-500": 2})):
        chat = chat_after(asked, then, *answers)
        assert chat.cart == cart, (then, chat.cart)


def test_tjmil_is_the_cosmetic_kind():
    chat = chat_after("bghit 2 zit argan dyal lmakla w 1 dyal tjmil", "1", "1")
    assert chat.cart == {"ARGAN-ALIM-250": 2, "ARGAN-COSM-100": 1}


def test_a_product_not_sold_is_never_the_one_its_qualifying_words_fit():
    # the only cosmetic product is the argan oil: "a face cream" packed it
    cosmetics = read_csv(DATA / "catalog_cosmetique.csv")
    for text in ("i want a face cream", "je veux une crème pour le visage",
                 "I'd like 2 hair masks please"):
        chat = chat_after(text, products=cosmetics)
        assert chat.cart == {}, (text, chat.cart)
        assert "ARGAN" not in str(chat.conv["data"].get("queue")), text


def test_words_for_something_or_the_kind_misspelt_still_offer_it():
    cosmetics = read_csv(DATA / "catalog_cosmetique.csv")
    chat = chat_after("i want something for the face", "2", products=cosmetics)
    assert chat.cart == {"ARGAN-COS-100": 2}
    chat = chat_after("bghit lizit dyal chi3r", "1", "1")
    assert chat.cart == {"ARGAN-COSM-100": 1}
