"""The catalog sweep (bot/evals/catalog_sweep.py): its generator, its scoring, and the
ceiling on wrong orders over every catalog of the project."""

from __future__ import annotations

import pytest

from bot.evals import catalog_sweep as sweep
from bot.nlu import Ambiguity, Item, Parse

CATALOG = [
    {"sku": "THYM-500", "name": "Miel de thym 500g", "unit": "g", "size": 500.0,
     "aliases": ["3sel zaatar"], "price": 1.0},
    {"sku": "THYM-1KG", "name": "Miel de thym 1kg", "unit": "kg", "size": 1.0,
     "aliases": [], "price": 1.0},
    {"sku": "JBEN", "name": "Jben de vache 500 gr", "unit": "g", "size": 500.0,
     "aliases": [], "price": 1.0},
    {"sku": "KESSA", "name": "Kessa (gant)", "unit": "piece", "size": 1.0,
     "aliases": [], "price": 1.0},
]


@pytest.fixture(scope="module")
def words():
    return sweep.load_words()


@pytest.fixture(scope="module")
def probes(words):
    return sweep.probes("t", CATALOG, words)


def test_base_name_cuts_the_size_in_any_format(words):
    assert sweep.base_name("Miel de thym 500g", words) == "Miel de thym"
    assert sweep.base_name("Jben de vache 500 gr", words) == "Jben de vache"
    assert sweep.base_name("الحلبة نص كيلو", words) == "الحلبة"
    assert sweep.base_name("عسل الزعتر 1كلغ", words) == "عسل الزعتر"
    assert sweep.base_name("Ghriba aux amandes boîte de 24", words) == \
        "Ghriba aux amandes boîte de 24"


def test_size_forms_come_from_the_units_and_numbers_files(words):
    half = dict((text, kind) for kind, text in sweep.size_forms(CATALOG[0], "ary-Arab", words))
    assert half["500g"] == "label"
    assert any(kind == "fraction" and "نص" in text for text, kind in half.items())
    assert any(kind == "symbol" and text.startswith("½") for text, kind in half.items())
    kilo = [text for _kind, text in sweep.size_forms(CATALOG[1], "fr", words)]
    assert "1kg" in kilo and any(t.startswith("1000 ") for t in kilo)
    assert sweep.size_forms(CATALOG[3], "fr", words) == []


def test_every_row_is_named_every_way_in_every_language(probes):
    texts = {p.text for p in probes}
    assert {p.target for p in probes} == {p["sku"] for p in CATALOG}
    assert {p.lang for p in probes} == set(sweep.LANGS)
    assert {p.naming for p in probes} == {"full", "base", "sized", "alias", "alias+sized",
                                          "by the unit", "typo", "pair"}
    assert sweep.misspelt("Amlou aux amandes 250g") == "Amlou aux amades 250g"
    assert sweep.misspelt("Miel de thym") is None          # no word of five letters
    assert any(p.naming == "typo" and "Jben de vahe" in p.text for p in probes)
    assert {p.count for p in probes} == {1, 2, 3}
    assert {p.count_form for p in probes} == {"digits", "words", "none", "eastern digits"}
    assert all(p.count == 1 for p in probes if p.count_form == "none")
    assert any("جوج" in t or "زوج" in t for t in texts) and any("٢" in t for t in texts)
    assert any(" deux " in f" {t} " for t in texts) and any(" two " in f" {t} " for t in texts)
    assert len(texts) == len(probes)                 # one probe per distinct text


def test_what_the_words_fit(probes):
    base = [p for p in probes if p.naming == "base" and p.target.startswith("THYM")]
    assert base and all(p.fits == {"THYM-500", "THYM-1KG"} for p in base)
    sized = [p for p in probes if p.naming in ("sized", "alias+sized") and p.target == "THYM-500"]
    assert sized and all(p.fits == {"THYM-500"} for p in sized)
    alias = [p for p in probes if p.naming == "alias"]
    assert alias and all(p.fits == {"THYM-500", "THYM-1KG"} for p in alias)
    assert all(p.fits == {p.target} for p in probes if p.naming == "full")


def test_a_count_of_kilos_fits_the_kilo_and_a_size_of_that_many_kilos(words):
    kilos = [p for p in sweep.probes("t", CATALOG, words) if p.naming == "by the unit"]
    assert kilos and all(p.target == "THYM-1KG" and p.fits == {"THYM-1KG"} for p in kilos)
    assert {p.count for p in kilos} == {2, 3}
    bigger = CATALOG + [{"sku": "THYM-2KG", "name": "Miel de thym 2kg", "unit": "kg",
                         "size": 2.0, "aliases": [], "price": 1.0}]
    two = [p for p in sweep.probes("t", bigger, words)
           if p.naming == "by the unit" and p.count == 2]
    assert two and all(p.fits == {"THYM-1KG", "THYM-2KG"} for p in two)
    # one jar of 2 kg is the same parcel as two of 1 kg; picking either is no guess
    assert sweep.score(two[0], _parse([Item("THYM-2KG", 1)])).outcome == "exact"
    assert sweep.score(two[0], _parse([Item("THYM-1KG", 2)])).outcome == "exact"
    assert sweep.score(two[0], _parse([Item("THYM-2KG", 2)])).outcome == "WRONG"


def _probe(fits, count=2):
    return sweep.Probe("t", "fr", "x", frozenset(fits), sorted(fits)[0], count, "full", "digits")


def _parse(items=(), ambiguous=()):
    return Parse(intent="order", lang="fr", items=tuple(items), ambiguous=tuple(ambiguous))


def test_scoring():
    one, both = _probe({"A"}), _probe({"A", "B"})
    assert sweep.score(one, _parse([Item("A", 2)])).outcome == "exact"
    assert sweep.score(one, _parse([Item("B", 2)])) .cause == "other product"
    assert sweep.score(one, _parse([Item("A", 3)])).cause == "count"
    assert sweep.score(one, _parse([Item("A", 2), Item("C", None)])).cause == "extra line"
    assert sweep.score(both, _parse([Item("A", 2)])).cause == "guessed one of several"
    asked = _parse(ambiguous=[Ambiguity("x", 2, ("A", "B"))])
    assert sweep.score(both, asked).outcome == "asked"
    assert sweep.score(one, _parse(ambiguous=[Ambiguity("x", 2, ("B", "C"))])).outcome == "missed"
    assert sweep.score(one, _parse(ambiguous=[Ambiguity("x", 5, ("A", "B"))])).outcome == "WRONG"
    assert sweep.score(one, _parse()).outcome == "missed"


def test_two_rows_in_one_message(probes):
    pairs = [p for p in probes if p.naming == "pair"]
    assert {p.target for p in pairs} == {p["sku"] for p in CATALOG}
    assert any(" w " in p.text for p in pairs) and any(" et " in p.text for p in pairs)
    pair = next(p for p in pairs if p.target == "THYM-500")
    assert pair.fits == {"THYM-500"} and pair.then == {"THYM-1KG"}
    both = [Item("THYM-500", pair.count), Item("THYM-1KG", pair.then_count)]
    assert sweep.score(pair, _parse(both)).outcome == "exact"
    assert sweep.score(pair, _parse(both[:1])).outcome == "missed"
    assert sweep.score(pair, _parse([Item("THYM-500", pair.count),
                                     Item("JBEN", pair.then_count)])).outcome == "WRONG"
    asked = _parse(both[:1], [Ambiguity("x", pair.then_count, ("THYM-500", "THYM-1KG"))])
    assert sweep.score(pair, asked).outcome == "asked"


#: WRONG orders the sweep still finds, with their reasons (keep at 0 unless undecidable).
WRONG_CEILING = 0
#: Missed messages: only goes down (on the same catalogs). 72 on the 26 catalogs of 30 Nov;
#: the spice and carob sheets of round 9 (typed in Arabic and French) bring 71 more: a misspelt
#: first word, and "pack kharroub" for an out-of-stock gift box, asked among the others.
#: The terroir and dried-fruit sheets of round 10 bring 35 more, all one misspelling: "Khii"
#: for "Khlii" (a letter dropped from a five-letter name is not guessed). Then an alias that is
#: a container word alone ("sac", "الكيس") was read as a name (hammam: 36 → 0): 142 on the 38
#: catalogs (round 10 also added weaving, honey, babouche and djellaba sheets, none missed).
#: Round 17's sheets bring 232 more, all a generated misspelling, none a wrong order: "Amou"
#: for "Amlou" on the jars and English pantry sheets (35 + 49: the Khlii case again) and "3sel
#: zaaar" for the thyme honey of the two-honey sheet (148: read as the orange-blossom "zhar",
#: whose sizes are asked). 374 on the 92 catalogs. Round 18's sheets bring 156 more, all a
#: generated misspelling: "Amou" again on three sheets (35 + 49 + 36) and "بغير" for "بغرير"
#: (36: "بغير" is a word, "without"); "Amber canle" (36) is now the candle. 495 on the 109.
#: Round 19: "Amou" alone or after a count is now guessed and asked (souk 49 → 28, nahla 124
#: → 62, "3sel zaaar" 148 → 0 as a stretched "zaar"); its eighteen sheets bring 112 more, all
#: a generated misspelling: "Amou beldi" (49 + 29, "Amou" before another word is not guessed)
#: and "Kiim" for "Kilim" (34). 432 on the 127. Round 20's fourteen sheets bring none; the
#: round's new words make a few more messages of the same misspellings ("Amou beldi" +1 on
#: three sheets): 435 on the 147. Round 21's eleven sheets (r21cat) bring 104, none a wrong
#: order: "azilal" alone (a town's name as well as the rugs') and "Kiim" for "Kilim" again
#: (70 on the English rug sheet), and the alias "khamsa" of the khmissa pendant, which is
#: also the number five (34 on the silver sheet); the lots sheet's "Amou beldi" 34; with the
#: round's other sheets and rules, 656 measured on the 162 (misspelt first words: "Zaaar
#: beldi yabes", "Amou b 3sel", none a wrong order).
MISSED_CEILING = 656


@pytest.mark.slow
def test_no_wrong_order_on_any_catalog():
    results = sweep.run()
    assert len(results) > 50_000
    wrong = [(p.catalog, p.text, r.got) for p, r in results if r.outcome == "WRONG"]
    assert len(wrong) <= WRONG_CEILING, "\n".join(map(str, wrong[:20]))
    # Missed (nothing read, or a question whose options leave the product out): 251 before
    # a product phrase with one misspelt word was read ("cornes de gazlle"), 72 after.
    missed = [(p.catalog, p.text) for p, r in results if r.outcome == "missed"]
    assert len(missed) <= MISSED_CEILING, "\n".join(map(str, missed[:20]))


def test_processes_sharing_the_catalogs_give_the_results_of_one(words):
    catalogs = {"a": CATALOG, "b": CATALOG[:2], "c": CATALOG[1:]}
    alone = sweep.run(catalogs, words, jobs=1)
    assert [p.catalog for p, _r in alone][:1] == ["a"]
    assert sweep.run(catalogs, words, jobs=2) == alone
