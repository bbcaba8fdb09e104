"""Counts over kinds and sizes (twentieth round, p20kinds). Each general rule with the
conversation that showed it: wrong parcels first."""

import pytest

from bot.catalog import read_csv
from tests.test_conversation import chat_after

# --- "both" + a measure over lines each counted is each line's size, never a third line ---
# "2 amlou and 1 thyme honey 500g, both 500g" gave 3 × thyme honey and 2 × amlou: the
# measure after "both" became a line of its own, borrowed the thyme honey and counted two
# ("bjouj", "les deux" read as the count 2). A "both"/"all" word right before a measure is
# no count, says "each", and a line already counted in a measure so said takes the measure
# said with "both" (the last word), the bare counts take it too.

@pytest.mark.parametrize("said", [
    "2 amlou and 1 thyme honey 500g, both 500g",
    "2 amlou and 1 thyme honey 1kg, both 500g",
    "2 amlou et 1 miel de thym 500g, les deux en 500g",
    "2 amlou et 1 miel de thym, tous les deux en 500g",
    "2 amlou w 1 3sel zaatar 500g, bjouj 500g",
    "2 amlou w 1 3sel zaatar, bjouj 500g",
    "جوج أملو و واحد عسل الزعتر 500g، بجوج 500g",
])
def test_both_and_a_measure_sizes_every_counted_line(said):
    assert chat_after(said).cart == {"AMLOU-500": 2, "MIEL-THYM-500": 1}


# --- a part given its own size: the rest keeps its size, or is asked -----------------------
# "3 thyme honey 500g, make 2 of them 1kg" gave 2 × 1 kg (the 500 g jar lost: "make" made
# the part a setting of the line); "3 miels de thym 500g, dont 2 en 1kg" gave five jars
# ("dont" is the French "of which"); "bghit 3 dyal 3sel zaatar, jouj menhom kilo" gave 6 ×
# 1 kg ("jouj kilo" read as a 2 kg measure counted three times). A count said right after
# or right before an "of them"/"of which" word (wherever the line starts) with a size of its
# own is that part of the line in that size (a bare unit after it is one of that unit each),
# the rest left in the line's size.

@pytest.mark.parametrize("said", [
    "3 thyme honey 500g, make 2 of them 1kg",
    "3 miels de thym 500g, dont 2 en 1kg",
    "3 miels de thym 500g, dont 2 d'un kilo",
    "bghit 3 3sel zaatar nss kilo, menhom jouj kilo",
    "bghit 3 dyal 3sel zaatar nss kilo, jouj menhom kilo",
])
def test_a_part_of_a_sized_count_in_another_size_leaves_the_rest(said):
    assert chat_after(said).cart == {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 2}


# "3 thyme honey, 2 of them 1kg" gave 3 × 1 kg (or one 1 kg: the rest set the line just
# put in to its count): the line said without a size keeps what is left of its count,
# asked which one, and the part is put in.

@pytest.mark.parametrize("said", [
    "3 thyme honey, 2 of them 1kg",
    "3 miels de thym, dont 2 en 1kg",
    "bghit 3 dyal 3sel zaatar, jouj menhom kilo",
    "بغيت 3 ديال عسل الزعتر، جوج منهم كيلو",
])
def test_a_part_of_an_unsized_count_in_a_size_asks_the_rest(said):
    chat = chat_after(said)
    assert chat.cart == {"MIEL-THYM-1KG": 2}
    queue = chat.conv["data"]["queue"]
    assert queue and queue[0]["type"] == "choice" and queue[0]["quantity"] == 1
    assert set(queue[0]["candidates"]) == {"MIEL-THYM-500", "MIEL-THYM-1KG"}
    chat.send("1")
    assert chat.cart == {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}


# --- a part said with no comma before it is still a part ------------------------------------
# "3 amlou de 250g dont 1 en 500g", "3 thyme honey 500g of which 2 1kg", "3 amlou 250g 1 of
# them 500g" gave six jars (or five): with no comma, the part was read as more quantity of
# the line. A count with its "of them"/"of which" word right after the line's product or
# quantity starts a part, as after a comma.

@pytest.mark.parametrize("said, cart", [
    ("3 amlou de 250g dont 1 en 500g", {"AMLOU-250": 2, "AMLOU-500": 1}),
    ("3 amlou 250g 1 of them 500g", {"AMLOU-250": 2, "AMLOU-500": 1}),
    ("3 thyme honey 500g of which 2 1kg", {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 2}),
])
def test_a_part_of_a_count_without_a_comma(said, cart):
    assert chat_after(said).cart == cart


# --- the parts after the first come out of the rest too ------------------------------------
# "4 miels de thym dont 2 en 500g et 2 en 1kg" gave six jars (four 500 g, two 1 kg); once
# the first part is set apart, the parts said after it, each the product again with a size
# of its own, come out of what is left of the count too (none left: no question), and a
# later "of them" is a part of the count, not of the part before it ("4 thyme honey 500g, 2
# of them 1kg and 1 of them euphorbia" gave a euphorbia 1 kg and one thyme 1 kg).

def test_parts_adding_up_to_the_count_leave_no_rest():
    chat = chat_after("4 miels de thym dont 2 en 500g et 2 en 1kg")
    assert chat.cart == {"MIEL-THYM-500": 2, "MIEL-THYM-1KG": 2}
    assert not chat.conv["data"]["queue"]


@pytest.mark.parametrize("said", [
    "4 thyme honey 500g, 2 of them 1kg and 1 of them euphorbia",
    "4 miels de thym 500g, dont 2 en 1kg et 1 d'euphorbe",
])
def test_a_later_part_is_of_the_count(said):
    assert chat_after(said).cart == {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 2, "MIEL-EUPH-500": 1}


# --- "both" before a unit said without a figure --------------------------------------------
# "2 mejhoul w 1 boufgous, bjouj kilo", "2 mejhoul et 1 boufeggous, les deux d'un kilo" gave
# 2 or 3 boufeggous and the mejhoul asked: "both" was read as "each" only before a figure
# and its unit; a number word and a unit, or a unit alone, after it are a measure too.

@pytest.mark.parametrize("said", [
    "2 mejhoul w 1 boufgous, bjouj kilo",
    "2 mejhoul et 1 boufeggous, les deux d'un kilo",
    "جوج مجهول و واحد بوفقوس، بجوج كيلو",
])
def test_both_before_a_unit_without_a_figure(said):
    chat = chat_after(said, products=read_csv("tests/data/catalog_dattes.csv"))
    assert chat.cart == {"MEJHOUL-1KG": 2, "BOUFEGGOUS-1KG": 1}


# --- one of them in half a kilo ------------------------------------------------------------
# "bghit 3 mejhoul, wa7ed menhom nss kilo" gave 3 × 500 g ("one half kilo" is read as a
# measure with no count); "بغيت 3 مجهول كيلو، واحد منهم نص كيلو" gave one 1 kg and one 500 g
# (the three read as announcing one kilo and one half).

@pytest.mark.parametrize("said, cart", [
    ("bghit 3 mejhoul kilo, wa7ed menhom nss kilo", {"MEJHOUL-1KG": 2, "MEJHOUL-500": 1}),
    ("بغيت 3 مجهول كيلو، واحد منهم نص كيلو", {"MEJHOUL-1KG": 2, "MEJHOUL-500": 1}),
    ("3 mejhoul 1kg, one of them half a kilo", {"MEJHOUL-1KG": 2, "MEJHOUL-500": 1}),
])
def test_one_of_them_in_half_a_kilo(said, cart):
    assert chat_after(said, products=read_csv("tests/data/catalog_dattes.csv")).cart == cart


def test_one_of_them_in_half_a_kilo_of_an_unsized_count_asks_the_rest():
    chat = chat_after("bghit 3 mejhoul, wa7ed menhom nss kilo",
                      products=read_csv("tests/data/catalog_dattes.csv"))
    assert chat.cart == {"MEJHOUL-500": 1}
    assert chat.conv["data"]["queue"][0]["quantity"] == 2


# --- a part said by another kind of the product --------------------------------------------
# "3 thyme honey 500g, 1 of them euphorbia" gave three thyme jars and a euphorbia asked
# (four for three); "3 pots de miel 500g dont 2 thym et 1 euphorbe" asked "which honey?"
# for all three; "3 amlou 250g, dont 2 kawkaw" gave five jars. A count said with "of them"
# and a kind of the counted product before it (and the kinds counted after it with "and")
# are parts of that count, in its size unless they say their own; the rest stays.

@pytest.mark.parametrize("said", [
    "3 thyme honey 500g, 1 of them euphorbia",
    "3 miels de thym 500g dont 1 d'euphorbe",
    "bghit 3 3sel zaatar nss kilo, wa7ed menhom daghmous",
    "بغيت 3 عسل الزعتر نص كيلو، واحد منهم الدغموس",
    "3 pots de miel 500g dont 2 thym et 1 euphorbe",
])
def test_a_part_of_another_kind_comes_out_of_the_count(said):
    assert chat_after(said).cart == {"MIEL-THYM-500": 2, "MIEL-EUPH-500": 1}


@pytest.mark.parametrize("said, cart", [
    ("3 amlou 250g, dont 2 kawkaw", {"AMLOU-CACAH-250": 2, "AMLOU-AMANDE-250": 1}),
    ("bghit 3 amlou 250, jouj menhom kawkaw", {"AMLOU-CACAH-250": 2, "AMLOU-AMANDE-250": 1}),
])
def test_a_part_of_another_kind_on_a_sheet_of_dates(said, cart):
    assert chat_after(said, products=read_csv("tests/data/catalog_dattes.csv")).cart == cart


def test_the_product_again_in_another_size_is_a_part():
    chat = chat_after("2 lavande 10ml et 2 romarin 10ml, dont 1 romarin en 30ml",
                      products=read_csv("tests/data/catalog_r13_p13fr_huiles.csv"))
    assert chat.cart == {"HE-LAV-10": 2, "HE-ROM-10": 1, "HE-ROM-30": 1}


# --- a part resized in the next message ------------------------------------------------------
# "3 thyme honey 500g" — "2 of them 1kg" ("dont 2 en 1kg", "jouj menhom kilo") asked "the
# 1 kg instead of the 500 g, or both?", whose answers gave three or five jars, never one
# 500 g and two 1 kg. A count said with "of them" and another size of the line just put
# in, naming no product, moves that many of the line to that size.

@pytest.mark.parametrize("first, said", [
    ("3 thyme honey 500g", "2 of them 1kg"),
    ("3 thyme honey 500g", "make 2 of them 1kg"),
    ("3 miels de thym 500g", "dont 2 en 1kg"),
    ("bghit 3 3sel zaatar nss kilo", "jouj menhom kilo"),
    ("بغيت 3 عسل الزعتر نص كيلو", "جوج منهم كيلو"),
])
def test_a_part_of_the_line_resized_in_the_next_message(first, said):
    assert chat_after(first, said).cart == {"MIEL-THYM-500": 1, "MIEL-THYM-1KG": 2}


# "3 thyme honey" — which one? — "2 of them 1kg" put two 1 kg jars in and lost the third;
# "jouj menhom kilo" put three. The part said picks its option with its count, and "which
# one?" is asked again for the rest.

@pytest.mark.parametrize("first, said", [
    ("3 thyme honey", "2 of them 1kg"),
    ("3 miels de thym", "dont 2 en 1kg"),
    ("bghit 3 3sel zaatar", "jouj menhom kilo"),
    ("بغيت 3 عسل الزعتر", "جوج منهم كيلو"),
])
def test_a_part_picked_at_which_one_asks_the_rest(first, said):
    chat = chat_after(first, said)
    assert chat.cart == {"MIEL-THYM-1KG": 2}
    assert chat.conv["data"]["queue"][0]["quantity"] == 1
    chat.send("1")
    assert chat.cart == {"MIEL-THYM-1KG": 2, "MIEL-THYM-500": 1}


# --- a part in another row or colour on sheets of slippers and cushions ---------------------
# "3 babouches jaunes 40, dont 1 en 42" gave three 40s and a 42; "3 yellow slippers size 40,
# one of them 42" three 40s and "which one?" for a fourth; "3 babouches jaunes 40, dont une
# noire" three yellow and a black asked; "3 cushions, 2 of them red" two red and three green.
# A part said with "of them" in another row takes that many out of the count; a part in
# another colour keeps the count's row; the rest of a count with its colour part said is
# another one of it, asked or the one other left.

BABOUCHES = "tests/data/catalog_r10_babouche.csv"


@pytest.mark.parametrize("said", [
    "3 babouches jaunes 40, dont 1 en 42",
    "3 yellow slippers size 40, one of them 42",
    "bghit 3 belgha sefra 40, wa7da menhom 42",
    "بغيت 3 بلغة صفرا 40، وحدة منهم 42",
])
def test_a_part_in_another_row(said):
    assert chat_after(said, products=read_csv(BABOUCHES)).cart == {"BAB-J-40": 2, "BAB-J-42": 1}


def test_a_part_in_another_colour_keeps_the_row():
    chat = chat_after("3 babouches jaunes 40, dont une noire", products=read_csv(BABOUCHES))
    assert chat.cart == {"BAB-J-40": 2, "BAB-N-40": 1}


@pytest.mark.parametrize("said", [
    "3 cushions, 2 of them red",
    "bghit 3 mkhaddat, jouj menhom 7mer",
])
def test_a_colour_part_leaves_the_rest_of_the_count(said):
    chat = chat_after(said, products=read_csv("tests/data/catalog_r10_couleurs.csv"))
    assert sum(chat.cart.values()) == 3 and chat.cart.get("COU-R") == 2


# --- a count of kilos with a part in another size -------------------------------------------
# "3 kilo mejhoul, 1 of them 500g" gave three 1 kg boxes and a 500 g one (four for three):
# a count said with a unit ("3 kilo") before a part said with "of them" is that many of the
# unit, one of which the part takes.

@pytest.mark.parametrize("said", [
    "3 kilo mejhoul, 1 of them 500g",
    "3 kilos de mejhoul, dont 1 en 500g",
    "bghit 3 kilo mejhoul, wa7ed menhom nss kilo",
])
def test_a_count_of_kilos_with_a_part_in_another_size(said):
    chat = chat_after(said, products=read_csv("tests/data/catalog_dattes.csv"))
    assert chat.cart == {"MEJHOUL-1KG": 2, "MEJHOUL-500": 1}


# --- halves of a count ------------------------------------------------------------------------
# "I want 4 honey jars, half thyme half euphorbia, all 500g" gave one thyme, two euphorbia
# and four orange blossom jars (seven); without the size, one thyme, one euphorbia and
# "which honey?" for four. Kinds each said with a fraction alone after a line counted in
# whole jars, the fractions adding up to one, share that count.

@pytest.mark.parametrize("said", [
    "I want 4 honey jars, half thyme half euphorbia, all 500g",
    "4 pots de miel, moitié thym moitié euphorbe, tous en 500g",
    "bghit 4 3sel, nss zaatar w nss daghmous, kolhom nss kilo",
])
def test_halves_of_a_count_share_it(said):
    assert chat_after(said).cart == {"MIEL-THYM-500": 2, "MIEL-EUPH-500": 2}


def test_halves_of_a_count_without_a_size_ask_each_for_its_share():
    chat = chat_after("بغيت 4 ديال العسل، نص زعتر و نص دغموس")
    queue = chat.conv["data"]["queue"]
    assert chat.cart == {}
    assert [q["quantity"] for q in queue] == [2, 2]
