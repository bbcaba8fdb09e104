"""Misses seen when probing whole conversations as Moroccan customers write on WhatsApp, in
Darija in Latin letters and in Arabic script (issue 14, twelfth round: run-on messages, details
out of order, corrections, hesitations), on the corpus catalogs and on two fresh ones (a beldi
farm and a pastry cooperative): each general rule with the messages that showed it."""

import pytest

from tests.test_conversation import chat_after
from tests.test_probes_r11_darija import catalog, details

# -- "NAME CITY hay …" without commas: the name is the name part, never the whole message -----

@pytest.mark.parametrize("answer, name, city, address", [
    ("hamid agadir hay salam", "hamid", "Agadir", "hay salam"),
    ("latifa casa hay moulay rachid", "latifa", "Casablanca", "hay moulay rachid"),
    ("zineb, wjda, hay al qods", "zineb", "Oujda", "hay al qods"),
    # the district before the street word belongs to the address, not the name
    ("mohamed marrakech daoudiat zan9a 3", "mohamed", "Marrakech", "daoudiat zan9a 3"),
    ("mina casa bourgogne zan9a 7", "mina", "Casablanca", "bourgogne zan9a 7"),
])
def test_name_city_and_street_in_one_line_give_the_name_alone(answer, name, city, address):
    """"hamid agadir hay salam" after the basket stored "hamid agadir hay salam" as the
    customer's name (the courier's slip addressed to the whole line); "mohamed marrakech
    daoudiat zan9a 3" asked the name again."""
    chat = chat_after("bghit zit zitoun 5 litrat", answer)
    assert chat.state == "confirm"
    assert details(chat)["name"] == name
    assert details(chat)["city"] == city
    assert details(chat)["address"] == address


# -- "ساكن ف" / "sakna f" (I live in) ends the name ---------------------------------------------

@pytest.mark.parametrize("text, name, city", [
    ("بغيت أملو، سميتي عبد الله ساكن ف تازة حي الكوشة", "عبد الله", "Taza"),
    ("بغيت أملو، سميتي فاطمة ساكنة ف الدار البيضاء حي الحسني زنقة 12", "فاطمة", "Casablanca"),
    ("bghit amlou 250g, smiti amina saknin f rbat hay riad", "amina", "Rabat"),
])
def test_where_one_lives_is_never_part_of_the_name(text, name, city):
    """"سميتي عبد الله ساكن ف تازة" stored the name "عبد الله ساكن" ("living")."""
    chat = chat_after(text)
    assert details(chat)["name"] == name
    assert details(chat)["city"] == city


# -- the delivery details written while "which one?" / "how many?" is open are kept -----------

FERME = "catalog_r12_p12ary_ferme.csv"
HALWA = "catalog_r12_p12ary_halawiyat.csv"


@pytest.mark.parametrize("answer, name, city", [
    ("hanane khouribga", "hanane", "Khouribga"),
    ("fouad casa oulfa", "fouad", "Casablanca"),
    ("نادية سلا", "نادية", "Salé"),
    ("fatima, casa, hay mohammadi zan9a 12 raqm 5", "fatima", "Casablanca"),
])
def test_details_at_which_one_are_kept_and_the_question_asked_again(answer, name, city):
    """"hanane khouribga" at "which eggs?" was answered "reply with a number" and forgotten:
    once the eggs were chosen the name and the city were asked again (and "fatima, casa,
    hay…" kept the address but lost the name, written in small letters)."""
    chat = chat_after("bghit 2 d bid beldi", products=catalog(FERME))
    reply = chat.send(answer)
    assert "1." in reply and chat.conv["data"]["queue"]       # which one, again
    assert details(chat)["name"] == name and details(chat)["city"] == city
    chat.send("1")
    assert chat.cart == {"OEUF-12": 2}
    assert details(chat)["name"] == name and details(chat)["city"] == city


@pytest.mark.parametrize("answer, name, city, address", [
    ("rqia fes atlas", "rqia", "Fès", "atlas"),
    ("محمد مراكش الداوديات", "محمد", "Marrakech", "الداوديات"),
])
def test_details_at_how_many_put_one_and_go_on(answer, name, city, address):
    """"rqia fes atlas" at "how many harcha?" got "write only a number" and was forgotten."""
    chat = chat_after("bghit 2 paquets msemen w harcha", answer, products=catalog(HALWA))
    assert chat.cart == {"MSEMEN-10": 2, "HARCHA-10": 1}
    assert chat.state == "confirm"
    assert (details(chat)["name"], details(chat)["city"], details(chat)["address"]) == \
        (name, city, address)


def test_a_name_and_a_city_alone_at_how_many_ask_only_the_address():
    chat = chat_after("بغيت مسمن و حرشة", "جوج", "رقية فاس", products=catalog(HALWA))
    assert chat.cart == {"MSEMEN-10": 2, "HARCHA-10": 1}
    assert chat.state == "ask_address"
    assert details(chat)["name"] == "رقية"


# -- "bdlha b 1 litre": a swap word alone changes the line to the size said ------------------

@pytest.mark.parametrize("first, change, cart", [
    ("bghit zit zitoun 5 litrat", "bdlha b 1 litre", {"OLIVE-1L": 1}),
    ("bghit 3sel zaatar kilo", "bdelha b nss kilo", {"MIEL-THYM-500": 1}),
    ("bghit 3sel zaatar kilo", "bdlha b 500g", {"MIEL-THYM-500": 1}),
    ("بغيت زيت الزيتون 5 لتر", "بدلها ب 1 لتر", {"OLIVE-1L": 1}),
])
def test_a_swap_word_without_no_changes_the_size_of_the_line(first, change, cart):
    """"bdlha b 1 litre" (change it for 1 litre) without a "la" before it was not understood
    (only "la bdlha b …" was read as a change)."""
    chat = chat_after(first, change)
    assert chat.cart == cart


# -- a swap while "which one?" / "how many?" is open replaces the product asked about --------

@pytest.mark.parametrize("messages, products, queued", [
    (("bghit safran", "bdlha b amlou"), None, {"AMLOU-250", "AMLOU-500"}),
    (("bghit 2 3sel", "la machi hadi, bghit amlou"), None, {"AMLOU-250", "AMLOU-500"}),
    (("بغيت زعفران", "بدلها ب أملو"), "catalog_beldi_ar.csv", {"AMLOU-250"}),
])
def test_a_swap_at_an_open_question_drops_that_question(messages, products, queued):
    """"bghit safran" — "which saffron?" — "bdlha b amlou": the amlou was asked about and the
    saffron's question stayed behind it; with the details it was settled to one saffron (a
    parcel with both)."""
    kwargs = {"products": catalog(products)} if products else {}
    chat = chat_after(*messages, **kwargs)
    queue = chat.conv["data"]["queue"]
    asked = {s for q in queue for s in (q.get("candidates") or [q.get("sku")])}
    assert asked == queued


def test_a_swap_at_an_open_question_ends_with_only_the_new_product():
    chat = chat_after("بغيت زعفران", "بدلها ب أملو", "2", "عمر، تمارة، حي النهضة",
                      products=catalog("catalog_beldi_ar.csv"))
    assert chat.cart == {"AMLOU-250": 2}


# -- "machi hadi, bghit X": the product after the want verb is wanted, not removed ------------

@pytest.mark.parametrize("text", [
    "la machi hadi bghit amlou", "ماشي هادي بغيت أملو", "machi zaatar bghit amlou",
    "non pas celui-la je veux amlou",
])
def test_a_want_verb_after_taking_back_the_offer_orders(text):
    """"لا ماشي هادي بغيت زيت أركان" at "which honey?" read the argan oil as taken out (the
    negation ran on to it): the honey question stayed and nothing was ordered."""
    from bot.nlu import parse
    from tests.test_conversation import ctx
    p = parse(text, ctx().index)
    assert [a.candidates for a in p.ambiguous] == [("AMLOU-250", "AMLOU-500")]
    assert not any("AMLOU-250" in getattr(r, "candidates", ()) for r in p.removed)


@pytest.mark.parametrize("text", ["i don't want amlou", "ma bghitch amlou",
                                  "je ne veux pas d'amlou", "ما بغيتش أملو"])
def test_a_want_verb_negated_itself_still_removes(text):
    from bot.nlu import parse
    from tests.test_conversation import ctx
    p = parse(text, ctx().index)
    assert not p.ambiguous and not p.items


def test_the_arabic_swap_at_which_one_orders_the_new_product():
    chat = chat_after("بغيت 2 ديال العسل", "لا ماشي هادي بغيت زيت أركان",
                      products=catalog("catalog_arabic.csv"))
    assert chat.cart == {"ZIT-ARG-250": 2} and chat.conv["data"]["queue"] == []


# -- "fo9ach twsel": the delivery verb as typed with its vowel -------------------------------

@pytest.mark.parametrize("text", ["fo9ach twsel lcommande ila tlbt lyoum",
                                  "imta ghatwsel ila commandit daba?"])
def test_when_will_it_arrive_with_the_vowel_written_is_a_delivery_question(text):
    """"fo9ach twsel lcommande ila tlbt lyoum" got "what would you like?"."""
    chat = chat_after()
    reply = chat.send(text)
    assert "🚚" in reply and "1-3" in reply


# -- the Arabic-script plural of the feminine names the product --------------------------------

@pytest.mark.parametrize("text", ["بغيت جوج دجاجات بلديات", "بغيت جوج دجاجات"])
def test_a_feminine_plural_in_arabic_script_names_the_product(text):
    """"بغيت جوج دجاجات بلديات" (two beldi hens) was "what would you like?": "دجاجات" is the
    plural of the alias "دجاجة". Round 20: it is read as the singular is ("دجاجة" is in the
    aliases of the live and of the ready-to-cook beldi chicken: which one?), no longer
    through a near spelling of "دجاج" that only the live one's alias has."""
    chat = chat_after(text, "1", products=catalog(FERME))
    assert chat.cart == {"POULET-BELDI": 2}


@pytest.mark.parametrize("text", ["bghit louz ana f settat", "بغيت اللوز، ساكن ف سطات"])
def test_a_city_ending_like_a_feminine_plural_is_no_count(text):
    """A guard of the rule above: "settat" is never "setta" (six) of almonds."""
    chat = chat_after(text, products=catalog("catalog_dattes.csv"))
    counts = list(chat.cart.values()) + [q.get("quantity") for q in chat.conv["data"]["queue"]]
    assert 6 not in counts and details(chat)["city"] == "Settat"


# -- the kind said at "which one?" with its size orders nothing else ---------------------------

@pytest.mark.parametrize("answer", ["dyal louz 500g", "ديال اللوز 500 غرام"])
def test_of_almonds_with_a_size_at_which_amlou_is_the_almond_amlou_only(answer):
    """"bghit amlou" — "which one?" — "dyal louz 500g": the almond amlou 500 g was asked how
    many and a bag of almonds went into the basket too (read before the answer took the words
    for the amlou's kind): a parcel with almonds nobody asked for."""
    chat = chat_after("bghit amlou", answer, "jouj", products=catalog("catalog_dattes.csv"))
    assert chat.cart == {"AMLOU-AMANDE-500": 2}


# -- "m7amid 9 raqm 220": a house number after a district is the address ---------------------

@pytest.mark.parametrize("messages", [
    ("bghit amlou 250g", "smiti sanae, marrakech, m7amid 9 raqm 220"),
    ("bghit amlou 250g, smiti sanae, marrakech, m7amid 9 raqm 220",),
])
def test_a_district_with_a_house_number_is_the_address(messages):
    """"m7amid 9 raqm 220" (a district that is also a first name, then the house number)
    was read as nothing: the address was asked again."""
    chat = chat_after(*messages)
    assert chat.state == "confirm"
    assert details(chat)["address"] == "m7amid 9 raqm 220"
    assert chat.cart == {"AMLOU-250": 1}


@pytest.mark.parametrize("product, answer, products, line", [
    ("bghit ghassoul", "fatima, marrakech, m7amid 9 raqm 220", None, "GHASSOUL-200"),
    ("بغيت الغاسول", "فاطمة الزهراء، مراكش، المحاميد 9 رقم 220", "catalog_beldi_ar.csv", "GHAS"),
])
def test_a_house_number_in_the_details_at_how_many_is_no_count(product, answer, products, line):
    """"how many ghassoul?" — "fatima, marrakech, m7amid 9 raqm 220": 9 ghassoul were put in
    the basket (the district's number read as the answer) and the details were lost."""
    kwargs = {"products": catalog(products)} if products else {}
    chat = chat_after(product, answer, **kwargs)
    assert chat.cart == {line: 1}
    assert chat.state == "confirm"
    assert details(chat)["city"] == "Marrakech"


def test_a_count_then_details_at_how_many_is_still_the_count():
    chat = chat_after("bghit ghassoul", "2, fatima, rabat")
    assert chat.cart == {"GHASSOUL-200": 2}


# -- "ch7al?" again after a product's price: its price again, never the whole catalog ----------

@pytest.mark.parametrize("messages, products, then, cart", [
    (("واش الزعفران حر؟", "شحال؟"), "catalog_beldi_ar.csv", "عطيني جوج", {"ZAF-2G": 2}),
    (("wach safran beldi?", "ch7al?"), None, "1", {"SAFRAN-1G": 1}),
])
def test_how_much_again_after_a_price_keeps_the_product(messages, products, then, cart):
    """"واش الزعفران حر؟" — price, "how many?" — "شحال؟" showed the whole catalog, numbered,
    and "عطيني جوج" (give me two) then took its 2nd line: a 5-litre can of olive oil."""
    kwargs = {"products": catalog(products)} if products else {}
    chat = chat_after(*messages, **kwargs)
    assert chat.conv["data"]["queue"] and chat.conv["data"]["queue"][0].get("soft")
    chat.send(then)
    if chat.conv["data"]["queue"]:
        chat.send("1")
    assert chat.cart == cart


# -- the options listed by price are answered by the words that tell them apart --------------

@pytest.mark.parametrize("answer, cart", [
    ("bghit boite", {"CHEBAKIA-BOITE": 1}),
    ("بغيت علبة", {"CHEBAKIA-BOITE": 1}),
    ("jouj d lboite", {"CHEBAKIA-BOITE": 2}),
])
def test_a_container_word_picks_among_the_options_priced(answer, cart):
    """"شحال الشباكية؟" (the 500 g, the kilo and the gift box) — "بغيت علبة" (I want the box)
    was "what would you like?": the options priced kept no words of the product to read the
    answer after."""
    chat = chat_after("ch7al chebakia?", answer, products=catalog(HALWA))
    assert chat.cart == cart


# -- a district named with a title word ("Sidi Moumen") is never the name ---------------------

@pytest.mark.parametrize("answer, name", [
    ("هند الدار البيضاء سيدي مومن", "هند"),
    ("Hind, Casa, Sidi Moumen", "Hind"),
])
def test_a_district_that_starts_like_a_title_is_the_address(answer, name):
    """"هند الدار البيضاء سيدي مومن" stored the name "سيدي مومن" (Sidi is a title before a
    name) and the whole line as the address."""
    chat = chat_after("bghit 3sel zaatar kilo", answer)
    assert details(chat)["name"] == name
    assert "مومن" in details(chat)["address"] or "Moumen" in details(chat)["address"]


def test_a_title_before_a_first_name_is_still_a_name():
    chat = chat_after("bghit 3sel zaatar kilo", "Sidi Mohamed, casa, hay riad")
    assert details(chat)["name"] == "Sidi Mohamed"


# -- the kind said while another product's "how many?" is open answers its "which one?" -------

def test_the_kind_answering_a_later_which_one_drops_that_question():
    """"a tray of eggs and a beldi hen" — "how many trays?" — "مذبوحة" (the slaughtered one):
    the hen's "how many?" came first but its "which one?" stayed in the queue, and the
    details written next were met with "how many?" again, then "which hen?"."""
    chat = chat_after("بغيت صينية ديال البيض البلدي و دجاجة بلدية", "مذبوحة",
                      "إيمان الدار البيضاء حي الألفة", products=catalog(FERME))
    assert chat.cart == {"POULET-PRET": 1, "OEUF-30": 1}
    assert chat.state == "confirm"


# -- "kol wa7ed jouj" / "كل وحدة جوج": the "one" of "each one" is no count ------------------

@pytest.mark.parametrize("text, products, cart", [
    ("bghit sabon beldi w ghassoul kol wa7ed jouj", None,
     {"SAVON-NOIR-250": 2, "GHASSOUL-200": 2}),
    ("bghit sabon beldi w ghassoul mn koul wa7ed jouj", None,
     {"SAVON-NOIR-250": 2, "GHASSOUL-200": 2}),
    ("بغيت صابون بلدي و غاسول و حناء كل وحدة جوج", "catalog_beldi_ar.csv",
     {"SABON": 2, "GHAS": 2, "HENNA": 2}),
    ("بغيت صابون بلدي و غاسول جوج من كل وحدة", "catalog_beldi_ar.csv", {"SABON": 2, "GHAS": 2}),
])
def test_a_count_of_each_one_in_darija_is_every_products(text, products, cart):
    """"بغيت صابون بلدي و غاسول و حناء كل وحدة جوج" (two of each) ordered one of each: the
    "وحدة" of "كل وحدة" was a second count, so "جوج" went to one product only."""
    kwargs = {"products": catalog(products)} if products else {}
    assert chat_after(text, **kwargs).cart == cart


# -- a city named back in Arabic script is written in Arabic script ----------------------------

@pytest.mark.parametrize("question, city", [("شحال التوصيل للعيون؟", "العيون"),
                                            ("واش كتوصلو للداخلة؟", "الداخلة")])
def test_a_city_whose_arabic_name_is_also_a_word_is_named_in_arabic(question, city):
    """"واش كتوصلو للداخلة؟" was answered "ل Dakhla: 1-3 أيام": the Arabic names of Dakhla and
    Laâyoune are context forms (a district, "the springs"), which the label never read."""
    reply = chat_after(products=catalog("catalog_arabic.csv")).send(question)
    assert f"ل {city}" in reply and "Dakhla" not in reply and "Laâyoune" not in reply


# -- a want verb at the options priced, naming none of them: which one, asked plainly ----------

@pytest.mark.parametrize("answer", ["ok 3tini kilo", "bghit kilo", "عطيني كيلو"])
def test_an_order_that_tells_no_option_apart_asks_which_one(answer):
    """"Jihel is sold out; close ones: 1. Mejhoul 1kg 2. Boufeggous 1kg 3. figs 1kg" —
    "ch7al" — prices — "ok 3tini kilo": the options were dropped and "what would you
    like?" asked (all three are a kilo: the customer wants one of them)."""
    chat = chat_after("wach tmer jihel zwin?", "ch7al", answer,
                      products=catalog("catalog_dattes.csv"))
    queue = chat.conv["data"]["queue"]
    assert queue and queue[0]["type"] == "choice" and not queue[0].get("soft")
    assert "MEJHOUL-1KG" in queue[0]["candidates"]


@pytest.mark.parametrize("also", ["mettez-moi aussi un amlou", "la, zid amlou"])
def test_an_addition_at_an_open_question_keeps_that_question(also):
    """A guard of the swap above: "aussi", "zid" add the amlou beside the honey asked about."""
    chat = chat_after("bghit 3sel", also)
    asked = [set(q.get("candidates") or []) for q in chat.conv["data"]["queue"]]
    assert any("MIEL-THYM-500" in a for a in asked) and any("AMLOU-250" in a for a in asked)


# -- a word of a product's name is never a question's cue ---------------------------------------

@pytest.mark.parametrize("text", ["can I get Jben frais de chèvre please", "bghit jben frais"])
def test_a_name_word_that_is_also_a_cue_orders_the_product(text):
    """"Jben frais de chèvre" (fresh goat cheese) was a delivery question: "frais" is also
    "fees" ("frais de livraison"); both sizes were listed as asked about and the delivery
    fees answered."""
    chat = chat_after(text, products=catalog(FERME))
    queue = chat.conv["data"]["queue"]
    assert queue and set(queue[0]["candidates"]) == {"JBEN-250", "JBEN-500"}
    assert not queue[0].get("soft") and chat.state == "ordering"


# -- "safi" (the city) or "ok" beside the details is no yes ------------------------------------

@pytest.mark.parametrize("answer, name, city", [
    ("leila, safi, hay kawki", "leila", "Safi"),
    ("ok, leila, rabat, hay riad zan9a 3", "leila", "Rabat"),
])
def test_details_with_a_word_that_reads_as_ok_are_the_details(answer, name, city):
    """"leila, safi, hay kawki" after the basket kept only the address and asked "your name
    and city?" twice ("safi" is Safi, and "ok"); "ok, leila, rabat, hay riad" lost the name."""
    chat = chat_after("bghit amlou 250g", answer)
    assert chat.state == "confirm"
    assert (details(chat)["name"], details(chat)["city"]) == (name, city)


def test_ok_with_only_an_address_is_still_no_name():
    chat = chat_after("bghit amlou 250g", "wakha, hay riad zan9a 3")
    assert "name" not in details(chat) and chat.state == "ask_name"
