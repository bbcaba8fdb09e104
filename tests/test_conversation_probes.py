"""Misses seen when probing the bot with ad-hoc conversations (issue 14, ninth round): each
general rule with the message that showed it, on the catalog it was seen on."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.conversation import AlertMembers, Handoff
from bot.nlu import Item, build_index, normalise, parse
from tests.test_conversation import Chat

DATA = Path(__file__).resolve().parent / "data"


def catalog(name):
    return read_csv(DATA / name)


@pytest.fixture(scope="module")
def zitoun():
    return build_index(catalog("catalog_r8en_zitoun.csv"))


@pytest.fixture(scope="module")
def a3chab():
    return build_index(catalog("catalog_r7ary_a3chab.csv"))


# -- quality words that are words of a product's name ----------------------------------------

@pytest.mark.parametrize("text", [
    "two bottles of the extra virgin, 1 litre each",
    "bghit 2 dyal extra vierge 1L",
])
def test_a_count_of_name_words_that_are_also_question_cues_orders(zitoun, text):
    """"extra virgin" is an authenticity cue and the oils' name ("Huile d'olive extra
    vierge"): with a count it orders them (it was answered as a question, nothing ordered)."""
    p = parse(text, zitoun)
    assert p.intent == "order" and p.items == (Item("ZIT-EV-1L", 2, "add"),)


def test_the_order_with_name_words_is_taken_not_answered():
    chat = Chat(products=catalog("catalog_r8en_zitoun.csv"))
    chat.send("two bottles of the extra virgin, 1 litre each")
    assert chat.cart == {"ZIT-EV-1L": 2}


@pytest.mark.parametrize("text", ["is it extra virgin?", "2 beldi"])
def test_quality_words_without_a_count_or_alone_name_nothing(zitoun, text):
    assert not parse(text, zitoun).items


# -- "the same" of another product ---------------------------------------------------------

@pytest.mark.parametrize("first, same, lines", [
    ("2 black soaps 250g", "and the same of orange blossom water",
     {"HM-SN-EUC-250": 2, "HM-ZHAR-250": 2}),
    ("2 ghassoul", "et la même chose en eau de fleur d'oranger",
     {"HM-GHASSOUL-200": 2, "HM-ZHAR-250": 2}),
    ("3 ghassoul", "w nafs chi dyal ma zhar", {"HM-GHASSOUL-200": 3, "HM-ZHAR-250": 3}),
])
def test_the_same_of_a_new_product_takes_the_count_of_the_line_before(first, same, lines):
    chat = Chat(products=catalog("catalog_r7en_hammam.csv"))
    chat.send(first)
    chat.send(same)
    assert chat.cart == lines and not chat.conv["data"]["queue"]


def test_the_same_in_one_message_takes_the_count_said_before_it():
    chat = Chat(products=catalog("catalog_r7en_hammam.csv"))
    chat.send("I want 2 ghassoul and the same of orange blossom water")
    assert chat.cart == {"HM-GHASSOUL-200": 2, "HM-ZHAR-250": 2}


def test_the_same_picks_the_size_of_the_line_before():
    chat = Chat(products=catalog("catalog_tafilalet.csv"))
    chat.send("2 eau de fleur d'oranger")
    chat.send("and the same of rose water")
    assert chat.cart == {"EAU-FLEUR-250": 2, "EAU-ROSE-250": 2}


# -- two products sharing a word -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2 sanouj w 1 zit sanouj",
    "جوج سانوج و واحد زيت السانوج",
    "1 zit sanouj w 2 sanouj",
])
def test_a_bare_shared_word_beside_the_other_product_is_the_one_not_named(a3chab, text):
    """The oil is "zit sanouj": "sanouj" on another line is the seeds (it was two oils)."""
    p = parse(text, a3chab)
    assert sorted((i.sku, i.quantity) for i in p.items) == [("HB-01", 2), ("HB-02", 1)]
    assert not p.ambiguous


def test_the_lines_keep_the_message_order(a3chab):
    assert [i.sku for i in parse("2 sanouj w 1 zit sanouj", a3chab).items] == ["HB-01", "HB-02"]


def test_a_bare_shared_word_alone_asks_which(a3chab):
    p = parse("bghit 2 sanouj", a3chab)
    assert not p.items and set(p.ambiguous[0].candidates) == {"HB-01", "HB-02"}


def test_the_head_word_said_again_is_the_same_product():
    """"2 huile d'olive 1L et 1 huile 5L": the oil again, the olive one (not another oil)."""
    demo = build_index(read_csv("coops/demo/catalog.csv"))
    p = parse("2 huile d'olive 1L et 1 huile 5L", demo)
    assert [(i.sku, i.quantity) for i in p.items] == [("OLIVE-1L", 2), ("OLIVE-5L", 1)]


# -- a count glued to a size by a times sign -------------------------------------------------

@pytest.mark.parametrize("token, words", [
    ("2x1L", "2 x 1 l"), ("1Lx2", "1 l x 2"), ("3x500g", "3 x 500 g"), ("2x1.5L", "2 x 1.5 l"),
    ("2xl", "2xl"), ("2x3sel", "2x3sel"),      # a letter size, Arabizi: no unit, left whole
])
def test_a_glued_times_sign_is_read_apart_only_between_figures_and_units(token, words):
    assert normalise(token) == words


def test_a_count_times_a_size_answers_which_one():
    chat = Chat(products=catalog("catalog_r8en_zitoun.csv"))
    chat.send("I want olive oil")
    chat.send("2x1L")
    assert chat.cart == {"ZIT-EV-1L": 2}


# -- a question only the cooperative can answer, asked mid-order -----------------------------

@pytest.mark.parametrize("question", [
    "how long does it keep?", "kach7al kaydoum?", "combien de temps ça se conserve",
    "شحال كيدوم؟",
])
def test_a_shelf_life_question_mid_order_is_passed_on_and_the_order_goes_on(question):
    """It offered a person (yes/no), and "that's all" next was taken for a yes: a handoff."""
    chat = Chat()
    chat.send("bghit 2 amlou 500g")
    reply = chat.send(question)
    assert chat.actions == [AlertMembers(kind="question", text=question)]
    assert chat.cart == {"AMLOU-500": 2} and chat.state == "ordering"
    assert "(" not in reply.split("\n")[0]            # no "(yes / no)" offer
    chat.send("safi")
    assert chat.state == "ask_name" and not any(isinstance(a, Handoff) for a in chat.actions)


def test_the_same_question_with_nothing_ordered_still_offers_a_person():
    chat = Chat()
    chat.send("how long does it keep?")
    assert chat.conv["data"].get("human_offered") and not chat.actions


# -- "natural" for a product named "nature" ------------------------------------------------

@pytest.mark.parametrize("text", ["2 natural black soap", "2 savon noir naturel"])
def test_natural_names_the_product_named_nature(text):
    """"Savon noir nature" beside "Savon noir eucalyptus": "natural" was a quality word
    only, and "which one?" was asked."""
    p = parse(text, build_index(catalog("catalog_r7en_hammam.csv")))
    assert p.items == (Item("HM-SN-NAT-500", 2, "add"),)


def test_natural_still_names_a_product_with_no_plain_kind():
    demo = build_index(read_csv("coops/demo/catalog.csv"))
    assert {c for a in parse("bghit 2 3sel naturel", demo).ambiguous
            for c in a.candidates} >= {"MIEL-THYM-500", "MIEL-EUPH-500"}


def test_the_natural_one_answers_which_one():
    chat = Chat(products=catalog("catalog_r7en_hammam.csv"))
    chat.send("I want 2 black soaps")
    chat.send("the natural one")
    assert chat.cart == {"HM-SN-NAT-500": 2}


# -- rose petals ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2 rose petals", "2 pétales de rose", "jouj lward lyabes", "2 sachets de boutons de rose",
])
def test_rose_petals_name_the_dried_rose_buds(text):
    """"Boutons de rose séchés": "rose petals" was any rose product ("which one?" of three)."""
    p = parse(text, build_index(catalog("catalog_r7en_roses.csv")))
    assert p.items == (Item("WR-BOUTONS-100", 2, "add"),)


def test_rose_alone_still_asks_which_rose_product():
    p = parse("2 rose", build_index(catalog("catalog_r7en_roses.csv")))
    assert "WR-BOUTONS-100" in p.ambiguous[0].candidates and len(p.ambiguous[0].candidates) > 1


# -- a comparison of two products ----------------------------------------------------------

@pytest.mark.parametrize("question", [
    "Quelle est la différence entre le miel de thym et d'euphorbe ?",
    "chno lfer9 bin 3sel z3itra w 3sel daghmous?",         # digits of Darija words: no count
    "شنو الفرق بين عسل الزعيترة و عسل الدغموس؟",
])
def test_a_comparison_shows_both_products_with_their_prices(question):
    """It asked "how many of the thyme honey?" (and queued the euphorbia)."""
    chat = Chat(products=catalog("catalog_zitmiel.csv"))
    reply = chat.send(question)
    assert "160" in reply and "150" in reply and not chat.cart and not chat.conv["data"]["queue"]


def test_a_comparison_of_products_with_sizes_shows_every_size():
    reply = Chat().send("Quelle est la différence entre le miel de thym et d'euphorbe ?")
    for price in ("120", "220", "150", "280"):
        assert price in reply


# -- delivery on a day ---------------------------------------------------------------------

@pytest.mark.parametrize("question, topic", [
    ("wach katwslo nhar l7ed?", "delivery"),        # it was answered with the opening hours
    ("واش كتوصلو نهار الحد؟", "delivery"),
    ("vous livrez le dimanche ?", "delivery"),
    ("wach m7lolin nhar l7ed?", "hours"),           # the days alone, or with "open": hours
    ("are you open on sunday?", "hours"),
    ("nhar l7ed?", "hours"),
])
def test_a_day_with_a_delivery_verb_asks_about_delivery(question, topic):
    chat = Chat()
    chat.send(question)
    assert chat.last.topic == topic


# -- a swap with a count -------------------------------------------------------------------

@pytest.mark.parametrize("at_summary", [False, True])
@pytest.mark.parametrize("change, lines", [
    ("change it to one herb cheese", {"CHV-HERBES-200": 1}),   # beside the two, at the summary
    ("changez pour un chèvre aux herbes", {"CHV-HERBES-200": 1}),
    ("change it to the herb one", {"CHV-HERBES-200": 2}),      # "one" stands for the cheese
])
def test_a_swap_with_a_count_takes_that_count(change, lines, at_summary):
    chat = Chat(products=catalog("catalog_r7en_chevre.csv"))
    chat.send("I want 2 fresh goat cheese")
    if at_summary:
        chat.send("Sara Lee, Rabat, 5 rue Fes")
        assert chat.state == "confirm"
    chat.send(change)
    assert chat.cart == lines


def test_one_of_them_swapped_keeps_the_rest_of_the_line():
    chat = Chat()
    chat.send("bghit 2 amlou 500g")
    chat.send("bdel wa7ed menhom b ghassoul")
    assert chat.cart == {"AMLOU-500": 1, "GHASSOUL-200": 1}
