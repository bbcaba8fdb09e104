"""Misses seen when playing whole English conversations as customers of Moroccan cooperatives
write them on WhatsApp (thirteenth round, English), on the corpus's catalogs and on fresh
ones (a cosmetics cooperative selling scents in ml, a tea and herbs shop, a dried fruit and
nuts cooperative): each general rule with the conversation that showed it. Wrong parcels
first, then lost or stalled orders, then needless questions."""

from pathlib import Path

import pytest

from bot.catalog import parse_csv_text, read_csv
from bot.nlu import build_index, parse
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
BEAUTY = "catalog_r13_p13en_beauty.csv"
SLIPPERS = "catalog_r10_babouche.csv"
RUGS = "rugs"

#: A rugs and textiles sheet, sizes by their two sides: kept here, not in tests/data, so the
#: catalog sweep's figures stay on the catalogs they were measured on (its "Kilim" row adds
#: 70 misses of the known kind: a letter dropped from a five-letter first word, "Kiim").
RUGS_CSV = """sku,name,price,unit,size,aliases,in_stock
TAZ-R-2X3,Tapis Tazenakht rouge 2x3m,2200 DH,pièce,1,tapis|rug|carpet|zarbiya|زربية,oui
TAZ-R-1X2,Tapis Tazenakht rouge 1x2m,900 DH,pièce,1,,oui
TAZ-B-2X3,Tapis Tazenakht bleu 2x3m,2300 DH,pièce,1,,oui
TAZ-B-1X2,Tapis Tazenakht bleu 1x2m,950 DH,pièce,1,,oui
KIL-N-2X3,Kilim noir et blanc 2x3m,1800 DH,pièce,1,kilim|hanbel|حنبل,oui
KIL-N-1X1,Kilim noir et blanc 1x1m,450 DH,pièce,1,,non
COU-R,Coussin en laine rouge,180 DH,pièce,1,coussin|cushion|pillow|mkhadda,oui
COU-B,Coussin en laine bleu,180 DH,pièce,1,,oui
COU-V,Coussin en laine vert,180 DH,pièce,1,,oui
PLAID-G,Plaid en laine grise,450 DH,pièce,1,plaid|throw|blanket|bttaniya,oui
PLAID-B,Plaid en laine beige,450 DH,pièce,1,,oui
POUF-M,Pouf en cuir marron,550 DH,pièce,1,pouf|leather pouf|pouffe,oui
POUF-N,Pouf en cuir noir,550 DH,pièce,1,,oui
SAC-T,Sac tissé main,220 DH,pièce,1,sac|bag|tote bag|woven bag,oui
"""


def catalog(name):
    if name == RUGS:
        return parse_csv_text(RUGS_CSV, RUGS, DATA)
    return read_csv(DATA / name)


def en_chat(csv, *messages):
    return chat_after(*messages, products=catalog(csv))


def read(csv, text):
    return parse(text, build_index(catalog(csv)))


# -- aliases written on the first row of a group are the group's ------------------------------

@pytest.mark.parametrize("text, sku", [
    ("a body lotion with musk", "LAIT-MUSC"),
    ("a lotion, the rose one", "LAIT-ROSE"),
    ("2 rose body lotions", "LAIT-ROSE"),
])
def test_an_alias_on_the_first_row_names_the_rows_below_it_that_have_none(text, sku):
    """"Lait corporel fleur d'oranger 200ml" (aliases "body lotion", "lotion"), then "Lait
    corporel rose" and "Lait corporel musc" with no aliases of their own, as operators write
    a group: "a lotion, the rose one" put the orange blossom lotion in the basket and asked
    which rose product besides (the alias was the first row's alone), "a rose lotion" was
    "we don't sell". The alias names the rows of the group; "which one?" when no kind is
    said."""
    chat = en_chat(BEAUTY, text)
    assert "LAIT-FO" not in chat.cart
    if sku:
        assert set(chat.cart) == {sku}
    else:
        assert not chat.cart


def test_a_group_alias_without_a_kind_asks_which_of_the_group():
    result = read(BEAUTY, "a body lotion please")
    assert not result.items
    assert [set(a.candidates) for a in result.ambiguous] == [{"LAIT-FO", "LAIT-ROSE",
                                                              "LAIT-MUSC"}]


def test_an_alias_naming_its_own_row_stays_its_rows():
    """"Miel de jujubier (sidr)" (alias "3sel sedra") above "Miel de caroube" with none: the
    alias says the jujube, which only its row is; it is not the carob honey's."""
    result = read("catalog_tafilalet.csv", "3sel sedra")
    named = {i.sku for i in result.items} | {c for a in result.ambiguous for c in a.candidates}
    assert named <= {"MIEL-SIDR-250", "MIEL-SIDR-500"}


# -- "N of X for me and M for my sister": M more of the same size -------------------------------

@pytest.mark.parametrize("text", [
    "I'd like one amlou 500g for me and two for my sister",
    "2 amlou 500g for my sister and 1 for me",
    "1 amlou 500g for me, 1 for my mum and 1 for my sister",
])
def test_counts_for_other_people_after_a_sized_line_are_more_of_that_size(text):
    """"one amlou 500g for me and two for my sister": the two were read as "two amlou" of
    no size, and the basket's 500 g line was set to 2 (one jar short, no question)."""
    chat = chat_after(text)
    assert chat.cart == {"AMLOU-500": 3}


# -- "embroidered slippers 37 and yellow ones 42" ------------------------------------------------

@pytest.mark.parametrize("text", [
    "embroidered slippers size 37 for my wife and yellow ones size 42 for me",
    "embroidered slippers size 37 and yellow ones size 42",
])
def test_a_colour_with_ones_after_another_kind_is_that_colour_of_the_family(text):
    """The yellow ones were looked for among the embroidered slippers (the words said
    before), which come in no yellow: "which one? 37 or 39" for the yellow pair, and the
    order stalled. The colour names the family's rows of that colour."""
    result = read(SLIPPERS, text)
    assert [(i.sku, i.quantity) for i in result.items] == [("BAB-BR-37", None),
                                                            ("BAB-J-42", None)]
    assert not result.ambiguous


@pytest.mark.parametrize("text", ["yellow slippers 42 and black ones 40",
                                  "yellow slippers 42 and the black one 40"])
def test_a_size_after_ones_names_the_row_not_a_count(text):
    """"… and black ones 40": the 40 was read as forty pairs of black slippers (which size
    asked); after "ones" standing for the product it is the row's size."""
    result = read(SLIPPERS, text)
    assert [i.sku for i in result.items] == ["BAB-J-42", "BAB-N-40"]
    assert all(i.quantity in (None, 1) for i in result.items) and not result.ambiguous


# -- "as a gift" is what the order is for, not a gift box ---------------------------------------

@pytest.mark.parametrize("text, lines", [
    ("2 thyme honey as a gift", {"TH-500": 2}),
    ("it's a gift, 2 rose water", {"ROSE-200": 2}),
    ("2 rose water, it's for a gift", {"ROSE-200": 2}),
    ("1 gift box please", {"GIFT-BOX": 1}),
])
def test_what_an_order_is_for_names_no_gift_box(text, lines):
    """"2 thyme honey as a gift" put the 350 DH gift box in the basket beside the honey (the
    word "gift" of its name): a wrong parcel for a customer who only said why they buy."""
    chat = en_chat("catalog_atlas_en.csv", text)
    assert chat.cart == lines


# -- "another X" is one more ----------------------------------------------------------------------

def test_another_of_a_product_in_the_basket_is_one_more_of_that_line():
    """"1 green tea 250g" — "can you add a chamomile too?" — "and another green tea": it asked
    which green tea (the 250 g or the 500 g), and the order went without it when details came
    next. "another" counts one, like "a", and the basket's green tea is the one meant."""
    chat = en_chat("catalog_r13_p13en_tea.csv", "1 green tea 250g",
                   "can you add a chamomile too?", "and another green tea")
    assert chat.cart == {"THE-VERT-250": 2, "CAMO-50": 1}
    assert chat.last.lang == "en"


# -- vocabulary: plural teas, musk, unscented -----------------------------------------------------

@pytest.mark.parametrize("csv, text, sku", [
    ("catalog_r13_p13en_tea.csv", "2 green teas, the big ones", "THE-VERT-500"),
    (BEAUTY, "one musk body lotion please", "LAIT-MUSC"),
    (BEAUTY, "one unscented black soap", "SN-NAT"),
])
def test_english_words_for_what_french_names_say(csv, text, sku):
    """"2 green teas, the big ones" was the welcome message ("teas" too short to lose its
    plural); "musk" (for "musc") and "unscented" (for "nature") were "we don't sell" or "which
    black soap?"."""
    result = read(csv, text)
    assert [i.sku for i in result.items] == [sku] and not result.ambiguous


# -- "2 body lotions, one rose and one orange blossom" ---------------------------------------------

def test_a_count_shared_out_by_kinds_of_a_product_named_by_catalog_words():
    """The count's product was named by words of the catalog only ("body lotion", no family
    word of the lexicon): the kinds were not read as its parts, and it put the orange blossom
    lotion in and asked "which one?" for the two (rose or musk), dropped at the details."""
    result = read(BEAUTY, "2 body lotions, one rose and one orange blossom")
    assert sorted((i.sku, i.quantity) for i in result.items) == [("LAIT-FO", 1),
                                                                  ("LAIT-ROSE", 1)]
    assert not result.ambiguous


# -- a word of several products after a list: the listed one -------------------------------------

def test_a_word_of_several_products_after_a_list_names_the_listed_one():
    """"do you have black soap? which scents?" (three black soaps listed) — "rose please, 2
    of them": it asked which of the rose soap, the rose lotion and the rose waters, and the
    order stalled at "which one?" to the end."""
    chat = en_chat(BEAUTY, "do you have black soap? which scents?", "rose please, 2 of them")
    assert chat.cart == {"SN-ROSE": 2}


def test_a_product_not_in_the_list_shown_is_still_asked():
    chat = en_chat(BEAUTY, "do you have black soap? which scents?", "and rose water")
    assert not chat.cart


# -- named with a count, then which one in a sentence of its own -----------------------------------

def test_a_product_said_again_in_its_own_sentence_says_which():
    """"I'm looking for a teapot and 6 tea glasses as a gift. The big teapot please.": "how
    many big teapots?" and "which teapot?" for the first one (and the tasting gift box
    added): one big teapot and the glasses."""
    result = read("catalog_r13_p13en_tea.csv", "Hi! I'm looking for a teapot and 6 tea "
                  "glasses as a gift. The big teapot please.")
    assert sorted((i.sku, i.quantity) for i in result.items) == [("THEI-G", 1), ("VERR-6", 1)]
    assert not result.ambiguous


# -- rugs sold by their two sides ----------------------------------------------------------------

@pytest.mark.parametrize("text, sku", [
    ("how much is the small blue carpet?", "TAZ-B-1X2"),
    ("the small red rug", "TAZ-R-1X2"),
    ("2 big blue rugs", "TAZ-B-2X3"),
])
def test_small_and_big_pick_pieces_by_the_area_their_names_say(text, sku):
    """"Tapis Tazenakht bleu 2x3m" and "… 1x2m": "the small blue carpet" listed both and
    "ok I'll take it" asked which, to the end of the conversation. Two sides said with "x"
    rank pieces for "small" and "big" as a length does."""
    result = read(RUGS, text)
    assert [i.sku for i in result.items] == [sku] and not result.ambiguous


def test_a_colour_and_a_size_word_pick_from_the_list_shown():
    """"what sizes are the rugs?" (red and blue, 2x3 and 1x2, listed) — "I'll take a red one,
    the large size": "what would you like to order?"."""
    chat = en_chat(RUGS, "what sizes are the rugs?", "I'll take a red one, the large size")
    assert chat.cart == {"TAZ-R-2X3": 1}


def test_the_town_of_the_shop_is_no_product():
    """"We loved your shop in Tazenakht. Could you send a 2x3 red rug and two green cushions
    to …": the town (a word of the rugs' names) asked "which rug?" on top of the red one."""
    chat = en_chat(RUGS, "Hello! We loved your shop in Tazenakht. Could you send a 2x3 red rug "
                   "and two green cushions to Laura Smith, 14 Derb el Horra, Batha, Fes? Thanks "
                   "so much 🙏")
    assert chat.cart == {"TAZ-R-2X3": 1, "COU-V": 2}
    assert chat.state == "confirm"


# -- a change asked as a question is a change -------------------------------------------------

@pytest.mark.parametrize("csv, first, change, cart", [
    (RUGS, "1 red cushion", "actually can you make it blue instead", {"COU-B": 1}),
    (RUGS, "1 red cushion", "could you change it to blue?", {"COU-B": 1}),
    (None, "1 thyme honey 500g", "could you make it the 1kg?", {"MIEL-THYM-1KG": 1}),
    (None, "1 thyme honey 500g", "can I change it to the big one?", {"MIEL-THYM-1KG": 1}),
])
def test_a_change_of_the_basket_asked_as_a_question_changes_it(csv, first, change, cart):
    """"1 red cushion" — "actually can you make it blue instead": "Good question, I passed
    it on to the cooperative", and the red cushion was delivered."""
    chat = en_chat(csv, first, change) if csv else chat_after(first, change)
    assert chat.cart == cart
    assert not any(getattr(a, "kind", None) == "question" for a in chat.actions)


# -- taking a line out in English -----------------------------------------------------------------

ATLAS = "catalog_atlas_en.csv"


@pytest.mark.parametrize("out", ["oh wait I don't need the saffron", "forget the saffron",
                                 "skip the saffron", "leave out the saffron",
                                 "scratch the saffron"])
def test_english_ways_of_taking_a_line_out(out):
    """"2 amlou and 1 saffron" — "oh wait I don't need the saffron": the basket was shown
    again with the saffron, and the saffron was delivered."""
    chat = en_chat(ATLAS, "2 amlou and 1 saffron", out)
    assert chat.cart == {"AML-300": 2}


def test_dont_forget_adds():
    chat = en_chat(ATLAS, "2 amlou and 1 saffron", "and don't forget 1 rose water please")
    assert chat.cart == {"AML-300": 2, "SAF-2G": 1, "ROSE-200": 1}


# -- "both sizes" ---------------------------------------------------------------------------------

def test_both_sizes_is_one_of_each():
    """"I'd like argan oil for hair, both sizes": "which one?", and at the details the order
    went without it."""
    result = read(ATLAS, "I'd like argan oil for hair, both sizes")
    assert sorted((i.sku, i.quantity) for i in result.items) == [("ARG-HAIR-100", 1),
                                                                  ("ARG-HAIR-50", 1)]


# -- whom each count is for, by English first names --------------------------------------------

def test_counts_for_friends_named_in_english_share_the_line():
    """"3 rose waters: 1 for me, 1 for Sarah and 1 for Emma": four rose waters (Emma's was
    one more)."""
    result = read(ATLAS, "3 rose waters: 1 for me, 1 for Sarah and 1 for Emma")
    assert [(i.sku, i.quantity) for i in result.items] == [("ROSE-200", 3)]
    assert result.lang == "en"


# -- "same size" ----------------------------------------------------------------------------------

def test_same_size_is_the_size_of_the_line_before():
    """"I'll take the euphorbia, 500g" — "and one orange blossom as well, same size": which
    one? (500 g or 1 kg), dropped at the details."""
    chat = chat_after("I'll take the euphorbia, 500g", "and one orange blossom as well, same size")
    assert chat.cart == {"MIEL-EUPH-500": 1, "MIEL-ORANG-500": 1}


# -- "2 of those" after a list of several products is a count -----------------------------------

def test_a_count_of_those_after_a_list_is_how_many_not_which():
    """"what honeys do you have?" (six listed) — "2 of those please": "how many thyme honey
    1 kg?" — the 2nd of the list, for a customer who said how many, not which."""
    chat = chat_after("what honeys do you have?", "2 of those please")
    assert not chat.cart
    chat.send("3")
    assert chat.cart == {"MIEL-EUPH-500": 2}


def test_one_of_those_after_prices_asks_which():
    chat = chat_after("what's your cheapest honey?", "ok one of those")
    assert not chat.cart and chat.conv["data"]["queue"][0]["type"] == "choice"
    # (round 19: "cheapest" ranks by price, so the prices shown are the orange blossom's
    # two sizes, the cheapest honey by the kilo, and "which one?" is between them)
    chat.send("the 500g")
    assert chat.cart == {"MIEL-ORANG-500": 1}


# -- "3 bars of soap: 2 rose and 1 lavender" --------------------------------------------------

def test_bars_are_how_soap_is_counted():
    """"I'd like to order 3 bars of soap: 2 rose and 1 lavender": "we don't sell 'bars of soap
    2 rose'", and the order was lost."""
    result = read("catalog_r8en_savon.csv", "I'd like to order 3 bars of soap: 2 rose and 1 "
                  "lavender")
    assert sorted((i.sku, i.quantity) for i in result.items) == [("SAV-LAV", 1), ("SAV-ROSE", 2)]


# -- "I changed my mind, I want the 1kg instead" -----------------------------------------------

def test_a_change_of_mind_for_another_size_resizes_the_line():
    """"1 thyme honey 500g" — "I changed my mind, I want the 1kg instead": "OK, I emptied
    your cart" (the change of mind read as a cancel)."""
    chat = chat_after("1 thyme honey 500g", "I changed my mind, I want the 1kg instead")
    assert chat.cart == {"MIEL-THYM-1KG": 1}


def test_a_change_of_mind_alone_still_cancels():
    chat = chat_after("1 thyme honey 500g", "I changed my mind, cancel everything")
    assert not chat.cart


# -- the city as a part of the address ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Ship to: Emma Clarke\nRiad Zitoun, Derb Sidi Bouloukat 23\nMarrakech\n+44 7700 900101",
    "Deliver to my hotel: Riad Yasmine, Marrakech medina, name's Chloe Martin",
    "Chloe Martin, Riad Yasmine, Marrakech medina",
])
def test_a_city_on_a_part_of_its_own_inside_the_address_is_the_city(text):
    """A city on its own line with the phone after it, or with "medina" after it: "Which
    city?" at the details (and "yep" to it was "I don't know that city")."""
    chat = en_chat(ATLAS, "2 amlou", "that's all", text)
    assert chat.conv["data"]["details"].get("city") == "Marrakech"
    assert chat.state == "confirm"


def test_a_street_named_after_a_city_is_no_city():
    from bot.nlu import details as nlu_details
    assert nlu_details.extract("12 rue de Marrakech, Agdal").city is None


# -- "honey and oat soap" ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["honey and oat soap x 3", "3 honey and oat soaps"])
def test_what_a_soap_is_made_with_in_english(text):
    """"Savon au miel et avoine": "honey and oat soap x 3" asked how many of it and "which
    soap?" for "oat soap" beside it (no word for oats), to the end of the conversation."""
    result = read("catalog_r8en_savon.csv", text)
    assert [(i.sku, i.quantity) for i in result.items] == [("SAV-MIEL", 3)]
    assert not result.ambiguous


# -- "green, black and purple olives" ------------------------------------------------------------

@pytest.mark.parametrize("text, skus", [
    ("500g each of green, black and purple olives",
     ["OLV-VERTE-500", "OLV-NOIRE-500", "OLV-VIOLETTE-500"]),
    ("green and black olives", ["OLV-VERTE-500", "OLV-NOIRE-500"]),
])
def test_colours_listed_before_the_product_are_each_of_it(text, skus):
    """"500g each of green, black and purple olives": the purple ones alone (three of them);
    the colours before the product are kinds of it, as after it ("2 green olives and 1
    black")."""
    result = read("catalog_r8en_zitoun.csv", text)
    assert [i.sku for i in result.items] == skus
    assert all(i.quantity in (None, 1) for i in result.items)


# -- "do you have a gift box? I want 2" ----------------------------------------------------------

@pytest.mark.parametrize("text, qty", [
    ("Do you have a gift box? I want 2", 2),
    ("1 gift box, 2 more", 3),
    ("a gift box and 2 more", 3),
])
def test_a_count_in_the_next_sentence_is_the_count_of_a_product_said_with_a(text, qty):
    """"Do you have a gift box? I want 2": three gift boxes (the "a" of the question counted
    one, the two were more)."""
    result = read("catalog_r8en_savon.csv", text)
    assert [(i.sku, i.quantity) for i in result.items] == [("COF-6", qty)]


# -- "EU 40" -------------------------------------------------------------------------------------

def test_a_european_size_label_names_the_row():
    result = read(SLIPPERS, "yellow slippers EU 40")
    assert [i.sku for i in result.items] == ["BAB-J-40"] and not result.ambiguous


# -- "ok normal one then, 2 jars" ----------------------------------------------------------------

def test_one_after_a_word_of_the_customers_own_is_no_count_when_a_count_follows():
    """"do you have amlou without sugar?" (one amlou, "how many?") — "ok normal one then, 2
    jars": three jars (the "one" counted beside the two)."""
    chat = en_chat(ATLAS, "do you have amlou without sugar?", "ok normal one then, 2 jars")
    assert chat.cart == {"AML-300": 2}


# -- "how much for the litre?" -------------------------------------------------------------------

def test_a_unit_word_alone_names_the_size_of_one_of_it():
    """"do u guys have olive oil" (1 L and 500 ml asked) — "how much for the litre" (both
    priced) — "ok gimme 2": "which one?" again, and the order was lost at the details."""
    chat = en_chat(ATLAS, "hey do u guys have olive oil", "how much for the litre", "ok gimme 2")
    assert chat.cart == {"OLV-1L": 2}


# -- "a tagine for four people" --------------------------------------------------------------------

@pytest.mark.parametrize("text, sku, qty", [
    ("a tagine for four people", "TJ-CUISSON-30", 1),
    ("2 tagines for six people", "TJ-CUISSON-35", 2),
    ("tajine pour quatre personnes", "TJ-CUISSON-30", None),
])
def test_a_number_of_people_in_words_is_a_size_not_a_count(text, sku, qty):
    """"a tagine for four people": "which tagine?" (only figures said a number of people);
    "tajine pour quatre personnes" was four tagines."""
    result = read("catalog_r9en_poterie.csv", text)
    assert [(i.sku, i.quantity) for i in result.items] == [(sku, qty)]


# -- "tea pot" for "teapot" ------------------------------------------------------------------------

def test_a_catalog_word_written_in_two_is_that_word():
    """"one tea pot (the medium) and a set of glasses": the teapot was lost without a word
    ("tea" read as the green teas, then dropped beside the tea glasses)."""
    result = read("catalog_r13_p13en_tea.csv", "one tea pot (the medium) and a set of glasses")
    assert [(i.sku, i.quantity) for i in result.items][:1] == [("THEI-M", 1)]
    assert "VERR-6" in {i.sku for i in result.items} and not result.ambiguous


# -- a name with "X et Y" colours, and sizes said with "x" -----------------------------------------

def test_colours_joined_inside_a_name_are_no_second_line():
    """"bghit 2 Kilim noir et blanc 2x3m": two kilims and a second line of the same kilim
    ("blanc" read as "and a white one"); the "2x3m" of the names was a word every size of
    the rug had, so "blanc 2x3m" named them all."""
    result = read(RUGS, "bghit 2 Kilim noir et blanc 2x3m")
    assert [(i.sku, i.quantity) for i in result.items] == [("KIL-N-2X3", 2)]
    assert not result.ambiguous


def test_a_colour_after_another_colour_of_a_product_is_still_another_line():
    result = read("catalog_r8en_zitoun.csv", "2 green olives and 1 black")
    assert [(i.sku, i.quantity) for i in result.items] == [("OLV-VERTE-500", 2),
                                                            ("OLV-NOIRE-500", 1)]


# -- "chhal kilo" then another size ---------------------------------------------------------------

def test_a_size_named_by_its_unit_word_is_an_offer_another_size_drops():
    """"how much for the litre" makes the 1 L's "how many?" an offer: "ok 3tini nss kilo"
    after "chhal kilo" (tests/test_probes_r11_darija.py) takes the half kilo alone."""
    chat = en_chat(ATLAS, "hey do u guys have olive oil", "how much for the litre",
                   "ok the 500ml then", "that's all")
    assert chat.cart == {"OLV-500": 1}
