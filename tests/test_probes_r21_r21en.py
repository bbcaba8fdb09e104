"""Round 21, whole conversations in English (r21en): a line taken back in the middle of a
message by "scratch that" / "scrap that" / "forget that" (the count was added to the first:
five rhassoul for "3, scratch that, 2"); "instead of the X give me / can I have / I would
like Y" (the X stayed in the basket, or read as part of an unknown product, or its count
went to the removal); "a tray of eggs" is one tray; "do you have X? If so 2 jars …" after
an availability question orders those lines (the order was lost); and a count said with a
price or availability question, offered back ("3 × Ghassoul — Shall I add it?"), is the
count placed when the customer answers with the delivery details (one was placed); "scratch
that" / "forget that" with nothing after it (or "and add …") takes the line before it out;
"actually no", "nope", "correction" take a line back as "no wait" does; a count after a times
sign ("argan oil 50ml x3, no wait, 2") is the count a correction replaces (three were
placed); "For my hammam I need 2 black soap" — the purpose clause is no line of its own (the
hammam kit took the soap's count), nor "for my face" after a product ("2 rhassoul for my
face": lost as a product not sold); an order after the last of several questions ("do you
have prickly pear oil? how much? I would take 1 and also 2 henna": lost)."""

from pathlib import Path

from bot.catalog import read_csv
from tests.test_conversation import chat_after

DATA = Path(__file__).parent / "data"
ATLAS = read_csv(DATA / "catalog_atlas_en.csv")
HAMMAM = read_csv(DATA / "catalog_r7en_hammam.csv")
COSMETICS = read_csv(DATA / "catalog_cosmetique.csv")
ENGLISH2 = read_csv(DATA / "catalog_english2.csv")
PANTRY = read_csv(DATA / "catalog_pantry.csv")


def test_scratch_that_takes_back_the_line_before_it():
    for text, products, cart in (
            ("i want 3 rhassoul, scratch that, 2 rhassoul and 1 black soap", ATLAS,
             {"RHS-250": 2, "BSOAP-200": 1}),
            ("i want 3 rhassoul scratch that 2 rhassoul and 1 black soap", ATLAS,
             {"RHS-250": 2, "BSOAP-200": 1}),
            ("2 rose water, scrap that, 1 rose water and 2 rhassoul clay", ENGLISH2,
             {"ROSE-200": 1, "CLAY-250": 2}),
            ("2 thyme honey, forget that, 1 wildflower honey and 2 rose water", ATLAS,
             {"WF-1KG": 1, "ROSE-200": 2})):
        chat = chat_after(text, products=products)
        assert chat.cart == cart, (text, chat.cart)


def test_instead_of_a_line_then_a_want_verb_swaps_it():
    for first, then, cart in (
            ("2 thyme honey 500g and 1 rose water",
             "instead of the rose water give me argan oil cosmetic 100ml",
             {"MIEL-THYM-500": 2, "ARGAN-COSM-100": 1}),
            ("1 black soap and 2 ghassoul", "instead of the ghassoul can I have 2 rose water",
             {"SAVON-NOIR-250": 1, "EAU-ROSE-250": 2}),
            ("1 black soap and 2 ghassoul", "instead of the black soap I would like 2 amlou 250g",
             {"GHASSOUL-200": 2, "AMLOU-250": 2})):
        chat = chat_after(first, then)
        assert chat.cart == cart, (then, chat.cart)
    chat = chat_after("2 thyme honey 500g and 1 rose water",
                      "instead of the thyme honey I would like the euphorbia one")
    assert "MIEL-THYM-500" not in chat.cart, chat.cart
    assert set(chat.conv["data"]["queue"][0]["candidates"]) == {"MIEL-EUPH-500", "MIEL-EUPH-1KG"}


def test_a_tray_of_eggs_is_one():
    for text, cart in (("a tray of eggs and 2 cumin", {"OEUF-30": 1, "CUM-100": 2}),
                       ("2 trays of eggs and a jar of smen", {"OEUF-30": 2, "SMEN-500": 1})):
        chat = chat_after(text, products=PANTRY)
        assert chat.cart == cart, (text, chat.cart)
        assert not chat.conv["data"]["queue"], text


def test_counted_lines_after_an_availability_question_order():
    chat = chat_after("Do you have orange blossom honey? If so 2 jars of 500g please, and a "
                      "black soap")
    assert chat.cart == {"MIEL-ORANG-500": 2, "SAVON-NOIR-250": 1}
    chat = chat_after("Do you have amlou? I want 2 of the 250g and 1 thyme honey 1kg")
    assert chat.cart == {"AMLOU-250": 2, "MIEL-THYM-1KG": 1}


def test_the_count_offered_back_is_placed_when_the_details_answer():
    for asked, details, cart in (
            ("do you have ghassoul? 3 please", "Ivy, Casa, Oasis 5", {"GHASSOUL-200": 3}),
            ("how much are 2 saffron 5g?", "Tom Hardy, Rabat, Agdal 4", {"SAFRAN-5G": 2}),
            ("do you have thyme honey 1kg? 2 please",
             "my name is Sara, I live in Fes, Narjiss 3", {"MIEL-THYM-1KG": 2})):
        chat = chat_after(asked, details)
        assert chat.cart == cart, (asked, chat.cart)
        assert chat.state == "confirm", (asked, chat.state)


def test_scratch_that_at_the_end_takes_the_line_before_it_out():
    for text, products, cart in (
            ("1 black soap, 2 amlou, scratch that", ATLAS, {"BSOAP-200": 1}),
            ("2 thyme honey, cancel that and add 1 amlou", ATLAS, {"AML-300": 1}),
            ("1 black soap and 2 amlou, scratch that, and a rose water", ATLAS,
             {"BSOAP-200": 1, "ROSE-200": 1}),
            ("2 rose water, 1 rhassoul clay, forget that", ENGLISH2, {"ROSE-200": 2})):
        chat = chat_after(text, products=products)
        assert chat.cart == cart, (text, chat.cart)


def test_more_words_take_a_line_back():
    for text, products, cart in (
            ("3 rhassoul... hmm no, 2 rhassoul", ATLAS, {"RHS-250": 2}),
            ("2 thyme honey, nope, 3 thyme honey", ATLAS, {"TH-500": 3}),
            ("three amlou - correction - two amlou", ATLAS, {"AML-300": 2}),
            ("i want the argan oil 50ml x3, actually no, x2. plus natural black soap 500g",
             HAMMAM, {"HM-ARGAN-50": 2, "HM-SN-NAT-500": 1}),
            ("argan oil 50ml x3, no wait, 2", HAMMAM, {"HM-ARGAN-50": 2}),
            ("thyme honey 500g x2, no wait, 3", None, {"MIEL-THYM-500": 3})):
        chat = chat_after(text, **({"products": products} if products else {}))
        assert chat.cart == cart, (text, chat.cart)


def test_what_the_order_is_for_is_no_line():
    for text, products, cart in (
            ("Hi! For my hammam I need 2 black soap eucalyptus, a kessa, a ghassoul and the "
             "orange blossom water x2", HAMMAM,
             {"HM-SN-EUC-250": 2, "HM-KESSA": 1, "HM-GHASSOUL-200": 1, "HM-ZHAR-250": 2}),
            ("For my hammam, 2 black soap eucalyptus and a kessa", HAMMAM,
             {"HM-SN-EUC-250": 2, "HM-KESSA": 1}),
            ("for my cooking i need 2 olive oil 1L", ATLAS, {"OLV-1L": 2}),
            ("for my hair I need 2 rhassoul", ATLAS, {"RHS-250": 2}),
            ("pour ma cuisine je veux 2 huile d'olive 1L", None, {"OLIVE-1L": 2})):
        chat = chat_after(text, **({"products": products} if products else {}))
        assert chat.cart == cart, (text, chat.cart)
        assert not chat.conv["data"]["queue"], text


def test_what_a_product_is_for_after_it_is_no_word_of_its_name():
    for text, products, cart in (
            ("I want 2 rhassoul for my face and a rose water", ATLAS,
             {"RHS-250": 2, "ROSE-200": 1}),
            ("a saffron for my cooking and 2 olive oil 1L", ATLAS, {"SAF-2G": 1, "OLV-1L": 2}),
            ("2 black soap eucalyptus for my hammam and a kessa", HAMMAM,
             {"HM-SN-EUC-250": 2, "HM-KESSA": 1}),
            ("2 thyme honey for my mother and 1 amlou for me", ATLAS,
             {"TH-500": 2, "AML-300": 1})):
        chat = chat_after(text, products=products)
        assert chat.cart == cart, (text, chat.cart)


def test_an_order_after_the_last_of_several_questions():
    chat = chat_after("hi do you have prickly pear oil? how much? I would take 1 and also 2 henna",
                      products=COSMETICS)
    assert chat.cart == {"HENDIA-30": 1, "HENNE-100": 2}
