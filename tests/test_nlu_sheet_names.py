"""Orders that copy a product's sheet name, found by the catalog sweep
(bot/evals/catalog_sweep.py): each of these placed a wrong count or extra lines."""

from __future__ import annotations

from bot.nlu import build_index, parse


def _product(sku, name, unit="g", size=250.0, aliases=()):
    return {"sku": sku, "name": name, "unit": unit, "size": size, "aliases": list(aliases),
            "price": 10.0, "in_stock": True}


def _lines(text, catalog):
    result = parse(text, build_index(catalog))
    return ({(i.sku, i.quantity) for i in result.items},
            [(a.candidates, a.quantity) for a in result.ambiguous])


SOAPS = [_product("BSOAP", "Black soap with eucalyptus 200g", size=200.0),
         _product("HONEY", "Thyme honey 500g", size=500.0)]


def test_words_after_with_in_a_sheet_name_add_no_second_line():
    assert _lines("bghit 1 Black soap with eucalyptus 200g", SOAPS) == ({("BSOAP", 1)}, [])
    assert _lines("je voudrais 2 Black soap with eucalyptus 200 g", SOAPS) == \
        ({("BSOAP", 2)}, [])


def test_two_names_of_one_product_with_a_slash():
    catalog = [_product("SELLOU", "Zammita / sellou 500g", size=500.0),
               _product("AMLOU", "Amlou 250g")]
    assert _lines("3tini 2 Zammita / sellou 500g", catalog) == ({("SELLOU", 2)}, [])


def test_a_second_line_with_its_own_count_still_adds():
    assert _lines("bghit 2 black soap w 1 black soap", SOAPS) == ({("BSOAP", 3)}, [])


def test_a_figure_before_a_unit_is_no_date():
    catalog = [_product("DATES-2K", "Medjool dates 2kg", unit="kg", size=2.0)]
    assert _lines("bghit 2 Medjool dates 2kg", catalog) == ({("DATES-2K", 2)}, [])


def test_a_figure_ending_a_sheet_name_is_no_count():
    catalog = [_product("RAIB-X4", "Raïb nature pack x4", unit="piece", size=4.0),
               _product("LBEN", "Lben 1L", unit="l", size=1.0)]
    assert _lines("bghit 1 Raïb nature pack x4", catalog) == ({("RAIB-X4", 1)}, [])
    assert _lines("3tini 2 Raïb nature pack x4", catalog) == ({("RAIB-X4", 2)}, [])


def test_a_sets_bracketed_contents_name_no_lines():
    catalog = [_product("COFFRET", "Coffret cadeau rose (eau + crème + savon)", unit="piece",
                        size=1.0),
               _product("CREME", "Crème à la rose 50ml", unit="ml", size=50.0),
               _product("SAVON", "Savon à la rose", unit="piece", size=1.0)]
    assert _lines("bghit 2 Coffret cadeau rose (eau + crème + savon)", catalog) == \
        ({("COFFRET", 2)}, [])
    # a bracketed list no name holds is still read
    items, _ = _lines("bghit 1 Coffret cadeau rose (1 crème + 1 savon)", catalog)
    assert {"CREME", "SAVON"} <= {sku for sku, _ in items}


def test_a_word_as_written_beats_its_reading_without_a_glued_article():
    # "fliou" is pennyroyal; read without "fl" it was "iu", the filler "you": nothing ordered
    catalog = [_product("FLIYO", "Fliyo séché 50g", size=50.0, aliases=["fliou"]),
               _product("AMLOU", "Amlou 250g")]
    assert _lines("bghit 1 fliou", catalog) == ({("FLIYO", 1)}, [])
    assert _lines("3tini 2 fliou 50g", catalog) == ({("FLIYO", 2)}, [])
