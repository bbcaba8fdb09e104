"""parse(): intents, languages, removal / set / number / size fields, robustness, CLI."""

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.catalog import read_csv  # noqa: E402
from bot.nlu import (  # noqa: E402
    Ambiguity,
    Item,
    Parse,
    build_index,
    detect_lang,
    lang_is_cued,
    normalise,
    parse,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "coops" / "demo" / "catalog.csv"


@pytest.fixture(scope="module")
def demo():
    return build_index(read_csv(DEMO))


@pytest.mark.parametrize("text, intent", [
    ("salam", "greet"), ("Bonjour", "greet"), ("السلام عليكم", "greet"),
    ("chno katbi3o?", "catalog"), ("what do you sell?", "catalog"),
    ("salam bghit 2 kilo l3sel zaatar", "order"),
    ("bch7al amlou", "price"), ("combien coûte le miel ?", "price"),
    ("wakha", "confirm"), ("oui c'est bon", "confirm"), ("👍", "confirm"),
    ("la", "deny"), ("non merci", "deny"),
    ("lghi lcommande", "cancel"), ("ما بقيتش باغي", "cancel"),
    ("fin wslat lcommande dyali", "status"), ("where is my order?", "status"),
    ("ch7al livraison l casa", "delivery"), ("vous livrez à Meknès ?", "delivery"),
    ("3ayto lia", "human"), ("je veux parler à un conseiller", "human"),
    ("parler à un conseiller", "human"), ("jouj 3afak", "order"), ("une seule", "order"),
    ("choukran", "thanks"), ("thank you", "thanks"),
    ("kifach ncommandi?", "help"), ("how do I order?", "help"),
    ("hhhh", "unknown"), ("", "unknown"),
])
def test_intents(demo, text, intent):
    assert parse(text, demo).intent == intent


@pytest.mark.parametrize("text, lang", [
    ("بغيت جوج كيلو عسل", "ary-Arab"), ("bghit 2 kilo l3sel", "ary-Latn"),
    ("bonjour bghit miel de thym", "ary-Latn"), ("je voudrais du miel svp", "fr"),
    ("I want some honey please", "en"), ("3afak", "ary-Latn"),
])
def test_languages(text, lang):
    assert detect_lang(text) == lang


def test_price_lists_products_without_quantities(demo):
    result = parse("bch7al zit argan dyal lmakla?", demo)
    assert result.intent == "price"
    assert result.items == (Item("ARGAN-ALIM-250"), Item("ARGAN-ALIM-500"))
    assert result.ambiguous == ()


def test_removal(demo):
    result = parse("bla amlou", demo)
    assert (result.intent, result.items) == ("order", ())
    assert result.removed == (Ambiguity("amlou", None, ("AMLOU-250", "AMLOU-500"), "remove"),)
    result = parse("bghit 2 kilo zaatar bla amlou", demo)
    assert result.items == (Item("MIEL-THYM-1KG", 2),)
    assert len(result.removed) == 1
    for text in ("7iyed zaafran", "sans safran", "remove the saffron", "حيد الزعفران"):
        removed = parse(text, demo).removed
        assert removed and set(removed[0].candidates) == {"SAFRAN-1G", "SAFRAN-5G"}, text
    assert parse("bghit zaatar kilo machi nss kilo", demo).items == (Item("MIEL-THYM-1KG", 1),)


def test_set_quantity_and_bare_numbers(demo):
    result = parse("khlli ghir jouj", demo)
    assert (result.intent, result.number, result.set_quantity) == ("order", 2, True)
    for text, number in (("3", 3), ("tlata", 3), ("جوج", 2), ("deux", 2), ("2 3afak", 2)):
        assert parse(text, demo).number == number, text
    assert parse("bghit 2 kilo l3sel zaatar", demo).number is None
    only = parse("ghir wa7ed d amlou kbir", demo)
    assert only.items == (Item("AMLOU-500", 1, "set"),) and only.set_quantity
    added = parse("zid wa7ed amlou kbir", demo)
    assert added.items == (Item("AMLOU-500", 1, "add"),) and not added.set_quantity


def test_cities_in_orders(demo):
    assert parse("bghit 2 kilo zaatar, sifto l tanja", demo).city == "Tanger"
    assert parse("wakha safi", demo).city is None


@pytest.mark.parametrize("text", [
    "", " ", "\x00", "🍯" * 50, "bghit 99999999999 kilo", "bghit -3 amlou", "0 amlou",
    "x" * 100_000, "1/0 kilo amlou", "٣" * 300 + " كيلو", "amlou " * 1000, None, 12345,
])
def test_never_crashes_nor_returns_non_positive_quantities(demo, text):
    result = parse(text, demo)
    assert isinstance(result, Parse)
    for item in result.items:
        assert item.quantity is None or item.quantity > 0


def test_random_unicode_does_not_crash(demo):
    rng = random.Random(3)
    text = "".join(chr(rng.randint(1, 0x2FFFF)) for _ in range(100_000))
    assert parse(text, demo).intent in {"unknown", "order", "greet", "confirm", "deny", "thanks",
                                        "price", "catalog", "cancel", "status", "delivery",
                                        "human", "help"}


@pytest.mark.slow
def test_batch_command():
    lines = [{"id": 1, "text": "bghit 2 kilo l3sel zaatar l casa"},
             {"id": "b", "text": "bghit l3sel"}, {"id": 3, "text": ""}]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n"
    out = subprocess.run([sys.executable, "-m", "bot.nlu", "--catalog", str(DEMO)], input=stdin,
                         capture_output=True, text=True, cwd=ROOT, timeout=60, check=True).stdout
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [1, "b", 3]
    assert set(records[0]) == {"id", "intent", "lang", "items", "ambiguous", "city"}
    assert records[0]["items"] == [{"sku": "MIEL-THYM-1KG", "quantity": 2}]
    assert records[0]["city"] == "Casablanca"
    assert records[1]["ambiguous"][0]["quantity"] is None
    assert len(records[1]["ambiguous"][0]["candidates"]) == 6


@pytest.mark.parametrize("text", ["amlou 250g 7iydo", "zaafran 7aydo 3afak", "الزعفران حيدوه"])
def test_a_removal_verb_after_the_product_removes_it(demo, text):
    p = parse(text, demo)
    assert p.intent == "order" and not p.items and not p.ambiguous and len(p.removed) == 1


def test_a_removal_verb_before_another_product_still_applies_to_that_one(demo):
    p = parse("bghit 2 amlou 500g 7iyed l3sel", demo)
    assert p.items == (Item("AMLOU-500", 2),)
    assert set(p.removed[0].candidates) >= {"MIEL-THYM-500", "MIEL-THYM-1KG"}


@pytest.mark.parametrize("text, intent", [
    ("bghit n3ref wach kayn safran", "catalog"),
    ("je voudrais savoir si vous avez du safran", "catalog"),
    ("بغيت نعرف واش كاين الزعفران", "catalog"),
    ("bghit n3ref ch7al amlou", "price"),
    ("bghit 2 amlou", "order"),
])
def test_wanting_to_know_is_a_question_not_an_order(demo, text, intent):
    assert parse(text, demo).intent == intent


@pytest.mark.parametrize("text", [
    "bghit amlou, ch7al dyal 500g?",
    "3tini 2 zit argan, bch7al l wa7da",
    "بغيت الزعفران، شحال ديال 5 غرام؟",
    "je veux du safran, combien le 5g ?",
    "I want 2 thyme honey 1kg, how much is it?",
])
def test_a_price_question_with_an_order_word_asks_and_adds_nothing(demo, text):
    p = parse(text, demo)                      # a wrong order is worse than one more message
    assert p.intent == "price" and p.items and all(i.quantity is None for i in p.items)


@pytest.mark.parametrize("text, lang", [("slt je veux 1 miel thym 1 kg svp", "fr"),
                                        ("jveux 2 amlou", "fr"),
                                        ("bghit 2 amlou svp", "ary-Latn")])
def test_french_sms_spellings(demo, text, lang):
    assert parse(text, demo).lang == lang


def test_a_swap_removes_the_first_product_and_adds_the_second(demo):
    p = parse("bdel amlou 500g b ghassoul", demo)
    assert p.replace and [i.sku for i in p.removed] == ["AMLOU-500"]
    assert [(i.sku, i.quantity) for i in p.items] == [("GHASSOUL-200", None)]
    p = parse("remplacez l'amlou par du ghassoul", demo)      # one line, two products
    assert p.replace and p.removed[0].candidates == ("AMLOU-250", "AMLOU-500")
    assert [i.sku for i in p.items] == ["GHASSOUL-200"]
    for text in ("bghit amlou w ghassoul", "bdel l3onwan", "khlli ghir 2 amlou"):
        assert not parse(text, demo).replace, text


@pytest.mark.parametrize("text", [
    "bghit nhder m3a chi wa7ed", "parler à un conseiller", "3ayto lia", "call me", "عيطو ليا",
    "واش نقدر نهضر مع شي حد", "can someone call me", "je veux parler à quelqu'un",
    "bghit ra9m dyalkom", "rappelez-moi svp", "wach kayn chi wa7ed nhder m3ah?",
    "نبغي نهضر معاكم", "contactez-moi svp", "please contact me",
])
def test_a_real_request_for_a_person_is_a_handoff(demo, text):
    assert parse(text, demo).intent == "human"


@pytest.mark.parametrize("text", [
    "zanqa 5 raqm dyal dar 12", "robot", "wach nta robot?", "hay nahda zanqa 3ayto 12",
    "nmra dyali 0612345678", "chi wa7ed 3tah lia", "the robot does not understand",
    "mon numéro de téléphone 0612345678", "bghit coffret conseil",
])
def test_ordinary_words_never_ask_for_a_person(demo, text):
    result = parse(text, demo)
    assert result.intent != "human" and result.number is None


def test_cancel_and_status_cues_beat_a_product_word(demo):
    english = build_index(read_csv(ROOT / "tests" / "data" / "catalog_atlas_en.csv"))
    assert parse("bghit nlghi lamlou", demo).intent == "cancel"
    assert parse("annuler la commande de miel", demo).intent == "cancel"
    assert parse("بغيت نلغي الطلبية ديال العسل", demo).intent == "cancel"
    assert parse("fin wsel l3sel dyali", demo).intent == "status"
    assert parse("where is my honey order", english).intent == "status"
    assert parse("où est ma commande de miel ?", demo).intent == "status"
    # taking one product out of the basket stays an order edit
    for text in ("lghi lamlou", "annule le miel", "7iyed amlou"):
        result = parse(text, demo)
        assert result.intent == "order" and result.removed, text
    assert parse("zid amlou f lcommande dyali", demo).intent == "order"


@pytest.mark.parametrize("text", [
    "do you have thyme honey 1kg?", "3ndkom l3sel?", "wach kayn 2 kilo dyal amlou?",
    "vous avez du miel de thym 1kg ?", "واش عندكم زيت أركان ديال الماكلة 250مل؟",
])
def test_asking_whether_a_product_is_there_orders_nothing(demo, text):
    result = parse(text, demo)
    assert result.intent == "catalog" and result.items and not result.ambiguous, text
    assert all(item.quantity is None for item in result.items)


@pytest.mark.parametrize("text", [
    "wakha ok c bon", "bghit 2 amlou merci", "bghit jouj amlou svp", "safi d'accord",
    "smiti Karim, rue de la paix, hay riad rabat", "wakha, 12 rue des Orangers",
    "ok, merci beaucoup khouya",
])
def test_fillers_names_and_streets_never_make_darija_french(demo, text):
    result = parse(text, demo)
    assert result.lang == "ary-Latn" and result.lang_confident, text


@pytest.mark.parametrize("text", [
    "ok c bon", "merci", "d'accord", "svp", "👍", "🙏", "amlou", "Miel de thym", "honey",
    "huile d'argan cosmétique", "2 amlou", "Mohammed Alaoui", "rue de la liberté, casablanca",
    "Fès", "0612345678",
])
def test_a_product_name_a_filler_or_an_emoji_alone_shows_no_language(demo, text):
    assert not parse(text, demo).lang_confident, text
    assert not lang_is_cued(text), text


@pytest.mark.parametrize("text", [
    "bghit amlou", "je veux du miel svp", "I want some honey", "بغيت العسل", "merci khouya",
    "oui c'est bon", "yes please",
])
def test_a_function_word_shows_the_language(demo, text):
    assert parse(text, demo).lang_confident and lang_is_cued(text), text


def test_an_article_inside_an_address_is_no_answer(demo):
    assert parse("rue de la paix", demo).intent == "unknown"      # "la" is not "lla" (no)
    assert parse("la", demo).intent == "deny" and parse("lla", demo).intent == "deny"


@pytest.mark.parametrize("text, out, into", [
    ("bdel lamlou lkbir b sghir", "AMLOU-500", "AMLOU-250"),
    ("بدل الأملو الصغير بالكبير", "AMLOU-250", "AMLOU-500"),
    ("swap the small amlou for the big one", "AMLOU-250", "AMLOU-500"),
    ("bdel amlou 250 b 500", "AMLOU-250", "AMLOU-500"),
    ("remplacez le miel de thym 500g par 1kg", "MIEL-THYM-500", "MIEL-THYM-1KG"),
])
def test_a_swap_between_two_sizes_of_one_product(demo, text, out, into):
    result = parse(text, demo)
    assert result.replace, text
    assert [i.sku for i in result.removed] == [out], text
    assert [i.sku for i in result.items] == [into], text


def test_a_three_letter_misspelling_after_a_product_word(demo):
    result = parse("bghit 3sel tym", demo)
    assert result.ambiguous[0].candidates == ("MIEL-THYM-500", "MIEL-THYM-1KG")
    assert result.guessed is False          # "3sel" was read as written
    assert [(i.sku, i.quantity) for i in parse("miel de tym 500g", demo).items] == [
        ("MIEL-THYM-500", 1)]
    # alone, or after no product word, three letters are a name or a word: never a guess
    for text in ("tym", "ana ali", "son adresse", "hay nahda"):
        result = parse(text, demo)
        assert not (result.items or result.ambiguous), text


@pytest.mark.parametrize("text", [
    "je n'ai toujours pas reçu mon miel", "ما زال ما وصلني الأملو", "mazal ma wslatni l3sel",
    "my honey has not arrived yet",
])
def test_a_product_not_received_is_a_status_question(demo, text):
    assert parse(text, demo).intent == "status", text


def test_when_will_my_product_arrive_is_a_status_question():
    english = build_index(read_csv(ROOT / "tests" / "data" / "catalog_atlas_en.csv"))
    assert parse("when will my amlou arrive?", english).intent == "status"
    for text in ("bla l3sel", "machi l3sel", "sans miel", "7iyed l3sel"):
        assert parse(text, english).intent == "order", text


def test_a_cancel_naming_one_product_lists_it(demo):
    result = parse("je veux annuler le savon noir", demo)
    assert result.intent == "cancel" and result.items == (Item("SAVON-NOIR-250"),)


@pytest.mark.parametrize("text", [
    "2 kilo zaatar ila kayn", "جوج كيلو عسل الزعتر إلا كاين", "2 pots d'amlou si vous avez",
])
def test_a_condition_on_availability_still_orders(demo, text):
    result = parse(text, demo)
    assert result.intent == "order" and (result.items or result.ambiguous), text


def test_a_swap_cuts_at_the_word_between_the_two_products(demo):
    english = build_index(read_csv(ROOT / "tests" / "data" / "catalog_atlas_en.csv"))
    p = parse("swap the thyme honey for wildflower honey", english)
    assert p.replace and [i.sku for i in p.removed] == ["TH-500"] and p.items == (Item("WF-1KG"),)
    p = parse("bdel 3sel zaatar b daghmous", demo)
    assert p.replace and p.removed[0].candidates == ("MIEL-THYM-500", "MIEL-THYM-1KG")
    assert p.ambiguous[0].candidates == ("MIEL-EUPH-500", "MIEL-EUPH-1KG")


def test_a_foreign_phone_number_in_groups_is_no_quantity(demo):
    english = build_index(read_csv(ROOT / "tests" / "data" / "catalog_atlas_en.csv"))
    p = parse("one rose water please, you can reach me on +44 7700 900423", english)
    assert p.items == (Item("ROSE-200", 1),) and p.phone == "447700900423"


@pytest.mark.parametrize("text, number", [
    ("la smah lia, bghit tlata", 3), ("wait, just 2", 2), ("sorry, make it 2", 2),
    ("pardon, 3 pas 1", 3), ("jouj machi wa7ed", 2), ("سمح ليا، بغيت جوج", 2),
])
def test_a_corrected_number_is_the_number(demo, text, number):
    assert parse(text, demo).number == number, text


@pytest.mark.parametrize("text", [
    "1 amlou pour Aziz Bennani Rabat", "2 miel bio pour ma mère", "1 huile d'argan pure pour Salma",
])
def test_a_function_word_spelled_like_a_descriptive_word_still_shows_french(demo, text):
    # "pour" has the spelling key of "pur" (pure): a word that names no product
    assert lang_is_cued(text) and detect_lang(text) == "fr", text


def test_a_correction_sets_the_quantity_and_a_restart_is_flagged(demo):
    p = parse("non pardon 2 ghassoul", demo)
    assert p.items == (Item("GHASSOUL-200", 2, "set"),) and not p.restart
    assert parse("la smah lia, 2 amlou 250", demo).items == (Item("AMLOU-250", 2, "set"),)
    assert parse("ah non, mettez 1 ghassoul", demo).items == (Item("GHASSOUL-200", 1, "set"),)
    assert parse("la, zid 2 amlou", demo).ambiguous[0].op == "add"     # adding, not correcting
    assert parse("bghit 2 amlou 250", demo).items == (Item("AMLOU-250", 2, "add"),)
    for text in ("Non annulez, je préfère 2 amlou 500g", "non lghi, bghit ghir 1 zaafran 1g"):
        p = parse(text, demo)
        assert p.intent == "order" and p.restart and p.items, text
    assert not parse("7iyed amlou w zid ghassoul", demo).restart


def test_swap_basket_and_detail_words_show_the_language(demo):
    for text, lang in (("swap the amlou for ghassoul", "en"), ("bdel l3onwan", "ary-Latn"),
                       ("remplacez l'amlou par du ghassoul", "fr")):
        p = parse(text, demo)
        assert p.lang_confident and p.lang == lang, text


def test_an_english_indefinite_article_before_a_product_counts_one():
    english = build_index(read_csv(ROOT / "tests" / "data" / "catalog_atlas_en.csv"))
    p = parse("I'll take a thyme honey, a saffron and a rose water", english)
    assert p.items == (Item("TH-500", 1), Item("SAF-2G", 1), Item("ROSE-200", 1))
    assert parse("i want a jar of amlou", english).items == (Item("AML-300", 1),)
    assert parse("can I get the black soap please", english).items == (Item("BSOAP-200"),)


def test_product_words_in_a_street_name_are_no_order(demo):
    english = build_index(read_csv(ROOT / "tests" / "data" / "catalog_atlas_en.csv"))
    p = parse("Mohammed Alaoui, 12 rue des Orangers, Fès", demo)
    assert p.intent == "unknown" and not (p.items or p.ambiguous)
    assert parse("one olive oil 1L, room 204 hotel atlas", english).items == (Item("OLV-1L", 1),)
    assert parse("hay nahda 2 kilo zaatar", demo).items == (Item("MIEL-THYM-1KG", 2),)
    assert parse("zanqa 3 w 2 amlou", demo).ambiguous[0].quantity == 2


def test_a_time_glued_to_its_figure_is_split():
    assert normalise("call before 6pm or 15h") == "call before 6 pm or 15 h"


def test_and_between_two_words_of_one_qualifier_joins_one_product_name(demo):
    english = build_index(read_csv(ROOT / "tests" / "data" / "catalog_atlas_en.csv"))
    p = parse("please send 1 argan oil for hair and skin 50ml to Ella Johnson", english)
    assert p.items == (Item("ARG-HAIR-50", 1),) and not p.ambiguous
    p = parse("2 argan oil for hair and skin", english)
    assert not p.items and p.ambiguous[0].quantity == 2
    assert len(p.ambiguous) == 1
    assert set(p.ambiguous[0].candidates) == {"ARG-HAIR-50", "ARG-HAIR-100"}
    assert parse("1 huile d'argan pour cheveux et peau 100ml", demo).items == (
        Item("ARGAN-COSM-100", 1),)
    assert len(parse("bghit 1 zit argan w 1 zit zitoun", demo).ambiguous) == 2   # two lines


def test_a_container_word_inside_a_product_name_is_no_second_count():
    english = build_index(read_csv(ROOT / "tests" / "data" / "catalog_atlas_en.csv"))
    p = parse("Hello! One gift box Atlas for Noah Williams please", english)
    assert p.items == (Item("GIFT-BOX", 1),)
    assert parse("2 boxes of thyme honey", english).items == (Item("TH-500", 2),)


def test_a_fraction_without_a_unit_is_that_fraction_of_a_kilo(demo):
    arabic = build_index(read_csv(ROOT / "tests" / "data" / "catalog_arabic.csv"))
    assert parse("bghit nss 3sel zaatar", demo).items == (Item("MIEL-THYM-500", 1),)
    assert parse("عطيني النص عسل الزعتر", arabic).items == (Item("ASL-ZAT-05", 1),)
    assert parse("jouj d nss kilo amlou", demo).items == (Item("AMLOU-500", 2),)


@pytest.mark.parametrize("text, lang", [
    ("Salam je veux du miel", "fr"), ("Mar7ba, je voudrais commander", "fr"),
    ("Salam, I want honey", "en"), ("salam", "ary-Latn"), ("salam bghit 2 amlou", "ary-Latn"),
])
def test_a_darija_greeting_opening_a_french_or_english_message_leaves_it_that_language(text, lang):
    assert detect_lang(text) == lang, text


def test_a_figure_inside_a_product_name_is_no_quantity():
    spices = build_index([
        {"sku": "RAS-100", "name": "Ras el hanout 7 épices 100g", "price": 30, "unit": "g",
         "size": 100},
        {"sku": "MIEL-500", "name": "Miel de thym 500g", "price": 100, "unit": "g", "size": 500}])
    assert parse("2 ras el hanout 7 épices", spices).items == (Item("RAS-100", 2),)
    assert parse("un ras el hanout 7 epices svp", spices).items == (Item("RAS-100", 1),)
    assert parse("bghit 7 ras el hanout", spices).items == (Item("RAS-100", 7),)
    assert parse("3 miel de thym", spices).items == (Item("MIEL-500", 3),)


@pytest.fixture(scope="module")
def sugar_free():
    return build_index(read_csv(ROOT / "tests" / "data" / "catalog_confitures.csv"))


@pytest.mark.parametrize("text, sku, qty", [
    ("bghit 2 confiture dyal karmous sans sucre", "CONF-FIG-SS-350", 2),
    ("je veux une confiture de figues sans sucre", "CONF-FIG-SS-350", 1),
    ("je voudrais 3 sablés sans gluten", "SABLE-SG-300", 3),
    ("بغيت جوج مربى التين بلا سكر", "CONF-FIG-SS-350", 2),
])
def test_a_negation_written_in_a_product_name_names_that_product(sugar_free, text, sku, qty):
    p = parse(text, sugar_free)
    assert [(i.sku, i.quantity, i.op) for i in p.items] == [(sku, qty, "add")]
    assert not p.removed and not p.ambiguous


def test_a_negation_outside_the_names_still_removes(sugar_free):
    assert [i.sku for i in parse("bla confiture d'abricot", sugar_free).removed] == ["CONF-ABR-350"]


def test_that_s_all_closing_an_arabic_basket_is_no_product_word():
    beldi = build_index(read_csv(ROOT / "tests" / "data" / "catalog_beldi_ar.csv"))
    p = parse("بغيت 2 بريوات و واحد الصابون البلدي هادشي كامل", beldi)
    assert [(i.sku, i.quantity) for i in p.items] == [("BRIWAT", 2), ("SABON", 1)]
    assert not p.unknown_products


@pytest.mark.parametrize("text, out, in_", [
    ("instead of the thyme honey, the orange blossom one", "MIEL-THYM", "MIEL-ORANG"),
    ("au lieu du miel de thym, le miel d'oranger", "MIEL-THYM", "MIEL-ORANG"),
])
def test_instead_of_first_swaps_the_first_product_for_the_second(demo, text, out, in_):
    p = parse(text, demo)
    removed = [s for r in p.removed for s in (getattr(r, "candidates", None) or (r.sku,))]
    added = [i.sku for i in p.items] + [s for a in p.ambiguous for s in a.candidates]
    assert removed and all(s.startswith(out) for s in removed)
    assert added and all(s.startswith(in_) for s in added)


def test_l_before_a_city_after_a_size_is_to_not_litres(demo):
    p = parse("salam bghit 2 amlou 250 l casa hay salam zanqa 2 n 4 Houda Alami", demo)
    assert [(i.sku, i.quantity) for i in p.items] == [("AMLOU-250", 2)]
    assert p.city == "Casablanca"
    assert [(i.sku, i.quantity) for i in parse("bghit 2 l zit beldia", demo).items] == [
        ("OLIVE-1L", 2)]


def test_a_swap_after_an_apology_is_a_swap(demo):
    p = parse("la sm7li, bdel amlou b ghassoul", demo)
    assert p.replace


def test_an_sms_n_between_two_order_lines_is_and(demo):
    p = parse("hi, 2 amlou 250 n 1 rose water", demo)
    assert [(i.sku, i.quantity) for i in p.items] == [("AMLOU-250", 2), ("EAU-ROSE-250", 1)]
    p = parse("2 ghassoul, hay salam zanqa 3 n 1 amlou", demo)
    assert [(i.sku, i.quantity) for i in p.items] == [("GHASSOUL-200", 2)]


@pytest.mark.parametrize("text", ["what's the difference between your two argan oils?",
                                  "quelle est la différence entre les deux huiles d'argan ?",
                                  "chno lfar9 bin joj zit argan?"])
def test_a_number_after_between_counts_what_is_compared(demo, text):
    p = parse(text, demo)
    assert not any(i.quantity for i in p.items) and not any(a.quantity for a in p.ambiguous)


@pytest.mark.parametrize("text, lines", [
    ("bghit 3 zit argan dyal lmakla 500 w jouj amlou sghar",
     [("ARGAN-ALIM-500", 3), ("AMLOU-250", 2)]),
    ("2 zit argan dyal lmakla 250 w wa7ed amlou kbir", [("ARGAN-ALIM-250", 2), ("AMLOU-500", 1)]),
])
def test_a_size_word_of_the_next_line_leaves_a_line_with_its_own_size(demo, text, lines):
    assert [(i.sku, i.quantity) for i in parse(text, demo).items] == lines


@pytest.mark.parametrize("text, lines", [
    ("bghit wa7ed kilo w nss kilo dyal amlou", [("AMLOU-500", 3)]),
    ("2 kilo w nss kilo dyal zaatar", [("MIEL-THYM-1KG", 2), ("MIEL-THYM-500", 1)]),
    ("كيلو و نص كيلو ديال عسل الزعتر", [("MIEL-THYM-1KG", 1), ("MIEL-THYM-500", 1)]),
])
def test_a_half_followed_by_its_unit_is_counted_once(demo, text, lines):
    assert [(i.sku, i.quantity) for i in parse(text, demo).items] == lines


@pytest.mark.parametrize("text, lines, other", [
    ("zaatar 2 kilo w nss kilo dyal amlou", [("MIEL-THYM-1KG", 2)], "AMLOU-500"),
    ("thyme honey 2 kg and half a kilo of amlou", [("MIEL-THYM-1KG", 2)], "AMLOU-500"),
    ("l3sel zaatar jouj kilo w nss kilo amlou", [("MIEL-THYM-1KG", 2)], "AMLOU-500"),
])
def test_a_half_after_a_product_and_before_another_is_the_others(demo, text, lines, other):
    """"2 kilo w nss" is two and a half; with a product before it and another after it, the
    half is the other's ("half a kilo of amlou"): the two were one unknown product."""
    got = parse(text, demo)
    assert [(i.sku, i.quantity) for i in got.items if i.sku != other] == lines
    assert not got.unknown_products
    assert other in {i.sku for i in got.items} | {s for a in got.ambiguous
                                                   for s in a.candidates}


def test_a_product_named_without_its_sans_qualifier_is_the_plain_one():
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_confitures.csv"))
    assert [(i.sku, i.quantity) for i in parse("trois confitures de figues", index).items] == [
        ("CONF-FIG-350", 3)]
    assert [i.sku for i in parse("confiture de figues sans sucre", index).items] == [
        "CONF-FIG-SS-350"]
    # "bla sokkar" is the Darija "sans sucre" (intents/products.yml sugar_free): the fig jam
    # without sugar, no longer "which of the two fig jams?"
    said = parse("bghit confiture dyal kermous bla sokkar", index)
    assert [i.sku for i in said.items] == ["CONF-FIG-SS-350"] and not said.ambiguous
    vague = parse("confiture bla sokkar", index)           # two jams are sold without sugar
    assert not vague.items and len(vague.ambiguous[0].candidates) == 2
    assert len(parse("confiture", index).ambiguous[0].candidates) == 4


@pytest.mark.parametrize("text", ["I want 2 amlou 250. Actually, make it 3",
                                  "bghit 2 amlou 250, la smh lia 3",
                                  "je veux 2 amlou 250, non pardon 3"])
def test_a_correction_inside_the_message_sets_the_quantity(demo, text):
    p = parse(text, demo)
    assert [(i.sku, i.quantity, i.op) for i in p.items][-1] == ("AMLOU-250", 3, "set")


@pytest.mark.parametrize("text, lines", [
    ("amlou 250g, 2 please", [("AMLOU-250", 2)]),
    ("miel de thym 1kg, 2", [("MIEL-THYM-1KG", 2)]),
    ("bghit 2 amlou 250, 3 ghassoul", [("AMLOU-250", 2), ("GHASSOUL-200", 3)]),
])
def test_a_bare_count_after_a_sized_product_counts_that_size(demo, text, lines):
    assert [(i.sku, i.quantity) for i in parse(text, demo).items] == lines


def test_a_size_said_to_be_wrong_is_taken_out(demo):
    assert [(i.sku, i.quantity) for i in parse("la smh lia safran 1 g machi 5", demo).items] == [
        ("SAFRAN-1G", 1)]
    assert [i.sku for i in parse("la smh lia safran 1 g machi 5", demo).removed] == ["SAFRAN-5G"]


def test_a_colon_ends_a_clause_but_not_a_time(demo):
    p = parse("salam, bghit nsift hdiya l khti f marrakech: 1 amlou kbir w 1 ma lward", demo)
    assert [(i.sku, i.quantity) for i in p.items] == [("AMLOU-500", 1), ("EAU-ROSE-250", 1)]
    assert "10h30" in normalise("ghda m3a 10:30").split()


@pytest.mark.parametrize("text", ["le moins cher", "the cheapest", "lrkhis", "الرخيص"])
def test_the_cheaper_one_is_a_rank_by_price(demo, text):
    # its own class (round 19): among the sizes of one product the small one, among kinds
    # the cheapest by the kilo (tests/test_probes_r19_p19price.py)
    assert parse(text, demo).size_hint == "cheap"


def test_herbs_are_named_in_every_language():
    # "fresh mint" was dropped from an order of a catalog that sells "Menthe fraîche
    # (naanaa) botte": the parcel came without it
    herbs = build_index(read_csv(ROOT / "tests" / "data" / "catalog_halwa.csv"))
    found = parse("hello I need 4 bunches of fresh mint and a pack of chiba", herbs)
    assert [(i.sku, i.quantity) for i in found.items] == [("NAANAA-BOTTE", 4), ("CHIBA-50", 1)]
    found = parse("bghit verveine w pennyroyal", herbs)
    assert {i.sku for i in found.items} == {"LOUIZA-50", "FLIYO-50"}
    pantry = build_index(read_csv(ROOT / "tests" / "data" / "catalog_pantry.csv"))
    assert [i.sku for i in parse("bghit the a la menthe", pantry).items] == ["THE-250"]


def test_a_count_and_size_after_a_sized_product_word_is_the_other_size_of_it():
    # "bidon" is only in the 5L's name: "… et une bouteille de 1L" is the 1L of the same oil
    # (it was dropped, and a 5L left to ask about)
    oils = build_index(read_csv(ROOT / "tests" / "data" / "catalog_zitmiel.csv"))
    found = parse("ok je prends deux bidons de 5L et une bouteille de 1L", oils)
    assert [(i.sku, i.quantity) for i in found.items] == [("HUILE-OLIVE-5L", 2),
                                                          ("HUILE-OLIVE-1L", 1)]
    assert not found.ambiguous


def test_a_count_denied_after_a_counted_product_is_no_removal():
    # "la, bghit jouj kilo mejhoul machi wa7ed": two kilos, not the Mejhoul taken out
    dates = build_index(read_csv(ROOT / "tests" / "data" / "catalog_dattes.csv"))
    found = parse("la, bghit jouj kilo mejhoul machi wa7ed", dates)
    assert [(i.sku, i.quantity) for i in found.items] == [("MEJHOUL-1KG", 2)]
    assert not found.removed
    assert parse("safran 1 g machi 5", build_index(read_csv(
        ROOT / "tests" / "data" / "catalog_safran.csv"))).removed   # another size: removed


def test_a_product_named_again_after_a_line_of_its_family_is_the_other_product():
    # "5 زيت حبة السودا و 3 حبة السودا": the seeds after the seed oil (the oil's family was
    # lent to the second line, and eight bottles of oil were ordered)
    herbs = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7ary_a3chab.csv"))
    found = parse("بغيت 5 ديال زيت حبة السودا و 3 حبة السودا", herbs)
    assert [(i.sku, i.quantity) for i in found.items] == [("HB-02", 5), ("HB-01", 3)]


@pytest.mark.parametrize("text, sku", [
    ("جبن البقر وحدة", "VCH-JB-500"),
    ("jben dyal lb9ra", "VCH-JB-500"),
    ("1 goat cheese with thyme", "CHV-JB-ZAA"),
    ("bghit zebda", "ZEBDA-500"),
    ("un beurre beldi", "ZEBDA-500"),
])
def test_dairy_words_name_the_milk_and_the_product(text, sku):
    # a goat dairy's sheet: cow's cheese was read as the goat one (no word for cheese, cow,
    # goat or butter; "beurre" was smen)
    dairy = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7ary_chaouen.csv"))
    assert [i.sku for i in parse(text, dairy).items] == [sku]


@pytest.mark.parametrize("text, removed, added", [
    ("بدل الشيح بالمرددوش", "HB-04", "HB-05"),
    ("بدل الشيح ب المرددوش", "HB-04", "HB-05"),
])
def test_a_swap_with_the_joiner_stuck_to_the_new_product(text, removed, added):
    # "بالمرددوش": "with the marjoram" in one word; both herbs were one line, nothing sold
    herbs = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7ary_a3chab.csv"))
    found = parse(text, herbs)
    assert [i.sku for i in found.removed] == [removed]
    assert [i.sku for i in found.items] == [added] and found.replace


@pytest.mark.parametrize("text", ["is this the honey shop?", "hi is this the argan coop?",
                                  "c'est bien la boutique de miel ?",
                                  "wach hada l7anout dyal l3sel?"])
def test_a_product_word_describing_the_shop_orders_nothing(demo, text):
    """"Is this the honey shop?" asks who they are: a greeting, no "which honey?" and no
    question for the cooperative."""
    result = parse(text, demo)
    assert result.intent == "greet" and not result.items and not result.ambiguous
    assert not result.question and result.topic is None


@pytest.mark.parametrize("text, sku, qty", [
    ("is this the honey shop? I want 2 amlou 500g", "AMLOU-500", 2),
    ("2 amlou 500g from your shop please", "AMLOU-500", 2),
])
def test_an_order_beside_the_shop_word_still_orders(demo, text, sku, qty):
    assert (sku, qty) in {(i.sku, i.quantity) for i in parse(text, demo).items}


@pytest.mark.parametrize("text, sku, qty", [
    ("the fresh one please, 2", "CHV-FRAIS-250", 2),
    ("the aged one. 2 of them", "CHV-AFFINE-500", 2),
    ("the fresh one x2", "CHV-FRAIS-250", 2), ("the fresh one", "CHV-FRAIS-250", 1),
    ("I want the aged one and 2 raib", "CHV-AFFINE-500", 1),
])
def test_one_after_a_product_word_stands_for_it_when_its_line_counts(text, sku, qty):
    """"The fresh one please, 2" is two fresh cheeses, not one and two more; "the aged one
    and 2 raib" is one aged (the two count the raib)."""
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7en_chevre.csv"))
    assert (sku, qty) in {(i.sku, i.quantity) for i in parse(text, index).items}


@pytest.mark.parametrize("text", ["2 eaux de fleur d'oranger", "2 eaux de rose"])
def test_french_waters_in_the_plural(text):
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7en_hammam.csv"))
    rose = build_index(read_csv(ROOT / "tests" / "data" / "catalog_cosmetique.csv"))
    result = parse(text, rose if "rose" in text else index)
    counts = [i.quantity for i in result.items] + [a.quantity for a in result.ambiguous]
    assert counts == [2]


@pytest.mark.parametrize("text, qty", [
    ("half a dozen rose soaps", 6), ("une demi-douzaine de savons à la rose", 6),
    ("je veux une demi douzaine de savons a la rose", 6), ("a dozen rose soaps", 12),
])
def test_half_a_dozen_is_six(text, qty):
    """"Half a dozen" read no count (then "that's all" placed one)."""
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7en_roses.csv"))
    assert [(i.sku, i.quantity) for i in parse(text, index).items] == [("WR-SAVON", qty)]


@pytest.mark.parametrize("text", ["I'd like 2 black soaps, the eucalyptus ones",
                                  "2 black soaps, eucalyptus",
                                  "je veux 2 savons noirs, ceux à l'eucalyptus"])
def test_a_qualifier_after_a_comma_says_which_kind_of_the_line_before(text):
    """"2 black soaps, the eucalyptus ones": two eucalyptus soaps, not one and an open
    "which black soap?" for two more."""
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7en_hammam.csv"))
    result = parse(text, index)
    assert [(i.sku, i.quantity) for i in result.items] == [("HM-SN-EUC-250", 2)]
    assert not result.ambiguous


@pytest.mark.parametrize("text, lines", [
    ("bonjour je voudrais de la tchicha et de la belboula, 2 kg chacune",
     [("ZR-TCHICHA-1KG", 2), ("ZR-BELBOULA-1KG", 2)]),
    ("barley flour and tchicha, 3 of each", [("ZR-ORGE-FARINE-1KG", 3), ("ZR-TCHICHA-1KG", 3)]),
    ("2 barley flour and 1 tchicha", [("ZR-ORGE-FARINE-1KG", 2), ("ZR-TCHICHA-1KG", 1)]),
    # the count before the products, on no product of its own; a size is not a count
    ("2 of each: carob 500g and barley flour",
     [("ZR-KHARROUB-500", 2), ("ZR-ORGE-FARINE-1KG", 2)]),
    ("i want 2 of each, carob 1kg and dchicha", [("ZR-KHARROUB-1KG", 2), ("ZR-TCHICHA-1KG", 2)]),
    # the count after the last product is the sized one's too
    ("carob 500g and barley flour, 2 of each",
     [("ZR-KHARROUB-500", 2), ("ZR-ORGE-FARINE-1KG", 2)]),
])
def test_one_quantity_with_each_is_every_named_products(text, lines):
    """"Tchicha et belboula, 2 kg chacune": two of each (the tchicha had no count, and
    "c'est tout" then placed one)."""
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7en_mtahen.csv"))
    assert [(i.sku, i.quantity) for i in parse(text, index).items] == lines


# -- a product phrase with one misspelt word ---------------------------------------------------

@pytest.fixture(scope="module")
def halwa():
    return build_index(read_csv(ROOT / "tests" / "data" / "catalog_halwa.csv"))


def test_a_product_phrase_with_one_misspelt_word_is_still_that_product(halwa):
    # "cornes de gazlle" was "we don't sell cornes": a phrase of the lexicon with one later
    # word one or two edits away is read as the phrase, marked as guessed (fuzzy)
    p = parse("bghit 2 cornes de gazlle boite", halwa)
    assert p.items == (Item("CORNES-BOITE-24", 2, "add"),) and not p.unknown_products
    assert p.guessed


def test_a_misspelt_word_is_never_a_known_word_nor_the_first_one(demo, halwa):
    # "flour" is a word of its own, not a typo of "fleur": the honeys are asked about
    assert not parse("2 miel de flour", demo).items
    assert parse("2 miel de flour", demo).ambiguous
    # the first word of a phrase must be as written (the phrase is looked up from it)
    assert parse("bghit 2 cornas de gazelle boite", halwa).items == ()


def test_a_word_of_the_catalog_is_no_typo_of_a_lexicon_phrase():
    # "حبة السودا" is the sheet's own spelling (the lexicon writes السوداء): read as the
    # catalog's words, so "جوج حبة السودا و زيت حبة السودا وحدة" stays two seeds and one oil
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7ary_a3chab.csv"))
    p = parse("بغيت جوج حبة السودا و زيت حبة السودا وحدة", index)
    assert {i.sku: i.quantity for i in p.items} == {"HB-01": 2, "HB-02": 1}


@pytest.mark.parametrize("text", ["Hi I'd like rose water, one big one small",
                                  "rose water one big one small",
                                  "rose water: one big, one small"])
def test_one_big_one_small_after_a_comma_is_two_lines(text):
    """"rose water, one big one small": the comma cut the sizes from the product, and the two
    counts with their sizes were read as one line of the small one (a wrong parcel)."""
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7en_roses.csv"))
    assert sorted((i.sku, i.quantity) for i in parse(text, index).items) == [
        ("WR-EAU-1L", 1), ("WR-EAU-250", 1)]


@pytest.mark.parametrize("text, lines", [
    ("no wait make that 2 argan and 1 olive", [("SAV-ARGAN", 2), ("SAV-OLIVE", 1)]),
    ("no actually 2 argan soaps", [("SAV-ARGAN", 2)]),
])
def test_no_then_a_correction_word_takes_back_what_was_said(text, lines):
    """"no wait make that 2 argan and 1 olive": the "no" took the argan soaps out of the cart
    (one olive soap was sent instead of two argan and one olive)."""
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r8en_savon.csv"))
    result = parse(text, index)
    assert [(i.sku, i.quantity, i.op) for i in result.items] == [(s, q, "set") for s, q in lines]
    assert not result.removed


def test_no_before_a_product_alone_still_removes_it():
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r8en_savon.csv"))
    assert [i.sku for i in parse("no argan", index).removed] == ["SAV-ARGAN"]


@pytest.mark.parametrize("text, lines", [
    ("2 green olives and 1 black", [("OLV-VERTE-500", 2), ("OLV-NOIRE-500", 1)]),
    ("2 green olives, 1 black", [("OLV-VERTE-500", 2), ("OLV-NOIRE-500", 1)]),
])
def test_a_colour_with_a_count_after_a_product_is_that_products(text, lines):
    """"2 green olives and 1 black": the black olives too (the "1 black" was dropped)."""
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r8en_zitoun.csv"))
    assert [(i.sku, i.quantity) for i in parse(text, index).items] == lines


@pytest.mark.parametrize("text, lines", [
    ("hi, 2 goat cheeses please, one fresh and one with herbs",
     [("CHV-FRAIS-250", 1), ("CHV-HERBES-200", 1)]),
    ("3 goat cheeses: 2 fresh, 1 aged", [("CHV-FRAIS-250", 2), ("CHV-AFFINE-500", 1)]),
    ("one fresh goat cheese and one with herbs", [("CHV-FRAIS-250", 1), ("CHV-HERBES-200", 1)]),
])
def test_kinds_whose_counts_add_up_to_the_count_said_are_the_order(text, lines):
    """"2 goat cheeses, one fresh and one with herbs": one of each, nothing to ask (two
    fresh ones were counted, or a third line asked "which goat cheese?" for two more)."""
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7en_chevre.csv"))
    result = parse(text, index)
    assert [(i.sku, i.quantity) for i in result.items] == lines
    assert not result.ambiguous


@pytest.mark.parametrize("catalog, text, lines", [
    # a count after a product said with its container only is how many containers
    ("catalog_r7en_cactus.csv", "a few jars of prickly pear jam, 4 should do",
     [("AKN-CONF-250", 4, "add")]),
    # the count taken back after "instead of" / "not" / "au lieu de" is no more
    ("catalog_r7en_roses.csv", "make it 3 creams instead of 2", [("WR-CREME-50", 3, "set")]),
    ("catalog_r7en_roses.csv", "3 creams not 2", [("WR-CREME-50", 3, "set")]),
    ("catalog_r7en_roses.csv", "je veux 3 crèmes au lieu de 2", [("WR-CREME-50", 3, "set")]),
    # a price said picks the one of several that costs it
    ("catalog_r7en_roses.csv", "rose water, 2 of the 35dh one", [("WR-EAU-250", 2, "add")]),
    ("catalog_r7en_roses.csv", "rose water, the 110 dh one", [("WR-EAU-1L", 1, "add")]),
])
def test_containers_taken_back_counts_and_prices_make_no_wrong_count(catalog, text, lines):
    """"a few jars of jam, 4 should do" was 5 jars, "3 creams instead of 2" 5 creams, and
    "2 of the 35dh one" two of the 1 L (the "one" read as its size)."""
    index = build_index(read_csv(ROOT / "tests" / "data" / catalog))
    assert [(i.sku, i.quantity, i.op) for i in parse(text, index).items] == lines


def test_a_price_per_unit_picks_no_size():
    """"3sel zaatar b 220 dh l kilo": a price per kilo, still "which one?"."""
    index = build_index(read_csv(DEMO))
    result = parse("bghit 3sel zaatar b 220 dh l kilo", index)
    assert not result.items and result.ambiguous


def test_x_instead_of_y_replaces_y():
    index = build_index(read_csv(ROOT / "tests" / "data" / "catalog_r7en_roses.csv"))
    result = parse("i'll take the soap instead of the cream", index)
    assert [i.sku for i in result.items] == ["WR-SAVON"]
    assert [i.sku for i in result.removed] == ["WR-CREME-50"] and result.replace


@pytest.mark.parametrize("catalog, text, lines", [
    ("catalog_r7en_roses.csv", "3 rose waters, the 1L", [("WR-EAU-1L", 3)]),
    ("catalog_r7en_chevre.csv", "raib pack of 4, 2 packs", [("RAIB-X4", 2)]),
    ("catalog_r7en_chevre.csv", "2 goat cheese with herbs 200g", [("CHV-HERBES-200", 2)]),
    ("catalog_r7en_hammam.csv", "2 black soaps with eucalyptus 250g", [("HM-SN-EUC-250", 2)]),
])
def test_a_size_or_a_container_after_a_count_says_which_not_how_many_more(catalog, text, lines):
    """"3 rose waters, the 1L" was one litre and "which rose water?" for three more; "raib
    pack of 4, 2 packs" three packs; "2 goat cheese with herbs 200g" one herb cheese and
    "which goat cheese?" for two."""
    index = build_index(read_csv(ROOT / "tests" / "data" / catalog))
    result = parse(text, index)
    assert [(i.sku, i.quantity) for i in result.items] == lines and not result.ambiguous


@pytest.fixture(scope="module")
def zitoun():
    return build_index(read_csv(ROOT / "tests" / "data" / "catalog_r8en_zitoun.csv"))


@pytest.mark.parametrize("text, sku, qty", [
    # the size after a comma is each bottle's (it was one 1 L, and three in the conversation)
    ("two bottles of olive oil, 1 litre each", "ZIT-EV-1L", 2),
    ("hi i'd like two bottles of the extra virgin olive oil, 1 litre each", "ZIT-EV-1L", 2),
    ("2 bouteilles d'huile d'olive, 1 litre chacune", "ZIT-EV-1L", 2),
    # the size said wins over the container word: the 5 L is a "bidon" (it was 10 × the 1 L)
    ("2 bottles of olive oil 5L", "ZIT-EV-5L", 2),
    ("2 bottles of olive oil, 5L", "ZIT-EV-5L", 2),
    # a count glued to a size by a times sign (it was one unknown word: "how many?" again)
    ("olive oil 2x1L", "ZIT-EV-1L", 2),
    ("2x1L olive oil", "ZIT-EV-1L", 2),
    ("zit zitoun 1Lx2", "ZIT-EV-1L", 2),
    ("3x500g green olives", "OLV-VERTE-500", 3),
    ("x2 olive oil 1L", "ZIT-EV-1L", 2),
])
def test_a_count_of_containers_and_a_size_say_how_many_of_that_size(zitoun, text, sku, qty):
    p = parse(text, zitoun)
    assert p.items == (Item(sku, qty, "add"),) and not p.ambiguous


def test_a_container_without_a_size_still_asks_which(zitoun):
    p = parse("2 bottles of olive oil", zitoun)
    assert not p.items and p.ambiguous and "ZIT-EV-5L" not in p.ambiguous[0].candidates



@pytest.mark.parametrize("text, items, asked", [
    # a measure after a product, then a count of its own: the measure is that product's size
    ("1 amlou 250g 2 miel de thym", {("AMLOU-250", 1)}, {("miel de thym", 2)}),
    ("2 amlou 500 g 1 ghassoul", {("AMLOU-500", 2), ("GHASSOUL-200", 1)}, set()),
    # a measure before the next product stays that product's ("1kg … 2 kg …")
    ("1kg miel de thym 2 kg miel d'oranger", {("MIEL-THYM-1KG", 1), ("MIEL-ORANG-1KG", 2)},
     set()),
])
def test_a_measure_between_two_counted_products_sizes_the_first(demo, text, items, asked):
    result = parse(text, demo)
    assert {(i.sku, i.quantity) for i in result.items} == items
    assert {(a.text, a.quantity) for a in result.ambiguous} == asked


def _pottery():
    rows = [("TJ-25", "Tajine de cuisson 25 cm (2 pers)", ["tagine"]),
            ("TJ-30", "Tajine de cuisson 30 cm (4 pers)", []),
            ("TJ-35", "Tajine de cuisson 35cm (6 pers)", []),
            ("PLAT-30", "Plat de service 30cm", []),
            ("BOLS", "Lot de 6 bols en terre cuite", ["bowls"])]
    return build_index([{"sku": sku, "name": name, "price": 100, "unit": "piece", "size": 1,
                         "aliases": aliases} for sku, name, aliases in rows])


@pytest.mark.parametrize("text, items", [
    # a length or a number of people says which size, never how many
    ("2 tajines de 25cm", {("TJ-25", 2)}),
    ("a tagine 30 cm please", {("TJ-30", 1)}),       # "a" opening it: one (not 30)
    ("one tagine for 6 people", {("TJ-35", 1)}),
    ("un tajine pour 4 personnes", {("TJ-30", 1)}),
    # "a set of 6 bowls" is one set ("Lot de 6 bols"), not seven
    ("a set of 6 bowls", {("BOLS", 1)}),        # one set (w21lots: it was asked), not 6 or 7
    ("2 lots de 6 bols", {("BOLS", 2)}),
])
def test_sizes_said_in_cm_or_people_and_packs_of_n_are_no_counts(text, items):
    result = parse(text, _pottery())
    assert {(i.sku, i.quantity) for i in result.items} == items and not result.ambiguous


def test_a_question_about_a_size_in_people_lists_only_that_size():
    result = parse("vous avez des tajines pour 6 personnes ?", _pottery())
    assert [i.sku for i in result.items] == ["TJ-35"]


def test_how_big_asks_about_the_sizes_and_picks_none():
    result = parse("how big are your tagines?", _pottery())
    assert not result.items and set(result.ambiguous[0].candidates) == {"TJ-25", "TJ-30", "TJ-35"}


@pytest.mark.parametrize("text, items", [
    ("a 500g jar of each, amlou and miel de thym", {("AMLOU-500", 1), ("MIEL-THYM-500", 1)}),
    ("500g of each: amlou and miel de thym", {("AMLOU-500", 1), ("MIEL-THYM-500", 1)}),
])
def test_a_measure_of_each_sizes_every_product_named(demo, text, items):
    result = parse(text, demo)
    assert {(i.sku, i.quantity) for i in result.items} == items and not result.ambiguous


@pytest.mark.parametrize("text, items, asked", [
    # the count of the line before, and its size where the product comes in it
    ("2 amlou 500g and the same for the miel de thym", {("AMLOU-500", 2), ("MIEL-THYM-500", 2)},
     set()),
    ("2 amlou 250g et pareil pour le miel de thym", {("AMLOU-250", 2)}, {("miel de thym", 2)}),
])
def test_the_same_for_another_product_takes_the_count_and_size_before(demo, text, items, asked):
    result = parse(text, demo)
    assert {(i.sku, i.quantity) for i in result.items} == items
    assert {(a.text.split()[-1], a.quantity) for a in result.ambiguous} == \
        {(t.split()[-1], q) for t, q in asked}


def test_a_typo_before_a_figure_of_a_name_keeps_it_in_the_name():
    index = build_index([{"sku": "BOX-6", "name": "Coffret découverte 6 épices", "price": 150,
                          "unit": "piece", "size": 1, "aliases": []},
                         {"sku": "CUMIN", "name": "Cumin 100g", "price": 20, "unit": "g",
                          "size": 100, "aliases": []}])
    assert [(i.sku, i.quantity) for i in parse("je voudrais 2 Coffret découerte 6 épices",
                                                index).items] == [("BOX-6", 2)]


SOAPS = ROOT / "tests" / "data" / "catalog_r8en_savon.csv"


@pytest.mark.parametrize("text, lines", [
    ("I need 4 soaps: 2 honey 2 olive", [("SAV-MIEL", 2), ("SAV-OLIVE", 2)]),
    ("4 soaps, 2 honey and 2 olive", [("SAV-MIEL", 2), ("SAV-OLIVE", 2)]),
    ("bghit 3 sabounat, 2 dyal l3sel w wa7ed dyal zitoun", [("SAV-MIEL", 2), ("SAV-OLIVE", 1)]),
    ("I need 4 soaps 2 honey and 2 olive", [("SAV-MIEL", 2), ("SAV-OLIVE", 2)]),
])
def test_a_count_of_a_kind_announcing_its_lines_is_no_line_of_its_own(text, lines):
    """The total before a comma or colon is the sum of the lines after it: no "which soap?".
    So is a total the lines add up to right after it, with no "and" between (round 14)."""
    got = parse(text, build_index(read_csv(SOAPS)))
    assert [(i.sku, i.quantity) for i in got.items] == lines and got.ambiguous == ()


@pytest.mark.parametrize("text", ["4 soaps: 2 honey 1 olive", "2 soaps and 1 honey and 1 olive",
                                  "I need 4 soaps and 2 honey and 2 olive"])
def test_a_count_of_a_kind_that_is_not_the_sum_after_a_comma_is_still_asked(text):
    """Not adding up, or joined to the total by "and": the soaps' "which one?" stays."""
    got = parse(text, build_index(read_csv(SOAPS)))
    assert len(got.ambiguous) == 1 and got.ambiguous[0].quantity in (2, 4)


@pytest.mark.parametrize("text, lines", [
    ("je prends une dizaine de savons au miel", [("SAV-MIEL", 10)]),
    ("une douzaine de savons lavande svp", [("SAV-LAV", 12)]),
    ("a dozen rose soaps", [("SAV-ROSE", 12)]),
])
def test_a_dozen_and_about_ten_are_counts(text, lines):
    """"Une douzaine" was one ("une"), "une dizaine" one too."""
    got = parse(text, build_index(read_csv(SOAPS)))
    assert [(i.sku, i.quantity) for i in got.items] == lines


KHARROUB = ROOT / "tests" / "data" / "catalog_r9ary_kharroub.csv"


@pytest.mark.parametrize("text, lines", [
    ("I want one Pâte à tartiner caroube et amandes 350g", [("KHR-PATE-350", 1)]),
    ("i want two pate a tartiner", [("KHR-PATE-350", 2)]),
    ("one Coffret découverte caroube (poudre + mélasse + pâte)", [("KHR-COFFRET", 1)]),
])
def test_words_inside_a_name_are_no_counts_nor_lines(text, lines):
    """The "à" of "Pâte à tartiner" is no English "a" (it counted one more); a gift box's
    contents copied without their sizes are the box's, not three more lines."""
    got = parse(text, build_index(read_csv(KHARROUB)))
    assert [(i.sku, i.quantity) for i in got.items] == lines and got.ambiguous == ()


ROSES = ROOT / "tests" / "data" / "catalog_r7en_roses.csv"


@pytest.mark.parametrize("text", [
    "hi, how much is rose water? we are 2 families so maybe 4 bottles",
    "we are 2 families, 4 bottles of rose water please",
])
def test_a_number_of_households_is_no_count(text):
    """"we are 2 families": who the order is for; "4 bottles" of rose water comes in two
    sizes and is asked (the 2 and the 4 together picked the 1 L, offered alone as 4 × 1 L)."""
    got = parse(text, build_index(read_csv(ROSES)))
    skus = {i.sku for i in got.items} | {s for a in got.ambiguous for s in a.candidates}
    assert skus == {"WR-EAU-250", "WR-EAU-1L"} and not got.asked_counts
