"""Misses seen when probing whole conversations as Moroccan customers write on WhatsApp, in
Darija in Arabic script and in French or mixed (issue 14, sixteenth round), on fresh catalogs
named in Arabic script or in French (a honey cooperative selling thyme, euphorbia and sidr
honey by 250 g, 500 g and 1 kg; a bakery selling msemen, harcha and batbout by the piece and
the dozen; a dried-fruit shop; a cosmetics shop): each general rule with the messages that
showed it."""

import pytest

from bot.nlu import details as nlu_details
from bot.nlu.parser import parse
from tests.test_conversation import chat_after
from tests.test_probes_r11_darija import catalog

# -- "and" written stuck to a detail's cue word -------------------------------------------


@pytest.mark.parametrize("text, name, city, address", [
    ("بغيت كيلو عسل الزعتر الحر ونص كيلو ديال الدغموس، وسميتي حسناء من القنيطرة حي الخبازات"
     " زنقة 20 رقم 8", "حسناء", "Kénitra", "حي الخبازات زنقة 20 رقم 8"),
    ("بغيت كيلو عسل السدر وسميتي نوال وساكنة فالرباط حي الرياض زنقة 5",
     "نوال", "Rabat", "حي الرياض زنقة 5"),
    ("بغيت كيلو عسل السدر واسمي عادل من فاس وحي النرجس زنقة 3 رقم 7",
     "عادل", "Fès", "حي النرجس زنقة 3 رقم 7"),
    ("bghit kilo zaatar wsmiti Salma mn rabat hay riad zanqa 5", "Salma", "Rabat",
     "hay riad zanqa 5"),
    # a town with a preposition stuck to it ends the name
    ("سميتي نوال فالرباط حي الرياض زنقة 5", "نوال", "Rabat", "حي الرياض زنقة 5"),
    # the "and" before the phone number is no part of the address
    ("سميتي رشيدة، الرباط حي الفتح 3، و النمرة ديالي 0612345678", "رشيدة", "Rabat",
     "حي الفتح 3"),
])
def test_and_stuck_to_a_name_cue_or_a_street_word_reads_as_the_cue(text, name, city, address):
    """"… وسميتي حسناء" addressed the parcel to "وسميتي حسناء"; "… وسميتي نوال وساكنة
    فالرباط …" and "واسمي عادل" asked "your name?" again and again (the answer "ايه" was no
    name): "و" stuck to "سميتي", "اسمي", "حي" is the cue, and neither "وساكنة" (and living)
    nor "فالرباط" (in Rabat) is a word of the name."""
    found = nlu_details.extract(text)
    assert (found.name, found.city, found.address) == (name, city, address)


@pytest.mark.parametrize("text, name", [
    ("سميتي محمد وليد من فاس", "محمد وليد"),
    ("سميتي وئام ومن الرباط", "وئام"),
    ("smiti Walid, casa", "Walid"),
])
def test_names_opening_with_the_letter_of_and_stay_names(text, name):
    assert nlu_details.extract(text).name == name


# -- a count, then how many of each size ----------------------------------------------------

HONEY = "catalog_r16_p16arab_3sel.csv"


def lines(text, catalog_name):
    result = parse(text, catalog(catalog_name))
    return [(i.sku, i.quantity) for i in result.items], [a.candidates for a in result.ambiguous]


@pytest.mark.parametrize("text, expected", [
    ("بغيت جوج ديال السدر وحدة كيلو ووحدة نص كيلو", [("SDR-1K", 1), ("SDR-500", 1)]),
    ("بغيت جوج عسل السدر، واحد كيلو وواحد نص", [("SDR-1K", 1), ("SDR-500", 1)]),
    ("بغيت تلاتة ديال عسل الزعتر: جوج كيلو وواحد نص كيلو", [("ZAT-1K", 2), ("ZAT-500", 1)]),
    ("bghit jouj dyal sidr wa7da kilo w wa7da nos kilo", [("SDR-1K", 1), ("SDR-500", 1)]),
    ("bghit 3 zaatar: 2 kilo w 1 nos kilo", [("ZAT-1K", 2), ("ZAT-500", 1)]),
    ("bghit 4 zaatar: 2 kilo w 1 nos kilo w 1 rb3 kilo",
     [("ZAT-1K", 2), ("ZAT-500", 1), ("ZAT-250", 1)]),
    # counts that do not add up to the first are more of them, as before
    ("bghit 2 zaatar 1 kilo w 2 nos kilo", [("ZAT-1K", 2), ("ZAT-500", 2)]),
    ("bghit 2 kilo zaatar w 1 nos kilo", [("ZAT-1K", 2), ("ZAT-500", 1)]),
    ("bghit jouj dyal sidr 1kg w wa7ed 500g", [("SDR-1K", 2), ("SDR-500", 1)]),   # a size
    ("2 jars of sidr honey, one 1kg and one 500g", [("SDR-1K", 1), ("SDR-500", 1)]),
])
def test_a_count_then_the_counts_of_its_sizes_adding_up_to_it_announces_them(text, expected):
    """"جوج ديال السدر وحدة كيلو ووحدة نص كيلو" (two of sidr: one kilo and one half kilo) put
    two 1 kg jars and a half kilo in the basket, "تلاتة ديال عسل الزعتر: جوج كيلو وواحد نص
    كيلو" six kilos and a half: the first size, with no product word of its own, was read
    into the counted line, and the count multiplied it. Sizes whose counts add up to the
    count said first are the order; the first count announced them."""
    assert lines(text, HONEY) == (expected, [])


# -- a swap's joiner stuck to a kind after another kind -------------------------------------

@pytest.mark.parametrize("text, removed, added", [
    ("لا سمحلي بدل الزعتر بالدغموس", "ZAT", "DGH"),
    ("بدل الزعتر بالسدر", "ZAT", "SDR"),
])
def test_a_kind_swapped_for_a_kind_with_the_joiner_stuck_to_it_swaps(text, removed, added):
    """"بدل الزعتر بالدغموس" at the summary answered "we have no 'الزعتر بالدغموس'" and
    the "yes" after it placed the thyme honey the customer had changed: "ب" stuck to a kind
    after another kind is the joiner of the swap, as it is before a product's own word."""
    chat = chat_after("بغيت جوج عسل الزعتر كيلو", text, products=catalog(HONEY))
    assert [sku[:3] for sku in chat.cart] == [added]
    assert removed not in "".join(chat.cart)


def test_a_kind_stuck_to_the_joiner_after_the_family_word_stays_its_kind():
    chat = chat_after("بغيت عسل كيلو", "بدل العسل بالزعتر", products=catalog(HONEY))
    assert chat.cart == {"ZAT-1K": 1}


# -- each counted, the size said once with "each" -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("بغيت واحد عسل الزعتر و واحد عسل السدر كل واحد كيلو", [("ZAT-1K", 1), ("SDR-1K", 1)]),
    ("bghit wa7ed zaatar w wa7ed sidr kol wa7ed kilo", [("ZAT-1K", 1), ("SDR-1K", 1)]),
    ("je veux 1 miel de thym et 1 miel de sidr, 1kg chacun", [("ZAT-1K", 1), ("SDR-1K", 1)]),
    ("بغيت جوج عسل الزعتر و جوج عسل السدر كل واحد نص كيلو", [("ZAT-500", 2), ("SDR-500", 2)]),
    ("1 thyme honey and 2 sidr honey, 500g each", [("ZAT-500", 1), ("SDR-500", 2)]),
    # "both" is "the two" in Darija, said after a comma
    ("بغيت واحد السدر و واحد الزعتر، الجوج ديال كيلو", [("SDR-1K", 1), ("ZAT-1K", 1)]),
    ("bghit wa7ed sidr w wa7ed zaatar, ljouj dyal kilo", [("SDR-1K", 1), ("ZAT-1K", 1)]),
    ("bghit 2 sidr w 1 zaatar, kol wa7ed nos kilo", [("SDR-500", 2), ("ZAT-500", 1)]),
])
def test_products_counted_then_one_size_for_each_take_that_size(text, expected):
    """"واحد عسل الزعتر و واحد عسل السدر كل واحد كيلو" put the 1 kg sidr and one thyme honey
    of every size in the basket (three jars never asked for): with every product counted,
    the measure said with "each" after the last one is every one's."""
    assert lines(text, HONEY) == (expected, [])


# -- an Arabic sentence's full stop ends a part ----------------------------------------------

def test_an_order_line_before_labelled_details_in_arabic_is_kept():
    """"بغيت عسل الزعتر جوج ديال نص كيلو، والسدر واحد كيلو. الاسم: كوثر. المدينة: مراكش.
    العنوان: المحاميد 9 رقم 44" placed the thyme honey only, to the address "والسدر واحد
    كيلو.. المدينة: مراكش. العنوان: المحاميد 9 رقم 44": a full stop before an Arabic word
    ends a part (Arabic has no capitals to show a new sentence), and the address's label is
    no part of the address."""
    chat = chat_after("بغيت عسل الزعتر جوج ديال نص كيلو، والسدر واحد كيلو. الاسم: كوثر. "
                      "المدينة: مراكش. العنوان: المحاميد 9 رقم 44", products=catalog(HONEY))
    assert chat.cart == {"ZAT-500": 2, "SDR-1K": 1}
    details = chat.conv["data"]["details"]
    assert (details["name"], details["city"], details["address"]) == (
        "كوثر", "Marrakech", "المحاميد 9 رقم 44")


# -- two sizes said at "which one?" ---------------------------------------------------------

@pytest.mark.parametrize("first, answer, cart", [
    ("bghit 3sel dghmous", "kilo w nos", {"DGH-1K": 1, "DGH-500": 1}),
    ("بغيت عسل الدغموس", "كيلو ونص", {"DGH-1K": 1, "DGH-500": 1}),
    ("بغيت عسل الدغموس", "واحد كيلو و واحد نص كيلو", {"DGH-1K": 1, "DGH-500": 1}),
    ("bghit 3sel dghmous", "2 kilo w nos kilo", {"DGH-1K": 2, "DGH-500": 1}),
])
def test_two_sizes_said_at_which_one_answer_it(first, answer, cart):
    """"which euphorbia honey?" — "kilo w nos": both sizes went in the basket and "which
    one?" was asked again, then again at the details, the order never placed."""
    chat = chat_after(first, answer, products=catalog(HONEY))
    assert chat.cart == cart
    assert not chat.conv["data"]["queue"]
    chat.send("smiti Omar, agadir, hay dakhla zanqa 3 raqm 34")
    assert chat.state == "confirm"


# -- dozens in the Arabic plural --------------------------------------------------------------

BAKERY = "catalog_r16_p16arab_ferran.csv"


@pytest.mark.parametrize("text, expected", [
    ("بغيت 3 دزينات ديال المسمن", [("MSM-12", 3)]),
    ("بغيت جوج درزينات ديال الحرشة", [("HRC-12", 2)]),
    ("بغيت تلاتة دزينة ديال المسمن", [("MSM-12", 3)]),
])
def test_dozens_in_the_arabic_plural_are_dozens(text, expected):
    """"بغيت 3 دزينات ديال المسمن" asked "a piece or a dozen?" and asked it again at the
    details, the order never placed: the plural is a dozen word as "dzinat" is."""
    assert lines(text, BAKERY) == (expected, [])


# -- the difference between two sizes asked at "which one?" ---------------------------------

BEAUTY = "catalog_r16_p16arab_beaute.csv"


@pytest.mark.parametrize("question", [
    "شنو الفرق بين 50 و 100؟",
    "chno lfer9 bin 50 w 100?",
    "quelle est la différence entre le 50 et le 100 ?",
    "what's the difference between the 50 and the 100?",
])
def test_the_difference_between_two_sizes_puts_neither_in_the_basket(question):
    """"which argan oil?" — "شنو الفرق بين 50 و 100؟" put the 100 ml in the basket, and "ok
    50" after it made two bottles: sizes compared are asked about, not ordered (the options
    again with their prices)."""
    chat = chat_after("بغيت زيت أركان", question, products=catalog(BEAUTY))
    assert chat.cart == {}
    chat.send("اوكي عطيني 50")
    assert list(chat.cart) in ([], ["ARG-COS-50"])
    assert "ARG-COS-100" not in chat.cart


# -- "only" another product while "which one?" is open ---------------------------------------

DRIED = "catalog_r16_p16arab_fakia.csv"


@pytest.mark.parametrize("first, answer, cart", [
    ("bghit 2 kilo louz w 1 kilo tmer", "la bghit ghir kilo louz", {"LOZ-1K": 1}),
    ("بغيت ٢ كيلو لوز و ١ كيلو تمر", "لا بغيت غير كيلو لوز", {"LOZ-1K": 1}),
    ("بغيت ٢ كيلو لوز و ١ كيلو تمر", "غير اللوز", {"LOZ-1K": 2}),
    ("je veux 2 kg d'amandes et 1 kg de dattes", "non juste 1 kg d'amandes", {"LOZ-1K": 1}),
])
def test_only_another_product_at_which_one_drops_the_question(first, answer, cart):
    """"which dates?" — "لا بغيت غير كيلو لوز" (no, only a kilo of almonds): the almonds
    were set and "which dates?" asked again, at the details too, the order never placed."""
    chat = chat_after(first, answer, products=catalog(DRIED))
    assert chat.cart == cart
    assert not chat.conv["data"]["queue"]


def test_only_the_product_asked_about_still_answers_the_question():
    chat = chat_after("بغيت ٢ كيلو لوز و ١ كيلو تمر", "غير المجهول", products=catalog(DRIED))
    assert chat.cart == {"LOZ-1K": 2, "TMR-MJ-1K": 1}


def test_a_preposition_stuck_to_a_street_word_starts_the_address():
    found = nlu_details.extract("أنا ساكنة فمراكش، فحي الداوديات، زنقة 14 رقم 22، وسميتي خديجة"
                                " بنعلي")
    assert (found.name, found.city, found.address) == (
        "خديجة بنعلي", "Marrakech", "حي الداوديات، زنقة 14 رقم 22")


# -- a small count beside a piece and a dozen -------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("bghit 5 harcha", ([("HRC-1", 5)], [])),
    ("salam bghit 3 msemen w 2 harcha", ([("MSM-1", 3), ("HRC-1", 2)], [])),
    ("بغيت جوج مسمن", ([("MSM-1", 2)], [])),
    # a dozen said is a dozen
    ("bghit 2 dzina batbout", ([("BTB-12", 2)], [])),
    # a dozen word in the message, even misspelt: asked, as before
    ("2 Msemen (مسمن) - la douzine", ([], [("MSM-1", "MSM-12")])),
])
def test_a_small_count_beside_a_piece_and_a_dozen_is_pieces(text, expected):
    """"5 harcha" beside "Harcha la pièce" and "Harcha la douzaine" asked "a piece or a
    dozen?" (and again at the details, the order never placed); ten or six were pieces
    already: a dozen is asked for by its word."""
    assert lines(text, BAKERY) == expected


# -- a half said with no unit; two counts run together ----------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("عطيني زوج دغموس نص", [("DGH-500", 2)]),
    ("bghit jouj daghmous nos", [("DGH-500", 2)]),
    ("بغيت نص سدر", [("SDR-500", 1)]),
    ("bghit rob3 zaatar", [("ZAT-250", 1)]),
    ("بغيت عسل السدر، جوج ديال النص وحدة ديال الكيلو", [("SDR-500", 2), ("SDR-1K", 1)]),
    ("bghit 3sel sidr, jouj dyal nos w wa7da dyal kilo", [("SDR-500", 2), ("SDR-1K", 1)]),
])
def test_a_half_without_its_unit_and_two_counts_run_together(text, expected):
    """"زوج دغموس نص" (two euphorbia, half) asked "which one?" among every size, and again at
    the details; "جوج ديال النص وحدة ديال الكيلو" (two of the half, one of the kilo) put two
    1 kg jars and two half kilos in the basket: a half with no unit of a product sold by
    weight is half a kilo, and a count after a count and its half opens the next line."""
    assert lines(text, HONEY) == (expected, [])


# -- a swap in a later sentence of the same message -------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("بغيت كيلو زعتر وكيلو سدر. لا لا بدل السدر بالدغموس", [("ZAT-1K", 1), ("DGH-1K", 1)]),
    ("بغيت كيلو زعتر وكيلو سدر. لا لا السدر بدلو بالدغموس", [("ZAT-1K", 1), ("DGH-1K", 1)]),
    ("bghit kilo zaatar w kilo sidr. la la, bdel sidr b daghmous", [("ZAT-1K", 1), ("DGH-1K", 1)]),
    ("bghit kilo zaatar w kilo sidr. la la sidr bdlo b daghmous", [("ZAT-1K", 1), ("DGH-1K", 1)]),
])
def test_a_swap_in_a_later_sentence_changes_the_line_it_names(text, expected):
    """"بغيت كيلو زعتر وكيلو سدر. لا لا بدل السدر بالدغموس" (no no, change the sidr for the
    euphorbia) kept the sidr, and "… السدر بدلو بالدغموس" dropped it with the euphorbia ("we
    have no 'السدر بدلو بالدغموس'"): the new product takes the line of the one it replaces."""
    assert lines(text, HONEY) == (expected, [])
