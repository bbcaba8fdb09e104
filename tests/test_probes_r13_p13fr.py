"""Misses seen probing French, mixed French/Darija and SMS-style customers (round 13, p13fr)
on the corpus catalogs and on fresh operator-style ones (olives and pickles in jars by size,
cereals and flours in sacks, essential oils and hydrosols by the 10/30/100 ml): each general
rule with the messages that showed it, on the catalog it was seen on."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import parse
from bot.nlu.details import extract
from tests.test_conversation import PRODUCTS, chat_after

DATA = Path(__file__).resolve().parent / "data"


def catalog(name):
    return read_csv(DATA / name)


def lines(p):
    return {i.sku: i.quantity for i in p.items}


def candidates(p):
    return sorted(s for a in p.ambiguous for s in a.candidates)


CEREALES = "catalog_r13_p13fr_cereales.csv"


# -- a size word that is a word of some names picks those names, not a rank of sizes ------

@pytest.mark.parametrize("text, expected", [
    ("je veux 2 kg de semoule moyenne", {"SEMOULE-MOY-1KG": 2}),
    ("je veux 6 kilos de semoule moyenne", {"SEMOULE-MOY-1KG": 6}),
    ("bghit 1 sac dyal semoule moyenne 5kg", {"SEMOULE-MOY-5KG": 1}),
])
def test_a_size_word_a_name_says_picks_those_names(text, expected):
    """"Semoule moyenne" is a grade of semolina, not the middle size: "2 kg de semoule
    moyenne" asked "which one?" among the fine and the medium semolina (the word read only as
    a rank among each product's sizes)."""
    assert lines(parse(text, catalog(CEREALES))) == expected


def test_a_size_word_a_name_says_still_asks_among_its_own_sizes():
    p = parse("je veux de la semoule moyenne", catalog(CEREALES))
    assert not p.items and candidates(p) == ["SEMOULE-MOY-1KG", "SEMOULE-MOY-5KG"]


# -- a point of the compass ends a district's name, "est" too ------------------------------

@pytest.mark.parametrize("text, lead", [
    ("Rachid, Kenitra, bir rami est rue 10", "bir rami est"),
    ("Rachid Kenitra bir rami est rue 10 n 4", "bir rami est"),
    ("Karim, Tanger, Mesnana Est rue 3", "Mesnana Est"),
])
def test_a_compass_word_after_a_district_stays_in_the_address(text, lead):
    """"bir rami est rue 10" kept "rue 10" only: "est" is also French's "is", a known word,
    so the district before the street was dropped (the parcel sent without its district)."""
    assert extract(text).lead == lead


def test_is_before_a_street_is_no_district():
    assert extract("mon adresse est rue 10").lead == ""


def test_a_district_ending_in_est_reaches_the_summary():
    chat = chat_after("je veux 2 pots de miel de thym 500g", "Rachid, Kenitra, bir rami est rue 10")
    assert chat.conv["data"]["details"]["address"] == "bir rami est rue 10"


# -- a new address after its label at the summary is the address, without the label ---------

@pytest.mark.parametrize("text", [
    "changez l'adresse: ouled oujih bloc C n 22",
    "nouvelle adresse ouled oujih bloc C n 22",
    "l'adresse c'est ouled oujih bloc C n 22",
    "new address is ouled oujih bloc C n 22",
    "bdel l3onwan: ouled oujih bloc C n 22",
])
def test_a_new_address_after_its_label_is_stored_without_it(text):
    """"changez l'adresse: ouled oujih bloc C n 22" at the summary was stored as the address
    with "changez l'adresse:" in it (no street word to start the address from)."""
    chat = chat_after("je veux 2 pots de miel de thym 500g", "Rachid, Kenitra, rue 10")
    assert chat.state == "confirm"
    chat.send(text)
    assert chat.conv["data"]["details"]["address"] == "ouled oujih bloc C n 22"


def test_an_address_label_with_nothing_after_asks_for_it():
    chat = chat_after("je veux 2 pots de miel de thym 500g", "Rachid, Kenitra, rue 10",
                      "changez l'adresse")
    assert chat.state == "ask_address"


# -- a size said after several products were listed asks which of them in that size ----------

@pytest.mark.parametrize("first, then, qty", [
    ("vous avez du miel ?", "je prends 1 kg", 1),
    ("vous avez du miel ?", "le 1kg", 1),
    ("vous avez du miel ?", "je prends 2 pots de 1kg", 2),
    ("svp wach kayn l3sel?", "ok je prends 1 kg", 1),
])
def test_a_size_after_several_products_listed_asks_which_in_that_size(first, then, qty):
    """The honeys listed ("oui, nous avons : 1. … 6. …"), "je prends 1 kg" was answered
    "Que souhaitez-vous commander ?" (the size read against no product: the order lost)."""
    chat = chat_after(first, then)
    assert chat.state == "ordering" and chat.cart == {}
    head = chat.conv["data"]["queue"][0]
    assert sorted(head["candidates"]) == ["MIEL-EUPH-1KG", "MIEL-ORANG-1KG", "MIEL-THYM-1KG"]
    chat.send("1")
    assert chat.cart == {"MIEL-THYM-1KG": qty}


# -- a product not sold, said with a count and a city, is no address -------------------------

@pytest.mark.parametrize("text", [
    "jveux 2 kg miel thym pr agadir",
    "SLT JVEUX 2 KG MIEL THYM PR AGADIR",
])
def test_an_unsold_product_with_a_count_beside_a_city_is_not_an_address(text):
    """At a shop with no thyme honey, "jveux 2 kg miel thym pr agadir" made "jveux 2 kg miel
    thym pr" the delivery address (a part with a figure and an unknown word beside a city)
    and answered "Chno bghiti?" in Darija: the customer was never told it is not sold."""
    chat = chat_after(text, products=catalog("catalog_souk.csv"))
    assert "address" not in chat.conv["data"]["details"]
    assert chat.last.lang == "fr" and "miel thym" in chat.last.replies[0]


def test_a_numbered_place_beside_a_city_is_still_the_address():
    chat = chat_after("jveux 2 kg olives noires, Karim casa sidi maarouf 12",
                      products=catalog("catalog_souk.csv"))
    assert chat.cart == {"OLIV-NOIR-1KG": 2}
    assert chat.conv["data"]["details"]["address"] == "sidi maarouf 12"


# -- a word of a product's name is no language cue at a later message --------------------------

@pytest.mark.parametrize("answer", ["la fine", "fine"])
def test_a_product_word_that_is_an_english_cue_keeps_the_language(answer):
    """"Je veux un sac de semoule" — "la fine" ("Semoule fine") switched the conversation
    to English for good ("fine" is an English "ok"): every reply after it was English."""
    chat = chat_after("Je veux un sac de semoule", answer, products=catalog(CEREALES))
    assert chat.cart == {"SEMOULE-FINE-5KG": 1}
    assert chat.last.lang == "fr"


def test_fine_outside_a_product_name_still_shows_english():
    chat = chat_after("Je veux un sac de semoule", "1", "fine, that's all",
                      products=catalog(CEREALES))
    assert chat.last.lang == "en"


# -- "plutôt N <product in the basket>" corrects that line, the other lines stay --------------

@pytest.mark.parametrize("first, change, cart, products", [
    ("bjr jveux 1 sac orge 25 kg et 2 sacs ble 5kg", "non plutot 2 sacs d orge",
     {"ORGE-25KG": 2, "BLE-DUR-5KG": 2}, CEREALES),
    ("je veux 1 miel de thym 500g et 2 amlou 250g", "non plutôt 2 pots de miel",
     {"MIEL-THYM-500": 2, "AMLOU-250": 2}, None),
])
def test_rather_n_of_a_product_in_the_basket_keeps_the_other_lines(first, change, cart, products):
    """"non plutôt 2 sacs d'orge" (barley and wheat in the basket) dropped the wheat: the
    mention, vague between the barley's sizes, was read as another product replacing the
    last line (a parcel without the wheat)."""
    chat = chat_after(first, change, **({"products": catalog(products)} if products else {}))
    assert chat.cart == cart


def test_rather_another_product_still_replaces_the_last_line():
    chat = chat_after("jveux 1 sac orge 25 kg", "plutot 2 sacs de blé",
                      products=catalog(CEREALES))
    assert chat.cart == {}
    chat.send("1")
    assert chat.cart == {"BLE-DUR-5KG": 2}


HUILES = "catalog_r13_p13fr_huiles.csv"


# -- a size word alone at an open "which one?" answers it, it resizes no basket line ---------

@pytest.mark.parametrize("answer, picked", [
    ("la petite", "HYD-FLEUR-100"),
    ("non la petite", "HYD-FLEUR-100"),
    ("la plus petite", "HYD-FLEUR-100"),
    ("la grande", "HYD-FLEUR-250"),
])
def test_a_size_word_at_which_one_answers_it(answer, picked):
    """2 lavender oils of 30 ml in the basket, "which orange blossom water? 1. 100ml
    2. 250ml" — "la petite" made the lavender 10 ml (French "la" read as Darija's "no": a
    correction to the small size) and asked again: a wrong parcel had the customer not
    looked."""
    chat = chat_after("je veux 2 lavande 30ml", "et aussi 1 eau de fleur d'oranger", answer,
                      products=catalog(HUILES))
    assert chat.cart == {"HE-LAV-30": 2, picked: 1}


def test_no_with_a_product_and_a_size_still_resizes_it_at_which_one():
    chat = chat_after("je veux 2 lavande 30ml", "et aussi 1 eau de fleur d'oranger",
                      "non, changez la lavande en petite", products=catalog(HUILES))
    assert chat.cart.get("HE-LAV-10") == 2 and "HE-LAV-30" not in chat.cart


# -- an order with a question only the members can answer keeps the order -------------------

@pytest.mark.parametrize("text, cart", [
    ("bjr jveux 3 confitures de figues et 2 d'abricot pr offrir, c possible emballage cadeau?",
     {"CONF-FIG-350": 3, "CONF-ABR-350": 2}),
    ("I want 3 fig jams, do you do gift wrapping?", {"CONF-FIG-350": 3}),
])
def test_an_order_with_a_question_for_the_members_keeps_its_lines(text, cart):
    """"je veux 3 confitures de figues et 2 d'abricot, c possible emballage cadeau ?" was
    answered "je la demande à la coopérative ; voulez-vous une personne ? (oui / non)" and
    the lines were lost ("non" then: "Que souhaitez-vous commander ?")."""
    chat = chat_after(text, products=catalog("catalog_confitures.csv"))
    assert chat.cart == cart
    assert any(a.__class__.__name__ == "AlertMembers" for a in chat.actions)


def test_a_question_for_the_members_without_an_order_still_offers_a_person():
    chat = chat_after("vous faites emballage cadeau ?", products=catalog("catalog_confitures.csv"))
    assert chat.conv["data"].get("human_offered")


@pytest.mark.parametrize("text", [
    "je veux 3 confitures de figues, ça se conserve combien de temps ?",
    "I want 3 fig jams, how much time does it keep?",
])
def test_how_long_is_no_price_question(text):
    """"combien de temps" asks how long, not a price: the order was read as a price question
    (its count dropped) and a person offered; the lines were lost."""
    p = parse(text, catalog("catalog_confitures.csv"))
    assert p.intent == "order" and lines(p) == {"CONF-FIG-350": 3}
    chat = chat_after(text, products=catalog("catalog_confitures.csv"))
    assert chat.cart == {"CONF-FIG-350": 3}


def test_a_price_asked_beside_how_long_is_still_a_price_question():
    p = parse("c'est combien la confiture de figues et ça se conserve combien de temps ?",
              catalog("catalog_confitures.csv"))
    assert p.intent == "price"


# -- a small French word written as it is is not the word its spelling folds onto -----------

@pytest.mark.parametrize("text, expected, products", [
    ("nous voulons 2 pots d'amlou 250g", {"AMLOU-250": 2}, None),
    ("je veux une djellaba pour femme taille 52", {"DJ-F-52": 1}, "catalog_r10_djellaba.csv"),
    ("je veux une djellaba pour homme taille 54", {"DJ-H-54": 1}, "catalog_r10_djellaba.csv"),
])
def test_a_french_word_is_not_read_through_its_folded_spelling(text, expected, products):
    """"nous voulons 2 pots d'amlou" ordered ONE jar: French "nous" folds onto Darija
    "nus" (half), and half of 2 is 1. "une djellaba pour femme taille 52" asked which size:
    "pour" folds onto "pur" (pure), a product word standing between the mention and its
    size."""
    p = parse(text, catalog(products) if products else PRODUCTS)
    assert lines(p) == expected


@pytest.mark.parametrize("text, expected", [
    ("bghit nous kilo amlou", {"AMLOU-500": 1}),          # "nous" before a measure: half
    ("bghit nss kilo amlou", {"AMLOU-500": 1}),
])
def test_a_half_written_like_nous_before_a_measure_is_still_half(text, expected):
    assert lines(parse(text, PRODUCTS)) == expected


# -- "je cherche" looks for a product: it is no product word ------------------------------------

@pytest.mark.parametrize("text, sku", [
    ("je cherche une djellaba femme en 52", "DJ-F-52"),
    ("cherche 2 djellabas homme 54", "DJ-H-54"),
])
def test_je_cherche_is_no_product(text, sku):
    """"je cherche une djellaba femme en 52" put a Chèche (a turban) in the basket beside
    the djellaba: "cherche", a word no list knew, was read as a misspelt "chech". Looking
    for a product asks whether it is sold, like "vous avez"."""
    p = parse(text, catalog("catalog_r10_djellaba.csv"))
    assert [i.sku for i in p.items] == [sku] and not p.ambiguous


def test_je_cherche_answers_with_the_row_and_asks_how_many():
    chat = chat_after("je cherche une djellaba femme en 52",
                      products=catalog("catalog_r10_djellaba.csv"))
    assert chat.cart == {} and "Djellaba femme brodée taille 52" in chat.last.replies[0]
    chat.send("1")
    assert chat.cart == {"DJ-F-52": 1}


# -- a district's "el" / "al" / "ben" stays in it -------------------------------------------

@pytest.mark.parametrize("text, address", [
    ("Ilham, Mohammedia, el alia rue 3", "el alia rue 3"),
    ("Karim, Rabat, ain el aouda rue 3", "ain el aouda rue 3"),
    ("Karim, Casa, sidi el bernoussi rue 3", "sidi el bernoussi rue 3"),
    ("Karim, Fes, ben souda rue 3", "ben souda rue 3"),
])
def test_a_particle_inside_a_district_stays_in_the_address(text, address):
    """"Ilham, Mohammedia, el alia rue 3" was delivered to "alia rue 3", "ain el aouda" to
    "aouda": the district before the street stopped at its "el" (a known small word)."""
    chat = chat_after("je veux 2 pots de miel de thym 500g", text)
    assert chat.conv["data"]["details"]["address"] == address


# -- a district typed in small letters right after a city alone stays in the address ----------

@pytest.mark.parametrize("text, address", [
    ("latifa, casa, sidi maarouf, rue 12 n 5", "sidi maarouf, rue 12 n 5"),
    ("ds casa, sidi maarouf, rue 12 n 5, nom: latifa", "sidi maarouf, rue 12 n 5"),
    ("Rim, kenitra, val fleuri, rue 4", "val fleuri, rue 4"),
])
def test_a_small_letter_district_after_a_city_alone_stays(text, address):
    """"latifa, casa, sidi maarouf, rue 12 n 5" was delivered to "rue 12 n 5": a district
    part counted only when capitalised ("Sidi Maarouf,") or a listed place; and "ds casa"
    ("dans", SMS) was no city alone."""
    chat = chat_after("je veux 2 pots de miel de thym 500g", text)
    assert chat.conv["data"]["details"]["address"] == address
    assert chat.conv["data"]["details"]["city"] in ("Casablanca", "Kénitra")


def test_words_that_are_no_place_after_a_city_are_no_district():
    assert extract("Karim, Rabat, merci, rue 12").lead == ""


# -- SMS "cb" is "combien"; "par cb" / "la cb" is a bank card -----------------------------------

@pytest.mark.parametrize("text, intent, topic", [
    ("c cb le miel thym", "price", None),
    ("cb la livraison pr tanger", "delivery", "delivery"),
    ("vous acceptez la cb ?", "unknown", "payment"),
    ("je veux 2 amlou 250g, je peux payer par cb ?", "order", "payment"),
])
def test_cb_is_how_much_unless_it_is_the_card(text, intent, topic):
    """"cb la livraison pr tanger" (SMS: "combien la livraison pour Tanger") was answered
    about paying by card ("cb", carte bleue), and "c cb le miel thym" too."""
    p = parse(text, PRODUCTS)
    assert (p.intent, p.topic) == (intent, topic)


# -- "changez le miel en 1kg" resizes the honey line, whatever else the basket holds ----------

@pytest.mark.parametrize("first, change, cart", [
    ("je veux 2 miel de thym 500g et 1 amlou 250g et 1 savon noir", "changez le miel en 1kg",
     {"MIEL-THYM-1KG": 2, "AMLOU-250": 1, "SAVON-NOIR-250": 1}),
    ("je veux 2 miel de thym 500g et 1 amlou 250g", "changez l'amlou en 500g",
     {"MIEL-THYM-500": 2, "AMLOU-500": 1}),
])
def test_a_product_word_and_a_size_resize_that_line(first, change, cart):
    """"changez le miel en 1kg" (thyme honey 500 g, amlou and soap in the basket) took the
    soap out and asked which honey of 1 kg: the amlou's 500 g read as a resize too, so no one
    line was picked, and the change read as another product replacing the last line."""
    assert chat_after(first, change).cart == cart


@pytest.mark.parametrize("change", [
    "changez le miel en miel d'euphorbe",
    "remplacez le miel par du miel d'euphorbe",
    "bdel l3sel b 3sel d daghmous",
])
def test_a_product_swapped_for_another_of_its_family_is_not_taken_out_too(change):
    """"remplacez le miel par du miel d'euphorbe" took out the thyme honey and the euphorbia
    honey it had just put in ("le miel" to remove is vague between all honeys): the honey
    line was lost."""
    chat = chat_after("je veux 2 miel de thym 500g et 1 savon noir", change)
    assert chat.cart == {"MIEL-EUPH-500": 2, "SAVON-NOIR-250": 1}


# -- the product a question is about, just ordered, is not asked "which one?" again -----------

@pytest.mark.parametrize("text", [
    "salam bghit 2g zaafran svp, c'est du vrai safran de taliouine ?",
    "je veux 2g de safran, c'est du vrai safran ?",
])
def test_a_product_named_again_in_the_question_is_its_subject(text):
    """"bghit 2g zaafran, c'est du vrai safran de taliouine ?" put 2 × 1 g in the basket and
    asked "which one? 1 g / 5 g" for the saffron the question is about."""
    chat = chat_after(text, products=catalog("catalog_safran.csv"))
    assert chat.cart == {"SAFRAN-TAL-1G": 2} and not chat.conv["data"]["queue"]


def test_a_second_mention_without_a_question_is_still_asked():
    chat = chat_after("bghit 2g zaafran w zaafran", products=catalog("catalog_safran.csv"))
    assert chat.conv["data"]["queue"]


@pytest.mark.parametrize("text, sku", [
    ("1 huile figue barbarie 30ml", "AKN-OIL-30"),
    ("SALAM 3AFAK 1 HUILE FIGUE BARBARIE 30ML W 2 SAVON, MERCI", "AKN-OIL-30"),
])
def test_prickly_pear_without_its_de_is_still_the_product(text, sku):
    """SMS style drops "de": "1 huile figue barbarie 30ml" put the oil in the basket and said
    "we don't sell « figue barbarie »" with three suggestions (figs and prickly pear read as
    two products)."""
    p = parse(text, catalog("catalog_r7en_cactus.csv"))
    assert sku in lines(p) and not p.unknown_products


# -- "c'est quoi les 4 huiles dedans ?" asks, it changes no count --------------------------

@pytest.mark.parametrize("question", [
    "c'est quoi les 4 huiles dedans ?",
    "what are the 4 oils inside?",
])
def test_what_is_with_a_figure_orders_nothing(question):
    """One discovery box (4 essential oils, 4x10ml) in the basket, "c'est quoi les 4 huiles
    dedans ?" made it 4 boxes (640 DH): the figure of the question read as "en fait 4 huiles",
    a correction of the one oil product in the basket."""
    chat = chat_after("bjr je veux 1 coffret découverte", question, products=catalog(HUILES))
    assert chat.cart == {"COFFRET-DECOUV": 1}


def test_what_is_then_an_order_still_orders():
    chat = chat_after("c'est quoi le coffret ? j'en veux 2", products=catalog(HUILES))
    assert chat.cart == {"COFFRET-DECOUV": 2}


@pytest.mark.parametrize("first", ["c'est combien l'huile d'argan ?",
                                   "bonsoir, l'huile de nigelle c'est pour quoi exactement ?"])
def test_too_expensive_thanks_with_an_empty_basket_is_a_walk_away(first):
    """"c'est un peu cher, merci quand même" after a price, nothing in the basket, was
    answered "prices are fixed" and "Combien de … voulez-vous ?" again: a walk-away."""
    chat = chat_after(first, products=catalog(HUILES))
    reply = chat.send("c'est un peu cher, merci quand même")
    assert "Combien" not in reply and chat.cart == {}


# -- "4x10ml" in a name is how the box is made, never a count of boxes ------------------------

@pytest.mark.parametrize("text, qty", [
    ("je voudrais 2 Coffret découverte 4 huiles essentielles 4x10ml", 2),
    ("بغيت 2 Coffret découverte 4 huiles essentielles 4x10ml", 2),
    ("3 x Coffret découverte 4 huiles essentielles 4x10ml", 3),
    ("Coffret découverte 4 huiles essentielles 4x10ml", 1),
])
def test_a_pack_notation_in_a_name_is_no_count(text, qty):
    """"2 Coffret découverte 4 huiles essentielles 4x10ml" (the name as the sheet writes it)
    ordered 10 boxes: the name's "4" was known as a word of it, but "x 10" after it read as
    "times 10" (the catalog sweep found 92 such orders on this sheet)."""
    assert lines(parse(text, catalog(HUILES))) == {"COFFRET-DECOUV": qty}
