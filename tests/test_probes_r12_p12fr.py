"""Misses seen probing French, mixed French/Darija and SMS-style customers (round 12, p12fr)
on the corpus catalogs and on fresh operator-style ones: each general rule with the messages
that showed it, on the catalog it was seen on."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import parse
from tests.test_conversation import PRODUCTS, Chat, chat_after

DATA = Path(__file__).resolve().parent / "data"


def catalog(name):
    return read_csv(DATA / name)


def lines(p):
    return {i.sku: i.quantity for i in p.items}


# -- a count of pieces that is what a box holds is one box, never that many boxes -----------

@pytest.mark.parametrize("text, sku, qty", [
    ("24 cornes de gazelle", "CORNES-BOITE-24", 1),
    ("bghit 24 ghriba", "GHRIBA-BOITE", 1),
    ("je veux 48 cornes de gazelle", "CORNES-BOITE-24", 2),
    ("2 boites de ghriba", "GHRIBA-BOITE", 2),          # boxes said: boxes
    ("bghit 3 ghriba", "GHRIBA-BOITE", 3),              # a small count stays a count
    ("je veux 30 ghriba", "GHRIBA-BOITE", None),        # no box holds 30: asked again
])
def test_a_count_equal_to_a_box_of_pieces_is_one_box(text, sku, qty):
    """"24 cornes de gazelle" when the catalog sells "Cornes de gazelle boîte de 24" made
    24 boxes (576 pieces, 2 640 DH): a wrong parcel."""
    assert lines(parse(text, catalog("catalog_halwa.csv"))) == {sku: qty}


def test_the_box_that_holds_the_count_is_the_one_taken():
    """A box of 12 and one of 24 of the same pastry: 24 pieces are the box of 24."""
    assert lines(parse("24 cornes de gazelle", catalog("catalog_r12_p12fr_patisserie.csv"))) \
        == {"CG-B24": 1}


# -- a total said with the bag it comes in is that many bags, not the sum -------------------

@pytest.mark.parametrize("text, sku, qty", [
    ("2 kilos de poudre de caroube en sachets de 1kg", "KHR-POUDRE-1KG", 2),
    ("bghit 2 kilo kharroub f sachet dyal 1 kilo", "KHR-POUDRE-1KG", 2),
    ("2 kilos de poudre de caroube en sachets de 500g", "KHR-POUDRE-500", 4),
    ("1 kilo de poudre de caroube, en sachets de 500g", "KHR-POUDRE-500", 2),
])
def test_a_total_in_bags_of_a_size_is_that_many_bags(text, sku, qty):
    """"2 kilos of carob, in 1kg bags" made 3 × 1 kg (the bag's kilo added to the two)."""
    assert lines(parse(text, catalog("catalog_r9ary_kharroub.csv"))) == {sku: qty}


def test_a_total_in_bags_said_for_a_product_in_two_kinds_asks_which_for_the_total():
    """The same, before "which carob?": one question, for two bags (it was two questions,
    for 2 and for 1 more)."""
    p = parse("2 kilos of carob, in 1kg bags", catalog("catalog_r9ary_kharroub.csv"))
    assert not p.items and [(a.quantity, a.candidates) for a in p.ambiguous] == [
        (2, ("KHR-POUDRE-1KG", "KHR-GOUSSES-1KG"))]


# -- two sides ("170x240", "2 x 3", "2 sur 3") say which rug, never how many ----------------

@pytest.mark.parametrize("text, sku, qty", [
    ("je veux 1 tapis 170x240", "TAP-170", 1),
    ("2 tapis 120 x 180", "TAP-120", 2),
    ("un kilim 2 sur 3", "KIL-2X3", 1),
    ("1 kilim 2x3", "KIL-2X3", 1),
])
def test_two_sides_said_pick_the_rug_and_keep_the_count(text, sku, qty):
    """"je veux 1 tapis 170x240" asked which of four rugs for 170 of them."""
    assert lines(parse(text, catalog("catalog_r12_p12fr_textile.csv"))) == {sku: qty}


def test_a_figure_times_a_measure_stays_a_count_where_nothing_is_sold_by_its_sides():
    """Only a catalog that sells things by their sides reads "x" between figures so."""
    demo = read_csv(DATA.parent.parent / "coops" / "demo" / "catalog.csv")
    assert lines(parse("3 x 500g miel de thym", demo)) == {"MIEL-THYM-500": 3}


# -- mid-size towns a courier serves are cities ---------------------------------------------

@pytest.mark.parametrize("text, city", [
    ("Fatima, Kelaat M'Gouna, hay Lmasira", "Kelaat M'Gouna"),
    ("Karim, qalaat mgouna", "Kelaat M'Gouna"),
    ("كريم، قلعة مكونة", "Kelaat M'Gouna"),
    ("ana f boumalne dades", "Boumalne Dadès"),
    ("livraison a Erfoud svp", "Erfoud"),
])
def test_mid_size_towns_are_read_as_the_city(text, city):
    demo = read_csv(DATA.parent.parent / "coops" / "demo" / "catalog.csv")
    assert parse(text, demo).city == city


def test_the_shops_own_town_is_no_delivery_city():
    """"is this the rose shop from Kelaat M'Gouna?" describes the shop: no city to deliver
    to (once the town was known, it was taken for the customer's)."""
    roses = catalog("catalog_r7en_roses.csv")
    assert parse("hi is this the rose shop from kelaat mgouna?", roses).city is None


# -- the address keeps its district and its apostrophes -------------------------------------

@pytest.mark.parametrize("text, address", [
    ("Fatima, Fes, Zouagha, 3 rue Sebou", "Zouagha, 3 rue Sebou"),
    ("Karim Alami, Meknes, Bassatine, 12 rue 5", "Bassatine, 12 rue 5"),
    ("Fatima, Rabat, Agdal, 5 avenue France", "Agdal, 5 avenue France"),     # a known one
])
def test_a_part_between_the_city_and_the_street_is_the_district(text, address):
    """"Fes, Zouagha, 3 rue Sebou": a district missing from the place list was dropped
    (only known districts were kept before the street)."""
    chat = chat_after("je veux 1 amlou 250g", text)
    assert chat.conv["data"]["details"]["address"] == address


@pytest.mark.parametrize("text, address", [
    ("Karim, Tanger, route d'Imouzzer n 5", "route d'Imouzzer n 5"),
    ("Karim Alami, Ifrane, avenue de l'Hermitage 4", "avenue de l'Hermitage 4"),
])
def test_an_elided_article_keeps_its_apostrophe_in_the_address(text, address):
    """"route d'Imouzzer" was shown (and sent to the courier) as "route d Imouzzer"."""
    chat = chat_after("je veux 1 amlou 250g", text)
    assert chat.conv["data"]["details"]["address"] == address


def test_a_first_name_after_the_city_stays_the_name():
    chat = chat_after("je veux 1 amlou 250g", "Rabat, Amine El Ouafi, hay nahda zanqa 5 n 11")
    assert chat.conv["data"]["details"]["address"] == "hay nahda zanqa 5 n 11"


def test_the_shops_own_town_is_not_kept_for_the_delivery():
    chat = chat_after("hi is this the rose shop from kelaat mgouna?", "2 rose water 1 litre",
                      "thats all", products=catalog("catalog_r7en_roses.csv"))
    assert not chat.conv["data"]["details"].get("city")
    assert not chat.conv["data"].get("city_named")


# -- a price question followed by an order keeps the order ----------------------------------

@pytest.mark.parametrize("text, cart, products", [
    ("how much is the thyme honey 500g? I want 2 of them and 1 amlou 250g",
     {"MIEL-THYM-500": 2, "AMLOU-250": 1}, None),
    ("c combien le miel de thym 500g ? je veux 2 et 1 amlou 250g",
     {"MIEL-THYM-500": 2, "AMLOU-250": 1}, None),
    ("c combien la couverture ? je veux 2 grises et 1 marron",
     {"PLAID-G": 2, "PLAID-M": 1}, "catalog_r10_couleurs.csv"),
    ("c combien le coussin rouge? j'en veux 2", {"COU-R": 2}, "catalog_r10_couleurs.csv"),
])
def test_a_price_question_then_an_order_answers_and_keeps_the_lines(text, cart, products):
    """The price was answered and the lines lost ("which one? reply with the number and how
    many"): the customer had said which and how many."""
    chat = Chat(**({"products": catalog(products)} if products else {}))
    reply = chat.send(text)
    assert chat.cart == cart
    first = next(iter(cart))
    assert [p for p in chat.context.get("products", PRODUCTS) if p["sku"] == first][0][
        "name"] in reply.split("\n\n")[0]          # the price answered first


def test_a_vague_line_after_a_price_question_is_asked_with_its_count():
    chat = chat_after("ch7al amlou 250g? bghit 2 w 1 zit argan 250ml", "1")
    assert chat.cart == {"AMLOU-250": 2, "ARGAN-ALIM-250": 1}


def test_wanting_to_know_a_price_orders_nothing():
    chat = chat_after("combien coute le miel de thym 500g ? je veux savoir le prix de 2 pots")
    assert chat.cart == {}


# -- "one of each" of a vague mention takes each option -------------------------------------

@pytest.mark.parametrize("text, cart", [
    ("je veux les deux miels de thym, un de chaque", {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 1}),
    ("bghit jouj amlou, wa7ed mn kol wa7ed", {"AMLOU-250": 1, "AMLOU-500": 1}),
    ("بغيت جوج أملو، واحد من كل وحدة", {"AMLOU-250": 1, "AMLOU-500": 1}),
    ("2 de chaque amlou", {"AMLOU-250": 2, "AMLOU-500": 2}),
    ("2 ghassoul et un de chaque amlou", {"GHASSOUL-200": 2, "AMLOU-250": 1, "AMLOU-500": 1}),
])
def test_one_of_each_said_with_the_product_takes_every_option(text, cart):
    """"bghit jouj amlou, wa7ed mn kol wa7ed" asked "which one?" (twice: for 2, and for 1)."""
    assert chat_after(text).cart == cart


def test_one_of_each_of_two_kinds_asks_only_each_kinds_size():
    """"both argan oils, one of each": one of the food oil and one of the cosmetic oil, each
    one's size asked (not "which of the four?")."""
    chat = chat_after("both argan oils, one of each", "1", "2")
    assert chat.cart == {"ARGAN-ALIM-250": 1, "ARGAN-COSM-250": 1}


@pytest.mark.parametrize("answer", ["les deux, un de chaque", "jouj b jouj, wa7ed mn kol wa7da",
                                    "both, one of each"])
def test_one_of_each_answering_which_one_takes_both_and_closes_the_question(answer):
    """"les deux, un de chaque" at "which thyme honey?" asked again (the answer named the
    options, so it was read as an order and not as "each")."""
    chat = chat_after("je veux du miel de thym", answer)
    assert chat.cart == {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 1}
    assert not chat.conv["data"]["queue"]


# -- a first name alone in small letters answers the details question -----------------------

@pytest.mark.parametrize("first, name", [
    ("je veux 2 amlou 250g", "fatima"), ("bghit 2 amlou 250g", "karim"),
    ("I want 1 amlou 250g", "omar"),
])
def test_a_common_first_name_alone_after_the_basket_is_the_name(first, name):
    """"fatima" right after "anything else? if not: your name, city and address" was "not
    understood" (one small-letter word may be anything; a common first name is a name)."""
    chat = chat_after(first, name)
    assert chat.conv["data"]["details"].get("name", "").lower() == name


# -- a colour said alone changes or adds the line's product in that colour ------------------

COULEURS = "catalog_r10_couleurs.csv"


@pytest.mark.parametrize("first, change, cart", [
    ("je veux 1 coussin rouge", "bdlha b lkhdra", {"COU-V": 1}),
    ("je veux 2 coussins rouges", "changez-les en vert", {"COU-V": 2}),
    ("je veux 1 coussin rouge", "plutôt le vert", {"COU-V": 1}),
    ("bghit 1 plaid gris", "bdlha b lmarron", {"PLAID-M": 1}),
    ("je veux 1 coussin rouge et 1 plaid gris", "changez le coussin en vert",
     {"COU-V": 1, "PLAID-G": 1}),
    ("je veux 1 coussin rouge et 1 plaid gris", "bdel lplaid b lmarron",
     {"COU-R": 1, "PLAID-M": 1}),
])
def test_a_swap_to_a_colour_changes_the_line_to_that_colour(first, change, cart):
    """"bdlha b lkhdra" was not understood; "changez-les en vert" read "les" as "less" and
    took one red cushion off (a wrong parcel); "bdel lplaid b lmarron" took the plaid out and
    put nothing in; "changez le coussin en vert" kept the red one beside the green."""
    assert chat_after(first, change, products=catalog(COULEURS)).cart == cart


@pytest.mark.parametrize("more, cart", [
    ("et un vert aussi", {"COU-R": 1, "COU-V": 1}),
    ("zid wa7ed khder", {"COU-R": 1, "COU-V": 1}),
    ("and a green one too", {"COU-R": 1, "COU-V": 1}),
    ("w jouj khdrin", {"COU-R": 1, "COU-V": 2}),
    ("zid wa7ed", {"COU-R": 2}),                       # no colour: one more of the line
])
def test_one_more_in_a_colour_adds_that_colour(more, cart):
    """"et un vert aussi" after a red cushion made 2 red ones (a wrong parcel)."""
    assert chat_after("je veux 1 coussin rouge", more, products=catalog(COULEURS)).cart == cart


# -- letter sizes (S, M, L, XL) say which row, never how many -------------------------------

TEXTILE = "catalog_r12_p12fr_textile.csv"


@pytest.mark.parametrize("text, cart", [
    ("2 t-shirts M et 1 L", {"TSH-M": 2, "TSH-L": 1}),
    ("un tshirt taille XL", {"TSH-XL": 1}),
    ("je veux 3 t-shirts, 2 M et 1 XL", {"TSH-M": 2, "TSH-XL": 1}),
    ("bghit jouj tichert dyal M", {"TSH-M": 2}),
    ("slt jvx 1 tshirt M stp", {"TSH-M": 1}),
])
def test_a_letter_size_names_the_row(text, cart):
    """"2 t-shirts M et 1 L" asked which T-shirt twice; "un tshirt taille XL" found nothing
    (the XL row's name read "xl" as a word of its own: another product, without the alias)."""
    assert chat_after(text, products=catalog(TEXTILE)).cart == cart


@pytest.mark.parametrize("first, answer, cart", [
    ("je veux un gilet", "L", {"GIL-L": 1}),
    ("je veux 2 tshirts", "taille XL", {"TSH-XL": 2}),
    ("je veux 1 tshirt M", "changez en L", {"TSH-L": 1}),
    ("je veux un gilet M", "non plutôt L", {"GIL-L": 1}),
])
def test_a_letter_size_answers_which_one_and_changes_a_line(first, answer, cart):
    assert chat_after(first, answer, products=catalog(TEXTILE)).cart == cart


def test_a_letter_after_a_figure_stays_a_unit_where_products_are_measured():
    """"1 l" of olive oil is a litre, even in a catalog that also sells T-shirts in L."""
    rows = catalog(TEXTILE) + [
        {"sku": "OLIVE-1L", "name": "Huile d'olive 1L", "price": 80.0, "unit": "l",
         "size": 1.0, "aliases": ["zit zitoun"], "in_stock": True}]
    assert lines(parse("zit zitoun 2 l", rows)) == {"OLIVE-1L": 2}


# -- found probing French and SMS-style customers -------------------------------------------

@pytest.mark.parametrize("change", ["non finalement enlevez le 500g", "non, enlève le 500g",
                                    "la 7yed dyal 500g", "no, remove the 500g"])
def test_taking_a_size_out_after_no_takes_that_line_out(change):
    """"non finalement enlevez le 500g" with 2 × 250 g and 1 × 500 g turned the 250 g line
    into 2 × 500 g ("non" + a size read as a change of size): a wrong parcel."""
    assert chat_after("je veux 2 amlou 250g et 1 amlou 500g", change).cart == {"AMLOU-250": 2}


@pytest.mark.parametrize("city, expected", [("Dakhla", "Dakhla"), ("Tanger", "Tanger")])
def test_the_delivery_answers_city_replaces_one_said_with_the_order(city, expected):
    """"jvx 2 miel thym 1kg stp, livraison a agadir", then "Omar Tazi, Dakhla, rue 10 n 2":
    the parcel went to Agadir (the first city was kept)."""
    chat = chat_after("jvx 2 miel thym 1kg stp, livraison a agadir",
                      f"Omar Tazi, {city}, rue 10 n 2")
    assert chat.conv["data"]["details"]["city"] == expected


def test_a_first_name_alone_after_the_address_is_the_name():
    """"chui a rabat, agdal rue 12 n 4, Karim": "Karim" stayed in the address and the name
    was asked again (then "oui" offered a person)."""
    chat = chat_after("jvx 1 amlou 500g", "chui a rabat, agdal rue 12 n 4, Karim")
    details = chat.conv["data"]["details"]
    assert (details.get("name"), details["address"]) == ("Karim", "agdal rue 12 n 4")
    assert chat.state == "confirm"


@pytest.mark.parametrize("answer", ["ok alors un vert", "le vert", "vert"])
def test_a_colour_picks_among_the_alternatives_offered(answer):
    """"ok alors un vert" after the yellow cushion was out of stock and the others offered:
    "what would you like to order?", and everything after was lost."""
    chat = chat_after("je veux un coussin jaune", answer, products=catalog(COULEURS))
    assert chat.cart == {"COU-V": 1}


@pytest.mark.parametrize("answer, address", [
    ("Kaoutar, Chefchaouen, Rif el Andalous n 4", "Rif el Andalous n 4"),
    ("Salima, Meknes, Marjane 2 n 41", "Marjane 2 n 41"),
])
def test_a_house_number_after_a_how_many_is_no_count(answer, address):
    """"Kaoutar, Chefchaouen, Rif el Andalous n 4" answering "how many embroidered slippers?"
    made 4 pairs (the place's name, in small letters and with "el", was read as no address,
    so its house number answered the count): a wrong parcel."""
    chat = chat_after("je veux des babouches brodees en 39", answer,
                      products=catalog("catalog_r10_babouche.csv"))
    assert chat.cart == {"BAB-BR-39": 1}
    assert chat.conv["data"]["details"]["address"] == address


def test_a_first_name_near_a_citys_spelling_is_the_name_in_a_details_answer():
    """"Rachida, Fes, hay salam n 3": "Rachida" read as a near spelling of Errachidia, and
    the name was asked again."""
    chat = chat_after("je veux 2 miel de thym 500g", "Rachida, Fes, hay salam n 3")
    assert chat.conv["data"]["details"]["name"] == "Rachida"
    assert chat.conv["data"]["details"]["city"] == "Fès"


def test_a_count_of_pieces_among_packs_of_two_kinds_is_asked_once_the_kind_is_known():
    """"je veux 20 msemen" (packs of 10 and of 6): "1" made 20 packs of 10 (200 msemen)."""
    chat = chat_after("je veux 20 msemen", "1", products=catalog("catalog_r7mix_ftour.csv"))
    assert chat.cart == {} and chat.conv["data"]["queue"][0]["type"] == "qty"


def test_a_count_of_pieces_two_boxes_divide_is_the_fewest_boxes():
    """"48 cornes de gazelle" with boxes of 12 and of 24 asked which box, then "la boite de
    24" took one box (24 pieces of the 48)."""
    patisserie = catalog("catalog_r12_p12fr_patisserie.csv")
    assert lines(parse("je veux 48 cornes de gazelle", patisserie)) == {"CG-B24": 2}
    assert lines(parse("36 cornes de gazelle", patisserie)) == {"CG-B12": 3}
