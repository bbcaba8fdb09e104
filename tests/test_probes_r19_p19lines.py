"""Darija orders of several lines (nineteenth round, "lines"): long messages naming several
products, sizes and counts, in Latin letters and Arabic script; each general rule with the
conversation that showed it, on the demo catalog, a corpus cooperative and a fresh sheet (a
honey and oil shop whose sidr honey comes only by the kilo and its olive oil only by the litre).
"""

from pathlib import Path

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).resolve().parent / "data"
NAHLA = read_csv(DATA / "catalog_r19_p19lines_nahla.csv")
ARABIC = read_csv(DATA / "catalog_arabic.csv")


def _chat(products, *messages):
    return chat_after(*messages, **({"products": products} if products else {}))


# -- "each" said after the last of several lines counts the measured ones too ----------------
# "bghit l3sel zaatar kilo w amlou kbir kol wa7ed jouj" gave one kilo of honey and two big
# amlou: a line said with a bare unit ("kilo"), beside a line counted "each", is counted too.

@pytest.mark.parametrize("products, message, cart", [
    (None, "bghit l3sel zaatar kilo w amlou kbir kol wa7ed jouj",
     {"MIEL-THYM-1KG": 2, "AMLOU-500": 2}),
    (None, "bghit l3sel zaatar kilo w amlou kbir jouj mn kol wa7ed",
     {"MIEL-THYM-1KG": 2, "AMLOU-500": 2}),
    (None, "بغيت عسل الزعتر كيلو و أملو كبير كل واحد جوج",
     {"MIEL-THYM-1KG": 2, "AMLOU-500": 2}),
    (None, "I want thyme honey kilo and big amlou, 2 each",
     {"MIEL-THYM-1KG": 2, "AMLOU-500": 2}),
    (NAHLA, "bghit amlou kbir w 3sel sedra kilo kol wa7ed 3",
     {"AMLOU-500": 3, "SIDR-1KG": 3}),
])
def test_each_counts_a_line_said_with_its_unit_alone(products, message, cart):
    assert _chat(products, message).cart == cart


# -- "b7al b7al" (alike) is "each" --------------------------------------------------------------

@pytest.mark.parametrize("products, messages, cart", [
    (None, ["bghit zit argan dyal cheveux 100ml w dyal lmakla 250ml", "b7al b7al jouj"],
     {"ARGAN-COSM-100": 2, "ARGAN-ALIM-250": 2}),
    (None, ["bghit 3sel zaatar kilo w amlou kbir w ghassoul b7al b7al jouj"],
     {"MIEL-THYM-1KG": 2, "AMLOU-500": 2, "GHASSOUL-200": 2}),
    (NAHLA, ["بغيت تمر كيلو وكسكس كيلو جوج بحال بحال"], {"DATTES-1KG": 2, "COUSCOUS-1KG": 2}),
])
def test_alike_is_each(products, messages, cart):
    assert _chat(products, *messages).cart == cart


def test_alike_with_no_count_is_one_each():
    assert _chat(NAHLA, "bghit tmer kilo w belboula kilo b7al b7al").cart == {
        "DATTES-1KG": 1, "COUSCOUS-1KG": 1}


# -- a count said after the product, running into "dyal <size>", announces nothing -------------
# "bghit 3sel zaatar jouj dyal kilo w wa7ed dyal nos" was one kilo and one half: the "dyal kilo"
# read as "one kilo" made the two a total the sizes shared out.

@pytest.mark.parametrize("products, messages, cart", [
    (None, ["bghit 3sel zaatar jouj dyal kilo w wa7ed dyal nos"],
     {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    (None, ["bghit 3sel zaatar", "jouj dyal kilo w wa7ed dyal nos"],
     {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    (None, ["je veux du miel de thym", "deux de 1kg et un de 500g"],
     {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    (None, ["بغيت عسل الزعتر", "جوج ديال كيلو و واحد ديال نص"],
     {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    (NAHLA, ["bghit amlou tlata dyal 250 w wa7ed dyal 500"], {"AMLOU-250": 3, "AMLOU-500": 1}),
])
def test_a_count_before_dyal_size_is_that_sizes_own(products, messages, cart):
    assert _chat(products, *messages).cart == cart


@pytest.mark.parametrize("message, cart", [
    # a count that does announce the sizes still does
    ("bghit 3sel zaatar tlata: jouj kilo w wa7ed nos kilo",
     {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    ("bghit tlata 3sel zaatar: jouj kilo w wa7ed nos kilo",
     {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}),
    ("bghit amlou jouj wa7ed sghir w wa7ed kbir", {"AMLOU-250": 1, "AMLOU-500": 1}),
])
def test_a_count_announcing_sizes_still_does(message, cart):
    assert _chat(None, message).cart == cart


# -- a second size of the same product, one it does not come in, is asked about ----------------
# "bghit zit zitoun wa7ed litre w wa7ed nos litre" with no half litre of olive oil put a 500 ml
# argan oil in the basket; "عسل السدر … ونص كيلو" with no half kilo of sidr, the thyme honey.

@pytest.mark.parametrize("products, message, kept", [
    (NAHLA, "bghit zit zitoun wa7ed litre w wa7ed nos litre", {"OLIVE-1L": 1}),
    (NAHLA, "bghit 3sel sedra jouj dyal kilo w wa7ed dyal nos", {"SIDR-1KG": 2}),
    (NAHLA, "بغيت جوج ديال السدر وحدة كيلو ووحدة نص كيلو", {"SIDR-1KG": 1}),
    (ARABIC, "بغيت عسل السدر جوج ديال كيلو و واحد ديال نص", {"ASL-SDR-1": 2}),
    (None, "bghit zit beldia wa7ed litre w wa7ed nos litre", {"OLIVE-1L": 1}),
])
def test_a_size_the_product_lacks_is_no_other_product(products, message, kept):
    chat = _chat(products, message)
    assert chat.cart == kept                    # no product of another kind in that size
    asked = chat.conv["data"]["queue"]
    assert asked and asked[0].get("unmade")     # and the size said is asked about, not lost


# -- the count said "each" after the last line's size is every line's, never that size ----------
# "bghit amlou kbir w zit beldia 5 litre kol wa7ed jouj" gave twenty jars of amlou (ten litres
# of it) and "ghassoul w 3sel zaatar kilo kol wa7ed jouj" ten bags of ghassoul: the size after
# the last product is its own; the uncounted lines before take the count only.

@pytest.mark.parametrize("products, message, cart", [
    (None, "bghit amlou kbir w zit beldia 5 litre kol wa7ed jouj", {"AMLOU-500": 2, "OLIVE-5L": 2}),
    (None, "bghit ghassoul w 3sel zaatar kilo kol wa7ed jouj",
     {"GHASSOUL-200": 2, "MIEL-THYM-1KG": 2}),
    (NAHLA, "bghit amlou kbir w tmer 1kg, 2 de chaque", {"AMLOU-500": 2, "DATTES-1KG": 2}),
    (NAHLA, "بغيت أملو كبير و التمر كيلو كل واحد جوج", {"AMLOU-500": 2, "DATTES-1KG": 2}),
])
def test_each_after_the_last_size_is_no_size_of_the_others(products, message, cart):
    assert _chat(products, message).cart == cart


def test_a_measure_said_with_each_is_still_every_ones():
    # "1 kg chacun": the measure is said with "each", so it is every product's
    assert _chat(None, "je veux du ghassoul et du couscous, 1 kg chacun").cart == {
        "GHASSOUL-200": 5, "COUSCOUS-ORGE-1KG": 1}


# -- "ghalat" (my mistake) with a count, while ordering, corrects the basket -------------------
# "bghit 2 3sel zaatar nos kilo" — "ghalat, bghit 3" answered the returns policy and kept two
# jars: "ghalat" is also a word of a wrong parcel received, but with a basket and a count it
# corrects the line.

@pytest.mark.parametrize("products, messages, cart", [
    (None, ["bghit 2 3sel zaatar nos kilo", "ghalat, bghit 3"], {"MIEL-THYM-500": 3}),
    (None, ["bghit 2 3sel zaatar nos kilo", "ghalta, bghit 3"], {"MIEL-THYM-500": 3}),
    (None, ["bghit 2 3sel zaatar nos kilo", "ghalat, bghit 3 machi 2"], {"MIEL-THYM-500": 3}),
    (NAHLA, ["bghit tmer kilo w jouj amlou sghar", "ghalat, amlou wa7ed bark"],
     {"DATTES-1KG": 1, "AMLOU-250": 1}),
])
def test_my_mistake_with_a_count_corrects_the_basket(products, messages, cart):
    chat = _chat(products, *messages)
    assert chat.cart == cart
    assert chat.last.topic != "returns"         # no returns policy


def test_a_returns_question_while_ordering_is_still_answered():
    chat = _chat(None, "bghit 3sel zaatar kilo", "ila jatni ghalta nqdr nrddha?")
    assert chat.cart == {"MIEL-THYM-1KG": 1}
    assert chat.last.topic == "returns"


# -- a measure said with "each" after lines with their own measure, for the uncounted ones ------
# "بغيت زيت الزيتون لتر و كسكس الشعير و الذرة كل واحد كيلو" asked how much barley couscous:
# the kilo "each" is every uncounted line's; a line with its own measure (the litre) keeps it.

BELDI = read_csv(DATA / "catalog_beldi_ar.csv")
TAFILALET = read_csv(DATA / "catalog_tafilalet.csv")


@pytest.mark.parametrize("products, message, cart", [
    (BELDI, "بغيت زيت الزيتون لتر و كسكس الشعير و الذرة كل واحد كيلو",
     {"ZIT-1L": 1, "KSK-SHAIR": 1, "KSK-DRA": 1}),
    (TAFILALET, "bghit tmer majhoul nos kilo w belboula w baddaz kol wa7ed 2 kilo",
     {"DATTES-MAJ-500": 1, "CC-ORGE-1KG": 2, "CC-MAIS-1KG": 2}),
    (NAHLA, "bghit zit zitoun litre w tmer w belboula kol wa7ed kilo",
     {"OLIVE-1L": 1, "DATTES-1KG": 1, "COUSCOUS-1KG": 1}),
])
def test_a_measure_each_goes_to_the_uncounted_lines(products, message, cart):
    chat = _chat(products, message)
    assert chat.cart == cart
    assert not chat.conv["data"]["queue"]


# -- a "which one?" asked behind another is answered by a counted line of one of its options ---
# "bghit 3sel w amlou" — which honey? — "zaatar kilo w amlou sghir jouj" put both in, then asked
# "which amlou?" again (a number then would be read as a pick of it).

@pytest.mark.parametrize("products, messages, cart", [
    (None, ["bghit 3sel w amlou", "zaatar kilo w amlou sghir jouj"],
     {"MIEL-THYM-1KG": 1, "AMLOU-250": 2}),
    (None, ["bghit 3sel zaatar w daghmous", "zaatar kilo w daghmous nos"],
     {"MIEL-THYM-1KG": 1, "MIEL-EUPH-500": 1}),
    (None, ["بغيت العسل و أملو", "عسل الزعتر كيلو و أملو صغير جوج"],
     {"MIEL-THYM-1KG": 1, "AMLOU-250": 2}),
    (NAHLA, ["bghit zit argan w amlou", "argan 250 w amlou kbir wa7ed"],
     {"ARGAN-250": 1, "AMLOU-500": 1}),
])
def test_a_choice_behind_answered_by_a_counted_line(products, messages, cart):
    chat = _chat(products, *messages)
    assert chat.cart == cart
    assert not chat.conv["data"]["queue"]


def test_a_choice_with_its_own_count_is_not_answered_by_another_count():
    # "2 amlou" asked which: one small amlou said later is not the two asked about
    chat = _chat(None, "bghit 3sel w jouj amlou", "zaatar kilo w amlou sghir wa7ed")
    assert chat.cart == {"MIEL-THYM-1KG": 1, "AMLOU-250": 1}
    assert chat.conv["data"]["queue"]


# -- "remove one and add …": the count comes off the line just touched --------------------------
# "bghit 3 ghassoul" — "7ayed wa7ed w zid jouj amlou sghar" kept three ghassoul beside the
# amlou; "na9es wa7ed w zid amlou sghir" lost both the removal and the amlou's line.

@pytest.mark.parametrize("products, messages, cart", [
    (None, ["bghit 3 ghassoul", "7ayed wa7ed w zid jouj amlou sghar"],
     {"GHASSOUL-200": 2, "AMLOU-250": 2}),
    (None, ["bghit 3 ghassoul", "enlevez un et ajoutez un amlou 250g"],
     {"GHASSOUL-200": 2, "AMLOU-250": 1}),
    (None, ["bghit 3 ghassoul", "remove one and add a small amlou"],
     {"GHASSOUL-200": 2, "AMLOU-250": 1}),
    (ARABIC, ["بغيت 3 كسكس", "نقص واحد و زيد تمر كيلو"], {"KSK-1": 2, "TMR-1": 1}),
    (NAHLA, ["bghit 2 zit zitoun", "na9es wa7ed w zid amlou kbir wa7ed"],
     {"OLIVE-1L": 1, "AMLOU-500": 1}),
])
def test_a_count_removed_then_more_added(products, messages, cart):
    assert _chat(products, *messages).cart == cart


def test_a_count_removed_then_a_product_with_no_count_asks_it():
    chat = _chat(None, "bghit 3 ghassoul", "na9es wa7ed w zid amlou sghir")
    assert chat.cart == {"GHASSOUL-200": 2}
    assert chat.conv["data"]["queue"][0] == {"type": "qty", "sku": "AMLOU-250"}


# -- "how many?" answered by a bare count, then "and" and other products -------------------------
# "bghit ghassoul" — how many? — "jouj, w zid 3 sabon beldi" put the soaps in and asked how many
# ghassoul again: the count answers the question, the rest is the new lines.

@pytest.mark.parametrize("products, messages, cart", [
    (None, ["bghit ghassoul", "jouj, w zid 3 sabon beldi"],
     {"GHASSOUL-200": 2, "SAVON-NOIR-250": 3}),
    (None, ["bghit ghassoul", "jouj w 3 sabon beldi"], {"GHASSOUL-200": 2, "SAVON-NOIR-250": 3}),
    (None, ["بغيت الغاسول", "جوج و زيد تلاتة صابون بلدي"],
     {"GHASSOUL-200": 2, "SAVON-NOIR-250": 3}),
    (None, ["I want ghassoul", "2 and add 3 black soaps"],
     {"GHASSOUL-200": 2, "SAVON-NOIR-250": 3}),
    (NAHLA, ["bghit tmer", "3 w zid amlou kbir wa7ed"], {"DATTES-1KG": 3, "AMLOU-500": 1}),
])
def test_a_count_answers_how_many_before_more_lines(products, messages, cart):
    chat = _chat(products, *messages)
    assert chat.cart == cart
    assert not chat.conv["data"]["queue"]


def test_a_measure_before_more_lines_answers_no_count():
    # "jouj kilo" of a product sold in 200 g bags is no count of bags
    chat = _chat(None, "bghit ghassoul", "jouj kilo w zid 3 sabon beldi")
    assert chat.cart == {"SAVON-NOIR-250": 3}
    assert chat.conv["data"]["queue"][0]["sku"] == "GHASSOUL-200"     # still asked


# -- bare counts in a row answer the "how many?" questions in a row ------------------------------
# "bghit ghassoul w sabon beldi w ma lward" — how many ghassoul? — "2 2 1" took two ghassoul and
# asked the soap and the rose water again.

@pytest.mark.parametrize("products, messages, cart", [
    (None, ["bghit ghassoul w sabon beldi w ma lward", "2 2 1"],
     {"GHASSOUL-200": 2, "SAVON-NOIR-250": 2, "EAU-ROSE-250": 1}),
    (None, ["bghit ghassoul w sabon beldi w ma lward", "jouj w jouj w wa7ed"],
     {"GHASSOUL-200": 2, "SAVON-NOIR-250": 2, "EAU-ROSE-250": 1}),
    (None, ["bghit ghassoul w sabon beldi", "2, 3"], {"GHASSOUL-200": 2, "SAVON-NOIR-250": 3}),
    (ARABIC, ["بغيت الكسكس و التمر", "جوج و تلاتة"], {"KSK-1": 2, "TMR-1": 3}),
])
def test_counts_in_a_row_answer_the_questions_in_a_row(products, messages, cart):
    chat = _chat(products, *messages)
    assert chat.cart == cart
    assert not chat.conv["data"]["queue"]


def test_fewer_counts_answer_the_first_questions_and_ask_the_next():
    chat = _chat(None, "bghit ghassoul w sabon beldi w ma lward", "2 3")
    assert chat.cart == {"GHASSOUL-200": 2, "SAVON-NOIR-250": 3}
    assert chat.conv["data"]["queue"] == [{"type": "qty", "sku": "EAU-ROSE-250"}]
