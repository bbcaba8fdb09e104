"""Misses seen when probing whole conversations in Darija (Arabic script and Arabizi), mixed
Darija-French and SMS spellings (issue 14, eleventh round): each general rule with the
messages that showed it, on the catalog it was seen on."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"


def catalog(name):
    return read_csv(DATA / name)


def details(chat):
    return chat.conv["data"].get("details") or {}


# -- a bare number that is a size of the product in talk is its size, never a count ----------

@pytest.mark.parametrize("messages, lines", [
    # the product's price was just given for its 250 g size: "give me the 250"
    (("ch7al amlou 250", "ok 3tini 250"), {"AMLOU-250": 1}),
    # size then count, in one message or as the answer to "which one?"
    (("bghit amlou 250 jouj",), {"AMLOU-250": 2}),
    (("bghit amlou", "250 jouj"), {"AMLOU-250": 2}),
    (("bghit amlou", "ok 3tini 250 jouj"), {"AMLOU-250": 2}),
    (("بغيت أملو 250 جوج",), {"AMLOU-250": 2}),
    # "zid 250" with the 500 ml in the basket: the 250 ml too
    (("bghit zit argan lmakla 500", "zid 250"), {"ARGAN-ALIM-500": 1, "ARGAN-ALIM-250": 1}),
])
def test_a_bare_size_number_is_the_size(messages, lines):
    """"ok 3tini 250" after the 250 g's price put 50 amlou in the basket (250 read as a count,
    capped at 50): a wrong parcel of 3000 DH."""
    assert chat_after(*messages).cart == lines


def test_a_size_then_a_count_after_an_out_of_stock_offer():
    chat = chat_after("wach kayn ma lward 500?", "ok 3tini 250 jouj",
                      products=catalog("catalog_cosmetique.csv"))
    assert chat.cart == {"MA-LWARD-250": 2}


@pytest.mark.parametrize("second", ["n9es l 250", "la l 250"])
def test_a_size_number_after_a_change_word_is_never_a_count(second):
    chat = chat_after("bghit zit argan lmakla 500", second)
    assert all(qty < 10 for qty in chat.cart.values())


# -- "keep only X": the other lines go --------------------------------------------------------

@pytest.mark.parametrize("keep", ["khlli ghir amlou", "خلي غير أملو", "la ghir amlou",
                                  "gardez seulement l amlou", "only the amlou"])
def test_keep_only_a_basket_product(keep):
    """"khlli ghir amlou" with amlou and argan oil in the basket asked which amlou, then the
    order was placed with both lines (a wrong parcel)."""
    chat = chat_after("bghit 3 amlou kbar w 2 zit argan dyal cheveux 100", keep)
    assert chat.cart == {"AMLOU-500": 3}
    assert chat.conv["data"]["queue"] == []


# -- a price question at "which one?" is answered, and chooses nothing ------------------------

def test_how_much_is_the_kilo_at_which_one_is_a_price_question():
    """"chhal kilo" at "which thyme honey?" chose the kilo and asked how many; after "ok
    3tini nss kilo" the kilo's "how many?" stayed, and "safi" put a kilo in the basket too."""
    chat = chat_after("bghit 3sel", "zaatar")
    reply = chat.send("chhal kilo")
    assert "220" in reply and chat.cart == {}
    chat.send("ok 3tini nss kilo")
    assert chat.cart == {"MIEL-THYM-500": 1}
    chat.send("safi")
    assert chat.cart == {"MIEL-THYM-500": 1}


# -- a line with no product word takes the one before it ---------------------------------------

@pytest.mark.parametrize("text, lines", [
    ("bghit zit argan dyal lmakla 250ml jouj w dyal cheveux 100 wa7ed",
     {"ARGAN-ALIM-250": 2, "ARGAN-COSM-100": 1}),
    ("bghit jouj zit argan dyal lmakla 250 w wa7ed dyal cheveux 100",
     {"ARGAN-ALIM-250": 2, "ARGAN-COSM-100": 1}),
])
def test_a_kind_without_its_product_word_is_of_the_product_before(text, lines):
    """The second line ("w dyal cheveux 100 wa7ed": and one of the hair one, 100) was asked
    about, then dropped at checkout: the parcel lacked it."""
    chat = chat_after(text)
    assert chat.cart == lines


# -- a correction while another question is open keeps both -----------------------------------

def test_a_size_change_while_another_product_is_asked_about():
    """"la bdel amlou l sghar" while the olive oil's "which one?" was open added a small
    amlou to the two big ones, and the olive oil was forgotten without a word."""
    chat = chat_after("slm bghit 2 amlou kbar w wa7ed zit beldia", "la bdel amlou l sghar")
    assert chat.cart == {"AMLOU-250": 2}
    assert [q["type"] for q in chat.conv["data"]["queue"]] == ["choice"]


# -- the product a cooperative calls by the bare word -----------------------------------------

@pytest.mark.parametrize("text, lines", [
    ("slm bghit 2 kilo kharroub", {"KHR-POUDRE-1KG": 2}),
    ("salam, bghit kilo dyal kharroub", {"KHR-POUDRE-1KG": 1}),
    ("bghit wa7ed kharroub dyal kilo w jouj 9ahwa kharroub",
     {"KHR-POUDRE-1KG": 1, "KHR-CAFE-250": 2}),
])
def test_the_bare_word_is_the_product_whose_alias_it_is(text, lines):
    """"kharroub" is the powder's alias; the pods are "kharroub 7ab", the coffee "9ahwa dyal
    kharroub": asked which of the powder and the pods, the order was lost."""
    chat = chat_after(text, products=catalog("catalog_r9ary_kharroub.csv"))
    assert chat.cart == lines


@pytest.mark.parametrize("text, csv, asked", [
    ("بغيت جوج باكيات ديال المسمن", "catalog_r7mix_ftour.csv", {"MSEMEN-NAT-10", "MSEMEN-FARCI-6"}),
    ("bghit 2 sanouj", "catalog_r7ary_a3chab.csv", {"HB-01", "HB-02"}),
    ("bghit 2 amlou", "catalog_dattes.csv",
     {"AMLOU-AMANDE-250", "AMLOU-CACAH-250", "AMLOU-AMANDE-500"}),
])
def test_a_kind_said_with_the_bare_word_keeps_the_question(text, csv, asked):
    """"msemen m3amer" (stuffed), "zit sanouj" (its oil), "amlou kawkaw" (peanut) are kinds a
    customer says when one is meant: the bare word still asks which."""
    chat = chat_after(text, products=catalog(csv))
    assert chat.cart == {} and set(chat.conv["data"]["queue"][0]["candidates"]) == asked


@pytest.mark.parametrize("text, lines", [
    ("I need 500g of cumin", {"EP-CUMIN-RECH-500": 1}),
    ("2 ras el hanout 250g", {"EP-RAS-250": 2}),
])
def test_the_bare_word_and_a_size_only_another_form_has(text, lines):
    """"cumin" is the pots' alias, "cumin refill" the 500 g refill's: 500 g is the refill."""
    assert chat_after(text, products=catalog("catalog_r9en_epices.csv")).cart == lines


# -- the address is what is left once the name, the city and the little words are out ---------

@pytest.mark.parametrize("messages, address", [
    (("smiti Nora", "ana f rbat"), None),
    (("smiti Fatima", "ana f mrrakch, hay daoudiat zanqa 5 raqm 22"),
     "hay daoudiat zanqa 5 raqm 22"),
    (("سميتي خديجة من أكادير حي الداخلة زنقة 9 رقم 30",), "حي الداخلة زنقة 9 رقم 30"),
    (("سميتي فاطمة الزهراء، الدار البيضاء، حي المعاريف زنقة 12 رقم 5",),
     "حي المعاريف زنقة 12 رقم 5"),
    (("nom: said benali ville: oujda adresse: hay al qods rue 7 n 10",),
     "hay al qods rue 7 n 10"),
    (("Hind, tanja, bni makada zanqa 30 raqm 8",), "bni makada zanqa 30 raqm 8"),
])
def test_no_filler_word_is_left_in_the_address(messages, address):
    """"ana f rbat" (I am in Rabat) showed the summary with the address "ana"."""
    chat = chat_after("bghit 1 amlou sghir", "safi", *messages)
    assert details(chat).get("address") == address


@pytest.mark.parametrize("text", ["Omar Tazi tetouan", "Amine, fes, zouagha"])
def test_the_name_is_never_the_address(text):
    """Name and city sent while the basket was shown: the name was copied as the address."""
    chat = chat_after("bghit 1 amlou sghir", text)
    assert "Omar" not in (details(chat).get("address") or "")
    assert "Amine" not in (details(chat).get("address") or "")


# -- words that close the basket, as typed in SMS and Darija -----------------------------------

@pytest.mark.parametrize("done", ["c tt", "c bn", "cest tout merci", "khlas",
                                  "hadchi li kayn, choukran"])
def test_that_is_all_in_sms_spellings(done):
    chat = chat_after("bghit 1 amlou sghir", done)
    assert chat.state == "ask_name" and chat.cart == {"AMLOU-250": 1}


@pytest.mark.parametrize("same", ["w nfs lhaja mn ghassoul", "و نفس الحاجة ديال الغاسول"])
def test_the_same_thing_of_another_product(same):
    """"nfs lhaja" (the same thing) asked how many, and "safi" then put one, not two."""
    assert chat_after("bghit 2 sabon beldi", same).cart == {"SAVON-NOIR-250": 2,
                                                            "GHASSOUL-200": 2}


# -- at "which one?", a kind narrows the products asked about ----------------------------------

def test_a_kind_at_which_one_narrows_the_options():
    """"bghit amlou" — "dyal louz" (the almond one) took the almonds as a new product: the
    order was placed with two bags of almonds and no amlou."""
    chat = chat_after("bghit amlou", "dyal louz", products=catalog("catalog_dattes.csv"))
    assert chat.cart == {}
    assert chat.conv["data"]["queue"][0]["candidates"] == ["AMLOU-AMANDE-250",
                                                           "AMLOU-AMANDE-500"]
    chat.send("kbir")
    chat.send("jouj")
    assert chat.cart == {"AMLOU-AMANDE-500": 2}


def test_a_city_without_its_accent_in_details_sent_with_the_basket():
    """"sale" (Salé as typed on a phone) was read after "safi" but not with the basket shown:
    the customer was asked which city."""
    chat = chat_after("bghit 1 amlou sghir", "Younes, sale, hay chmaou zanqa 1")
    assert details(chat).get("city") == "Salé" and chat.state == "confirm"


# -- "how many?" for several products, answered for all at once --------------------------------

@pytest.mark.parametrize("first, answer, csv, lines", [
    ("bghit kohl w savon rose", "jouj jouj", "catalog_souk.csv",
     {"KOHL-10": 2, "SAVON-ROSE-100": 2}),
    ("بغيت الكحل و صابون الورد", "جوج جوج", "catalog_souk.csv",
     {"KOHL-10": 2, "SAVON-ROSE-100": 2}),
    ("bghit k7ol w 7enna", "wa7ed mn kol wa7da", "catalog_cosmetique.csv",
     {"KHOL-ITHMID": 1, "HENNE-100": 1}),
    ("bghit 3sel daghmous w 3sel sedra", "wa7ed wa7ed", "catalog_zitmiel.csv",
     {"MIEL-DAGHMOUS-500": 1, "MIEL-SIDR-500": 1}),
])
def test_a_count_for_each_answers_every_how_many(first, answer, csv, lines):
    """"jouj jouj" (two of each) set the first product only; "safi" then put one of the
    second in the basket: the parcel had one rose soap instead of two."""
    chat = chat_after(first, answer, products=catalog(csv))
    assert chat.cart == lines and chat.conv["data"]["queue"] == []


# -- a city's name right after a street word is the street's ----------------------------------

@pytest.mark.parametrize("messages", [
    ("Nora, fes, route sefrou km 3",),
    ("Nora", "fes", "hay saada", "route sefrou km 3"),
    ("Nora, fes, hay saada", "route sefrou km 3"),
])
def test_a_city_name_after_a_street_word_is_the_street(messages):
    """"route sefrou km 3" (the Sefrou road, in Fès) sent at the summary moved the order to
    Sefrou with the address "km 3"."""
    chat = chat_after("bghit 1 amlou sghir", "safi", *messages)
    assert details(chat).get("city") == "Fès"
    assert details(chat).get("address") == "route sefrou km 3"


# -- ordinals as typed in Darija ----------------------------------------------------------------

@pytest.mark.parametrize("pick, lines", [("lwla", {"MIEL-THYM-500": 2}),
                                         ("l2owla", {"MIEL-THYM-500": 2}),
                                         ("tanya", {"MIEL-THYM-1KG": 2})])
def test_the_first_and_the_second_in_darija(pick, lines):
    assert chat_after("bghit jouj 3sel zaatar", pick).cart == lines


# -- "not the same as last time": what is given replaces, the rest stays ----------------------

@pytest.mark.parametrize("answer, field, value", [
    ("la, l3onwan tbdl: agdal zanqa 9 n 1", "address", "agdal zanqa 9 n 1"),
    ("لا، العنوان تبدل: حي أكدال زنقة 9 رقم 1", "address", "حي أكدال زنقة 9 رقم 1"),
    ("non, nouvelle adresse: agdal rue 9 n 1", "address", "agdal rue 9 n 1"),
])
def test_a_new_address_instead_of_the_saved_one(answer, field, value):
    """"la, l3onwan tbdl: …" at "same as last time?" dropped the new address and asked name,
    city and address all over again."""
    saved = {"name": "Omar Alami", "city": "Rabat", "address": "hay hassan zanqa 3 n 2"}
    chat = chat_after("bghit 3sel daghmous kilo", "safi", customer=saved)
    assert chat.state == "offer_saved"
    chat.send(answer)
    assert chat.state == "confirm"
    assert details(chat)[field] == value
    assert details(chat)["name"] == "Omar Alami" and details(chat)["city"] == "Rabat"


def test_a_labelled_city_then_a_labelled_address():
    """"Ville : Kénitra" showed the summary with the address "Ville"; "Adresse : …" then
    kept its label in the address."""
    chat = chat_after("bghit 1 amlou sghir", "safi", "Meriem Fassi", "Ville : Kénitra")
    assert chat.state == "ask_address" and "address" not in details(chat)
    chat.send("Adresse : Bir Rami Est, rue 12 n°8")
    assert details(chat)["address"] == "Bir Rami Est, rue 12 n°8"


# -- details typed as in an SMS: small letters, no commas, "sf" ---------------------------------

@pytest.mark.parametrize("messages, state, name", [
    (("sf",), "ask_name", None),
    (("youssef alami",), "ask_city", "youssef alami"),
    (("karima rabat hay nahda 2 rue 40 n 5",), "confirm", "karima"),
])
def test_details_typed_in_small_letters(messages, state, name):
    """"sf" (safi) and a full name in small letters at "anything else? if not, your name…"
    were not understood; "karima rabat hay nahda 2 rue 40 n 5" kept the city and the address and
    asked the name again."""
    chat = chat_after("bghit 1 amlou sghir", *messages)
    assert chat.state == state and details(chat).get("name") == name
    assert chat.cart == {"AMLOU-250": 1}
