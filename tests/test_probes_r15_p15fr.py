"""Misses seen probing French, mixed (French+Darija, Darija+English) and SMS-style customers
("slt", "bjr", "svp", no accents, run-on messages, corrections, hesitations) on fresh
operator-style catalogs: an épicerie fine (olive oils in 25cl/50cl/1L, olives by the kg), a
herbalist (100 g / 250 g), a bakery cooperative (by the piece and by the dozen) and a
textile shop (sizes and colours). Each general rule with the messages that showed it."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import parse
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
EPICERIE = read_csv(DATA / "catalog_r15_p15fr_epicerie.csv")
HERBES = read_csv(DATA / "catalog_r15_p15fr_herbes.csv")
BOULANGERIE = read_csv(DATA / "catalog_r15_p15fr_boulangerie.csv")
TEXTILE = read_csv(DATA / "catalog_r15_p15fr_textile.csv")


# -- a product named after a line still asking "which one?" is not that line's product ---------

@pytest.mark.parametrize("text, item", [
    ("je voudrais 2 bouteilles d'huile d'olive de 50cl et 1 kg d'olives vertes",
     {"OL-VER-1KG": 1}),
    ("2 huile d olive 50cl et 1 olives noires", {"OL-NOI-1KG": 1}),
    ("bghit 2 zit zitoun 50cl w 1 kilo zitoun k7al", {"OL-NOI-1KG": 1}),
])
def test_a_product_after_a_line_asking_which_one_is_not_that_family_again(text, item):
    """"2 bouteilles d'huile d'olive de 50cl et 1 kg d'olives vertes" (two oils come in
    50cl, so the first line asks which): the green olives became 1 × olive oil 1L (a wrong
    parcel, the olives lost), since only a line already resolved kept the next one off its
    family."""
    p = parse(text, EPICERIE)
    assert {i.sku: i.quantity for i in p.items} == item
    assert [set(a.candidates) for a in p.ambiguous] == [{"HO-PIC-50", "HO-BIO-50"}]


# -- a first name alone that only looks like a product is the name asked for -------------------

@pytest.mark.parametrize("name", ["Salma", "salma", "Amal"])
def test_a_first_name_guessed_as_a_product_at_the_details_offer_is_the_name(name):
    """"Autre chose ? Sinon, votre nom, votre ville et votre adresse ?" — "Salma": read as
    "salmiya" (sage) by a guess, it asked "how many sage?" and put a sage in the basket;
    "Amal" was "we have no amal" — and the name was asked again and again (the order lost)."""
    chat = chat_after("je veux 2 thym 100g", name, products=HERBES)
    assert chat.cart == {"THYM-100": 2}
    assert chat.conv["data"]["details"].get("name") == name
    assert chat.state == "ask_city"


def test_a_product_said_exactly_at_the_details_offer_is_still_ordered():
    chat = chat_after("je veux 2 thym 100g", "salmiya", products=HERBES)
    assert not chat.conv["data"]["details"].get("name")
    assert chat.state == "ordering" and "Sauge" in chat.last.replies[0]


# -- a corrected count at "which one?" is the count, not a pick from the list -----------------

@pytest.mark.parametrize("first, again", [
    ("bjr je veux 3 huile d olive 50cl", "non finalement 2"),
    ("bjr je veux 3 huile d olive 50cl", "en fait 2 seulement"),
    ("bjr je veux 3 huile d olive 50cl", "non finalement j'en veux 2"),
    ("i want 3 olive oil 50cl", "sorry, just 2"),
    ("bghit 3 zit zitoun 50cl", "la ghir jouj"),
])
def test_a_count_corrected_at_which_one_corrects_the_count(first, again):
    """"je veux 3 huile d'olive 50cl" — which one? 1. Picholine 2. bio — "non finalement 2":
    the 2 was read as the 2nd of the list, and three bio oils went in the basket (a wrong
    parcel: two were asked, of an oil not chosen yet)."""
    chat = chat_after(first, again, products=EPICERIE)
    assert chat.cart == {} and "2" in chat.last.replies[0]
    assert chat.conv["data"]["queue"][0]["quantity"] == 2
    chat.send("1")
    assert chat.cart == {"HO-PIC-50": 2}


@pytest.mark.parametrize("pick", ["non le 2", "2", "plutot le numero 2"])
def test_a_number_picked_from_the_list_at_which_one_still_picks(pick):
    chat = chat_after("bjr je veux 3 huile d olive 50cl", pick, products=EPICERIE)
    assert chat.cart == {"HO-BIO-50": 3}


# -- a count no pack adds up to, beside a row by the piece, is that many pieces -----------------

@pytest.mark.parametrize("text, expected", [
    ("bjr je veux 10 msemen et 6 harcha", {"MSM-PC": 10, "HARSHA-PC": 6}),
    ("bghit 2 dzina dyal batbout w 8 msemen", {"BAT-DZ": 2, "MSM-PC": 8}),
    ("15 batbout svp", {"BAT-PC": 15}),
    ("24 batbout svp", {"BAT-DZ": 2}),
    ("2 douzaines de msemen", {"MSM-DZ": 2}),
])
def test_a_count_beside_a_piece_row_and_a_dozen_row(text, expected):
    """"je veux 10 msemen" where msemen are sold by the piece and by the dozen asked "which
    one?" (10 can only be pieces: no dozen adds up to ten), and customers answered with
    their name and city: the question came back until the order was lost."""
    p = parse(text, BOULANGERIE)
    assert {i.sku: i.quantity for i in p.items} == expected and not p.ambiguous


# -- a first name alone at "which one?" is kept and shows no language --------------------------

@pytest.mark.parametrize("name", ["Nour", "nour", "Hiba"])
def test_a_first_name_at_which_one_is_kept_and_keeps_the_language(name):
    """"bjr je veux 5 msemen et 1 cake" — which cake? — "Nour": the replies went on in
    Darija ("nour" is also "light") and the name was dropped (asked again at checkout)."""
    chat = chat_after("bjr je veux 5 msemen et 1 cake", name, products=BOULANGERIE)
    assert chat.last.lang == "fr" and "numéro" in chat.last.replies[-1]
    assert chat.conv["data"]["details"].get("name") == name


# -- as many options named as were asked for, no count: one of each -----------------------------

@pytest.mark.parametrize("answer, expected", [
    ("M et L", {"GAN-BL-M": 1, "GAN-BL-L": 1}),
    ("le M et le L", {"GAN-BL-M": 1, "GAN-BL-L": 1}),
    ("M w XL", {"GAN-BL-M": 1, "GAN-BL-XL": 1}),
    ("une M et une XL", {"GAN-BL-M": 1, "GAN-BL-XL": 1}),
])
def test_two_sizes_named_for_two_pieces_are_one_of_each(answer, expected):
    """"bjr 2 gandoura blanche" — which one? M, L, XL — "M et L": the list came back again
    and again (the rows are named by their letter size, so the options had no one name to
    read the answer with) until the order was lost."""
    chat = chat_after("bjr 2 gandoura blanche", answer, products=TEXTILE)
    assert chat.cart == expected and not chat.conv["data"]["queue"]


def test_two_sizes_named_for_four_pieces_are_asked_again():
    chat = chat_after("bjr 4 gandoura blanche", "M et L", products=TEXTILE)
    assert chat.cart == {} and chat.conv["data"]["queue"]


# -- "je suis à Fès" at the details question is a city, never the name "je suis" --------------

@pytest.mark.parametrize("said", ["je suis a fes", "Je suis à Fès", "je suis de fes",
                                  "moi je suis a Fes"])
@pytest.mark.parametrize("before", [(), ("Fes",)])
def test_i_am_in_a_city_is_no_name(said, before):
    """"bjr 2 huile 1 L stp" — "Fes" — "je suis a fes": the parcel went to "je suis" (the
    weak cue "je suis" was a filler only by its first word)."""
    chat = chat_after("bjr 2 huile 1 L stp", *before, said, products=EPICERIE)
    assert chat.conv["data"]["details"].get("city") == "Fès"
    assert not chat.conv["data"]["details"].get("name") and chat.state == "ask_name"


@pytest.mark.parametrize("said, name", [("je suis Karim", "Karim"),
                                        ("Je suis Karim a casa", "Karim")])
def test_i_am_with_a_name_is_the_name(said, name):
    chat = chat_after("bjr 2 huile 1 L stp", said, products=EPICERIE)
    assert chat.conv["data"]["details"].get("name") == name


# -- "l'" before a product whose own measure follows is the article, not litres ---------------

@pytest.mark.parametrize("text, expected", [
    ("bghit wa7ed l'huile d'olive 1L", {"HO-PIC-1L": 1}),
    ("salam 3afak bghit wa7ed l'huile d'olive 1L w kilo olives noires",
     {"HO-PIC-1L": 1, "OL-NOI-1KG": 1}),
    ("je veux une l'huile d'olive de 1L", {"HO-PIC-1L": 1}),
])
def test_the_article_l_before_a_measured_product_is_no_litre(text, expected):
    """"bghit wa7ed l'huile d'olive 1L" read "wa7ed l" as one litre, plus the 1 L said: two
    litres, which the 50cl bio oil makes too, so it asked which oil (the 1 L is only the
    Picholine) and customers answered with their details until the order was lost."""
    p = parse(text, EPICERIE)
    assert {i.sku: i.quantity for i in p.items} == expected and not p.ambiguous


# -- "pr X" (SMS "pour"), "chez X" and "pour X à Safi" name the customer ---------------------

@pytest.mark.parametrize("first, name, city", [
    ("bjr je veux 250g de thym et 100g de camomille pr Hiba a rabat hay nahda rue 7 n 3",
     "Hiba", "Rabat"),
    ("slt 2 verveine 100g pr Said casa derb ghalef rue 12 n 4", "Said", "Casablanca"),
    ("Salut, il me faudrait 3 sachets de verveine de 100g stp. C'est pour Khalid à Safi, "
     "quartier Biada rue 4 n 9", "Khalid", "Safi"),
    ("bjr 1 thym 250g a livrer chez Amal Tazi, Agadir, hay dakhla n 22", "Amal Tazi", "Agadir"),
])
def test_for_a_name_in_an_sms_order_names_the_customer(first, name, city):
    """"… pr Hiba a rabat hay nahda rue 7 n 3": the name was asked again ("pr", SMS for
    "pour", and "chez" were no recipient cues; "pr Said casa" had no comma or "à" before
    the town; "pour Khalid à Safi" had a town that is also a word)."""
    chat = chat_after(first, products=HERBES)
    details = chat.conv["data"]["details"]
    assert details.get("name") == name and details.get("city") == city
    assert chat.state == "confirm"


# -- a run-on SMS: "N product SIZE N product" keeps each size with its product -----------------

@pytest.mark.parametrize("text, expected", [
    ("1 thym 250 2 camomille 100", {"THYM-250": 1, "CAMO-100": 2}),
    ("2 verveine 250 1 sauge", {"VERV-250": 2, "SAUGE-100": 1}),
    ("bjr svp 2 sachets verveine 250 1 sauge et 1 henne", {"VERV-250": 2, "SAUGE-100": 1,
                                                          "HENNE-250": 1}),
])
def test_a_bare_size_between_two_counted_products_is_the_first_ones(text, expected):
    """"1 thym 250 2 camomille 100": the 250 opened the camomile's line and was read as its
    count — 250 × camomile 100 g (a wrong parcel), and "which thyme?" asked."""
    p = parse(text, HERBES)
    assert {i.sku: i.quantity for i in p.items} == expected and not p.ambiguous


def test_a_bare_size_before_a_count_and_its_unit_is_the_first_ones():
    """"2 huile olive 1L 1 amlou 250 2 kg olives vertes …" (an SMS): 250 × 2 kg, capped at
    50 × olives vertes 1kg (2000 DH), and "which amlou?" asked."""
    p = parse("2 huile olive 1L 1 amlou 250 2 kg olives vertes", EPICERIE)
    assert {i.sku: i.quantity for i in p.items} == {"HO-PIC-1L": 2, "AMLOU-250": 1,
                                                     "OL-VER-1KG": 2}
    assert not p.ambiguous


# -- sizes named alone with their counts split the line just put in ----------------------------

@pytest.mark.parametrize("again, expected", [
    ("non pardon un M et un L", {"CAFT-BL-M": 1, "CAFT-BL-L": 1}),
    ("un M et un L", {"CAFT-BL-M": 1, "CAFT-BL-L": 1}),
    ("non 1 M et 2 L", {"CAFT-BL-M": 1, "CAFT-BL-L": 2}),
])
def test_sizes_named_with_counts_split_the_last_line(again, expected):
    """"bjr je veux 2 caftans bleus M" — "non pardon un M et un L": 2 × L were delivered (a
    wrong parcel); "un M et un L" gave the name "un M" and the address "un L"."""
    chat = chat_after("bjr je veux 2 caftans bleus M", again, products=TEXTILE)
    assert chat.cart == expected and not chat.conv["data"]["details"]


def test_sizes_named_at_the_summary_split_the_line():
    chat = chat_after("bjr je veux 2 caftans bleus M", "Hind", "fes", "rue 4 n 3",
                      products=TEXTILE)
    assert chat.state == "confirm"
    chat.send("non un M et un L")
    assert chat.cart == {"CAFT-BL-M": 1, "CAFT-BL-L": 1} and chat.state == "confirm"


# -- a size two kinds come in, said in the same words as sizes only one kind has ---------------

@pytest.mark.parametrize("text, expected, asked", [
    ("bjr 1 huile d olive 25cl, 1 huile d olive 50cl et 1 huile d olive 1L",
     {"HO-PIC-25": 1, "HO-PIC-50": 1, "HO-PIC-1L": 1}, []),
    ("2 huile d olive 1L et 1 huile d olive 50cl", {"HO-PIC-1L": 2, "HO-PIC-50": 1}, []),
    # other words ("bio") set a line apart: which one is still asked of the plain one
    ("1 huile d olive 50cl et 1 huile d olive bio 50cl", {"HO-BIO-50": 1},
     [{"HO-PIC-50", "HO-BIO-50"}]),
])
def test_a_size_of_two_kinds_said_like_its_siblings_is_their_kind(text, expected, asked):
    """"1 huile d'olive 25cl, 1 huile d'olive 50cl et 1 huile d'olive 1L": the 25cl and the
    1L are the Picholine's only, yet "which 50cl oil?" was asked (customers answered with
    their details, the order stalled)."""
    p = parse(text, EPICERIE)
    assert {i.sku: i.quantity for i in p.items} == expected
    assert [set(a.candidates) for a in p.ambiguous] == asked


# -- "je prends" with nothing else takes one, at "which one?" and at "how many?" -------------

@pytest.mark.parametrize("messages, expected", [
    (("bjr la gandoura blanche", "ok je prends en M"), {"GAN-BL-M": 1}),
    (("slt vs avez gandoura blanche en XL ?", "cb", "ok je prends"), {"GAN-BL-XL": 1}),
    (("bjr 2 gandoura blanche", "ok je prends en M"), {"GAN-BL-M": 2}),
    (("bjr la gandoura blanche", "je prends 2 en M"), {"GAN-BL-M": 2}),
])
def test_i_take_it_takes_one(messages, expected):
    """"how many white gandouras XL?" — "ok je prends": "how many?" again, and the name and
    the city that followed were answered "just write the number"."""
    chat = chat_after(*messages, products=TEXTILE)
    assert chat.cart == expected and not chat.conv["data"]["queue"]


# -- weights written in French or English words --------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("slt jveux deux amlou cinq cent grammes et un miel stp",
     {"AMLOU-500": 2, "MIEL-THYM-500": 1}),
    ("2 amlou deux cent cinquante grammes", {"AMLOU-250": 2}),
    ("i want two amlou five hundred grams", {"AMLOU-500": 2}),
])
def test_a_weight_in_words_is_read(text, expected):
    """"deux amlou cinq cent grammes": "cinq" and "cent" were two counts, and "which amlou?"
    was asked twice (Darija's "khmsmya" was read, French and English hundreds were not)."""
    p = parse(text, EPICERIE)
    assert {i.sku: i.quantity for i in p.items} == expected and not p.ambiguous


# -- "which one?" answered for all of them: "les deux" is one each, "250g chacun" a size each ---

@pytest.mark.parametrize("first, answer, expected", [
    ("bjr je voudrais du thym", "les deux", {"THYM-100": 1, "THYM-250": 1}),
    ("bjr je voudrais du thym", "2 de chaque", {"THYM-100": 2, "THYM-250": 2}),
    ("bjr je voudrais 4 thym", "les deux", {"THYM-100": 2, "THYM-250": 2}),
    ("bjr je voudrais du thym et de la verveine", "250g chacun",
     {"THYM-250": 1, "VERV-250": 1}),
    ("bjr je voudrais du thym et de la verveine", "250g de chaque",
     {"THYM-250": 1, "VERV-250": 1}),
    ("i want thyme and verveine", "250g each", {"THYM-250": 1, "VERV-250": 1}),
    ("bjr je voudrais 2 thym et 1 verveine", "100g chacun", {"THYM-100": 2, "VERV-100": 1}),
])
def test_an_answer_for_each_at_which_one(first, answer, expected):
    """"which thyme? 100g, 250g" — "les deux": two of each (the "deux" of "les deux" read as
    a count); "du thym et de la verveine" — "250g de chaque": one of each thyme size, and
    the verveine still asked (the order stalled)."""
    chat = chat_after(first, answer, products=HERBES)
    assert chat.cart == expected and not chat.conv["data"]["queue"]
