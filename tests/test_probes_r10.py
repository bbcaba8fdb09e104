"""Misses seen when probing the bot with ad-hoc conversations (issue 14, tenth round): each
general rule with the message that showed it, on the catalog it was seen on."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import build_index, detect_lang, parse
from tests.test_conversation import Chat, chat_after

DATA = Path(__file__).resolve().parent / "data"


def catalog(name):
    return read_csv(DATA / name)


# -- "one" right after a swap verb is one of the line ----------------------------------------

@pytest.mark.parametrize("first, swap, lines", [
    ("bghit 2 amlou 500g", "bdel wa7ed b ghassoul", {"AMLOU-500": 1, "GHASSOUL-200": 1}),
    ("bghit 3 amlou 500g", "بدل واحد بالغاسول", {"AMLOU-500": 2, "GHASSOUL-200": 1}),
    ("I want 2 amlou 500g", "swap one for ghassoul", {"AMLOU-500": 1, "GHASSOUL-200": 1}),
    # the count of the new product, said after the swap's object
    ("I want 2 amlou 500g", "change it to one ghassoul", {"GHASSOUL-200": 1}),
    ("bghit 2 amlou 500g", "bdelhom b wa7ed ghassoul", {"GHASSOUL-200": 1}),
])
def test_one_right_after_a_swap_verb_is_one_of_the_line(first, swap, lines):
    """"bdel wa7ed b ghassoul" is "bdel wa7ed menhom b ghassoul" (both amlou were swapped
    for two ghassoul: a wrong parcel)."""
    assert chat_after(first, swap).cart == lines


# -- a number before a duration is an age or a shelf life, never a count ---------------------

AGES = ("is the thyme honey 2 years old?", "is the thyme honey two years old?",
        "does the thyme honey keep 6 months?", "wach l3sel dyal zaatar fih 3 snin?",
        "le miel de thym se garde 2 ans ?")


@pytest.mark.parametrize("text", AGES)
def test_a_number_before_a_duration_is_no_count(text):
    p = parse(text, build_index(catalog("catalog_atlas_en.csv")))
    assert [i.quantity for i in p.items] == [None] and p.number is None


@pytest.mark.parametrize("messages", [
    ("is the thyme honey 2 years old?",),
    ("i want thyme honey", "is it 2 years old?"),
])
def test_a_question_about_a_products_age_orders_nothing(messages):
    """It put two honeys in the basket (a wrong parcel once confirmed)."""
    assert chat_after(*messages, products=catalog("catalog_atlas_en.csv")).cart == {}


def test_a_count_before_a_product_still_counts_beside_a_duration():
    p = parse("2 thyme honey, is it 1 year old?", build_index(catalog("catalog_atlas_en.csv")))
    assert [(i.sku, i.quantity) for i in p.items] == [("TH-500", 2)]


# -- "also" in a correction sets the count: as many as well, not more ------------------------

@pytest.mark.parametrize("messages, lines", [
    (("bghit pate a tartiner", "1", "ah non la pâte, 2 aussi"), {"KHR-PATE-350": 2}),
    (("bghit 2 9ahwa dyal kharroub w pate a tartiner", "1", "ah non la pâte, 2 aussi"),
     {"KHR-CAFE-250": 2, "KHR-PATE-350": 2}),
    # an adding word after "no" still adds
    (("bghit 1 pate a tartiner", "la, zid 2 pate"), {"KHR-PATE-350": 3}),
    (("bghit 1 pate a tartiner", "non, ajoutez 2 pâtes aussi"), {"KHR-PATE-350": 3}),
])
def test_also_in_a_correction_sets_the_line(messages, lines):
    """"ah non la pâte, 2 aussi" (the spread, 2 as well) added two spreads to the one."""
    chat = chat_after(*messages, products=catalog("catalog_r9ary_kharroub.csv"))
    assert chat.cart == lines


# -- a first message that shows its language by its product words only ----------------------

@pytest.mark.parametrize("csv, first, lang", [
    ("catalog_r7en_hammam.csv", "2 black soaps 250g", "en"),
    ("catalog_r8en_zitoun.csv", "2 bottles extra virgin 1L", "en"),
    ("catalog_r8en_zitoun.csv", "black olives 2 jars", "en"),
    ("catalog_r8en_zitoun.csv", "2 huile olive 1L", "fr"),
    # no language shown, or Darija words: the cooperative's usual one (Darija here)
    ("catalog_r7en_hammam.csv", "kessa x2", "ary-Latn"),
    ("catalog_r7en_hammam.csv", "2 sabon beldi", "ary-Latn"),
    ("catalog_r7en_hammam.csv", "salut, Fatima-Ezzahra Bennis, marrakech", "ary-Latn"),
])
def test_a_first_message_is_answered_in_the_language_of_its_words(csv, first, lang):
    """"2 black soaps 250g" from a Moroccan number was answered in Darija: product words
    are weak cues and showed no language, so the number's usual one was taken."""
    chat = Chat(products=catalog(csv))
    chat.send(first)
    assert chat.last.lang == lang


def test_a_plural_is_no_darija_article_glued_to_a_word():
    """"litres" is no "l" + "itres": it made "2 litres olive oil" half Darija."""
    assert detect_lang("2 litres olive oil") == "en"


# -- a word of two products' names said alone asks which one ---------------------------------

@pytest.mark.parametrize("text, skus", [
    ("bghit nigelle", {"NIG-100", "SAN-250"}),
    ("2 nigelle", {"NIG-100", "SAN-250"}),
])
def test_a_bare_word_of_two_names_asks_which_one(text, skus):
    """"bghit nigelle" with "Graines de nigelle" and "Huile de nigelle" took the seeds
    without asking (they head the quality, the oil is an oil of it)."""
    p = parse(text, build_index(catalog("catalog_pantry.csv")))
    assert not p.items and [set(a.candidates) for a in p.ambiguous] == [skus]


@pytest.mark.parametrize("text, sku", [
    ("bghit sanouj", "SAN-250"),           # the Darija word of the seeds, in neither name
    ("bghit graines de nigelle", "SAN-250"),
    ("bghit huile de nigelle", "NIG-100"),
])
def test_a_word_that_tells_them_apart_names_one(text, sku):
    p = parse(text, build_index(catalog("catalog_pantry.csv")))
    assert [i.sku for i in p.items] == [sku] and not p.ambiguous
