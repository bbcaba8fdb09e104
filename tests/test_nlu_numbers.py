"""Numbers, fractions and quantity expressions."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.nlu.grammar import tag_tokens  # noqa: E402
from bot.nlu.numbers import MAX_NUMBER, parse_number, read_quantity  # noqa: E402
from bot.nlu.parser import split_lines  # noqa: E402
from bot.nlu.textnorm import tokens  # noqa: E402

KG, G = 1_000_000, 1000


def quantity(text):
    lines = split_lines(tag_tokens(tokens(text)))
    assert len(lines) == 1, lines
    return read_quantity(lines[0].quantity)


def test_parse_number():
    assert parse_number("2") == 2
    assert parse_number("1.5") == 1.5
    assert parse_number("1\u20442") == 0.5
    assert parse_number("1\u20440") is None
    assert parse_number("99999999999999") == MAX_NUMBER
    assert parse_number("abc") is None


def test_number_words_in_every_language():
    for text in ("jouj", "joj", "zouj", "جوج", "زوج", "deux", "two", "2", "٢"):
        assert quantity(text).count == 2, text
    for text in ("tlata", "تلاتة", "trois", "three"):
        assert quantity(text).count == 3, text
    assert quantity("3chra").count == 10


def test_measures():
    assert quantity("2 kilo").measure == 2 * KG
    assert quantity("kilo").measure == KG
    assert quantity("nss kilo").measure == KG // 2
    assert quantity("kilo w nss").measure == 3 * KG // 2
    assert quantity("كيلو ونص").measure == 3 * KG // 2
    assert quantity("ربع كيلو").measure == KG // 4
    assert quantity("un demi kilo").measure == KG // 2
    assert quantity("deux kilos et demi").measure == 5 * KG // 2
    assert quantity("one and a half kilo").measure == 3 * KG // 2
    assert quantity("half a kilo").measure == KG // 2
    assert quantity("500g").measure == 500 * G
    assert quantity("25cl").measure == 250 * G
    assert quantity("1L").measure == KG
    assert quantity("1.5kg").measure == 3 * KG // 2


def test_counts_and_containers():
    assert quantity("jouj d l9ra3i").count == 2
    assert quantity("tlata bocalat").count == 3
    assert quantity("x3").count == 3
    assert quantity("3 fois").count == 3
    assert quantity("bocal").count == 1
    q = quantity("2 pots de 500g")
    assert (q.count, q.measure) == (2, 500 * G)
    q = quantity("500g x2")
    assert (q.count, q.measure) == (2, 500 * G)


def test_bare_letters_are_not_units():
    assert split_lines(tag_tokens(tokens("l"))) == []  # an article, not a litre
    assert quantity("2 l").measure == 2 * KG


ORDINALS = [("الثاني", 2), ("التانية", 2), ("tani", 2), ("le deuxième", 2), ("the 2nd one", 2),
            ("2eme", 2), ("la 1ère", 1), ("lowel", 1), ("الأولى", 1), ("first", 1),
            ("talt 3afak", 3), ("3rd", 3), ("الرابع", 4), ("lakher", -1), ("le dernier", -1),
            ("the last one", -1)]


def test_an_ordinal_alone_is_a_position_not_a_quantity():
    from bot import nlu
    from bot.catalog import read_csv
    catalog = read_csv("coops/demo/catalog.csv")
    for text, position in ORDINALS:
        p = nlu.parse(text, catalog)
        assert (p.ordinal, p.number) == (position, None), text
        assert p.intent == "order", text           # an answer, never "la" = no
    for text in ("bghit 2 kilo l3sel zaatar", "first I want 2 kilo honey", "tani 2 amlou",
                 "2 kg", "le 2 et le 3"):
        assert nlu.parse(text, catalog).ordinal is None, text
    assert nlu.parse("the second one", catalog).number is None     # "one" is a pronoun
    assert nlu.parse("1er", catalog).ordinal == 1 and nlu.parse("1kg", catalog).ordinal is None


# --- numbers that are never quantities (issue 14, item 1) ---------------------------

from bot.catalog import read_csv  # noqa: E402
from bot.nlu import build_index, parse  # noqa: E402
from bot.nlu.numbers import non_quantities  # noqa: E402

_DEMO = build_index(read_csv(
    Path(__file__).resolve().parents[1] / "coops" / "demo" / "catalog.csv"))


def _lines(text):
    return {(i.sku, i.quantity) for i in parse(text, _DEMO).items}


def _kinds(text):
    words = tokens(text)
    return {words[i]: kind for i, kind in non_quantities(words).items()}


def test_phone_numbers_are_never_quantities():
    assert _lines("bghit 2 amlou 250 nmra dyali 06 12 34 56 78") == {("AMLOU-250", 2)}
    assert _lines("bghit amlou 250, 0612345678") == {("AMLOU-250", 1)}
    assert _lines("amlou 500 +212 6 12 34 56 78") == {("AMLOU-500", 1)}
    result = parse("0612345678", _DEMO)
    assert (result.intent, result.number, result.phone) == ("unknown", None, "0612345678")
    assert parse("06 12 34 56 78", _DEMO).phone == "0612345678"
    assert _lines("bghit 99999999999 kilo zaatar") == {("MIEL-THYM-1KG", MAX_NUMBER)}


def test_dates_times_and_prices_are_never_quantities():
    assert _lines("2 amlou 500 w sifto nhar 15") == {("AMLOU-500", 2)}
    assert _lines("je veux 2 amlou 500g livré le 15 mars") == {("AMLOU-500", 2)}
    assert _lines("2 amlou 250 livraison 15/12") == {("AMLOU-250", 2)}
    assert _lines("bghit amlou 250 f 15h") == {("AMLOU-250", 1)}
    assert _lines("2 amlou 250 vers 15:30") == {("AMLOU-250", 2)}
    assert _lines("bghit amlou 250 b 120 dh") == {("AMLOU-250", 1)}
    assert _lines("un amlou 500g à 90 dirhams") == {("AMLOU-500", 1)}
    assert _lines("بغيت أملو 250 ب 120 درهم") == {("AMLOU-250", 1)}
    assert parse("nhar 15", _DEMO).number is None
    assert _kinds("10 d sba7") == {"10": "time", "sba7": "time"}
    assert _kinds("march 15") == {"march": "date", "15": "date"}
    assert _kinds("1/2 kilo") == {} and _kinds("3/4") == {}


def test_order_numbers_and_bare_sizes():
    for text in ("T-1042", "fin wslat commande 1042", "ma commande T-1042 n'est pas arrivée",
                 "where is order #1042"):
        result = parse(text, _DEMO)
        assert (result.intent, result.order_ref, result.number) == ("status", "1042", None), text
    assert parse("commande 1042 amlou", _DEMO).ambiguous[0].quantity is None
    assert _lines("bghit lamlou dyal 250") == {("AMLOU-250", 1)}
    assert _kinds("b 120") == {} and _kinds("x 100") == {}


def test_more_ways_to_write_phones_dates_and_times():
    assert parse("2 amlou 250 06.12.34.56.78", _DEMO).phone == "0612345678"
    assert parse("2 amlou 250 (+212) 612345678", _DEMO).phone == "212612345678"
    assert parse("٠٦١٢٣٤٥٦٧٨ بغيت جوج أملو 250", _DEMO).phone == "0612345678"
    assert _lines("2 amlou 250 le 15/12/2026") == {("AMLOU-250", 2)}
    assert _lines("2 amlou 250 ghda m3a 3") == {("AMLOU-250", 2)}
    assert _lines("amlou 250 m3a 3 ghassoul") == {("AMLOU-250", 1), ("GHASSOUL-200", 3)}
    assert _lines("2 amlou 250 nhar l7ed 10 d sba7") == {("AMLOU-250", 2)}


def test_house_numbers_are_never_quantities():
    assert _kinds("hotel anezi room 512") == {"512": "address"}
    assert _kinds("hay mohammadi bloc 4 n 88") == {"4": "address", "88": "address"}
    assert _kinds("12 rue des orangers") == {"12": "address"}
    assert _kinds("raqm 3") == {} and parse("raqm 3", _DEMO).number == 3   # picks from a list
    assert _lines("3tini 2 ghassoul, zanqa 12 raqm 4") == {("GHASSOUL-200", 2)}
    result = parse("2 zit zitoun 1L w 1 zaafran 1g, Kevin Brooks, Agadir, Hotel Anezi room 512",
                   _DEMO)
    assert {(i.sku, i.quantity) for i in result.items} == {("OLIVE-1L", 2), ("SAFRAN-1G", 1)}


def test_the_unit_a_price_is_for_is_no_quantity():
    assert _kinds("200 dh l kilo") == {"200": "price", "dh": "price", "l": "price", "kilo": "price"}
    arabic = build_index(read_csv(Path(__file__).resolve().parents[1] / "tests" / "data"
                                  / "catalog_arabic.csv"))
    parsed = parse("بغيت عسل السدر ب 200 درهم للكيلو", arabic)
    assert [(i.sku, i.quantity) for i in parsed.items] == [
        ("ASL-SDR-1", None)]
    result = parse("bghit 2 zaatar li b 220 dh l kilo", _DEMO)
    assert result.ambiguous[0].quantity == 2 and result.items == ()
