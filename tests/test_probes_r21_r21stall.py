"""Round 21, stalls (r21stall): answers that made the customer repeat, or a wrong kind of
answer. "2 black soaps, the big one" packed one big soap beside two soaps asked again; "bghit
3 sabon beldi" at a soap shop with no black soap listed every soap (and the gift box) instead
of saying so; English "fine couscous" was not the fine kind, nor "the night cream" / "krima
dyal lil" the night cream (and "la crème de nuit" was the one other cream of a sheet without
one); "one of each soap" at "which soap?" asked again; "two of them" at "which one?" repeated
the question word for word; a message typed without spaces ("bghit2amlou250w1zitargan100")
got the welcome; "3 bwatat" (boxes) was no count of boxes."""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from bot.nlu import textnorm as norm
from bot.nlu.grammar import split_glued_figures
from tests.test_conversation import chat_after

DATA = Path(__file__).parent / "data"
HAMMAM = read_csv(DATA / "catalog_r7en_hammam.csv")       # two black soaps: 250 g, 500 g
SAVON = read_csv(DATA / "catalog_r8en_savon.csv")         # soaps, none black, a gift box
SOINS = read_csv(DATA / "catalog_r21_r21stall_soins.csv")     # night, day and hand creams
SAVONS = read_csv(DATA / "catalog_r21_r21stall_savons.csv")   # one cream, no night cream
KESKSOU = read_csv(DATA / "catalog_r16_p16latn_kesksou.csv")  # rqiq (fin), mtwasset, ghlid
KSEKSOU = read_csv(DATA / "catalog_r15_p15ary_kseksou.csv")   # "(couscous fin)", moyen
SMIDA = read_csv(DATA / "catalog_r19_x19lines_smida.csv")     # "Semoule fine"


def _queue(chat):
    return chat.conv["data"].get("queue") or []


# -- "2 black soaps, the big one": which kind of the count, not one more ---------------------

@pytest.mark.parametrize("text, products, cart", [
    ("2 black soaps, the big one", HAMMAM, {"HM-SN-NAT-500": 2}),
    ("i want 2 black soaps, the big one please", HAMMAM, {"HM-SN-NAT-500": 2}),
    ("2 black soaps, the small one", HAMMAM, {"HM-SN-EUC-250": 2}),
    ("3 black soaps, the 500g one", SOINS, {"SV-NOIR-500": 3}),
    ("2 black soaps, the big one and 1 kessa", HAMMAM, {"HM-SN-NAT-500": 2, "HM-KESSA": 1}),
])
def test_the_size_one_after_a_count_says_which_kind_of_it(text, products, cart):
    chat = chat_after(text, products=products)
    assert chat.cart == cart, (text, chat.cart)
    assert not _queue(chat), text
    # (as it was: a count and "the small one" of a product of two sizes)
    assert chat_after("i want 2 amlou, the small one").cart == {"AMLOU-250": 2}


# -- a black soap where none is sold: said so, not every soap listed ---------------------------

@pytest.mark.parametrize("text", [
    "bghit 3 sabon beldi", "i want 3 black soaps", "je veux 3 savons noirs",
    "بغيت 3 صابون بلدي", "bghit 2 sabon beldi 250g",
])
def test_a_black_soap_where_none_is_sold_is_told_not_asked_among_all_soaps(text):
    chat = chat_after(text, products=SAVON)
    assert chat.cart == {}
    assert not any(q.get("type") == "choice" for q in _queue(chat)), _queue(chat)
    assert "COF-6" not in str(_queue(chat))
    reply = " ".join(chat.last.replies)
    assert "Savon à l'huile d'argan" in reply       # the soaps there are, offered
    assert "Coffret" not in reply


def test_a_black_soap_where_two_are_sold_is_still_asked_and_a_plain_soap_lists_all():
    chat = chat_after("bghit 3 sabon beldi", products=HAMMAM)
    assert set(_queue(chat)[0]["candidates"]) == {"HM-SN-EUC-250", "HM-SN-NAT-500"}
    chat = chat_after("bghit 3 sabon beldi", "2", products=HAMMAM)
    assert chat.cart == {"HM-SN-NAT-500": 3}
    chat = chat_after("i want 2 black soaps", products=SAVONS)
    assert chat.cart == {} and "black soap" in " ".join(chat.last.replies)
    chat = chat_after("bghit sabon", products=SAVON)       # every soap, the gift box too
    assert "COF-6" in _queue(chat)[0]["candidates"]
    # and the kind is still one: the black soap of a sheet sold as "Savon beldi"
    chat = chat_after("i want 2 black soaps, the big one", products=SOINS)
    assert chat.cart == {"SV-NOIR-500": 2}


# -- English "fine": the fine couscous, the fine semolina --------------------------------------

@pytest.mark.parametrize("text, products, cart", [
    ("I want 2 kg of fine couscous", KESKSOU, {"KSK-RQIQ-1KG": 2}),
    ("couscous fine 2kg", KESKSOU, {"KSK-RQIQ-1KG": 2}),
    ("i'd like 5kg of fine couscous", KSEKSOU, {"KSK-FIN-5KG": 1}),
])
def test_fine_in_english_is_the_fine_kind(text, products, cart):
    chat = chat_after(text, products=products)
    assert chat.cart == cart, (text, chat.cart)


def test_fine_alone_is_still_ok_and_fin_still_the_sheets_word():
    assert chat_after("couscous fine 1kg x2", products=KESKSOU).cart == {"KSK-RQIQ-1KG": 2}
    assert chat_after("I want 2 kg of fine semolina", products=SMIDA).cart == {
        "SMIDA-FINE-1KG": 2}
    chat = chat_after("fine, 2 kg of medium couscous", products=KESKSOU)
    assert chat.cart == {"KSK-MTWASSET-1KG": 2} and not _queue(chat)
    chat = chat_after("je veux 2 kg de couscous fin", products=KESKSOU)
    assert chat.cart == {"KSK-RQIQ-1KG": 2}
    chat = chat_after("I want 2 kg of fine couscous", products=SAVON)
    assert chat.cart == {}


# -- the night cream, the day cream, in every language -----------------------------------------

@pytest.mark.parametrize("text", [
    "i want the night cream", "bghit krima dyal lil", "بغيت كريمة ديال الليل",
    "I'd like a night cream",
])
def test_the_night_cream_is_named_in_every_language(text):
    chat = chat_after(text, "1", products=SOINS)
    assert chat.cart == {"CR-NUIT-50": 1}, (text, chat.cart)


def test_the_day_cream_and_no_night_cream_where_none_is_sold():
    assert chat_after("je veux la crème de nuit", "1", products=SOINS).cart == {"CR-NUIT-50": 1}
    assert chat_after("bghit jouj krima dyal nhar", products=SOINS).cart == {"CR-JOUR-50": 2}
    assert chat_after("i want 2 day creams", products=SOINS).cart == {"CR-JOUR-50": 2}
    for text in ("je veux la crème de nuit", "i want 2 night creams"):
        chat = chat_after(text, products=SAVONS)      # its one cream is no night cream
        assert chat.cart == {}, text
        assert "CR-HYD-50" not in str(_queue(chat)), text
        assert "nuit" in " ".join(chat.last.replies) or "night" in " ".join(chat.last.replies)


# -- "one of each soap" at "which soap?": every row listed -------------------------------------

@pytest.mark.parametrize("first, each", [
    ("bghit sabon", "one of each soap"),
    ("i want soap", "wa7ed mn kol sabon"),
    ("je veux du savon", "un de chaque savon"),
    ("بغيت الصابون", "واحد من كل صابون"),
])
def test_one_of_each_with_the_product_word_takes_every_row_listed(first, each):
    chat = chat_after(first, each, products=SAVON)
    assert chat.cart == {"SAV-ARGAN": 1, "SAV-ROSE": 1, "SAV-MIEL": 1, "SAV-LAV": 1,
                         "SAV-OLIVE": 1, "COF-6": 1}, (each, chat.cart)
    assert "SAV-NILA" not in chat.cart                      # out of stock, never listed


def test_one_of_each_soap_after_which_black_soap_is_of_the_black_soaps():
    chat = chat_after("bghit sabon beldi", "one of each soap", products=HAMMAM)
    assert chat.cart == {"HM-SN-EUC-250": 1, "HM-SN-NAT-500": 1}
    chat = chat_after("i want soap", "2 of each soap", products=SAVON)
    assert set(chat.cart.values()) == {2} and len(chat.cart) == 6


# -- "two of them" at "which one?": the count said back ------------------------------------------

@pytest.mark.parametrize("first, count, said", [
    ("I want the cheapest honey", "two of them", "Noted: 2."),
    ("bghit 3sel zaatar", "jouj menhom", "Wakha, 2."),
])
def test_a_count_at_which_one_is_said_back_and_kept(first, count, said):
    chat = chat_after(first, count)
    assert said in " ".join(chat.last.replies), chat.last.replies
    assert _queue(chat)[0]["type"] == "choice"
    chat.send("1")
    assert list(chat.cart.values()) == [2]


# -- a message typed without spaces -----------------------------------------------------------

@pytest.mark.parametrize("text, cart", [
    ("bghit2amlou250w1zitargan100", {"AMLOU-250": 2, "ARGAN-COSM-100": 1}),
    ("2amlou250", {"AMLOU-250": 2}),
    ("i want2thymehoney1kg", {"MIEL-THYM-1KG": 2}),
    ("je veux 2miel de thym1kg", {"MIEL-THYM-1KG": 2}),
])
def test_a_message_without_spaces_is_read(text, cart):
    chat = chat_after(text)
    assert chat.cart == cart, (text, chat.cart)


@pytest.mark.parametrize("token", [
    "l3sel", "3sel", "ma7al", "wa7ed", "ch7al", "sa3a", "kan3ref", "khli3", "fi9", "3afak",
    "0612345678", "t1042", "2eme", "mo7amed",
])
def test_arabizi_words_phone_numbers_and_references_stay_whole(token):
    assert split_glued_figures(norm.tokens(token)) == norm.tokens(token)


def test_the_pieces_of_a_message_without_spaces():
    assert split_glued_figures(norm.tokens("bghit2kilo3sel")) == ["bghit", "2", "kilo", "3sel"]
    assert split_glued_figures(norm.tokens("amlou250g")) == ["amlou", "250", "g"]


# -- more stalls: boxes counted in Darija -------------------------------------------------------

@pytest.mark.parametrize("first, count, cart", [
    ("bghit safran 1g", "3 bwatat", {"SAFRAN-1G": 3}),
    ("bghit safran 1g", "jouj bwatat 3afak", {"SAFRAN-1G": 2}),
    ("بغيت الزعفران 1g", "جوج بواطات", {"SAFRAN-1G": 2}),
])
def test_bwata_is_a_box(first, count, cart):
    chat = chat_after(first, count)
    assert chat.cart == cart, (count, chat.cart)
    assert chat_after("bghit 3 bwatat ghassoul").cart == {"GHASSOUL-200": 3}
