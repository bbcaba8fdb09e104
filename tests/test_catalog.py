"""Catalog CSV reading and validation (bot/catalog.py)."""

import pytest

from bot.catalog import CatalogError, parse_csv_text, read_csv, size_label

HEADER = "sku,name,price,unit,size,aliases\n"


def test_reads_demo_catalog():
    products = read_csv("coops/demo/catalog.csv")
    assert len(products) >= 12
    thyme = next(p for p in products if p["sku"] == "MIEL-THYM-1KG")
    assert thyme == {"sku": "MIEL-THYM-1KG", "name": "Miel de thym 1kg", "price": 220.0,
                     "unit": "kg", "size": 1.0, "aliases": [], "in_stock": True}


def test_aliases_split_on_pipe_and_excel_forms():
    text = "\ufeff" + HEADER + 'A1,"Huile d\'argan 250ml","1 130,50",ML,250,zit argan| زيت أركان \n'
    [p] = parse_csv_text(text.replace('"1 130,50"', '"130,50"'))
    assert p["price"] == 130.5 and p["unit"] == "ml"
    assert p["aliases"] == ["zit argan", "زيت أركان"]


def test_semicolon_csv_from_french_excel():
    [p] = parse_csv_text("sku;name;price;unit;size\nS1;Safran 1g;40;g;1\n")
    assert p["name"] == "Safran 1g" and p["size"] == 1.0


def test_operators_words_for_units_prices_and_stock():
    """Spellings from intents/catalog.yml: French Excel sheets write units, currencies and
    stock their own way."""
    text = ("sku;name;price;unit;size;in_stock\n"
            "A;Amlou;120 DH;Kilos;0,5;oui\n"
            "B;Savon;35 dirhams;Pièces;;épuisé\n"
            "C;Huile;90,5 MAD;Litres;1;dispo\n"
            "D;Safran;40 درهم;gr;1;\n")
    a, b, c, d = parse_csv_text(text)
    assert (a["price"], a["unit"], a["size"], a["in_stock"]) == (120.0, "kg", 0.5, True)
    assert (b["price"], b["unit"], b["size"], b["in_stock"]) == (35.0, "piece", 1.0, False)
    assert (c["price"], c["unit"], c["in_stock"]) == (90.5, "l", True)
    assert (d["price"], d["unit"], d["in_stock"]) == (40.0, "g", True)
    with pytest.raises(CatalogError) as err:
        parse_csv_text("sku,name,price,unit,size,in_stock\nE,Miel,10,kg,1,peut-être\n")
    assert "in_stock 'peut-être' must be yes or no" in str(err.value.errors)


def test_a_row_sold_by_the_item_may_name_what_the_item_is():
    """Operators write what they count in the unit cell: a pot, a pair, a box, a bottle.
    Such a row is sold by the item, its weight or volume in its name."""
    text = ("sku;name;price;unit;size\n"
            "A;Miel de thym 500g;120;Pot;1\n"
            "B;Babouche jaune 40;150;paire;\n"
            "C;Coffret cadeau;300;Boîte;1\n"
            "D;Zit l3oud;90;bottle;1\n"
            "E;عسل السدر;250;علبة;1\n")
    assert [p["unit"] for p in parse_csv_text(text)] == ["piece"] * 5
    # the size cell of such a row is the item's weight, written in its name: one box
    box = parse_csv_text("sku;name;price;unit;size\nA;Amlou 250g;60;boite;250\n")[0]
    assert (box["unit"], box["size"]) == ("piece", 1.0)


def test_an_arabic_sheet_writes_its_units_and_stock_in_arabic():
    """A cooperative typing its sheet in Arabic writes غ, كلغ, مل, لتر, حبة in the unit
    column and نعم / لا (متوفر / نفد) for the stock: the same units and stock as gr, kilo, oui."""
    text = ("sku,name,price,unit,size,in_stock\n"
            "A,حبة السودا 250غ,30,غ,250,1\n"
            "B,عسل 1كلغ,200,كلغ,1,نعم\n"
            "C,زيت حبة السودا 100مل,60,مل,100,متوفر\n"
            "D,زيت الزيتون 5 لتر,350,لتر,5,نفد\n"
            "E,صابون,20,حبة,,لا\n")
    a, b, c, d, e = parse_csv_text(text)
    assert [p["unit"] for p in (a, b, c, d, e)] == ["g", "kg", "ml", "l", "piece"]
    assert [p["in_stock"] for p in (a, b, c, d, e)] == [True, True, True, False, False]


def test_errors_name_each_line_and_problem():
    text = HEADER + "A,Miel,120,g,500,\nB,,abc,m2,0,\nA,Autre,10,kilo,1,\n"
    with pytest.raises(CatalogError) as info:
        parse_csv_text(text, "cat.csv")
    lines = {n for n, _ in info.value.errors}
    messages = " ".join(m for _, m in info.value.errors)
    assert lines == {3, 4}
    assert "name is empty" in messages and "price" in messages and "size" in messages
    assert "already used on line 2" in messages and "unit 'm2'" in messages
    assert "line 3" in str(info.value)


def test_missing_columns():
    with pytest.raises(CatalogError, match="missing column"):
        parse_csv_text("sku,name\nA,B\n")


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "A,Savon noir à l'eucalyptus,35,g,250,\n").encode("latin-1"))
    with pytest.raises(CatalogError, match="not UTF-8"):
        read_csv(path)


def test_empty_catalog():
    with pytest.raises(CatalogError, match="no products"):
        parse_csv_text(HEADER)


def test_size_label():
    assert size_label({"size": 500.0, "unit": "g"}) == "500g"
    assert size_label({"size": 1.5, "unit": "l"}) == "1.5l"
    assert size_label({"size": 1.0, "unit": "piece"}) == ""


def test_an_optional_short_name_column_for_member_alerts():
    csv = ("sku,name,price,unit,size,short_name\n"
           "A,Huile d'argan cosmétique 100ml,90,ml,100,Argan cosm. 100ml\n"
           "B,Amlou 250g,60,g,250,\n")
    a, b = parse_csv_text(csv)
    assert a["short_name"] == "Argan cosm. 100ml" and "short_name" not in b
    with pytest.raises(CatalogError) as err:
        parse_csv_text("sku,name,price,unit,size,short_name\n"
                       "A,Huile d'argan cosmétique 100ml,90,ml,100,"
                       "Huile d'argan cosmétique 100ml\n")
    assert "short_name" in str(err.value) and "line 2" in str(err.value)


@pytest.mark.parametrize("price, size", [
    ("inf", "1"), ("-inf", "1"), ("nan", "1"), ("Infinity", "1"), ("1e308", "1"), ("1e400", "1"),
    ("2000000", "1"), ("100", "inf"), ("100", "1e308"), ("100", "NaN"), ("100", "1000001")])
def test_non_finite_and_absurd_numbers_are_refused_with_their_line(price, size):
    text = HEADER + "OK,Miel,100,kg,1,\n" + f"BAD,Amlou,{price},g,{size},\n"
    with pytest.raises(CatalogError) as info:
        parse_csv_text(text)
    assert [line for line, _ in info.value.errors] == [3]
    assert "line 3" in str(info.value)


def test_inline_yaml_catalog_values_are_checked_too():
    from bot.catalog import validate_products
    with pytest.raises(CatalogError, match="price"):
        validate_products([(0, {"sku": "A", "name": "Amlou", "price": float("inf"),
                                "unit": "g", "size": 250})])


def test_a_size_given_only_in_its_column_is_written_into_the_name():
    """Three rows named "Miel de thym" with sizes 250 g, 500 g and 1 kg in the size column
    read alike in a list, in the cart and in the members' alert (a wrong jar packed): the
    name gets its size. A name that says its size, in figures or in words, or a piece, is
    left as it is."""
    text = ("sku,name,price,unit,size\n"
            "A,Miel de thym,70,g,250\n"
            "B,Miel de thym,250,kg,1\n"
            "C,Huile d'argan,420,l,1\n"
            "D,Miel 500g,130,g,500\n"
            "E,الحلبة نص كيلو,25,g,500\n"
            "F,Savon noir,20,piece,1\n")
    names = [p["name"] for p in parse_csv_text(text)]
    assert names == ["Miel de thym 250g", "Miel de thym 1kg", "Huile d'argan 1l", "Miel 500g",
                     "الحلبة نص كيلو", "Savon noir"]
