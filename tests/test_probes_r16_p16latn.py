"""Misses seen when probing whole conversations as young Moroccans write on WhatsApp in
Darija in Latin letters (issue 14, sixteenth round), on fresh catalogs: olive oil in 1, 2
and 5 L cans and olives by the kilo; a spice shop by 100, 250 and 500 g; henna, ghassoul and
black soap by the sachet and in packs of 2 and 3; couscous in three grains. Each general
rule with the messages that showed it."""

import pytest

from tests.test_conversation import chat_after
from tests.test_probes_r11_darija import catalog
from tests.test_probes_r15_p15ary import lines

ZINA = "catalog_r16_p16latn_zina.csv"
ZITOUN = "catalog_r16_p16latn_zitoun.csv"
HAMMAM = "catalog_r7en_hammam.csv"


# -- a container word alone is no product whose alias is that word in another language -------

@pytest.mark.parametrize("text", ["pack 2", "sachet 2", "bghit jouj mika", "2 packs", "bag"])
def test_a_container_word_is_no_glove_named_bag_in_arabic(text):
    """"bghit 7enna" (which one? the sachet, the pack of 2, the pack of 3) — "pack 2" put two
    hammam gloves in the basket: the glove "Kiss l7mam" (alias "kiss|كيس", كيس is also a bag)
    was named by every word for a bag in every language ("pack", "sachet", "mika", "bag").
    A container word names a product in the other languages only when the product is such a
    container (its name opens with it: "Sac en cuir tressé")."""
    for sheet, glove in ((ZINA, "KIS-1"), (HAMMAM, "HM-KESSA")):
        items, _ambiguous = lines(text, sheet)
        assert glove not in {sku for sku, _q in items}


@pytest.mark.parametrize("text, expected", [
    ("bghit jouj kiss", [("KIS-1", 2)]),
    ("كيس", [("KIS-1", None)]),
])
def test_the_glove_is_still_named_by_its_own_word(text, expected):
    assert lines(text, ZINA) == (expected, [])


def test_a_pack_answered_to_which_henna_is_never_a_glove():
    chat = chat_after("bghit 7enna", "pack 2", "wa7ed", products=catalog(ZINA))
    assert chat.cart == {"HENNA-P2": 1}


# -- a figure after a pack word says which pack ---------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("bghit pack dyal 3 7enna", [("HENNA-P3", 1)]),
    ("henna pack de 3", [("HENNA-P3", 1)]),
    ("7enna pack 3", [("HENNA-P3", 1)]),
    ("I want a pack of 3 henna", [("HENNA-P3", 1)]),
    ("2 packs de 3 henna", [("HENNA-P3", 2)]),
    ("jouj pack d 3 dyal ghassoul", [("GHASSOUL-P3", 2)]),
    ("bghit ghassoul pack 3 jouj", [("GHASSOUL-P3", 2)]),
    ("bghit sabon beldi pack 3 jouj", [("SABON-P3", 2)]),
    ("7enna pack 2 w ghassoul pack 3", [("HENNA-P2", 1), ("GHASSOUL-P3", 1)]),
    ("pack 3 7enna w pack 2 ghassoul", [("HENNA-P3", 1), ("GHASSOUL-P2", 1)]),
])
def test_a_figure_after_a_pack_word_names_the_pack_that_holds_it(text, expected):
    """"bghit pack dyal 3 7enna" beside "7enna Tafilalet sachet 100g", "… pack de 2" and
    "… pack de 3" asked which of the three, again after "pack 3"; "ghassoul pack 3 jouj"
    lost the two. The figure after "pack" (or "pack de") is the pack a row's name says it
    holds, each line its own, and a count after it how many packs."""
    assert lines(text, ZINA) == (expected, [])


@pytest.mark.parametrize("answer, cart", [
    ("jouj pack 3", {"HENNA-P3": 2}),
    ("wa7ed pack 3", {"HENNA-P3": 1}),
    ("jouj d pack 2", {"HENNA-P2": 2}),
    ("tlata d pack 3", {"HENNA-P3": 3}),
    ("lpack dyal 3", {}),          # no count said: how many, asked of the pack of 3
])
def test_a_pack_answered_to_which_one_is_that_pack_and_its_count(answer, cart):
    """To "which henna? 1. sachet 2. pack de 2 3. pack de 3": "jouj pack 3" took the second
    option (the pack of 2, "jouj" read as its number), "wa7ed pack 3" the first (the single
    sachet), "tlata d pack 3" one pack (three pieces read as one pack of three)."""
    chat = chat_after("bghit 7enna", answer, products=catalog(ZINA))
    assert chat.cart == cart
    if not cart:
        assert chat.send("jouj") and chat.cart == {"HENNA-P3": 2}


# -- a count after a container when the size is said is how many -----------------------------

@pytest.mark.parametrize("text, expected", [
    ("zit 5l bidon jouj", [("ZIT-5L", 2)]),
    ("zit bidon 5l jouj", [("ZIT-5L", 2)]),
    ("zit 5 litre bidon 3", [("ZIT-5L", 3)]),
    ("zitoun khder kilo mika jouj", [("ZITOUN-KHDER-1KG", 2)]),
    ("jouj bidon zit 5l", [("ZIT-5L", 2)]),
])
def test_a_count_after_a_can_whose_size_is_said_counts_cans(text, expected):
    """"bghit zit 5l bidon jouj" (oil, the 5 L can, two) ordered one can: the figure after
    the can was kept as a figure of the can's own (as in "jouj bocal amlou 250"), though the
    size was already said."""
    assert lines(text, ZITOUN) == (expected, [])


# -- "zid wa7ed kbir": one more, of the size the word says -----------------------------------

KESKSOU = "catalog_r16_p16latn_kesksou.csv"


@pytest.mark.parametrize("messages, cart", [
    (("bghit zit 1l", "zid wa7ed kbir"), {"ZIT-1L": 1, "ZIT-5L": 1}),
    (("I want olive oil 1L", "add one big one"), {"ZIT-1L": 1, "ZIT-5L": 1}),
    (("huile d olive 1L", "ajoutez un grand"), {"ZIT-1L": 1, "ZIT-5L": 1}),
    (("bghit zit 5l", "zid jouj sghar"), {"ZIT-5L": 1, "ZIT-1L": 2}),
    (("bghit zit 5l", "zid lkbir"), {"ZIT-5L": 2}),           # the big one is the 5 L: more
    (("bghit zit 1l", "w zid wa7ed sghir"), {"ZIT-1L": 2}),
])
def test_one_more_with_a_size_word_is_one_of_that_size(messages, cart):
    """"bghit zit 1l" — "zid wa7ed kbir" (add a big one) made two 1 L cans, in every
    language ("add one big one", "ajoutez un grand"): the size word was dropped and the
    count added to the line just touched. It says which size of that line's product."""
    assert chat_after(*messages, products=catalog(ZITOUN)).cart == cart


# -- a grade said like a size ("moyen") after a line of another grade ------------------------

@pytest.mark.parametrize("messages, cart", [
    (("bghit couscous fin 5kg", "w zid wa7ed moyen"),
     {"KSK-RQIQ-5KG": 1, "KSK-MTWASSET-5KG": 1}),
    (("bghit couscous fin 5kg", "non plutôt le moyen"), {"KSK-MTWASSET-5KG": 1}),
    (("bghit kesksou rqiq 5kg", "la bghit moyen"), {"KSK-MTWASSET-5KG": 1}),
    (("bghit kesksou rqiq 5kg", "la bdlo b moyen"), {"KSK-MTWASSET-5KG": 1}),
    (("bghit 2 kesksou rqiq 5kg", "smh lia, moyen"), {"KSK-MTWASSET-5KG": 2}),
    (("bghit kesksou rqiq 5kg w belboula kilo", "la bghit moyen"),
     {"BELBOULA-1KG": 1, "KSK-MTWASSET-5KG": 1}),
    (("bghit kesksou rqiq 5kg", "zid wa7ed kbir"), {"KSK-RQIQ-5KG": 2}),   # the big bag
])
def test_a_grade_said_as_a_size_word_names_that_grade(messages, cart):
    """"Kesksou rqiq (fin)", "… mtwasset (moyen)", "… ghlid (gros)" in 1 and 5 kg: after the
    fine 5 kg, "la bghit moyen" and "bdlo b moyen" were lost (the fine one delivered) and
    "w zid wa7ed moyen" made two fine bags. "moyen" is no size of the fine couscous (two
    sizes have no middle one); the names of another grade of it say it: that grade, in the
    line's size."""
    assert chat_after(*messages, products=catalog(KESKSOU)).cart == cart


# -- "nafs l7ajm", "bhal lowla": the size of the line before, in Darija ----------------------

SPICES = "catalog_r16_p16latn_3tara.csv"


@pytest.mark.parametrize("messages, cart", [
    (("bghit ras lhanout 250", "w kamoun bhal lowla"), {"RAS-250": 1, "KAMOUN-250": 1}),
    (("bghit jouj ras lhanout 250", "w wa7ed kamoun nafs l7ajm"),
     {"RAS-250": 2, "KAMOUN-250": 1}),
    (("bghit jouj ras lhanout 250", "w kamoun nafs l7ajm"), {"RAS-250": 2, "KAMOUN-250": 2}),
    (("بغيت جوج راس الحانوت 250", "و الكامون نفس الحجم"), {"RAS-250": 2, "KAMOUN-250": 2}),
])
def test_the_same_size_said_in_darija_is_the_size_of_the_line_before(messages, cart):
    """"bghit ras lhanout 250" — "w kamoun bhal lowla" (and cumin like the first) asked
    which cumin of the three sizes; "w wa7ed kamoun nafs l7ajm" too. English ("same size")
    and French ("même taille") had their words; Darija had none."""
    assert chat_after(*messages, products=catalog(SPICES)).cart == cart


# -- "bdel wa7ed menhom b 2l": one of the line changes size, the others stay -----------------

@pytest.mark.parametrize("messages, cart", [
    (("bghit jouj zit 1l", "bdel wa7ed menhom b 2l"), {"ZIT-1L": 1, "ZIT-2L": 1}),
    (("bghit jouj zit 1l", "bdel wa7ed b 2l"), {"ZIT-1L": 1, "ZIT-2L": 1}),
    (("bghit jouj zit 1l", "bdel wa7ed menhom b zit 2l"), {"ZIT-1L": 1, "ZIT-2L": 1}),
    (("bghit 3 zit 1l", "bdel jouj menhom b 5l"), {"ZIT-1L": 1, "ZIT-5L": 2}),
    (("I want 2 olive oil 1L", "swap one of them for a 2L"), {"ZIT-1L": 1, "ZIT-2L": 1}),
    (("bghit jouj zit 1l", "bdelhom b 2l"), {"ZIT-2L": 2}),          # all of them
])
def test_one_of_a_line_swapped_for_another_size_leaves_the_others(messages, cart):
    """"bghit jouj zit 1l" — "bdel wa7ed menhom b 2l" (change one of them for a 2 L) left
    one 2 L can and no 1 L; "bdel wa7ed menhom b zit 2l" two 2 L cans; "bdel jouj menhom b
    5l" of three, two 5 L cans and nothing else. Only the count swapped changes size."""
    assert chat_after(*messages, products=catalog(ZITOUN)).cart == cart


# -- a size word written in every candidate's name is no pick of their sizes -----------------

@pytest.mark.parametrize("text, expected", [
    ("bghit Kesksou ghlid (gros)", ([], [("KSK-GHLID-1KG", "KSK-GHLID-5KG")])),
    ("3tini Kesksou ghlid (gros) 3afak", ([], [("KSK-GHLID-1KG", "KSK-GHLID-5KG")])),
    ("bghit kesksou ghlid lkbir", ([("KSK-GHLID-5KG", None)], [])),     # the big bag
    ("bghit couscous gros 5kg", ([("KSK-GHLID-5KG", 1)], [])),
])
def test_a_size_word_of_the_names_picks_no_size(text, expected):
    """"bghit Kesksou ghlid (gros)" (the name copied from the list, "gros" the coarse grain)
    took the 5 kg bag, as "the big one" of the 1 kg and 5 kg: a guess (the catalog sweep's
    WRONG). A size word every candidate's name says is a word of the name."""
    assert lines(text, KESKSOU) == expected


@pytest.mark.parametrize("text, expected", [
    ("bghit zit l3oud bidon jouj", [("HUILE-OLIVE-5L", 2)]),
    ("bghit jouj bocal smen 500", [("SMEN-POT-500", 2)]),
])
def test_a_count_after_a_can_no_size_is_counts_cans(text, expected):
    """"bghit zit l3oud bidon jouj" where the oil comes in 1 L and in a "bidon 5L": one can
    ordered (the "two" kept as a figure of the can, though no size of the oil is two)."""
    assert lines(text, "catalog_zitmiel.csv") == (expected, [])


# -- a word opening with an Arabizi digit is read like its letters; an unknown one after a
# -- count is no more of the line before

@pytest.mark.parametrize("text, expected", [
    ("bghit jouj 7rissa", [("HARISSA-200", 2)]),
    ("bghit kilo zitoun khder w jouj 7rissa", [("OLIV-VERT-1KG", 1), ("HARISSA-200", 2)]),
    ("bghit kilo zitoun khder w jouj blablou", [("OLIV-VERT-1KG", 1)]),
])
def test_a_count_before_a_word_of_its_own_is_not_the_line_before(text, expected):
    """"bghit 2 kilo zitoun k7el w kilo zitoun khder w jouj 7rissa" ordered three kilos of
    green olives and no harissa: "7rissa" (ح written 7) was never matched to "Harissa" like
    "hrissa" is (a word opening with a digit got no spelling match), and the count before
    an unknown word went to the olives. The digit is the letter; a count after "and" with
    a word the catalog does not know is that word's (not sold: said so)."""
    assert lines(text, "catalog_souk.csv") == (expected, [])


@pytest.mark.parametrize("messages, cart", [
    (("bghit 7enna pack 2", "bdlha b pack 3"), {"HENNA-P3": 1}),
    (("bghit jouj 7enna pack 2", "bdlhom b pack 3"), {"HENNA-P3": 2}),
    (("bghit 7enna pack 2", "la la machi hadi, pack 3"), {"HENNA-P3": 1}),
])
def test_a_pack_swapped_for_the_other_pack(messages, cart):
    """"bghit 7enna pack 2" — "bdlha b pack 3" (change it for the pack of 3) made three packs
    of 2: the packs' names differ by more than a size, so "pack 3" was no other size of the
    line and its figure was read as the count."""
    assert chat_after(*messages, products=catalog(ZINA)).cart == cart


# -- "which amlou?" answered with lines of two of its options closes it -----------------------

@pytest.mark.parametrize("answer, cart", [
    ("jouj mn 250 w wa7ed mn 500", {"AMLOU-250": 2, "AMLOU-500": 1}),
    ("250 jouj w 500 wa7ed", {"AMLOU-250": 2, "AMLOU-500": 1}),
    ("wa7ed 250 w wa7ed 500", {"AMLOU-250": 1, "AMLOU-500": 1}),
    ("2 of the 250 and 1 of the 500", {"AMLOU-250": 2, "AMLOU-500": 1}),
])
def test_a_which_one_answered_with_two_of_its_options_is_answered(answer, cart):
    """"bghit amlou" (which one? 250 g or 500 g) — "jouj mn 250 w wa7ed mn 500": both lines
    went in and "which amlou?" was asked again; a "2" to it next would have added a third
    jar (the 500 g). Lines of the options, and nothing else, answer the question."""
    chat = chat_after("bghit amlou", answer)
    assert chat.cart == cart and not chat.conv["data"]["queue"]


@pytest.mark.parametrize("answer", ["khlli ghir ma lward", "ghir ma lward"])
def test_only_the_other_line_at_how_many_drops_the_question(answer):
    """"bghit 2 ma lward w kiss" (how many gloves?) — "khlli ghir ma lward" (keep only the
    rose water): "how many gloves?" again, and again; "la bla kiss" already dropped it."""
    chat = chat_after("bghit 2 ma lward w kiss", answer, products=catalog(ZINA))
    assert chat.cart == {"MAWERD-250": 2} and not chat.conv["data"]["queue"]
